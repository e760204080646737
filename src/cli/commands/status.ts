import { inEnglish } from '../../engine/errors.js';
import { expiryJson, labStatus } from '../../lab/views/status.js';
import { labTopology, type Topology } from '../../lab/views/topology.js';
import type { Reporter } from '../../ui/reporter.js';
import { renderDiagram } from '../../ui/diagram.js';
import { msg } from '../../ui/messages/index.js';
import { renderChapters, renderCost, renderExpiry, renderStatus } from '../../ui/views.js';
import type { CommonFlags } from '../flags.js';
import { inspectLab, type Deps } from '../session.js';
import type { ChapterProgress, StatusRow } from '../../lab/views/status.js';
import type { LabOutputs } from '../../lab/views/outputs.js';
import type { CostEstimate } from '../../lab/core/cost.js';

export interface StatusFlags extends CommonFlags {
  ascii?: boolean;
}

/** `status --json`: every resource with its label and drift in English, the addresses, the cost, the expiry. */
export interface StatusJson {
  ok: true;
  command: 'status';
  lab: string;
  region: string;
  chapters: ChapterProgress[];
  resources: (Omit<StatusRow, 'label' | 'drift'> & { label: string; drift: string[] })[];
  outputs: LabOutputs;
  upHours: number;
  costSoFar: number | undefined;
  cost: CostEstimate;
  expiry: ReturnType<typeof expiryJson>;
  /** The lab's picture as data (lab/views/topology.ts); null without a VPC. */
  topology: Topology | null;
}

export async function statusCommand(flags: StatusFlags, reporter: Reporter, deps: Deps): Promise<void> {
  const { opened, settings, run, found } = await inspectLab('status', flags, reporter, deps);
  const { ctx } = run;
  const now = Date.now();
  const { rows, outputs, cost, chapters, upHours, soFar, expiry } = labStatus(ctx, found, opened.saved?.createdAt, now);
  // The lab's picture as data: drawn below, carried as it is by --json (IDs and English enums only).
  const topology = labTopology(found, settings);
  if (flags.json) {
    reporter.json<StatusJson>({ ok: true, command: 'status', lab: settings.name, region: settings.region, chapters, resources: rows.map((r) => ({ ...r, label: inEnglish(r.label), drift: r.drift.map(inEnglish) })), outputs, upHours, costSoFar: soFar, cost, expiry: expiryJson(expiry), topology: topology ?? null });
    return;
  }
  reporter.result(
    [
      renderStatus(reporter.c, settings.name, settings.region, rows, upHours, soFar),
      renderChapters(reporter.c, chapters),
      '',
      renderDiagram(topology, settings, flags.ascii ? 'ascii' : 'box'),
      '',
      renderCost(reporter.c, cost, msg().costBillingNow),
      '',
      renderExpiry(reporter.c, expiry, now),
    ].join('\n'),
  );
}
