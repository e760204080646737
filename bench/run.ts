/**
 * `npm run bench`: how close `up` and `destroy` come to the floor AWS's own timings set.
 *
 * Runs the real commands against the stateful fake EC2 with AWS-like timings (a NAT
 * gateway pending for 90 s and deleting for 60 s, instances 30 s to boot and 40 s to
 * terminate, 50 ms a call), on a clock scaled down so the run takes seconds. Prints for
 * each command: wall time, the critical-path floor for those timings, their ratio, and
 * the API call count; then the calls of a no-op `up` and the `--help` start-up time.
 * Targets (issue 5): both ratios at most 1.10, a no-op `up` under 15 calls.
 * Both NAT kinds (issue 9): the NAT instance's floor is an instance boot, not the gateway's.
 * Issue 12: the same on timings closer to today's AWS (NAT gateway 60 s / 40 s, instances
 * 15 s / 30 s, 60 ms a call), target both ratios at most 1.05; and the package as users
 * get it (packed, installed from the tarball, started), against one moto_server lab, with
 * `status` side by side against the unbundled tsc build (target: under half its time).
 * Issue 18: `--help` and `status` start-up in English and in Japanese (LANG), side by side.
 * Issue 24: `status` on a finished lab against importing `@aws-sdk/client-ec2` alone, taking
 * turns with it (target: under 0.70 of it).
 * Issue 26: `check --vpc` of a finished lab against one Describe per kind and two round trips (bench/check.ts);
 * `--class-check-only`: a class check of 30 in 30 accounts against one check (bench/class-check.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { destroyCommand } from '../src/cli/commands/destroy.js';
import { upCommand } from '../src/cli/commands/up.js';
import { scaledClock, type Clock } from '../src/engine/clock.js';
import { dependents, topoOrder } from '../src/engine/graph.js';
import type { NatKind } from '../src/lab/core/config.js';
import type { LabContext } from '../src/lab/core/context.js';
import { LAB } from '../src/lab/chapters/lab.js';
import { Reporter } from '../src/ui/reporter.js';
import { checkBench } from './check.js';
import { classCheckBench } from './class-check.js';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { classBench, classDetail, classRow } from './class.js';
import { leftoversFigures } from './leftovers.js';
import { teardownBench } from './teardown.js';
import { DEFAULT_PARALLEL } from '../src/class/parallel.js';
import { startMoto } from '../test/e2e/support/moto-server.js';
import { createFakeAws, type FakeTimings } from '../test/support/fake-ec2.js';
import { fakeDeps, SSH_CIDR } from './fake-deps.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/** AWS-like timings, in milliseconds of AWS time. */
const TIMINGS: FakeTimings = {
  instancePendingMs: arg('instance-pending', 30_000),
  instanceStoppingMs: arg('instance-stopping', 40_000),
  natPendingMs: arg('nat-pending', 90_000),
  natDeletingMs: arg('nat-deleting', 60_000),
  latencyMs: arg('latency', 50),
};
/** Closer to today's AWS (issue 12). */
const TODAY: FakeTimings = { instancePendingMs: 15_000, instanceStoppingMs: 30_000, natPendingMs: 60_000, natDeletingMs: 40_000, latencyMs: 60 };
/** Real milliseconds per AWS millisecond. */
const SCALE = arg('scale', 0.1);

class Sink extends Writable {
  override _write(_c: unknown, _e: BufferEncoding, done: () => void): void {
    done();
  }
}

/**
 * Round trips and waits each resource needs at the least, on its own: a create is one
 * call; a wait is the transition plus the one look that sees it done.
 */
function upCost(key: string, t: FakeTimings): number {
  const rt = t.latencyMs;
  const special: Record<string, number> = {
    vpc: 2 * rt, // create, turn on DNS hostnames
    internetGateway: 2 * rt, // create, attach
    webSecurityGroup: 2 * rt, // create, authorize
    dbSecurityGroup: 2 * rt,
    webInstance: rt + t.instancePendingMs + rt,
    dbInstance: rt + t.instancePendingMs + rt,
    natGateway: rt + t.natPendingMs + rt,
    natSecurityGroup: 2 * rt,
    natInstance: rt + t.instancePendingMs + rt + rt, // launch, see it running, source/dest check off
    webAddressAssociation: 2 * rt, // associate, read the new DNS name
  };
  return special[key] ?? rt;
}

function destroyCost(key: string, t: FakeTimings): number {
  const rt = t.latencyMs;
  const special: Record<string, number> = {
    webInstance: rt + t.instanceStoppingMs + rt,
    dbInstance: rt + t.instanceStoppingMs + rt,
    natGateway: rt + t.natDeletingMs + rt,
    natInstance: rt + t.instanceStoppingMs + rt,
    internetGateway: 2 * rt, // detach, delete
  };
  return special[key] ?? rt;
}

/** The resources of a lab with this kind of NAT; a dependency on the other kind is none. */
function labOf(nat: NatKind) {
  const ctx = { settings: { nat } } as LabContext;
  return LAB.filter((r) => r.wanted?.(ctx) ?? true).map((r) => ({ ...r, dependsOn: r.dependsOn.filter((d) => LAB.find((x) => x.key === d)!.wanted?.(ctx) ?? true) }));
}

/** The longest chain through the graph, plus the look-ups before it (one parallel round each). */
function floor(kind: 'up' | 'destroy', t: FakeTimings, nat: NatKind): number {
  const lab = labOf(nat);
  const order = topoOrder(lab);
  const finish = new Map<string, number>();
  if (kind === 'up') {
    for (const r of order) finish.set(r.key, Math.max(0, ...r.dependsOn.map((d) => finish.get(d)!)) + upCost(r.key, t));
    // discovery (all describes at once), then the look-ups (zone and AMI at once); the
    // dry runs of the permission check, sent meanwhile, are ours and count against us
    return 2 * t.latencyMs + Math.max(...finish.values());
  }
  const rdeps = dependents(lab);
  for (const r of [...order].reverse()) finish.set(r.key, Math.max(0, ...rdeps.get(r.key)!.map((d) => finish.get(d)!)) + destroyCost(r.key, t));
  return t.latencyMs + Math.max(...finish.values());
}

async function measure(run: () => Promise<void>, clock: Clock): Promise<number> {
  const start = clock.now();
  await run();
  return clock.now() - start;
}

/** The environment of a run in one language: LANG set, nothing that would win over it (issue 18). */
function inLang(env: NodeJS.ProcessEnv, lang: 'en' | 'ja'): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, LANG: lang === 'ja' ? 'ja_JP.UTF-8' : 'en_US.UTF-8' };
  for (const k of ['LC_ALL', 'LC_MESSAGES', 'LANGUAGE']) delete out[k];
  return out;
}

/** Node importing EC2's SDK client and nothing else: the yardstick of `status`'s start-up (issue 24). */
const IMPORT_EC2 = "await import('@aws-sdk/client-ec2')";

/** Median wall time of a command, in ms (`node FILE args`). */
function startup(file: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; runs?: number } = {}): number {
  const times: number[] = [];
  for (let i = 0; i < (opts.runs ?? 7); i++) {
    const t0 = performance.now();
    const res = spawnSync(process.execPath, [file, ...args], { stdio: 'ignore', cwd: opts.cwd, env: opts.env });
    if (res.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${res.status}`);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

function dirSize(dir: string): number {
  let total = 0;
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const st = statSync(path.join(dir, f));
    if (st.isFile()) total += st.size;
  }
  return total;
}

/** A fake AWS on these timings, on a scaled clock, and what the commands need to run on it. */
function setUp(timings: FakeTimings) {
  const clock = scaledClock(SCALE);
  const fake = createFakeAws({ clock, timings: { ...timings, latencyMs: timings.latencyMs * SCALE } });
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'aws-lab-bench-'));
  const deps = fakeDeps(fake, clock);
  const reporter = new Reporter('plain', new Sink(), new Sink());
  const flags = { yes: true, stateDir, sshCidr: SSH_CIDR };
  return { clock, fake, stateDir, deps, reporter, flags };
}

/** Up and destroy of both NAT kinds on one set of timings; rows of figures. */
async function waits(timings: FakeTimings): Promise<string[]> {
  const { clock, fake, stateDir, deps, reporter, flags } = setUp(timings);
  try {
    const rows = [`AWS time; NAT ${timings.natPendingMs / 1000}/${timings.natDeletingMs / 1000} s, instances ${timings.instancePendingMs / 1000}/${timings.instanceStoppingMs / 1000} s, ${timings.latencyMs} ms a call, run at ${SCALE}x`];
    for (const [kind, nat, run] of [
      ['up', 'gateway', () => upCommand(flags, reporter, deps)],
      ['destroy', 'gateway', () => destroyCommand(flags, reporter, deps)],
      ['up', 'instance', () => upCommand({ ...flags, nat: 'instance' }, reporter, deps)],
      ['destroy', 'instance', () => destroyCommand(flags, reporter, deps)],
    ] as const) {
      const before = fake.calls.length;
      const wall = await measure(run, clock);
      const f = floor(kind, timings, nat);
      rows.push(`${kind.padEnd(8)} ${`--nat ${nat}`.padEnd(15)} wall ${(wall / 1000).toFixed(1).padStart(6)} s   floor ${(f / 1000).toFixed(1).padStart(6)} s   ratio ${(wall / f).toFixed(3)}   calls ${fake.calls.length - before}`);
    }
    return rows;
  } finally {
    fake.restore();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/**
 * The package as users get it: packed, installed from the tarball into an empty prefix
 * (with an empty npm cache), then started against one moto_server lab. `status` runs side
 * by side with today's unbundled build: tsc's output of the same sources, with the repo's
 * node_modules.
 */
async function packageFigures(): Promise<string[]> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'aws-lab-bench-pkg-'));
  const moto = await startMoto();
  try {
    const tgz = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').at(-1)!;
    const prefix = path.join(work, 'prefix');
    const t0 = performance.now();
    execFileSync('npm', ['install', '--prefix', prefix, path.join(work, tgz), '--prefer-offline', '--no-audit', '--no-fund', '--cache', path.join(work, 'cache')], { stdio: 'ignore' });
    const installMs = performance.now() - t0;
    const installed = path.join(prefix, 'node_modules');
    const bundled = path.join(installed, 'aws-lab-setup', 'bin', 'aws-lab-setup.js');

    // Today's unbundled build, resolving its imports from the repo's node_modules.
    const plain = path.join(work, 'unbundled');
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', path.join(plain, 'dist')], { cwd: ROOT, stdio: 'inherit' });
    const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    writeFileSync(path.join(plain, 'package.json'), JSON.stringify({ type: 'module', version }));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(plain, 'node_modules'));
    const unbundled = path.join(plain, 'dist', 'cli', 'main.js');

    const env: NodeJS.ProcessEnv = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_'))),
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_LAB_SETUP_IP_URL: 'http://127.0.0.1:9/',
      NO_COLOR: '1',
    };
    const cwd = path.join(work, 'lab');
    execFileSync('mkdir', ['-p', cwd]);
    const lab = ['--name', 'bench', '--endpoint-url', moto.url];
    startup(bundled, ['up', '--yes', ...lab, '--ssh-cidr', '198.51.100.7/32'], { cwd, env, runs: 1 });
    // Side by side: the two builds and the SDK's import take turns, so load on the machine hits them alike.
    const status = { bundled: [] as number[], unbundled: [] as number[], ec2: [] as number[] };
    for (let i = 0; i < 7; i++) {
      status.bundled.push(startup(bundled, ['status', ...lab], { cwd, env, runs: 1 }));
      status.unbundled.push(startup(unbundled, ['status', ...lab], { cwd, env, runs: 1 }));
      status.ec2.push(startup('--input-type=module', ['-e', IMPORT_EC2], { cwd: ROOT, env, runs: 1 }));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[3];
    const [sb, su, ec2] = [median(status.bundled), median(status.unbundled), median(status.ec2)];
    const rows = [
      `package: ${tgz}, installed size ${(dirSize(installed) / 1e6).toFixed(2)} MB, cold install from the tarball ${(installMs / 1000).toFixed(1)} s`,
      `start-up (median of 7): --help ${startup(bundled, ['--help'], { env }).toFixed(0)} ms (unbundled ${startup(unbundled, ['--help'], { env }).toFixed(0)} ms)   plan ${startup(bundled, ['plan', ...lab, '--ssh-cidr', '198.51.100.7/32'], { cwd, env }).toFixed(0)} ms`,
      `status on a finished lab: bundled ${sb.toFixed(0)} ms, unbundled ${su.toFixed(0)} ms, ratio ${(sb / su).toFixed(2)} (target < 0.50)`,
      `status on a finished lab against importing @aws-sdk/client-ec2 alone (${ec2.toFixed(0)} ms): ratio ${(sb / ec2).toFixed(2)} (target < 0.70)`,
      // Issue 18: the Japanese catalog is loaded only when chosen, so Japanese starts no slower.
      ...(['--help', 'status'] as const).map((command) => {
        const args = command === 'status' ? ['status', ...lab] : ['--help'];
        const [en, ja] = (['en', 'ja'] as const).map((lang) => startup(bundled, args, { cwd, env: inLang(env, lang) }));
        return `${command} by language (bundled, median of 7): en ${en.toFixed(0)} ms, ja ${ja.toFixed(0)} ms, ja/en ${(ja / en).toFixed(2)}`;
      }),
    ];
    startup(bundled, ['destroy', '--yes', ...lab], { cwd, env, runs: 1 });
    return rows;
  } finally {
    await moto.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The resources made by the actions whose buckets can hold a class back (a few calls a
 * second): each lab's one NAT gateway and its servers.
 */
const MADE_BY: Record<string, string[]> = { CreateNatGateway: ['natGateway'], RunInstances: ['webInstance', 'dbInstance', 'natInstance'] };

/**
 * Per action of MADE_BY: how long a lab still needs, at the least, once that call is
 * answered — the chain from the resource it makes to the end of the lab (the shortest, for
 * an action that makes several of a lab's resources).
 */
function afterCall(t: FakeTimings, nat: NatKind): Record<string, number> {
  const lab = labOf(nat);
  const rdeps = dependents(lab);
  const tail = new Map<string, number>();
  for (const r of [...topoOrder(lab)].reverse()) tail.set(r.key, upCost(r.key, t) + Math.max(0, ...rdeps.get(r.key)!.map((d) => tail.get(d)!)));
  const out: Record<string, number> = {};
  for (const [action, keys] of Object.entries(MADE_BY)) out[action] = Math.min(...keys.filter((k) => tail.has(k)).map((k) => tail.get(k)! - t.latencyMs));
  return out;
}

/** Issue 19: a class of 30 on today's timings, in one account and in 30. */
async function classFigures(): Promise<string[]> {
  // Thirty labs in one process: below ~0.25x the fake's own CPU time starts to count as AWS time.
  const scale = arg('class-scale', 0.25);
  const reporter = new Reporter('plain', new Sink(), new Sink());
  const single = floor('up', TODAY, 'gateway');
  const rows = [];
  // `--class-case 1x10` (or `6:1x70`): only that one ([labs:]accounts x parallel), to look at one case quickly.
  const only = process.argv[process.argv.indexOf('--class-case') + 1];
  // [labs, accounts, parallel]: the default, the old default (10) for comparison, one
  // account per learner, and six gateway labs in one account (issue 24).
  const cases = [
    [30, 1, DEFAULT_PARALLEL],
    [30, 1, 10],
    [30, 30, DEFAULT_PARALLEL],
    [6, 1, DEFAULT_PARALLEL],
  ].filter(([n, a, p]) => !process.argv.includes('--class-case') || only === `${n}:${a}x${p}` || (n === 30 && only === `${a}x${p}`));
  for (const [labs, accounts, parallel] of cases) {
    const f = await classBench(TODAY, scale, labs, accounts, { singleMs: single, afterMs: afterCall(TODAY, 'gateway') }, reporter, parallel);
    rows.push(`${classRow(f)}   --parallel ${parallel}`);
    if (process.argv.includes('--class-detail')) rows.push(classDetail(f));
  }
  return [`a class on today's timings with EC2's token buckets, run at ${scale}x; single-lab floor ${(single / 1000).toFixed(1)} s`, ...rows];
}

/** A finished lab on the fake with EC2's buckets, then the class check of its VPC over the fake's recorded answers (bench/class-check.ts). */
async function classCheckFigures(): Promise<string> {
  const scale = arg('class-check-scale', 1);
  const clock = scaledClock(scale);
  const fake = createFakeAws({ clock, timings: { ...TIMINGS, latencyMs: TIMINGS.latencyMs * scale, natPendingMs: 0, instancePendingMs: 0, instanceStoppingMs: 0, natDeletingMs: 0 }, buckets: true });
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'aws-lab-bench-'));
  let restored = false;
  const restore = () => {
    if (!restored) fake.restore();
    restored = true;
  };
  try {
    await upCommand({ yes: true, stateDir, sshCidr: SSH_CIDR }, new Reporter('plain', new Sink(), new Sink()), fakeDeps(fake, clock));
    const vpc = (await fake.ec2.send(new DescribeVpcsCommand({}))).Vpcs!.find((v) => !v.IsDefault)!.VpcId!;
    return await classCheckBench(fake, restore, clock, vpc, TIMINGS, scale);
  } finally {
    restore();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--leftovers-only')) {
    for (const r of await leftoversFigures()) console.log(r);
    return;
  }
  // `--teardown-only`: issue 27's figure alone.
  if (process.argv.includes('--teardown-only')) {
    console.log(await teardownBench(TODAY, arg('teardown-scale', 0.25), new Reporter('plain', new Sink(), new Sink())));
    return;
  }
  if (process.argv.includes('--class-only')) {
    for (const r of await classFigures()) console.log(r);
    return;
  }
  // `--package-only`: the package as users get it, start-up figures included, without the rest.
  if (process.argv.includes('--package-only')) {
    for (const r of await packageFigures()) console.log(r);
    return;
  }
  // `--class-check-only`: a class check of 30 in 30 accounts against one check (issue 26 item 8).
  if (process.argv.includes('--class-check-only')) {
    console.log(await classCheckFigures());
    return;
  }
  // `--check-only`: the check of a finished lab's VPC alone (issue 26).
  if (process.argv.includes('--check-only')) {
    const { fake, stateDir, deps, reporter, flags, clock } = setUp(TIMINGS);
    try {
      await upCommand(flags, reporter, deps);
      console.log(await checkBench(fake, deps, reporter, clock, TIMINGS, SCALE));
    } finally {
      fake.restore();
      rmSync(stateDir, { recursive: true, force: true });
    }
    return;
  }
  const classic = await waits(TIMINGS);
  const today = await waits(TODAY);
  // The no-op up, on the classic timings (its call count is what matters).
  const { fake, stateDir, deps, reporter, flags, clock } = setUp(TIMINGS);
  let noop: number;
  let check: string;
  try {
    await upCommand(flags, reporter, deps);
    const before = fake.calls.length;
    await upCommand(flags, reporter, deps);
    noop = fake.calls.length - before;
    // Issue 26: a check of the finished lab's VPC, as if built by hand.
    check = await checkBench(fake, deps, reporter, clock, TIMINGS, SCALE);
    await destroyCommand(flags, reporter, deps);
  } finally {
    fake.restore();
    rmSync(stateDir, { recursive: true, force: true });
  }
  console.log(`aws-lab-setup benchmark (${classic[0]})`);
  for (const r of classic.slice(1)) console.log(r);
  console.log(`no-op up calls ${noop}`);
  console.log(check);
  console.log(await classCheckFigures());
  const bin = path.join(ROOT, 'bin/aws-lab-setup.js');
  const [helpEn, helpJa] = (['en', 'ja'] as const).map((lang) => startup(bin, ['--help'], { env: inLang(process.env, lang) }));
  console.log(`--help start-up (median of 7): en ${helpEn.toFixed(0)} ms, ja ${helpJa.toFixed(0)} ms`);
  console.log(`\ntoday's AWS timings, target ratio <= 1.05 (${today[0]})`);
  for (const r of today.slice(1)) console.log(r);
  console.log(await teardownBench(TODAY, arg('teardown-scale', 0.25), new Reporter('plain', new Sink(), new Sink())));
  console.log('');
  for (const r of await classFigures()) console.log(r);
  console.log('');
  for (const r of await leftoversFigures()) console.log(r);
  if (process.argv.includes('--no-package')) return;
  console.log('\nthe package as users get it (moto_server)');
  for (const r of await packageFigures()) console.log(r);
}

await main();
