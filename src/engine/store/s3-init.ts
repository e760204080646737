// `state init s3://…`: a bucket that is right for labs' state. Loaded only by that command.
import {
  CreateBucketCommand,
  GetBucketLifecycleConfigurationCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type LifecycleRule,
  type S3Client,
} from '@aws-sdk/client-s3';
import { LabError } from '../errors.js';
import type { S3Address } from './location.js';

/** Our lifecycle rules, by ID: replaced on a second init, other rules of the bucket kept. */
export const RULE_IDS = { versions: 'aws-lab-setup-old-versions', locks: 'aws-lab-setup-old-locks' };
/** Previous versions of a state (and its backups) are kept this long: time to restore one by hand. */
export const OLD_VERSION_DAYS = 90;

function rules(prefix: string): LifecycleRule[] {
  const at = prefix ? `${prefix}/` : '';
  return [
    {
      ID: RULE_IDS.versions,
      Status: 'Enabled',
      Filter: { Prefix: at },
      NoncurrentVersionExpiration: { NoncurrentDays: OLD_VERSION_DAYS },
      Expiration: { ExpiredObjectDeleteMarker: true },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
    },
    // A lock lives minutes; one a day old belongs to a run that was killed and never came back.
    { ID: RULE_IDS.locks, Status: 'Enabled', Filter: { Prefix: `${at}locks/` }, Expiration: { Days: 1 }, NoncurrentVersionExpiration: { NoncurrentDays: 1 } },
  ];
}

const code = (err: unknown) => (err as { name?: string })?.name ?? '';

/**
 * Make the bucket (or take the one we own) and set it right; says what it did. `owner`:
 * the account it must belong to, on every call that takes it (CreateBucket does not: a
 * name another account holds answers BucketAlreadyExists).
 */
export async function initBucket(s3: S3Client, address: S3Address, region: string, owner: string): Promise<{ created: boolean }> {
  const Bucket = address.bucket;
  const at = { Bucket, ExpectedBucketOwner: owner };
  let created = true;
  try {
    await s3.send(new CreateBucketCommand({ Bucket, ...(region !== 'us-east-1' ? { CreateBucketConfiguration: { LocationConstraint: region as never } } : {}) }));
  } catch (err) {
    if (code(err) === 'BucketAlreadyOwnedByYou') created = false;
    else if (code(err) === 'BucketAlreadyExists') throw new LabError('BucketTaken', ['err_bucketTaken', Bucket], ['hint_bucketTaken'], 2);
    else throw err;
  }
  await s3.send(new PutPublicAccessBlockCommand({ ...at, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }));
  await s3.send(new PutBucketVersioningCommand({ ...at, VersioningConfiguration: { Status: 'Enabled' } }));
  await s3.send(new PutBucketEncryptionCommand({ ...at, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }] } }));
  const existing = await s3.send(new GetBucketLifecycleConfigurationCommand(at)).then(
    (out) => out.Rules ?? [],
    (err) => (code(err) === 'NoSuchLifecycleConfiguration' ? [] : Promise.reject(err)),
  );
  const ours = new Set(Object.values(RULE_IDS));
  await s3.send(new PutBucketLifecycleConfigurationCommand({ ...at, LifecycleConfiguration: { Rules: [...existing.filter((r) => !ours.has(r.ID ?? '')), ...rules(address.prefix)] } }));
  return { created };
}
