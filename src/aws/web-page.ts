import type { Clock } from '../engine/clock.js';
import { LabError, UsageError } from '../engine/errors.js';
import { waitUntil, type WaitPolicy } from '../engine/wait.js';

/** What one GET of the web page got: an HTTP status, or no answer at all (and why). */
export type PageAnswer = { status: number } | { error: string };

/** The page answers as the tutorial's check wants it: 200, not a redirect or an error. */
export const pageOk = (a: PageAnswer): boolean => 'status' in a && a.status === 200;

/**
 * One GET of the lab's web page from this machine, as `check` and the end of `up` ask it
 * (beside my-ip.ts: the other call this tool makes that is not to AWS).
 * Redirects are not followed: the tutorial's page answers 200 itself.
 */
export async function askPage(url: string, timeoutMs: number): Promise<PageAnswer> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    // Only the status matters; let the body go rather than hold the socket.
    await res.body?.cancel().catch(() => undefined);
    return { status: res.status };
  } catch (err) {
    // fetch says "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND...) is its cause's code.
    if ((err as Error).name === 'TimeoutError') return { error: 'timed out' };
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { error: cause ?? (err as Error).message };
  }
}

/** Where the page is asked instead of the web server's public name: tests point it at a loopback stand-in. */
export const WEB_URL_ENV = 'AWS_LAB_SETUP_WEB_URL';
/** How long `up` waits for the page, in seconds (default 300: a first boot installs Apache and MariaDB). */
export const PAGE_WAIT_ENV = 'AWS_LAB_SETUP_PAGE_WAIT';
export const DEFAULT_PAGE_WAIT_S = 300;

export function pageUrl(labUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[WEB_URL_ENV] || labUrl;
}

export function pageWaitMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[PAGE_WAIT_ENV];
  if (raw === undefined || raw === '') return DEFAULT_PAGE_WAIT_S * 1000;
  const seconds = Number(raw);
  if (!(Number.isInteger(seconds) && seconds >= 1 && seconds <= 3600)) {
    throw new UsageError(['err_pageWaitEnv', PAGE_WAIT_ENV, raw], ['hint_pageWaitEnv', DEFAULT_PAGE_WAIT_S]);
  }
  return seconds * 1000;
}

/** One GET never holds the wait up for longer than this: a dropped packet is retried. */
const ASK_TIMEOUT_MS = 10_000;

export interface PageWait {
  answered: boolean;
  /** How long the wait took (clock time). */
  ms: number;
  /** The last answer before the end: what a page that did not answer in time said. */
  last?: PageAnswer;
}

/**
 * Ask the page every few seconds until it answers 200 or `boundMs` has gone by. Not
 * answering in time is an outcome, not an error: the first boot may still be installing.
 */
export async function waitForPage(
  url: string,
  opts: { ask: (url: string, timeoutMs: number) => Promise<PageAnswer>; clock: Clock; boundMs: number; signal?: AbortSignal; onProgress?: (last: PageAnswer) => void },
): Promise<PageWait> {
  const { clock, boundMs } = opts;
  const start = clock.now();
  const policy: WaitPolicy = { firstMs: 3_000, everyMs: 5_000, lateMs: boundMs, maxEveryMs: 5_000, timeoutMs: boundMs };
  let last: PageAnswer | undefined;
  try {
    await waitUntil(
      () => ['progress_waitPage', url],
      async () => {
        const left = boundMs - (clock.now() - start);
        last = await opts.ask(url, Math.max(1_000, Math.min(ASK_TIMEOUT_MS, left)));
        return pageOk(last) ? { done: true, value: undefined } : { done: false };
      },
      // askPage never throws: no answer is an answer here.
      { clock, signal: opts.signal, policy, errors: { isTransient: () => false, code: () => '' }, onProgress: () => last && opts.onProgress?.(last) },
    );
    return { answered: true, ms: clock.now() - start, last };
  } catch (err) {
    if (err instanceof LabError && err.code === 'WaitTimeout') return { answered: false, ms: clock.now() - start, last };
    throw err;
  }
}
