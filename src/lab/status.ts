import { isWanted, topoOrder } from '../engine/graph.js';
import type { Live } from '../engine/resource.js';
import type { LabContext } from './context.js';
import { estimate, fullLab, ROOT_VOLUME_GB, type CostEstimate } from './cost.js';
import { natTarget, SERVERS } from './expiry.js';
import { NAT_INSTANCE_KEY } from './database.js';
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
  // A resource the settings do not want (the NAT kind not chosen, an expiry under
  // `never`) is worth a line only while it is there.
  return topoOrder(LAB).filter((r) => isWanted(r, ctx) || found.get(r.key)).map((r) => {
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
  const nat = found.get(NAT_INSTANCE_KEY);
  const natRunning = present(NAT_INSTANCE_KEY) && nat!.state !== 'stopped' && nat!.state !== 'stopping';
  return estimate(ctx.settings.region, ctx.settings.instanceType, {
    instances: running.length,
    natGateways: present('natGateway') ? 1 : 0,
    natInstances: natRunning ? 1 : 0,
    natInstanceType: nat?.attrs.type,
    // The NAT instance's public address bills while it runs (it goes when it stops).
    publicIps: ['webElasticIp', 'natElasticIp'].filter(present).length + (natRunning ? 1 : 0),
    volumesGb: (servers.length + (present(NAT_INSTANCE_KEY) ? 1 : 0)) * ROOT_VOLUME_GB,
  });
}

/** Where the lab stands with its expiry, for status, plan and the end of `up`. */
export interface ExpiryInfo {
  /** When AWS stops the lab (ISO), or undefined: it never expires. */
  at?: string;
  /** The time has passed: the NAT is gone (or stopped) and the servers stopped, until `up`. */
  expired: boolean;
  /** What AWS does then, in words. */
  does: string[];
  /** What bills once it has happened: the public IPv4 addresses and the volumes. */
  after: CostEstimate;
  /** Today's cost, for "bills until you destroy it". */
  now: CostEstimate;
}

/**
 * The expiry as it stands: the time of a schedule found in AWS (the truth), else the
 * saved or planned one. `found` may be empty (plan of a new lab).
 */
export function expiryInfo(ctx: LabContext, found: Map<string, Live | undefined>, now: number): ExpiryInfo {
  const live = ['natExpiry', 'serversExpiry'].map((k) => found.get(k)?.attrs.at).find((at) => at !== undefined);
  const at = live ?? ctx.settings.expiresAt;
  const servers = SERVERS.length;
  // A stopped NAT instance loses its public address and keeps its volume; a deleted NAT
  // gateway leaves its Elastic IP allocated.
  const natInstance = ctx.settings.nat === 'instance';
  return {
    at,
    expired: at !== undefined && Date.parse(at) <= now,
    does: [natTarget(LAB, ctx).does, 'stop the web and DB servers'],
    // The web server's Elastic IP stays, and the stopped servers keep their volumes.
    after: estimate(ctx.settings.region, ctx.settings.instanceType, {
      instances: 0,
      natGateways: 0,
      publicIps: natInstance ? 1 : 2,
      volumesGb: (servers + (natInstance ? 1 : 0)) * ROOT_VOLUME_GB,
    }),
    now: estimate(ctx.settings.region, ctx.settings.instanceType, fullLab(ctx.settings.nat)),
  };
}
