import { inEnglish, UsageError } from '../../engine/errors.js';
import { discover } from '../../engine/graph.js';
import type { LabSettings } from '../../lab/core/config.js';
import { estimate, ROOT_VOLUME_GB } from '../../lab/core/cost.js';
import { LAB, NAT_PARTS } from '../../lab/chapters/lab.js';
import { forgetSshFiles } from '../ssh-files.js';
import { destroyLab } from '../../lab/session.js';
import { countActions, planDestroy } from '../../lab/views/plan.js';
import { t } from '../../ui/i18n.js';
import { msg } from '../../ui/messages/index.js';
import type { Reporter } from '../../ui/reporter.js';
import { doubtText, leftAloneLine, renderCost, renderPlan } from '../../ui/views.js';
import { findDoubts, recordedOf, type Doubt } from '../../lab/views/ownership.js';
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
  /** Found by the lab's tags but not surely the lab's, and not confirmed: left alone (what it is and why, in English). */
  left: { key: string; id: string; seen: string; reasons: string[] }[];
  stillBilling: CostEstimate | undefined;
}

/** --also-delete i-1,vpc-2: the IDs confirmed on their own (a script's answer to the per-resource question). */
export function alsoDeleteIds(value: string | undefined): Set<string> {
  const ids = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const bad = ids.find((id) => !/^[a-z][a-z0-9-]*-[0-9a-f]+(:[0-9a-f.:/]+)?$/.test(id));
  if (bad !== undefined) throw new UsageError(['err_alsoDeleteId', bad], ['hint_alsoDeleteId']);
  return new Set(ids);
}

/**
 * The doubts (resources not surely the lab's) confirmed: named by --also-delete, or, on a
 * terminal, each asked about on its own (--yes does not answer these). Without a terminal,
 * the others are left alone: the lab's own resources still go (they bill), and nothing
 * that may be someone else's is deleted on the strength of a tag.
 */
async function decider(alsoDelete: ReadonlySet<string>, deps: Deps, reporter: Reporter) {
  const prompter = deps.interactive && deps.prompter ? await deps.prompter() : undefined;
  return async (doubts: Doubt[]): Promise<Set<string>> => {
    const confirmed = new Set(doubts.filter((d) => alsoDelete.has(d.id)).map((d) => d.id));
    if (!prompter) return confirmed;
    reporter.stopSpinner();
    for (const d of doubts.filter((d) => !confirmed.has(d.id))) {
      const { seen, reasons } = doubtText(d);
      if (await prompter.confirm({ message: msg().confirmAlsoDelete(seen, reasons), default: false })) confirmed.add(d.id);
    }
    return confirmed;
  };
}

export async function destroyCommand(flags: DestroyFlags, reporter: Reporter, deps: Deps): Promise<void> {
  // A VPC built by hand: its own teardown (destroy-vpc.ts).
  if ((flags as { vpc?: string }).vpc !== undefined) return (await import('./destroy-vpc.js')).destroyVpcCommand(flags, reporter, deps, alsoDeleteIds(flags.alsoDelete));
  const alsoDelete = alsoDeleteIds(flags.alsoDelete);
  const opened = await openLab(flags, reporter, deps, { ask: true });
  const clients = await connect(flags, opened, deps);
  const settings = knownSettings(opened.name, clients.region, opened.saved?.settings as Partial<LabSettings> | undefined);
  const only = flags.natOnly ? NAT_PARTS : undefined;

  const run = await startRun(flags.natOnly ? 'destroy --nat-only' : 'destroy', opened, clients, settings, reporter, deps, flags);
  try {
    const { ctx, stop } = run;
    const found = await discover(LAB, ctx);
    const doubts = (await findDoubts(ctx, found, recordedOf(ctx.state))).filter((d) => !only || only.has(d.key));
    const plan = planDestroy(ctx, found, only, doubts, alsoDelete);
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
    const left: Doubt[] = [];
    const deleted = await destroyLab(ctx, stop, {
      only,
      onSecondCopy: (n) => reporter.warn(msg().secondCopy(n, settings.name)),
      decide: await decider(alsoDelete, deps, reporter),
      onLeft: (d) => {
        left.push(d);
        if (!flags.json) reporter.warn(leftAloneLine(d));
      },
    });
    // The whole lab gone (its state too): its host keys and ssh_config go with it.
    if (!only && !(await opened.location.read(settings.name))) await forgetSshFiles(opened.location, settings.name);
    // What still bills after a NAT-only teardown: the instances, their volumes, the web address.
    const remaining = only ? estimate(settings.region, settings.instanceType, { instances: 2, natGateways: 0, publicIps: 1, volumesGb: 2 * ROOT_VOLUME_GB }) : undefined;
    if (flags.json) {
      reporter.json<DestroyJson>({
        ok: true,
        command: 'destroy',
        natOnly: Boolean(only),
        lab: settings.name,
        region: settings.region,
        deleted: deleted.map((s) => ({ key: s.key, id: s.id })),
        left: left.map((d) => ({ key: d.key, id: d.id, seen: inEnglish(d.seen), reasons: d.reasons.map(inEnglish) })),
        stillBilling: remaining,
      });
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
