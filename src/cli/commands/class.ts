import { setMaxListeners } from 'node:events';
import path from 'node:path';
import { LabError, UsageError } from '../../engine/errors.js';
import { LAST_CHAPTER, parseChapter, TUTORIAL_CHAPTERS } from '../../lab/core/chapters.js';
import { countActions } from '../../lab/views/plan.js';
import type { ClassFlags } from '../flags.js';
import { classLab, destroyOne, planOne, statusOne, upLab, type ClassRun, type ResolveSettings, type UpDone } from '../../class/labs.js';
import { classAssumeRoleStatement, classPolicyStatement, quotaOptions, quotaRequests, quotaRows, readInUse, type InUse } from '../../class/quotas.js';
import type { QuotaRow } from '../../aws/quotas.js';
import { writeHandouts } from '../../class/handouts.js';
import { sshTarget } from '../ssh-files.js';
import { className, readRoster, rosterReach, type Learner, type Reached } from '../../class/roster.js';
import { eachLab, type LabResult } from '../../class/run.js';
import { DEFAULT_PARALLEL, MAX_PARALLEL } from '../../class/parallel.js';
import { taggedWithClass, type Tagged } from '../../class/sweep.js';
import { reachTargets, type Target } from '../../class/targets.js';
import { pickLang } from '../../ui/i18n.js';
import type { Reporter } from '../../ui/reporter.js';
import { hourlyText, renderClassPlan, renderClassReach, renderClassQuotas, renderClassResults, renderClassStatus, renderLeftovers, renderQuotaOptions, renderQuotaRequests, shortItems, type ClassStatusRow } from '../../ui/class-views.js';
import { msg } from '../../ui/messages/index.js';
import { sayError } from '../../ui/reporter.js';
import { openStateLocation, validateCommonFlags, warnEndpointInClear, type Deps } from '../session.js';
import { onInterrupt } from '../run.js';
import { resolveUpSettings } from '../wizard.js';
import type { QuotaRequest } from '../../class/quotas.js';
import type { LabOutputs } from '../../lab/views/outputs.js';

/** `class quotas --json`: the quota table, and the increase requests open or filed. */
export interface ClassQuotasJson {
  ok: boolean;
  command: 'class quotas';
  quotas: QuotaRow[];
  requests: QuotaRequest[];
}

/** `class up --json`: each learner's lab (its error in English), where the hand-outs are, the hourly cost of all. */
export interface ClassUpJson {
  ok: boolean;
  command: 'class up';
  class: string;
  through: number;
  labs: { learner: string; lab: string; target: string; ok: boolean; error: string | undefined; outputs: LabOutputs | undefined }[];
  handouts: string | undefined;
  hourly: number;
}

/** `class plan --json`: each lab's creates and updates and hourly cost, the total, the quotas. */
export interface ClassPlanJson {
  ok: boolean;
  command: 'class plan';
  class: string;
  until: number;
  /** The distinct accounts and profiles the roster reaches (what `class up` asks to confirm). */
  reach: Reached[];
  labs: { learner: string; lab: string; target: string; create: number | undefined; update: number | undefined; hourly: number | undefined; error: string | undefined }[];
  hourly: number;
  quotas: QuotaRow[];
}

/** `class status --json`: a row per lab. */
export interface ClassStatusJson {
  ok: boolean;
  command: 'class status';
  class: string;
  labs: ClassStatusRow[];
}

/** `class destroy --json`: how many resources went, per lab, and what is still tagged with the class. */
export interface ClassDestroyJson {
  ok: boolean;
  command: 'class destroy';
  class: string;
  deleted: number;
  labs: { lab: string; target: string; deleted: number | undefined; error: string | undefined }[];
  left: Tagged[];
}

export type ClassCommand = 'plan' | 'up' | 'status' | 'destroy' | 'quotas';
/** `class quotas --request`: file requests for the shortfall. */
type QuotaFlags = ClassFlags & { request?: boolean };

export function parallelOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PARALLEL;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PARALLEL) throw new UsageError(['err_classParallel', value], ['hint_classParallel', MAX_PARALLEL]);
  return n;
}

/** Everything checked before any AWS call: the flags, the class's name, every row of the roster. */
async function openClass(flags: ClassFlags) {
  if (!flags.roster) throw new UsageError(['err_classNoRoster'], ['hint_classNoRoster']);
  validateCommonFlags(flags);
  if (flags.keyName) throw new UsageError(['err_classKeyName'], ['hint_classKeyName']);
  const klass = className(flags.roster, flags.name);
  const learners = await readRoster(flags.roster, klass);
  return { klass, learners, parallel: parallelOf(flags.parallel), until: flags.until === undefined ? LAST_CHAPTER : parseChapter(flags.until) };
}

/** A lab's settings from the class's flags, the roster's key and its saved settings, asking nobody. */
function settingsResolver(flags: ClassFlags, deps: Deps): ResolveSettings {
  let ip: Promise<string | undefined> | undefined;
  const detectIp = () => (ip ??= deps.detectIp());
  return (l: Learner, saved, region) =>
    resolveUpSettings({ ...flags, name: l.lab, publicKeyFile: l.publicKey ?? flags.publicKeyFile }, l.lab, saved, { lang: 'en', say: () => undefined, detectIp }, region);
}

export const where = (r: LabResult<unknown>) => (r.target ? r.target.id : `${r.learner.account ?? r.learner.profile ?? '?'}/${r.learner.region ?? '?'}`);
const failed = (results: LabResult<unknown>[]) => results.filter((r) => r.error);
/** A lab's failure as the person reads it (this run's language); --json keeps `.message`, in English. */
const reasonOf = (r: LabResult<unknown>) => (r.error ? sayError(r.error).message : undefined);

/** The class's outcome: exit 1 when a lab failed (130 after Ctrl-C), each failure named with its reason. */
function finish(results: LabResult<unknown>[], stop: AbortController, reporter: Reporter, json: boolean): void {
  const bad = failed(results);
  if (!json && bad.length) reporter.info(renderClassResults(reporter.c, bad.map((r) => ({ lab: r.learner.lab, where: where(r), reason: reasonOf(r)! }))));
  if (stop.signal.aborted) process.exitCode = 130;
  else if (bad.length) process.exitCode = 1;
}

export async function classCommand(command: ClassCommand, flags: QuotaFlags, reporter: Reporter, deps: Deps): Promise<void> {
  const { klass, learners, parallel, until } = await openClass(flags);
  warnEndpointInClear(flags, reporter);
  const roleName = flags.roleName ?? 'OrganizationAccountAccessRole';
  const reach = rosterReach(learners, flags.profile);
  // Before any credentials are used: the roster chose these accounts and profiles.
  if (command === 'up' && !(await confirmReach(reach, roleName, flags, reporter, deps))) return;
  const stop = new AbortController();
  // Every lab running listens to it (Node warns past 10 listeners).
  setMaxListeners(learners.length + 10, stop.signal);
  const offInterrupt = onInterrupt(stop, reporter);
  try {
    const location = await openStateLocation(flags, reporter);
    const c: ClassRun = { klass, location, clock: deps.clock, reporter, signal: stop.signal, rediscover: flags.rediscover };
    const { targets, unreached } = await reachTargets(learners, { region: flags.region, profile: flags.profile, endpointUrl: flags.endpointUrl, roleName, klass });
    const each = <T>(work: (l: Learner, t: Target) => Promise<T>, verb: string) =>
      eachLab(targets, unreached, parallel, stop.signal, async (l, t) => {
        const started = Date.now();
        reporter.started(l.lab, l.lab);
        try {
          const v = await work(l, t);
          reporter.finished(l.lab, verb === 'destroy' ? 'deleted' : verb === 'up' ? 'created' : 'kept', t.id, Date.now() - started);
          return v;
        } catch (err) {
          reporter.failed(l.lab, err);
          throw err;
        }
      });
    if (command === 'up') {
      await stopIfShort(await classQuotas(c, targets, flags, deps, until), flags, reporter);
      await classUp(c, flags, deps, each, until, stop, reporter);
    } else if (command === 'plan') await classPlan(c, flags, deps, each, until, stop, reporter, await classQuotas(c, targets, flags, deps, until), { reach, roleName });
    else if (command === 'quotas') await classQuotasCommand(await classQuotas(c, targets, flags, deps, until), flags, reporter);
    else if (command === 'status') await classStatus(c, flags, each, stop, reporter);
    else await classDestroy(c, flags, targets, each, stop, reporter);
  } finally {
    offInterrupt();
  }
}

/**
 * `class up`: the accounts and profiles the roster reaches, confirmed by the instructor (a
 * roster may come from learners: security review finding 8). --yes confirms them; on a
 * terminal, asked; else exit 2 as every confirmation. False: declined.
 */
async function confirmReach(reach: Reached[], roleName: string, flags: ClassFlags, reporter: Reporter, deps: Deps): Promise<boolean> {
  if (!flags.json) reporter.info(renderClassReach(reach, roleName));
  if (flags.yes) return true;
  if (!deps.interactive || !deps.prompter) throw new UsageError(['err_classUpYes'], ['hint_classUpYes']);
  const prompter = await deps.prompter();
  reporter.stopSpinner();
  if (await prompter.confirm({ message: msg().confirmClassReach, default: false })) return true;
  reporter.info(msg().classNothingMade);
  return false;
}

interface ClassQuotas {
  rows: QuotaRow[];
  uses: { target: Target; use: InUse; labs: Awaited<ReturnType<typeof classLab>>[] }[];
  until: number;
}

/**
 * The class's quotas, per account and region, before anything is made: the labs as they
 * would run (a lab whose settings are refused is left out: its own run says why).
 */
async function classQuotas(c: ClassRun, targets: Target[], flags: ClassFlags, deps: Deps, until: number): Promise<ClassQuotas> {
  const resolve = settingsResolver(flags, deps);
  const uses = await Promise.all(
    targets.map(async (target) => {
      const settled = await Promise.allSettled(target.learners.map((l) => classLab(c, l, target, resolve)));
      const labs = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      return { target, labs, use: await readInUse(target, labs) };
    }),
  );
  return { rows: uses.flatMap(({ use, labs }) => quotaRows(use, labs, until)), uses, until };
}

const shortRows = (q: ClassQuotas) => q.rows.filter((r) => r.short > 0);

function quotaAdvice(q: ClassQuotas, reporter: Reporter): string {
  const options = quotaOptions(q.uses, q.until);
  const natShort = shortRows(q).some((r) => r.quota === 'natGatewaysPerZone');
  return renderQuotaOptions(reporter.c, options, natShort);
}

/** `class up`: short anywhere, nothing is made (exit 1), with the table and what else would fit. */
async function stopIfShort(q: ClassQuotas, flags: ClassFlags, reporter: Reporter): Promise<void> {
  const short = shortRows(q);
  if (!short.length) return;
  if (!flags.json) reporter.info(`${renderClassQuotas(reporter.c, q.rows)}\n\n${quotaAdvice(q, reporter)}`);
  throw new LabError('QuotaShort', ['err_classQuotaShort', shortItems(short)], ['hint_classQuotaShort']);
}

/** `class quotas [--request]`: the table, the requests open (or filed now) for the shortfall. */
async function classQuotasCommand(q: ClassQuotas, flags: QuotaFlags, reporter: Reporter): Promise<void> {
  const requests = (await Promise.all(q.uses.map(({ target, use, labs }) => quotaRequests(target, quotaRows(use, labs, q.until), Boolean(flags.request))))).flat();
  const short = shortRows(q);
  if (flags.json) reporter.json<ClassQuotasJson>({ ok: short.length === 0, command: 'class quotas', quotas: q.rows, requests });
  else reporter.result([renderClassQuotas(reporter.c, q.rows), '', renderQuotaRequests(reporter.c, requests), ...(short.length ? ['', quotaAdvice(q, reporter)] : [])].join('\n'));
  // Still short until AWS raises them; with --request, every shortfall asked for is what was wanted.
  if (short.length && !(flags.request && requests.every((r) => r.id))) process.exitCode = 1;
}

type Each = <T>(work: (l: Learner, t: Target) => Promise<T>, verb: string) => Promise<LabResult<T>[]>;

async function classUp(c: ClassRun, flags: ClassFlags, deps: Deps, each: Each, until: number, stop: AbortController, reporter: Reporter) {
  const resolve = settingsResolver(flags, deps);
  const results = await each((l, t) => upLab(c, l, t, resolve, { until, natFlag: flags.nat }), 'up');
  const built = results.filter((r): r is LabResult<UpDone> & { value: UpDone; target: Target } => r.value !== undefined && r.target !== undefined);
  const lang = pickLang(flags.lang);
  const out = path.resolve(flags.out ?? c.klass);
  const handouts = built.map(({ learner: l, value: v, target: t }) => ({
    handout: {
      learner: l.learner,
      lab: l.lab,
      klass: c.klass,
      region: t.region,
      webUrl: v.outputs.webUrl,
      sshWeb: v.handoutOutputs.sshWeb,
      sshDb: v.handoutOutputs.sshDb,
      keyFile: v.keyFile,
      keyMade: v.privateKey !== undefined,
      hourly: v.cost.known ? hourlyText(v.cost.hourly) : undefined,
      expiresAt: v.expiresAt,
    },
    outputs: v.handoutOutputs,
    privateKey: v.privateKey,
    knownHosts: v.knownHosts,
    topology: v.topology,
  }));
  // (sshTarget: the test seam that points the servers at a local sshd, read only with an emulator's endpoint.)
  if (handouts.length) await writeHandouts(out, c.klass, handouts, lang, sshTarget(flags));
  const hourly = built.reduce((sum, r) => sum + (r.value.cost.known ? r.value.cost.hourly : 0), 0);
  if (flags.json) {
    reporter.json<ClassUpJson>({
      ok: failed(results).length === 0,
      command: 'class up',
      class: c.klass,
      through: until < LAST_CHAPTER ? until : TUTORIAL_CHAPTERS,
      labs: results.map((r) => ({ learner: r.learner.learner, lab: r.learner.lab, target: where(r), ok: !r.error, error: r.error?.message, outputs: r.value?.outputs })),
      handouts: handouts.length ? out : undefined,
      hourly,
    });
  } else {
    reporter.result(msg().classUpDone(c.klass, built.length, results.length, msg().perHour(hourly), handouts.length ? out : undefined));
  }
  finish(results, stop, reporter, Boolean(flags.json));
}

async function classPlan(c: ClassRun, flags: ClassFlags, deps: Deps, each: Each, until: number, stop: AbortController, reporter: Reporter, quotas: ClassQuotas, who: { reach: Reached[]; roleName: string }) {
  const resolve = settingsResolver(flags, deps);
  const results = await each((l, t) => planOne(c, l, t, resolve, { until }), 'plan');
  const rows = results.map((r) => {
    const n = r.value ? countActions(r.value.plan) : undefined;
    return { learner: r.learner.learner, lab: r.learner.lab, target: where(r), create: n?.create, update: n?.update, hourly: r.value?.cost.known ? r.value.cost.hourly : undefined, error: r.error?.message, said: reasonOf(r) };
  });
  const hourly = rows.reduce((s, r) => s + (r.hourly ?? 0), 0);
  const short = shortRows(quotas);
  if (flags.json) reporter.json<ClassPlanJson>({ ok: failed(results).length === 0 && short.length === 0, command: 'class plan', class: c.klass, until, reach: who.reach, labs: rows.map(({ said: _, ...r }) => r), hourly, quotas: quotas.rows });
  else
    reporter.result(
      [
        ...renderClassPlan(rows),
        '',
        msg().classPlanDone(c.klass, rows.length, msg().perHour(hourly)),
        '',
        renderClassReach(who.reach, who.roleName),
        '',
        renderClassQuotas(reporter.c, quotas.rows),
        ...(short.length ? ['', quotaAdvice(quotas, reporter)] : []),
      ].join('\n'),
    );
  finish(results, stop, reporter, Boolean(flags.json));
  // Short anywhere: `class up` would stop before making anything.
  if (short.length && !process.exitCode) process.exitCode = 1;
}

async function classStatus(c: ClassRun, flags: ClassFlags, each: Each, stop: AbortController, reporter: Reporter) {
  const results = await each((l, t) => statusOne(c, l, t), 'status');
  const rows: ClassStatusRow[] = results.map((r) => {
    const v = r.value;
    return {
      learner: r.learner.learner,
      lab: r.learner.lab,
      target: where(r),
      chapters: v ? v.chapters.filter((ch) => ch.done === 'done').length : undefined,
      of: v?.chapters.length,
      webUrl: v?.outputs.webUrl,
      nat: v ? (v.outputs.nat ? `${v.outputs.nat.kind} ${v.outputs.nat.id}` : 'none') : undefined,
      costSoFar: v?.soFar,
      expires: v?.expiry.at,
      expired: v?.expiry.expired,
      error: r.error?.message,
    };
  });
  if (flags.json) reporter.json<ClassStatusJson>({ ok: failed(results).length === 0, command: 'class status', class: c.klass, labs: rows });
  else reporter.result(renderClassStatus(reporter.c, c.klass, rows.map((row, i) => ({ ...row, error: reasonOf(results[i]) })), Date.now()));
  finish(results, stop, reporter, true);
}

async function classDestroy(c: ClassRun, flags: ClassFlags, targets: Target[], each: Each, stop: AbortController, reporter: Reporter) {
  if (!flags.yes) throw new UsageError(['err_classDestroyYes'], ['hint_classDestroyYes']);
  // Labs tagged with the class that the roster no longer lists (a learner taken off): theirs too.
  const before = (await Promise.all(targets.map((t) => taggedWithClass(t, c.klass)))).flat();
  for (const t of targets) {
    const known = new Set(t.learners.map((l) => l.lab));
    const extra = [...new Set(before.filter((x) => x.target === t.id && x.lab && !known.has(x.lab)).map((x) => x.lab!))];
    for (const [i, lab] of extra.entries()) t.learners.push({ learner: lab.slice(c.klass.length + 1) || lab, lab, row: 100_000 + i });
  }
  const results = await each((l, t) => destroyOne(c, l, t), 'destroy');
  // Then the sweep: anything in the class's accounts and regions still tagged with it.
  const left: Tagged[] = (await Promise.all(targets.map((t) => taggedWithClass(t, c.klass)))).flat();
  const deleted = results.reduce((s, r) => s + (r.value ?? 0), 0);
  if (flags.json) reporter.json<ClassDestroyJson>({ ok: failed(results).length === 0 && left.length === 0, command: 'class destroy', class: c.klass, deleted, labs: results.map((r) => ({ lab: r.learner.lab, target: where(r), deleted: r.value, error: r.error?.message })), left });
  else reporter.result(`${msg().classDestroyDone(c.klass, deleted, results.length)}\n${renderLeftovers(reporter.c, targets.map((t) => t.id), left)}`);
  finish(results, stop, reporter, Boolean(flags.json));
  if (left.length && !process.exitCode) process.exitCode = 1;
  if (left.length && !stop.signal.aborted) throw new LabError('LeftBehind', ['err_classLeftBehind', left.length, c.klass], ['hint_classLeftBehind']);
}

/**
 * `policy --class [--roster FILE]`: the class's own calls, and, when the roster has an
 * `account` column, sts:AssumeRole on the role in each of those accounts.
 */
export async function classPolicy(roster: string | undefined, roleName: string) {
  const statements: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string | string[] }[] = [classPolicyStatement()];
  if (!roster) return statements;
  const accounts = (await readRoster(roster, className(roster))).flatMap((l) => (l.account ? [l.account] : []));
  if (accounts.length) statements.push(classAssumeRoleStatement(accounts, roleName));
  return statements;
}
