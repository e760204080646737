import { UsageError } from '../../engine/errors.js';
import { discover, up } from '../../engine/graph.js';
import { validateSettings, type LabSettings } from '../../lab/config.js';
import { estimate, fullLab } from '../../lab/cost.js';
import { LAB } from '../../lab/lab.js';
import { labOutputs } from '../../lab/outputs.js';
import { countActions, planUp } from '../../lab/plan.js';
import { assertReady, readiness } from '../../lab/readiness.js';
import { preflight } from '../../lab/session.js';
import { settingsOf } from '../../lab/settings.js';
import { expiryInfo } from '../../lab/status.js';
import { t } from '../../ui/i18n.js';
import type { Reporter } from '../../ui/reporter.js';
import { renderCost, renderExpiry, renderOutputs, renderPlan, renderReadiness } from '../../ui/views.js';
import type { UpFlags } from '../flags.js';
import { connect, openLab, startRun, type Deps } from '../session.js';
import { resolveUpSettings } from '../wizard.js';

export async function upCommand(flags: UpFlags, reporter: Reporter, deps: Deps, opts: { planOnly?: boolean } = {}): Promise<void> {
  const opened = await openLab(flags, reporter, deps, { ask: !opts.planOnly });
  const saved = (opened.saved?.settings ?? {}) as Partial<LabSettings>;
  const partial = await resolveUpSettings(flags, opened.name, saved, opened.io, flags.region ?? opened.saved?.region);
  // One state file, one region: a lab moved by --region would orphan the old one.
  const savedRegion = opened.saved?.region;
  if (savedRegion && flags.region && flags.region !== savedRegion && Object.keys(opened.saved!.resources).length > 0) {
    throw new UsageError(`lab "${opened.name}" lives in ${savedRegion}, not ${flags.region}`, `destroy it there first (aws-lab-setup destroy --name ${opened.name}), or use another --name for a lab in ${flags.region}`);
  }
  const clients = await connect(flags, opened, deps);
  const settings: LabSettings = { ...partial, region: clients.region };
  validateSettings(settings);

  const run = await startRun(opts.planOnly ? 'plan' : 'up', opened, clients, settings, reporter, deps, flags, { readOnly: opts.planOnly });
  try {
    const { ctx, state, stop } = run;
    const found = await discover(LAB, ctx);
    // A lab found by its tags alone (state file lost) keeps the NAT it has, unless asked.
    if (flags.nat === undefined && saved.nat === undefined && !opened.io.prompter && found.get('natInstance') && !found.get('natGateway')) settings.nat = 'instance';
    // The plan shows differences `up` cannot fix ("differs"); `up` refuses them here.
    if (!opts.planOnly) await preflight(ctx, found);
    const plan = planUp(ctx, found);
    const cost = estimate(settings.region, settings.instanceType, fullLab(settings.nat));
    const changes = countActions(plan);
    const nothingToDo = changes.create + changes.update + changes.delete === 0;
    // Permissions (dry runs) and quotas, before anything is made; a no-op run asks nothing.
    const ready = nothingToDo ? undefined : await readiness(ctx, found);
    // The plan's expiry is the one `up` will set (found schedules may still say the old one).
    const expiry = expiryInfo(ctx, new Map(), Date.now());
    if (flags.json && opts.planOnly) {
      reporter.json({ ok: true, command: 'plan', lab: settings.name, region: settings.region, settings: Object.fromEntries(settingsOf(settings).map((s) => [s.key, s.value])), plan, cost, expiry, preflight: ready });
      return;
    }
    // Each chapter's settings under its heading, as the table orders them.
    reporter.info(renderPlan(reporter.c, plan, settingsOf(settings).map((s) => ({ chapter: s.chapter, label: t('en', s.ask), value: s.value }))));
    reporter.info(renderCost(reporter.c, cost));
    reporter.info(renderExpiry(reporter.c, expiry, Date.now()));
    if (ready) reporter.info(renderReadiness(reporter.c, ready, { debug: flags.debug }));
    if (opts.planOnly) return;
    if (ready) assertReady(ctx, ready);

    if (!flags.yes && !nothingToDo) {
      if (!opened.io.prompter) {
        throw new UsageError('not asking for confirmation without a terminal', 'run `aws-lab-setup up --yes` to go ahead with the plan above');
      }
      reporter.stopSpinner();
      if (!(await opened.io.prompter.confirm({ message: t(opened.io.lang, 'confirm'), default: true }))) {
        reporter.info('Nothing was created.');
        return;
      }
    }
    // All the settings are kept (none is a secret): a rerun needs no flags.
    await state.setSettings(settings.region, { ...settings });
    const result = await up(LAB, ctx, stop);
    const outputs = labOutputs(ctx.live, ctx.privateKeyPath);
    if (flags.json) {
      reporter.json({
        ok: true,
        command: 'up',
        lab: settings.name,
        region: settings.region,
        resources: Object.fromEntries(result.steps.map((s) => [s.key, { id: s.id, outcome: s.outcome, changes: s.changes }])),
        outputs,
        cost,
        expiry,
      });
    } else {
      reporter.result(`${renderOutputs(reporter.c, outputs)}\n\n${renderExpiry(reporter.c, expiryInfo(ctx, ctx.live, Date.now()), Date.now())}`);
    }
  } finally {
    await run.close();
  }
}
