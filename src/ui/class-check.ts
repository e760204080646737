import type { ChalkInstance } from 'chalk';
import { TUTORIAL_CHAPTERS } from '../lab/core/chapters.js';
import { chaptersDone } from '../lab/rules/progress.js';
import { table } from './class-views.js';
import { msg, say } from './messages/index.js';
import { SYMBOLS } from './style.js';
import { padEnd, width } from './width.js';
import { hang, screenColumns } from './wrap.js';
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

/** What to fix first: the first failing error-level finding (chapter order), else the first path not as it should be. */
export type FirstFailing = { rule: string; chapter: number; resource: string | null } | { path: string; gate: string | null; code: string | null; resource: string | null };

export function firstFailing(check: Pick<CheckView, 'findings' | 'paths'>): FirstFailing | undefined {
  const f = check.findings.filter((x) => x.ok === false && x.severity === 'error').sort((a, b) => a.chapter - b.chapter)[0];
  if (f) return { rule: f.rule, chapter: f.chapter, resource: f.resource ?? null };
  const p = check.paths.find((x) => x.ok === false);
  return p && { path: p.path, gate: p.blockedAt?.gate ?? null, code: p.blockedAt?.code ?? null, resource: p.blockedAt?.resource ?? null };
}

/** The learner's lab is as the tutorial wants it: checked, and nothing failing. */
export const learnerOk = (l: LearnerCheck): boolean => Boolean(l.check) && !l.error && firstFailing(l.check!) === undefined;

/** The least room the last column takes beside the others (a rule id, a short reason). */
const ROOM = 28;

/**
 * `class check`'s table (issue 26 item 7): a row per learner — where, chapters done, and
 * the first thing to fix (a finding's rule, or a path and the code of the gate that
 * blocks it) or why they could not be checked. Columns that do not fit 80 go under the row.
 */
export function renderClassCheck(c: ChalkInstance, klass: string, learners: LearnerCheck[]): string {
  const m = msg();
  const body = learners.map((l) => {
    if (!l.check || l.error) return [l.learner, l.where, '-', `${c.red(SYMBOLS.fail)} ${l.error ? say(l.error) : '-'}`];
    const first = firstFailing(l.check);
    const what = !first ? `${c.green(SYMBOLS.done)} ${m.classcheck_allGood}` : 'rule' in first ? `${c.red(SYMBOLS.fail)} ${first.rule}` : `${c.red(SYMBOLS.fail)} ${(first.code ? m.classcheck_pathCell(first.path, first.code) : first.path)}`;
    return [l.learner, l.where, `${chaptersDone(l.check.findings)}/${TUTORIAL_CHAPTERS}`, what];
  });
  const good = learners.filter(learnerOk).length;
  // The first three columns as a table; the last (a rule, or why) wrapped beside them.
  const [head, ...rows] = [m.classcheck_head, ...body];
  const left = table([head.slice(0, 3), ...rows.map((r) => r.slice(0, 3))]);
  const at = Math.max(...left.map(width)) + 2;
  // Too little room beside them (a long learner name): the cell goes under its row.
  const beside = screenColumns() - at >= ROOM;
  const cell = (l: string, text: string) => (beside ? hang(text, screenColumns(), padEnd(l, at), ' '.repeat(at)) : [l, ...hang(text, screenColumns(), '    ')]);
  const lines = left.map((l, i) => cell(l, i === 0 ? head[3] : rows[i - 1][3]).join('\n'));
  return [c.bold(m.classcheck_title(klass, good, learners.length)), c.dim(lines[0]), ...lines.slice(1)].join('\n');
}
