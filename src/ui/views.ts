import type { ChalkInstance } from 'chalk';
import type { CostEstimate } from '../lab/core/cost.js';
import type { LabOutputs } from '../lab/views/outputs.js';
import { countActions, type Action, type PlanItem } from '../lab/views/plan.js';
import type { LookAt } from '../lab/views/console.js';
import type { QuotaCheck, Readiness } from '../lab/views/readiness.js';
import type { ChapterProgress, ExpiryInfo, StatusRow } from '../lab/views/status.js';
import type { Outcome } from '../engine/resource.js';
import { CHAPTER_TITLES, chapterTitle } from './i18n.js';
import { SYMBOLS } from './style.js';
import { padEnd, truncate } from './width.js';

const ACTION_WORD: Record<Action, string> = {
  create: 'create',
  update: 'update',
  keep: 'keep',
  replace: 'differs',
  delete: 'delete',
  absent: 'not there',
  later: 'later',
};

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
}

/** The plan as a tree under chapter headings, in dependency order, with a count line. */
export function renderPlan(c: ChalkInstance, items: PlanItem[], settings: PlanSetting[] = []): string {
  const lines: string[] = [];
  let chapter = -1;
  for (const item of [...items].sort((a, b) => a.chapter - b.chapter)) {
    if (item.chapter !== chapter) {
      chapter = item.chapter;
      lines.push(c.bold(`${chapter}. ${chapterTitle(chapter)}`));
      const own = settings.filter((s) => s.chapter === chapter);
      if (own.length) lines.push(`  ${c.dim(own.map((s) => `${s.label}: ${s.value}`).join(' · '))}`);
    }
    const paint = colour(c, item.action);
    const indent = '  '.repeat(Math.min(item.depth, 4));
    const id = item.id ? c.dim(` ${item.id}`) : '';
    lines.push(`  ${indent}${paint(`${SYMBOLS[item.action]} ${padEnd(ACTION_WORD[item.action], 9)}`)} ${item.label}${id}`);
    for (const change of item.changes) lines.push(`  ${indent}            ${c.dim(`· ${change}`)}`);
  }
  const n = countActions(items);
  const summary = (Object.keys(n) as Action[]).filter((a) => n[a] > 0).map((a) => `${n[a]} to ${ACTION_WORD[a]}`.replace('to not there', 'not there').replace('to keep', 'kept').replace('to differs', 'differ').replace('to later', 'for later'));
  lines.push('', `Plan: ${summary.join(', ')}.`);
  return lines.join('\n');
}

const usd = (n: number, digits = 3) => `$${n.toFixed(digits)}`;

export function renderCost(c: ChalkInstance, cost: CostEstimate, title = 'Running cost while the lab is up'): string {
  if (!cost.known) return `${title}: ${c.yellow(`unknown — ${cost.reason}`)}`;
  const lines = [c.bold(`${title} (${cost.region}, on-demand prices of ${cost.takenOn}):`)];
  for (const l of cost.lines) lines.push(`  ${padEnd(`${l.quantity} × ${l.item}`, 28)} ${usd(l.hourly, 4)}/h`);
  lines.push(`  ${padEnd('total', 28)} ${c.bold(`${usd(cost.hourly, 3)}/h`)}  ≈ ${c.bold(`${usd(cost.monthly, 2)}/month`)}`);
  lines.push(c.dim('  (data transfer and NAT data processing are billed per GB on top)'));
  return lines.join('\n');
}

/** `through`: the last chapter built when the run stopped before the end (--until, --step). */
export function renderOutputs(c: ChalkInstance, o: LabOutputs, through?: number): string {
  const row = (k: string, v: string | undefined) => `  ${padEnd(k, 16)} ${v ?? c.dim('(not yet)')}`;
  const head =
    through === undefined
      ? c.bold('The lab is up.')
      : `${c.bold(`The lab is up to chapter ${through} (${chapterTitle(through)}).`)} ${c.dim('`aws-lab-setup up` goes on from there.')}`;
  return [
    head,
    row('web public IP', o.webPublicIp),
    row('web DNS name', o.webPublicDns),
    row('web page', o.webUrl),
    row('DB private IP', o.dbPrivateIp),
    row('private key', o.privateKeyPath),
    '',
    c.bold('SSH to the web server:'),
    `  ${o.sshWeb ?? c.dim('(not yet)')}`,
    c.bold('SSH to the DB server, through the web server:'),
    `  ${o.sshDb ?? c.dim('(not yet)')}`,
    o.sshDbJump ? c.dim(`  or, with the key in ssh-agent (ssh-add ${o.privateKeyPath}): ${o.sshDbJump}`) : '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

function duration(hours: number): string {
  const minutes = Math.round(hours * 60);
  if (minutes < 60) return `${minutes}m`;
  const h = Math.floor(minutes / 60);
  return h < 48 ? `${h}h ${minutes % 60}m` : `${Math.floor(h / 24)}d ${h % 24}h`;
}

const HEALTH_MARK: Record<StatusRow['health'], string> = { found: SYMBOLS.done, missing: SYMBOLS.fail, drifted: SYMBOLS.warn };

export function renderStatus(c: ChalkInstance, lab: string, region: string, rows: StatusRow[], upHours: number, soFar: number | undefined): string {
  const present = rows.filter((r) => r.health !== 'missing').length;
  const head =
    present === 0
      ? `Lab "${lab}" in ${region}: nothing of it exists.`
      : `Lab "${lab}" in ${region}: ${present}/${rows.length} resources${upHours ? `, up ${duration(upHours)}` : ''}${soFar !== undefined ? `, about $${soFar.toFixed(2)} so far` : ''}.`;
  const lines = [c.bold(head)];
  for (const r of rows) {
    const paint = r.health === 'found' ? c.green : r.health === 'drifted' ? c.yellow : c.red;
    const name = truncate(r.label, 44);
    lines.push(`  ${paint(`${HEALTH_MARK[r.health]} ${padEnd(r.health, 8)}`)} ${padEnd(name, 45)} ${padEnd(r.id ?? '-', 28)} ${c.dim(r.state ?? '')}`);
    for (const d of r.drift) lines.push(`             ${c.dim(`· ${d}`)}`);
  }
  return lines.join('\n');
}

/** One thing a chapter made (or found), and how to see it. */
export interface MadeItem {
  label: string;
  outcome: Outcome;
  id?: string;
  look?: LookAt;
}

/** After a chapter of `up --step`: what it made, each with its console page and describe command. */
export function renderChapterDone(c: ChalkInstance, chapter: number, items: MadeItem[]): string {
  const lines = [c.bold(`${SYMBOLS.done} Chapter ${chapter} — ${chapterTitle(chapter)}: done. What it made, and how to see it:`)];
  for (const i of items) {
    const word = i.outcome === 'kept' ? 'already there' : i.outcome;
    lines.push(`  ${i.label} ${c.dim(`${i.id ?? ''} (${word})`)}`);
    if (i.look) {
      lines.push(`      ${c.dim('console:')} ${i.look.url}`);
      lines.push(`      ${c.dim('cli:    ')} ${i.look.cli}`);
    }
  }
  return lines.join('\n');
}

const PROGRESS_MARK: Record<ChapterProgress['done'], string> = { done: SYMBOLS.done, partly: SYMBOLS.warn, 'not yet': SYMBOLS.later };

/** "Chapters: ✔ 1 Network · ✔ 2 Web server · . 3 Apache (not yet) · …" */
export function renderChapters(c: ChalkInstance, chapters: ChapterProgress[]): string {
  const parts = chapters.map((ch) => {
    const paint = ch.done === 'done' ? c.green : ch.done === 'partly' ? c.yellow : c.dim;
    return paint(`${PROGRESS_MARK[ch.done]} ${ch.chapter} ${CHAPTER_TITLES[ch.name]}${ch.done === 'done' ? '' : ` (${ch.done})`}`);
  });
  const next = chapters.some((ch) => ch.done !== 'done') && chapters.some((ch) => ch.done !== 'not yet') ? c.dim('  — `aws-lab-setup up` builds the rest') : '';
  return `Chapters: ${parts.join(' · ')}${next}`;
}

/**
 * One quota: in use + for the lab, of the limit (where it came from); a limit Service
 * Quotas would not give is said so, with a warning when the lab needs more than a new
 * account has.
 */
function quotaLine(c: ChalkInstance, q: QuotaCheck): string {
  const counted = `${q.what}: ${q.used} in use + ${q.needed} for the lab`;
  if (q.limit !== undefined) {
    const text = `${counted}, of ${q.limit} (${q.limitFrom}, ${q.serviceCode} ${q.quotaCode})`;
    return q.ok ? `${c.green(SYMBOLS.done)} ${text}` : c.red(`${SYMBOLS.delete} ${text}`);
  }
  const unknown = `${counted}; the quota (${q.serviceCode} ${q.quotaCode}) could not be read from Service Quotas (${q.unreadable})`;
  return q.warn
    ? c.yellow(`${SYMBOLS.warn} ${unknown}: a new account may have only ${q.newAccount}, and AWS would refuse the lab part-way (ask for more before you run up)`)
    : `${c.dim('?')} ${unknown}; it fits a new account's ${q.newAccount}`;
}

/** The preflight: which calls the credentials may make, and the quotas the lab needs room in. */
export function renderReadiness(c: ChalkInstance, r: Readiness, opts: { debug?: boolean } = {}): string {
  const count = (v: string) => r.permissions.filter((p) => p.verdict === v).length;
  const refused = r.permissions.filter((p) => p.verdict === 'refused');
  const lines = [c.bold('Preflight:')];
  lines.push(
    refused.length
      ? `  ${c.red(`${SYMBOLS.delete} permissions: ${refused.length} call(s) refused: ${refused.map((p) => p.action).join(', ')}`)}`
      : `  ${c.green('✔')} permissions: ${count('allowed')} call(s) allowed by a dry run${count('unknown') ? c.dim(`, ${count('unknown')} could not be asked ahead`) : ''}`,
  );
  for (const q of r.quotas) lines.push(`  ${quotaLine(c, q)}`);
  if (opts.debug) for (const p of r.permissions) lines.push(c.dim(`    ${p.action}: ${p.verdict} (${p.answer})`));
  return lines.join('\n');
}

/** "3 h 12 m", "2 d 5 h", "40 m": how far off a time is. */
export function span(ms: number): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  if (minutes < 60) return `${minutes} m`;
  const h = Math.floor(minutes / 60);
  return h < 48 ? `${h} h ${minutes % 60} m` : `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** "23:00 UTC", with the date when it is not today (UTC). */
export function clockTime(iso: string, now: number): string {
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const time = `${iso.slice(11, 16)} UTC`;
  return day(Date.parse(iso)) === day(now) ? time : `${day(Date.parse(iso))} ${time}`;
}

const perHourAndMonth = (c: CostEstimate) => (c.known ? `$${c.hourly.toFixed(4)}/h ≈ $${c.monthly.toFixed(2)}/month` : `unknown — ${c.reason}`);
const billsAfter = (c: CostEstimate) =>
  c.known ? c.lines.map((l) => (l.item === 'gp3 volume GB' ? `${l.quantity} GB of volumes` : `${l.quantity} × ${l.item}`)).join(' and ') : 'the addresses and volumes';

/**
 * The expiry in one or two lines: "Expires at 23:00 UTC (in 3 h 12 m): …", "Expired at …",
 * or no expiry at all; and what keeps billing.
 */
export function renderExpiry(c: ChalkInstance, e: ExpiryInfo, now: number): string {
  if (!e.at) {
    return `${c.bold('No expiry:')} the lab bills ${perHourAndMonth(e.now)} until you destroy it ${c.dim('(up --expires-in 8h sets one)')}`;
  }
  const when = clockTime(e.at, now);
  if (e.expired) {
    return [
      `${c.bold(`Expired at ${when} (${span(now - Date.parse(e.at))} ago)`)}: AWS was to ${e.does.join(' and ')}.`,
      `  Still billing: ${billsAfter(e.after)}, ${perHourAndMonth(e.after)}. \`aws-lab-setup up\` brings the lab back.`,
    ].join('\n');
  }
  return [
    `${c.bold(`Expires at ${when} (in ${span(Date.parse(e.at) - now)})`)}: AWS will ${e.does.join(' and ')}.`,
    `  After that only ${billsAfter(e.after)} keep billing: ${perHourAndMonth(e.after)} ${c.dim(`(now ${perHourAndMonth(e.now)})`)}.`,
  ].join('\n');
}
