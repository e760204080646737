/**
 * Issue #8: EC2 is eventually consistent. For a moment after a create, a call naming the
 * new ID is answered NotFound and a filtered listing leaves the new resource out. The fake
 * does so in its "eventual" mode; `up`, a rerun and `destroy` must still make exactly one
 * of each resource and leave nothing behind.
 */
import { CreateVpcCommand, DeleteKeyPairCommand, DescribeVpcsCommand, ModifyVpcAttributeCommand } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/engine/clock.js';
import { tagSpec } from '../../src/lab/core/tags.js';
import { callsNamed, counts, createHarness, expectFullLab, FULL_LAB_COUNTS, KINDS, type Harness } from '../support/drive.js';
import { awsError, createFakeAws, type FakeAws } from '../support/fake-ec2.js';

const EVENTUAL_MS = 2_500;

let h: Harness | undefined;
let fake: FakeAws | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  fake?.restore();
  fake = undefined;
});

const nothing = Object.fromEntries(KINDS.map((k) => [k, 0]));
const mutating = (h: Harness, from: number) => h.fake.calls.slice(from).filter((c) => !/^(Describe|Get)/.test(c.name)).map((c) => c.name);
const eventualHarness = () => createHarness({ fake: { timings: { eventualMs: EVENTUAL_MS } } });
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (err: Error) => err.name);

/** Every kind made exactly once, counting ones made and deleted again. */
function expectNothingMadeTwice(fake: FakeAws) {
  for (const kind of KINDS) expect(fake.count(kind, { includeGone: true }), kind).toBe(FULL_LAB_COUNTS[kind]);
}

describe('the fake in eventual mode', () => {
  it('answers NotFound for a new ID and leaves it out of filtered listings, for eventualMs', async () => {
    const clock = new VirtualClock();
    fake = createFakeAws({ clock, timings: { eventualMs: EVENTUAL_MS } });
    const { Vpc } = await fake.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: tagSpec('vpc', 'ev', 'vpc', 'vpc') }));
    const filter = { Filters: [{ Name: 'tag:aws-lab-setup:lab', Values: ['ev'] }] };
    expect(await codeOf(fake.ec2.send(new ModifyVpcAttributeCommand({ VpcId: Vpc!.VpcId, EnableDnsHostnames: { Value: true } })))).toBe('InvalidVpcID.NotFound');
    expect(await codeOf(fake.ec2.send(new DescribeVpcsCommand({ VpcIds: [Vpc!.VpcId!] })))).toBe('InvalidVpcID.NotFound');
    expect((await fake.ec2.send(new DescribeVpcsCommand(filter))).Vpcs).toEqual([]);
    clock.advance(EVENTUAL_MS);
    expect(await codeOf(fake.ec2.send(new ModifyVpcAttributeCommand({ VpcId: Vpc!.VpcId, EnableDnsHostnames: { Value: true } })))).toBe('ok');
    expect((await fake.ec2.send(new DescribeVpcsCommand(filter))).Vpcs?.map((v) => v.VpcId)).toEqual([Vpc!.VpcId]);
  });
});

describe('up, rerun and destroy against eventually consistent EC2', () => {
  it('up builds one of each, saying that it waits for new IDs to show', async () => {
    h = eventualHarness();
    await h.up();
    expect(counts(h.fake)).toEqual(FULL_LAB_COUNTS);
    expectNothingMadeTwice(h.fake);
    expectFullLab(h.fake);
    // The first dependent call did meet a NotFound, and the progress line said why it waits.
    expect(callsNamed(h.fake, 'ModifyVpcAttribute').map((c) => c.error)).toContain('InvalidVpcID.NotFound');
    expect(h.stderr()).toMatch(/AWS does not show vpc-\w+ yet \(InvalidVpcID\.NotFound/);
  });

  it('a no-op up right after makes no mutating call; destroy right after leaves nothing', async () => {
    h = eventualHarness();
    await h.up();
    const before = h.fake.calls.length;
    await h.up();
    expect(mutating(h, before)).toEqual([]);
    await h.destroy();
    expect(counts(h.fake)).toEqual(nothing);
  });

  it('destroy at once after the creates leaves nothing, though AWS does not show them yet', async () => {
    h = eventualHarness();
    // The run stops at the first instance: everything before it is seconds old.
    h.fake.failNext('RunInstances', () => awsError('InsufficientInstanceCapacity', 'no capacity'));
    await expect(h.up()).rejects.toThrow(/capacity/);
    await h.destroy();
    expect(counts(h.fake)).toEqual(nothing);
  });

  // The first up dies right after AWS made the thing (its answer never arrives); the rerun
  // starts at once, while the new resource is still invisible, and must not make another.
  const KILL_POINTS = ['CreateVpc', 'CreateSubnet', 'CreateInternetGateway', 'CreateRouteTable', 'CreateRoute', 'CreateSecurityGroup', 'RunInstances', 'AllocateAddress', 'CreateNatGateway'];
  for (const name of KILL_POINTS) {
    it(`a rerun at once after a crash right after ${name} makes no duplicate`, async () => {
      h = eventualHarness();
      // No AWS answer (no HTTP status): as if the process died before hearing back.
      h.fake.failNext(name, () => Object.assign(new Error('the process died right after this call'), { name: 'SimulatedCrash' }), { afterServe: true });
      await expect(h.up()).rejects.toThrow(/process died/);
      await h.up();
      expect(counts(h.fake)).toEqual(FULL_LAB_COUNTS);
      expectNothingMadeTwice(h.fake);
      expectFullLab(h.fake);
    });
  }

  // The connection drops after AWS made it: no answer, and the listing does not show it yet.
  for (const name of ['CreateVpc', 'CreateSubnet', 'CreateInternetGateway', 'AllocateAddress']) {
    it(`a lost answer to ${name} is not taken for "nothing made"`, async () => {
      h = eventualHarness();
      h.fake.failNext(name, () => Object.assign(new Error('socket hang up'), { name: 'ECONNRESET', code: 'ECONNRESET' }), { afterServe: true });
      await h.up();
      expect(callsNamed(h.fake, name).map((c) => c.error)).toContain('ECONNRESET');
      expectNothingMadeTwice(h.fake);
      expectFullLab(h.fake);
    });
  }

  it('a token-less create leaves a trace in the state until answered; a refusal clears it', async () => {
    h = eventualHarness();
    h.fake.failNext('CreateVpc', () => Object.assign(new Error('the process died right after this call'), { name: 'SimulatedCrash' }), { afterServe: true });
    await expect(h.up()).rejects.toThrow(/process died/);
    expect(h.readStateJson().creating?.vpc).toBeTruthy();
    await h.up();
    expect(h.readStateJson().creating).toEqual({});
    await h.close();

    h = eventualHarness();
    h.fake.failNext('CreateVpc', () => awsError('VpcLimitExceeded', 'The maximum number of VPCs has been reached.'));
    await expect(h.up()).rejects.toThrow(/maximum number of VPCs/);
    expect(h.readStateJson().creating?.vpc).toBeUndefined();
  });

  it('a route leaves no such trace: its table refuses a second one, so a rerun sends it again at once', async () => {
    h = eventualHarness();
    h.fake.failNext('CreateRoute', () => Object.assign(new Error('the process died right after this call'), { name: 'SimulatedCrash' }), { afterServe: true });
    await expect(h.up()).rejects.toThrow(/process died/);
    expect(Object.keys(h.readStateJson().creating ?? {}).filter((k) => /route/i.test(k))).toEqual([]);
    await h.up();
    expectNothingMadeTwice(h.fake);
    expectFullLab(h.fake);
  });

  it('a rerun at once after a failure takes the recorded, not yet listed resources for there', async () => {
    h = eventualHarness();
    // Fails right after the VPC was made and recorded.
    h.fake.failNext('ModifyVpcAttribute', () => awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    await expect(h.up()).rejects.toThrow(/not authorized/i);
    const recorded = h.readStateJson().resources.vpc.id;
    await h.up();
    expect(expectFullLab(h.fake).vpc.VpcId).toBe(recorded);
    expectNothingMadeTwice(h.fake);
    // The listing left the VPC out; it was asked for by its ID.
    expect(callsNamed(h.fake, 'DescribeVpcs').some((c) => c.input.VpcIds?.[0] === recorded)).toBe(true);
  });

  it('a recorded resource that is really gone is made again after the bounded wait', async () => {
    h = eventualHarness();
    await h.up();
    const old = h.readStateJson().resources.keyPair.id;
    // Deleted by hand at once: while its create is recent, NotFound may only mean "not yet".
    await h.fake.ec2.send(new DeleteKeyPairCommand({ KeyName: 'aws-lab-key' }));
    const started = h.clock.now();
    await h.up();
    expect(h.clock.now() - started).toBeGreaterThanOrEqual(100_000);
    expect(expectFullLab(h.fake).key.KeyPairId).not.toBe(old);
  });
});
