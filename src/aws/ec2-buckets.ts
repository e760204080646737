/**
 * EC2's request token buckets, as AWS documents them (per account and per region): "limits
 * are applied to individual API actions, not API action categories". Every action has a
 * bucket of its own; a call takes a token from its action's bucket, and an empty bucket
 * answers RequestLimitExceeded while every other action's bucket is untouched. A category
 * only sets the size of each of its actions' buckets; a few actions have sizes of their own.
 * One table, read by the rate limiter (rate-limit.ts), the fake EC2, the end-to-end proxy
 * and the bench's floor.
 *
 * Not modelled: EC2's resource tokens (instances launched, started, stopped or terminated:
 * 1000 at once, RunInstances refilling 2 a second): a class launches two instances a lab, so
 * a class of a hundred stays inside the first thousand. Nor the smaller buckets of
 * UNFILTERED_LOOKS: the tool never sends one of those looks unfiltered.
 */
export interface BucketSpec {
  /** The bucket's name: its action ("RunInstances"). */
  name: string;
  /** Tokens when full (the burst). */
  size: number;
  /** Tokens added per second. */
  refill: number;
}

type Size = Omit<BucketSpec, 'name'>;

/** The size of each action's bucket, by the action's category. */
export const CATEGORY_SIZES = {
  /** Describe*, Get*, List*, Search*. */
  'non-mutating': { size: 100, refill: 20 },
  /** Every other action, but those below. */
  mutating: { size: 50, refill: 5 },
  /** The mutating actions AWS names as costing it the most (RESOURCE_INTENSIVE). */
  'resource-intensive': { size: 50, refill: 5 },
} as const satisfies Record<string, Size>;

export type Category = keyof typeof CATEGORY_SIZES | 'uncategorized';

/** The resource-intensive actions among those a lab calls (AWS's list is longer; the size is a mutating call's). */
const RESOURCE_INTENSIVE = new Set(['AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress', 'CreateKeyPair']);

/** Actions AWS gives buckets of their own sizes ("uncategorized"). */
export const UNCATEGORIZED: Readonly<Record<string, Size>> = {
  RunInstances: { size: 5, refill: 2 },
  StartInstances: { size: 5, refill: 2 },
  TerminateInstances: { size: 100, refill: 5 },
  CreateNatGateway: { size: 10, refill: 1 },
  DeleteNatGateway: { size: 10, refill: 1 },
  CreateTags: { size: 100, refill: 10 },
  DeleteTags: { size: 100, refill: 10 },
  CreateNetworkInterface: { size: 100, refill: 5 },
};

/** The action a name stands for: "RunInstances", or the SDK's "RunInstancesCommand". */
const actionName = (action: string) => action.replace(/Command$/, '');

/** The category of an EC2 action, which sizes its bucket. */
export function ec2Category(action: string): Category {
  const name = actionName(action);
  if (name in UNCATEGORIZED) return 'uncategorized';
  if (RESOURCE_INTENSIVE.has(name)) return 'resource-intensive';
  return /^(Describe|Get|List|Search)/.test(name) ? 'non-mutating' : 'mutating';
}

/**
 * Each action's bucket, worked out once: every account's rate limiter asks for the bucket of
 * each action it meets, and a class check makes a limiter per account (a dozen actions each).
 * The tables above are constant, so the answer for a name never changes; the specs are frozen,
 * as they are shared.
 */
const BUCKETS = new Map<string, Readonly<BucketSpec>>();

/** The bucket of an EC2 action, its own: named after the action, sized by its category. */
export function ec2Bucket(action: string): BucketSpec {
  let spec = BUCKETS.get(action);
  if (spec === undefined) {
    // "RunInstances" and "RunInstancesCommand": one spec for both names.
    const name = actionName(action);
    spec = BUCKETS.get(name) ?? Object.freeze(bucketOf(name));
    BUCKETS.set(name, spec).set(action, spec);
  }
  return spec;
}

function bucketOf(name: string): BucketSpec {
  const category = ec2Category(name);
  const size = category === 'uncategorized' ? UNCATEGORIZED[name] : CATEGORY_SIZES[category];
  return { name, size: size.size, refill: size.refill };
}

/**
 * Looks whose bucket is smaller (50 / 10) when they are sent with no filter and no paging.
 * Every one the tool sends filters by tag or state, or names its IDs (test/unit/class-run.test.ts
 * checks a class's whole life on the fake), so the table above needs no third size.
 */
export const UNFILTERED_LOOKS: readonly string[] = [
  'DescribeInstances',
  'DescribeInstanceStatus',
  'DescribeNetworkInterfaces',
  'DescribeSecurityGroups',
  'DescribeSnapshots',
  'DescribeSpotInstanceRequests',
  'DescribeVolumes',
];
