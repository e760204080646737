import { executionAsyncId } from 'node:async_hooks';
import { setMaxListeners } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateTagsCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { labTags } from '../../src/lab/core/tags.js';
import type { AwsClients } from '../../src/aws/clients.js';
import { ec2Bucket, UNFILTERED_LOOKS } from '../../src/aws/ec2-buckets.js';
import { RateLimiter } from '../../src/aws/rate-limit.js';
import { classLab, destroyOne, TAG_CLASS, upLab, type ClassRun, type ResolveSettings } from '../../src/class/labs.js';
import { readInUse } from '../../src/class/quotas.js';
import type { Learner } from '../../src/class/roster.js';
import { eachLab, STARTS_A_TURN } from '../../src/class/run.js';
import { DEFAULT_PARALLEL } from '../../src/class/parallel.js';
import type { Target } from '../../src/class/targets.js';
import { resolveUpSettings } from '../../src/cli/wizard.js';
import { VirtualClock } from '../../src/engine/clock.js';
import { openLocation } from '../../src/engine/state.js';
import { LAST_CHAPTER } from '../../src/lab/core/chapters.js';
import { listTagged } from '../../src/lab/core/inventory.js';
import { SharedLookups } from '../../src/lab/session.js';
import { Reporter } from '../../src/ui/reporter.js';
import { createFakeAws, type FakeAws } from '../support/fake-ec2.js';

const dirs: string[] = [];
const fakes: FakeAws[] = [];
afterEach(() => {
  for (const f of fakes.splice(0)) f.restore();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A class of `n` learners in one account of the fake, stopped by `stop`. */
async function classOf(n: number, stop: AbortController) {
  const clock = new VirtualClock();
  const fake = createFakeAws({ clock });
  fakes.push(fake);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'class-run-'));
  dirs.push(dir);
  setMaxListeners(n + 10, stop.signal);
  const sink = { write: () => true } as unknown as NodeJS.WritableStream;
  const c: ClassRun = { klass: 't', location: await openLocation(dir), clock, reporter: new Reporter('plain', sink as never, sink as never), signal: stop.signal };
  const clients = { region: 'us-east-1', ec2: fake.ec2, ec2Once: fake.ec2, ssm: fake.ssm, scheduler: fake.scheduler, iam: fake.iam, sts: fake.sts, serviceQuotas: fake.serviceQuotas } as unknown as AwsClients;
  const learners: Learner[] = Array.from({ length: n }, (_, i) => ({ learner: `l${i}`, lab: `t-l${i}`, row: i + 2 }));
  const target: Target = { id: 'default/us-east-1', account: 'default', region: 'us-east-1', via: 'test', clients, limiter: new RateLimiter(clock), shared: new SharedLookups(), learners };
  return { c, fake, target };
}

const settingsFor =
  (onResolve: () => void = () => undefined): ResolveSettings =>
  async (l, saved, region) => {
    onResolve();
    return resolveUpSettings({ yes: true, sshCidr: '198.51.100.7/32', name: l.lab }, l.lab, saved, { lang: 'en', say: () => undefined, detectIp: async () => '198.51.100.7/32' }, region);
  };

describe('class runs', () => {
  it('a Ctrl-C that comes while every lab reads its state and settings stops them all before anything is made', async () => {
    const stop = new AbortController();
    const { c, fake, target } = await classOf(3, stop);
    let resolved = 0;
    // Every lab has started (eachLab checked the signal) when Ctrl-C comes, before withLab listens.
    const resolve = settingsFor(() => {
      if (++resolved === 3) stop.abort();
    });
    const results = await eachLab([target], [], 10, stop.signal, (l, t) => upLab(c, l, t, resolve, { until: LAST_CHAPTER }));
    expect(results.map((r) => r.error?.exitCode)).toEqual([130, 130, 130]);
    expect(fake.mutatingCalls()).toEqual([]);
  });

  it('runs the labs of an account as many at once as the NAT gateway bucket starts within one gateway wait', async () => {
    const nat = ec2Bucket('CreateNatGateway');
    expect(DEFAULT_PARALLEL).toBe(nat.size + nat.refill * 60);
    const stop = new AbortController();
    const { target } = await classOf(12, stop);
    let running = 0;
    let most = 0;
    await eachLab([target], [], DEFAULT_PARALLEL, stop.signal, async () => {
      most = Math.max(most, ++running);
      // A lab lasts longer than the few turns over which a class's labs start (STARTS_A_TURN).
      await new Promise((r) => setTimeout(r, 20));
      running--;
    });
    expect(most).toBe(12);
  });

  it("never looks at instances or security groups unfiltered and unpaged, where EC2's buckets are smaller (quota count, up, destroy, sweep)", async () => {
    const stop = new AbortController();
    const { c, fake, target } = await classOf(2, stop);
    const resolve = settingsFor();
    await readInUse(target, await Promise.all(target.learners.map((l) => classLab(c, l, target, resolve))));
    const built = await eachLab([target], [], DEFAULT_PARALLEL, stop.signal, (l, t) => upLab(c, l, t, resolve, { until: LAST_CHAPTER }));
    expect(built.map((r) => r.error?.message)).toEqual([undefined, undefined]);
    await eachLab([target], [], DEFAULT_PARALLEL, stop.signal, (l, t) => destroyOne(c, l, t));
    await listTagged(target.clients.ec2, TAG_CLASS, 't'); // the sweep's EC2 part
    const looks = fake.calls.filter((x) => UNFILTERED_LOOKS.includes(x.name));
    expect(new Set(looks.map((x) => x.name))).toEqual(new Set(['DescribeInstances', 'DescribeSecurityGroups']));
    const narrowed = (input: Record<string, unknown>) => Object.entries(input).some(([k, v]) => /^(Filters?|MaxResults|\w+Ids)$/.test(k) && v !== undefined);
    expect(looks.filter((x) => !narrowed(x.input)).map((x) => `${x.name} ${JSON.stringify(x.input)}`)).toEqual([]);
  });
});

describe("a class lab's host keys (issue 25, item 5)", () => {
  it('go with its state when class destroy removes the lab; another lab keeps its own', async () => {
    const stop = new AbortController();
    const { c, target } = await classOf(2, stop);
    const resolve = settingsFor();
    const built = await eachLab([target], [], DEFAULT_PARALLEL, stop.signal, (l, t) => upLab(c, l, t, resolve, { until: LAST_CHAPTER }));
    expect(built.map((r) => r.error?.message)).toEqual([undefined, undefined]);
    // The keys ssh pinned (or took on first use) into each lab's own file.
    const known = (lab: string) => path.join(c.location.localDir, `${lab}.known_hosts.pem`);
    for (const l of target.learners) writeFileSync(known(l.lab), `${l.lab}-web-i-0abc ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFake\n`);
    await destroyOne(c, target.learners[0], target);
    expect(existsSync(path.join(c.location.localDir, 't-l0.json'))).toBe(false);
    expect(existsSync(known('t-l0'))).toBe(false);
    expect(existsSync(known('t-l1'))).toBe(true);
  });
});

describe('class destroy follows destroy\'s rule (issue 25, item 4)', () => {
  it('leaves what was tagged by hand as a learner\'s lab but does not fit it (a 172.31.0.0/16 VPC), and says so', async () => {
    const stop = new AbortController();
    const { c, fake, target } = await classOf(1, stop);
    const warned: string[] = [];
    c.reporter.warn = (line: string) => void warned.push(line);
    const vpc = (await fake.ec2.send(new CreateVpcCommand({ CidrBlock: '172.31.0.0/16' }))).Vpc!.VpcId!;
    await fake.ec2.send(new CreateTagsCommand({ Resources: [vpc], Tags: [...labTags('t-l0', 'vpc', 'vpc'), { Key: TAG_CLASS, Value: 't' }] }));
    const deleted = await destroyOne(c, target.learners[0], target);
    expect(deleted).toBe(0);
    expect(fake.world.vpcs.has(vpc)).toBe(true);
    expect(fake.mutatingCalls()).not.toContain('DeleteVpc');
    expect(warned.join('\n')).toContain(`t-l0: Left alone: VPC ${vpc} 172.31.0.0/16`);
  });
});

/**
 * Whether Node's promise hooks are on: a promise's continuation has an async ID only then.
 * Node 20 turns them on for every promise of the process while an AsyncLocalStorage is in
 * use (the graph's step, a lab's turn), which cost a class check a millisecond a learner.
 */
async function promiseHooksOn(): Promise<boolean> {
  await new Promise((done) => setImmediate(done)); // Node turns them off at the loop's next turn
  await null;
  return executionAsyncId() !== 0;
}

describe('a class leaves no cost behind it (issue 26, item 8)', () => {
  it("turns Node's promise hooks off once its builds and turns end, and never turns them on for one lab an account", async () => {
    const stop = new AbortController();
    const { c, target } = await classOf(2, stop);
    const built = await eachLab([target], [], DEFAULT_PARALLEL, stop.signal, (l, t) => upLab(c, l, t, settingsFor(), { until: LAST_CHAPTER }));
    expect(built.map((r) => r.error?.message)).toEqual([undefined, undefined]);
    expect(await promiseHooksOn()).toBe(false);
    // Two accounts of one learner each: the first lab of an account goes first without a turn.
    const alone = (id: string, learner: Learner): Target => ({ ...target, id, limiter: new RateLimiter(c.clock), learners: [learner] });
    const seen = await eachLab([alone('a', target.learners[0]), alone('b', target.learners[1])], [], DEFAULT_PARALLEL, stop.signal, () => promiseHooksOn());
    expect(seen.map((r) => r.value)).toEqual([false, false]);
    // Two in one account: the second lab waits its turn, with the hooks on while it runs.
    const shared = await eachLab([target], [], DEFAULT_PARALLEL, stop.signal, async (l) => (l === target.learners[1] ? (await null, executionAsyncId() !== 0) : promiseHooksOn()));
    expect(shared.map((r) => r.value)).toEqual([false, true]);
    expect(await promiseHooksOn()).toBe(false);
  });

  it('starts its labs six at a time, a turn of the event loop apart: the first ones\' requests go out before the last are made', async () => {
    const stop = new AbortController();
    const { target } = await classOf(2 * STARTS_A_TURN + 1, stop);
    let turn = 0;
    let ticking = true;
    const tick = () => setImmediate(() => (turn++, ticking && tick()));
    tick();
    const alone = target.learners.map((l, i): Target => ({ ...target, id: `t${i}`, learners: [l] }));
    const at = (await eachLab(alone, [], DEFAULT_PARALLEL, stop.signal, async () => turn)).map((r) => r.value!);
    ticking = false;
    expect(at.slice(0, STARTS_A_TURN)).toEqual(Array(STARTS_A_TURN).fill(at[0]));
    expect(at.slice(STARTS_A_TURN, 2 * STARTS_A_TURN)).toEqual(Array(STARTS_A_TURN).fill(at[STARTS_A_TURN]));
    expect(at[STARTS_A_TURN]).toBeGreaterThan(at[0]);
    expect(at[2 * STARTS_A_TURN]).toBeGreaterThan(at[STARTS_A_TURN]);
  });
});
