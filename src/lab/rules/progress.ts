import type { Finding } from '../../engine/finding.js';
import { TUTORIAL_CHAPTERS } from '../core/chapters.js';

/**
 * How far a learner got, as an instructor reads a class (issue 26 item 7): the tutorial's
 * chapters done in order, a chapter done when no error-level finding of it failed and at
 * least one passed (a rule not judged, a live one without its probe, neither passes nor
 * fails it). A warning does not undo a chapter: the tutorial does not ask for it.
 */
export function chaptersDone(findings: readonly Finding[]): number {
  let done = 0;
  for (let n = 1; n <= TUTORIAL_CHAPTERS; n++) {
    const errors = findings.filter((f) => f.chapter === n && f.severity === 'error');
    if (errors.some((f) => f.ok === false) || !errors.some((f) => f.ok === true)) break;
    done = n;
  }
  return done;
}
