/**
 * Time as the engine sees it. Injected so that unit tests and the benchmark can run
 * AWS's minutes-long waits in virtual or scaled time.
 */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export class AbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'AbortedError';
  }
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new AbortedError());
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new AbortedError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A clock whose sleeps return at once and move virtual time forward: a two-minute NAT
 * wait costs a unit test nothing. Parallel sleepers each push the one timeline forward,
 * so virtual time runs ahead of real time: right for ordering tests, not for timings.
 */
export class VirtualClock implements Clock {
  private t = 0;
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new AbortedError();
    this.t += ms;
    await new Promise((r) => setImmediate(r));
    if (signal?.aborted) throw new AbortedError();
  }
}

/**
 * Real time, run faster: AWS's minutes in a fraction of a second, with waits that still
 * overlap as they would (the benchmark, and tests of what runs while what waits).
 * `scale` is real milliseconds per clock millisecond.
 */
export function scaledClock(scale: number): Clock {
  const t0 = performance.now();
  return {
    now: () => (performance.now() - t0) / scale,
    sleep: (ms, signal) => realClock.sleep(ms * scale, signal),
  };
}

/** Exponential backoff with (half) jitter: attempt 1 waits about baseMs, doubling up to maxMs. */
export function backoff(policy: { baseMs: number; maxMs: number }, attempt: number): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(cap / 2 + (Math.random() * cap) / 2);
}
