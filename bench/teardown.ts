/**
 * Issue 27: tearing down a lab built by hand (`destroy --vpc`) on AWS-like timings, against
 * its critical-path floor: the NAT gateway's deletion and the instances' termination side
 * by side, then what waited on them (the NAT's address, the gateway's detach, the subnets,
 * the ACL, the VPC), after the look-ups. Target: at most 1.10.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { destroyVpcCommand } from '../src/cli/commands/destroy-vpc.js';
import type { Deps } from '../src/cli/session.js';
import { scaledClock } from '../src/engine/clock.js';
import { dependents, topoOrder } from '../src/engine/graph.js';
import { StateStore } from '../src/engine/state.js';
import { knownSettings, createContext } from '../src/lab/session.js';
import { planTeardown, type TeardownItem } from '../src/lab/views/teardown.js';
import { gatherVpc, teardownResources } from '../src/lab/views/teardown-run.js';
import type { Reporter } from '../src/ui/reporter.js';
import { createFakeAws, type FakeTimings } from '../test/support/fake-ec2.js';
import { buildByHand } from '../test/support/fake-ec2/hand-built.js';

/** Round trips and waits each delete needs at the least, on its own. */
function itemCost(i: TeardownItem, t: FakeTimings): number {
  const rt = t.latencyMs;
  switch (i.kind) {
    case 'natGateway':
      return rt + t.natDeletingMs + rt; // delete, the look that sees it deleted
    case 'instance':
      return rt + t.instanceStoppingMs + rt;
    case 'address':
      return i.attrs.associationId && !i.attrs.natHeld ? 2 * rt : rt; // disassociate, release
    case 'internetGateway':
      return 2 * rt; // detach, delete
    case 'routeTable':
      return (1 + (i.attrs.associations ?? '').split(' ').filter(Boolean).length) * rt;
    case 'groupRules':
      return (JSON.parse(i.attrs.ingress ?? '[]').length ? rt : 0) + (JSON.parse(i.attrs.egress ?? '[]').length ? rt : 0);
    default:
      return rt;
  }
}

/** One hand-built lab torn down: wall time, floor, ratio, calls. */
export async function teardownBench(timings: FakeTimings, scale: number, reporter: Reporter): Promise<string> {
  const clock = scaledClock(scale);
  const fake = createFakeAws({ clock, timings: { ...timings, latencyMs: timings.latencyMs * scale } });
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'aws-lab-bench-vpc-'));
  const clients = { ec2: fake.ec2, ec2Once: fake.ec2, ssm: fake.ssm, scheduler: fake.scheduler, iam: fake.iam, sts: fake.sts, serviceQuotas: fake.serviceQuotas, region: 'us-east-1' };
  const deps: Deps = { clients: async () => clients, clock, detectIp: async () => undefined, page: async () => ({ status: 200 }), interactive: false };
  try {
    const vpcId = await buildByHand(fake.ec2, clock);
    // The floor, from the same plan the command makes: the longest chain of the engine's order.
    const ctx = createContext({ clients, settings: knownSettings(vpcId, 'us-east-1', undefined), stateDir, state: StateStore.inMemory(vpcId), clock, events: reporter, signal: new AbortController().signal, scope: { by: 'vpc', vpcId } });
    const plan = planTeardown((await gatherVpc(ctx, vpcId))!);
    const resources = teardownResources(plan);
    const rdeps = dependents(resources);
    const finish = new Map<string, number>();
    for (const r of [...topoOrder(resources)].reverse()) finish.set(r.key, Math.max(0, ...rdeps.get(r.key)!.map((d) => finish.get(d)!)) + itemCost(plan.items.find((i) => i.key === r.key)!, timings));
    // The look-ups: the VPC by its ID, then the VPC's listings, then its volumes and key pairs: three rounds.
    const floor = 3 * timings.latencyMs + Math.max(...finish.values());
    const before = fake.calls.length;
    const start = clock.now();
    await destroyVpcCommand({ yes: true, stateDir, vpc: vpcId }, reporter, deps);
    const wall = clock.now() - start;
    if (fake.world.vpcs.has(vpcId)) throw new Error(`bench: ${vpcId} is still there`);
    const refused = fake.calls.slice(before).filter((c) => c.error).map((c) => `${c.name}:${c.error}`);
    if (process.env.BENCH_DEBUG) console.log(fake.calls.slice(before).map((c) => `${((c.at - start) / 1000).toFixed(1)} ${c.name} ${c.error ?? ''}`).join('\n'));
    return `destroy --vpc (a lab built by hand: NAT gateway, 2 instances, 2 Elastic IPs, ${plan.items.length} deletes)   wall ${(wall / 1000).toFixed(1).padStart(6)} s   floor ${(floor / 1000).toFixed(1).padStart(6)} s   ratio ${(wall / floor).toFixed(3)} (target <= 1.10)   calls ${fake.calls.length - before}${refused.length ? ` (refused: ${refused.join(', ')})` : ''}`;
  } finally {
    fake.restore();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
