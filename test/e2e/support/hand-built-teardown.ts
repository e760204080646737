/**
 * A two-tier lab built BY HAND, for the tests of `destroy --vpc`: plain SDK calls, no tool
 * tags, the learner's own Name tags, a NAT gateway with its Elastic IP, the web server's
 * Elastic IP, web and DB security groups that name each other, a custom network ACL on the
 * private subnet, and a network interface left over. (test/e2e/support/hand-built.ts is
 * `check --vpc`'s maker; the lead reconciles the two.)
 */
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateKeyPairCommand,
  CreateNatGatewayCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateNetworkInterfaceCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeKeyPairsCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  ReplaceNetworkAclAssociationCommand,
  RunInstancesCommand,
  type EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

export interface TeardownLab {
  vpc: string;
  name: string;
  natGateway: string;
  natAddress: string;
  webAddress: string;
  web: string;
  db: string;
  webGroup: string;
  dbGroup: string;
  acl: string;
  leftoverInterface: string;
  keyName: string;
}

const named = (name: string, type: string): { TagSpecifications: { ResourceType: never; Tags: Tag[] }[] } => ({
  TagSpecifications: [{ ResourceType: type as never, Tags: [{ Key: 'Name', Value: name }] }],
});

/** The AL2023 image moto offers through SSM, as the console's launch wizard picks it. */
async function image(url: string): Promise<string> {
  const ssm = new SSMClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  return (await ssm.send(new GetParameterCommand({ Name: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64' }))).Parameter!.Value!;
}

/** Build it as the tutorial does, in the console's order. `prefix` names everything ("my"), `second` picks other CIDRs. */
export async function buildByHand(ec2: EC2Client, url: string, prefix: string, cidrBase = '10.30'): Promise<TeardownLab> {
  const ami = await image(url);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: `${cidrBase}.0.0/16`, ...named(`${prefix}-vpc`, 'vpc') }))).Vpc!.VpcId!;
  const igw = (await ec2.send(new CreateInternetGatewayCommand(named(`${prefix}-igw`, 'internet-gateway')))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  const pub = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: `${cidrBase}.1.0/24`, ...named(`${prefix}-public`, 'subnet') }))).Subnet!.SubnetId!;
  const priv = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: `${cidrBase}.2.0/24`, ...named(`${prefix}-private`, 'subnet') }))).Subnet!.SubnetId!;
  const pubRt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc, ...named(`${prefix}-public-rt`, 'route-table') }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: pubRt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: pubRt, SubnetId: pub }));

  const webGroup = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: `${prefix}-web-sg`, Description: 'web' }))).GroupId!;
  const dbGroup = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: `${prefix}-db-sg`, Description: 'db' }))).GroupId!;
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: webGroup, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }, { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, UserIdGroupPairs: [{ GroupId: dbGroup }] }] }));
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: dbGroup, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, UserIdGroupPairs: [{ GroupId: webGroup }] }] }));

  const keyName = `${prefix}-key`;
  await ec2.send(new CreateKeyPairCommand({ KeyName: keyName }));
  const run = async (subnet: string, group: string, name: string) =>
    (await ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, ImageId: ami, InstanceType: 't3.micro', SubnetId: subnet, SecurityGroupIds: [group], KeyName: keyName, ...named(name, 'instance') }))).Instances![0].InstanceId!;
  const web = await run(pub, webGroup, `${prefix}-web`);
  const db = await run(priv, dbGroup, `${prefix}-db`);
  const webAddress = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc', ...named(`${prefix}-web-eip`, 'elastic-ip') }))).AllocationId!;
  await ec2.send(new AssociateAddressCommand({ AllocationId: webAddress, InstanceId: web }));

  const natAddress = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc', ...named(`${prefix}-nat-eip`, 'elastic-ip') }))).AllocationId!;
  const natGateway = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: pub, AllocationId: natAddress, ...named(`${prefix}-nat`, 'natgateway') }))).NatGateway!.NatGatewayId!;
  const privRt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc, ...named(`${prefix}-private-rt`, 'route-table') }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: privRt, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natGateway }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: privRt, SubnetId: priv }));

  // A custom network ACL on the private subnet, in place of the default one.
  const acl = (await ec2.send(new CreateNetworkAclCommand({ VpcId: vpc, ...named(`${prefix}-private-acl`, 'network-acl') }))).NetworkAcl!.NetworkAclId!;
  for (const Egress of [false, true]) {
    await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress, CidrBlock: '0.0.0.0/0' }));
  }
  const acls = (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [priv] }] }))).NetworkAcls ?? [];
  const association = acls.flatMap((a) => a.Associations ?? []).find((x) => x.SubnetId === priv)!.NetworkAclAssociationId!;
  await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: association, NetworkAclId: acl }));

  // An interface made and never attached (a console experiment), in the private subnet.
  const leftoverInterface = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: priv, Groups: [dbGroup], Description: 'my spare interface' }))).NetworkInterface!.NetworkInterfaceId!;
  return { vpc, name: `${prefix}-vpc`, natGateway, natAddress, webAddress, web, db, webGroup, dbGroup, acl, leftoverInterface, keyName };
}

/** What is left of a VPC, kind by kind (terminated instances and deleted NAT gateways not counted); the default parts of a live VPC included. */
export async function whatIsLeft(ec2: EC2Client, vpc: string): Promise<Record<string, number>> {
  const Filters = [{ Name: 'vpc-id', Values: [vpc] }];
  const vpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
  const [subnets, igws, rts, sgs, acls, enis, reservations, nats] = await Promise.all([
    ec2.send(new DescribeSubnetsCommand({ Filters })).then((o) => o.Subnets ?? []),
    ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpc] }] })).then((o) => o.InternetGateways ?? []),
    ec2.send(new DescribeRouteTablesCommand({ Filters })).then((o) => o.RouteTables ?? []),
    ec2.send(new DescribeSecurityGroupsCommand({ Filters })).then((o) => o.SecurityGroups ?? []),
    ec2.send(new DescribeNetworkAclsCommand({ Filters })).then((o) => o.NetworkAcls ?? []),
    ec2.send(new DescribeNetworkInterfacesCommand({ Filters })).then((o) => o.NetworkInterfaces ?? []),
    ec2.send(new DescribeInstancesCommand({ Filters })).then((o) => o.Reservations ?? []),
    ec2.send(new DescribeNatGatewaysCommand({ Filter: Filters })).then((o) => o.NatGateways ?? []),
  ]);
  const exists = vpcs.some((v) => v.VpcId === vpc);
  return {
    vpcs: exists ? 1 : 0,
    subnets: subnets.length,
    internetGateways: igws.length,
    routeTables: rts.length,
    securityGroups: sgs.length,
    // moto keeps a deleted VPC's default ACL; EC2 deletes it with the VPC.
    networkAcls: acls.filter((a) => exists || !a.IsDefault).length,
    interfaces: enis.length,
    instances: reservations.flatMap((r) => r.Instances ?? []).filter((i) => i.State?.Name !== 'terminated').length,
    natGateways: nats.filter((n) => n.State !== 'deleted').length,
  };
}

/** The allocation IDs of the region's addresses. */
export async function addressIds(ec2: EC2Client): Promise<string[]> {
  return ((await ec2.send(new DescribeAddressesCommand({}))).Addresses ?? []).map((a) => a.AllocationId!);
}

export async function keyNames(ec2: EC2Client): Promise<string[]> {
  return ((await ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs ?? []).map((k) => k.KeyName!);
}
