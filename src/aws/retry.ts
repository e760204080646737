import { backoff, type Clock } from '../engine/clock.js';
import { isReadAction } from './ec2-kinds.js';
import { isTransient } from './errors.js';

/** Anything with the SDK client's `send`: a real client, or one wrapped in retries. */
export type Sender<C extends { send: unknown }> = Pick<C, 'send'>;

/**
 * The action of each command class met so far. Every EC2 call asks for its action three
 * times on its way out (consistency, read-only, merged looks) and a class check makes
 * thousands of calls of a dozen classes: the class name's regex is worked out once a class.
 */
const ACTIONS = new WeakMap<object, string>();

/** The API action an SDK command calls ("CreateVpc"), from its class name. */
export function actionOf(command: unknown): string {
  const ctor = (command as { constructor?: { name?: string } } | undefined)?.constructor;
  if (ctor === undefined || ctor === null) return '';
  let action = ACTIONS.get(ctor);
  if (action === undefined) ACTIONS.set(ctor, (action = (ctor.name ?? '').replace(/Command$/, '')));
  return action;
}

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
  const opts = { clock, policy }; // the same for every call: made once, not per call
  const send = (...args: unknown[]) => retryWhile(() => (client.send as (...a: unknown[]) => Promise<unknown>)(...args), isTransient, opts);
  return { send } as unknown as Sender<C>;
}

/**
 * A client that may only read (Describe*, Get*, List*): any other call throws before it
 * goes out. The senders of a verify-only run (a VPC the tool does not own) are wrapped in
 * it, beneath everything else, so that no path through the kinds can change a thing.
 */
export function readOnly<C extends { send: unknown }>(client: Sender<C>, service: string): Sender<C> {
  // Not an async function: a read goes on as the client's own promise (one layer less on every call); a refusal is a rejected promise all the same.
  const send = (command: unknown, ...rest: unknown[]): Promise<unknown> => {
    const action = actionOf(command);
    if (!isReadAction(action)) return Promise.reject(new Error(`internal: a verify-only run may only read, and ${service}:${action} is not a read`));
    try {
      return Promise.resolve((client.send as (...a: unknown[]) => Promise<unknown>)(command, ...rest));
    } catch (err) {
      return Promise.reject(err);
    }
  };
  return { send } as unknown as Sender<C>;
}

/** IAM spreads a new role within seconds, sometimes a minute or two: about two minutes in all. */
export const PROPAGATION_RETRY: RetryPolicy = { attempts: 12, baseMs: 2_000, maxMs: 15_000 };

/**
 * Repeat a call while AWS gives an answer that time alone cures (`pending`), with
 * backoff; any other error, or the last refusal, is thrown.
 */
export async function retryWhile<T>(
  call: () => Promise<T>,
  pending: (err: unknown) => boolean,
  opts: { clock: Clock; signal?: AbortSignal; policy?: RetryPolicy; onRetry?: (attempt: number, err: unknown) => void },
): Promise<T> {
  const policy = opts.policy ?? PROPAGATION_RETRY;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!pending(err) || attempt >= policy.attempts) throw err;
      opts.onRetry?.(attempt, err);
      await opts.clock.sleep(backoff(policy, attempt), opts.signal);
    }
  }
}
