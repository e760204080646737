import { inEnglish } from '../../engine/errors.js';
import { findingJson } from '../../engine/finding.js';
import { extrasOfLab } from '../../lab/rules/lab.js';
import { expiryJson, findingsOfDone, labPicture, labStatus } from '../../lab/views/status.js';
import type { Topology } from '../../lab/views/topology.js';
import type { Reporter } from '../../ui/reporter.js';
import { renderDiagram } from '../../ui/diagram.js';
import { msg } from '../../ui/messages/index.js';
import { renderChapters, renderCost, renderExpiry, renderFindings, renderStatus } from '../../ui/views.js';
import type { CommonFlags } from '../flags.js';
import { inspectLab, type Deps } from '../session.js';
import type { ChapterProgress, StatusRow } from '../../lab/views/status.js';
import type { LabOutputs } from '../../lab/views/outputs.js';
import type { CostEstimate } from '../../lab/core/cost.js';
import { checkSvgTarget, writeSvg, type SvgFlags } from '../svg-file.js';
import { throughWrittenConfig } from '../ssh-files.js';
import { currentLang } from '../../ui/messages/index.js';
import { pictureSvg } from '../../ui/svg/index.js';

export interface StatusFlags extends CommonFlags, SvgFlags {
  ascii?: boolean;
}

/** `status --json`: every resource with its label and drift in English, the tutorial's findings, the addresses, the cost, the expiry. */
export interface StatusJson {
  ok: true;
  command: 'status';
  lab: string;
  region: string;
  chapters: ChapterProgress[];
  resources: (Omit<StatusRow, 'label' | 'drift'> & { label: string; drift: string[] })[];
  /** The tutorial's rules over what AWS describes (lab/rules), every chapter's; not the live ones (`check` probes). */
  findings: ReturnType<typeof findingJson>[];
  outputs: LabOutputs;
  upHours: number;
  costSoFar: number | undefined;
  cost: CostEstimate;
  expiry: ReturnType<typeof expiryJson>;
  /** The lab's picture as data (lab/views/topology.ts); null without a VPC. */
  topology: Topology | null;
}

export async function statusCommand(flags: StatusFlags, reporter: Reporter, deps: Deps): Promise<void> {
  await checkSvgTarget(flags);
  // The VPC's attributes and ACLs (for the tutorial's rules) are asked beside discovery: no round trip of their own.
  const { opened, settings, run, found, alongside: extras } = await inspectLab('status', flags, reporter, deps, extrasOfLab);
  const { ctx } = run;
  const now = Date.now();
  const { rows, outputs, cost, chapters, upHours, soFar, expiry } = labStatus(ctx, found, opened.saved?.createdAt, now);
  // The lab's picture as data (drawn below, carried as it is by --json: IDs and English enums only) and the tutorial's findings, from one snapshot.
  const { topology, findings } = await labPicture(ctx, found, extras);
  if (flags.json) {
    reporter.json<StatusJson>({ ok: true, command: 'status', lab: settings.name, region: settings.region, chapters, resources: rows.map((r) => ({ ...r, label: inEnglish(r.label), drift: r.drift.map(inEnglish) })), findings: findings.map(findingJson), outputs: await throughWrittenConfig(outputs, opened.location, settings.name), upHours, costSoFar: soFar, cost, expiry: expiryJson(expiry), topology: topology ?? null });
    return;
  }
  // Only the chapters built: a lab built --until web does not fail for the DB server it has not reached.
  const done = findingsOfDone(findings, chapters);
  if (flags.svg !== undefined) {
    // The picture marks the failing findings in the order the text lists them (by chapter).
    const svg = topology ? pictureSvg(topology, { lang: currentLang(), findings: [...done].sort((a, b) => a.chapter - b.chapter) }) : undefined;
    if (await writeSvg(flags, svg, reporter)) return;
  }
  const failing = renderFindings(reporter.c, done, true);
  reporter.result(
    [
      renderStatus(reporter.c, settings.name, settings.region, rows, upHours, soFar),
      ...failing,
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
