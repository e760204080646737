import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  type Address,
  type EC2Client,
  type Instance,
  type NatGateway,
  type NetworkInterface,
  type Volume,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { bounded } from './regions.js';
import type { Sender } from './retry.js';

/**
 * What can bill in one region, as EC2 describes it: nothing here decides what is a lab or
 * what it costs (lab/views/leftovers.ts does, over this).
 */
export interface RegionLook {
  region: string;
  natGateways: NatGateway[];
  addresses: Address[];
  /** Pending, running, stopping or stopped: a stopped instance's volumes and Elastic IPs still bill. */
  instances: Instance[];
  /** Interfaces with a public IPv4 address (each bills by the hour since February 2024). */
  interfaces: NetworkInterface[];
  volumes: Volume[];
  /** Every VPC of the region: their tags say whose a group is. */
  vpcs: Vpc[];
}

/** Every call `leftovers` makes, as IAM names it: reads only (the policy's LookUp statement allows them; test/e2e/iam-policy.test.ts proves it). */
export const LEFTOVERS_ACTIONS = [
  'ec2:DescribeRegions',
  'ec2:DescribeNatGateways',
  'ec2:DescribeAddresses',
  'ec2:DescribeInstances',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeVolumes',
  'ec2:DescribeVpcs',
  'pricing:GetProducts',
];

/** How many of one region's describes are in flight at once. */
export const CALLS_PER_REGION = 3;

const LIVE_INSTANCE_STATES = ['pending', 'running', 'stopping', 'stopped'];
/** A NAT gateway bills from its creation until it is deleted. */
const LIVE_NAT_STATES = ['pending', 'available', 'deleting'];

/** Every page of a paginated Describe. */
async function allPages<T>(page: (token?: string) => Promise<{ items?: T[]; next?: string }>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const out = await page(token);
    items.push(...(out.items ?? []));
    token = out.next;
  } while (token);
  return items;
}

/**
 * One region's look: six describes, at most CALLS_PER_REGION at once. Filtered and
 * paginated where EC2 allows (the larger token bucket), and checked again here where an
 * endpoint may ignore a filter.
 */
export async function lookInRegion(ec2: Sender<EC2Client>, region: string): Promise<RegionLook> {
  const [natGateways, addresses, instances, interfaces, volumes, vpcs] = await bounded<unknown[]>(CALLS_PER_REGION, [
    () => allPages(async (NextToken) => {
      const out = await ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: 'state', Values: LIVE_NAT_STATES }], MaxResults: 1000, NextToken }));
      return { items: out.NatGateways, next: out.NextToken };
    }),
    async () => (await ec2.send(new DescribeAddressesCommand({}))).Addresses ?? [],
    () => allPages(async (NextToken) => {
      const out = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: LIVE_INSTANCE_STATES }], MaxResults: 1000, NextToken }));
      return { items: (out.Reservations ?? []).flatMap((r) => r.Instances ?? []), next: out.NextToken };
    }),
    () => allPages(async (NextToken) => {
      const out = await ec2.send(new DescribeNetworkInterfacesCommand({ MaxResults: 1000, NextToken }));
      return { items: out.NetworkInterfaces, next: out.NextToken };
    }),
    () => allPages(async (NextToken) => {
      const out = await ec2.send(new DescribeVolumesCommand({ MaxResults: 500, NextToken }));
      return { items: out.Volumes, next: out.NextToken };
    }),
    () => allPages(async (NextToken) => {
      const out = await ec2.send(new DescribeVpcsCommand({ MaxResults: 1000, NextToken }));
      return { items: out.Vpcs, next: out.NextToken };
    }),
  ]);
  return {
    region,
    natGateways: (natGateways as NatGateway[]).filter((n) => LIVE_NAT_STATES.includes(n.State ?? '')),
    addresses: addresses as Address[],
    instances: (instances as Instance[]).filter((i) => LIVE_INSTANCE_STATES.includes(i.State?.Name ?? '')),
    interfaces: (interfaces as NetworkInterface[]).filter((n) => publicIps(n).length > 0),
    volumes: (volumes as Volume[]).filter((v) => v.State !== 'deleting' && v.State !== 'deleted'),
    vpcs: vpcs as Vpc[],
  };
}

/** The public IPv4 addresses of an interface (its primary's and its secondaries'). */
export function publicIps(eni: NetworkInterface): { ip: string; allocationId?: string }[] {
  const seen = new Map<string, string | undefined>();
  const add = (a: NetworkInterface['Association']) => a?.PublicIp && seen.set(a.PublicIp, a.AllocationId);
  add(eni.Association);
  for (const p of eni.PrivateIpAddresses ?? []) add(p.Association);
  return [...seen].map(([ip, allocationId]) => ({ ip, allocationId }));
}
