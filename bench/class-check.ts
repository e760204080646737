/**
 * Issue 26 item 8: a class check of 30 learners in 30 accounts against one check — target:
 * at most 1.5x one check's wall time. Over the fake EC2 with its latency and EC2's token
 * buckets per account, each account reached through its own paced client (as the class's
 * targets are, bench/class.ts sdkPath), every learner's VPC the finished lab's (the fake
 * keeps one world; the buckets, the pacing and the calls are per account). Wall time is
 * real time: the rules and paths are CPU, which a scaled clock would count over again.
 */
import { checkLearner, type ClassCheckRun } from '../src/class/check.js';
import type { Learner } from '../src/class/roster.js';
import { eachLab } from '../src/class/run.js';
import type { Target } from '../src/class/targets.js';
import type { AwsClients } from '../src/aws/clients.js';
import { RateLimiter } from '../src/aws/rate-limit.js';
import type { Clock } from '../src/engine/clock.js';
import { SharedLookups } from '../src/lab/session.js';
import type { FakeAws, FakeTimings } from '../test/support/fake-ec2.js';
import { sdkPath } from './class.js';
import { SSH_CIDR } from './fake-deps.js';

const QUIET = { started: () => undefined, progress: () => undefined, finished: () => undefined, failed: () => undefined };

/** `accounts` targets, each with its own limiter and paced EC2 client over the one fake. */
function targetsOf(fake: FakeAws, clock: Clock, accounts: number): Target[] {
  return Array.from({ length: accounts }, (_, i) => {
    const account = String(200000000000 + i);
    const limiter = new RateLimiter(clock);
    const clients = { region: 'us-east-1', ec2: sdkPath(fake, account, limiter, 6, clock), ec2Once: sdkPath(fake, account, limiter, 1, clock), ssm: fake.ssm, scheduler: fake.scheduler, iam: fake.iam, sts: fake.sts, serviceQuotas: fake.serviceQuotas } as unknown as AwsClients;
    return { id: `${account}/us-east-1`, account, region: 'us-east-1', via: 'bench', clients, limiter, shared: new SharedLookups(), learners: [] };
  });
}

/**
 * The fake's own CPU: what it does when called, before its latency (the SDK mock matching
 * the command, the fake's bookkeeping). On AWS that is the servers' time, spent in parallel
 * for 30 accounts; in this one process it is spent in turn, and is shown apart.
 */
function timeFake(fake: FakeAws): { ms: () => number; restore: () => void } {
  const send = fake.ec2.send.bind(fake.ec2);
  let ms = 0;
  (fake.ec2 as { send: unknown }).send = (...args: unknown[]) => {
    const t = performance.now();
    try {
      return (send as (...a: unknown[]) => unknown)(...args);
    } finally {
      ms += performance.now() - t;
    }
  };
  return { ms: () => ms, restore: () => ((fake.ec2 as { send: unknown }).send = send) };
}

/** Every learner of `learners` checked over `accounts` accounts: real wall time and the calls made. */
async function classCheck(fake: FakeAws, clock: Clock, vpc: string, learners: number, accounts: number): Promise<{ wallMs: number; fakeMs: number; calls: number; failed: number }> {
  const targets = targetsOf(fake, clock, accounts);
  for (let i = 0; i < learners; i++) {
    const l: Learner = { learner: `l${i}`, lab: `bench-l${i}`, row: i + 2, vpc };
    targets[i % accounts].learners.push(l);
  }
  const stop = new AbortController();
  // The page answers at once and TCP 22 is open: the probes' own time is the network's, not the tool's.
  const run: ClassCheckRun = {
    seams: { timeoutMs: 10_000, page: async () => ({ status: 200 }), tcp: async () => ({ ok: true, detail: ['live_sshOpen'] }), emulated: false, pageStandIn: false },
    from: Promise.resolve(SSH_CIDR),
    clock,
    events: QUIET,
    signal: stop.signal,
  };
  const before = fake.calls.length;
  const fakeCpu = timeFake(fake);
  const t0 = performance.now();
  try {
    const results = await eachLab(targets, [], 100, stop.signal, (l, t) => checkLearner(run, l, t));
    return { wallMs: performance.now() - t0, fakeMs: fakeCpu.ms(), calls: fake.calls.length - before, failed: results.filter((r) => r.error).length };
  } finally {
    fakeCpu.restore();
  }
}

/** One check, then the class (each measured after a warm-up run, as bench/check.ts does). */
export async function classCheckBench(fake: FakeAws, clock: Clock, vpc: string, timings: FakeTimings, scale: number, learners = 30, accounts = 30): Promise<string> {
  await classCheck(fake, clock, vpc, 1, 1);
  const one = await classCheck(fake, clock, vpc, 1, 1);
  await classCheck(fake, clock, vpc, learners, accounts);
  const all = await classCheck(fake, clock, vpc, learners, accounts);
  const failed = all.failed ? `, ${all.failed} FAILED` : '';
  const own = (r: typeof one) => r.wallMs - r.fakeMs;
  return [
    `class check      ${learners} learners in ${accounts} accounts (${timings.latencyMs} ms a call at ${scale}x)   calls ${all.calls} (${(all.calls / learners).toFixed(1)} a learner; one check ${one.calls})${failed}`,
    `  wall ${all.wallMs.toFixed(0)} ms, one check ${one.wallMs.toFixed(0)} ms, ratio ${(all.wallMs / one.wallMs).toFixed(2)} (target <= 1.5)`,
    `  without the fake's own CPU (${all.fakeMs.toFixed(0)} ms / ${one.fakeMs.toFixed(0)} ms: AWS's servers' time, in parallel there): ${own(all).toFixed(0)} ms vs ${own(one).toFixed(0)} ms, ratio ${(own(all) / own(one)).toFixed(2)}`,
  ].join('\n');
}
