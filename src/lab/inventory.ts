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
import type { Sender } from '../aws/retry.js';
import { isLab, labFilter, TAG_RESOURCE, tagValue } from './tags.js';

/**
 * Everything of one lab that exists, one Describe call per resource kind, filtered by the
 * lab's tags. Resources pick themselves out of it, so a no-op `up` costs a handful of
 * reads instead of one per resource per step. `refresh` forgets it all.
 */
export class Inventory {
  private cache = new Map<string, Promise<unknown>>();

  constructor(
    private readonly ec2: Sender<EC2Client>,
    readonly lab: string,
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
    return this.memo(kind, load as () => Promise<unknown>) as Promise<T>;
  }

  private memo<T>(kind: string, load: () => Promise<T>): Promise<T> {
    let p = this.cache.get(kind) as Promise<T> | undefined;
    if (!p) {
      p = load();
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
    return this.memo('vpcs', async () => this.ours((await this.ec2.send(new DescribeVpcsCommand(this.filter))).Vpcs));
  }
  subnets(): Promise<Subnet[]> {
    return this.memo('subnets', async () => this.ours((await this.ec2.send(new DescribeSubnetsCommand(this.filter))).Subnets));
  }
  internetGateways(): Promise<InternetGateway[]> {
    return this.memo('igws', async () => this.ours((await this.ec2.send(new DescribeInternetGatewaysCommand(this.filter))).InternetGateways));
  }
  routeTables(): Promise<RouteTable[]> {
    return this.memo('routeTables', async () => this.ours((await this.ec2.send(new DescribeRouteTablesCommand(this.filter))).RouteTables));
  }
  securityGroups(): Promise<SecurityGroup[]> {
    return this.memo('securityGroups', async () => this.ours((await this.ec2.send(new DescribeSecurityGroupsCommand(this.filter))).SecurityGroups));
  }
  keyPairs(): Promise<KeyPairInfo[]> {
    return this.memo('keyPairs', async () => this.ours((await this.ec2.send(new DescribeKeyPairsCommand(this.filter))).KeyPairs));
  }
  /** Instances not yet terminated (shutting-down ones included: teardown waits for them). */
  instances(): Promise<Instance[]> {
    return this.memo('instances', async () => {
      const out = await this.ec2.send(new DescribeInstancesCommand(this.filter));
      const all = (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
      return this.ours(all).filter((i) => i.State?.Name !== 'terminated');
    });
  }
  addresses(): Promise<Address[]> {
    return this.memo('addresses', async () => this.ours((await this.ec2.send(new DescribeAddressesCommand(this.filter))).Addresses));
  }
  /** NAT gateways not yet deleted (deleting ones included). */
  natGateways(): Promise<NatGateway[]> {
    return this.memo('natGateways', async () => {
      const out = await this.ec2.send(new DescribeNatGatewaysCommand({ Filter: labFilter(this.lab) }));
      return this.ours(out.NatGateways).filter((n) => n.State !== 'deleted' && n.State !== 'failed');
    });
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
