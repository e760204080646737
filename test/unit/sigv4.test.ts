// aws/sigv4.ts against @smithy/signature-v4 (the signer the SDK's own path uses), byte for
// byte: the same request, credentials, region and time give the same Authorization.
import { EC2Client } from '@aws-sdk/client-ec2';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { queryV4Signer } from '../../src/aws/sigv4.js';

const sha256 = new EC2Client({ region: 'us-east-1' }).config.sha256;
const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const BODY = 'Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=tag%3AName&Filter.1.Value.1=%E3%82%A6%E3%82%A7%E3%83%96%20web';

const headersOf = (extra: Record<string, string> = {}) => ({ host: 'ec2.ap-northeast-1.amazonaws.com', 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(BODY)), ...extra });

async function both(credentials: typeof KEYS & { sessionToken?: string }, at: Date, extra?: Record<string, string>) {
  const smithy = new SignatureV4({ service: 'ec2', region: 'ap-northeast-1', credentials, sha256, uriEscapePath: true });
  const theirs = await smithy.sign(new HttpRequest({ method: 'POST', protocol: 'https:', hostname: 'ec2.ap-northeast-1.amazonaws.com', path: '/', headers: headersOf(extra), body: BODY }), { signingDate: at });
  const ours = queryV4Signer('ap-northeast-1', 'ec2')({ method: 'POST', path: '/', headers: headersOf(extra), body: BODY }, credentials, at);
  return { theirs: theirs.headers as Record<string, string>, ours: ours.headers };
}

describe('SigV4 for EC2 query requests', () => {
  it('signs as @smithy/signature-v4 does: the Authorization, the date and the body hash', async () => {
    const { theirs, ours } = await both(KEYS, new Date('2026-12-07T06:41:13.456Z'));
    expect(ours.authorization).toBe(theirs.authorization);
    expect(ours['x-amz-date']).toBe('20261207T064113Z');
    expect(ours['x-amz-content-sha256']).toBe(theirs['x-amz-content-sha256']);
  });

  it('signs a session token, and header names with capitals and values with runs of spaces', async () => {
    const { theirs, ours } = await both({ ...KEYS, sessionToken: 'token  with   spaces' }, new Date('2026-12-31T23:59:59Z'), { 'Amz-Sdk-Request': ' attempt=1;  max=6 ' });
    expect(ours.authorization).toBe(theirs.authorization);
    expect(ours['x-amz-security-token']).toBe('token  with   spaces');
  });

  it('keeps the day\'s key for the day only: the next day signs with the next day\'s key', async () => {
    const sign = queryV4Signer('ap-northeast-1', 'ec2');
    const at = (iso: string) => sign({ method: 'POST', path: '/', headers: headersOf(), body: BODY }, KEYS, new Date(iso)).headers.authorization;
    at('2026-12-07T23:59:59Z');
    const smithy = new SignatureV4({ service: 'ec2', region: 'ap-northeast-1', credentials: KEYS, sha256, uriEscapePath: true });
    const theirs = await smithy.sign(new HttpRequest({ method: 'POST', protocol: 'https:', hostname: 'ec2.ap-northeast-1.amazonaws.com', path: '/', headers: headersOf(), body: BODY }), { signingDate: new Date('2026-12-08T00:00:01Z') });
    expect(at('2026-12-08T00:00:01Z')).toBe(theirs.headers.authorization);
  });
});
