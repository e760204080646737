import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
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
import { strangersOf, type TeardownRecord } from '../../src/lab/views/teardown-run.js';

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

  it("a rerun trusts no recorded ID it has not seen in the VPC: a record edited to name another VPC's subnet, instance and address is refused, named, exit 1, nothing deleted", async () => {
    const w = world();
    fake = w.fake;
    const vpc = await buildByHand(w.fake.ec2, w.clock);
    const other = await buildByHand(w.fake.ec2, w.clock, '10.40');
    w.fake.failNext('DetachInternetGateway', () => awsError('InvalidParameterValue', 'stopped by the test', 400));
    await expect(destroyVpcCommand({ vpc, stateDir: w.stateDir, yes: true }, w.reporter, w.deps)).rejects.toThrow();
    const file = path.join(w.stateDir, `${vpc}.json`);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const subnet = [...w.fake.world.subnets.values()].find((x) => x.VpcId === other)!.SubnetId!;
    const server = [...w.fake.world.instances.values()].find((i) => i.VpcId === other)!.InstanceId!;
    const address = [...w.fake.world.addresses.values()].find((a) => a.InstanceId === server)!.AllocationId!;
    saved.settings.teardown.items.push({ kind: 'subnet', id: subnet }, { kind: 'instance', id: server }, { kind: 'address', id: address });
    writeFileSync(file, JSON.stringify(saved));
    const before = w.fake.mutatingCalls().length;
    const refused = destroyVpcCommand({ vpc, stateDir: w.stateDir, yes: true }, w.reporter, w.deps);
    await expect(refused).rejects.toMatchObject({ exitCode: 1 });
    const message = await refused.catch((e: Error) => e.message);
    for (const id of [subnet, server, address]) expect(message).toContain(id);
    expect(message).toContain(other);
    expect(w.fake.mutatingCalls().slice(before)).toEqual([]);
    expect(w.fake.world.subnets.has(subnet)).toBe(true);
    expect(w.fake.world.addresses.has(address)).toBe(true);
    // The record as the first run wrote it is finished as before.
    saved.settings.teardown.items = saved.settings.teardown.items.filter((i: { id: string }) => ![subnet, server, address].includes(i.id));
    writeFileSync(file, JSON.stringify(saved));
    await destroyVpcCommand({ vpc, stateDir: w.stateDir, yes: true }, w.reporter, w.deps);
    expect(w.fake.world.vpcs.has(vpc)).toBe(false);
    expect(w.fake.world.vpcs.has(other)).toBe(true);
  });
});

describe('destroy --vpc: a gateway the stopped run detached and did not delete', () => {
  it('is deleted by the rerun, though the VPC no longer lists it', async () => {
    const w = world();
    const vpc = await buildByHand(w.fake.ec2, w.clock);
    const igw = [...w.fake.world.igws.values()].find((g) => g.Attachments?.some((a) => a.VpcId === vpc))!.InternetGatewayId!;
    w.fake.failNext('DeleteInternetGateway', () => awsError('InvalidParameterValue', 'stopped by the test', 400));
    try {
      await expect(destroyVpcCommand({ vpc, stateDir: w.stateDir, yes: true }, w.reporter, w.deps)).rejects.toThrow();
      expect(w.fake.world.igws.get(igw)?.Attachments ?? []).toEqual([]);
      await destroyVpcCommand({ vpc, stateDir: w.stateDir, yes: true }, w.reporter, w.deps);
      expect(w.fake.world.vpcs.has(vpc)).toBe(false);
      expect(w.fake.world.igws.has(igw)).toBe(false);
    } finally {
      w.fake.restore();
    }
  });
});

describe("strangersOf: which recorded resources are not the VPC's now", () => {
  const r = (items: TeardownRecord['items']): TeardownRecord => ({ vpcId: 'vpc-1', natOnly: false, items });
  const facts = { instances: [{ InstanceId: 'i-1', VpcId: 'vpc-1' }], interfaces: [{ NetworkInterfaceId: 'eni-nat', VpcId: 'vpc-1' }] };
  it('by VpcId; a gateway attached elsewhere (detached: fine); an address or volume held by what is not the VPC\'s (idle: fine); gone: fine', () => {
    const now = new Map<string, Record<string, unknown> | undefined>([
      ['subnet-1', { VpcId: 'vpc-1' }],
      ['subnet-2', { VpcId: 'vpc-2' }],
      ['sg-2', { VpcId: 'vpc-2' }],
      ['igw-1', { Attachments: [] }],
      ['igw-2', { Attachments: [{ VpcId: 'vpc-2', State: 'available' }] }],
      ['eipalloc-1', { AllocationId: 'eipalloc-1' }],
      ['eipalloc-2', { AssociationId: 'eipassoc-2', NetworkInterfaceId: 'eni-nat' }],
      ['eipalloc-3', { AssociationId: 'eipassoc-3', InstanceId: 'i-9' }],
      ['vol-1', { Attachments: [{ InstanceId: 'i-1', State: 'attached' }] }],
      ['vol-2', { Attachments: [{ InstanceId: 'i-9', State: 'attached' }] }],
      ['nat-1', undefined],
    ]);
    const items = [...now.keys()].map((id) => ({ kind: ({ subnet: 'subnet', sg: 'groupRules', igw: 'internetGateway', eipalloc: 'address', vol: 'volume', nat: 'natGateway' } as const)[id.split('-')[0] as 'subnet'], id }));
    expect(strangersOf(r([...items, { kind: 'vpc', id: 'vpc-1' }]), 'vpc-1', now, facts)).toEqual([
      { kind: 'subnet', id: 'subnet-2', where: 'vpc-2' },
      { kind: 'groupRules', id: 'sg-2', where: 'vpc-2' },
      { kind: 'internetGateway', id: 'igw-2', where: 'vpc-2' },
      { kind: 'address', id: 'eipalloc-3', where: 'i-9' },
      { kind: 'volume', id: 'vol-2', where: 'i-9' },
    ]);
    // The VPC gone: only an idle address is still to release.
    expect(strangersOf(r([{ kind: 'address', id: 'eipalloc-1' }, { kind: 'address', id: 'eipalloc-2' }]), 'vpc-1', now, undefined)).toEqual([{ kind: 'address', id: 'eipalloc-2', where: 'eni-nat' }]);
  });
});
