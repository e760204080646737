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
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { destroyCommand } from '../src/cli/commands/destroy.js';
import { upCommand } from '../src/cli/commands/up.js';
import type { Deps } from '../src/cli/session.js';
import { scaledClock, type Clock } from '../src/engine/clock.js';
import { dependents, topoOrder } from '../src/engine/graph.js';
import type { NatKind } from '../src/lab/config.js';
import type { LabContext } from '../src/lab/context.js';
import { LAB } from '../src/lab/lab.js';
import { Reporter } from '../src/ui/reporter.js';
import { createFakeAws, type FakeTimings } from '../test/support/fake-ec2.js';

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

/** The longest chain through the graph, plus the look-ups before it (one parallel round each). */
function floor(kind: 'up' | 'destroy', t: FakeTimings, nat: NatKind): number {
  // The resources of a lab with this kind of NAT; a dependency on the other kind is none.
  const ctx = { settings: { nat } } as LabContext;
  const lab = LAB.filter((r) => r.wanted?.(ctx) ?? true).map((r) => ({ ...r, dependsOn: r.dependsOn.filter((d) => LAB.find((x) => x.key === d)!.wanted?.(ctx) ?? true) }));
  const order = topoOrder(lab);
  const finish = new Map<string, number>();
  if (kind === 'up') {
    for (const r of order) finish.set(r.key, Math.max(0, ...r.dependsOn.map((d) => finish.get(d)!)) + upCost(r.key, t));
    // discovery (all describes at once), then preflight (zone and AMI at once)
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

function helpStartup(): number {
  const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/aws-lab-setup.js');
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, [bin, '--help'], { stdio: 'ignore' });
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[3];
}

async function main(): Promise<void> {
  const clock = scaledClock(SCALE);
  const fake = createFakeAws({ clock, timings: { ...TIMINGS, latencyMs: TIMINGS.latencyMs * SCALE } });
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'aws-lab-bench-'));
  const deps: Deps = {
    clients: async () => ({ ec2: fake.ec2, ec2Once: fake.ec2, ssm: fake.ssm, region: 'us-east-1' }),
    clock,
    detectIp: async () => '198.51.100.7/32',
    interactive: false,
  };
  const reporter = new Reporter('plain', new Sink(), new Sink());
  const flags = { yes: true, stateDir, sshCidr: '198.51.100.7/32' };
  try {
    const rows: string[] = [];
    for (const [kind, nat, run] of [
      ['up', 'gateway', () => upCommand(flags, reporter, deps)],
      ['destroy', 'gateway', () => destroyCommand(flags, reporter, deps)],
      ['up', 'instance', () => upCommand({ ...flags, nat: 'instance' }, reporter, deps)],
      ['destroy', 'instance', () => destroyCommand(flags, reporter, deps)],
    ] as const) {
      const before = fake.calls.length;
      const wall = await measure(run, clock);
      const f = floor(kind, TIMINGS, nat);
      rows.push(`${kind.padEnd(8)} ${`--nat ${nat}`.padEnd(15)} wall ${(wall / 1000).toFixed(1).padStart(6)} s   floor ${(f / 1000).toFixed(1).padStart(6)} s   ratio ${(wall / f).toFixed(3)}   calls ${fake.calls.length - before}`);
    }
    await upCommand(flags, reporter, deps);
    const before = fake.calls.length;
    await upCommand(flags, reporter, deps);
    const noop = fake.calls.length - before;
    await destroyCommand(flags, reporter, deps);
    console.log(`aws-lab-setup benchmark (AWS time; NAT ${TIMINGS.natPendingMs / 1000}/${TIMINGS.natDeletingMs / 1000} s, instances ${TIMINGS.instancePendingMs / 1000}/${TIMINGS.instanceStoppingMs / 1000} s, ${TIMINGS.latencyMs} ms a call, run at ${SCALE}x)`);
    for (const r of rows) console.log(r);
    console.log(`no-op up calls ${noop}`);
    console.log(`--help start-up ${helpStartup().toFixed(0)} ms (median of 7)`);
  } finally {
    fake.restore();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
