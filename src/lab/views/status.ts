import { isWanted, topoOrder } from '../../engine/graph.js';
import { inEnglish, type Words } from '../../engine/errors.js';
import { conflictsOf, driftOf, type Finding } from '../../engine/finding.js';
import type { Live, Resource } from '../../engine/resource.js';
import { present, type LabContext } from '../core/context.js';
import { estimate, fullLab, ROOT_VOLUME_GB, type CostEstimate } from '../core/cost.js';
import { natTarget, SERVERS } from '../chapters/expiry.js';
import { NAT_INSTANCE_KEY } from '../chapters/database.js';
import { LAB } from '../chapters/lab.js';
import { CHAPTERS, TUTORIAL_CHAPTERS, type ChapterName } from '../core/chapters.js';
import { evaluate, LIVE_RULES } from '../rules/index.js';
import { rolesOfLab, snapshotOfLab, type VpcExtras } from '../rules/lab.js';
import { labOutputs } from './outputs.js';
import { topologyOf, type Topology } from './topology.js';

export type Health = 'found' | 'missing' | 'drifted';

export interface StatusRow {
  key: string;
  kind: string;
  chapter: number;
  /** The resource's label by key and values (ui/ says it; --json has it in English). */
  label: Words;
  id?: string;
  health: Health;
  state?: string;
  /** How it differs from the settings, by message key (ui/ says them): its findings' reasons, conflicts first. */
  drift: Words[];
}

/** Every resource of the lab with its live state: found, missing, or drifted from the settings. */
export function statusRows(ctx: LabContext, found: Map<string, Live | undefined>): StatusRow[] {
  // A resource the settings do not want (the NAT kind not chosen, an expiry under
  // `never`) is worth a line only while it is there.
  return topoOrder(LAB).filter((r) => isWanted(r, ctx) || found.get(r.key)).map((r) => {
    const live = found.get(r.key);
    const base = { key: r.key, kind: r.kind, chapter: r.chapter, label: r.label(ctx) };
    if (!live || live.leaving) return { ...base, health: 'missing' as const, state: live?.state, drift: [] };
    const all = r.check?.(ctx, live) ?? [];
    const drift = [...conflictsOf(all), ...driftOf(all)].map((f) => f.reason);
    return { ...base, id: live.id, health: drift.length ? ('drifted' as const) : ('found' as const), state: live.state, drift };
  });
}

const keysOf = (kind: string) => LAB.filter((r) => r.kind === kind).map((r) => r.key);

/** What bills now, from the parts that exist. */
export function currentCost(ctx: LabContext, found: Map<string, Live | undefined>): CostEstimate {
  const servers = keysOf('Instance').filter((k) => present(found, k));
  // A stopped server bills for its volume (and address), not for instance hours.
  const running = servers.filter((k) => found.get(k)!.state !== 'stopped' && found.get(k)!.state !== 'stopping');
  const nat = found.get(NAT_INSTANCE_KEY);
  const natRunning = present(found, NAT_INSTANCE_KEY) && nat!.state !== 'stopped' && nat!.state !== 'stopping';
  return estimate(ctx.settings.region, ctx.settings.instanceType, {
    instances: running.length,
    natGateways: keysOf('NatGateway').filter((k) => present(found, k)).length,
    natInstances: natRunning ? 1 : 0,
    natInstanceType: nat?.attrs.type,
    // The NAT instance's public address bills while it runs (it goes when it stops).
    publicIps: keysOf('ElasticIp').filter((k) => present(found, k)).length + (natRunning ? 1 : 0),
    volumesGb: (servers.length + (present(found, NAT_INSTANCE_KEY) ? 1 : 0)) * ROOT_VOLUME_GB,
  });
}

/** What will bill once `up` has built `run` (up --until: part of the lab): that, and whatever exists already. */
export function plannedCost(ctx: LabContext, found: Map<string, Live | undefined>, run: readonly Resource<LabContext>[] = LAB): CostEstimate {
  const building = new Set(run.filter((r) => isWanted(r, ctx)).map((r) => r.key));
  // The run removes what it covers but does not want (the other NAT kind).
  const removing = new Set(run.filter((r) => !isWanted(r, ctx)).map((r) => r.key));
  const willExist = (k: string) => building.has(k) || (present(found, k) && !removing.has(k));
  const servers = keysOf('Instance').filter(willExist).length;
  const natInstances = willExist(NAT_INSTANCE_KEY) ? 1 : 0;
  return estimate(ctx.settings.region, ctx.settings.instanceType, {
    instances: servers,
    natGateways: keysOf('NatGateway').filter(willExist).length,
    natInstances,
    publicIps: keysOf('ElasticIp').filter(willExist).length + natInstances,
    volumesGb: (servers + natInstances) * ROOT_VOLUME_GB,
  });
}

export type ChapterProgress = { chapter: number; name: ChapterName; done: 'done' | 'partly' | 'not yet' };

/** Which chapters are built: all of a chapter's resources there (drifted counts), some, or none. */
export function chapterProgress(rows: StatusRow[]): ChapterProgress[] {
  // The article's chapters; the expiry has its own line in status.
  return CHAPTERS.filter(({ n }) => n <= TUTORIAL_CHAPTERS).map(({ n, name }) => {
    const mine = rows.filter((r) => r.chapter === n);
    const there = mine.filter((r) => r.health !== 'missing').length;
    const done = there === mine.length && there > 0 ? 'done' : there > 0 ? 'partly' : 'not yet';
    return { chapter: n, name, done };
  });
}

/** What the expiry does: stop the NAT instance or delete the NAT gateway, and stop the servers. */
export type ExpiryAct = 'natInstance' | 'natGateway' | 'servers';

/** Where the lab stands with its expiry, for status, plan and the end of `up`. */
export interface ExpiryInfo {
  /** When AWS stops the lab (ISO), or undefined: it never expires. */
  at?: string;
  /** The time has passed: the NAT is gone (or stopped) and the servers stopped, until `up`. */
  expired: boolean;
  /** What AWS does then, by name, for ui/ to say: the NAT's (by its resource key), then the servers'. */
  acts: ExpiryAct[];
  /** What bills once it has happened: the public IPv4 addresses and the volumes. */
  after: CostEstimate;
  /** Today's cost, for "bills until you destroy it". */
  now: CostEstimate;
}

/** The expiry as --json writes it: what AWS does, in English, beside its names (machine output keeps its fields). */
export function expiryJson(e: ExpiryInfo) {
  return { at: e.at, expired: e.expired, does: e.acts.map((a) => inEnglish([`expiryAct_${a}`])), acts: e.acts, after: e.after, now: e.now };
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
    acts: [natTarget(LAB, ctx).key, 'servers'],
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

/** Everything `status` tells of one lab, as data: rows, chapters, addresses, cost so far, expiry. */
export function labStatus(ctx: LabContext, found: Map<string, Live | undefined>, createdAt: string | undefined, now: number) {
  const rows = statusRows(ctx, found);
  const outputs = labOutputs(ctx.live, ctx.privateKeyPath);
  const cost = currentCost(ctx, found);
  const chapters = chapterProgress(rows);
  const upHours = createdAt && rows.some((r) => r.health !== 'missing') ? (now - Date.parse(createdAt)) / 3_600_000 : 0;
  const soFar = cost.known ? cost.hourly * upHours : undefined;
  return { rows, outputs, cost, chapters, upHours, soFar, expiry: expiryInfo(ctx, found, now) };
}

/**
 * The lab's picture and the tutorial's findings, from one snapshot of EC2's own items (the
 * inventory discovery filled: no new call), as a VPC built by hand is drawn and judged.
 * Findings only with the VPC's `extras` (the DNS attributes and ACLs the rules read, asked
 * by the caller beside discovery), and not the live rules: status does not probe the
 * servers, `check` does. No topology while the lab has no VPC.
 */
export async function labPicture(ctx: LabContext, found: ReadonlyMap<string, Live | undefined>, extras?: VpcExtras): Promise<{ topology?: Topology; findings: Finding[] }> {
  const roles = rolesOfLab(found);
  const snapshot = roles && (await snapshotOfLab(ctx, roles.vpc, extras));
  if (!roles || !snapshot) return { findings: [] };
  return { topology: topologyOf(snapshot, roles), findings: extras ? evaluate(snapshot, roles).filter((f) => !LIVE_RULES.has(f.rule)) : [] };
}

/** The findings of the chapters built: a lab built `--until web` is not failed for the DB server it does not have yet. */
export function findingsOfDone(findings: readonly Finding[], chapters: readonly ChapterProgress[]): Finding[] {
  const done = new Set(chapters.filter((c) => c.done === 'done').map((c) => c.chapter));
  return findings.filter((f) => done.has(f.chapter));
}
