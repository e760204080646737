import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { destroyVpcCommand } from '../../src/cli/commands/destroy-vpc.js';
import type { Deps } from '../../src/cli/session.js';
import { VirtualClock } from '../../src/engine/clock.js';
import { awsError } from '../support/fake-ec2/errors.js';
import { Reporter } from '../../src/ui/reporter.js';
import { createFakeAws, type FakeAws } from '../support/fake-ec2.js';
import { buildByHand } from '../support/fake-ec2/hand-built.js';

class Sink extends Writable {
  text = '';
  override _write(c: unknown, _e: BufferEncoding, done: () => void): void {
    this.text += String(c);
    done();
  }
}

/** The fake EC2 on a virtual clock (AWS's waits take no time), and what the command needs. */
function world() {
  const clock = new VirtualClock();
  const fake = createFakeAws({ clock, timings: { instancePendingMs: 15_000, instanceStoppingMs: 30_000, natPendingMs: 60_000, natDeletingMs: 40_000, latencyMs: 0 } });
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'destroy-vpc-'));
  const deps: Deps = {
    clients: async () => ({ ec2: fake.ec2, ec2Once: fake.ec2, ssm: fake.ssm, scheduler: fake.scheduler, iam: fake.iam, sts: fake.sts, serviceQuotas: fake.serviceQuotas, region: 'us-east-1' }),
    clock,
    detectIp: async () => undefined,
    page: async () => ({ status: 200 }),
    interactive: false,
  };
  const out = new Sink();
  const err = new Sink();
  return { clock, fake, stateDir, deps, out, err, reporter: new Reporter('plain', out, err) };
}

describe('destroy --vpc on the fake EC2 (which refuses every delete AWS refuses while something still holds it)', () => {
  let fake: FakeAws | undefined;
  afterEach(() => fake?.restore());

  it('without a terminal and --yes: shows the plan, deletes nothing, exit 2', async () => {
    const w = world();
    fake = w.fake;
    const vpc = await buildByHand(w.fake.ec2, w.clock);
    const before = w.fake.mutatingCalls().length;
    await expect(destroyVpcCommand({ vpc, stateDir: w.stateDir }, w.reporter, w.deps)).rejects.toMatchObject({ exitCode: 2 });
    expect(w.fake.mutatingCalls().slice(before)).toEqual([]);
    expect(w.err.text).toMatch(/NAT gateway nat-\w+ .*\$0\.0450\/h/);
    expect(w.err.text).toMatch(/This stops \$0\.\d{4}\/h ≈ \$\d+\.\d\d\/month/);
  });

  it('--yes: everything of the VPC goes, in the order AWS accepts, and nothing else', async () => {
    const w = world();
    fake = w.fake;
    const vpc = await buildByHand(w.fake.ec2, w.clock);
    const other = await buildByHand(w.fake.ec2, w.clock, '10.40');
    await destroyVpcCommand({ vpc, stateDir: w.stateDir, yes: true }, w.reporter, w.deps);
    expect(w.fake.world.vpcs.has(vpc)).toBe(false);
    expect(w.fake.world.vpcs.has(other)).toBe(true);
    // The other VPC's NAT gateway, servers and addresses are whole.
    expect([...w.fake.world.natGateways.values()].map((n) => n.VpcId)).toEqual([other]);
    expect([...w.fake.world.instances.values()].every((i) => i.VpcId === other)).toBe(true);
    expect(w.fake.world.addresses.size).toBe(2);
    const calls = w.fake.mutatingCalls();
    // Refusals met in order, not retried into: no delete was refused.
    expect(w.fake.calls.filter((c) => c.error && !c.name.startsWith('Describe'))).toEqual([]);
    expect(calls.indexOf('RevokeSecurityGroupIngress')).toBeLessThan(calls.indexOf('DeleteSecurityGroup'));
    expect(calls.indexOf('DeleteNatGateway')).toBeLessThan(calls.lastIndexOf('ReleaseAddress'));
    expect(calls.at(-1)).toBe('DeleteVpc');
    expect(existsSync(path.join(w.stateDir, `${vpc}.json`))).toBe(false);
  });

  it('a run stopped midway recorded what it deletes; run again, it finishes (the NAT gateway\'s address too)', async () => {
    const w = world();
    fake = w.fake;
    const vpc = await buildByHand(w.fake.ec2, w.clock);
    w.fake.failNext('DetachInternetGateway', () => awsError('InvalidParameterValue', 'stopped by the test', 400));
    await expect(destroyVpcCommand({ vpc, stateDir: w.stateDir, yes: true }, w.reporter, w.deps)).rejects.toThrow();
    const recorded = JSON.parse(readFileSync(path.join(w.stateDir, `${vpc}.json`), 'utf8')).settings.teardown;
    expect(recorded.vpcId).toBe(vpc);
    expect(recorded.items.filter((i: { kind: string }) => i.kind === 'address')).toHaveLength(2);
    expect(w.fake.world.vpcs.has(vpc)).toBe(true);
    await destroyVpcCommand({ vpc, stateDir: w.stateDir, yes: true }, w.reporter, w.deps);
    expect(w.err.text).toMatch(/was stopped: finishing it/);
    expect(w.fake.world.vpcs.has(vpc)).toBe(false);
    expect(w.fake.world.addresses.size).toBe(0);
  });
});
