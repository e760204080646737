import type { EC2Client } from '@aws-sdk/client-ec2';
import type { FinalizeHandler, FinalizeHandlerArguments, HandlerExecutionContext, MetadataBearer, RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { AbortedError, backoff, realClock, type Clock } from '../engine/clock.js';
import { stepUrgency } from '../engine/graph.js';
import { RunStorage } from '../engine/storage.js';
import { batchLooks } from './describe-batch.js';
import { ec2Bucket, type BucketSpec } from './ec2-buckets.js';

/**
 * Many labs in one account and region share EC2's token buckets, one per action
 * (ec2-buckets.ts): sent all at once, their calls would empty them and be refused. One
 * RateLimiter per account and region keeps a copy of each action's bucket (made the first
 * time the action is called) and makes a call wait for its token before it goes out, so
 * the account's calls arrive at the pace AWS allows.
 */

/**
 * AWS begins to refill a bucket when the first call on a full bucket reaches it; the
 * limiter counts from when it let that call go. Later calls may take less time on the way
 * than that one did, and one refused at the edge costs a retry's wait (a second or more):
 * the limiter counts each refill from LAG_MS later, and then paces at the published rate.
 * (Pacing at 95 % of the rate instead left some tens of milliseconds to spare right after a
 * burst, and cost a second in every twenty of a long stream of calls: a class's NAT gateways.)
 */
export const LAG_MS = 250;

/** A token bucket as the limiter keeps it: AWS's, refilling from LAG_MS later. */
export class TokenBucket {
  private tokens: number;
  /** Refilled up to this moment (ahead of now just after a call drew on the full bucket). */
  private at: number;

  constructor(
    readonly spec: BucketSpec,
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = spec.size;
    this.at = clock.now();
  }

  private get rate(): number {
    return this.spec.refill / 1000; // tokens per ms
  }

  private refill(): void {
    const now = this.clock.now();
    if (now <= this.at) return;
    this.tokens = Math.min(this.spec.size, this.tokens + (now - this.at) * this.rate);
    this.at = now;
  }

  /** Take a whole token if there is one. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    if (this.tokens >= this.spec.size) this.at = this.clock.now() + LAG_MS;
    this.tokens -= 1;
    return true;
  }

  /** How long until a whole token is there (ms). */
  untilToken(): number {
    this.refill();
    if (this.tokens >= 1) return 0;
    return Math.max(0, this.at - this.clock.now()) + Math.ceil((1 - this.tokens) / this.rate);
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

/**
 * Of many runs sharing a limiter, one that began earlier goes a little first (TURN_MS a
 * place): the first labs of a class get on with their creates while the last still look
 * around, instead of all of them looking around together and then all creating together.
 */
export const TURN_MS = 100;
const turn = new RunStorage<number>();

/** Run `fn` (one lab's run) as the `place`-th of the runs sharing its limiter (0: first). */
export function inTurn<T>(place: number, fn: () => Promise<T>): Promise<T> {
  return turn.using(() => turn.run(place, fn));
}

interface Waiter {
  /** When it should go, at the latest: arrival less urgency, plus its run's turn (earliest first). */
  due: number;
  go: () => void;
}

/**
 * The callers waiting for one bucket's tokens, served as tokens come. Not first come,
 * first served: a call whose run has more still ahead of it (a VPC on the way to a NAT
 * gateway's minute-long wait) goes before one with little (a security group rule), by as
 * much as that difference, so thirty labs in one account start their NAT gateways early
 * instead of all together at the end. Outside a step (urgency 0) it is first come, first served.
 */
class Lane {
  private readonly waiting: Waiter[] = [];
  private pumping = false;

  constructor(
    readonly bucket: TokenBucket,
    private readonly clock: Clock,
  ) {}

  /** Resolves when the caller has its token: at once when there is one and nobody waits. */
  take(urgency: number, signal?: AbortSignal): Promise<void> | undefined {
    if (this.waiting.length === 0 && this.bucket.tryTake()) return undefined;
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = { due: this.clock.now() - urgency, go: resolve };
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(w), 1);
        reject(new AbortedError());
      };
      if (signal) {
        if (signal.aborted) return reject(new AbortedError());
        signal.addEventListener('abort', onAbort, { once: true });
        w.go = () => (signal.removeEventListener('abort', onAbort), resolve());
      }
      // Sorted by due, ties in arrival order.
      let i = this.waiting.length;
      while (i > 0 && this.waiting[i - 1].due > w.due) i--;
      this.waiting.splice(i, 0, w);
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting.length) {
        while (this.waiting.length && this.bucket.tryTake()) this.waiting.shift()!.go();
        if (this.waiting.length) await this.clock.sleep(this.bucket.untilToken());
      }
    } finally {
      this.pumping = false;
    }
  }
}

/** What `take` gives a call that has its token at once. */
const TOOK: Promise<void> = Promise.resolve();

export class RateLimiter {
  /** A lane per action, made on its first call. */
  private readonly lanes = new Map<string, Lane>();
  /** The lane of each name an action is called by ("RunInstances", "RunInstancesCommand"): its bucket worked out once. */
  private readonly laneOf = new Map<string, Lane>();
  readonly stats: LimiterStats = { calls: 0, paced: 0, waitedMs: 0, throttled: 0, retries: 0 };

  constructor(
    readonly clock: Clock = realClock,
    /** The bucket of an action (tests give smaller ones). */
    private readonly bucketOf: (action: string) => BucketSpec = ec2Bucket,
  ) {}

  /**
   * Wait for a token of the action's bucket ("RunInstances" or "RunInstancesCommand").
   * Not an async function: nearly every call finds its token at once, and is given one
   * promise already resolved instead of a new one of its own (every EC2 call comes here).
   */
  take(action: string, signal?: AbortSignal): Promise<void> {
    try {
      const lane = this.laneOf.get(action) ?? this.newLane(action);
      this.stats.calls++;
      const start = this.clock.now();
      const wait = lane.take(stepUrgency() - (turn.getStore() ?? 0) * TURN_MS, signal);
      return wait ? this.waited(wait, start) : TOOK;
    } catch (err) {
      return Promise.reject(err); // as an async function would: a rejection, never a throw
    }
  }

  private async waited(wait: Promise<void>, start: number): Promise<void> {
    this.stats.paced++;
    await wait;
    this.stats.waitedMs += this.clock.now() - start;
  }

  private newLane(action: string): Lane {
    const spec = this.bucketOf(action);
    let lane = this.lanes.get(spec.name);
    if (!lane) this.lanes.set(spec.name, (lane = new Lane(new TokenBucket(spec, this.clock), this.clock)));
    this.laneOf.set(action, lane);
    return lane;
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

/**
 * Put the limiter in the client's middleware, just inside the SDK's retry loop: every
 * attempt, retries and dry runs included, takes a token (AWS counts them all). The
 * clients of one limiter also merge their looks by ID (describe-batch.ts).
 */
export function paceClient(client: Pick<EC2Client, 'middlewareStack' | 'send'>, limiter: RateLimiter): void {
  const plain = client.send.bind(client) as (...args: unknown[]) => Promise<never>;
  const batched = batchLooks(limiter, limiter.clock, (command) => plain(command));
  client.send = ((command: never, ...rest: unknown[]) => (rest.length ? plain(command, ...rest) : batched(command))) as typeof client.send;
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
