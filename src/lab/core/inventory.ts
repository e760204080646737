import type {
  Address,
  EC2Client,
  Instance,
  InternetGateway,
  KeyPairInfo,
  NatGateway,
  NetworkAcl,
  RouteTable,
  SecurityGroup,
  Subnet,
  Tag,
  Vpc,
} from '@aws-sdk/client-ec2';
import { described, EC2_KINDS, type Ec2Describe, type Ec2KindName } from '../../aws/ec2-kinds.js';
import { unlessNotFound } from '../../aws/errors.js';
import type { Sender } from '../../aws/retry.js';
import type { EngineContext } from '../../engine/resource.js';
import { Memo } from './memo.js';
import { isLab, labFilter, TAG_RESOURCE, tagValue } from './tags.js';

/**
 * The kinds the inventory lists, by the name of its listing, and their EC2 kind: the
 * Describe call of each is the kind's (aws/ec2-kinds.ts). Network ACLs are listed only when
 * asked for (no lab makes one; a hand-built VPC's are read by its check).
 */
const LISTED = {
  vpcs: 'vpc',
  subnets: 'subnet',
  internetGateways: 'internetGateway',
  routeTables: 'routeTable',
  securityGroups: 'securityGroup',
  keyPairs: 'keyPair',
  instances: 'instance',
  addresses: 'address',
  natGateways: 'natGateway',
} as const satisfies Record<string, Ec2KindName>;

export type ListedKind = keyof typeof LISTED;
type Kind = ListedKind | 'networkAcls';
type Item = { Tags?: Tag[] } & Record<string, unknown>;

const kindOf = (kind: Kind): Ec2KindName => (kind === 'networkAcls' ? 'networkAcl' : LISTED[kind]);
const describeOf = (kind: Kind): Ec2Describe => described(kindOf(kind));

async function describe(ec2: Sender<EC2Client>, d: Ec2Describe, input: Record<string, unknown>): Promise<Item[]> {
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
    (Object.keys(LISTED) as ListedKind[]).map(async (kind) => {
      const d = describeOf(kind);
      const items = (await describe(ec2, d, { [d.filter]: filter })).filter((i) => tagValue(i.Tags, key) === value && !d.gone?.(i));
      return { kind, items, id: (i: Item) => String(i[d.id] ?? '?') };
    }),
  );
}

/**
 * Where the inventory looks: at the lab's items, by its tags (what `up`, `status` and
 * `destroy` manage), or at everything in one VPC, whoever made it (a VPC built by hand,
 * checked but never owned).
 */
export type InventoryScope = { by: 'tags' } | { by: 'vpc'; vpcId: string };

export interface InventoryOptions {
  /** The IDs the state file recorded. */
  recorded?: () => Iterable<string>;
  /** IDs bound to the lab's keys by the user ("this subnet plays the public subnet"): kept whatever their tags. */
  bound?: () => Iterable<string>;
  scope?: InventoryScope;
}

/**
 * Everything of one lab that exists, one Describe call per resource kind, filtered by the
 * lab's tags (or, in a VPC's scope, everything in that VPC). Resources pick themselves out
 * of it, so a no-op `up` costs a handful of reads instead of one per resource per step.
 * `refresh` forgets it all.
 *
 * A filtered listing can leave out a resource made moments ago (EC2 is eventually
 * consistent): an ID the state file recorded (or the user bound) that the listing misses
 * is asked for by ID before it counts as gone.
 */
export class Inventory {
  private cache = new Memo();
  private readonly recorded: () => Iterable<string>;
  private readonly bound: () => Iterable<string>;
  readonly scope: InventoryScope;

  constructor(
    private readonly ec2: Sender<EC2Client>,
    readonly lab: string,
    opts: InventoryOptions = {},
  ) {
    this.recorded = opts.recorded ?? (() => []);
    this.bound = opts.bound ?? (() => []);
    this.scope = opts.scope ?? { by: 'tags' };
  }

  refresh(): void {
    this.cache.clear();
  }

  /** Start every look-up at once. */
  async prefetch(): Promise<void> {
    await Promise.all((Object.keys(LISTED) as ListedKind[]).map((kind) => this.list(kind)));
  }

  /**
   * Any other look-up (a role, a schedule: found by name, not listed by tag), remembered
   * like the rest until `refresh`: `up` looks once in discovery and once per step.
   */
  remember<T>(kind: string, load: () => Promise<T>): Promise<T> {
    return this.cache.once(kind, load);
  }

  /** One kind's listing in the scope, with the recorded and bound IDs it missed asked for by ID; remembered. */
  private list<T>(kind: Kind): Promise<T[]> {
    return this.remember(kind, async () => {
      const d = describeOf(kind);
      const listed = this.scope.by === 'vpc' ? await this.inVpc(kind, this.scope.vpcId) : await describe(this.ec2, d, { [d.filter]: labFilter(this.lab) });
      const bound = new Set(this.bound());
      const missing = this.missedIds(kind, listed, bound);
      // NotFound: it is gone. (Nothing missed, as in a check of a VPC: no more waiting.)
      const asked = missing.length ? (await Promise.all(missing.map(async (id) => (await unlessNotFound(describe(this.ec2, d, { [d.ids]: [id] }))) ?? []))).flat() : [];
      const owned = (i: Item) => this.scope.by === 'vpc' || isLab(i.Tags, this.lab) || bound.has(String(i[d.id]));
      return (asked.length ? [...listed, ...asked] : listed).filter((i) => owned(i) && !d.gone?.(i)) as T[];
    });
  }

  /** The recorded and bound IDs of the kind that the listing left out. */
  private missedIds(kind: Kind, listed: Item[], bound: ReadonlySet<string>): string[] {
    const candidates = new Set([...this.recorded(), ...bound]);
    if (candidates.size === 0) return [];
    const d = describeOf(kind);
    const seen = new Set(listed.map((i) => i[d.id]));
    const prefix = EC2_KINDS[kindOf(kind)].prefix;
    // A route's recorded ID is its table's and its destination ("rtb-…:0.0.0.0/0"): not a table.
    return [...candidates].filter((id) => id.startsWith(prefix) && !id.includes(':') && !seen.has(id));
  }

  /**
   * Everything of a kind in one VPC, no ownership filter: by the kind's VPC filter; an
   * address or key pair by what the VPC's instances and NAT gateways use.
   */
  private async inVpc(kind: Kind, vpcId: string): Promise<Item[]> {
    const d = describeOf(kind);
    if (d.vpcFilter) return describe(this.ec2, d, { [d.filter]: [{ Name: d.vpcFilter, Values: [vpcId] }] });
    const [instances, nats] = await Promise.all([this.instances(), this.natGateways()]);
    if (kind === 'keyPairs') {
      const names = new Set(instances.map((i) => i.KeyName).filter(Boolean));
      return (await describe(this.ec2, d, {})).filter((k) => names.has(k.KeyName as string));
    }
    const interfaces = new Set([
      ...instances.flatMap((i) => (i.NetworkInterfaces ?? []).map((n) => n.NetworkInterfaceId)),
      ...nats.flatMap((n) => (n.NatGatewayAddresses ?? []).map((a) => a.NetworkInterfaceId)),
    ]);
    const used = new Set([...instances.map((i) => i.InstanceId), ...nats.flatMap((n) => (n.NatGatewayAddresses ?? []).map((a) => a.AllocationId))]);
    return (await describe(this.ec2, d, {})).filter((a) => used.has(a.InstanceId as string) || used.has(a.AllocationId as string) || interfaces.has(a.NetworkInterfaceId as string));
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
  /** Network ACLs: asked for only by whoever reads them (not in prefetch: no lab makes one). */
  networkAcls(): Promise<NetworkAcl[]> {
    return this.list('networkAcls');
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

/**
 * Where an item of a kind sits when nothing names it: the keys of its parents, and which
 * item sits in them ("the instance in the subnet", "the gateway attached to the VPC").
 * Used only when one of those parents was bound by the user: a lab of the tool's finds
 * its own by their tags, never by where they are.
 */
export interface Place<T> {
  parents: readonly string[];
  holds: (item: T) => boolean;
}

/**
 * How a kind finds its item among those listed: the ID the user bound to its key, if any;
 * else as always (the lab's tag, preferring the state's ID); else, when a parent is
 * bound, by its place.
 */
export function choose<T extends { Tags?: Tag[] }>(
  ctx: Pick<EngineContext, 'state' | 'live'> & { bindings?: Readonly<Record<string, string>> },
  items: T[],
  key: string,
  idOf: (t: T) => string | undefined,
  place?: Place<T>,
): T | undefined {
  const bound = ctx.bindings?.[key];
  if (bound !== undefined) return items.find((i) => idOf(i) === bound);
  const tagged = pick(items, key, idOf, ctx.state.id(key));
  if (tagged || !place || !place.parents.some((p) => ctx.bindings?.[p] !== undefined)) return tagged;
  // Not one that plays another part already (the web server, in the subnet a NAT instance would share).
  const taken = new Set([...Object.values(ctx.bindings ?? {}), ...[...ctx.live].filter(([k]) => k !== key).map(([, l]) => l.id)]);
  return items.find((i) => !taken.has(idOf(i) ?? '') && place.holds(i));
}
