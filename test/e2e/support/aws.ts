import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  DescribeAddressesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeKeyPairsCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

/** An SDK client on the emulator, for the tests' own look at what the CLI built. */
export function ec2At(url: string): EC2Client {
  return new EC2Client({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
}

/** The AL2023 image the emulator offers through SSM, as the console's launch wizard picks it. */
export async function al2023Image(url: string): Promise<string> {
  const ssm = new SSMClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  return (await ssm.send(new GetParameterCommand({ Name: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64' }))).Parameter!.Value!;
}

/** An EC2 client in a member account: keys from AssumeRole, which moto maps to the role's account. */
export async function ec2In(url: string, account: string): Promise<EC2Client> {
  const sts = new STSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, RoleSessionName: 'test' }));
  return new EC2Client({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken } });
}

const tag = (tags: Tag[] | undefined, key: string) => tags?.find((t) => t.Key === key)?.Value;

/** Everything tagged for a lab, as AWS (moto) sees it — checked client-side, as moto ignores some filters. */
export async function labWorld(ec2: EC2Client, lab: string) {
  const Filters = [{ Name: 'tag:aws-lab-setup:lab', Values: [lab] }];
  const ours = <T extends { Tags?: Tag[] }>(items: T[] | undefined) => (items ?? []).filter((i) => tag(i.Tags, 'aws-lab-setup:lab') === lab);
  const [vpcs, subnets, igws, rts, sgs, keys, reservations, addresses, nats] = await Promise.all([
    ec2.send(new DescribeVpcsCommand({ Filters })),
    ec2.send(new DescribeSubnetsCommand({ Filters })),
    ec2.send(new DescribeInternetGatewaysCommand({ Filters })),
    ec2.send(new DescribeRouteTablesCommand({ Filters })),
    ec2.send(new DescribeSecurityGroupsCommand({ Filters })),
    ec2.send(new DescribeKeyPairsCommand({ Filters })),
    ec2.send(new DescribeInstancesCommand({ Filters })),
    ec2.send(new DescribeAddressesCommand({ Filters })),
    ec2.send(new DescribeNatGatewaysCommand({})),
  ]);
  const instances = ours((reservations.Reservations ?? []).flatMap((r) => r.Instances ?? [])).filter((i) => i.State?.Name !== 'terminated');
  return {
    vpcs: ours(vpcs.Vpcs),
    subnets: ours(subnets.Subnets),
    igws: ours(igws.InternetGateways),
    routeTables: ours(rts.RouteTables),
    securityGroups: ours(sgs.SecurityGroups),
    keyPairs: ours(keys.KeyPairs),
    instances,
    addresses: ours(addresses.Addresses),
    natGateways: ours(nats.NatGateways).filter((n) => n.State !== 'deleted'),
  };
}

export function byResource<T extends { Tags?: Tag[] }>(items: T[], key: string): T {
  const found = items.filter((i) => tag(i.Tags, 'aws-lab-setup:resource') === key);
  if (found.length !== 1) throw new Error(`expected exactly one ${key}, found ${found.length}`);
  return found[0];
}

export async function vpcAttribute(ec2: EC2Client, VpcId: string, Attribute: 'enableDnsSupport' | 'enableDnsHostnames'): Promise<boolean | undefined> {
  const out = await ec2.send(new DescribeVpcAttributeCommand({ VpcId, Attribute }));
  return (Attribute === 'enableDnsSupport' ? out.EnableDnsSupport : out.EnableDnsHostnames)?.Value;
}

export async function userData(ec2: EC2Client, InstanceId: string): Promise<string> {
  const out = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId, Attribute: 'userData' }));
  return Buffer.from(out.UserData?.Value ?? '', 'base64').toString('utf8');
}

export { tag };

/** True when nothing tagged for the lab is there (a refused run made nothing). */
export async function nothingOf(url: string, lab: string): Promise<boolean> {
  const w = await labWorld(ec2At(url), lab);
  return Object.values(w).every((items) => items.length === 0);
}
