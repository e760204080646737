import { topoOrder, unwantedKeys } from '../engine/graph.js';
import type { Live } from '../engine/resource.js';
import type { LabContext } from './context.js';
import { estimate, ROOT_VOLUME_GB, type CostEstimate } from './cost.js';
import { LAB } from './lab.js';

export type Health = 'found' | 'missing' | 'drifted';

export interface StatusRow {
  key: string;
  kind: string;
  chapter: number;
  label: string;
  id?: string;
  health: Health;
  state?: string;
  drift: string[];
}

/** Every resource of the lab with its live state: found, missing, or drifted from the settings. */
export function statusRows(ctx: LabContext, found: Map<string, Live | undefined>): StatusRow[] {
  const unwanted = unwantedKeys(LAB, ctx);
  // A resource the settings do not want (no expiry) is worth a line only if it is there.
  return topoOrder(LAB).filter((r) => !unwanted.has(r.key) || found.get(r.key)).map((r) => {
    const live = found.get(r.key);
    const base = { key: r.key, kind: r.kind, chapter: r.chapter, label: r.label(ctx) };
    if (!live || live.leaving) return { ...base, health: 'missing' as const, state: live?.state, drift: [] };
    const conflict = r.conflict?.(ctx, live);
    const drift = [...(conflict ? [conflict] : []), ...(r.drift?.(ctx, live) ?? [])];
    return { ...base, id: live.id, health: drift.length ? ('drifted' as const) : ('found' as const), state: live.state, drift };
  });
}

/** What bills now, from the parts that exist. */
export function currentCost(ctx: LabContext, found: Map<string, Live | undefined>): CostEstimate {
  const present = (k: string) => Boolean(found.get(k) && !found.get(k)!.leaving);
  const servers = ['webInstance', 'dbInstance'].filter(present);
  // A stopped server bills for its volume (and address), not for instance hours.
  const running = servers.filter((k) => found.get(k)!.state !== 'stopped' && found.get(k)!.state !== 'stopping');
  return estimate(ctx.settings.region, ctx.settings.instanceType, {
    instances: running.length,
    natGateways: present('natGateway') ? 1 : 0,
    publicIps: ['webElasticIp', 'natElasticIp'].filter(present).length,
    volumesGb: servers.length * ROOT_VOLUME_GB,
  });
}
