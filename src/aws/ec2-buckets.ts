/**
 * EC2's request token buckets, as AWS publishes them (per account and per region): each
 * call takes a token from its action's bucket; an empty bucket answers
 * RequestLimitExceeded. One table, read by the rate limiter (rate-limit.ts) and by the
 * end-to-end proxy that enforces the same buckets in front of moto.
 */
export interface BucketSpec {
  /** The bucket's name ("RunInstances", "mutating", "describe"). */
  name: string;
  /** Tokens when full (the burst). */
  size: number;
  /** Tokens added per second. */
  refill: number;
}

const RUN = { name: 'RunInstances', size: 5, refill: 2 };
const CREATE_NAT = { name: 'CreateNatGateway', size: 10, refill: 1 };
const DELETE_NAT = { name: 'DeleteNatGateway', size: 10, refill: 1 };
const INTENSIVE = { name: 'resource-intensive', size: 50, refill: 5 };
const TERMINATE = { name: 'TerminateInstances', size: 100, refill: 5 };
const MUTATING = { name: 'mutating', size: 50, refill: 5 };
const DESCRIBE = { name: 'describe', size: 100, refill: 20 };

/** Actions with a bucket of their own (or shared with a few named others). */
const BY_ACTION: Record<string, BucketSpec> = {
  RunInstances: RUN,
  StartInstances: RUN,
  CreateNatGateway: CREATE_NAT,
  DeleteNatGateway: DELETE_NAT,
  AuthorizeSecurityGroupIngress: INTENSIVE,
  RevokeSecurityGroupIngress: INTENSIVE,
  CreateKeyPair: INTENSIVE,
  TerminateInstances: TERMINATE,
};

export const EC2_BUCKETS: readonly BucketSpec[] = [RUN, CREATE_NAT, DELETE_NAT, INTENSIVE, TERMINATE, MUTATING, DESCRIBE];

/** The bucket an EC2 action ("RunInstances", or the SDK's "RunInstancesCommand") draws on. */
export function ec2Bucket(action: string): BucketSpec {
  const name = action.replace(/Command$/, '');
  return BY_ACTION[name] ?? (/^(Describe|Get|List)/.test(name) ? DESCRIBE : MUTATING);
}
