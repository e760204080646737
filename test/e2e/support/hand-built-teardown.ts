/**
 * A two-tier lab built BY HAND, for the tests of `destroy --vpc`: plain SDK calls, no tool
 * tags, the learner's own Name tags, a NAT gateway with its Elastic IP, the web server's
 * Elastic IP, web and DB security groups that name each other, a custom network ACL on the
 * private subnet, and a network interface left over. The maker is test/support/hand-built.ts.
 */
import {
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
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { al2023Image } from './aws.js';
import { buildHandBuiltLab } from '../../support/hand-built.js';

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

/** Build it as the tutorial does (test/support/hand-built.ts). `prefix` names everything ("my"), `cidrBase` picks other CIDRs. */
export async function buildByHand(ec2: EC2Client, url: string, prefix: string, cidrBase = '10.30'): Promise<TeardownLab> {
  const lab = await buildHandBuiltLab(ec2, { name: prefix, cidr: `${cidrBase}.0.0/16`, image: await al2023Image(url), crossReferencingGroups: true, customAcl: true, spareInterface: true });
  const { vpc, vpcName: name, natGateway, natAllocation: natAddress, webAllocation: webAddress, web, db, webGroup, dbGroup, acl, spareInterface: leftoverInterface, keyName } = lab;
  return { vpc, name, natGateway, natAddress, webAddress: webAddress!, web, db, webGroup, dbGroup, acl: acl!, leftoverInterface: leftoverInterface!, keyName };
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
