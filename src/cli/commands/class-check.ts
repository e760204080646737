import { setMaxListeners } from 'node:events';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LabError, UsageError, inEnglish } from '../../engine/errors.js';
import type { StepEvents } from '../../engine/resource.js';
import { checkLearner, type ClassCheckRun, type LearnerChecked } from '../../class/check.js';
import { className, readRoster } from '../../class/roster.js';
import { CHECK_PARALLEL } from '../../class/parallel.js';
import { eachLab, type LabResult } from '../../class/run.js';
import { reachTargets } from '../../class/targets.js';
import { classAssumeRoleStatement } from '../../class/quotas.js';
import { checkPolicy } from '../../lab/views/policy.js';
import { chaptersDone } from '../../lab/rules/progress.js';
import { firstFailing, learnerOk, renderClassCheck, reportPicture, type FirstFailing, type LearnerCheck } from '../../ui/class-check.js';
import { classCheckHtml } from '../../ui/class-report.js';
import { currentLang, msg } from '../../ui/messages/index.js';
import type { Reporter } from '../../ui/reporter.js';
import type { ClassFlags } from '../flags.js';
import { onInterrupt } from '../run.js';
import { validateCommonFlags, warnEndpointInClear, type Deps } from '../session.js';
import { checkJson, liveSeams, type CheckVpcJson } from './check-report.js';
import { validateFrom } from './check-vpc.js';
import { parallelOf, where } from './class.js';

export type ClassCheckFlags = ClassFlags & { from?: string; timeout?: string };

/** `class check --json` (issue 26 item 7), in English: a learner a row, each with the check `check --vpc --json` prints. */
export interface ClassCheckJson {
  ok: boolean;
  command: 'class check';
  class: string;
  learners: {
    learner: string;
    lab: string;
    target: string;
    /** The VPC checked (the roster's cell when it could not be found); null: a lab of the tool's not found. */
    vpc: string | null;
    handBuilt: boolean;
    ok: boolean;
    chaptersDone: number | null;
    first: FirstFailing | null;
    error: string | null;
    check: CheckVpcJson | null;
  }[];
}

/** A look writes no progress lines: each learner's row says how it went. */
const QUIET: StepEvents = { started: () => undefined, progress: () => undefined, finished: () => undefined, failed: () => undefined };

/** Each learner as the table, the report and --json show them. */
function learnerChecks(results: LabResult<LearnerChecked>[]): LearnerCheck[] {
  const lang = currentLang();
  return results.map((r) => ({
    learner: r.learner.learner,
    lab: r.learner.lab,
    where: where(r),
    handBuilt: Boolean(r.learner.vpc),
    ...(r.value ? { check: r.value.report, picture: reportPicture(r.value.snapshot, r.value.report, lang) } : {}),
    ...(r.error ? { error: r.error.words.message } : {}),
  }));
}

export function classCheckJson(klass: string, results: LabResult<LearnerChecked>[], checks: LearnerCheck[]): ClassCheckJson {
  const learners = results.map((r, i) => {
    const report = r.value?.report;
    return {
      learner: r.learner.learner,
      lab: r.learner.lab,
      target: where(r),
      vpc: report?.vpc ?? r.learner.vpc ?? null,
      handBuilt: Boolean(r.learner.vpc),
      ok: learnerOk(checks[i]),
      chaptersDone: report ? chaptersDone(report.findings) : null,
      first: (report && firstFailing(report)) ?? null,
      error: r.error ? inEnglish(r.error.words.message) : null,
      check: report ? checkJson(report) : null,
    };
  });
  return { ok: learners.every((l) => l.ok), command: 'class check', class: klass, learners };
}

/** --out DIR: the report (index.html) and each checked learner's picture (<learner>.svg). */
async function writeReport(dir: string, klass: string, checks: LearnerCheck[]): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const index = path.join(dir, 'index.html');
  await fs.writeFile(index, classCheckHtml(klass, checks, currentLang(), new Date()));
  await Promise.all(checks.filter((l) => l.picture).map((l) => fs.writeFile(path.join(dir, `${l.learner}.svg`), l.picture!)));
  return index;
}

/**
 * `class check --roster FILE`: every learner checked at once, read-only — their VPC built
 * by hand (the roster's `vpc` column) as `check --vpc` checks it, else their lab of the
 * tool's as `check --name` does — one table, and with --out an HTML report. Exit 1 when a
 * learner's lab is not as it should be (or could not be checked), 2 for bad input.
 */
export async function classCheckCommand(flags: ClassCheckFlags, reporter: Reporter, deps: Deps): Promise<void> {
  if (!flags.roster) throw new UsageError(['err_classNoRoster'], ['hint_classNoRoster']);
  validateCommonFlags(flags);
  const from = validateFrom(flags.from);
  const seconds = Number(flags.timeout ?? 10);
  if (!(seconds > 0 && seconds <= 600)) throw new UsageError(['err_checkTimeout', String(flags.timeout)], ['hint_checkTimeout']);
  const klass = className(flags.roster, flags.name);
  const learners = await readRoster(flags.roster, klass);
  // A check only reads: every learner of an account at once (parallel.ts CHECK_PARALLEL).
  const parallel = flags.parallel === undefined ? CHECK_PARALLEL : parallelOf(flags.parallel);
  warnEndpointInClear(flags, reporter);
  const stop = new AbortController();
  setMaxListeners(learners.length + 10, stop.signal);
  const offInterrupt = onInterrupt(stop, reporter);
  try {
    const roleName = flags.roleName ?? 'OrganizationAccountAccessRole';
    const { targets, unreached } = await reachTargets(learners, { region: flags.region, profile: flags.profile, endpointUrl: flags.endpointUrl, roleName, klass });
    // "You" (SSH from this machine) is one address for the whole class: asked once.
    const run: ClassCheckRun = { seams: liveSeams(flags, deps), from: from ? Promise.resolve(from) : deps.detectIp(), clock: deps.clock, events: QUIET, signal: stop.signal };
    const results = await eachLab(targets, unreached, parallel, stop.signal, (l, t) => checkLearner(run, l, t));
    const checks = learnerChecks(results);
    const bad = checks.filter((l) => !learnerOk(l)).length;
    const index = flags.out ? await writeReport(path.resolve(flags.out), klass, checks) : undefined;
    if (flags.json) reporter.json<ClassCheckJson>(classCheckJson(klass, results, checks));
    else reporter.result([renderClassCheck(reporter.c, klass, checks), ...(index ? ['', msg().classcheck_wrote(index, checks.filter((l) => l.picture).length)] : [])].join('\n'));
    if (stop.signal.aborted) process.exitCode = 130;
    else if (bad && flags.json) process.exitCode = 1;
    else if (bad) throw new LabError('CheckFailed', ['classcheck_errFailed', bad, checks.length], ['classcheck_hintFailed']);
  } finally {
    offInterrupt();
  }
}

/**
 * `policy --check --class [--roster FILE]`: what the instructor running `class check`
 * needs — the check's reads (learners whose VPC is in the caller's own or a shared account)
 * and sts:AssumeRole on the member role in each account of the roster (any account without
 * one). The member role itself needs only `policy --check`: a class check asks it nothing else.
 */
export async function classCheckPolicy(roster: string | undefined, roleName: string, region?: string) {
  const policy = checkPolicy({ region });
  const accounts = roster ? (await readRoster(roster, className(roster))).flatMap((l) => (l.account ? [l.account] : [])) : [];
  const assume = roster ? classAssumeRoleStatement(accounts, roleName) : { ...classAssumeRoleStatement([], roleName), Resource: [`arn:aws:iam::*:role/${roleName}`] };
  return { ...policy, Statement: [...policy.Statement, ...(roster && !accounts.length ? [] : [assume])] };
}
