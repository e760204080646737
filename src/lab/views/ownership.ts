import type { Words } from '../../engine/errors.js';
import { conflictsOf } from '../../engine/finding.js';
import { topoOrder } from '../../engine/graph.js';
import type { Live } from '../../engine/resource.js';
import type { StateStore } from '../../engine/state.js';
import { LAB } from '../chapters/lab.js';
import type { LabContext } from '../core/context.js';
import { tagValue } from '../core/tags.js';

/**
 * Tags alone do not prove a resource is the lab's: anyone who can tag can aim `destroy` at
 * a production instance (security review, finding 4). A resource found that the state did
 * not record, or that does not fit the lab's settings (the kinds' conflicts: a VPC's CIDR,
 * a server's type), or that sits in such a VPC or subnet, is a doubt: `destroy` deletes it
 * only with a confirmation of its own, and shows it as it really is.
 */
export interface Doubt {
  key: string;
  id: string;
  /** What it really is, by message key: kind, ID, CIDR or type, Name tag (never the settings). */
  seen: Words;
  /** Why it is doubted, by message key. */
  reasons: Words[];
}

/** The IDs the state recorded, by key, as the run began (before any is removed). Empty: no state (lost, or --rediscover). */
export type Recorded = ReadonlyMap<string, string>;

export const recordedOf = (state: StateStore): Recorded => new Map(Object.entries(state.snapshot.resources).map(([key, r]) => [key, r.id]));

/** The lab's keys that hold others: what sits in a doubted one is doubted too. */
const CONTAINERS = new Set(['vpc', 'publicSubnet', 'privateSubnet']);

/** The Name tags of what the inventory listed, by ID (a doubt is shown by its real name). */
async function names(ctx: LabContext): Promise<Map<string, string>> {
  const inv = ctx.inventory;
  const [vpcs, subnets, instances, groups] = await Promise.all([inv.vpcs(), inv.subnets(), inv.instances(), inv.securityGroups()]);
  const pairs: [string | undefined, string | undefined][] = [
    ...vpcs.map((v) => [v.VpcId, tagValue(v.Tags, 'Name')] as [string | undefined, string | undefined]),
    ...subnets.map((s) => [s.SubnetId, tagValue(s.Tags, 'Name')] as [string | undefined, string | undefined]),
    ...instances.map((i) => [i.InstanceId, tagValue(i.Tags, 'Name')] as [string | undefined, string | undefined]),
    ...groups.map((g) => [g.GroupId, tagValue(g.Tags, 'Name')] as [string | undefined, string | undefined]),
  ];
  return new Map(pairs.filter((p): p is [string, string] => Boolean(p[0] && p[1])));
}

/** The found resources that are not surely the lab's, parents first. */
export async function findDoubts(ctx: LabContext, found: Map<string, Live | undefined>, recorded: Recorded): Promise<Doubt[]> {
  const named = await names(ctx);
  // By ID, whatever the key: a part that is another's (Apache, the instance's user-data) has its instance's ID.
  const ids = new Set(recorded.values());
  const doubted = new Map<string, Doubt>();
  for (const r of topoOrder(LAB)) {
    const live = found.get(r.key);
    if (!live || live.leaving) continue;
    const reasons: Words[] = [];
    // With no state at all (lost, --rediscover), only the fit counts: that is how a lab is found again.
    if (ids.size > 0 && !ids.has(live.id)) reasons.push(['doubt_notRecorded']);
    reasons.push(...conflictsOf(r.check?.(ctx, live) ?? []).map((f) => f.reason));
    const holder = r.dependsOn.map((d) => doubted.get(d)).find((d) => d && CONTAINERS.has(d.key));
    if (holder) reasons.push(['doubt_inDoubted', holder.id]);
    if (reasons.length) doubted.set(r.key, { key: r.key, id: live.id, seen: ['seen_resource', r.kind, live.id, live.attrs.cidr ?? live.attrs.type, named.get(live.id)], reasons });
  }
  return [...doubted.values()];
}

/**
 * What stays when the `left` doubts stay: them, and everything they depend on (a subnet
 * cannot go while an instance left in it stays), by key, with the ID that holds it.
 */
export function keptWith(left: readonly Doubt[]): Map<string, string | undefined> {
  const kept = new Map<string, string | undefined>(left.map((d) => [d.key, undefined]));
  const byKey = new Map(LAB.map((r) => [r.key, r]));
  const walk = (key: string, holder: string) => {
    for (const dep of byKey.get(key)?.dependsOn ?? []) {
      if (kept.has(dep)) continue;
      kept.set(dep, holder);
      walk(dep, holder);
    }
  };
  for (const d of left) walk(d.key, d.id);
  return kept;
}
