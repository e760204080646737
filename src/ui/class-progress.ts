import type { Outcome, StepEvents } from '../engine/resource.js';
import type { Reporter } from './reporter.js';
import { sayWords } from './messages/index.js';
import { SYMBOLS } from './style.js';

/**
 * A class's progress: each lab is one line of the reporter (a spinner line at a terminal,
 * collapsed into one summary line when they outnumber its rows). A lab's steps move its
 * line at a terminal; without one, each step is a plain line naming the lab.
 */
export function labEvents(reporter: Reporter, lab: string): StepEvents {
  const labels = new Map<string, string>();
  const plain = reporter.mode !== 'fancy';
  return {
    started(key, label) {
      labels.set(key, label);
      if (!plain) reporter.progress(lab, label);
    },
    progress(key, text) {
      if (!plain) reporter.progress(lab, `${labels.get(key) ?? key}: ${sayWords(text)}`);
    },
    finished(key, outcome: Outcome, detail) {
      const label = labels.get(key) ?? key;
      if (plain) reporter.info(`${lab}: ${SYMBOLS.done} ${label} ${detail} — ${outcome}`);
      else reporter.progress(lab, `${label}: ${outcome}`);
    },
    failed(key, err) {
      const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
      reporter.info(`${lab}: ${SYMBOLS.fail} ${labels.get(key) ?? key}: ${reason}`);
    },
  };
}
