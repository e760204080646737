import { CreateSubnetCommand, CreateVpcCommand, DescribeVpcsCommand, EC2Client, RunInstancesCommand, StartInstancesCommand } from '@aws-sdk/client-ec2';
import { StandardRetryStrategy } from '@smithy/core/retry';
import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_SIZES, ec2Bucket, ec2Category, UNCATEGORIZED } from '../../src/aws/ec2-buckets.js';
import { inTurn, LAG_MS, paceClient, RateLimiter, TokenBucket, TURN_MS, WaitOutThrottling } from '../../src/aws/rate-limit.js';
import { AbortedError, VirtualClock } from '../../src/engine/clock.js';
import { urgencies } from '../../src/engine/graph.js';
import type { Resource } from '../../src/engine/resource.js';
import { createFakeAws } from '../support/fake-ec2.js';

const throttled = { errorType: 'THROTTLING' as const };

describe("EC2's buckets and the limiter", () => {
  it("gives every action a bucket of its own, sized by its category or by AWS's table of uncategorized actions", () => {
    // Named after the action, the SDK's command name or not.
    expect(ec2Bucket('RunInstancesCommand')).toEqual({ name: 'RunInstances', size: 5, refill: 2 });
    expect(ec2Bucket('StartInstances')).toEqual({ name: 'StartInstances', size: 5, refill: 2 });
    expect(ec2Bucket('CreateNatGateway')).toEqual({ name: 'CreateNatGateway', size: 10, refill: 1 });
    expect(ec2Bucket('DeleteNatGateway')).toEqual({ name: 'DeleteNatGateway', size: 10, refill: 1 });
    expect(ec2Bucket('CreateTags')).toEqual({ name: 'CreateTags', size: 100, refill: 10 });
    expect(ec2Bucket('DeleteTags')).toEqual({ name: 'DeleteTags', size: 100, refill: 10 });
    expect(ec2Bucket('TerminateInstances')).toEqual({ name: 'TerminateInstances', size: 100, refill: 5 });
    expect(ec2Bucket('CreateNetworkInterface')).toEqual({ name: 'CreateNetworkInterface', size: 100, refill: 5 });
    // Sized by category: mutating 50 / 5, resource-intensive 50 / 5, non-mutating 100 / 20.
    expect(ec2Bucket('CreateVpc')).toEqual({ name: 'CreateVpc', size: 50, refill: 5 });
    expect(ec2Bucket('CreateSubnet')).toEqual({ name: 'CreateSubnet', size: 50, refill: 5 });
    expect(ec2Bucket('AuthorizeSecurityGroupIngress')).toEqual({ name: 'AuthorizeSecurityGroupIngress', size: 50, refill: 5 });
    expect(ec2Bucket('DescribeSubnets')).toEqual({ name: 'DescribeSubnets', size: 100, refill: 20 });
    expect(ec2Bucket('DescribeVpcs')).toEqual({ name: 'DescribeVpcs', size: 100, refill: 20 });
    expect(ec2Bucket('GetConsoleOutput')).toEqual({ name: 'GetConsoleOutput', size: 100, refill: 20 });
    expect(ec2Category('SearchTransitGatewayRoutes')).toBe('non-mutating');
    expect(ec2Category('CreateKeyPair')).toBe('resource-intensive');
    expect(ec2Category('RevokeSecurityGroupIngress')).toBe('resource-intensive');
    expect(ec2Category('AllocateAddress')).toBe('mutating');
    expect(ec2Category('RunInstances')).toBe('uncategorized');
    // The category's sizes, as AWS publishes them.
    expect(CATEGORY_SIZES).toEqual({ 'non-mutating': { size: 100, refill: 20 }, mutating: { size: 50, refill: 5 }, 'resource-intensive': { size: 50, refill: 5 } });
    for (const [action, size] of Object.entries(UNCATEGORIZED)) expect(ec2Bucket(action)).toEqual({ name: action, ...size });
  });

  it('keeps the buckets of two actions apart even when their category is the same', () => {
    const pairs = [
      ['CreateVpc', 'CreateSubnet'],
      ['RunInstances', 'StartInstances'],
      ['DescribeSubnets', 'DescribeVpcs'],
      ['CreateNatGateway', 'DeleteNatGateway'],
      ['AuthorizeSecurityGroupIngress', 'CreateKeyPair'],
    ];
    for (const [a, b] of pairs) expect(ec2Bucket(a).name, `${a} / ${b}`).not.toBe(ec2Bucket(b).name);
  });

  it('lets the burst through at once, then paces callers at the refill rate, counted from LAG_MS after the burst', () => {
    const clock = new VirtualClock();
    const bucket = new TokenBucket(ec2Bucket('RunInstances'), clock);
    expect(Array.from({ length: 6 }, () => bucket.tryTake())).toEqual([true, true, true, true, true, false]);
    // 2 a second: the 6th half a second after AWS may have begun to refill, then every half second.
    expect(bucket.untilToken()).toBe(LAG_MS + 500);
    clock.advance(LAG_MS + 499);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(1);
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.untilToken()).toBe(500);
    clock.advance(60_000);
    // Refilled, never past its size.
    expect(Array.from({ length: 6 }, () => bucket.tryTake())).toEqual([true, true, true, true, true, false]);
  });

  it('keeps one bucket per action per limiter: 12 RunInstances take at least (12-5)/2 s; StartInstances and Describe calls are not held up by them', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter(clock);
    await Promise.all(Array.from({ length: 12 }, () => limiter.take('RunInstancesCommand')));
    expect(clock.now()).toBeGreaterThanOrEqual(3_500);
    const before = clock.now();
    await Promise.all([...Array.from({ length: 5 }, () => limiter.take('StartInstancesCommand')), ...Array.from({ length: 50 }, () => limiter.take('DescribeVpcsCommand'))]);
    expect(clock.now()).toBe(before);
    expect(limiter.stats).toMatchObject({ calls: 67, paced: 7 });
  });

  it('lets two mutating actions both have their whole burst at once', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter(clock);
    const burst = (action: string) => Array.from({ length: ec2Bucket(action).size }, () => limiter.take(action));
    await Promise.all([...burst('CreateVpc'), ...burst('CreateSubnet'), ...burst('AllocateAddress'), ...burst('DescribeSubnets'), ...burst('DescribeVpcs')]);
    expect(clock.now()).toBe(0);
    expect(limiter.stats).toMatchObject({ calls: 350, paced: 0 });
    // Then each waits for its own bucket's next token (5 a second): one token's wait for
    // both, where one shared bucket would make the second wait for two.
    await Promise.all([limiter.take('CreateVpc'), limiter.take('CreateSubnet')]);
    expect(clock.now()).toBe(LAG_MS + 200);
  });

  it('counts a wait for a token from when the call asked, and a token taken at once as no wait', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter(clock, (action) => ({ name: action, size: 1, refill: 1 }));
    await limiter.take('CreateVpc');
    expect(limiter.stats).toMatchObject({ calls: 1, paced: 0, waitedMs: 0 });
    clock.advance(100); // the wait counts from here, not from the first call
    await limiter.take('CreateVpc');
    expect(limiter.stats).toMatchObject({ calls: 2, paced: 1, waitedMs: LAG_MS + 1000 - 100 });
  });

  it('gives the same bucket for an action whichever name it is called by, each time', () => {
    expect(ec2Bucket('DescribeVpcsCommand')).toBe(ec2Bucket('DescribeVpcs'));
    expect(ec2Bucket('DescribeVpcs')).toEqual({ name: 'DescribeVpcs', ...CATEGORY_SIZES['non-mutating'] });
  });
});

describe("the fake EC2's buckets", () => {
  it('meters each action on a bucket of its own: a CreateVpc and a StartInstances find theirs full when CreateSubnet and RunInstances have emptied their own', async () => {
    const clock = new VirtualClock();
    const fake = createFakeAws({ clock, buckets: true });
    try {
      // Dry runs are metered as AWS meters them, and change nothing.
      const send = (c: unknown) => (fake.ec2.send as (c: unknown) => Promise<unknown>)(c).then(() => 'ok', (e: Error) => e.name);
      const times = async (n: number, make: () => unknown) => Promise.all(Array.from({ length: n }, () => send(make())));
      const count = (answers: string[]) => answers.filter((a) => a === 'RequestLimitExceeded').length;
      expect(count(await times(51, () => new CreateSubnetCommand({ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24', DryRun: true })))).toBe(1);
      expect(count(await times(50, () => new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', DryRun: true })))).toBe(0);
      expect(count(await times(6, () => new RunInstancesCommand({ MinCount: 1, MaxCount: 1, DryRun: true })))).toBe(1);
      expect(count(await times(5, () => new StartInstancesCommand({ InstanceIds: ['i-1'], DryRun: true })))).toBe(0);
      expect(fake.bucketCounts.get('default CreateSubnet')).toEqual({ served: 50, refused: 1 });
      expect(fake.bucketCounts.get('default StartInstances')).toEqual({ served: 5, refused: 0 });
    } finally {
      fake.restore();
    }
  });
});

describe('who goes first when many wait for one bucket', () => {
  /** Every action shares one bucket of one token, a token a second. */
  const ONE = () => ({ name: 'one', size: 1, refill: 1 });
  /** Time that passes while one sleeps (a VirtualClock's moves when the sleep begins). */
  const laterClock = () => {
    let t = 0;
    return { now: () => t, sleep: async (ms: number) => void (await new Promise((r) => setImmediate(r)), (t += ms)) };
  };
  /** Each caller takes a token; the order they got theirs in. */
  async function served(limiter: RateLimiter, callers: { name: string; place?: number }[]): Promise<string[]> {
    const order: string[] = [];
    await Promise.all(
      callers.map(({ name, place }) => {
        const go = () => limiter.take('CreateVpc').then(() => void order.push(name));
        return place === undefined ? go() : inTurn(place, go);
      }),
    );
    return order;
  }

  it('serves callers of equal standing first come, first served', async () => {
    const limiter = new RateLimiter(new VirtualClock(), ONE);
    expect(await served(limiter, ['a', 'b', 'c', 'd'].map((name) => ({ name })))).toEqual(['a', 'b', 'c', 'd']);
    expect(limiter.stats).toMatchObject({ calls: 4, paced: 3 });
  });

  it('lets the run that began earlier go first, by TURN_MS a place', async () => {
    const limiter = new RateLimiter(laterClock(), ONE);
    const order = await served(limiter, [
      { name: 'first', place: 0 },
      { name: 'third-run', place: 3 },
      { name: 'second-run', place: 1 },
      { name: 'first-again', place: 0 },
    ]);
    expect(order).toEqual(['first', 'first-again', 'second-run', 'third-run']);
    expect(TURN_MS).toBeGreaterThan(0);
  });

  it('drops a waiting call whose run is stopped: it never goes out', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter(clock, ONE);
    await limiter.take('CreateVpc');
    const stop = new AbortController();
    const waiting = limiter.take('CreateVpc', stop.signal);
    const after = limiter.take('CreateVpc');
    stop.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    await after;
    // The stopped call took no token: the next one had only the one refill to wait for.
    expect(clock.now()).toBeLessThan(2_000);
  });

  it("ranks a graph's steps by what is still ahead of them: the chain to a slow resource first", () => {
    const r = (key: string, dependsOn: string[], settleMs?: number) => ({ key, dependsOn, settleMs }) as unknown as Resource;
    // vpc -> subnet -> nat (a minute) -> route; vpc -> group (a call) -> server (15 s)
    const order = [r('vpc', []), r('subnet', ['vpc']), r('group', ['vpc']), r('nat', ['subnet'], 60_000), r('server', ['group'], 15_000), r('route', ['nat'])];
    const u = urgencies(order, (x) => [...x.dependsOn]);
    expect(u.get('route')).toBe(1_000);
    expect(u.get('nat')).toBe(62_000);
    expect(u.get('subnet')).toBe(63_000);
    expect(u.get('server')).toBe(16_000);
    expect(u.get('group')).toBe(17_000);
    expect(u.get('vpc')).toBe(64_000);
  });
});

describe('waiting out throttling', () => {
  it("keeps retrying throttled calls after the SDK's standard strategy has spent its quota", async () => {
    // The SDK's own strategy, its waits taken out (the quota is what is tested).
    const standard = new StandardRetryStrategy({ maxAttempts: 3, backoff: { computeNextBackoffDelay: () => 0, setDelayBase: () => undefined } });
    const ours = new WaitOutThrottling(3);
    // 200 callers sharing a client, each throttled once: 5 quota tokens a retry, 500 in all.
    let standardRefused = 0;
    for (let i = 0; i < 200; i++) {
      await standard.refreshRetryTokenForRetry(await standard.acquireInitialRetryToken(''), throttled).catch(() => standardRefused++);
      const t = await ours.refreshRetryTokenForRetry(await ours.acquireInitialRetryToken(), throttled);
      expect(t.getRetryDelay()).toBeGreaterThan(0);
    }
    expect(standardRefused).toBe(100); // the quota ran dry after 100 throttled retries; ours never does
  }, 30_000);

  it('still gives up on a call throttled without end, and keeps the attempts for other errors', async () => {
    const ours = new WaitOutThrottling(2);
    let t = await ours.acquireInitialRetryToken();
    let tries = 0;
    await expect(
      (async () => {
        for (;;) {
          t = await ours.refreshRetryTokenForRetry(t, throttled);
          tries++;
        }
      })(),
    ).rejects.toThrow();
    expect(tries).toBe(11);
    const t2 = await ours.refreshRetryTokenForRetry(await ours.acquireInitialRetryToken(), { errorType: 'TRANSIENT' });
    await expect(ours.refreshRetryTokenForRetry(t2, { errorType: 'TRANSIENT' })).rejects.toThrow();
    await expect(ours.refreshRetryTokenForRetry(await ours.acquireInitialRetryToken(), { errorType: 'CLIENT_ERROR' })).rejects.toThrow();
  });
});

describe('a paced client (real SDK client, loopback endpoint)', () => {
  let server: http.Server;
  let url = '';
  const seen: string[] = [];
  let refuse = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push(new URLSearchParams(body).get('Action') ?? '?');
        if (refuse > 0) {
          refuse--;
          res.writeHead(503, { 'content-type': 'text/xml' }).end('<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>x</RequestID></Response>');
          return;
        }
        res.writeHead(200, { 'content-type': 'text/xml' }).end('<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><vpcSet/></DescribeVpcsResponse>');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('takes a token for every attempt, by the command it sends, and retries a throttled call', async () => {
    const limiter = new RateLimiter();
    const client = new EC2Client({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'k', secretAccessKey: 's' }, retryStrategy: new WaitOutThrottling(3, limiter.stats) });
    paceClient(client, limiter);
    refuse = 1;
    await client.send(new DescribeVpcsCommand({}));
    expect(seen).toEqual(['DescribeVpcs', 'DescribeVpcs']);
    expect(limiter.stats).toMatchObject({ calls: 2, throttled: 1, retries: 1 });
    // RunInstances draws on its own bucket: the 6th of a burst waits for its token.
    await Promise.all(Array.from({ length: 6 }, () => client.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1 })).catch(() => undefined)));
    expect(limiter.stats.paced).toBe(1);
  }, 20_000);
});
