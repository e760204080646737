import { CancelledError, inEnglish, UsageError } from '../../engine/errors.js';
import { pageUrl, pageWaitMs, waitForPage, WEB_URL_ENV } from '../../aws/web-page.js';
import { up, type ChapterPause, type StepResult } from '../../engine/graph.js';
import { validateSettings, type LabSettings } from '../../lab/core/config.js';
import { lookAt } from '../../lab/views/console.js';
import type { LabContext } from '../../lab/core/context.js';
import { LAB } from '../../lab/chapters/lab.js';
import { LAST_CHAPTER, parseChapter, TUTORIAL_CHAPTERS } from '../../lab/core/chapters.js';
import { labOutputs } from '../../lab/views/outputs.js';
import { assertReady } from '../../lab/views/readiness.js';
import { prepareUp } from '../../lab/session.js';
import { settingsOf } from '../../lab/core/settings.js';
import { expiryInfo, expiryJson } from '../../lab/views/status.js';
import { t } from '../../ui/i18n.js';
import { msg } from '../../ui/messages/index.js';
import type { Reporter } from '../../ui/reporter.js';
import { renderChapterDone, renderCost, renderExpiry, renderOutputs, renderPageAnswer, renderPageAnswered, renderPageLate, renderPageSkipped, renderPageWaiting, renderPlan, renderReadiness } from '../../ui/views.js';
import type { UpFlags } from '../flags.js';
import { connect, openLab, startRun, type Deps, type Opened, type Run } from '../session.js';
import type { Prompter } from '../wizard.js';
import { throughLabConfig } from '../ssh-files.js';
import { resolveUpSettings } from '../wizard.js';
import type { Outcome } from '../../engine/resource.js';
import type { CostEstimate } from '../../lab/core/cost.js';
import type { SettingKey } from '../../lab/core/settings.js';
import type { PlanItem } from '../../lab/views/plan.js';
import type { Readiness } from '../../lab/views/readiness.js';
import type { LabOutputs } from '../../lab/views/outputs.js';

/** `plan --json`: the settings, their warnings, each resource's action (label and changes in English), cost, expiry, preflight. */
export interface PlanJson {
  ok: true;
  command: 'plan';
  lab: string;
  region: string;
  until: number;
  settings: Record<string, string>;
  warnings: { setting: SettingKey; value: string; warning: string }[];
  plan: (Omit<PlanItem, 'label' | 'changes'> & { label: string; changes: string[] })[];
  cost: CostEstimate;
  expiry: ReturnType<typeof expiryJson>;
  preflight: Readiness | undefined;
}

/** `up --json`: what each resource's step did (its changes in English), the addresses, the page's answer, cost, expiry. */
export interface UpJson {
  ok: true;
  command: 'up';
  lab: string;
  region: string;
  through: number;
  resources: Record<string, { id: string | undefined; outcome: Outcome; changes: string[] }>;
  outputs: LabOutputs;
  page: PageReport | undefined;
  cost: CostEstimate;
  expiry: ReturnType<typeof expiryJson>;
}

/** The page to wait for comes with Apache: a run that stops before it has none. */
const APACHE_CHAPTER = parseChapter('apache');

/** --step asks after each chapter: only a person at a terminal can answer. */
function checkStep(flags: UpFlags, deps: Deps): void {
  if (!flags.step) return;
  if (flags.yes) throw new UsageError(['err_stepYes'], ['hint_stepYes']);
  if (!deps.interactive) throw new UsageError(['err_stepNoTerminal'], ['hint_stepNoTerminal']);
}

/** The wizard's last question: go ahead, all at once or chapter by chapter? Undefined: no. */
async function confirmRun(prompter: Prompter, opened: Opened, step: boolean | undefined): Promise<'all' | 'step' | undefined> {
  const lang = opened.io.lang;
  if (step !== undefined) return (await prompter.confirm({ message: t(lang, 'confirm'), default: true })) ? (step ? 'step' : 'all') : undefined;
  const answer = await prompter.select({
    message: t(lang, 'confirm'),
    choices: [
      { name: t(lang, 'confirmAll'), value: 'all' },
      { name: t(lang, 'confirmStep'), value: 'step' },
      { name: t(lang, 'confirmNo'), value: 'no' },
    ],
    default: 'all',
  });
  return answer === 'no' ? undefined : answer;
}

function isPromptExit(err: unknown): boolean {
  return err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError');
}

/** After each chapter of --step: show what it made and how to see it, then ask. */
function stepPause(ctx: LabContext, prompter: Prompter, opened: Opened, reporter: Reporter): ChapterPause {
  const kinds = new Map(LAB.map((r) => [r.key, r]));
  return async (chapter, steps) => {
    // The expiry follows the article's last chapter without a pause: it is the tool's, not a chapter to look at.
    if (chapter >= TUTORIAL_CHAPTERS) return true;
    reporter.stopSpinner();
    const items = steps.map((s) => {
      const r = kinds.get(s.key)!;
      const live = ctx.live.get(s.key);
      return { label: r.label(ctx), outcome: s.outcome, id: s.id, look: live && lookAt(r.kind, live, ctx.settings.region) };
    });
    reporter.info(renderChapterDone(reporter.c, chapter, items));
    const lang = opened.io.lang;
    try {
      const choice = await prompter.select({
        message: t(lang, 'stepAsk'),
        choices: [
          { name: t(lang, 'stepContinue'), value: 'continue' },
          { name: t(lang, 'stepStop'), value: 'stop' },
        ],
        default: 'continue',
      });
      // The next chapter's resources are made as that chapter alone would make them.
      if (choice === 'continue') ctx.until = chapter + 1;
      return choice === 'continue';
    } catch (err) {
      // Ctrl-C at this question: chapters are built, so not "nothing was changed".
      if (isPromptExit(err)) throw new CancelledError(['hint_cancelledStep']);
      throw err;
    }
  };
}

/** What the wait for the web page found: for --json, and for the line that ends the run. */
interface PageReport {
  url: string;
  answered: boolean;
  waitedSeconds: number;
  /** From the web server's launch by this run to the page's first 200. */
  firstBootSeconds?: number;
}

/**
 * `up` ends when the lab answers: the web page, asked from this machine until it answers
 * 200 or the bound is over. Not in time is no failure (the first boot may still be
 * installing): the run says so and ends with 0.
 */
async function awaitPage(run: Run, steps: StepResult[], through: number, boundMs: number, emulated: boolean, reporter: Reporter, deps: Deps): Promise<PageReport | undefined> {
  // Before chapter 3 the web server has no Apache: no page to wait for.
  if (through < APACHE_CHAPTER) return undefined;
  const o = labOutputs(run.ctx.live, run.ctx.privateKeyPath);
  // An emulator's servers never boot, and its public names lead nowhere (or somewhere
  // else): with an endpoint of its own, only a page named for it is waited for.
  if (emulated && !process.env[WEB_URL_ENV]) {
    reporter.info(reporter.c.dim(renderPageSkipped(WEB_URL_ENV)));
    return undefined;
  }
  const url = pageUrl(o.webUrl ?? (o.webPublicIp && `http://${o.webPublicIp}/`));
  if (!url) return undefined;
  // The boot began when this run launched the web server; a server it found booted earlier.
  const launched = steps.some((s) => s.key === 'webInstance' && s.outcome === 'created') ? run.state.snapshot.resources.webInstance?.at : undefined;
  reporter.started('webPage', renderPageWaiting(url, boundMs));
  const wait = await waitForPage(url, {
    ask: deps.page,
    clock: deps.clock,
    boundMs,
    signal: run.stop.signal,
    onProgress: (last) => reporter.progress('webPage', renderPageAnswer(last)),
  });
  const bootMs = wait.answered && launched ? Date.now() - Date.parse(launched) : undefined;
  reporter.settled('webPage', wait.answered ? renderPageAnswered(reporter.c, url, wait.ms, bootMs) : renderPageLate(reporter.c, url, wait.ms, wait.last));
  return { url, answered: wait.answered, waitedSeconds: Math.round(wait.ms / 1000), ...(bootMs === undefined ? {} : { firstBootSeconds: Math.round(bootMs / 1000) }) };
}

export async function upCommand(flags: UpFlags, reporter: Reporter, deps: Deps, opts: { planOnly?: boolean } = {}): Promise<void> {
  // Run options first: a bad one stops before anything is asked.
  const until = flags.until === undefined ? LAST_CHAPTER : parseChapter(flags.until);
  if (!opts.planOnly) checkStep(flags, deps);
  // The bound of the wait for the web page: a bad one is bad input, found before anything is made.
  const waitMs = !opts.planOnly && flags.waitForPage !== false ? pageWaitMs() : undefined;
  const opened = await openLab(flags, reporter, deps, { ask: !opts.planOnly });
  const saved = (opened.saved?.settings ?? {}) as Partial<LabSettings>;
  // One state file, one region: a lab moved by --region would orphan the old one.
  const savedRegion = opened.saved?.region;
  if (savedRegion && flags.region && flags.region !== savedRegion && Object.keys(opened.saved!.resources).length > 0) {
    throw new UsageError(['err_otherRegion', opened.name, savedRegion, flags.region], ['hint_otherRegion', opened.name, flags.region]);
  }
  // The clients first (no call is made yet): the wizard prices the NAT choices in the region
  // the lab is built in, found as the clients find it (flag, saved, AWS_REGION, the profile).
  const clients = await connect(flags, opened, deps);
  const partial = await resolveUpSettings(flags, opened.name, saved, opened.io, clients.region);
  const settings: LabSettings = { ...partial, region: clients.region };
  validateSettings(settings);

  const run = await startRun(opts.planOnly ? 'plan' : 'up', opened, clients, settings, reporter, deps, flags, { readOnly: opts.planOnly, until });
  try {
    const { ctx, state, stop } = run;
    const keepNatInstance = flags.nat === undefined && saved.nat === undefined && !opened.io.prompter;
    const { resources, plan, cost, nothingToDo, ready, expiry } = await prepareUp(ctx, until, { planOnly: opts.planOnly, keepNatInstance });
    if (flags.json && opts.planOnly) {
      const warnings = settingsOf(settings).flatMap((s) => (s.caution ? [{ setting: s.key, value: s.value, warning: t('en', s.caution.warn) }] : []));
      reporter.json<PlanJson>({ ok: true, command: 'plan', lab: settings.name, region: settings.region, until, settings: Object.fromEntries(settingsOf(settings).map((s) => [s.key, s.value])), warnings, plan: plan.map((i) => ({ ...i, label: inEnglish(i.label), changes: i.changes.map(inEnglish) })), cost, expiry: expiryJson(expiry), preflight: ready });
      return;
    }
    // Each chapter's settings under its heading, as the table orders them; a risky one marked.
    const shown = settingsOf(settings);
    reporter.info(renderPlan(reporter.c, plan, shown.map((s) => ({ chapter: s.chapter, label: t(opened.io.lang, s.ask), value: msg(opened.io.lang).setting_value(s.key, s.value), caution: s.caution && t(opened.io.lang, s.caution.mark) }))));
    // And what it means, in a line of its own (given by hand, so it stands even with --yes).
    for (const s of shown) if (s.caution) reporter.warn(t(opened.io.lang, s.caution.warn));
    reporter.info(renderCost(reporter.c, cost, until < LAST_CHAPTER ? msg().costOnceUpTo(until) : undefined));
    reporter.info(renderExpiry(reporter.c, expiry, Date.now()));
    if (ready) reporter.info(renderReadiness(reporter.c, ready, { debug: flags.debug }));
    if (opts.planOnly) return;
    if (ready) assertReady(ctx, ready);
    let step = Boolean(flags.step);

    if (!flags.yes && !nothingToDo) {
      if (!opened.io.prompter) {
        throw new UsageError(['err_noTerminal'], ['hint_noTerminalUp']);
      }
      reporter.stopSpinner();
      const how = await confirmRun(opened.io.prompter, opened, flags.step);
      if (!how) {
        reporter.info(msg().nothingCreated);
        return;
      }
      step = how === 'step';
    }
    // All the settings are kept (none is a secret): a rerun needs no flags.
    await state.setSettings(settings.region, { ...settings });
    const pause = step && opened.io.prompter ? stepPause(ctx, opened.io.prompter, opened, reporter) : undefined;
    // Chapter by chapter, each as it would be built alone: the web server of chapter 2 is
    // launched without Apache, and chapter 3 adds it, so stopping after 2 is before Apache.
    if (pause) ctx.until = Math.min(...resources.map((r) => r.chapter));
    const result = await up(resources, ctx, stop, { pause });
    const through = result.stoppedAfter ?? (until < LAST_CHAPTER ? until : undefined);
    const page = waitMs === undefined ? undefined : await awaitPage(run, result.steps, through ?? LAST_CHAPTER, waitMs, Boolean(flags.endpointUrl || process.env.AWS_ENDPOINT_URL), reporter, deps);
    // The printed commands go through the lab's own ssh_config, written (and its host keys pinned) now.
    const outputs = await throughLabConfig(labOutputs(ctx.live, ctx.privateKeyPath), { opened, settings, run }, flags);
    if (flags.json) {
      reporter.json<UpJson>({
        ok: true,
        command: 'up',
        lab: settings.name,
        region: settings.region,
        through: through ?? LAST_CHAPTER,
        resources: Object.fromEntries(result.steps.map((s) => [s.key, { id: s.id, outcome: s.outcome, changes: s.changes.map(inEnglish) }])),
        outputs,
        page,
        cost,
        expiry: expiryJson(expiry),
      });
    } else {
      reporter.result(`${renderOutputs(reporter.c, outputs, through)}\n\n${renderExpiry(reporter.c, expiryInfo(ctx, ctx.live, Date.now()), Date.now())}`);
    }
  } finally {
    await run.close();
  }
}
