/** The fake's public types: what a test passes to createFakeAws and what it gets back. */
import type {
  Address,
  EC2Client,
  Instance,
  InternetGateway,
  KeyPairInfo,
  NatGateway,
  RouteTable,
  SecurityGroup,
  Subnet,
  Vpc,
} from '@aws-sdk/client-ec2';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { FakeExpiry, FakeExpiryOptions } from '../fake-expiry.js';
import type { Clock } from '../../../src/engine/clock.js';

/** Durations in milliseconds on the given clock. */
export interface FakeTimings {
  /** pending -> running */
  instancePendingMs: number;
  /** shutting-down -> terminated */
  instanceStoppingMs: number;
  /** pending -> available (or failed) */
  natPendingMs: number;
  /** deleting -> deleted */
  natDeletingMs: number;
  /** Per-call delay. 0 = answer at once. When > 0 a real setTimeout is used (benchmarks on the real clock). */
  latencyMs: number;
  /**
   * "Eventual" mode, as EC2 behaves: for this long after its create, a call naming the new
   * ID is answered with that kind's NotFound, and filtered Describe listings leave the new
   * resource out. 0 (the default) = consistent at once.
   */
  eventualMs?: number;
}

export interface FakeOptions {
  clock: Pick<Clock, 'now'>;
  timings?: Partial<FakeTimings>;
  region?: string;
  /** Default: `${region}a`, `${region}b`, `${region}c` (us-east-1a/b/c). */
  azs?: string[];
  /** Instance type -> AZs offering it. Default: t3.micro, t3.small, t2.micro in all AZs. */
  offerings?: Record<string, string[]>;
  /** What the AL2023 SSM parameter resolves to, and the only AMI RunInstances accepts. */
  amiId?: string;
  /**
   * An IAM policy that lacks these EC2 actions ("CreateNatGateway"): their calls, dry runs
   * included, answer UnauthorizedOperation as AWS does.
   */
  deny?: string[];
  /** The Elastic IP quota (L-0263D0A3), as Service Quotas and DescribeAccountAttributes' vpc-max-elastic-ips say it (AWS's default: 5). */
  elasticIpLimit?: number;
  /** The running On-Demand Standard vCPU quota (L-1216C47A), enforced at RunInstances and StartInstances (default FAKE_VCPU_LIMIT). */
  vcpuLimit?: number;
  /** The VPC quota (L-F678F1CE) as Service Quotas says it (default 5; the fake does not enforce it). */
  vpcLimit?: number;
  /**
   * Service Quotas cannot be read: every call answers AccessDeniedException ('refused') or
   * NoSuchResourceException, as where the service is not offered ('absent').
   */
  serviceQuotas?: 'refused' | 'absent';
  expiry?: FakeExpiryOptions;
  /** Calls that ignore DryRun and really act, as moto's CreateVpc does (docs/moto-behaviour.md). */
  ignoreDryRun?: string[];
  /**
   * EC2's token buckets (src/aws/ec2-buckets.ts) on the fake's clock, per account (see
   * `inAccount`): each EC2 call, dry runs included, takes a token of its action's bucket;
   * an empty bucket answers RequestLimitExceeded, unserved.
   */
  buckets?: boolean;
}

/** Served and refused EC2 calls, by "account bucket". */
export type BucketCounts = Map<string, { served: number; refused: number }>;

export interface FakeCall {
  name: string;
  input: any;
  /** clock.now() when the call was served */
  at: number;
  /** Error code, when the call was served but failed (validation or injected afterServe fault). */
  error?: string;
}

/** Live resources, as the matching Describe call would show them. Recomputed on every access. */
export interface FakeWorld {
  readonly vpcs: Map<string, Vpc & { EnableDnsSupport: boolean; EnableDnsHostnames: boolean }>;
  readonly subnets: Map<string, Subnet>;
  readonly igws: Map<string, InternetGateway>;
  readonly routeTables: Map<string, RouteTable>;
  readonly securityGroups: Map<string, SecurityGroup>;
  /** Keyed by KeyName (not KeyPairId): that is what the CLI and tests know. */
  readonly keyPairs: Map<string, KeyPairInfo>;
  /** Non-terminated instances (shutting-down ones are still here). UserData is base64, as sent. */
  readonly instances: Map<string, Instance & { UserData?: string }>;
  /** Keyed by AllocationId. */
  readonly addresses: Map<string, Address>;
  /** NAT gateways not yet `deleted` (pending, available, deleting and failed ones). */
  readonly natGateways: Map<string, NatGateway>;
}

export interface FailNextOptions {
  /** Perform the call's effect, then throw (a lost response, a process killed right after AWS acted). */
  afterServe?: boolean;
  /** How many matching calls fail (default 1). */
  times?: number;
}

export interface FakeAws {
  ec2Mock: AwsClientStub<EC2Client>;
  ssmMock: AwsClientStub<SSMClient>;
  ec2: EC2Client;
  ssm: SSMClient;
  /** Service Quotas: the account's applied quotas (GetServiceQuota) and AWS's defaults. */
  serviceQuotas: ServiceQuotasClient;
  /** Scheduler, IAM and STS for the lab's expiry (test/support/fake-expiry.ts); its calls are logged apart. */
  expiry: FakeExpiry;
  scheduler: FakeExpiry['scheduler'];
  iam: FakeExpiry['iam'];
  sts: FakeExpiry['sts'];
  /** Every call served, in order. Calls rejected *before* serving (throttled, failNext without afterServe) are not here. */
  calls: FakeCall[];
  /** Calls made with DryRun=true: answered as AWS does, nothing changed, not in `calls`. */
  dryRuns: FakeCall[];
  /** Names of served calls that are not Describe* / Get*. */
  mutatingCalls(): string[];
  restore(): void;
  failNext(name: string, error: Error | (() => Error), opts?: FailNextOptions): void;
  /**
   * Every Nth call (of the named kinds, or of all) throws RequestLimitExceeded before
   * serving; `every: 0` turns it off. A request refused is let through when it is sent
   * again, as AWS's token buckets let a caller that backs off through. Without that, two
   * callers taking turns (two waits polling side by side) would leave one refused every
   * time, which no backoff can cure and AWS never does.
   */
  throttle(opts: { every: number; names?: string[] }): void;
  /** Run `fn` as a caller of that account: its EC2 calls draw on that account's buckets (default account "default"). */
  inAccount<T>(account: string, fn: () => Promise<T>): Promise<T>;
  /** With `buckets`: what each bucket served and refused. */
  bucketCounts: BucketCounts;
  world: FakeWorld;
  count(kind: keyof FakeWorld, opts?: { includeGone?: boolean }): number;
}
