import { AbortedError, type Clock } from './clock.js';
import { LabError } from './errors.js';
import type { ErrorClassifier } from './resource.js';

/**
 * How to poll for one kind of change. The first look comes when the change could first
 * be done; after that, short intervals growing to a cap, so that a wait overshoots the
 * real moment by at most `maxEveryMs`.
 */
export interface WaitPolicy {
  firstMs: number;
  everyMs: number;
  maxEveryMs: number;
  timeoutMs: number;
}

export type Poll<T> = { done: true; value: T } | { done: false; status?: string };

export interface WaitOptions {
  clock: Clock;
  signal?: AbortSignal;
  policy: WaitPolicy;
  /** Tells a throttled or dropped look (no answer yet) from a real failure. */
  errors: Pick<ErrorClassifier, 'isTransient' | 'code'>;
  onProgress?: (text: string) => void;
}

export async function waitUntil<T>(what: string, poll: () => Promise<Poll<T>>, opts: WaitOptions): Promise<T> {
  const { clock, policy } = opts;
  const start = clock.now();
  let delay = policy.firstMs;
  let interval = policy.everyMs;
  for (;;) {
    const result = await poll().catch((err): Poll<T> => {
      // A throttled or dropped look is no answer yet: the wait's own bound still holds.
      if (opts.errors.isTransient(err)) return { done: false, status: `no answer: ${opts.errors.code(err)}` };
      throw err;
    });
    if (result.done) return result.value;
    const elapsed = clock.now() - start;
    if (elapsed >= policy.timeoutMs) {
      throw new LabError(
        'WaitTimeout',
        `gave up waiting for ${what} after ${Math.round(elapsed / 1000)}s${result.status ? ` (still ${result.status})` : ''}`,
        'AWS may just be slow: run the same command again to resume waiting',
      );
    }
    // The reporter adds the elapsed time: it knows when the step began.
    opts.onProgress?.(`waiting for ${what}${result.status ? ` (${result.status})` : ''}`);
    await clock.sleep(Math.min(delay, policy.timeoutMs - elapsed), opts.signal).catch((err) => {
      if (err instanceof AbortedError) throw new LabError('Interrupted', `stopped waiting for ${what}`, 'run the same command again to resume', 130);
      throw err;
    });
    delay = interval;
    interval = Math.min(policy.maxEveryMs, Math.round(interval * 1.5));
  }
}
