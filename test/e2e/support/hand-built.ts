/**
 * A two-tier lab built BY HAND, as a learner following the tutorial in the console would:
 * plain SDK calls, no tool tags, the learner's own names (Name tags) and CIDRs. One correct
 * lab, or one with a common mistake, for the tests of `check --vpc` (issue 26) and of
 * tearing down a VPC the tool did not build.
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
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  ModifyVpcAttributeCommand,
  RunInstancesCommand,
  type EC2Client,
  type IpPermission,
  type Tag,
} from '@aws-sdk/client-ec2';

/** The tutorial's common mistakes (issue 26), one at a time. */
export type HandBuiltMistake =
  /** The public route table made (with its route to the gateway) but never associated with the public subnet. */
  | 'public-table-not-associated'
  /** The NAT gateway put in the private subnet. */
  | 'nat-in-private-subnet'
  /** The web server launched without a public address (and no Elastic IP). */
  | 'no-public-address'
  /** DNS hostnames left off on the VPC. */
  | 'dns-hostnames-off'
  /** The DB server's group lets SSH and MariaDB in from the web server, but not ICMP. */
  | 'no-icmp-from-web';

export interface HandBuiltOptions {
  mistake?: HandBuiltMistake;
  /** The learner's VPC CIDR (default 10.20.0.0/16); the subnets are its .1 and .2 /24s. */
  cidr?: string;
  /** Where SSH to the web server is let in from (default 203.0.113.7/32: "My IP"). */
  sshFrom?: string;
  /** Prefix of the learner's Name tags (default "my"): two labs in one account are told apart by it. */
  name?: string;
  /** The VPC's Name tag (default "<name>-vpc"): two VPCs of one Name are a learner's muddle too. */
  vpcName?: string;
  /** Give the web server an Elastic IP (default true, as the tutorial does). */
  elasticIp?: boolean;
}

export interface HandBuiltLab {
  vpc: string;
  /** The VPC's Name tag. */
  vpcName: string;
  publicSubnet: string;
  privateSubnet: string;
  internetGateway: string;
  publicRouteTable: string;
  privateRouteTable: string;
  natGateway: string;
  /** The NAT gateway's Elastic IP. */
  natAllocation: string;
  web: string;
  db: string;
  /** The web server's Elastic IP, when it has one. */
  webAllocation?: string;
  webGroup: string;
  dbGroup: string;
  keyName: string;
}

const named = (type: string, name: string) => [{ ResourceType: type, Tags: [{ Key: 'Name', Value: name }] as Tag[] }] as never;

/** The tutorial's image is Amazon Linux; moto accepts any ID. */
const IMAGE = 'ami-0123456789abcdef0';

/** Build the lab, step by step as the tutorial's chapters do, with the mistake if one is asked for. */
export async function makeHandBuiltLab(ec2: EC2Client, opts: HandBuiltOptions = {}): Promise<HandBuiltLab> {
  const m = opts.mistake;
  const n = opts.name ?? 'my';
  const cidr = opts.cidr ?? '10.20.0.0/16';
  const [a, b] = cidr.split('.');
  const sub = (third: number) => `${a}.${b}.${third}.0/24`;
  const vpcName = opts.vpcName ?? `${n}-vpc`;

  // Chapter 1: the network.
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr, TagSpecifications: named('vpc', vpcName) }))).Vpc!.VpcId!;
  if (m !== 'dns-hostnames-off') await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpc, EnableDnsHostnames: { Value: true } }));
  const subnet = async (third: number, name: string) =>
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: sub(third), AvailabilityZone: 'us-east-1a', TagSpecifications: named('subnet', name) }))).Subnet!.SubnetId!;
  const publicSubnet = await subnet(1, `${n}-public-subnet`);
  const privateSubnet = await subnet(2, `${n}-private-subnet`);
  const internetGateway = (await ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: named('internet-gateway', `${n}-igw`) }))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: internetGateway, VpcId: vpc }));
  const table = async (name: string) => (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc, TagSpecifications: named('route-table', name) }))).RouteTable!.RouteTableId!;
  const publicRouteTable = await table(`${n}-public-rt`);
  await ec2.send(new CreateRouteCommand({ RouteTableId: publicRouteTable, DestinationCidrBlock: '0.0.0.0/0', GatewayId: internetGateway }));
  if (m !== 'public-table-not-associated') await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicRouteTable, SubnetId: publicSubnet }));

  // Chapter 2: the web server.
  const keyName = `${n}-key`;
  await ec2.send(new CreateKeyPairCommand({ KeyName: keyName }));
  const group = async (name: string) => (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: name, Description: name, TagSpecifications: named('security-group', name) }))).GroupId!;
  const webGroup = await group(`${n}-web-sg`);
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: webGroup,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: opts.sshFrom ?? '203.0.113.7/32' }] },
        { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      ],
    }),
  );
  const launch = async (name: string, subnetId: string, groupId: string, publicAddress: boolean) =>
    (
      await ec2.send(
        new RunInstancesCommand({
          MinCount: 1,
          MaxCount: 1,
          ImageId: IMAGE,
          InstanceType: 't3.micro',
          KeyName: keyName,
          NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, Groups: [groupId], AssociatePublicIpAddress: publicAddress }],
          TagSpecifications: named('instance', name),
        }),
      )
    ).Instances![0].InstanceId!;
  const noAddress = m === 'no-public-address';
  const web = await launch(`${n}-web`, publicSubnet, webGroup, !noAddress);
  let webAllocation: string | undefined;
  if (!noAddress && opts.elasticIp !== false) {
    webAllocation = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: named('elastic-ip', `${n}-web-eip`) }))).AllocationId!;
    await ec2.send(new AssociateAddressCommand({ AllocationId: webAllocation, InstanceId: web }));
  }

  // Chapter 4: the DB server behind a NAT gateway.
  const dbGroup = await group(`${n}-db-sg`);
  const fromWeb = (p: IpPermission): IpPermission => ({ ...p, UserIdGroupPairs: [{ GroupId: webGroup }] });
  const dbRules = [
    fromWeb({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }),
    fromWeb({ IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306 }),
    ...(m === 'no-icmp-from-web' ? [] : [fromWeb({ IpProtocol: 'icmp', FromPort: -1, ToPort: -1 })]),
  ];
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: dbGroup, IpPermissions: dbRules }));
  const db = await launch(`${n}-db`, privateSubnet, dbGroup, false);
  const natAllocation = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: named('elastic-ip', `${n}-nat-eip`) }))).AllocationId!;
  const natSubnet = m === 'nat-in-private-subnet' ? privateSubnet : publicSubnet;
  const natGateway = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: natSubnet, AllocationId: natAllocation, TagSpecifications: named('natgateway', `${n}-nat`) }))).NatGateway!.NatGatewayId!;
  const privateRouteTable = await table(`${n}-private-rt`);
  await ec2.send(new CreateRouteCommand({ RouteTableId: privateRouteTable, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natGateway }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: privateRouteTable, SubnetId: privateSubnet }));

  return { vpc, vpcName, publicSubnet, privateSubnet, internetGateway, publicRouteTable, privateRouteTable, natGateway, natAllocation, web, db, webAllocation, webGroup, dbGroup, keyName };
}
