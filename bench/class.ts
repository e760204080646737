/**
 * The class in `npm run bench` (issue 19): 30 labs in one account, 30 labs in 30
 * accounts, and 6 labs in one account (issue 24), built by the class layer (the class's quota count, then every lab at once,
 * `--parallel` at a time per account) against the stateful fake EC2 with EC2's token
 * buckets, on today's AWS-like timings and a scaled clock.
 *
 * The fake answers through aws-sdk-client-mock, which replaces the client's `send` and so
 * skips the SDK's middleware: here each EC2 call goes the way createClients sends it —
 * the SDK's retry loop with the class's strategy (WaitOutThrottling) outside, the
 * account's RateLimiter inside, every attempt drawing a token; the account's looks by ID
 * merged in front of it (describe-batch.ts), as paceClient does.
 *
 * Floor: the larger of the single-lab floor and the least time EC2's buckets allow the
 * calls the class made — per account and per action, each action having a bucket of its
 * own: what its burst does not cover, at its refill, then what the lab still needs after
 * that call (bucketFloor). Thirty gateway labs in one account: the 30th CreateNatGateway
 * goes ~21 s in (10 at once, then 1 a second), and its gateway's wait comes after it.
 * Also shown: the ratio to one lab's floor (issue 24's target, 1.2x).
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { setMaxListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { batchLooks } from '../src/aws/describe-batch.js';
import { ec2Bucket } from '../src/aws/ec2-buckets.js';
import type { AwsClients } from '../src/aws/clients.js';
import { errorCode, isTransient } from '../src/aws/errors.js';
import { RateLimiter, WaitOutThrottling } from '../src/aws/rate-limit.js';
import type { Sender } from '../src/aws/retry.js';
import { classLab, upLab, type ClassRun, type ResolveSettings } from '../src/class/labs.js';
import { quotaRows, readInUse } from '../src/class/quotas.js';
import { eachLab } from '../src/class/run.js';
import { DEFAULT_PARALLEL } from '../src/class/parallel.js';
import type { Learner } from '../src/class/roster.js';
import type { Target } from '../src/class/targets.js';
import { resolveUpSettings } from '../src/cli/wizard.js';
import { scaledClock, type Clock } from '../src/engine/clock.js';
import { openLocation } from '../src/engine/state.js';
import { LAST_CHAPTER } from '../src/lab/core/chapters.js';
import { SharedLookups } from '../src/lab/session.js';
import type { Reporter } from '../src/ui/reporter.js';
import { createFakeAws, type FakeAws, type FakeTimings } from '../test/support/fake-ec2.js';

/** The SDK's retry loop around one attempt, as the class's clients run it (see the file's comment). */
export function sdkPath(fake: FakeAws, account: string, limiter: RateLimiter, maxAttempts: number, clock: Clock): Sender<EC2Client> {
  const strategy = new WaitOutThrottling(maxAttempts, limiter.stats);
  const send = async (command: { constructor: { name: string } }) => {
    let token = await strategy.acquireInitialRetryToken();
    for (;;) {
      await limiter.take(command.constructor.name);
      try {
        const out = await fake.inAccount(account, () => (fake.ec2.send as (c: unknown) => Promise<unknown>)(command));
        strategy.recordSuccess(token);
        return out;
      } catch (err) {
        const errorType = errorCode(err) === 'RequestLimitExceeded' ? 'THROTTLING' : isTransient(err) ? 'TRANSIENT' : 'CLIENT_ERROR';
        try {
          token = await strategy.refreshRetryTokenForRetry(token, { error: err as Error, errorType } as never);
        } catch {
          throw err;
        }
        await clock.sleep(token.getRetryDelay());
      }
    }
  };
  // As paceClient: the looks by ID of the account's labs are merged (describe-batch.ts).
  return { send: batchLooks(limiter, clock, send as never) } as unknown as Sender<EC2Client>;
}

/** What a class's floor is made of (ms): one lab's, and per action how long a lab still needs once that call is answered. */
export interface Floors {
  singleMs: number;
  afterMs: Record<string, number>;
}

/**
 * The least time EC2's buckets allow the calls one account's labs made (ms), and the action
 * that sets it. Each action has a bucket of its own: its n-th call goes no sooner than
 * (n - burst) / refill, and the lab it was for still needs what follows it (the NAT
 * gateway's wait after the last CreateNatGateway).
 */
function bucketFloor(fake: FakeAws, account: string, afterMs: Record<string, number>): { ms: number; action: string } {
  let worst = { ms: 0, action: '-' };
  for (const [id, n] of fake.bucketCounts) {
    if (!id.startsWith(`${account} `)) continue;
    const b = ec2Bucket(id.slice(account.length + 1));
    const ms = (Math.max(0, n.served - b.size) / b.refill) * 1000 + (afterMs[b.name] ?? 0);
    if (ms > worst.ms) worst = { ms, action: b.name };
  }
  return worst;
}

export interface ClassFigures {
  labs: number;
  accounts: number;
  wallMs: number;
  floorMs: number;
  singleFloorMs: number;
  bucketFloorMs: number;
  /** The action whose bucket sets bucketFloorMs. */
  bucketAction: string;
  calls: number;
  throttles: number;
  retries: number;
  paced: number;
  failed: string[];
  /** Where the calls went: served per bucket (all accounts), and per API per lab (dry runs apart). */
  byBucket: Record<string, number>;
  byApi: Record<string, number>;
  /** Seconds into the class of the first and last served call of each action, and the refusals per bucket. */
  spans: Record<string, string>;
  refused: Record<string, number>;
}

/**
 * `labs` labs spread over `accounts` accounts (one region each), the whole lab each, the
 * way `class up --yes` builds them (its quota count first), timed on the fake's clock.
 */
export async function classBench(timings: FakeTimings, scale: number, labs: number, accounts: number, floors: Floors, reporter: Reporter, parallel = DEFAULT_PARALLEL): Promise<ClassFigures> {
  const clock = scaledClock(scale);
  const fake = createFakeAws({ clock, timings: { ...timings, latencyMs: timings.latencyMs * scale }, buckets: true, vcpuLimit: 10_000, elasticIpLimit: 10_000, vpcLimit: 10_000 });
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'aws-lab-bench-class-'));
  try {
    const location = await openLocation(stateDir);
    const stop = new AbortController();
    setMaxListeners(labs + 10, stop.signal); // every lab running listens to it, as in `class up`
    const c: ClassRun = { klass: 'bench', location, clock, reporter, signal: stop.signal };
    const ids = Array.from({ length: accounts }, (_, i) => String(100000000000 + i));
    const targets: Target[] = ids.map((account) => {
      const limiter = new RateLimiter(clock);
      const clients = {
        region: 'us-east-1',
        ec2: sdkPath(fake, account, limiter, 6, clock),
        ec2Once: sdkPath(fake, account, limiter, 1, clock),
        ssm: fake.ssm,
        scheduler: fake.scheduler,
        iam: fake.iam,
        sts: fake.sts,
        serviceQuotas: fake.serviceQuotas,
      } as unknown as AwsClients;
      return { id: `${account}/us-east-1`, account, region: 'us-east-1', via: 'bench', clients, limiter, shared: new SharedLookups(), learners: [] };
    });
    for (let i = 0; i < labs; i++) {
      const learner = `l${String(i).padStart(2, '0')}`;
      const l: Learner = { learner, lab: `bench-${learner}`, row: i + 2 };
      targets[i % accounts].learners.push(l);
    }
    const resolve: ResolveSettings = (l, saved, region) => resolveUpSettings({ yes: true, sshCidr: '198.51.100.7/32', name: l.lab }, l.lab, saved, { lang: 'en', say: () => undefined, detectIp: async () => '198.51.100.7/32' }, region);
    const start = clock.now();
    // As `class up`: the quotas per account first, then the labs.
    await Promise.all(
      targets.map(async (t) => {
        const mine = await Promise.all(t.learners.map((l) => classLab(c, l, t, resolve)));
        return quotaRows(await readInUse(t, mine), mine, LAST_CHAPTER);
      }),
    );
    const results = await eachLab(targets, [], parallel, c.signal, (l, t) => upLab(c, l, t, resolve, { until: LAST_CHAPTER }));
    const wallMs = clock.now() - start;
    const stats = targets.map((t) => t.limiter.stats);
    const sum = (k: keyof (typeof stats)[number]) => stats.reduce((s, x) => s + x[k], 0);
    const buckets = ids.map((a) => bucketFloor(fake, a, floors.afterMs)).reduce((a, b) => (b.ms > a.ms ? b : a));
    return {
      labs,
      accounts,
      wallMs,
      floorMs: Math.max(floors.singleMs, buckets.ms),
      singleFloorMs: floors.singleMs,
      bucketFloorMs: buckets.ms,
      bucketAction: buckets.action,
      calls: sum('calls'),
      throttles: sum('throttled'),
      retries: sum('retries'),
      paced: sum('paced'),
      failed: results.filter((r) => r.error).map((r) => `${r.learner.lab}: ${r.error!.message}`),
      spans: Object.fromEntries(
        [...new Set(fake.calls.map((x) => x.name))].map((n) => {
          const at = fake.calls.filter((x) => x.name === n).map((x) => (x.at - start) / 1000);
          return [n, `${Math.min(...at).toFixed(0)}-${Math.max(...at).toFixed(0)}s`];
        }),
      ),
      refused: tally([...fake.bucketCounts].map(([id, n]) => [id.split(' ')[1], n.refused])),
      byBucket: tally([...fake.bucketCounts].map(([id, n]) => [id.split(' ')[1], n.served])),
      byApi: tally([...fake.calls.map((x) => [x.name, 1 / labs] as const), ...fake.dryRuns.map((x) => [`${x.name} (dry run)`, 1 / labs] as const)]),
    };
  } finally {
    fake.restore();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

function tally(entries: Iterable<readonly [string, number]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, n] of entries) out[k] = (out[k] ?? 0) + n;
  return out;
}

/** `--class-detail`: where the calls went, by bucket and by API (per lab). */
export function classDetail(f: ClassFigures): string {
  const list = (r: Record<string, number>) =>
    Object.entries(r)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${Number.isInteger(n) ? n : n.toFixed(1)}`)
      .join(', ');
  const spans = Object.entries(f.spans).map(([k, v]) => `${k} ${v}`).join(', ');
  return `    served by bucket: ${list(f.byBucket)}; refused: ${list(f.refused)}\n    calls per lab: ${list(f.byApi)}\n    first-last call: ${spans}`;
}

export function classRow(f: ClassFigures): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1).padStart(6)} s`;
  const where = `${f.labs} labs in ${f.accounts === 1 ? 'one account' : `${f.accounts} accounts`}`;
  const failed = f.failed.length ? `   FAILED ${f.failed.length}: ${f.failed[0]}` : '';
  const floor = `floor ${s(f.floorMs)} (one lab ${s(f.singleFloorMs).trim()}, buckets ${s(f.bucketFloorMs).trim()} ${f.bucketAction})`;
  return `${where.padEnd(24)} wall ${s(f.wallMs)}   ${floor}   ratio ${(f.wallMs / f.floorMs).toFixed(3)}, to one lab's floor ${(f.wallMs / f.singleFloorMs).toFixed(3)} (target <= 1.2)   calls ${f.calls}, paced ${f.paced}, throttles ${f.throttles}, retries ${f.retries}${failed}`;
}
