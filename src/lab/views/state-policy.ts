/**
 * The S3 statements a state in S3 needs (`policy --state-dir s3://BUCKET/PREFIX`): exactly
 * the calls of engine/store/s3.ts on that bucket and prefix, and (asked for) state init's.
 */
import { parseS3 } from '../../engine/state.js';
import type { PolicyDocument } from './policy.js';

type Statement = PolicyDocument['Statement'][number] & { Condition?: Record<string, Record<string, string[]>> };

/** The calls the state, its backup, the locks and the keys are read and written with. */
export const STATE_OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];
/** Before the first write: does the bucket block public access? */
export const STATE_BUCKET_ACTIONS = ['s3:GetBucketPublicAccessBlock'];
/** `state init`: the bucket and its settings. */
export const STATE_INIT_ACTIONS = ['s3:CreateBucket', 's3:PutBucketPublicAccessBlock', 's3:PutBucketVersioning', 's3:PutEncryptionConfiguration', 's3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration'];

export function statePolicy(where: string, opts: { init?: boolean } = {}): Statement[] {
  const address = parseS3(where);
  if (!address) return [];
  const bucket = `arn:aws:s3:::${address.bucket}`;
  const prefix = address.prefix ? `${address.prefix}/` : '';
  return [
    { Sid: 'LabStateObjects', Effect: 'Allow', Action: STATE_OBJECT_ACTIONS, Resource: `${bucket}/${prefix}*` },
    // Without ListBucket a missing state answers 403, not 404: "no state yet" could not be told from "denied".
    { Sid: 'LabStateList', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: bucket, ...(prefix ? { Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } } } : {}) },
    { Sid: 'LabStateBucketCheck', Effect: 'Allow', Action: STATE_BUCKET_ACTIONS, Resource: bucket },
    ...(opts.init ? [{ Sid: 'LabStateInit', Effect: 'Allow' as const, Action: STATE_INIT_ACTIONS, Resource: bucket }] : []),
  ];
}
