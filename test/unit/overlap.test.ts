/**
 * Issue "fast": long operations start as soon as their dependencies allow and overlap.
 * Run on a scaled real clock (AWS's minutes in a fraction of a second), so that waits take
 * time relative to each other as they do on AWS; the figures are for `npm run bench`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { destroyCommand } from '../../src/cli/commands/destroy.js';
import { upCommand } from '../../src/cli/commands/up.js';
import type { Deps } from '../../src/cli/session.js';
import { scaledClock } from '../../src/engine/clock.js';
import { Reporter } from '../../src/ui/reporter.js';
import { createFakeAws, type FakeAws, type FakeTimings } from '../support/fake-ec2.js';

const AWS_LIKE: Partial<FakeTimings> = { natPendingMs: 90_000, natDeletingMs: 60_000, instancePendingMs: 30_000, instanceStoppingMs: 40_000 };

let fake: FakeAws | undefined;
let stateDir: string | undefined;
afterEach(() => {
  fake?.restore();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  fake = stateDir = undefined;
});

function lab() {
  const clock = scaledClock(0.005); // 90 s of AWS time in 450 ms
  fake = createFakeAws({ clock, timings: AWS_LIKE });
  stateDir = mkdtempSync(path.join(os.tmpdir(), 'overlap-'));
  const sink = new Writable({ write: (_c, _e, done) => done() });
  const deps: Deps = {
    clients: async () => ({ ec2: fake!.ec2, ec2Once: fake!.ec2, ssm: fake!.ssm, scheduler: fake!.scheduler, iam: fake!.iam, sts: fake!.sts, serviceQuotas: fake!.serviceQuotas, region: 'us-east-1' }),
    clock,
    detectIp: async () => '198.51.100.7/32',
    interactive: false,
  };
  const reporter = new Reporter('plain', sink, sink);
  const flags = { yes: true, stateDir, sshCidr: '198.51.100.7/32' };
  return { fake, up: () => upCommand(flags, reporter, deps), destroy: () => destroyCommand(flags, reporter, deps) };
}

const named = (f: FakeAws, name: string, from = 0) => f.calls.slice(from).filter((c) => c.name === name);

describe('up overlaps the slow parts', () => {
  it('launches both instances while the NAT gateway is still pending', async () => {
    const l = lab();
    await l.up();
    const [nat] = named(l.fake, 'CreateNatGateway');
    const runs = named(l.fake, 'RunInstances');
    expect(runs).toHaveLength(2);
    for (const run of runs) expect(run.at).toBeLessThan(nat.at + AWS_LIKE.natPendingMs!);
  });

  it('creates the NAT gateway as soon as its subnet and Elastic IP exist, before any instance', async () => {
    const l = lab();
    await l.up();
    const order = l.fake.calls.map((c) => c.name);
    const nat = order.indexOf('CreateNatGateway');
    expect(nat).toBeGreaterThan(order.indexOf('CreateSubnet'));
    expect(nat).toBeGreaterThan(order.indexOf('AllocateAddress'));
    expect(nat).toBeLessThan(order.indexOf('RunInstances'));
  });

  it('polls the NAT gateway a bounded number of times, not on a fixed short tick', async () => {
    const l = lab();
    await l.up();
    const polls = named(l.fake, 'DescribeNatGateways').filter((c) => c.input.NatGatewayIds);
    // 90 s pending: a first look after 20 s, then every 1-1.5 s: about 48 looks, fewer
    // than one a second on average (Describe* refills 20 a second).
    const pending = AWS_LIKE.natPendingMs!;
    expect(polls.length).toBeGreaterThan(1);
    expect(polls.length).toBeLessThan(pending / 1000);
  });
});

describe('destroy overlaps the slow parts', () => {
  it('deletes the NAT gateway while the instances are still shutting down', async () => {
    const l = lab();
    await l.up();
    const from = l.fake.calls.length;
    await l.destroy();
    const [natDelete] = named(l.fake, 'DeleteNatGateway', from);
    const terminates = named(l.fake, 'TerminateInstances', from);
    expect(terminates).toHaveLength(2);
    for (const t of terminates) expect(natDelete.at).toBeLessThan(t.at + AWS_LIKE.instanceStoppingMs!);
  });
});
