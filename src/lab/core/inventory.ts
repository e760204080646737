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
import type { Sender } from '../../aws/retry.js';
import { isLab, labFilter, TAG_RESOURCE, tagValue } from './tags.js';

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
  private cache = new Map<string, Promise<unknown>>();

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
    await Promise.all([
      this.vpcs(),
      this.subnets(),
      this.internetGateways(),
      this.routeTables(),
      this.securityGroups(),
      this.keyPairs(),
      this.instances(),
      this.addresses(),
      this.natGateways(),
    ]);
  }

  /**
   * Any other look-up (a role, a schedule: found by name, not listed by tag), remembered
   * like the rest until `refresh`: `up` looks once in discovery and once per step.
   */
  remember<T>(kind: string, load: () => Promise<T>): Promise<T> {
    let p = this.cache.get(kind) as Promise<T> | undefined;
    if (!p) {
      p = load();
      this.cache.set(kind, p);
      p.catch(() => this.cache.delete(kind)); // a failed look-up is not remembered
    }
    return p;
  }

  /**
   * One kind's listing, remembered. `prefix` tells the recorded IDs of this kind; `byId`
   * asks for one of them by ID (NotFound: it is gone).
   */
  private memo<T extends { Tags?: Tag[] }>(
    kind: string,
    list: () => Promise<T[] | undefined>,
    ids: { prefix: string; idOf: (t: T) => string | undefined; byId: (id: string) => Promise<T[] | undefined> },
  ): Promise<T[]> {
    let p = this.cache.get(kind) as Promise<T[]> | undefined;
    if (!p) {
      p = (async () => {
        const listed = (await list()) ?? [];
        const seen = new Set(listed.map(ids.idOf));
        const missing = [...this.recorded()].filter((id) => id.startsWith(ids.prefix) && !seen.has(id));
        const asked = await Promise.all(missing.map(async (id) => (await unlessNotFound(ids.byId(id))) ?? []));
        return this.ours([...listed, ...asked.flat()]);
      })();
      this.cache.set(kind, p);
      p.catch(() => this.cache.delete(kind)); // a failed look-up is not remembered
    }
    return p;
  }

  private get filter() {
    return { Filters: labFilter(this.lab) };
  }

  private ours<T extends { Tags?: Tag[] }>(items: T[] | undefined): T[] {
    return (items ?? []).filter((i) => isLab(i.Tags, this.lab));
  }

  vpcs(): Promise<Vpc[]> {
    return this.memo('vpcs', async () => (await this.ec2.send(new DescribeVpcsCommand(this.filter))).Vpcs, {
      prefix: 'vpc-',
      idOf: (v) => v.VpcId,
      byId: async (id) => (await this.ec2.send(new DescribeVpcsCommand({ VpcIds: [id] }))).Vpcs,
    });
  }
  subnets(): Promise<Subnet[]> {
    return this.memo('subnets', async () => (await this.ec2.send(new DescribeSubnetsCommand(this.filter))).Subnets, {
      prefix: 'subnet-',
      idOf: (s) => s.SubnetId,
      byId: async (id) => (await this.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [id] }))).Subnets,
    });
  }
  internetGateways(): Promise<InternetGateway[]> {
    return this.memo('igws', async () => (await this.ec2.send(new DescribeInternetGatewaysCommand(this.filter))).InternetGateways, {
      prefix: 'igw-',
      idOf: (g) => g.InternetGatewayId,
      byId: async (id) => (await this.ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [id] }))).InternetGateways,
    });
  }
  routeTables(): Promise<RouteTable[]> {
    return this.memo('routeTables', async () => (await this.ec2.send(new DescribeRouteTablesCommand(this.filter))).RouteTables, {
      // Not "rtb-…:0.0.0.0/0" (a route's ID is its table's and its destination).
      prefix: 'rtb-',
      idOf: (t) => t.RouteTableId,
      byId: async (id) => (id.includes(':') ? [] : (await this.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [id] }))).RouteTables),
    });
  }
  securityGroups(): Promise<SecurityGroup[]> {
    return this.memo('securityGroups', async () => (await this.ec2.send(new DescribeSecurityGroupsCommand(this.filter))).SecurityGroups, {
      prefix: 'sg-',
      idOf: (g) => g.GroupId,
      byId: async (id) => (await this.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }))).SecurityGroups,
    });
  }
  keyPairs(): Promise<KeyPairInfo[]> {
    return this.memo('keyPairs', async () => (await this.ec2.send(new DescribeKeyPairsCommand(this.filter))).KeyPairs, {
      prefix: 'key-',
      idOf: (k) => k.KeyPairId,
      byId: async (id) => (await this.ec2.send(new DescribeKeyPairsCommand({ KeyPairIds: [id] }))).KeyPairs,
    });
  }
  /** Instances not yet terminated (shutting-down ones included: teardown waits for them). */
  async instances(): Promise<Instance[]> {
    const all = await this.memo('instances', async () => reservations(await this.ec2.send(new DescribeInstancesCommand(this.filter))), {
      prefix: 'i-',
      idOf: (i) => i.InstanceId,
      byId: async (id) => reservations(await this.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))),
    });
    return all.filter((i) => i.State?.Name !== 'terminated');
  }
  addresses(): Promise<Address[]> {
    return this.memo('addresses', async () => (await this.ec2.send(new DescribeAddressesCommand(this.filter))).Addresses, {
      prefix: 'eipalloc-',
      idOf: (a) => a.AllocationId,
      byId: async (id) => (await this.ec2.send(new DescribeAddressesCommand({ AllocationIds: [id] }))).Addresses,
    });
  }
  /** NAT gateways not yet deleted (deleting ones included). */
  async natGateways(): Promise<NatGateway[]> {
    const all = await this.memo('natGateways', async () => (await this.ec2.send(new DescribeNatGatewaysCommand({ Filter: labFilter(this.lab) }))).NatGateways, {
      prefix: 'nat-',
      idOf: (n) => n.NatGatewayId,
      byId: async (id) => (await this.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] }))).NatGateways,
    });
    return all.filter((n) => n.State !== 'deleted' && n.State !== 'failed');
  }
}

function reservations(out: { Reservations?: { Instances?: Instance[] }[] }): Instance[] {
  return (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
}

/**
 * The item tagged as resource `key`. If several carry the tag (made by hand, or by a
 * bug), prefer the one the state file recorded.
 */
export function pick<T extends { Tags?: Tag[] }>(items: T[], key: string, idOf: (t: T) => string | undefined, stateId?: string): T | undefined {
  const mine = items.filter((i) => tagValue(i.Tags, TAG_RESOURCE) === key);
  return mine.find((i) => idOf(i) === stateId) ?? mine[0];
}
