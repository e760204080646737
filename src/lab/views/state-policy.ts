/**
 * The S3 statements a state in S3 needs (`policy --state-dir s3://BUCKET/PREFIX`): exactly
 * the calls of engine/store/s3.ts on that bucket and prefix, and (asked for) state init's.
 */
import { parseS3 } from '../../engine/state.js';
import { validateBucketOwner } from '../../engine/store/location.js';
import type { PolicyDocument } from './policy.js';

type Statement = PolicyDocument['Statement'][number] & { Condition?: Record<string, Record<string, string[]>> };

/** The calls the state, its backup, the locks and the keys are read and written with. */
export const STATE_OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];
/** Before the first write: does the bucket block public access? */
export const STATE_BUCKET_ACTIONS = ['s3:GetBucketPublicAccessBlock'];
/** `state init`: the bucket and its settings. */
export const STATE_INIT_ACTIONS = ['s3:CreateBucket', 's3:PutBucketPublicAccessBlock', 's3:PutBucketVersioning', 's3:PutEncryptionConfiguration', 's3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration'];

/**
 * owner: the account that owns the bucket (--state-bucket-owner), else the holder's own:
 * every statement holds only on a bucket of that account (s3:ResourceAccount), as the
 * store's ExpectedBucketOwner does, so a bucket of the same name elsewhere gets nothing.
 */
export function statePolicy(where: string, opts: { init?: boolean; owner?: string } = {}): Statement[] {
  const address = parseS3(where);
  if (!address) return [];
  const bucket = `arn:aws:s3:::${address.bucket}`;
  const prefix = address.prefix ? `${address.prefix}/` : '';
  const owned = { StringEquals: { 's3:ResourceAccount': [opts.owner === undefined ? '${aws:PrincipalAccount}' : validateBucketOwner(opts.owner)] } };
  return [
    { Sid: 'LabStateObjects', Effect: 'Allow', Action: STATE_OBJECT_ACTIONS, Resource: `${bucket}/${prefix}*`, Condition: owned },
    // Without ListBucket a missing state answers 403, not 404: "no state yet" could not be told from "denied".
    { Sid: 'LabStateList', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: bucket, Condition: { ...owned, ...(prefix ? { StringLike: { 's3:prefix': [`${prefix}*`] } } : {}) } },
    { Sid: 'LabStateBucketCheck', Effect: 'Allow', Action: STATE_BUCKET_ACTIONS, Resource: bucket, Condition: owned },
    ...(opts.init ? [{ Sid: 'LabStateInit', Effect: 'Allow' as const, Action: STATE_INIT_ACTIONS, Resource: bucket, Condition: owned }] : []),
  ];
}
