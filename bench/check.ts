/**
 * Issue 26 item 8: one `check --vpc` against its floor — at most one Describe per kind for
 * the VPC (ten kinds and the VPC's two DNS attributes: twelve calls), all at once where
 * they do not depend on each other: two round trips (the addresses and key pairs are those
 * the instances and NAT gateways name, so they wait for them).
 */
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { checkVpcCommand } from '../src/cli/commands/check-vpc.js';
import type { Deps } from '../src/cli/session.js';
import type { Clock } from '../src/engine/clock.js';
import { checkActions } from '../src/lab/rules/vpc.js';
import type { Reporter } from '../src/ui/reporter.js';
import type { createFakeAws, FakeTimings } from '../test/support/fake-ec2.js';

/** The check's floor: one call per kind it reads (the console output only with --key) and two round trips. */
export const CHECK_FLOOR_CALLS = checkActions().filter((a) => a !== 'ec2:GetConsoleOutput').length + 1; // DescribeVpcAttribute twice: DNS support, DNS hostnames

export async function checkBench(fake: ReturnType<typeof createFakeAws>, deps: Deps, reporter: Reporter, clock: Clock, timings: FakeTimings, scale: number): Promise<string> {
  const vpc = (await fake.ec2.send(new DescribeVpcsCommand({}))).Vpcs!.find((v) => !v.IsDefault)!.VpcId!;
  // A first run warms what Node compiles once (the rules, the paths): the figure is the second.
  const cold = await timed(() => checkVpcCommand({ vpc, from: '198.51.100.7/32', json: true }, reporter, deps));
  const before = fake.calls.length;
  // Real time: the check's own work (rules, paths) is CPU, which the scaled clock would count ${1 / scale} times over.
  const start = clock.now();
  const t0 = performance.now();
  await checkVpcCommand({ vpc, from: '198.51.100.7/32', json: true, endpointUrl: undefined }, reporter, deps);
  const wall = performance.now() - t0;
  process.exitCode = undefined;
  const calls = fake.calls.slice(before);
  // `BENCH_DETAIL=1`: each call and when it was served (AWS time since the start: the fake's token buckets show here).
  if (process.env.BENCH_DETAIL) for (const c of calls) console.log(`  ${c.name} ${(c.at - start).toFixed(0)} ms`);
  const floor = 2 * timings.latencyMs * scale;
  const kinds = new Set(calls.map((c) => c.name)).size;
  return `check --vpc     calls ${calls.length} (${kinds} kinds; floor ${CHECK_FLOOR_CALLS}: one Describe per kind, two DNS attributes)   wall ${wall.toFixed(0)} ms (floor ${floor.toFixed(0)} ms: two round trips of ${timings.latencyMs} ms at ${scale}x), ratio ${(wall / floor).toFixed(2)} (first run ${cold.toFixed(0)} ms)`;
}

async function timed(run: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await run();
  process.exitCode = undefined;
  return performance.now() - t0;
}
