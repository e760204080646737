import { pageOk, pageUrl, WEB_URL_ENV, type PageAnswer } from '../../aws/web-page.js';
import { UsageError, type Words } from '../../engine/errors.js';
import { isFailure, type Finding } from '../../engine/finding.js';
import type { LabContext } from '../core/context.js';
import type { Roles, VpcSnapshot } from '../core/snapshot.js';
import { tagValue } from '../core/tags.js';
import { analyzePaths, type PathVerdict } from '../paths/index.js';
import { withCli } from '../rules/cli.js';
import { elasticIpOf, instanceOf } from '../rules/facts.js';
import { evaluate, type Probe, type Probes } from '../rules/index.js';
import { rolesOfVpc, type Because, type RoleOverrides } from '../rules/roles.js';
import { snapshotOfVpc } from '../rules/vpc.js';

/**
 * The one check of a VPC (issue 26): `check --vpc`, `check --name` and `class check` all
 * judge through here — the tutorial's findings with their fixes, the paths and the gate
 * that blocks each, and the live probes. What reaches the network (the page, TCP 22, the
 * servers over SSH) is given by the caller, so that this floor opens no socket and a class
 * asks the same probes as one learner's check.
 */

/** One live probe's line: judged (ok) or not (null), and what it found. */
export interface LiveLine {
  probe: Words;
  ok: boolean | null;
  detail: Words;
}

/** What a check found, as the terminal and --json say it. */
export interface CheckReport {
  vpc: string;
  vpcName?: string;
  region: string;
  /** A lab of the tool's: its name. */
  lab?: string;
  roles: Roles;
  because: Because[];
  findings: Finding[];
  /** The tutorial's paths and the first gate that blocks each (lab/paths). */
  paths: PathVerdict[];
  live: LiveLine[];
}

/** What only the servers can tell, asked over SSH with the learner's key (cli/commands/check-ssh.ts). */
export interface ServerAnswers {
  ping: Probe;
  mariadb: Probe;
  wayOut: Probe;
}

/** The live probes' reach into the network, given by the caller. */
export interface LiveSeams {
  timeoutMs: number;
  /** One GET of the page (aws/web-page.ts askPage). */
  page(url: string, timeoutMs: number): Promise<PageAnswer>;
  /** TCP to a port: open, refused or timed out. */
  tcp(host: string, port: number, timeoutMs: number): Promise<{ ok: boolean; detail: Words }>;
  /** The endpoint is an emulator: its addresses are not servers (only stand-ins are asked). */
  emulated: boolean;
  /** Against an emulator: the page's stand-in is set (AWS_LAB_SETUP_WEB_URL). */
  pageStandIn: boolean;
  /** Against an emulator: an sshd standing in for the web server (AWS_LAB_SETUP_SSH_TARGET). */
  sshStandIn?: { host: string; port: number };
  /** The servers over SSH (`--key`); undefined: no key, never asked. */
  servers?: (timeoutMs: number) => Promise<ServerAnswers | undefined>;
}

export interface LiveJudged {
  probes: Probes;
  lines: LiveLine[];
  /** Why each live rule without its probe was not judged (no key, the path blocked, an emulator). */
  unjudged: Record<string, Words>;
}

/**
 * What can be asked of the servers from here: the page (HTTP GET, the same as `up`'s
 * wait), TCP 22 to the web server. Against an emulator neither is judged unless pointed at
 * stand-ins (AWS_LAB_SETUP_WEB_URL, AWS_LAB_SETUP_SSH_TARGET), as `up`'s page wait does.
 * The page is asked only when the web server has a public address: the stand-in must not
 * answer for a server nobody can reach.
 */
export async function judgeLive(s: VpcSnapshot, roles: Roles, paths: PathVerdict[], seams: LiveSeams): Promise<LiveJudged> {
  const { timeoutMs, emulated: fake, sshStandIn: standIn, servers } = seams;
  const web = instanceOf(s, roles.web);
  const address = web && (web.PublicDnsName || web.PublicIpAddress || elasticIpOf(s, web));
  const lines: LiveLine[] = [];
  const probes: Probes = {};
  const notJudged = (probe: Words, detail: Words) => lines.push({ probe, ok: null, detail });
  const url = address ? pageUrl(`http://${address}/`) : undefined;
  // A page behind a blocked path says nothing of Apache: the path says what is wrong.
  const http = paths.find((p) => p.path === 'internet-web-http');
  const blocked = http?.open === false;
  // The servers over SSH (--key): against an emulator only with an sshd stand-in.
  const askServers = servers && (!fake || standIn) ? servers(timeoutMs) : undefined;
  const [page, ssh, remote] = await Promise.all([
    url && !blocked && (!fake || seams.pageStandIn) ? seams.page(url, timeoutMs) : undefined,
    address && (!fake || standIn) ? seams.tcp(standIn?.host ?? address, standIn?.port ?? 22, timeoutMs) : undefined,
    askServers,
  ]);
  if (page) {
    const p: Probe = { name: ['live_http', url!], ok: pageOk(page), detail: 'status' in page ? ['pageAnswered', page.status] : ['pageNoAnswerIn', timeoutMs / 1000, page.error] };
    probes.page = p;
    lines.push({ probe: p.name, ok: p.ok, detail: p.detail });
  } else notJudged(['live_http', url ?? '-'], !address ? ['live_noAddress'] : blocked ? ['live_pathBlocked', 'internet-web-http'] : ['live_emulated', WEB_URL_ENV]);
  if (ssh) lines.push({ probe: ['live_ssh', address!], ok: ssh.ok, detail: ssh.detail });
  else notJudged(['live_ssh', address ?? '-'], address ? ['live_emulated', 'AWS_LAB_SETUP_SSH_TARGET'] : ['live_noAddress']);
  const unjudged: Record<string, Words> = { 'apache.page': lines[0].detail };
  if (remote) {
    Object.assign(probes, { ping: remote.ping, mariadb: remote.mariadb });
    for (const p of [remote.ping, remote.mariadb, remote.wayOut]) lines.push({ probe: p.name, ok: p.ok, detail: p.detail });
  } else {
    const why: Words = !servers ? ['live_noKey'] : fake && !standIn ? ['live_emulated', 'AWS_LAB_SETUP_SSH_TARGET'] : ['live_noAddress'];
    const db = instanceOf(s, roles.db)?.PrivateIpAddress ?? '-';
    for (const probe of [['live_ping', db], ['live_mariadb'], ['live_wayOut']] as Words[]) notJudged(probe, why);
    Object.assign(unjudged, { 'db.ping': why, 'db.mariadb': why });
  }
  return { probes, lines, unjudged };
}

/** A live rule not judged says why in this check's words (rather than "only check asks"). */
function sayUnjudged(findings: Finding[], unjudged: Record<string, Words>): Finding[] {
  return findings.map((f) => (f.ok === null && unjudged[f.rule] ? { ...f, reason: unjudged[f.rule] } : f));
}

/**
 * The paths from where you are: "you" is --from, else this machine's address; when neither
 * is known, SSH from you is not judged (from anywhere it would fail a lab that lets SSH in
 * from "My IP" only, as the tutorial does).
 */
export function pathsFrom(snapshot: VpcSnapshot, roles: Roles, from: string | undefined): PathVerdict[] {
  const paths = analyzePaths(snapshot, roles, { from });
  return from ? paths : paths.map((p) => (p.path === 'you-web-ssh' ? { path: p.path, ok: null, open: null, blockedAt: null, reason: ['vpccheck_fromUnknown'] } : p));
}

/** The failures that fail the check: error-level findings and paths not as they should be. */
export function failures(r: Pick<CheckReport, 'findings' | 'paths'>): number {
  return r.findings.filter(isFailure).length + r.paths.filter((p) => p.ok === false).length;
}

/** How a report is judged: the live probes as run (or their lines and probes given), from where. */
export interface JudgeOptions {
  from?: string;
  lab?: string;
  because?: Because[];
  live: LiveJudged;
  /** The paths as the live probes saw them (computed here when not given). */
  paths?: PathVerdict[];
}

/** The findings (with their AWS CLI fix) and paths of a snapshot whose roles are known. */
export function judge(snapshot: VpcSnapshot, roles: Roles, o: JudgeOptions): CheckReport {
  const findings = sayUnjudged(withCli(evaluate(snapshot, roles, o.live.probes), { snapshot, roles, from: o.from }), o.live.unjudged);
  return {
    vpc: roles.vpc,
    vpcName: tagValue(snapshot.vpc.Tags, 'Name'),
    region: snapshot.region,
    ...(o.lab ? { lab: o.lab } : {}),
    roles,
    because: o.because ?? [],
    findings,
    paths: o.paths ?? pathsFrom(snapshot, roles, o.from),
    live: o.live.lines,
  };
}

/** The live probes, then the judgement: a VPC (or a lab's) as a check without --key sees it, or with its servers. */
export async function judgeWithLive(snapshot: VpcSnapshot, roles: Roles, seams: LiveSeams, o: Omit<JudgeOptions, 'live' | 'paths'>): Promise<CheckReport> {
  const paths = pathsFrom(snapshot, roles, o.from);
  const live = await judgeLive(snapshot, roles, paths, seams);
  return judge(snapshot, roles, { ...o, live, paths });
}

/** --web / --db: an instance of the VPC, else exit 2 naming it. */
function validateServers(s: VpcSnapshot, overrides: RoleOverrides): void {
  for (const flag of ['web', 'db'] as const) {
    const id = overrides[flag];
    if (id !== undefined && !s.instances.some((i) => i.InstanceId === id)) throw new UsageError(['err_roleNotInVpc', flag, id, s.vpc.VpcId!], ['hint_roleNotInVpc']);
  }
}

/**
 * A VPC built by hand, read from a context that may only read and looks at that VPC
 * (scope `{by:'vpc'}`): roles by what things do (or --web/--db), then the one judgement.
 * `seams` may be a function of the snapshot and roles (the SSH probes need them).
 */
export async function checkVpc(
  ctx: LabContext,
  vpcId: string,
  o: { from?: string | Promise<string | undefined>; overrides?: RoleOverrides; seams: LiveSeams | ((s: VpcSnapshot, roles: Roles) => LiveSeams) },
): Promise<{ snapshot: VpcSnapshot; report: CheckReport }> {
  const [snapshot, from] = await Promise.all([snapshotOfVpc(ctx, vpcId), o.from]);
  validateServers(snapshot, o.overrides ?? {});
  const { roles, because } = rolesOfVpc(snapshot, o.overrides ?? {});
  const seams = typeof o.seams === 'function' ? o.seams(snapshot, roles) : o.seams;
  return { snapshot, report: await judgeWithLive(snapshot, roles, seams, { from, because }) };
}
