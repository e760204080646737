import type { ChalkInstance } from 'chalk';
import { SYMBOLS } from './style.js';
import type { QuotaRow } from '../aws/quotas.js';
import type { PerLearnerItem, ShortItem, SweptKind } from './messages/en-class.js';
import { msg } from './messages/index.js';
import { clockTime } from './views.js';
import { padEnd, width } from './width.js';
import { hang, screenColumns } from './wrap.js';

/** One learner's line of `class status`. */
export interface ClassStatusRow {
  learner: string;
  lab: string;
  /** "account/region". */
  target: string;
  chapters?: number;
  of?: number;
  webUrl?: string;
  /** "gateway nat-…", "instance i-…", or "none". */
  nat?: string;
  costSoFar?: number;
  expires?: string;
  expired?: boolean;
  /** The lab's failure, said in this run's language. */
  error?: string;
}

/**
 * Columns padded to their widest cell, as the terminal shows them (wide characters take
 * two): as many as fit 80 columns; each row's other cells go on under it, named by their
 * headings and wrapped. One entry per row (a row of two lines holds a line break).
 */
export function table(rows: string[][]): string[] {
  const [head] = rows;
  const widths = head.map((_, i) => Math.max(...rows.map((r) => width(r[i]))));
  let shown = 1;
  for (let used = widths[0]; shown < widths.length && used + 2 + widths[shown] <= screenColumns(); shown++) used += 2 + widths[shown];
  const line = (r: string[]) => r.slice(0, shown).map((cell, i) => (i === shown - 1 ? cell : padEnd(cell, widths[i]))).join('  ').trimEnd();
  const rest = (r: string[]) => r.slice(shown).map((cell, i) => (cell ? `${head[shown + i]} ${cell}` : '')).filter(Boolean).join('  ');
  return rows.map((r, n) => (n === 0 || !rest(r) ? line(r) : [line(r), ...hang(rest(r), screenColumns(), '    ')].join('\n')));
}

export function renderClassStatus(c: ChalkInstance, klass: string, rows: ClassStatusRow[], now: number): string {
  const m = msg();
  const body = rows.map((r) =>
    r.error
      ? [r.learner, r.target, `${SYMBOLS.fail} ${r.error}`, '', '', '', '']
      : [
          r.learner,
          r.target,
          `${r.chapters}/${r.of}`,
          r.webUrl ?? '-',
          r.nat === 'none' ? m.classNatNone : r.nat ? m.setting_value('nat', r.nat) : '-',
          r.costSoFar === undefined ? '-' : m.amount(r.costSoFar),
          r.expires ? (r.expired ? m.classExpired(clockTime(r.expires, now)) : clockTime(r.expires, now)) : m.classNever,
        ],
  );
  const total = rows.reduce((s, r) => s + (r.costSoFar ?? 0), 0);
  const [h, ...lines] = table([m.classStatusHead, ...body]);
  return [c.bold(m.classStatusTitle(klass, rows.length, m.amount(total))), c.dim(h), ...lines].join('\n');
}

/** The labs that failed, each with its one-line reason (said in this run's language). */
export function renderClassResults(c: ChalkInstance, failures: { lab: string; where: string; reason: string }[]): string {
  const m = msg();
  const fit = (text: string, first: string) => hang(text, screenColumns(), first, '    ');
  return [c.red(m.classFailed(failures.length)), ...failures.flatMap((f) => fit(`${c.red(SYMBOLS.fail)} ${f.lab} (${f.where}): ${f.reason}`, '  ')), ...fit(`${c.dim(m.next)} ${m.classFailedNext}`, '  ')].join('\n');
}

/** What the sweep found still tagged with the class, per account and region. */
export function renderLeftovers(c: ChalkInstance, targets: string[], left: { kind: SweptKind; id: string; lab?: string; target: string }[]): string {
  const m = msg();
  if (left.length === 0) return m.classNothingLeft(targets);
  return [c.yellow(`${SYMBOLS.warn} ${m.classStillTagged}`), ...left.flatMap((x) => hang(m.classLeft(x.target, x.kind, x.id, x.lab), screenColumns(), '', '    '))].join('\n');
}

/** The class's quotas: need / in use / limit / short, per account and region (NAT gateways per zone). */
export function renderClassQuotas(c: ChalkInstance, rows: QuotaRow[]): string {
  const m = msg();
  const body = rows.map((r) => [
    r.target,
    m.classQuota(r.quota, r.zone),
    `${r.serviceCode} ${r.quotaCode}`,
    String(r.need),
    String(r.used),
    String(r.limit),
    r.short > 0 ? String(r.short) : '-',
    m.limitFrom(r.limitFrom),
  ]);
  const [h, ...lines] = table([m.classQuotasHead, ...body]);
  return [c.dim(h), ...lines.map((line, i) => (rows[i].short > 0 ? c.red(line) : line))].join('\n');
}

/** Short quotas' rows, as the class's sentences name them. */
export const shortItems = (rows: QuotaRow[]): ShortItem[] => rows.map((r) => ({ quota: r.quota, zone: r.zone, short: r.short, target: r.target, code: r.quotaCode }));

/** What else would fit the class, when it is short. */
export function renderQuotaOptions(c: ChalkInstance, o: { natInstance?: QuotaRow[]; perLearner: PerLearnerItem[] }, zoneNote: boolean): string {
  const m = msg();
  const lines: string[] = [c.bold(m.classWhatElse)];
  if (o.natInstance) lines.push(o.natInstance.length === 0 ? m.classNatInstanceFits : m.classNatInstanceShort(shortItems(o.natInstance)));
  lines.push(o.perLearner.length === 0 ? m.classPerLearnerFits : m.classPerLearnerShort(o.perLearner));
  if (zoneNote) lines.push(m.classZoneNote);
  lines.push(m.classAskMore);
  return lines.flatMap((l) => hang(l, screenColumns(), '', '  ')).join('\n');
}

/** Requests for more, open or filed now. */
export function renderQuotaRequests(c: ChalkInstance, requests: { target: string; quota: string; quotaCode: string; wanted: number; id?: string; status?: string; desired?: number; filed: boolean }[]): string {
  const m = msg();
  if (requests.length === 0) return m.classNoneShort;
  return requests
    .map((r) => {
      if (r.filed) return `${c.green(SYMBOLS.done)} ${m.classRequestFiled(r.target, r.quota, r.quotaCode, r.desired, r.id, r.status)}`;
      if (r.id) return `${c.yellow(SYMBOLS.warn)} ${m.classRequestOpen(r.target, r.quota, r.quotaCode, r.id, r.status, r.desired, r.wanted)}`;
      return `${SYMBOLS.warn} ${m.classRequestNone(r.target, r.quota, r.quotaCode, r.wanted)}`;
    })
    .flatMap((line) => hang(line, screenColumns(), '  ', '    '))
    .join('\n');
}

/** A lab's (or the class's) cost per hour: "$0.0621/h". */
export const hourlyText = (n: number) => msg().perHour(n);

/** `class plan`: a line per lab — what it creates and changes and what it costs, or why it cannot be planned. */
export function renderClassPlan(rows: { lab: string; target: string; said?: string; create?: number; update?: number; hourly?: number }[]): string[] {
  return rows.map((r) => `${padEnd(r.lab, 24)} ${padEnd(r.target, 28)} ${r.said ? `${SYMBOLS.fail} ${r.said}` : `+${r.create} ~${r.update}  ${r.hourly === undefined ? '?' : hourlyText(r.hourly)}`}`);
}

/** One account or profile a roster reaches (class/roster.ts Reached). */
export interface ReachRow {
  account?: string;
  profile?: string;
  labs: number;
}

/** The accounts and profiles a roster reaches, a line each under a heading (class plan, class up's confirmation). */
export function renderClassReach(reached: readonly ReachRow[], roleName: string): string {
  const m = msg();
  const line = (r: ReachRow) => (r.account ? m.classReachAccount(r.account, roleName, r.profile, r.labs) : m.classReachProfile(r.profile, r.labs));
  return [m.classReachHead(reached.length), ...reached.flatMap((r) => hang(line(r), screenColumns(), '  ', '    '))].join('\n');
}
