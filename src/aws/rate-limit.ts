import type { EC2Client } from '@aws-sdk/client-ec2';
import type { FinalizeHandler, FinalizeHandlerArguments, HandlerExecutionContext, MetadataBearer, RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { backoff, realClock, type Clock } from '../engine/clock.js';
import { EC2_BUCKETS, ec2Bucket, type BucketSpec } from './ec2-buckets.js';

/**
 * Many labs in one account and region share EC2's token buckets (ec2-buckets.ts): sent
 * all at once, their calls would empty them and be refused. One RateLimiter per account
 * and region holds a copy of each bucket and makes a call wait for its token before it
 * goes out, so the account's calls arrive at the pace AWS allows.
 */

/**
 * Pace a little under the published refill: the limiter's clock and AWS's do not tick
 * together, and a call refused at the edge costs a retry's wait. (The burst is kept whole.)
 */
const PACE = 0.9;

/**
 * A token bucket whose tokens may go below zero: a call that finds none reserves the next
 * one and waits for it, so waiting callers are served in turn (first come, first served).
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    readonly spec: BucketSpec,
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = spec.size;
    this.at = clock.now();
  }

  /** How long the caller must wait for its token (ms); the token is taken now. */
  reserve(): number {
    const now = this.clock.now();
    const rate = (this.spec.refill * PACE) / 1000; // tokens per ms
    this.tokens = Math.min(this.spec.size, this.tokens + (now - this.at) * rate);
    this.at = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil(-this.tokens / rate);
  }
}

export interface LimiterStats {
  /** Calls that went out (each attempt counts). */
  calls: number;
  /** Calls that had to wait for a token, and for how long in all. */
  paced: number;
  waitedMs: number;
  /** Answers of RequestLimitExceeded (or another throttling code) that were retried. */
  throttled: number;
  /** Retries of any kind. */
  retries: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  readonly stats: LimiterStats = { calls: 0, paced: 0, waitedMs: 0, throttled: 0, retries: 0 };

  constructor(
    private readonly clock: Clock = realClock,
    specs: readonly BucketSpec[] = EC2_BUCKETS,
  ) {
    for (const s of specs) this.buckets.set(s.name, new TokenBucket(s, clock));
  }

  /** Wait for a token of the action's bucket ("RunInstances" or "RunInstancesCommand"). */
  async take(action: string, signal?: AbortSignal): Promise<void> {
    const spec = ec2Bucket(action);
    const bucket = this.buckets.get(spec.name) ?? new TokenBucket(spec, this.clock);
    this.buckets.set(spec.name, bucket);
    this.stats.calls++;
    const wait = bucket.reserve();
    if (wait <= 0) return;
    this.stats.paced++;
    this.stats.waitedMs += wait;
    await this.clock.sleep(wait, signal);
  }
}

/** One limiter per account and region, for the whole process. */
const LIMITERS = new Map<string, RateLimiter>();

export function limiterFor(account: string, region: string): RateLimiter {
  const key = `${account}/${region}`;
  let limiter = LIMITERS.get(key);
  if (!limiter) LIMITERS.set(key, (limiter = new RateLimiter()));
  return limiter;
}

/** Every limiter made so far, by "account/region" (for the class's summary and the bench). */
export function limiters(): ReadonlyMap<string, RateLimiter> {
  return LIMITERS;
}

/**
 * Put the limiter in the client's middleware, just inside the SDK's retry loop: every
 * attempt, retries and dry runs included, takes a token (AWS counts them all).
 */
export function paceClient(client: Pick<EC2Client, 'middlewareStack'>, limiter: RateLimiter): void {
  client.middlewareStack.addRelativeTo(
    (next: FinalizeHandler<object, MetadataBearer>, context: HandlerExecutionContext) => async (args: FinalizeHandlerArguments<object>) => {
      await limiter.take(String(context.commandName ?? 'Unknown'));
      return next(args);
    },
    { relation: 'after', toMiddleware: 'retryMiddleware', name: 'ec2TokenBucket', override: true },
  );
}

/**
 * The SDK's standard retry draws every retry from a quota of 500 tokens per client (5 a
 * throttled retry): a class sharing a client spends it after ~100 throttled retries, and
 * from then on every call fails at once. This strategy waits out throttling with no quota
 * (AWS refused the call unserved, so sending it again is safe, even for a token-less
 * create) and keeps the standard quota and attempts for other errors.
 */
export const THROTTLE_RETRY = { attempts: 12, baseMs: 1_000, maxMs: 20_000 };
const OTHER_RETRY = { baseMs: 100, maxMs: 20_000 };
const QUOTA = 500;
const QUOTA_COST = 5;

interface Token extends RetryToken {
  throttles: number;
  others: number;
  cost: number;
}

const token = (throttles: number, others: number, delay: number, cost: number): Token => ({
  throttles,
  others,
  cost,
  getRetryCount: () => throttles + others,
  getRetryDelay: () => delay,
});

export class WaitOutThrottling implements RetryStrategyV2 {
  private quota = QUOTA;

  /** `maxAttempts`: for errors other than throttling (1: never resend them). */
  constructor(
    private readonly maxAttempts: number,
    private readonly stats?: LimiterStats,
  ) {}

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return token(0, 0, 0, 0);
  }

  async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const t = previous as Token;
    if (info.errorType === 'THROTTLING') {
      if (t.throttles + 1 >= THROTTLE_RETRY.attempts) throw new Error('internal: throttled too often'); // the SDK then throws AWS's own error
      if (this.stats) (this.stats.throttled++, this.stats.retries++);
      return token(t.throttles + 1, t.others, backoff(THROTTLE_RETRY, t.throttles + 1), t.cost);
    }
    const retryable = info.errorType === 'TRANSIENT' || info.errorType === 'SERVER_ERROR';
    if (!retryable || t.others + 1 >= this.maxAttempts || this.quota < QUOTA_COST) throw new Error('internal: no retry');
    this.quota -= QUOTA_COST;
    if (this.stats) this.stats.retries++;
    return token(t.throttles, t.others + 1, backoff(OTHER_RETRY, t.others + 1), t.cost + QUOTA_COST);
  }

  recordSuccess(previous: RetryToken): void {
    // As the standard strategy: a success gives back what its retries took, or one token.
    this.quota = Math.min(QUOTA, this.quota + ((previous as Token).cost || 1));
  }
}
