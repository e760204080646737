/**
 * S3's ExpectedBucketOwner, as AWS enforces it: a call naming an owner that is not the
 * bucket's account is refused 403 AccessDenied, unserved. moto ignores the header (and
 * serves any account's bucket to any caller), so the test proxy asks this first.
 *
 * moto knows each bucket's account: one moto_server serves many accounts (keys from
 * AssumeRole map to the role's account), and ListBuckets asked as an account (moto's
 * `x-moto-account-id` header; moto checks no signature) lists that account's buckets only.
 */
import type http from 'node:http';

const HEADER = 'x-amz-expected-bucket-owner';
/** An S3-scoped signature of moto's default keys: enough for moto to route the call to S3. */
const S3_AUTH = 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0';

const ACCESS_DENIED = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>proxy-expected-bucket-owner</RequestId></Error>`;

/** The buckets of one account, as moto holds them. */
async function bucketsOf(target: string, account: string): Promise<string[]> {
  const xml = await (await fetch(`${target}/`, { headers: { authorization: S3_AUTH, 'x-moto-account-id': account } })).text();
  return [...xml.matchAll(/<Name>([^<]+)<\/Name>/g)].map((m) => m[1]);
}

/** Is there such a bucket in any account? (A missing one is answered NoSuchBucket, as AWS does, by moto.) */
async function exists(target: string, bucket: string): Promise<boolean> {
  const res = await fetch(`${target}/${encodeURIComponent(bucket)}`, { method: 'HEAD', headers: { authorization: S3_AUTH } });
  return res.status !== 404;
}

/**
 * Owners found, by moto and bucket: asked once (no test deletes a bucket to make it again
 * elsewhere), so the proxy adds no calls to a run's timing once it knows the bucket.
 */
const owned = new Set<string>();

async function owns(target: string, account: string, bucket: string): Promise<boolean> {
  const key = `${target} ${account} ${bucket}`;
  if (!owned.has(key) && (await bucketsOf(target, account)).includes(bucket)) owned.add(key);
  return owned.has(key);
}

/**
 * Answer 403 AccessDenied, as S3 does, when the request's ExpectedBucketOwner is not the
 * bucket's account. Says whether it answered (the call then never reaches moto).
 */
export async function refuseOtherOwner(target: string, req: http.IncomingMessage, res: http.ServerResponse, bucket: string): Promise<boolean> {
  const expected = req.headers[HEADER];
  if (typeof expected !== 'string' || !bucket) return false;
  if ((await owns(target, expected, bucket)) || !(await exists(target, bucket))) return false;
  res.writeHead(403, { 'content-type': 'application/xml' }).end(req.method === 'HEAD' ? undefined : ACCESS_DENIED);
  return true;
}
