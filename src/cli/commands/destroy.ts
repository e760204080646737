import { UsageError } from '../../engine/errors.js';
import { discover } from '../../engine/graph.js';
import type { LabSettings } from '../../lab/core/config.js';
import { estimate, ROOT_VOLUME_GB } from '../../lab/core/cost.js';
import { LAB, NAT_PARTS } from '../../lab/chapters/lab.js';
import { destroyLab } from '../../lab/session.js';
import { countActions, planDestroy } from '../../lab/views/plan.js';
import { t } from '../../ui/i18n.js';
import { msg } from '../../ui/messages/index.js';
import type { Reporter } from '../../ui/reporter.js';
import { renderCost, renderPlan } from '../../ui/views.js';
import type { DestroyFlags } from '../flags.js';
import { knownSettings } from '../../lab/session.js';
import { connect, openLab, startRun, type Deps } from '../session.js';
import type { CostEstimate } from '../../lab/core/cost.js';

/** `destroy --json`: what was deleted; with --nat-only, what still bills. */
export interface DestroyJson {
  ok: true;
  command: 'destroy';
  natOnly: boolean;
  lab: string;
  region: string;
  deleted: { key: string; id: string | undefined }[];
  stillBilling: CostEstimate | undefined;
}

export async function destroyCommand(flags: DestroyFlags, reporter: Reporter, deps: Deps): Promise<void> {
  const opened = await openLab(flags, reporter, deps, { ask: true });
  const clients = await connect(flags, opened, deps);
  const settings = knownSettings(opened.name, clients.region, opened.saved?.settings as Partial<LabSettings> | undefined);
  const only = flags.natOnly ? NAT_PARTS : undefined;

  const run = await startRun(flags.natOnly ? 'destroy --nat-only' : 'destroy', opened, clients, settings, reporter, deps, flags);
  try {
    const { ctx, stop } = run;
    const found = await discover(LAB, ctx);
    const plan = planDestroy(ctx, found, only);
    const toDelete = countActions(plan).delete;
    if (!flags.json) reporter.info(renderPlan(reporter.c, plan));
    if (toDelete > 0 && !flags.yes) {
      if (!opened.io.prompter) {
        const command = `aws-lab-setup destroy${flags.natOnly ? ' --nat-only' : ''} --yes`;
        throw new UsageError(['err_noTerminal'], ['hint_noTerminalDestroy', command]);
      }
      reporter.stopSpinner();
      if (!(await opened.io.prompter.confirm({ message: t(opened.io.lang, 'confirmDestroy'), default: false }))) {
        reporter.info(msg().nothingDeleted);
        return;
      }
    }
    const deleted = await destroyLab(ctx, stop, { only, onSecondCopy: (n) => reporter.warn(msg().secondCopy(n, settings.name)) });
    // What still bills after a NAT-only teardown: the instances, their volumes, the web address.
    const remaining = only ? estimate(settings.region, settings.instanceType, { instances: 2, natGateways: 0, publicIps: 1, volumesGb: 2 * ROOT_VOLUME_GB }) : undefined;
    if (flags.json) {
      reporter.json<DestroyJson>({ ok: true, command: 'destroy', natOnly: Boolean(only), lab: settings.name, region: settings.region, deleted: deleted.map((s) => ({ key: s.key, id: s.id })), stillBilling: remaining });
      return;
    }
    reporter.result(
      deleted.length ? msg().deleted(deleted.length, settings.name, only ? settings.nat : undefined) : msg().nothingLeft(settings.name),
    );
    if (remaining) {
      reporter.info(renderCost(reporter.c, remaining, msg().costStillBilling));
      reporter.info(msg().natBack(settings.nat));
    }
  } finally {
    await run.close();
  }
}
