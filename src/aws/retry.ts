import { backoff, type Clock } from '../engine/clock.js';
import { isTransient } from './errors.js';

/** Anything with the SDK client's `send`: a real client, or one wrapped in retries. */
export type Sender<C extends { send: unknown }> = Pick<C, 'send'>;

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const CALL_RETRY: RetryPolicy = { attempts: 5, baseMs: 500, maxMs: 8_000 };

/**
 * A second, slower line of defence behind the SDK's adaptive retry: when a throttling
 * storm outlasts the SDK's attempts, wait longer and try the same call again. Only
 * for calls that are safe to repeat (reads, and writes AWS makes idempotent).
 */
export function withRetries<C extends { send: unknown }>(
  client: Sender<C>,
  clock: Clock,
  policy: RetryPolicy = CALL_RETRY,
): Sender<C> {
  const send = async (...args: unknown[]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await (client.send as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (err) {
        if (!isTransient(err) || attempt >= policy.attempts) throw err;
        await clock.sleep(backoff(policy, attempt));
      }
    }
  };
  return { send } as unknown as Sender<C>;
}
