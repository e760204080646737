/**
 * Issue 26 item 8: a class check of 30 learners in 30 accounts against one check — target:
 * at most 1.5x one check's wall time.
 *
 * What is modelled: each account's clients made by createClients (aws/clients.ts) as the
 * class's targets are — the class's retry strategy, EC2's short path for Describe calls
 * (aws/ec2-reads.ts), the account's RateLimiter and its looks by ID merged (paceClient) —
 * so the client's own work is included (serializing and signing each request, reading
 * EC2's XML answer). The wall time is the checks' from clients made; the figure with the
 * clients' making (createClients per account) is printed beside it. Each call is answered after EC2's latency
 * with EC2's token buckets per account — from a recording of the fake EC2's answers
 * (bench/ec2-replay.ts), so the only CPU in this process is the tool's and the SDK's, as on
 * AWS where the servers' time is spent elsewhere, in parallel across accounts. Every
 * learner's VPC is the finished lab's (the same answers in every account). Not modelled:
 * the network's own time beyond the fixed latency (TLS, connection set-up, jitter), AWS's
 * time varying per call, and in the headline figure the probes' (the page answers at once,
 * TCP 22 is open: the stricter, as one check spends that time too); a second figure has
 * each probe take a round trip.
 * Wall time is real time: the rules and paths are CPU, which a scaled clock would count over
 * again. Each figure is the median of RUNS (9) runs after a warm-up: one run is ~150 ms, and
 * a 2-core machine's noise is as large as the differences looked for.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { checkLearner, type ClassCheckRun, type LearnerChecked } from '../src/class/check.js';
import { rolesOfVpc } from '../src/lab/rules/roles.js';
import { judgeWithLive, type LiveSeams } from '../src/lab/views/vpc-check.js';
import { CHECK_PARALLEL } from '../src/class/parallel.js';
import type { Learner } from '../src/class/roster.js';
import { eachLab } from '../src/class/run.js';
import type { Target } from '../src/class/targets.js';
import type { AwsClients } from '../src/aws/clients.js';
import { RateLimiter } from '../src/aws/rate-limit.js';
import type { Clock } from '../src/engine/clock.js';
import { SharedLookups } from '../src/lab/session.js';
import type { FakeAws, FakeTimings } from '../test/support/fake-ec2.js';
import { sdkPath } from './class.js';
import { bareClient, commandOf, compileAnswers, replayClients, type Answers, type Recorded } from './ec2-replay.js';
import { SSH_CIDR } from './fake-deps.js';
import { errorCode } from '../src/aws/errors.js';

// The page answers at once and TCP 22 is open: the probes' own time is the network's, not the tool's.
// The headline figure leaves it out, which is the stricter: it is time one check spends too.
const SEAMS: LiveSeams = { timeoutMs: 10_000, page: async () => ({ status: 200 }), tcp: async () => ({ ok: true, detail: ['live_sshOpen'] }), emulated: false, pageStandIn: false };
const QUIET = { started: () => undefined, progress: () => undefined, finished: () => undefined, failed: () => undefined };

/** Where a target's EC2 calls go: the fake (recording), or the recorded answers through the SDK. */
type Serve = { fake: FakeAws } | { answers: Answers; latencyMs: number };

/** `accounts` targets, each with its own limiter and clients (made in the timed part, as a class check makes them). */
function targetsOf(serve: Serve, clock: Clock, accounts: number): Promise<Target[]> {
  return Promise.all(
    Array.from({ length: accounts }, async (_, i) => {
      const account = String(200000000000 + i);
      const limiter = new RateLimiter(clock);
      // A check reads EC2 only: the other clients are never called.
      const clients = 'fake' in serve ? ({ region: 'us-east-1', ec2: sdkPath(serve.fake, account, limiter, 6, clock), ec2Once: sdkPath(serve.fake, account, limiter, 1, clock) } as unknown as AwsClients) : await replayClients(serve.answers, limiter, clock, serve.latencyMs);
      return { id: `${account}/us-east-1`, account, region: 'us-east-1', via: 'bench', clients, limiter, shared: new SharedLookups(), learners: [] as Learner[] };
    }),
  );
}

/** Every learner of `learners` checked over `accounts` accounts, as `class check` runs them (its default --parallel): real wall time and the calls made. */
async function classCheck(serve: Serve, clock: Clock, vpc: string, learners: number, accounts: number, seams = SEAMS): Promise<{ wallMs: number; reachedMs: number; calls: number; checked?: LearnerChecked; failed: string[] }> {
  const t0 = performance.now();
  const targets = await targetsOf(serve, clock, accounts);
  const reachedMs = performance.now() - t0;
  for (let i = 0; i < learners; i++) {
    const l: Learner = { learner: `l${i}`, lab: `bench-l${i}`, row: i + 2, vpc };
    targets[i % accounts].learners.push(l);
  }
  const stop = new AbortController();
  const run: ClassCheckRun = { seams, from: Promise.resolve(SSH_CIDR), clock, events: QUIET, signal: stop.signal };
  const t1 = performance.now();
  const results = await eachLab(targets, [], CHECK_PARALLEL, stop.signal, (l, t) => checkLearner(run, l, t));
  const wallMs = performance.now() - t1;
  const calls = targets.reduce((n, t) => n + t.limiter.stats.calls, 0);
  return { wallMs, reachedMs, calls, checked: results[0].value, failed: results.flatMap((r) => (r.error ? [`${r.learner.learner}: ${r.error.message}`] : [])) };
}

/**
 * The tool's judgement alone, from a snapshot already read: roles, findings, paths, the
 * live lines (ms a learner, the mean of `n`). What is left of a learner's CPU is reading:
 * the SDK (building, signing, parsing) and the tool's inventory and pacing around it.
 */
async function judgeMs(checked: LearnerChecked, n = 30): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const { roles, because } = rolesOfVpc(checked.snapshot);
    await judgeWithLive(checked.snapshot, roles, SEAMS, { from: SSH_CIDR, because });
  }
  return (performance.now() - t0) / n;
}

/**
 * The SDK alone, a learner: the recorded calls (a check's) sent through a fresh client per
 * account with nothing of the tool's around it, all accounts at once, answered at once —
 * CPU ms a learner (the mean of three rounds after a warm-up).
 */
async function sdkMs(recorded: Recorded[], answers: Answers, clock: Clock, accounts: number, short: boolean): Promise<number> {
  const round = () => Promise.all(Array.from({ length: accounts }, () => bareClient(answers, clock, short)).map((c) => Promise.all(recorded.map((r) => c.send(commandOf(r) as never).catch(() => undefined)))));
  await round();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < 3; i++) await round();
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / 1000 / 3 / accounts;
}

/** A check over the fake, each distinct EC2 call and its answer recorded. */
async function record(fake: FakeAws, clock: Clock, vpc: string): Promise<Recorded[]> {
  const send = fake.ec2.send.bind(fake.ec2) as (c: unknown) => Promise<Record<string, unknown>>;
  const seen = new Map<string, Recorded>();
  (fake.ec2 as { send: unknown }).send = async (command: { constructor: { name: string }; input: unknown }) => {
    const r: Recorded = { name: command.constructor.name.replace(/Command$/, ''), input: command.input };
    try {
      r.output = await send(command);
      return r.output;
    } catch (err) {
      r.error = errorCode(err);
      throw err;
    } finally {
      seen.set(`${r.name} ${JSON.stringify(r.input)}`, r);
    }
  };
  try {
    const checked = await classCheck({ fake }, clock, vpc, 1, 1);
    if (checked.failed.length) throw new Error(`the recorded check failed: ${checked.failed[0]}`);
  } finally {
    (fake.ec2 as { send: unknown }).send = send;
  }
  return [...seen.values()];
}

const RUNS = 9;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * A warm-up, then the median of RUNS, with the process's CPU time per learner (the tool's
 * and the SDK's: nothing else runs here). `BENCH_PROFILE=FILE`: the three runs' CPU profile
 * (.cpuprofile, for Chrome's DevTools or `node --cpu-prof`'s readers).
 */
async function timed(serve: Serve, clock: Clock, vpc: string, learners: number, accounts: number, profile?: string, seams = SEAMS) {
  await classCheck(serve, clock, vpc, learners, accounts, seams);
  const session = profile ? await profiling() : undefined;
  const runs = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) runs.push(await classCheck(serve, clock, vpc, learners, accounts, seams));
  const cpu = process.cpuUsage(cpu0);
  if (session) writeFileSync(profile!, JSON.stringify(await session.stop()));
  const cpuMs = (cpu.user + cpu.system) / 1000 / RUNS / learners;
  return { ...runs[0], wallMs: median(runs.map((r) => r.wallMs)), reachedMs: median(runs.map((r) => r.reachedMs)), cpuMs, failed: runs.flatMap((r) => r.failed) };
}

/** The inspector's CPU profiler, started; `stop` gives the profile. */
async function profiling() {
  const session = new Session();
  session.connect();
  const post = (method: string) => new Promise<unknown>((ok, ko) => session.post(method, (err, out) => (err ? ko(err) : ok(out))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return { stop: async () => ((await post('Profiler.stop')) as { profile: unknown }).profile };
}

/**
 * One check, then the class, over the recorded answers. The fake is restored once recorded
 * (it mocks every EC2Client, the replaying ones too); `restore` is that.
 */
export async function classCheckBench(fake: FakeAws, restore: () => void, clock: Clock, vpc: string, timings: FakeTimings, scale: number, learners = 30, accounts = 30): Promise<string> {
  const recorded = await record(fake, clock, vpc);
  restore();
  const serve = { answers: await compileAnswers(recorded, clock), latencyMs: timings.latencyMs * scale };
  const one = await timed(serve, clock, vpc, 1, 1);
  const all = await timed(serve, clock, vpc, learners, accounts, process.env.BENCH_PROFILE);
  // As from here to a web server: the page's GET and TCP 22's connect each take a round trip.
  const afar: LiveSeams = { ...SEAMS, page: (url, ms) => clock.sleep(serve.latencyMs).then(() => SEAMS.page(url, ms)), tcp: (host, port, ms) => clock.sleep(serve.latencyMs).then(() => SEAMS.tcp(host, port, ms)) };
  const [oneAfar, allAfar] = [await timed(serve, clock, vpc, 1, 1, undefined, afar), await timed(serve, clock, vpc, learners, accounts, undefined, afar)];
  if (!all.checked) throw new Error(`the class check failed: ${all.failed[0]}`);
  await judgeMs(all.checked, 10);
  const judging = await judgeMs(all.checked);
  const sdkOnly = await sdkMs(recorded, serve.answers, clock, accounts, false);
  const shortOnly = await sdkMs(recorded, serve.answers, clock, accounts, true);
  const failed = all.failed.length ? `, ${all.failed.length} FAILED (${all.failed[0]})` : '';
  return [
    `class check      ${learners} learners in ${accounts} accounts (${timings.latencyMs} ms a call at ${scale}x, --parallel ${CHECK_PARALLEL} as the command's default)   calls ${all.calls} (${(all.calls / learners).toFixed(1)} a learner; one check ${one.calls})${failed}`,
    `  wall ${all.wallMs.toFixed(0)} ms, one check ${one.wallMs.toFixed(0)} ms (medians of ${RUNS}), ratio ${(all.wallMs / one.wallMs).toFixed(2)} (target <= 1.5); with each account's clients made first (createClients: ${all.reachedMs.toFixed(0)} ms, one ${one.reachedMs.toFixed(0)} ms) ${((all.wallMs + all.reachedMs) / (one.wallMs + one.reachedMs)).toFixed(2)}`,
    `  with the live probes taking a round trip each (the page, TCP 22): wall ${allAfar.wallMs.toFixed(0)} ms, one check ${oneAfar.wallMs.toFixed(0)} ms, ratio ${(allAfar.wallMs / oneAfar.wallMs).toFixed(2)}`,
    `  CPU a learner ${all.cpuMs.toFixed(1)} ms (one thread: ${learners} learners ${(all.cpuMs * learners).toFixed(0)} ms; one check alone ${one.cpuMs.toFixed(1)} ms): the ${recorded.length} calls alone (a fresh client each) ${shortOnly.toFixed(1)} ms on the short path for Describe calls (aws/ec2-reads.ts), ${sdkOnly.toFixed(1)} ms through the SDK's send, the tool's judgement (roles, rules, paths) ${judging.toFixed(1)} ms, the rest the tool's reading (inventory, pacing)`,
    `  modelled: each account's clients from createClients (a real EC2Client, its Describe calls on the short path: the request written, signed and its XML read), its RateLimiter and EC2's buckets, ${timings.latencyMs} ms a call; EC2 answers replayed (${recorded.length} distinct calls recorded from the fake), so no fake CPU here; not: network jitter, TLS, the live probes' time in the headline (the line above has it)`,
  ].join('\n');
}
