import type { ChalkInstance } from 'chalk';
import type { CostEstimate } from '../lab/core/cost.js';
import type { LabOutputs } from '../lab/views/outputs.js';
import type { Doubt } from '../lab/views/ownership.js';
import { countActions, type Action, type PlanItem } from '../lab/views/plan.js';
import type { LookAt } from '../lab/views/console.js';
import type { QuotaCheck, Readiness } from '../lab/views/readiness.js';
import type { ChapterProgress, ExpiryInfo, StatusRow } from '../lab/views/status.js';
import type { Outcome } from '../engine/resource.js';
import type { Finding } from '../engine/finding.js';
import type { Probe } from '../lab/rules/index.js';
import type { PageAnswer } from '../aws/web-page.js';
import { chapterName, chapterTitle } from './i18n.js';
import { msg, say } from './messages/index.js';
import { removalOf } from './messages/figures.js';
import { clockTimeIn } from './time.js';
import type { Words } from '../engine/errors.js';
import type { LockRecord } from '../engine/store/location.js';
import { SYMBOLS } from './style.js';
import { padEnd, plain, width } from './width.js';
import { commandLines, fitLines, hang, screenColumns, wrap } from './wrap.js';

const actionWord = (a: Action, id?: string) => (a === 'delete' ? msg().action_removed(removalOf(id)) : msg()[`action_${a}`]);

function colour(c: ChalkInstance, action: Action): (s: string) => string {
  switch (action) {
    case 'create':
      return c.green;
    case 'update':
      return c.yellow;
    case 'replace':
    case 'delete':
      return c.red;
    default:
      return c.dim;
  }
}

/** One setting as the plan shows it under its chapter (from the settings table). */
export interface PlanSetting {
  chapter: number;
  label: string;
  value: string;
  /** Said after the value, marked: a risky value (SSH open to the whole internet). */
  caution?: string;
}

/**
 * The plan as a tree under chapter headings, in dependency order, with a count line. Every
 * line fits the screen: a chapter's settings wrap under it, a label and its ID under the
 * label's column, a change under its own text.
 */
export function renderPlan(c: ChalkInstance, items: PlanItem[], settings: PlanSetting[] = []): string {
  const lines: string[] = [];
  let chapter = -1;
  for (const item of [...items].sort((a, b) => a.chapter - b.chapter)) {
    if (item.chapter !== chapter) {
      chapter = item.chapter;
      lines.push(c.bold(`${chapter}. ${chapterTitle(chapter)}`));
      // Each setting its own lines: a risky one (SSH open to the world) stands out whole.
      for (const s of settings.filter((x) => x.chapter === chapter)) {
        const said = s.caution ? msg().settingCaution(s.label, s.value, SYMBOLS.warn, s.caution) : msg().settingShown(s.label, s.value);
        lines.push(...hang(said, screenColumns(), '  ', '    ').map((l) => (s.caution ? c.yellow(l) : c.dim(l))));
      }
    }
    const paint = colour(c, item.action);
    const indent = '  '.repeat(Math.min(item.depth, 4));
    const mark = `${SYMBOLS[item.action]} ${padEnd(actionWord(item.action, item.id), 9)}`;
    const under = ' '.repeat(2 + indent.length + width(mark) + 1);
    const [first, ...more] = wrap(item.id ? `${say(item.label)} ${item.id}` : say(item.label), screenColumns() - under.length);
    // The ID is dim where it ends the label's last line.
    const dimId = (line: string) => (item.id && line.endsWith(item.id) ? `${line.slice(0, -item.id.length)}${c.dim(item.id)}` : line);
    lines.push(`  ${indent}${paint(mark)} ${dimId(first)}`, ...more.map((line) => `${under}${dimId(line)}`));
    for (const change of item.changes) lines.push(...hang(say(change), screenColumns(), `${under}- `).map((l) => c.dim(l)));
  }
  const n = countActions(items);
  const summary = (Object.keys(n) as Action[]).filter((a) => n[a] > 0).map((a) => msg().planCount(n[a], a));
  lines.push('', msg().planLine(summary));
  return lines.join('\n');
}

/** Dollars to `digits` places: "$0.062". */
export const usd = (n: number, digits = 3) => `$${n.toFixed(digits)}`;

/**
 * The running cost as a table: each part and its price per hour, then the total. The prices
 * start at one column, after the widest label (a Japanese one is wider than its length);
 * labels are written without ambiguous-width characters (2 x t3.micro), so the column holds
 * on a terminal that draws those two columns wide.
 */
export function renderCost(c: ChalkInstance, cost: CostEstimate, title = msg().costWhileUp): string {
  const m = msg();
  if (!cost.known) return wrap(m.labelled(title, c.yellow(m.unknownCost(say(cost.because)))), screenColumns()).join('\n');
  const labels = [...cost.lines.map((l) => plain(m.costItem(l.quantity, m.costPart(l.part, l.type)))), plain(m.costTotal)];
  const column = Math.max(...labels.map(width));
  const lines = wrap(m.costHead(title, cost.region, cost.takenOn), screenColumns()).map((l) => c.bold(l));
  cost.lines.forEach((l, i) => lines.push(`  ${padEnd(labels[i], column)}  ${m.perHour(l.hourly)}`));
  lines.push(`  ${padEnd(labels.at(-1)!, column)}  ${c.bold(m.perHour(cost.hourly))}  ${c.bold(m.perMonth(cost.monthly))}`);
  // Its wrapped lines under its own indent (fitLines), not at the screen's edge.
  lines.push(...fitLines(m.costPerGb, screenColumns()).split('\n').map((l) => c.dim(l)));
  return lines.join('\n');
}

/** A command to paste, indented, in lines that fit the screen (ending in ` \`). */
const command = (text: string) => commandLines(text, screenColumns() - 2).map((l) => `  ${l}`).join('\n');

/** `through`: the last chapter built when the run stopped before the end (--until, --step). */
export function renderOutputs(c: ChalkInstance, o: LabOutputs, through?: number): string {
  const m = msg();
  const keys = [m.out_webPublicIp, m.out_webPublicDns, m.out_webUrl, m.out_dbPrivateIp, m.out_privateKey];
  // 16 columns, or more for longer (wider) words: the values start at one column.
  const column = Math.max(16, ...keys.map((k) => width(k) + 1));
  const row = (k: string, v: string | undefined) => `  ${padEnd(k, column)} ${v ?? c.dim(m.notYet)}`;
  const head = through === undefined ? c.bold(m.labUp) : `${c.bold(m.labUpTo(through, chapterTitle(through)))} ${c.dim(m.labGoesOn)}`;
  return [
    head,
    row(m.out_webPublicIp, o.webPublicIp),
    row(m.out_webPublicDns, o.webPublicDns),
    row(m.out_webUrl, o.webUrl),
    row(m.out_dbPrivateIp, o.dbPrivateIp),
    row(m.out_privateKey, o.privateKeyPath),
    '',
    c.bold(m.sshWebHead),
    o.sshWeb ? command(o.sshWeb) : `  ${c.dim(m.notYet)}`,
    c.bold(m.sshDbHead),
    o.sshDb ? command(o.sshDb) : `  ${c.dim(m.notYet)}`,
    o.sshDbJump ? wrap(m.sshDbAgent(o.privateKeyPath ?? '', o.sshDbJump), screenColumns()).map((l) => c.dim(l)).join('\n') : '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

function duration(hours: number): string {
  const minutes = Math.round(hours * 60);
  if (minutes < 60) return msg().durationMinutes(minutes);
  const h = Math.floor(minutes / 60);
  return h < 48 ? msg().durationHours(h, minutes % 60) : msg().durationDays(Math.floor(h / 24), h % 24);
}

/** Where a status row's label starts: after "  ✔ " and the 8-column health word. */
const STATUS_INDENT = 13;
/**
 * The ID column is as wide as the IDs, up to this (rtbassoc-… and eipalloc-… are 26): a
 * longer one (the expiry's schedule name, 43) goes on a line of its own under its label,
 * so the labels keep room to be read.
 */
const STATUS_ID_MAX = 26;

const HEALTH_MARK: Record<StatusRow['health'], string> = { found: SYMBOLS.done, missing: SYMBOLS.fail, drifted: SYMBOLS.warn };

export function renderStatus(c: ChalkInstance, lab: string, region: string, rows: StatusRow[], upHours: number, soFar: number | undefined): string {
  const present = rows.filter((r) => r.health !== 'missing').length;
  const head =
    present === 0
      ? msg().statusNothing(lab, region)
      : msg().statusHead(lab, region, present, rows.length, upHours ? duration(upHours) : undefined, soFar !== undefined ? msg().amount(soFar) : undefined);
  const lines = wrap(head, screenColumns()).map((l) => c.bold(l));
  const states = rows.map((r) => msg().awsState(r.state ?? ''));
  const ids = rows.map((r) => r.id ?? '-');
  const bounded = Number.isFinite(screenColumns());
  const idColumns = Math.max(1, ...ids.map(width).filter((w) => !bounded || w <= STATUS_ID_MAX));
  // The labels get what the screen leaves beside the IDs and states (44 at most), and wrap
  // inside it: a label is never cut, a Japanese one included, and a row never spills past 80.
  const labelColumns = Math.min(44, screenColumns() - STATUS_INDENT - 1 - idColumns - 1 - Math.max(0, ...states.map(width)));
  rows.forEach((r, i) => {
    const paint = r.health === 'found' ? c.green : r.health === 'drifted' ? c.yellow : c.red;
    const [first, ...more] = wrap(say(r.label), labelColumns);
    const head = `  ${paint(`${HEALTH_MARK[r.health]} ${padEnd(msg()[`health_${r.health}`], 8)}`)} `;
    const longId = width(ids[i]) > idColumns;
    lines.push(`${head}${padEnd(first, labelColumns)} ${longId ? ' '.repeat(idColumns) : padEnd(ids[i], idColumns)} ${c.dim(states[i])}`.trimEnd());
    for (const part of more) lines.push(`${' '.repeat(STATUS_INDENT)}${part}`);
    if (longId) lines.push(`${' '.repeat(STATUS_INDENT)}${ids[i]}`);
    // A difference wraps too, under its own text.
    for (const d of r.drift) lines.push(...hang(say(d), screenColumns(), `${' '.repeat(STATUS_INDENT)}- `).map((l) => c.dim(l)));
  });
  return lines.join('\n');
}

/** One thing a chapter made (or found), and how to see it. */
export interface MadeItem {
  /** The resource's label by key and values, said in the run's language. */
  label: Words;
  outcome: Outcome;
  id?: string;
  look?: LookAt;
}

/** After a chapter of `up --step`: what it made, each with its console page and describe command. */
export function renderChapterDone(c: ChalkInstance, chapter: number, items: MadeItem[]): string {
  const m = msg();
  const lines = [c.bold(`${SYMBOLS.done} ${m.chapterDone(chapter, chapterTitle(chapter))}`)];
  for (const i of items) {
    lines.push(`  ${say(i.label)} ${c.dim(`${i.id ?? ''} (${i.outcome === 'deleted' ? m.outcome_removed(removalOf(i.id)) : m[`outcome_${i.outcome}`]})`)}`);
    if (i.look) {
      lines.push(`      ${c.dim(m.lookConsole)} ${i.look.url}`);
      lines.push(`      ${c.dim(m.lookCli)} ${i.look.cli}`);
    }
  }
  return lines.join('\n');
}

const PROGRESS_MARK: Record<ChapterProgress['done'], string> = { done: SYMBOLS.done, partly: SYMBOLS.warn, 'not yet': SYMBOLS.later };

/** "Chapters: ✔ 1 Network · ✔ 2 Web server · . 3 Apache (not yet) · …" */
export function renderChapters(c: ChalkInstance, chapters: ChapterProgress[]): string {
  const parts = chapters.map((ch) => {
    const paint = ch.done === 'done' ? c.green : ch.done === 'partly' ? c.yellow : c.dim;
    const state = ch.done === 'done' ? undefined : ch.done === 'partly' ? msg().progress_partly : msg().progress_notYet;
    return paint(`${PROGRESS_MARK[ch.done]} ${msg().chapterProgress(ch.chapter, chapterName(ch.name), state)}`);
  });
  const next = chapters.some((ch) => ch.done !== 'done') && chapters.some((ch) => ch.done !== 'not yet') ? c.dim(msg().chaptersRest) : '';
  return hang(`${msg().chaptersLine(parts)}${next}`, screenColumns(), '', '  ').join('\n');
}

/**
 * One quota: in use + for the lab, of the limit (where it came from); a limit Service
 * Quotas would not give is said so, with a warning when the lab needs more than a new
 * account has.
 */
function quotaLine(c: ChalkInstance, q: QuotaCheck): string {
  const m = msg();
  const counted = m.quotaCounted(m.quotaWhat(q.quota, q.what), q.used, q.needed);
  if (q.limit !== undefined) {
    const text = m.quotaOf(counted, q.limit, q.limitFrom, q.serviceCode, q.quotaCode);
    return q.ok ? `${c.green(SYMBOLS.done)} ${text}` : c.red(`${SYMBOLS.delete} ${text}`);
  }
  const unknown = m.quotaUnreadable(counted, q.serviceCode, q.quotaCode, q.unreadable ?? '');
  return q.warn ? c.yellow(`${SYMBOLS.warn} ${m.quotaWarn(unknown, q.newAccount)}`) : `${c.dim('?')} ${m.quotaFits(unknown, q.newAccount)}`;
}

/** The preflight: which calls the credentials may make, and the quotas the lab needs room in. */
export function renderReadiness(c: ChalkInstance, r: Readiness, opts: { debug?: boolean } = {}): string {
  const count = (v: string) => r.permissions.filter((p) => p.verdict === v).length;
  const refused = r.permissions.filter((p) => p.verdict === 'refused');
  const m = msg();
  const lines = [c.bold(m.preflight)];
  lines.push(
    ...hang(
      refused.length
        ? c.red(`${SYMBOLS.delete} ${m.permissionsRefused(refused.length, refused.map((p) => p.action))}`)
        : `${c.green('✔')} ${m.permissionsAllowed(count('allowed'))}${count('unknown') ? c.dim(m.permissionsUnknown(count('unknown'))) : ''}`,
      screenColumns(),
      '  ',
      '    ',
    ),
  );
  for (const q of r.quotas) lines.push(...hang(quotaLine(c, q), screenColumns(), '  ', '    '));
  if (opts.debug) for (const p of r.permissions) lines.push(c.dim(`    ${p.action}: ${p.verdict} (${p.answer})`));
  return lines.join('\n');
}

/** "3 h 12 m", "2 d 5 h", "40 m": how far off a time is. */
export function span(ms: number): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  if (minutes < 60) return msg().spanMinutes(minutes);
  const h = Math.floor(minutes / 60);
  return h < 48 ? msg().spanHours(h, minutes % 60) : msg().spanDays(Math.floor(h / 24), h % 24);
}

/** "08:00 JST (23:00 UTC)", with the date when it is not today (ui/time.ts). */
export const clockTime = (iso: string, now: number): string => clockTimeIn(iso, now);

const perHourAndMonth = (c: CostEstimate) => (c.known ? msg().perHourAndMonth(c.hourly, c.monthly) : msg().unknownCost(say(c.because)));
const billsAfter = (c: CostEstimate) =>
  c.known ? msg().billsAnd(c.lines.map((l) => (l.part === 'volumeGb' ? msg().billsGb(l.quantity) : msg().billsItem(l.quantity, msg().costPart(l.part, l.type))))) : msg().billsAddressesVolumes;

/**
 * The expiry in one or two lines: "Expires at 23:00 UTC (in 3 h 12 m): …", "Expired at …",
 * or no expiry at all; and what keeps billing.
 */
export function renderExpiry(c: ChalkInstance, e: ExpiryInfo, now: number): string {
  // Each line's wrapped lines under its own indent (the bills after the expiry: two spaces).
  return expiryLines(c, e, now).map((line) => fitLines(line, screenColumns())).join('\n');
}

function expiryLines(c: ChalkInstance, e: ExpiryInfo, now: number): string[] {
  const m = msg();
  if (!e.at) return [`${c.bold(m.noExpiry)} ${m.noExpiryBills(perHourAndMonth(e.now))} ${c.dim(m.noExpiryHow)}`];
  const when = clockTime(e.at, now);
  if (e.expired) {
    return [m.expiredDid(c.bold(m.expiredAt(when, span(now - Date.parse(e.at)))), e.acts.map((a) => m[`expiryAct_${a}`])), m.expiredStill(billsAfter(e.after), perHourAndMonth(e.after))];
  }
  return [
    m.expiresWill(c.bold(m.expiresAt(when, span(Date.parse(e.at) - now))), e.acts.map((a) => m[`expiryAct_${a}`])),
    m.expiresAfter(billsAfter(e.after), perHourAndMonth(e.after), c.dim(m.expiresNow(perHourAndMonth(e.now)))),
  ];
}

// --- the end of `up`: the web page, from this machine ----------------------------------

/** "42 s", "3 min 5 s": a wait or a boot, to the second. */
export function seconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 90 ? msg().seconds(s) : msg().minutesSeconds(Math.floor(s / 60), s % 60);
}

/** One answer of the page: "answered 503", "no answer in 10s (ECONNREFUSED)" (`check`'s words too). */
export function renderPageAnswer(a: PageAnswer, timeoutMs?: number): string {
  if ('status' in a) return msg().pageAnswered(a.status);
  return timeoutMs === undefined ? msg().pageNoAnswerYet(a.error) : msg().pageNoAnswerIn(timeoutMs / 1000, a.error);
}

/**
 * `check`'s lines: which NAT the DB server's packages came through, then each probe, then
 * the tutorial's other rules (`rules`: those the probes do not say): a count, and each
 * one not passed with its fix.
 */
export function renderCheck(c: ChalkInstance, lab: string, nat: LabOutputs['nat'], results: Probe[], rules: Finding[] = []): string {
  const m = msg();
  const head = nat ? m.check_head(lab, nat.kind, nat.id) : m.check_headNoNat(lab);
  const line = (r: (typeof results)[number]) => hang(m.check_line(r.ok ? c.green(SYMBOLS.done) : c.red(SYMBOLS.fail), say(r.name), say(r.detail)), screenColumns(), '', '    ');
  return [...wrap(head, screenColumns()), ...results.flatMap(line), ...renderFindings(c, rules)].join('\n');
}

const FIX_INDENT = 4;

/**
 * The rules' count, then each failed, warned or unjudged finding (chapter order) and its fix, wrapped.
 * `brief` (status, under its table): one line per failed finding, no count, no fix; nothing when none fails.
 */
export function renderFindings(c: ChalkInstance, findings: Finding[], brief = false): string[] {
  const m = msg();
  if (findings.length === 0) return [];
  const count = (ok: boolean | null, severity?: Finding['severity']) => findings.filter((f) => f.ok === ok && (!severity || f.severity === severity)).length;
  const lines = brief ? [] : [m.rules_head(count(true), count(false, 'error'), count(false, 'warning'), count(null))];
  const mark = (f: Finding) => (f.ok === null ? c.dim(msg().mark_unjudged) : f.severity === 'error' ? c.red(SYMBOLS.fail) : c.yellow(SYMBOLS.warn));
  for (const f of [...findings].filter((x) => (brief ? x.ok === false : x.ok !== true)).sort((a, b) => a.chapter - b.chapter)) {
    const said = hang(m.rules_line(mark(f), f.rule, say(f.reason)), screenColumns(), '', '    ');
    lines.push(...(f.ok === null ? said.map((l) => c.dim(l)) : said));
    // A fix is wrapped at 80 even in piped output (it always was): a paragraph to read.
    if (f.fix && !brief) wrap(m.rules_fix(say(f.fix)), Math.min(80, screenColumns()) - FIX_INDENT).forEach((part) => lines.push(`${' '.repeat(FIX_INDENT)}${c.dim(part)}`));
  }
  return lines;
}

/** Who holds a lab's lock, for a person. */
export function renderHolder(h: LockRecord): string {
  return msg().lockHolder(h.owner, h.host, h.pid);
}

/** How long ago a lock was renewed: "3m 20s". */
export function renderAge(ms: number): string {
  return msg().lockAge(Math.max(0, Math.round(ms / 1000)));
}

/** With --endpoint-url (an emulator): no server boots there, so no page is waited for. */
export function renderPageSkipped(env: string): string {
  return msg().pageSkipped(env);
}

/** The progress line's label while `up` waits for the page. */
export function renderPageWaiting(url: string, boundMs: number): string {
  return msg().pageWaiting(url, seconds(boundMs));
}

/**
 * The page answered: after how long, and how long the first boot took (from the web
 * server's launch) when this run launched it.
 */
export function renderPageAnswered(c: ChalkInstance, url: string, waitedMs: number, bootMs?: number): string {
  return hang(`${c.green(SYMBOLS.done)} ${msg().pageAnswered200(url, seconds(waitedMs), bootMs === undefined ? undefined : seconds(bootMs))}`, screenColumns(), '', '  ').join('\n');
}

/** Not in time: nothing is wrong with the lab yet; the first boot is still installing. */
export function renderPageLate(c: ChalkInstance, url: string, waitedMs: number, last?: PageAnswer): string {
  const m = msg();
  const said = !last ? undefined : 'status' in last ? m.pageLateAnswered(last.status) : m.pageLateNoAnswer(last.error);
  return [...hang(m.pageLate(url, seconds(waitedMs), said), screenColumns(), `${SYMBOLS.warn} `).map((l) => c.yellow(l)), ...wrap(m.pageLateWhy, screenColumns()), ...hang(m.pageLateNext, screenColumns(), `  ${m.next} `, '    ')].join('\n');
}

/** What a doubt is and why, said: "Instance i-1 m5.large (Name "prod")", "not in the lab's state file; …". */
export const doubtText = (d: Doubt) => ({ seen: say(d.seen), reasons: d.reasons.map(say).join('; ') });

/** One line for a resource `destroy` left alone: what it really is, why, how to delete it too. */
export function leftAloneLine(d: Doubt): string {
  const { seen, reasons } = doubtText(d);
  return msg().leftAlone(seen, reasons, d.id);
}
