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
  type Address,
  type EC2Client,
  type Instance,
  type InternetGateway,
  type KeyPairInfo,
  type NatGateway,
  type RouteTable,
  type SecurityGroup,
  type Subnet,
  type Tag,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { unlessNotFound } from '../../aws/errors.js';
import { EC2_IDS } from '../../aws/not-found.js';
import type { Sender } from '../../aws/retry.js';
import { Memo } from './memo.js';
import { isLab, labFilter, TAG_RESOURCE, tagValue } from './tags.js';

/**
 * The Describe call of each kind the inventory lists: its command, the parameter that asks
 * for IDs, the answer's list (and, for instances, the list inside each of its items), the
 * item's ID field, and the prefix of those IDs. NAT gateways take `Filter`, not `Filters`.
 * `gone`: listed still, but no longer there (a terminated instance, a deleted NAT gateway).
 */
const DESCRIBES = {
  vpcs: { command: DescribeVpcsCommand, ids: 'VpcIds', result: 'Vpcs', id: 'VpcId', prefix: EC2_IDS.vpc.prefix },
  subnets: { command: DescribeSubnetsCommand, ids: 'SubnetIds', result: 'Subnets', id: 'SubnetId', prefix: EC2_IDS.subnet.prefix },
  internetGateways: { command: DescribeInternetGatewaysCommand, ids: 'InternetGatewayIds', result: 'InternetGateways', id: 'InternetGatewayId', prefix: EC2_IDS.igw.prefix },
  routeTables: { command: DescribeRouteTablesCommand, ids: 'RouteTableIds', result: 'RouteTables', id: 'RouteTableId', prefix: EC2_IDS.rtb.prefix },
  securityGroups: { command: DescribeSecurityGroupsCommand, ids: 'GroupIds', result: 'SecurityGroups', id: 'GroupId', prefix: EC2_IDS.sg.prefix },
  // By KeyPairId ("key-…"), which the state records; EC2_IDS names key pairs by KeyName.
  keyPairs: { command: DescribeKeyPairsCommand, ids: 'KeyPairIds', result: 'KeyPairs', id: 'KeyPairId', prefix: 'key-' },
  // Shutting-down instances are still there: teardown waits for them.
  instances: { command: DescribeInstancesCommand, ids: 'InstanceIds', result: 'Reservations', nested: 'Instances', id: 'InstanceId', prefix: EC2_IDS.instance.prefix, gone: (i) => (i as Instance).State?.Name === 'terminated' },
  addresses: { command: DescribeAddressesCommand, ids: 'AllocationIds', result: 'Addresses', id: 'AllocationId', prefix: EC2_IDS.address.prefix },
  // Deleting ones are still there.
  natGateways: { command: DescribeNatGatewaysCommand, ids: 'NatGatewayIds', result: 'NatGateways', id: 'NatGatewayId', prefix: EC2_IDS.nat.prefix, filter: 'Filter', gone: (n) => ['deleted', 'failed'].includes(String((n as NatGateway).State)) },
} satisfies Record<string, Describe>;

interface Describe {
  command: new (input: never) => object;
  ids: string;
  result: string;
  nested?: string;
  id: string;
  prefix: string;
  filter?: 'Filter';
  gone?: (item: Item) => boolean;
}

export type ListedKind = keyof typeof DESCRIBES;
type Kind = ListedKind;
type Item = { Tags?: Tag[] } & Record<string, unknown>;

async function describe(ec2: Sender<EC2Client>, d: Describe, input: Record<string, unknown>): Promise<Item[]> {
  const answer = (await ec2.send(new d.command(input as never) as never)) as unknown as Record<string, Item[] | undefined>;
  const items = answer[d.result] ?? [];
  return d.nested ? items.flatMap((i) => (i[d.nested!] as Item[] | undefined) ?? []) : items;
}

/**
 * Every item of each listed kind that carries the tag `key` = `value` and is still there,
 * one Describe call per kind, all at once (the sweep after a class's teardown). Checked
 * item by item too: some endpoints ignore a tag filter.
 */
export async function listTagged(ec2: Sender<EC2Client>, key: string, value: string): Promise<{ kind: ListedKind; items: Item[]; id: (i: Item) => string }[]> {
  const filter = [{ Name: `tag:${key}`, Values: [value] }];
  return Promise.all(
    (Object.keys(DESCRIBES) as Kind[]).map(async (kind) => {
      const d: Describe = DESCRIBES[kind];
      const items = (await describe(ec2, d, { [d.filter ?? 'Filters']: filter })).filter((i) => tagValue(i.Tags, key) === value && !d.gone?.(i));
      return { kind, items, id: (i: Item) => String(i[d.id] ?? '?') };
    }),
  );
}

/**
 * Everything of one lab that exists, one Describe call per resource kind, filtered by the
 * lab's tags. Resources pick themselves out of it, so a no-op `up` costs a handful of
 * reads instead of one per resource per step. `refresh` forgets it all.
 *
 * A filtered listing can leave out a resource made moments ago (EC2 is eventually
 * consistent): an ID the state file recorded that the listing misses is asked for by ID
 * before it counts as gone.
 */
export class Inventory {
  private cache = new Memo();

  constructor(
    private readonly ec2: Sender<EC2Client>,
    readonly lab: string,
    /** The IDs the state file recorded. */
    private readonly recorded: () => Iterable<string> = () => [],
  ) {}

  refresh(): void {
    this.cache.clear();
  }

  /** Start every look-up at once. */
  async prefetch(): Promise<void> {
    await Promise.all((Object.keys(DESCRIBES) as Kind[]).map((kind) => this.list(kind)));
  }

  /**
   * Any other look-up (a role, a schedule: found by name, not listed by tag), remembered
   * like the rest until `refresh`: `up` looks once in discovery and once per step.
   */
  remember<T>(kind: string, load: () => Promise<T>): Promise<T> {
    return this.cache.once(kind, load);
  }

  /** One kind's listing by the lab's tags, with the recorded IDs it missed asked for by ID; remembered. */
  private list<T>(kind: Kind): Promise<T[]> {
    return this.remember(kind, async () => {
      const d: Describe = DESCRIBES[kind];
      const listed = await describe(this.ec2, d, { [d.filter ?? 'Filters']: labFilter(this.lab) });
      const seen = new Set(listed.map((i) => i[d.id]));
      // A route's recorded ID is its table's and its destination ("rtb-…:0.0.0.0/0"): not a table.
      const missing = [...this.recorded()].filter((id) => id.startsWith(d.prefix) && !id.includes(':') && !seen.has(id));
      // NotFound: it is gone.
      const asked = await Promise.all(missing.map(async (id) => (await unlessNotFound(describe(this.ec2, d, { [d.ids]: [id] }))) ?? []));
      return [...listed, ...asked.flat()].filter((i) => isLab(i.Tags, this.lab) && !d.gone?.(i)) as T[];
    });
  }

  vpcs(): Promise<Vpc[]> {
    return this.list('vpcs');
  }
  subnets(): Promise<Subnet[]> {
    return this.list('subnets');
  }
  internetGateways(): Promise<InternetGateway[]> {
    return this.list('internetGateways');
  }
  routeTables(): Promise<RouteTable[]> {
    return this.list('routeTables');
  }
  securityGroups(): Promise<SecurityGroup[]> {
    return this.list('securityGroups');
  }
  keyPairs(): Promise<KeyPairInfo[]> {
    return this.list('keyPairs');
  }
  /** Instances not yet terminated (shutting-down ones included: teardown waits for them). */
  instances(): Promise<Instance[]> {
    return this.list('instances');
  }
  addresses(): Promise<Address[]> {
    return this.list('addresses');
  }
  /** NAT gateways not yet deleted (deleting ones included). */
  natGateways(): Promise<NatGateway[]> {
    return this.list('natGateways');
  }
}

/**
 * The item tagged as resource `key`. If several carry the tag (made by hand, or by a
 * bug), prefer the one the state file recorded.
 */
export function pick<T extends { Tags?: Tag[] }>(items: T[], key: string, idOf: (t: T) => string | undefined, stateId?: string): T | undefined {
  const mine = items.filter((i) => tagValue(i.Tags, TAG_RESOURCE) === key);
  return mine.find((i) => idOf(i) === stateId) ?? mine[0];
}
