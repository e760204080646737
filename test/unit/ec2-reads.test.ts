/**
 * aws/ec2-reads.ts's short path answers exactly as the SDK's send does: for every Describe
 * command the tool sends, the same answer XML is read once by a plain EC2Client and once by
 * one with readShort installed, over the same recording handler, and the outputs must be
 * strictly equal (same keys, no extra undefined members, [] not undefined, Dates as Dates);
 * the request body is the SDK's byte for byte and signed; errors, retries, the clock's
 * correction, a mocked EC2Client and the limiter behave as on the SDK's path.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as sdk from '@aws-sdk/client-ec2';
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClients } from '../../src/aws/clients.js';
import { readShort } from '../../src/aws/ec2-reads.js';
import { errorCode, isNotFound } from '../../src/aws/errors.js';
import { RateLimiter } from '../../src/aws/rate-limit.js';
import { answerXml, describeCommandsOfTool, errorXml, operationOf, replayHandler, sampleOf, type Answer, type Seen, type XmlStyle } from '../support/ec2-answers.js';

const CREDENTIALS = { accessKeyId: 'AKIDREADSTEST', secretAccessKey: 'reads-test-secret' };
const COMMANDS = describeCommandsOfTool();

type Client = EC2Client & { send(command: object): Promise<Record<string, unknown>> };

/** A client over `handler`: the SDK's path, or the short path installed as createClients does. */
function clientOf(handler: object, short: boolean, config: Partial<sdk.EC2ClientConfig> = {}): Client {
  const client = new EC2Client({ region: 'us-east-1', credentials: CREDENTIALS, requestHandler: handler as never, maxAttempts: 1, ...config });
  if (short) readShort(client, { limiter: (config as { limiter?: RateLimiter }).limiter });
  return client as Client;
}

const commandOf = (name: string, input: unknown = {}) => new (sdk as unknown as Record<string, new (i: unknown) => object>)[`${name}Command`](input);

/** One command sent by both paths, each over its own handler answering `answer`. */
async function bothPaths(name: string, answer: (seen: Seen, nth: number) => Answer, input: unknown = {}, config: Partial<sdk.EC2ClientConfig> = {}) {
  const viaSdk = replayHandler(answer);
  const viaShort = replayHandler(answer);
  const settle = (p: Promise<Record<string, unknown>>) => p.then((output) => ({ output, error: undefined }), (error: unknown) => ({ output: undefined, error }));
  const sdkClient = clientOf(viaSdk.handler, false, config);
  const shortClient = clientOf(viaShort.handler, true, config);
  const [a, b] = [await settle(sdkClient.send(commandOf(name, input))), await settle(shortClient.send(commandOf(name, input)))];
  return { sdk: { ...a, seen: viaSdk.seen, client: sdkClient }, short: { ...b, seen: viaShort.seen, client: shortClient } };
}

/** The output without $metadata, which is compared on its own. */
function body(output: object | undefined) {
  const { $metadata: _, ...rest } = (output ?? {}) as Record<string, unknown>;
  return rest;
}

/** The SDK's request carries its user agent; the short path's never does (it skips that middleware). */
const tookShortPath = (seen: Seen) => !('user-agent' in seen.headers) && !('x-amz-user-agent' in seen.headers);

function expectSameAnswer(r: Awaited<ReturnType<typeof bothPaths>>) {
  if (r.sdk.error) throw r.sdk.error;
  if (r.short.error) throw r.short.error;
  expect(body(r.short.output)).toStrictEqual(body(r.sdk.output));
  // The retries' delay is random under the SDK's default strategy: the rest of $metadata is the SDK's, member for member.
  const meta = (o: Record<string, unknown> | undefined) => ({ ...(o!.$metadata as object), totalRetryDelay: undefined });
  expect(meta(r.short.output)).toStrictEqual(meta(r.sdk.output));
  expect(r.short.seen.every(tookShortPath)).toBe(true);
  expect(r.sdk.seen.some(tookShortPath)).toBe(false);
}

const ok = (xml: string): Answer => ({ status: 200, xml });

describe('the Describe commands the tool sends', () => {
  it('are found in src/, each with an output the short path reads', () => {
    // The grep of the brief: at the time of writing, 22 commands.
    expect(COMMANDS.length).toBeGreaterThanOrEqual(22);
    expect(COMMANDS).toContain('DescribeInstances');
    expect(COMMANDS).toContain('DescribeVpcAttribute');
  });
});

// Every member of each output set, lists of 0, 1 and 2 items, laid out as EC2 and AWS's
// pretty printer do: the SDK and the short path must read the same objects from each.
const LAYOUTS: { label: string; items: number; style: XmlStyle }[] = [
  { label: 'compact, two items a list', items: 2, style: {} },
  { label: 'pretty-printed, one item a list, empty values self-closing', items: 1, style: { indent: '    ', empty: 'selfClosing' } },
  { label: 'pretty-printed with \\r\\n, empty lists, empty elements over two lines', items: 0, style: { indent: '  ', eol: '\r\n', empty: 'lines' } },
  { label: 'compact, empty lists self-closing', items: 0, style: { empty: 'selfClosing' } },
];

describe.each(COMMANDS)('%s: the short path reads what the SDK reads', (name) => {
  it.each(LAYOUTS)('$label', async ({ items, style }) => {
    const output = sampleOf(operationOf(name).output, items, name.length) as Record<string, unknown>;
    const r = await bothPaths(name, () => ok(answerXml(name, output, style)));
    expectSameAnswer(r);
    // The XML says what it was written from (else both could read nothing and agree).
    if (!style.indent) expect(body(r.sdk.output)).toStrictEqual(output);
  });

  it('sends the SDK body byte for byte, signed', async () => {
    const input = sampleOf(operationOf(name).input, 2, 3);
    const r = await bothPaths(name, () => ok(answerXml(name, {})), input, { endpoint: 'http://127.0.0.1:4566' });
    expectSameAnswer(r);
    const [s, k] = [r.sdk.seen[0], r.short.seen[0]];
    expect(k.body).toBe(s.body);
    expect(s.body).toMatch(new RegExp(`^Action=${name}&Version=2016-11-15&`));
    expect({ method: k.method, protocol: k.protocol, hostname: k.hostname, port: k.port, path: k.path }).toStrictEqual({ method: s.method, protocol: s.protocol, hostname: s.hostname, port: s.port, path: s.path });
    expectSigned(k, s);
  });
});

/** The short path's request carries what EC2 needs, signed as the SDK signs. */
function expectSigned(k: Seen, s: Seen) {
  // The SDK's headers but its user agent, each with the same value but the signature's and the request's own IDs.
  const names = (h: Record<string, string>) => Object.keys(h).sort();
  expect(names(k.headers)).toStrictEqual(names(s.headers).filter((h) => h !== 'user-agent' && h !== 'x-amz-user-agent'));
  for (const h of ['host', 'content-type', 'content-length', 'amz-sdk-request', 'x-amz-content-sha256', 'x-amz-security-token']) expect(k.headers[h], h).toBe(s.headers[h]);
  expect(k.headers['content-type']).toBe(s.headers['content-type']);
  expect(k.headers['content-length']).toBe(String(Buffer.byteLength(k.body)));
  expect(k.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  const auth = /^AWS4-HMAC-SHA256 Credential=AKIDREADSTEST\/(\d{8})\/us-east-1\/ec2\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$/.exec(k.headers.authorization);
  expect(auth, k.headers.authorization).not.toBeNull();
  expect(auth![1]).toBe(k.headers['x-amz-date'].slice(0, 8));
  const signed = auth![2].split(';');
  expect(signed).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'content-type']));
  for (const h of signed) expect(k.headers, h).toHaveProperty(h);
}

/** An answer written by hand, as EC2 might send it, read by both paths. */
async function readBoth(name: string, inner: string, eol = '\n') {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>${eol}<${name}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">${eol}    <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>${inner}${eol}</${name}Response>`;
  const r = await bothPaths(name, () => ok(xml));
  expectSameAnswer(r);
  return r.short.output!;
}

describe('XML as EC2 sends it: both paths read the same', () => {
  it("AWS's own pretty-printed answer (newlines and indentation between elements)", async () => {
    const out = await readBoth(
      'DescribeVpcs',
      `
    <vpcSet>
        <item>
            <vpcId>vpc-0a60eb65b4EXAMPLE</vpcId>
            <ownerId>111122223333</ownerId>
            <state>available</state>
            <cidrBlock>10.0.0.0/16</cidrBlock>
            <cidrBlockAssociationSet>
                <item>
                    <cidrBlock>10.0.0.0/16</cidrBlock>
                    <associationId>vpc-cidr-assoc-0e9d6f5a6bEXAMPLE</associationId>
                    <cidrBlockState>
                        <state>associated</state>
                    </cidrBlockState>
                </item>
            </cidrBlockAssociationSet>
            <ipv6CidrBlockAssociationSet/>
            <dhcpOptionsId>dopt-19edf471</dhcpOptionsId>
            <tagSet>
                <item>
                    <key>Name</key>
                    <value>研修VPC</value>
                </item>
            </tagSet>
            <instanceTenancy>default</instanceTenancy>
            <isDefault>false</isDefault>
        </item>
    </vpcSet>`,
    );
    expect(out.Vpcs).toStrictEqual([
      {
        VpcId: 'vpc-0a60eb65b4EXAMPLE',
        OwnerId: '111122223333',
        State: 'available',
        CidrBlock: '10.0.0.0/16',
        CidrBlockAssociationSet: [{ CidrBlock: '10.0.0.0/16', AssociationId: 'vpc-cidr-assoc-0e9d6f5a6bEXAMPLE', CidrBlockState: { State: 'associated' } }],
        Ipv6CidrBlockAssociationSet: [],
        DhcpOptionsId: 'dopt-19edf471',
        Tags: [{ Key: 'Name', Value: '研修VPC' }],
        InstanceTenancy: 'default',
        IsDefault: false,
      },
    ]);
  });

  it('self-closing and blank sets, an empty <item/>, an empty structure, an empty value', async () => {
    const out = await readBoth(
      'DescribeSecurityGroups',
      `<securityGroupInfo><item><groupId>sg-1</groupId><ipPermissions/><ipPermissionsEgress>
      </ipPermissionsEgress><tagSet><item/><item><key>k</key><value/></item></tagSet><groupName></groupName><securityGroupArn>
   </securityGroupArn></item><item/></securityGroupInfo><nextToken/>`,
    );
    expect(out.SecurityGroups).toStrictEqual([{ GroupId: 'sg-1', IpPermissions: [], IpPermissionsEgress: [], Tags: [{}, { Key: 'k', Value: '' }], GroupName: '', SecurityGroupArn: '' }, {}]);
    expect(out.NextToken).toBe('');
  });

  it('entities, CDATA, a comment, spaces kept on one line, an unknown element', async () => {
    const out = await readBoth(
      'DescribeVpcs',
      `<vpcSet><item><vpcId>vpc-1</vpcId><futureMember><item><x>1</x></item></futureMember><tagSet>
        <item><key>a&amp;b &lt;c&gt; &quot;q&quot; &apos;s&apos;</key><value>&#x41;&#65;&#x65E5;&#26412;</value></item>
        <item><key><![CDATA[<raw> & ]]>tail</key><value>  both ends  </value></item>
        <item><key>x<!-- said nothing -->y</key><value>   </value></item>
        <item><key>line one
line two</key><value>&#13;&#10;</value></item>
      </tagSet><isDefault>TRUE</isDefault></item></vpcSet>`,
    );
    expect((out.Vpcs as { Tags: unknown }[])[0].Tags).toStrictEqual([
      { Key: 'a&b <c> "q" \'s\'', Value: 'AA日本' },
      { Key: '<raw> & tail', Value: '  both ends  ' },
      { Key: 'xy', Value: '   ' },
      { Key: 'line one\nline two', Value: '' },
    ]);
    expect((out.Vpcs as { IsDefault: unknown }[])[0].IsDefault).toBe(true);
  });

  it('\\r\\n line ends throughout, and a carriage return written as an entity', async () => {
    const out = await readBoth(
      'DescribeInstances',
      `\r\n    <reservationSet>\r\n        <item>\r\n            <reservationId>r-1</reservationId>\r\n            <instancesSet>\r\n                <item>\r\n                    <instanceId>i-1</instanceId>\r\n                    <launchTime>2026-12-07T06:00:00.000Z</launchTime>\r\n                    <amiLaunchIndex>0</amiLaunchIndex>\r\n                    <ebsOptimized>false</ebsOptimized>\r\n                    <tagSet>\r\n                        <item><key>Name</key><value>web\r\nserver&#13;one&#xD;&#xA;</value></item>\r\n                    </tagSet>\r\n                    <groupSet>\r\n                    </groupSet>\r\n                </item>\r\n            </instancesSet>\r\n        </item>\r\n    </reservationSet>`,
      '\r\n',
    );
    const instance = (out.Reservations as { Instances: Record<string, unknown>[] }[])[0].Instances[0];
    expect(instance.LaunchTime).toStrictEqual(new Date('2026-12-07T06:00:00.000Z'));
    expect(instance.AmiLaunchIndex).toBe(0);
    expect(instance.SecurityGroups).toStrictEqual([]);
    expect(instance.Tags).toStrictEqual([{ Key: 'Name', Value: 'web\nserver\rone\r\n' }]);
  });

  it('dates with an offset and fractions', async () => {
    const out = await readBoth('DescribeInstances', `<reservationSet><item><instancesSet><item><launchTime>2026-12-07T15:00:00.123+09:00</launchTime></item><item><launchTime>2026-12-07T06:00:00Z</launchTime></item></instancesSet></item></reservationSet>`);
    const instances = (out.Reservations as { Instances: { LaunchTime: Date }[] }[])[0].Instances;
    expect(instances.map((i) => i.LaunchTime.toISOString())).toStrictEqual(['2026-12-07T06:00:00.123Z', '2026-12-07T06:00:00.000Z']);
  });
});

/** A seeded pseudo-random source (mulberry32): the same documents every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The same answer written otherwise, as XML allows and the SDK's parser reads: text split by
 * CDATA or a comment, characters as numeric entities, comments and whitespace between
 * elements, unknown elements, empty elements self-closing, \r\n line ends.
 */
function rewritten(xml: string, rnd: () => number): string {
  const pick = <T,>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const [head, rest] = [xml.slice(0, xml.indexOf('>', xml.indexOf('Response')) + 1), xml.slice(xml.indexOf('>', xml.indexOf('Response')) + 1)];
  const out = rest.replace(/>([^<]*)</g, (_, text: string) => {
    if (text === '' || /^\s+$/.test(text)) {
      // Between elements (or in an empty one): whitespace, a comment, or nothing; an unknown
      // element only where a line break says it is between elements.
      if (text !== '' && !text.includes('\n')) return `>${text}<`;
      const unknown = text.includes('\n') ? ['\n<unknownThing>x<inner/></unknownThing>\n'] : [];
      return `>${pick(['', '\n  ', '\r\n\t', '<!-- between -->', text, ...unknown])}<`;
    }
    const at = Math.floor(rnd() * (text.length + 1));
    const [a, b] = [text.slice(0, at), text.slice(at)];
    const entity = (c: string) => (rnd() < 0.5 ? `&#${c.codePointAt(0)};` : `&#x${c.codePointAt(0)!.toString(16)};`);
    const raw = (t: string) => t.replace(/&(amp|lt|gt|quot);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"' })[e]!);
    switch (pick(['cdata', 'comment', 'entity', 'same'])) {
      case 'cdata':
        return `>${a}<![CDATA[${raw(b)}]]><`;
      case 'comment':
        return `>${a}<!-- in text -->${b}<`;
      case 'entity':
        return `>${a}${b && !b.startsWith('&') && /^[\x20-\x7e\u3000-\u9fff]/.test(b) ? entity(b[0]) + b.slice(1) : b}<`;
      default:
        return `>${text}<`;
    }
  });
  return head + out.replace(/<([A-Za-z0-9]+)><\/\1>/g, (m, tag: string) => (rnd() < 0.5 ? `<${tag}/>` : m));
}

describe('the same answers written otherwise (seeded, 5 variants each)', () => {
  it.each(COMMANDS)('%s', async (name) => {
    const rnd = random(name.length * 7919);
    for (let i = 0; i < 5; i++) {
      const output = sampleOf(operationOf(name).output, 1 + (i % 2), i) as Record<string, unknown>;
      const xml = rewritten(answerXml(name, output, i % 2 ? { indent: '  ' } : {}), rnd);
      expect(xml).not.toBe(answerXml(name, output, i % 2 ? { indent: '  ' } : {}));
      const r = await bothPaths(name, () => ok(xml));
      expectSameAnswer(r);
    }
  });
});

describe('answers without a body, request IDs', () => {
  it('an empty 200 answer is an empty output', async () => {
    expectSameAnswer(await bothPaths('DescribeVpcs', () => ok('')));
  });

  it.each(['x-amzn-requestid', 'x-amzn-request-id', 'x-amz-request-id'])('the request ID from %s, with x-amz-id-2 and x-amz-cf-id', async (h) => {
    const r = await bothPaths('DescribeVpcs', (_, nth) => ({ ...ok(answerXml('DescribeVpcs', {})), headers: { 'x-amzn-requestid': undefined as never, [h]: `id-${nth}`, 'x-amz-id-2': 'ext', 'x-amz-cf-id': 'cf' } }));
    expectSameAnswer(r);
    expect(r.short.output!.$metadata).toMatchObject({ requestId: 'id-1', extendedRequestId: 'ext', cfId: 'cf' });
  });
});

describe('the request', () => {
  it('DescribeInstances with filters, IDs, MaxResults, NextToken and DryRun: the same body, signed', async () => {
    const input = {
      Filters: [
        { Name: 'tag:Name', Values: ['研修 web*', 'a/b:c'] },
        { Name: 'instance-state-name', Values: ['running', 'pending'] },
      ],
      InstanceIds: ['i-0123456789abcdef0'],
      MaxResults: 5,
      NextToken: 'eyJ0b2tlbiI6IjEyMyJ9+/=',
      DryRun: true,
    };
    const r = await bothPaths('DescribeInstances', () => ok(answerXml('DescribeInstances', {})), input);
    expectSameAnswer(r);
    expect(r.short.seen[0].body).toBe(r.sdk.seen[0].body);
    expect(r.short.seen[0].body).toContain('Filter.1.Value.1=%E7%A0%94%E4%BF%AE%20web%2A');
    expectSigned(r.short.seen[0], r.sdk.seen[0]);
  });

  it('temporary credentials: the session token is sent and signed', async () => {
    const r = await bothPaths('DescribeVpcs', () => ok(answerXml('DescribeVpcs', {})), {}, { credentials: { ...CREDENTIALS, sessionToken: 'FwoGZXIvYXdzEXAMPLE//token=' } });
    expectSameAnswer(r);
    const k = r.short.seen[0];
    expect(k.headers['x-amz-security-token']).toBe('FwoGZXIvYXdzEXAMPLE//token=');
    expect(k.headers.authorization).toMatch(/SignedHeaders=[^,]*x-amz-security-token/);
  });
});

describe("credentials and region from the SDK's own sources", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ec2-reads-'));
  writeFileSync(path.join(dir, 'credentials'), '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n[lab]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s2\naws_session_token = TOKPROFILE\n');
  writeFileSync(path.join(dir, 'config'), '[default]\nregion = eu-west-1\n[profile lab]\nregion = ap-northeast-1\n');
  beforeEach(() => {
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION']) vi.stubEnv(name, undefined);
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(dir, 'credentials'));
    vi.stubEnv('AWS_CONFIG_FILE', path.join(dir, 'config'));
  });
  afterEach(() => vi.unstubAllEnvs());

  it.each([
    ['the default profile', {}, 'AKIDDEFAULT/', 'eu-west-1'],
    ['a named profile with a session token', { profile: 'lab' }, 'AKIDPROFILE/', 'ap-northeast-1'],
    ['a credential provider (a role assumed)', { credentials: async () => ({ accessKeyId: 'AKIDROLE', secretAccessKey: 'x', sessionToken: 'TOKROLE' }) }, 'AKIDROLE/', 'eu-west-1'],
    ['a region given', { region: 'us-west-2' }, 'AKIDDEFAULT/', 'us-west-2'],
  ])('%s: the same key, token, region and host as the SDK', async (_, config, key, region) => {
    const signedBy = async (short: boolean) => {
      const { seen, handler } = replayHandler(() => ok(answerXml('DescribeVpcs', {})));
      const client = new EC2Client({ requestHandler: handler as never, ...config });
      if (short) readShort(client);
      await client.send(new DescribeVpcsCommand({}));
      const h = seen[0].headers;
      return { host: seen[0].hostname, scope: /Credential=([^,]+)/.exec(h.authorization)![1].replace(/\/\d{8}\//, '/DATE/'), token: h['x-amz-security-token'], short: tookShortPath(seen[0]) };
    };
    const [a, b] = [await signedBy(false), await signedBy(true)];
    expect({ ...b, short: true }).toStrictEqual({ ...a, short: true });
    expect(b.short).toBe(true);
    expect(b.scope).toBe(`${key}DATE/${region}/ec2/aws4_request`);
    expect(b.host).toBe(`ec2.${region}.amazonaws.com`);
  });
});

/** A retry strategy of the client's own: every refresh counted, no waiting. */
class CountingRetry implements RetryStrategyV2 {
  readonly refreshed: string[] = [];
  constructor(private readonly attempts: number) {}
  async acquireInitialRetryToken(): Promise<RetryToken> {
    return { getRetryCount: () => 0, getRetryDelay: () => 0 };
  }
  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    this.refreshed.push(info.errorType);
    const count = token.getRetryCount() + 1;
    if (count >= this.attempts) throw new Error('no more');
    return { getRetryCount: () => count, getRetryDelay: () => 0 };
  }
  recordSuccess(): void {}
}

describe('errors', () => {
  it('InvalidVpcID.NotFound: the same error as the SDK throws', async () => {
    const r = await bothPaths('DescribeVpcs', () => ({ status: 400, xml: errorXml('InvalidVpcID.NotFound', "The vpc ID 'vpc-1' does not exist") }), { VpcIds: ['vpc-1'] });
    expect(r.sdk.error).toBeDefined();
    const facts = (e: unknown) => {
      const x = e as Record<string, unknown> & { $metadata: Record<string, unknown> };
      const response = x.$response as { statusCode?: number } | undefined;
      return {
        ctor: x.constructor.name,
        name: x.name,
        Code: x.Code,
        message: x.message,
        $fault: x.$fault,
        $retryable: x.$retryable,
        Error: x.Error,
        $metadata: x.$metadata,
        own: Object.getOwnPropertyNames(x).sort(),
        responseStatus: response?.statusCode,
        code: errorCode(e),
        notFound: isNotFound(e),
        isError: e instanceof Error,
        isService: e instanceof sdk.EC2ServiceException,
      };
    };
    expect(facts(r.short.error)).toStrictEqual(facts(r.sdk.error));
    expect(facts(r.short.error)).toMatchObject({ name: 'InvalidVpcID.NotFound', Code: 'InvalidVpcID.NotFound', message: "The vpc ID 'vpc-1' does not exist", $fault: 'client', $metadata: { httpStatusCode: 400, attempts: 1 }, responseStatus: 400, notFound: true });
  });

  it('503 RequestLimitExceeded: retried through the client retry strategy, then answered', async () => {
    const answer = (_: Seen, nth: number): Answer => (nth === 1 ? { status: 503, xml: errorXml('RequestLimitExceeded', 'Request limit exceeded.') } : ok(answerXml('DescribeVpcs', { Vpcs: [{ VpcId: 'vpc-1' }] })));
    const strategies = [new CountingRetry(3), new CountingRetry(3)];
    const viaSdk = replayHandler(answer);
    const viaShort = replayHandler(answer);
    const a = await clientOf(viaSdk.handler, false, { retryStrategy: strategies[0], maxAttempts: 3 }).send(new DescribeVpcsCommand({}));
    const limiter = new RateLimiter();
    const b = await clientOf(viaShort.handler, true, { retryStrategy: strategies[1], maxAttempts: 3, limiter } as never).send(new DescribeVpcsCommand({}));
    expect(viaShort.seen).toHaveLength(2);
    expect(viaSdk.seen).toHaveLength(2);
    expect(strategies[1].refreshed).toStrictEqual(['THROTTLING']);
    expect(strategies[1].refreshed).toStrictEqual(strategies[0].refreshed);
    expect(body(b)).toStrictEqual(body(a));
    expect((b.$metadata as { attempts: number }).attempts).toBe(2);
    // The limiter: a token a try, the retry's too.
    expect(limiter.stats.calls).toBe(2);
    // Each try signed again: the retry carries its attempt number, signed.
    expect(viaShort.seen.map((s) => s.headers['amz-sdk-request'])).toStrictEqual(['attempt=1; max=3', 'attempt=2; max=3']);
  });

  it.each([
    ['RequestExpired', 'Request has expired.', 10],
    ['AuthFailure', 'AWS was not able to validate the provided access credentials', 10],
    ['RequestExpired', 'Request has expired.', -10],
  ])('%s with the server %i minutes ahead: the clock is put right and the retry signed with it', async (code, message, minutes) => {
    const ahead = minutes * 60_000;
    const answer = (_: Seen, nth: number): Answer =>
      nth === 1 ? { status: 400, xml: errorXml(code, message), headers: { date: new Date(Date.now() + ahead).toUTCString() } } : ok(answerXml('DescribeVpcs', { Vpcs: [] }));
    for (const short of [false, true]) {
      const { seen, handler } = replayHandler(answer);
      const client = clientOf(handler, short, { retryStrategy: new CountingRetry(3), maxAttempts: 3 });
      const out = await client.send(new DescribeVpcsCommand({}));
      expect(out.Vpcs).toStrictEqual([]);
      expect(seen).toHaveLength(2);
      expect(Math.abs(client.config.systemClockOffset - ahead), `offset, short=${short}`).toBeLessThan(5_000);
      const signedAt = (s: Seen) => Date.parse(s.headers['x-amz-date'].replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
      expect(Math.abs(signedAt(seen[1]) - (Date.now() + ahead)), `retry signed, short=${short}`).toBeLessThan(5_000);
      expect(Math.abs(signedAt(seen[0]) - Date.now())).toBeLessThan(5_000);
      if (short) expect(seen.every(tookShortPath)).toBe(true);
    }
  });
});

describe("the SDK's adaptive retry (createClients without a limiter)", () => {
  it('a throttled Describe is retried, then answered, as on the SDK path', async () => {
    const answer = (_: Seen, nth: number): Answer => (nth === 1 ? { status: 400, xml: errorXml('RequestLimitExceeded', 'Request limit exceeded.') } : ok(answerXml('DescribeSubnets', { Subnets: [{ SubnetId: 'subnet-1' }] })));
    const r = await bothPaths('DescribeSubnets', answer, {}, { retryMode: 'adaptive', maxAttempts: 3 });
    expectSameAnswer(r);
    expect([r.sdk.seen.length, r.short.seen.length]).toStrictEqual([2, 2]);
  });
});

describe('a mocked EC2Client', () => {
  it('answers a client with readShort installed from the mock; restored, the short path is taken again', async () => {
    const { seen, handler } = replayHandler(() => ok(answerXml('DescribeVpcs', { Vpcs: [{ VpcId: 'vpc-real' }] })));
    const client = clientOf(handler, true);
    const mock = mockClient(EC2Client);
    try {
      mock.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-mocked' }] });
      expect((await client.send(new DescribeVpcsCommand({}))).Vpcs).toStrictEqual([{ VpcId: 'vpc-mocked' }]);
      expect(mock.commandCalls(DescribeVpcsCommand)).toHaveLength(1);
      expect(seen).toHaveLength(0);
    } finally {
      mock.restore();
    }
    // The SDK's middleware stack is not run on the short path: a middleware of the client never sees the call.
    let middlewareRan = 0;
    client.middlewareStack.add((next) => (args) => (middlewareRan++, next(args)), { step: 'initialize', name: 'countsCalls' });
    expect((await client.send(new DescribeVpcsCommand({}))).Vpcs).toStrictEqual([{ VpcId: 'vpc-real' }]);
    expect(seen).toHaveLength(1);
    expect(tookShortPath(seen[0])).toBe(true);
    expect(middlewareRan).toBe(0);
    // A call with options still goes through the SDK, middleware and all.
    await client.send(new DescribeVpcsCommand({}), {});
    expect(middlewareRan).toBe(1);
    expect(tookShortPath(seen[1])).toBe(false);
  });

  it('a non-Describe command goes through the SDK', async () => {
    const { seen, handler } = replayHandler(() => ok(answerXml('CreateTags', {})));
    await clientOf(handler, true).send(new sdk.CreateTagsCommand({ Resources: ['vpc-1'], Tags: [{ Key: 'k', Value: 'v' }] }) as never);
    expect(tookShortPath(seen[0])).toBe(false);
  });
});

describe('createClients', () => {
  it('installs the short path on ec2 and ec2Once, over the real HTTP handler, under the limiter', async () => {
    const heard: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        heard.push({ headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': `real-${heard.length}` });
        res.end(answerXml('DescribeVpcs', { Vpcs: [{ VpcId: 'vpc-http', Tags: [{ Key: 'Name', Value: '研修' }] }] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const limiter = new RateLimiter();
      const clients = await createClients({ region: 'us-east-1', endpointUrl: `http://127.0.0.1:${port}`, credentials: async () => CREDENTIALS, limiter });
      for (const client of [clients.ec2, clients.ec2Once]) {
        const out = await client.send(new DescribeVpcsCommand({ VpcIds: ['vpc-http'] }));
        expect(out.Vpcs).toStrictEqual([{ VpcId: 'vpc-http', Tags: [{ Key: 'Name', Value: '研修' }] }]);
        expect(out.$metadata.requestId).toBe(`real-${heard.length}`);
      }
      expect(heard).toHaveLength(2);
      for (const h of heard) {
        expect(h.headers['user-agent'], 'the short path').toBeUndefined();
        expect(h.headers.host).toBe(`127.0.0.1:${port}`);
        expect(h.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDREADSTEST\//);
        expect(h.body).toBe('Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-http');
      }
      expect(limiter.stats.calls).toBe(2);
    } finally {
      server.close();
    }
  });
});

describe('the limiter', () => {
  it('takes a token a try, by the command name', async () => {
    const { handler } = replayHandler(() => ok(answerXml('DescribeSecurityGroups', {})));
    const taken: string[] = [];
    const limiter = new RateLimiter();
    const take = limiter.take.bind(limiter);
    limiter.take = (action: string, signal?: AbortSignal) => (taken.push(action), take(action, signal));
    const client = clientOf(handler, true, { limiter } as never);
    await client.send(new DescribeSecurityGroupsCommand({}));
    await client.send(new DescribeInstancesCommand({}));
    expect(limiter.stats.calls).toBe(2);
    expect(taken).toStrictEqual(['DescribeSecurityGroupsCommand', 'DescribeInstancesCommand']);
  });
});
