// Signature Version 4 for EC2's query requests (POST to "/", a form body), signed with
// node:crypto at once. @smithy/signature-v4 signs through asynchronous hashes, ~0.15 ms a
// request against ~0.02 ms here, and a class check signs 360 requests; the algorithm is
// AWS's (docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html), and the tests
// hold it to botocore's SigV4Auth and to @smithy/signature-v4 byte for byte.
import crypto, { createHash, createHmac } from 'node:crypto';
import type { AwsCredentialIdentity } from '@smithy/types';

export interface QueryRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
// crypto.hash (Node 20.12 and later) hashes at once, without a Hash object.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex = oneShot ? (data: string) => oneShot('sha256', data, 'hex') : (data: string) => createHash('sha256').update(data).digest('hex');

/** 20261207T064113Z; the same second's is kept. */
let lastDate = { second: NaN, text: '' };
function amzDate(at: Date): string {
  const second = Math.floor(at.getTime() / 1000);
  if (second !== lastDate.second) lastDate = { second, text: at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '') };
  return lastDate.text;
}

/** A header's value as SigV4 signs it: trimmed, runs of spaces made one. */
function canonicalValue(value: string): string {
  const v = value.trim();
  return /\s\s|[\t\n\r]/.test(v) ? v.replace(/\s+/g, ' ') : v;
}

/** A signer of one region and service: the day's signing key kept until the day or the secret changes. */
export function queryV4Signer(region: string, service: string) {
  let kept: { day: string; secret: string; key: Buffer } | undefined;
  const keyOf = (day: string, secret: string) => {
    if (kept?.day !== day || kept.secret !== secret) kept = { day, secret, key: hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request') };
    return kept.key;
  };

  /** Adds x-amz-date, x-amz-content-sha256 (and x-amz-security-token) and the authorization, signing every header the request has (names in lower case). */
  return (request: QueryRequest, credentials: AwsCredentialIdentity, at: Date): QueryRequest => {
    const headers = request.headers;
    const date = amzDate(at);
    const day = date.slice(0, 8);
    headers['x-amz-date'] = date;
    // The body's hash signed as a header too, as @smithy/signature-v4 does by default.
    const payloadHash = sha256Hex(request.body);
    headers['x-amz-content-sha256'] = payloadHash;
    if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
    // Names as sent may have capitals (rarely: ours have none); SigV4 signs them in lower case, sorted.
    const names = Object.keys(headers);
    const lower = names.some((n) => /[A-Z]/.test(n)) ? new Map(names.map((n) => [n.toLowerCase(), n])) : undefined;
    const sorted = lower ? [...lower.keys()].sort() : names.sort();
    let canonical = '';
    for (const name of sorted) canonical += `${name}:${canonicalValue(String(headers[lower?.get(name) ?? name]))}\n`;
    const signed = sorted.join(';');
    const canonicalRequest = `${request.method}\n${request.path}\n\n${canonical}\n${signed}\n${payloadHash}`;
    const scope = `${day}/${region}/${service}/aws4_request`;
    const toSign = `AWS4-HMAC-SHA256\n${date}\n${scope}\n${sha256Hex(canonicalRequest)}`;
    const signature = createHmac('sha256', keyOf(day, credentials.secretAccessKey)).update(toSign).digest('hex');
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signed}, Signature=${signature}`;
    return request;
  };
}
