import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeKeyPairsCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import { TAG_LAB, tagValue } from '../lab/core/tags.js';
import { TAG_CLASS } from './labs.js';
import type { Target } from './targets.js';

/** Something in AWS still tagged with the class. */
export interface Tagged {
  kind: string;
  id: string;
  /** The lab it was made for (its aws-lab-setup:lab tag). */
  lab?: string;
  target: string;
}

/**
 * Everything of EC2 in the target still tagged with the class, checked item by item (some
 * endpoints ignore a tag filter): what a class's teardown must leave empty. Terminated
 * instances and deleted NAT gateways are gone, whatever their tags.
 */
export async function taggedWithClass(t: Target, klass: string): Promise<Tagged[]> {
  const Filters = [{ Name: `tag:${TAG_CLASS}`, Values: [klass] }];
  const ec2 = t.clients.ec2;
  const [vpcs, subnets, igws, rtbs, sgs, keys, reservations, addresses, nats] = await Promise.all([
    ec2.send(new DescribeVpcsCommand({ Filters })),
    ec2.send(new DescribeSubnetsCommand({ Filters })),
    ec2.send(new DescribeInternetGatewaysCommand({ Filters })),
    ec2.send(new DescribeRouteTablesCommand({ Filters })),
    ec2.send(new DescribeSecurityGroupsCommand({ Filters })),
    ec2.send(new DescribeKeyPairsCommand({ Filters })),
    ec2.send(new DescribeInstancesCommand({ Filters })),
    ec2.send(new DescribeAddressesCommand({ Filters })),
    ec2.send(new DescribeNatGatewaysCommand({ Filter: Filters })),
  ]);
  const list = <T extends { Tags?: Tag[] }>(kind: string, items: T[] | undefined, id: (i: T) => string | undefined, gone: (i: T) => boolean = () => false): Tagged[] =>
    (items ?? []).filter((i) => tagValue(i.Tags, TAG_CLASS) === klass && !gone(i)).map((i) => ({ kind, id: id(i) ?? '?', lab: tagValue(i.Tags, TAG_LAB), target: t.id }));
  return [
    ...list('VPC', vpcs.Vpcs, (v) => v.VpcId),
    ...list('subnet', subnets.Subnets, (s) => s.SubnetId),
    ...list('internet gateway', igws.InternetGateways, (g) => g.InternetGatewayId),
    ...list('route table', rtbs.RouteTables, (r) => r.RouteTableId),
    ...list('security group', sgs.SecurityGroups, (g) => g.GroupId),
    ...list('key pair', keys.KeyPairs, (k) => k.KeyName),
    ...list('instance', (reservations.Reservations ?? []).flatMap((r) => r.Instances ?? []), (i) => i.InstanceId, (i) => i.State?.Name === 'terminated'),
    ...list('Elastic IP', addresses.Addresses, (a) => a.AllocationId),
    ...list('NAT gateway', nats.NatGateways, (n) => n.NatGatewayId, (n) => n.State === 'deleted'),
  ];
}
