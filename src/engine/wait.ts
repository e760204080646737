import { AbortedError, type Clock } from './clock.js';
import { inner, LabError, type Words } from './errors.js';
import type { ErrorClassifier } from './resource.js';

/**
 * How to poll for one kind of change: the first look when the change is first likely
 * done, then a look every `everyMs` while it is expected, so that a wait overshoots the
 * real moment by at most that. Past `lateMs` it is late and looks back off (x1.5 each) to
 * `maxEveryMs`: a NAT gateway that takes ten minutes costs a few dozen calls, not hundreds.
 */
export interface WaitPolicy {
  firstMs: number;
  everyMs: number;
  lateMs: number;
  maxEveryMs: number;
  timeoutMs: number;
}

/** How long to sleep after a look made `elapsedMs` into the wait, the last sleep being `lastMs`. */
export function nextDelay(policy: WaitPolicy, elapsedMs: number, lastMs?: number): number {
  if (lastMs === undefined) return policy.firstMs;
  if (elapsedMs < policy.lateMs) return policy.everyMs;
  return Math.min(policy.maxEveryMs, Math.max(policy.everyMs, Math.round(lastMs * 1.5)));
}

export type Poll<T> = { done: true; value: T } | { done: false; status?: string };

export interface WaitOptions {
  clock: Clock;
  signal?: AbortSignal;
  policy: WaitPolicy;
  /** Tells a throttled or dropped look (no answer yet) from a real failure. */
  errors: Pick<ErrorClassifier, 'isTransient' | 'code'>;
  /** Told after each look that found it not done yet: what the wait is doing, in words. */
  onProgress?: (waiting: Words) => void;
}

/** Where a wait stands after a look: AWS's state of the thing, or the error code of a look that got no answer. */
export interface WaitStatus {
  state?: string;
  noAnswer?: string;
}

/**
 * Poll until done. `waiting` says what the wait is doing where it stands (the caller's
 * own sentence: "waiting for NAT gateway nat-1 to become available (pending)"): the
 * progress line, and the error when the wait gives up or is stopped.
 */
export async function waitUntil<T>(waiting: (status: WaitStatus) => Words, poll: () => Promise<Poll<T>>, opts: WaitOptions): Promise<T> {
  const { clock, policy } = opts;
  const start = clock.now();
  let delay: number | undefined;
  for (;;) {
    let noAnswer: string | undefined;
    const result = await poll().catch((err): Poll<T> => {
      // A throttled or dropped look is no answer yet: the wait's own bound still holds.
      if (!opts.errors.isTransient(err)) throw err;
      noAnswer = opts.errors.code(err);
      return { done: false };
    });
    if (result.done) return result.value;
    const elapsed = clock.now() - start;
    const now = waiting(noAnswer === undefined ? { state: result.status } : { noAnswer });
    if (elapsed >= policy.timeoutMs) {
      throw new LabError('WaitTimeout', ['err_waitTimeout', Math.round(elapsed / 1000), inner(now)], ['hint_waitTimeout']);
    }
    // The reporter adds the elapsed time: it knows when the step began.
    opts.onProgress?.(now);
    delay = nextDelay(policy, elapsed, delay);
    await clock.sleep(Math.min(delay, policy.timeoutMs - elapsed), opts.signal).catch((err) => {
      if (err instanceof AbortedError) throw new LabError('Interrupted', ['err_waitStopped', inner(now)], ['hint_waitStopped'], 130);
      throw err;
    });
  }
}
