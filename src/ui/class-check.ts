import type { VpcSnapshot } from '../lab/core/snapshot.js';
import { topologyOf } from '../lab/views/topology.js';
import type { CheckReport } from '../lab/views/vpc-check.js';
import type { Lang } from './messages/index.js';
import { pictureSvg } from './svg/index.js';
import type { Words } from '../engine/errors.js';
import type { CheckView } from './check.js';

/**
 * One learner of `class check` (issue 26 item 7) as the table and the HTML report show it:
 * their VPC checked (built by hand: the roster's `vpc` column; else their lab of the tool's),
 * the check as `check --vpc` sees it, and their picture with the failing findings marked
 * (issue 28 item 4) — or why they could not be checked (a role not assumable, no such VPC).
 */
export interface LearnerCheck {
  /** As the roster writes it. */
  learner: string;
  /** `<class>-<learner>`: their lab's name (also when they built by hand). */
  lab: string;
  /** Where: the account (or profile) and region. */
  where: string;
  /** True: a VPC built by hand (the roster's `vpc` column); false: a lab of the tool's. */
  handBuilt: boolean;
  /** What was checked; undefined when it could not be. */
  check?: CheckView;
  /** The learner's picture (ui/svg pictureSvg), the failing findings marked and numbered. */
  picture?: string;
  /** Why the learner could not be checked. */
  error?: Words;
}

/**
 * A check drawn (`check --svg`, `class check --out`): the failing findings marked and
 * numbered in the order the check lists them (chapter by chapter), each blocked path
 * broken at its gate.
 */
export function reportPicture(snapshot: VpcSnapshot, report: CheckReport, lang: Lang): string {
  const findings = [...report.findings].sort((a, b) => a.chapter - b.chapter);
  return pictureSvg(topologyOf(snapshot, report.roles), { lang, findings, paths: report.paths });
}
