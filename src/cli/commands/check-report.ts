import net from 'node:net';
import { pageOk, pageUrl, WEB_URL_ENV } from '../../aws/web-page.js';
import { inEnglish, LabError, type Words } from '../../engine/errors.js';
import { checkFindingJson, isFailure, type Finding } from '../../engine/finding.js';
import type { Roles, VpcSnapshot } from '../../lab/core/snapshot.js';
import { elasticIpOf, instanceOf } from '../../lab/rules/facts.js';
import type { Probe, Probes } from '../../lab/rules/index.js';
import type { Because } from '../../lab/rules/roles.js';
import { analyzePaths, pathJson, type PathVerdict } from '../../lab/paths/index.js';
import type { CommonFlags } from '../flags.js';
import type { SvgFlags } from '../svg-file.js';
import { topologyOf } from '../../lab/views/topology.js';
import { currentLang } from '../../ui/messages/index.js';
import { pictureSvg } from '../../ui/svg/index.js';
import type { Deps } from '../session.js';
import { sshTarget } from '../ssh-files.js';
import type { ServerProbes } from './check-ssh.js';

/** `check --vpc` and its options (issue 26). */
export interface VpcCheckFlags extends CommonFlags, SvgFlags {
  /** An ID or Name tag; true: no value given (list the VPCs to pick from). */
  vpc?: string | true;
  web?: string;
  db?: string;
  from?: string;
  key?: string;
  timeout?: string;
}

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

/** The endpoint is an emulator (--endpoint-url or AWS_ENDPOINT_URL): its addresses are not servers. */
const emulated = (flags: CommonFlags, env = process.env) => Boolean(flags.endpointUrl ?? env.AWS_ENDPOINT_URL);

/** TCP to a port: open, refused (the packets arrive: the OS answers) or timed out (dropped on the way: AWS's gates). */
export function probeTcp(host: string, port: number, timeoutMs: number): Promise<{ ok: boolean; detail: Words }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean, detail: Words) => {
      socket.destroy();
      resolve({ ok, detail });
    };
    socket.setTimeout(timeoutMs, () => done(false, ['live_sshTimeout']));
    socket.once('connect', () => done(true, ['live_sshOpen']));
    socket.once('error', (err: NodeJS.ErrnoException) => done(false, err.code === 'ECONNREFUSED' ? ['live_sshRefused'] : ['live_sshError', err.code ?? err.message]));
  });
}

/**
 * What can be asked of the servers from here: the page (HTTP GET, the same as `up`'s
 * wait), TCP 22 to the web server. Against an emulator neither is judged unless pointed at
 * stand-ins (AWS_LAB_SETUP_WEB_URL, AWS_LAB_SETUP_SSH_TARGET), as `up`'s page wait does.
 * The page is asked only when the web server has a public address: the stand-in must not
 * answer for a server nobody can reach.
 */
export async function judgeLive(s: VpcSnapshot, roles: Roles, paths: PathVerdict[], flags: VpcCheckFlags, deps: Deps, servers?: (timeoutMs: number) => Promise<ServerProbes | undefined>): Promise<LiveJudged> {
  const timeoutMs = Number(flags.timeout ?? 10) * 1000;
  const web = instanceOf(s, roles.web);
  const address = web && (web.PublicDnsName || web.PublicIpAddress || elasticIpOf(s, web));
  const fake = emulated(flags);
  const lines: LiveLine[] = [];
  const probes: Probes = {};
  const notJudged = (probe: Words, detail: Words) => lines.push({ probe, ok: null, detail });
  const url = address ? pageUrl(`http://${address}/`) : undefined;
  const standIn = sshTarget(flags);
  // A page behind a blocked path says nothing of Apache: the path says what is wrong.
  const http = paths.find((p) => p.path === 'internet-web-http');
  const blocked = http?.open === false;
  // The servers over SSH (--key): against an emulator only with an sshd stand-in.
  const askServers = servers && (!fake || standIn) ? servers(timeoutMs) : undefined;
  const [page, ssh, remote] = await Promise.all([
    url && !blocked && (!fake || process.env[WEB_URL_ENV]) ? deps.page(url, timeoutMs) : undefined,
    address && (!fake || standIn) ? probeTcp(standIn?.host ?? address, standIn?.port ?? 22, timeoutMs) : undefined,
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

export interface LiveJudged {
  probes: Probes;
  lines: LiveLine[];
  /** Why each live rule without its probe was not judged (no key, the path blocked, an emulator). */
  unjudged: Record<string, Words>;
}

/** A live rule not judged says why in this check's words (rather than "only check asks"). */
export function sayUnjudged(findings: Finding[], live: LiveJudged): Finding[] {
  return findings.map((f) => (f.ok === null && live.unjudged[f.rule] ? { ...f, reason: live.unjudged[f.rule] } : f));
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
export function failures(r: CheckReport): number {
  return r.findings.filter(isFailure).length + r.paths.filter((p) => p.ok === false).length;
}

/** Exit 1 when anything the tutorial needs is not as it should be (warnings do not count). */
export function checkFailure(r: CheckReport): LabError | undefined {
  const n = failures(r);
  return n ? new LabError('CheckFailed', ['err_vpcFailed', n], ['hint_vpcFailed']) : undefined;
}

/** `check --json` of a VPC (issue 26 item 6), in English. */
export function checkJson(r: CheckReport) {
  const { roles } = r;
  return {
    ok: failures(r) === 0,
    command: 'check' as const,
    vpc: r.vpc,
    lab: r.lab ?? null,
    roles: {
      vpc: roles.vpc,
      publicSubnet: roles.publicSubnet ?? null,
      privateSubnet: roles.privateSubnet ?? null,
      internetGateway: roles.internetGateway ?? null,
      web: roles.web ?? null,
      db: roles.db ?? null,
      nat: roles.nat?.id ?? null,
    },
    because: r.because.map((b) => ({ role: b.role, resource: b.resource, reason: inEnglish(b.reason) })),
    findings: r.findings.map(checkFindingJson),
    paths: r.paths.map(pathJson),
    live: r.live.map((l) => ({ probe: inEnglish(l.probe), ok: l.ok, detail: inEnglish(l.detail) })),
  };
}

export type CheckVpcJson = ReturnType<typeof checkJson>;

/**
 * What was checked, drawn (`--svg`): the failing findings marked and numbered in the order
 * the check lists them (chapter by chapter), each blocked path broken at its gate.
 */
export function checkPicture(snapshot: VpcSnapshot, report: CheckReport): string {
  const findings = [...report.findings].sort((a, b) => a.chapter - b.chapter);
  return pictureSvg(topologyOf(snapshot, report.roles), { lang: currentLang(), findings, paths: report.paths });
}
