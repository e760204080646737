/**
 * The one maker of a two-tier lab built BY HAND, as a learner following the tutorial in the
 * console would: plain SDK calls, no tool tags, the learner's own Name tags and CIDRs. It takes
 * any EC2Client-shaped client: the SDK's against moto (e2e) or the fake EC2's (unit tests,
 * bench). Its callers' makers are thin wrappers over it: test/e2e/support/hand-built.ts
 * (`check --vpc`, with the tutorial's mistakes), test/e2e/support/hand-built-teardown.ts and
 * test/support/fake-ec2/hand-built.ts (`destroy --vpc`: groups naming each other, a custom
 * network ACL, a spare interface).
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
  DescribeInstancesCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  ModifyVpcAttributeCommand,
  ReplaceNetworkAclAssociationCommand,
  RunInstancesCommand,
  type EC2Client,
  type IpPermission,
  type Tag,
} from '@aws-sdk/client-ec2';
import type { Clock } from '../../src/engine/clock.js';

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

export interface HandBuildOptions {
  mistake?: HandBuiltMistake;
  /** The learner's VPC CIDR (default 10.20.0.0/16); the subnets are its .1 and .2 /24s. */
  cidr?: string;
  /** Where SSH to the web server is let in from (default 203.0.113.7/32: "My IP"). */
  sshFrom?: string;
  /** Prefix of the learner's Name tags (default "my"): two labs in one account are told apart by it. */
  name?: string;
  /** The VPC's Name tag (default "<name>-vpc"): two VPCs of one Name are a learner's muddle too. */
  vpcName?: string;
  /** The key pair's name (default "<name>-key"). */
  keyName?: string;
  /** The servers' image (default one moto accepts; the fake EC2 and the SSM parameter have their own). */
  image?: string;
  /** Give the web server an Elastic IP (default true, as the tutorial does). */
  elasticIp?: boolean;
  /** The web server's group also lets SSH in from the DB server's group: two groups naming each other. */
  crossReferencingGroups?: boolean;
  /** A custom network ACL (allowing all, both ways) on the private subnet, in place of the default one. */
  customAcl?: boolean;
  /** A network interface made in the private subnet and never attached (a console experiment). */
  spareInterface?: boolean;
  /** The private subnet's Availability Zone (default us-east-1a, the public one's): another zone draws the DB server apart. */
  privateZone?: string;
  /** Wait (on this clock) for the web server to run and the NAT gateway to be available before the web server's Elastic IP goes on, as AWS requires (the fake EC2 plays it). */
  waitOn?: Pick<Clock, 'sleep'>;
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
  /** The custom network ACL, when asked for. */
  acl?: string;
  /** The spare network interface, when asked for. */
  spareInterface?: string;
}

const named = (type: string, name: string) => [{ ResourceType: type, Tags: [{ Key: 'Name', Value: name }] as Tag[] }] as never;

/** The tutorial's image is Amazon Linux; moto accepts any ID. */
const IMAGE = 'ami-0123456789abcdef0';

/** Build the lab, step by step as the tutorial's chapters do, with the mistake and extras asked for. */
export async function buildHandBuiltLab(ec2: EC2Client, opts: HandBuildOptions = {}): Promise<HandBuiltLab> {
  const m = opts.mistake;
  const n = opts.name ?? 'my';
  const cidr = opts.cidr ?? '10.20.0.0/16';
  const [a, b] = cidr.split('.');
  const sub = (third: number) => `${a}.${b}.${third}.0/24`;
  const vpcName = opts.vpcName ?? `${n}-vpc`;

  // Chapter 1: the network.
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr, TagSpecifications: named('vpc', vpcName) }))).Vpc!.VpcId!;
  if (m !== 'dns-hostnames-off') await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpc, EnableDnsHostnames: { Value: true } }));
  const subnet = async (third: number, name: string, zone: string) =>
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: sub(third), AvailabilityZone: zone, TagSpecifications: named('subnet', name) }))).Subnet!.SubnetId!;
  const publicSubnet = await subnet(1, `${n}-public-subnet`, 'us-east-1a');
  const privateSubnet = await subnet(2, `${n}-private-subnet`, opts.privateZone ?? 'us-east-1a');
  const internetGateway = (await ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: named('internet-gateway', `${n}-igw`) }))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: internetGateway, VpcId: vpc }));
  const table = async (name: string) => (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc, TagSpecifications: named('route-table', name) }))).RouteTable!.RouteTableId!;
  const publicRouteTable = await table(`${n}-public-rt`);
  await ec2.send(new CreateRouteCommand({ RouteTableId: publicRouteTable, DestinationCidrBlock: '0.0.0.0/0', GatewayId: internetGateway }));
  if (m !== 'public-table-not-associated') await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicRouteTable, SubnetId: publicSubnet }));

  // Chapter 2: the web server.
  const keyName = opts.keyName ?? `${n}-key`;
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
          ImageId: opts.image ?? IMAGE,
          InstanceType: 't3.micro',
          KeyName: keyName,
          NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, Groups: [groupId], AssociatePublicIpAddress: publicAddress }],
          TagSpecifications: named('instance', name),
        }),
      )
    ).Instances![0].InstanceId!;
  const noAddress = m === 'no-public-address';
  const web = await launch(`${n}-web`, publicSubnet, webGroup, !noAddress);

  // Chapter 4: the DB server behind a NAT gateway.
  const dbGroup = await group(`${n}-db-sg`);
  const fromWeb = (p: IpPermission): IpPermission => ({ ...p, UserIdGroupPairs: [{ GroupId: webGroup }] });
  const dbRules = [
    fromWeb({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }),
    fromWeb({ IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306 }),
    ...(m === 'no-icmp-from-web' ? [] : [fromWeb({ IpProtocol: 'icmp', FromPort: -1, ToPort: -1 })]),
  ];
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: dbGroup, IpPermissions: dbRules }));
  if (opts.crossReferencingGroups) {
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: webGroup, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, UserIdGroupPairs: [{ GroupId: dbGroup }] }] }));
  }
  const db = await launch(`${n}-db`, privateSubnet, dbGroup, false);
  const natAllocation = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: named('elastic-ip', `${n}-nat-eip`) }))).AllocationId!;
  const natSubnet = m === 'nat-in-private-subnet' ? privateSubnet : publicSubnet;
  const natGateway = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: natSubnet, AllocationId: natAllocation, TagSpecifications: named('natgateway', `${n}-nat`) }))).NatGateway!.NatGatewayId!;
  const privateRouteTable = await table(`${n}-private-rt`);
  await ec2.send(new CreateRouteCommand({ RouteTableId: privateRouteTable, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natGateway }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: privateRouteTable, SubnetId: privateSubnet }));

  const acl = opts.customAcl ? await customAcl(ec2, vpc, privateSubnet, `${n}-private-acl`) : undefined;
  const spareInterface = opts.spareInterface
    ? (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: privateSubnet, Groups: [dbGroup], Description: `${n} spare interface` }))).NetworkInterface!.NetworkInterfaceId!
    : undefined;

  let webAllocation: string | undefined;
  if (!noAddress && opts.elasticIp !== false) {
    if (opts.waitOn) await runningAndAvailable(ec2, web, natGateway, opts.waitOn);
    webAllocation = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: named('elastic-ip', `${n}-web-eip`) }))).AllocationId!;
    await ec2.send(new AssociateAddressCommand({ AllocationId: webAllocation, InstanceId: web }));
  }
  return { vpc, vpcName, publicSubnet, privateSubnet, internetGateway, publicRouteTable, privateRouteTable, natGateway, natAllocation, web, db, webAllocation, webGroup, dbGroup, keyName, acl, spareInterface };
}

/** A network ACL allowing all both ways, put on `subnet` in place of the one it has. */
async function customAcl(ec2: EC2Client, vpc: string, subnet: string, name: string): Promise<string> {
  const acl = (await ec2.send(new CreateNetworkAclCommand({ VpcId: vpc, TagSpecifications: named('network-acl', name) }))).NetworkAcl!.NetworkAclId!;
  for (const Egress of [false, true]) {
    await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress, CidrBlock: '0.0.0.0/0' }));
  }
  const acls = (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnet] }] }))).NetworkAcls ?? [];
  const association = acls.flatMap((x) => x.Associations ?? []).find((x) => x.SubnetId === subnet)!.NetworkAclAssociationId!;
  await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: association, NetworkAclId: acl }));
  return acl;
}

/** Until the instance runs and the NAT gateway is available. */
async function runningAndAvailable(ec2: EC2Client, instance: string, nat: string, clock: Pick<Clock, 'sleep'>): Promise<void> {
  for (;;) {
    const [i, g] = await Promise.all([ec2.send(new DescribeInstancesCommand({ InstanceIds: [instance] })), ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [nat] }))]);
    if (i.Reservations?.[0]?.Instances?.[0]?.State?.Name === 'running' && g.NatGateways?.[0]?.State === 'available') return;
    await clock.sleep(1_000);
  }
}
