/**
 * A lab built by hand on the fake EC2, as the console makes it (for `destroy --vpc`'s unit
 * tests and its benchmark): a NAT gateway with its Elastic IP, a web server with an Elastic
 * IP, a DB server, web and DB groups naming each other, a custom network ACL on the private
 * subnet. Plain SDK calls, no tool tags.
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
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInstancesCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  ReplaceNetworkAclAssociationCommand,
  RunInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { Clock } from '../../../src/engine/clock.js';

/** A hand-built lab, as the console makes it: NAT gateway, web server with an Elastic IP, DB server (its subnet in `privateZone`), groups naming each other, a custom ACL. */
export async function buildByHand(ec2: EC2Client, clock: Pick<Clock, 'sleep'>, cidrBase = '10.30', privateZone = 'us-east-1a'): Promise<string> {
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: `${cidrBase}.0.0/16` }))).Vpc!.VpcId!;
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  const pub = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: `${cidrBase}.1.0/24`, AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
  const priv = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: `${cidrBase}.2.0/24`, AvailabilityZone: privateZone }))).Subnet!.SubnetId!;
  const pubRt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: pubRt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: pubRt, SubnetId: pub }));
  const web = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: `my-web-sg`, Description: 'web' }))).GroupId!;
  const db = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: `my-db-sg`, Description: 'db' }))).GroupId!;
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, UserIdGroupPairs: [{ GroupId: db }] }] }));
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: db, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, UserIdGroupPairs: [{ GroupId: web }] }] }));
  await ec2.send(new CreateKeyPairCommand({ KeyName: `my-key-${cidrBase}` }));
  const run = async (subnet: string, group: string) =>
    (await ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, ImageId: 'ami-0fake2023', InstanceType: 't3.micro', SubnetId: subnet, SecurityGroupIds: [group], KeyName: `my-key-${cidrBase}` }))).Instances![0].InstanceId!;
  const [webId] = await Promise.all([run(pub, web), run(priv, db)]);
  const natAddress = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
  const nat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: pub, AllocationId: natAddress }))).NatGateway!.NatGatewayId!;
  const privRt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: privRt, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: privRt, SubnetId: priv }));
  const acl = (await ec2.send(new CreateNetworkAclCommand({ VpcId: vpc }))).NetworkAcl!.NetworkAclId!;
  const assoc = ((await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [priv] }] }))).NetworkAcls ?? [])
    .flatMap((a) => a.Associations ?? [])
    .find((a) => a.SubnetId === priv)!.NetworkAclAssociationId!;
  await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: assoc, NetworkAclId: acl }));
  // The web server's address goes on once it runs; the NAT gateway is used once available.
  for (;;) {
    const [i, n] = await Promise.all([
      ec2.send(new DescribeInstancesCommand({ InstanceIds: [webId] })),
      ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [nat] })),
    ]);
    if (i.Reservations?.[0]?.Instances?.[0]?.State?.Name === 'running' && n.NatGateways?.[0]?.State === 'available') break;
    await clock.sleep(1_000);
  }
  const webAddress = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
  await ec2.send(new AssociateAddressCommand({ AllocationId: webAddress, InstanceId: webId }));
  return vpc;
}

