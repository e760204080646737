import type { Outcome, StepEvents } from '../engine/resource.js';
import { msg, say } from './messages/index.js';
import { failureReason, outcomeWord, type Reporter } from './reporter.js';
import { SYMBOLS } from './style.js';


/**
 * A class's progress: each lab is one line of the reporter (a spinner line at a terminal,
 * collapsed into one summary line when they outnumber its rows). A lab's steps move its
 * line at a terminal; without one, each step is a plain line naming the lab. Resources are
 * said by their labels' words in the run's language, as for one lab.
 */
export function labEvents(reporter: Reporter, lab: string): StepEvents {
  const labels = new Map<string, string>();
  const plain = reporter.mode !== 'fancy';
  return {
    started(key, label) {
      labels.set(key, say(label));
      if (!plain) reporter.progress(lab, labels.get(key)!);
    },
    progress(key, text) {
      if (!plain) reporter.progress(lab, `${labels.get(key) ?? key}: ${say(text)}`);
    },
    finished(key, outcome: Outcome, detail) {
      const label = labels.get(key) ?? key;
      if (plain) reporter.info(`${lab}: ${SYMBOLS.done} ${msg().line_then(`${label} ${detail}`, outcomeWord(outcome, detail))}`);
      else reporter.progress(lab, `${label}: ${outcomeWord(outcome, detail)}`);
    },
    failed(key, err) {
      reporter.info(`${lab}: ${SYMBOLS.fail} ${labels.get(key) ?? key}: ${failureReason(err)}`);
    },
  };
}
