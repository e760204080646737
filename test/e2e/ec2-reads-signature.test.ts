/**
 * The short path's SigV4 signature (aws/ec2-reads.ts), checked by an independent signer:
 * botocore's SigV4Auth over the very request the short path sent — method, URL, the headers
 * it signed, body, credentials, region, service 'ec2' and its X-Amz-Date — must compute the
 * same Authorization. moto does not check signatures; AWS does, on every call.
 */
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { readShort } from '../../src/aws/ec2-reads.js';
import { answerXml, errorXml, replayHandler, type Answer, type Seen } from '../support/ec2-answers.js';
import { botocoreAuthorization } from './support/botocore-sign.js';

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const KEYS: Credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** The requests the short path sends for `command` (one, unless `answer` makes it retry), as the handler received them. */
async function sentByShortPath(command: object, credentials: Credentials, config: { region?: string; endpoint?: string; maxAttempts?: number } = {}, answer?: (nth: number) => Answer | undefined): Promise<Seen[]> {
  const name = command.constructor.name.replace(/Command$/, '');
  const { seen, handler } = replayHandler((_, nth) => answer?.(nth) ?? { status: 200, xml: answerXml(name, {}) });
  const client = new EC2Client({ region: 'us-east-1', credentials, requestHandler: handler as never, maxAttempts: 1, ...config });
  readShort(client);
  await client.send(command as never);
  for (const s of seen) expect(s.headers['user-agent'], 'the short path was taken').toBeUndefined();
  return seen;
}

/** botocore's Authorization for the same request, over the headers the short path says it signed. */
function botocoreOf(sent: Seen, credentials: Credentials, region: string): string {
  const signed = /SignedHeaders=([^,]+)/.exec(sent.headers.authorization)![1].split(';');
  const headers = Object.fromEntries(signed.map((h) => [h, sent.headers[h]]));
  const url = `${sent.protocol}//${sent.hostname}${sent.port ? `:${sent.port}` : ''}${sent.path}`;
  return botocoreAuthorization({ method: sent.method, url, headers, body: sent.body, ...credentials, region, service: 'ec2', amzDate: sent.headers['x-amz-date'] });
}

describe('the short path signs as botocore does', () => {
  it('a plain DescribeVpcs', async () => {
    const [sent] = await sentByShortPath(new DescribeVpcsCommand({}), KEYS);
    expect(sent.hostname).toBe('ec2.us-east-1.amazonaws.com');
    expect(sent.headers.authorization).toBe(botocoreOf(sent, KEYS, 'us-east-1'));
  });

  it('a DescribeInstances whose filters need escaping (spaces, *, :, /, ~, +, =, Japanese)', async () => {
    const command = new DescribeInstancesCommand({
      Filters: [
        { Name: 'tag:Name', Values: ['研修 ウェブサーバー*', 'web server/1:a~b+c=d'] },
        { Name: 'tag:aws-lab-setup:lab', Values: ['lab one'] },
        { Name: 'instance-state-name', Values: ['pending', 'running'] },
      ],
      MaxResults: 50,
      NextToken: 'abc+/=',
    });
    const [sent] = await sentByShortPath(command, KEYS, { region: 'ap-northeast-1' });
    expect(sent.body).toContain('%E7%A0%94%E4%BF%AE%20');
    expect(sent.headers.authorization).toBe(botocoreOf(sent, KEYS, 'ap-northeast-1'));
  });

  it('temporary credentials: X-Amz-Security-Token signed', async () => {
    const temporary = { ...KEYS, accessKeyId: 'ASIAIOSFODNN7EXAMPLE', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//+token==' };
    const [sent] = await sentByShortPath(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0123456789abcdef0'] }), temporary);
    expect(sent.headers['x-amz-security-token']).toBe(temporary.sessionToken);
    expect(sent.headers.authorization).toMatch(/SignedHeaders=[^,]*x-amz-security-token/);
    expect(sent.headers.authorization).toBe(botocoreOf(sent, temporary, 'us-east-1'));
  });

  it('a retry after a 503 RequestLimitExceeded, signed again', async () => {
    const seen = await sentByShortPath(new DescribeVpcsCommand({}), KEYS, { maxAttempts: 2 }, (nth) => (nth === 1 ? { status: 503, xml: errorXml('RequestLimitExceeded') } : undefined));
    expect(seen.map((s) => s.headers['amz-sdk-request'])).toStrictEqual(['attempt=1; max=2', 'attempt=2; max=2']);
    for (const sent of seen) expect(sent.headers.authorization).toBe(botocoreOf(sent, KEYS, 'us-east-1'));
  });

  it('the retry after RequestExpired, signed at the corrected time', async () => {
    const ahead = 10 * 60_000;
    const seen = await sentByShortPath(new DescribeVpcsCommand({}), KEYS, { maxAttempts: 2 }, (nth) =>
      nth === 1 ? { status: 400, xml: errorXml('RequestExpired', 'Request has expired.'), headers: { date: new Date(Date.now() + ahead).toUTCString() } } : undefined,
    );
    expect(seen).toHaveLength(2);
    expect(seen[1].headers['x-amz-date']).not.toBe(seen[0].headers['x-amz-date']);
    for (const sent of seen) expect(sent.headers.authorization).toBe(botocoreOf(sent, KEYS, 'us-east-1'));
  });

  it('an endpoint of its own (a port in Host), as --endpoint-url and moto use', async () => {
    const [sent] = await sentByShortPath(new DescribeVpcsCommand({ VpcIds: ['vpc-1'] }), KEYS, { endpoint: 'http://127.0.0.1:4566' });
    expect(sent.headers.host).toBe('127.0.0.1:4566');
    expect(sent.headers.authorization).toBe(botocoreOf(sent, KEYS, 'us-east-1'));
  });
});
