/**
 * The S3 calls a state in S3 made (recorded by the test proxy: S3Call), as the IAM
 * requests S3 authorizes, for the evaluator of support/iam-requests.ts: the action, the
 * bucket's or object's ARN, the bucket's account (s3:ResourceAccount) and the caller's
 * (aws:PrincipalAccount: AWS sets it on every request; the evaluator takes it from the
 * context), and the prefix a list asks for.
 */
import type { IamRequest } from './iam-requests.js';
import { s3ActionOf, type S3Call } from './proxy.js';

/** state init's calls on the bucket itself, as IAM names them (the store's own calls: s3ActionOf). */
export function initActionOf(c: S3Call): string | undefined {
  if (c.key) return undefined;
  const q = c.query;
  if (c.method === 'PUT' && q === '') return 's3:CreateBucket';
  if (q.includes('versioning')) return 's3:PutBucketVersioning';
  if (q.includes('encryption')) return 's3:PutEncryptionConfiguration';
  if (q.includes('lifecycle')) return c.method === 'GET' ? 's3:GetLifecycleConfiguration' : 's3:PutLifecycleConfiguration';
  if (q.includes('publicAccessBlock') && c.method === 'PUT') return 's3:PutBucketPublicAccessBlock';
  return undefined;
}

/** The prefix a ListObjectsV2 asked for, or undefined for any other call. */
export const listedPrefix = (c: S3Call): string | undefined => (c.method === 'GET' && !c.key && c.query.includes('list-type') ? (new URLSearchParams(c.query).get('prefix') ?? '') : undefined);

export function s3IamRequest(c: S3Call, bucketAccount: string, callerAccount: string): IamRequest {
  const action = initActionOf(c) ?? s3ActionOf(c);
  const prefix = listedPrefix(c);
  return {
    action,
    resource: c.key ? `arn:aws:s3:::${c.bucket}/${c.key}` : `arn:aws:s3:::${c.bucket}`,
    context: { 's3:ResourceAccount': bucketAccount, 'aws:PrincipalAccount': callerAccount, ...(prefix !== undefined ? { 's3:prefix': prefix } : {}) },
    why: `${c.method} ${c.key}${c.query}`,
  };
}
