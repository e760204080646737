import type { ChalkInstance } from 'chalk';
import type { Finding } from '../engine/finding.js';
import type { PathVerdict } from '../lab/paths/index.js';
import type { Because, Role } from '../lab/rules/roles.js';
import { msg, say, sayIn, type Lang } from './messages/index.js';
import { SYMBOLS } from './style.js';
import { wrap } from './wrap.js';

/**
 * What `check` says of a VPC (issue 26 item 6): what plays which part and why, chapter by
 * chapter a line per finding (✔, ✖, a warning, not judged) with each failing one's fix in
 * the console and as an AWS CLI command, the paths with the gate that blocks, the live
 * probes, and at the end the first thing to fix.
 */
export interface CheckView {
  vpc: string;
  vpcName?: string;
  region: string;
  lab?: string;
  because: Because[];
  findings: Finding[];
  paths: PathVerdict[];
  live: { probe: Parameters<typeof say>[0]; ok: boolean | null; detail: Parameters<typeof say>[0] }[];
}

const ROLES: Role[] = ['internetGateway', 'publicSubnet', 'privateSubnet', 'web', 'db', 'nat'];
const INDENT = '      ';

/** A finding's mark: passed, failed (an error), a warning, not judged. */
function mark(c: ChalkInstance, ok: boolean | null, severity: Finding['severity'] = 'error'): string {
  if (ok === null) return c.dim(msg().mark_unjudged);
  if (ok) return c.green(SYMBOLS.done);
  return severity === 'error' ? c.red(SYMBOLS.fail) : c.yellow(SYMBOLS.warn);
}

/** A fix under its finding or path: the console's path, then the AWS CLI command, wrapped. */
function fixLines(c: ChalkInstance, f: Pick<Finding, 'fix' | 'cli'>): string[] {
  const m = msg();
  const lines = f.fix ? wrap(m.vpccheck_fixConsole(say(f.fix)), 80 - INDENT.length) : [];
  if (f.cli) lines.push(m.vpccheck_fixCli(f.cli));
  return lines.map((l) => `${INDENT}${c.dim(l)}`);
}

/** What plays which part and why, a line per role (this run's language, or `lang`, loaded already). */
export function roleLines(because: Because[], lang?: Lang): string[] {
  const m = msg(lang);
  return ROLES.map((role) => {
    const b = because.find((x) => x.role === role);
    return b ? m.vpccheck_role(role, b.resource, lang ? sayIn(lang, b.reason) : say(b.reason)) : m.vpccheck_roleMissing(role);
  });
}

function findingLines(c: ChalkInstance, findings: Finding[]): string[] {
  const m = msg();
  const chapters = [...new Set(findings.map((f) => f.chapter))].sort((a, b) => a - b);
  return chapters.flatMap((n) => [
    c.bold(m.vpccheck_chapter(n)),
    ...findings
      .filter((f) => f.chapter === n)
      .flatMap((f) => (f.ok === null ? [c.dim(m.vpccheck_notJudged(f.rule, say(f.reason)))] : [m.vpccheck_line(mark(c, f.ok, f.severity), f.rule, say(f.reason)), ...(f.ok ? [] : fixLines(c, f))])),
  ]);
}

/** Each path: as the tutorial wants it or not, the first gate that blocks it, and its fix. */
function pathLines(c: ChalkInstance, paths: PathVerdict[]): string[] {
  const m = msg();
  return paths.flatMap((p) => {
    const line = m.vpccheck_path(mark(c, p.ok), p.path, pathReason(p));
    return p.ok === false ? [line, ...fixLines(c, p)] : [p.ok === null ? c.dim(line) : line];
  });
}

/** Why a path is as it is: the gate that blocks it, then the reason (this run's language, or `lang`, loaded already). */
export function pathReason(p: PathVerdict, lang?: Lang): string {
  const m = msg(lang);
  const at = p.blockedAt ? `${m.vpccheck_pathBlocked(p.blockedAt.gate, p.blockedAt.resource, p.blockedAt.code, p.blockedAt.direction)}: ` : '';
  return `${at}${lang ? sayIn(lang, p.reason) : say(p.reason)}`;
}

/** The first failing error (chapter order), else the first warning: what to do first. */
export function firstToFix(findings: Finding[]): Finding | undefined {
  const failed = findings.filter((f) => f.ok === false).sort((a, b) => a.chapter - b.chapter);
  return failed.find((f) => f.severity === 'error') ?? failed[0];
}

/** The paths, then the first thing to fix (`check` of a lab of the tool's, under its probes and rules). */
export function renderPaths(c: ChalkInstance, findings: Finding[], paths: PathVerdict[]): string[] {
  return ['', msg().vpccheck_pathsHead, ...pathLines(c, paths), '', endLine(c, findings, paths)];
}

/** The first thing to fix: an error first; a path blocked by nothing a finding names next; a warning last. */
export function firstThing(findings: Finding[], paths: PathVerdict[]): { finding: Finding } | { path: PathVerdict } | undefined {
  const first = firstToFix(findings);
  const path = paths.find((p) => p.ok === false);
  if (first?.severity === 'error' || (first && !path)) return { finding: first };
  return path && { path };
}

function endLine(c: ChalkInstance, findings: Finding[], paths: PathVerdict[]): string {
  const m = msg();
  const first = firstThing(findings, paths);
  if (!first) return m.vpccheck_allGood;
  if ('path' in first) return c.red(m.vpccheck_firstPath(first.path.path, say(first.path.fix ?? first.path.reason)));
  const line = m.vpccheck_first(first.finding.rule, say(first.finding.fix ?? first.finding.reason));
  return first.finding.severity === 'error' ? c.red(line) : line;
}

export function renderVpcCheck(c: ChalkInstance, v: CheckView): string {
  const m = msg();
  const count = (ok: boolean | null, severity?: Finding['severity']) => v.findings.filter((f) => f.ok === ok && (!severity || f.severity === severity)).length;
  return [
    v.lab ? m.vpccheck_headLab(v.lab, v.vpc) : m.vpccheck_head(v.vpc, v.vpcName, v.region),
    '',
    m.vpccheck_rolesHead,
    ...roleLines(v.because),
    '',
    ...findingLines(c, v.findings),
    '',
    m.vpccheck_pathsHead,
    ...pathLines(c, v.paths),
    '',
    m.vpccheck_liveHead,
    ...v.live.map((l) => m.vpccheck_live(mark(c, l.ok), say(l.probe), say(l.detail))),
    '',
    m.vpccheck_summary(count(true), count(false, 'error'), count(false, 'warning'), count(null)),
    endLine(c, v.findings, v.paths),
  ].join('\n');
}
