// Named imports, never `import('@aws-sdk/client-ec2')` as a whole: a module namespace
// keeps every export, and the bundle would carry all of EC2's commands and their schemas.
// This module itself is loaded only by commands that talk to AWS (cli/session.ts).
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { LabError } from '../engine/errors.js';
import { paceClient, WaitOutThrottling, type RateLimiter } from './rate-limit.js';
import { networkAgents } from './network.js';
import { readShort } from './ec2-reads.js';

export interface ClientOptions {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  /** Credentials other than the SDK's usual sources (a role assumed in another account). */
  credentials?: AwsCredentialIdentityProvider;
  /**
   * The account and region's EC2 token buckets, shared with other labs running at the same
   * time (see rate-limit.ts): EC2 calls wait for their token, and every client waits out
   * throttling instead of spending a retry quota.
   */
  limiter?: RateLimiter;
  /** Where requests go instead of the network's agents: the bench's recorded EC2 (bench/ec2-replay.ts). */
  requestHandler?: EC2ClientConfig['requestHandler'];
}

export interface AwsClients {
  region: string;
  /** Adaptive retry: throttling, 5xx and connection resets are retried by the SDK. */
  ec2: EC2Client;
  /**
   * One attempt only, for creates that have no idempotency token (CreateVpc, CreateSubnet,
   * CreateInternetGateway, AllocateAddress): if the SDK resent one after a lost response,
   * AWS would make a second resource. The engine looks the resource up by its tags
   * before it tries again instead.
   */
  ec2Once: EC2Client;
  ssm: SSMClient;
  /** EventBridge Scheduler, IAM and STS: the lab's expiry (schedules, and the role they run as). */
  scheduler: SchedulerClient;
  iam: IAMClient;
  sts: STSClient;
  /** The preflight's quotas (aws/quotas.ts). */
  serviceQuotas: ServiceQuotasClient;
}

const MAX_ATTEMPTS = 6;

/**
 * The S3 client for a state in S3, loaded only then: its SDK is a chunk of its own
 * (see scripts/build.mjs), so commands with a local state never load it.
 */
export async function s3Client(opts: ClientOptions): Promise<import('@aws-sdk/client-s3').S3Client> {
  return (await import('./s3-client.js')).createS3Client(opts);
}

/** The account of the credentials `sts` signs with: the account a state bucket must belong to unless told otherwise. */
export async function callerAccount(sts: Pick<STSClient, 'send'>): Promise<string> {
  return (await sts.send(new GetCallerIdentityCommand({}))).Account!;
}

/**
 * An STS client with an S3 client's credentials, region and endpoint, for a command that has
 * no AwsClients (state init, or a state location opened before them): who signs the S3 calls.
 */
export async function stsOfS3(s3: import('@aws-sdk/client-s3').S3Client, opts: ClientOptions): Promise<STSClient> {
  return new STSClient({ requestHandler: await networkAgents(), region: await s3.config.region(), credentials: s3.config.credentials, ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}) });
}

/**
 * Region, credentials and AWS_ENDPOINT_URL come from the SDK's usual sources unless given;
 * proxies and extra CAs from the AWS CLI's variables (aws/network.ts), one pair of agents
 * shared by every client.
 */
export async function createClients(opts: ClientOptions): Promise<AwsClients> {
  const base = {
    requestHandler: opts.requestHandler ?? (await networkAgents()),
    ...(opts.region ? { region: opts.region } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
  };
  const limiter = opts.limiter;
  // Shared buckets: no adaptive mode (it slows every operation of a client together).
  const retry = (maxAttempts: number) => (limiter ? { retryStrategy: new WaitOutThrottling(maxAttempts, limiter.stats), maxAttempts } : { retryMode: 'adaptive', maxAttempts });
  const ec2 = new EC2Client({ ...base, ...retry(MAX_ATTEMPTS) });
  const region = await resolveRegion(ec2);
  const pinned = { ...base, region };
  const retrying = { ...pinned, ...retry(MAX_ATTEMPTS) };
  const endpointKey = JSON.stringify([region, opts.endpointUrl ?? null, opts.profile ?? null]);
  const ready = (c: EC2Client) => {
    readShort(c, { limiter, endpointKey });
    if (limiter) paceClient(c, limiter);
    return c;
  };
  return {
    region,
    ec2: ready(ec2),
    // A throttled call was refused unserved: even the token-less creates may wait it out.
    ec2Once: madeWhenUsed(() => ready(new EC2Client({ ...pinned, ...(limiter ? retry(1) : { maxAttempts: 1 }) }))),
    ssm: madeWhenUsed(() => new SSMClient(retrying)),
    // CreateSchedule and CreateScheduleGroup carry a ClientToken; IAM's creates answer
    // EntityAlreadyExists to a resend, which the role's create takes as "look it up".
    scheduler: madeWhenUsed(() => new SchedulerClient(retrying)),
    iam: madeWhenUsed(() => new IAMClient(retrying)),
    sts: madeWhenUsed(() => new STSClient(retrying)),
    serviceQuotas: madeWhenUsed(() => new ServiceQuotasClient(retrying)),
  };
}

/**
 * A client made at its first use: making one resolves its whole configuration (a few ms
 * each, at every start-up), and most commands call only some of them (`status` never
 * calls SSM, STS or Service Quotas). Its methods are its own, bound to it.
 */
function madeWhenUsed<C extends object>(make: () => C): C {
  let client: C | undefined;
  return new Proxy({} as C, {
    get(_, key) {
      client ??= make();
      const value: unknown = Reflect.get(client, key, client);
      return typeof value === 'function' ? value.bind(client) : value;
    },
  });
}

async function resolveRegion(client: EC2Client): Promise<string> {
  try {
    const region = await client.config.region();
    if (region) return region;
  } catch {
    // fall through: the SDK throws when no source names a region
  }
  throw new LabError('NoRegion', ['err_noRegion'], ['hint_noRegion'], 2);
}
