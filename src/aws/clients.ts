import type { EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import { LabError } from '../engine/errors.js';

export interface ClientOptions {
  region?: string;
  profile?: string;
  endpointUrl?: string;
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
}

const MAX_ATTEMPTS = 6;

/**
 * The SDK is loaded here, on demand, so that `--help` and `--version` never pay for it.
 * Region, credentials and AWS_ENDPOINT_URL come from the SDK's usual sources unless given.
 */
export async function createClients(opts: ClientOptions): Promise<AwsClients> {
  const [{ EC2Client }, { SSMClient }, { SchedulerClient }, { IAMClient }, { STSClient }] = await Promise.all([
    import('@aws-sdk/client-ec2'),
    import('@aws-sdk/client-ssm'),
    import('@aws-sdk/client-scheduler'),
    import('@aws-sdk/client-iam'),
    import('@aws-sdk/client-sts'),
  ]);
  const base = {
    ...(opts.region ? { region: opts.region } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}),
  };
  const ec2 = new EC2Client({ ...base, retryMode: 'adaptive', maxAttempts: MAX_ATTEMPTS });
  const region = await resolveRegion(ec2);
  const pinned = { ...base, region };
  const retrying = { ...pinned, retryMode: 'adaptive', maxAttempts: MAX_ATTEMPTS };
  return {
    region,
    ec2,
    ec2Once: new EC2Client({ ...pinned, maxAttempts: 1 }),
    ssm: new SSMClient(retrying),
    // CreateSchedule and CreateScheduleGroup carry a ClientToken; IAM's creates answer
    // EntityAlreadyExists to a resend, which the role's create takes as "look it up".
    scheduler: new SchedulerClient(retrying),
    iam: new IAMClient(retrying),
    sts: new STSClient(retrying),
  };
}

async function resolveRegion(client: EC2Client): Promise<string> {
  try {
    const region = await client.config.region();
    if (region) return region;
  } catch {
    // fall through: the SDK throws when no source names a region
  }
  throw new LabError('NoRegion', 'no AWS region is configured', 'pass --region (e.g. --region ap-northeast-1) or set AWS_REGION', 2);
}
