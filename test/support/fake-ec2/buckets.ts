/** EC2's token buckets (src/aws/ec2-buckets.ts) on the fake's clock, one set per account (FakeAws.inAccount). */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from '../../../src/engine/clock.js';
import { ec2Bucket } from '../../../src/aws/ec2-buckets.js';
import { Bucket } from '../../e2e/support/buckets.js';
import type { BucketCounts } from './api.js';

export interface AccountBuckets {
  /** Whether EC2 has a token for this call (always, when `enabled` is false). */
  admitted(name: string): boolean;
  /** Run `fn` as a caller of that account (default account "default"). */
  inAccount<T>(account: string, fn: () => Promise<T>): Promise<T>;
  counts: BucketCounts;
  /** Done with the accounts: Node's promise hooks, on while an AsyncLocalStorage is, go off (a bench goes on without the fake). */
  release(): void;
}

export function accountBuckets(enabled: boolean | undefined, clock: Pick<Clock, 'now'>): AccountBuckets {
  const account = new AsyncLocalStorage<string>();
  const buckets = new Map<string, Bucket>();
  const bucketCounts: BucketCounts = new Map();
  const admitted = (name: string): boolean => {
    if (!enabled) return true;
    const id = `${account.getStore() ?? 'default'} ${ec2Bucket(name).name}`;
    let bucket = buckets.get(id);
    if (!bucket) buckets.set(id, (bucket = new Bucket(ec2Bucket(name), () => clock.now())));
    const counts = bucketCounts.get(id) ?? { served: 0, refused: 0 };
    bucketCounts.set(id, counts);
    const ok = bucket.take();
    counts[ok ? 'served' : 'refused']++;
    return ok;
  };
  return { admitted, inAccount: (id, fn) => account.run(id, fn), counts: bucketCounts, release: () => account.disable() };
}
