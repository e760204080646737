import type { Instance } from '@aws-sdk/client-ec2';
import { inEnglish, type Words } from '../../engine/errors.js';
import { ANYWHERE } from '../core/flows.js';
import type { Roles, VpcSnapshot } from '../core/snapshot.js';
import { instanceOf } from '../rules/facts.js';
import { THIS_MACHINE } from './cli.js';
import { requestOf, type Packet } from './net.js';
import { PATHS, type Blocked, type PathOptions, type PathSpec, type PathVerdict } from './spec.js';
import { ctxOf, dbToInternet, fromInternet, publicIpOf, webToDb, type Ctx, type Stop } from './walk.js';

/**
 * Why a path does not work (issue 26 item 4): each of the tutorial's paths walked gate by
 * gate, in the order a packet meets them, over what EC2 describes of one VPC — no packet
 * sent, no AWS call. The first gate that drops it is the verdict, named by Reachability
 * Analyzer's explanation code, with what to click in the console and the CLI command.
 */
export { PATHS } from './spec.js';
export type { Blocked, Gate, PathId, PathOptions, PathSpec, PathVerdict } from './spec.js';

/** The packets a path sends: one per TCP port, or an ICMP echo. */
const packetsOf = (spec: PathSpec): Packet[] => (spec.protocol === 'icmp' ? [requestOf('icmp')] : spec.ports.map((port) => requestOf('tcp', port)));

/** Walks one packet of a path, given its servers; or the role it lacks. */
type Walker = { walk: (p: Packet) => Stop | undefined; to?: Instance } | { missing: 'web' | 'db' };

function walkerOf(c: Ctx, spec: PathSpec, options: PathOptions): Walker {
  const web = instanceOf(c.s, c.roles.web);
  const db = instanceOf(c.s, c.roles.db);
  if ((spec.from === 'web' || spec.to === 'web') && !web) return { missing: 'web' };
  if ((spec.from === 'db' || spec.to === 'db') && !db) return { missing: 'db' };
  if (spec.from === 'web' && spec.to === 'db') return { walk: (p) => webToDb(c, web!, db!, p) };
  if (spec.from === 'db') return { walk: (p) => dbToInternet(c, db!, p) };
  // From the internet, or from you: your address (--from), else anywhere.
  const source = spec.from === 'you' ? cidrOf(options.from ?? ANYWHERE) : ANYWHERE;
  const server = spec.to === 'web' ? web! : db!;
  // SSH is let in from your address ("My IP"), HTTP from anywhere: what the tutorial does, whatever was asked.
  const said = spec.from === 'you' ? ({ kind: 'myIp', cidr: options.from ? source : THIS_MACHINE } as const) : ({ kind: 'anywhere' } as const);
  return { walk: (p) => fromInternet(c, server, spec.to === 'web' ? 'web' : 'db', p, source, said), to: server };
}

/** An address as a CIDR (a bare address is a /32). */
const cidrOf = (a: string) => (a.includes('/') ? a : `${a}/32`);

const blockedOf = (s: Stop): Blocked => ({ gate: s.gate, resource: s.resource, code: s.code, direction: s.direction });

/** Every path of the tutorial over what was found. Pure: no AWS call. */
export function analyzePaths(snapshot: VpcSnapshot, roles: Roles, options: PathOptions = {}): PathVerdict[] {
  const c = ctxOf(snapshot, roles);
  return PATHS.map((spec) => verdictOf(c, spec, walkerOf(c, spec, options)));
}

function verdictOf(c: Ctx, spec: PathSpec, walker: Walker): PathVerdict {
  if ('missing' in walker) return { path: spec.id, ok: null, open: null, blockedAt: null, reason: ['path_notJudged', walker.missing] };
  const packets = packetsOf(spec);
  const stops = packets.map((p) => walker.walk(p));
  if (spec.wanted === 'open') {
    // Open when every packet gets through (dnf needs both 80 and 443): the first one stopped says where.
    const s = stops.find((x) => x !== undefined);
    if (!s) return { path: spec.id, ok: true, open: true, blockedAt: null, reason: ['path_open', spec.protocol, spec.ports] };
    return { path: spec.id, ok: false, open: false, blockedAt: blockedOf(s), reason: s.reason, ...(s.fix ? { fix: s.fix } : {}), ...(s.cli ? { cli: s.cli } : {}) };
  }
  // Closed when no packet gets through: one that does opens it.
  const through = stops.findIndex((x) => x === undefined);
  if (through < 0) return { path: spec.id, ok: true, open: false, blockedAt: blockedOf(stops[0]!), reason: stops[0]!.reason };
  return { path: spec.id, ok: false, open: true, blockedAt: null, ...reachable(c, walker.to!, packets[through]) };
}

/** A server the tutorial keeps private answers from the internet: why, and how to take its public address away. */
function reachable(c: Ctx, server: Instance, p: Packet): Pick<PathVerdict, 'reason' | 'fix' | 'cli'> {
  const id = server.InstanceId!;
  const ip = publicIpOf(c, server) ?? '';
  const association = c.s.addresses.find((a) => a.InstanceId === id && a.AssociationId)?.AssociationId;
  const reason: Words = ['path_reachable', 'db', id, ip, p.protocol, p.port];
  return { reason, fix: ['fix_dbPublic', id], ...(association ? { cli: c.cli.disassociateAddress(association) } : {}) };
}

/** A verdict as --json writes it (English, like every --json). */
export interface PathJson {
  path: PathVerdict['path'];
  ok: boolean | null;
  blockedAt: Blocked | null;
  reason: string;
  fix: { console: string; cli: string | null } | null;
}

export function pathJson(v: PathVerdict): PathJson {
  return { path: v.path, ok: v.ok, blockedAt: v.blockedAt, reason: inEnglish(v.reason), fix: v.fix ? { console: inEnglish(v.fix), cli: v.cli ?? null } : null };
}
