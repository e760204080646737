/**
 * Issue "crash-safe": whatever stops a run — the process killed right after AWS acted, a
 * lost answer, throttling, a lost state file, Ctrl-C — running the same command again
 * finishes the job with exactly one of every resource.
 */
import { CreateSubnetCommand, CreateVpcCommand, DeleteNatGatewayCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { tagSpec } from '../../src/lab/core/tags.js';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readState } from '../../src/engine/state.js';
import {
  callsNamed,
  counts,
  createHarness,
  expectFullLab,
  FULL_LAB_COUNTS,
  KINDS,
  labCounts,
  labErrorOf,
  TAGGED_LAB_COUNTS,
  type Harness,
} from '../support/drive.js';
import { awsError } from '../support/fake-ec2.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const nothing = Object.fromEntries(KINDS.map((k) => [k, 0]));
const mutating = (h: Harness, from: number) => h.fake.calls.slice(from).filter((c) => !/^(Describe|Get)/.test(c.name)).map((c) => c.name);

/** The saved private key is the one of the lab's key pair (the fake's key material names its key pair ID). */
function expectPrivateKeyMatches(h: Harness, keyName = 'aws-lab-key') {
  const keyPairId = h.fake.world.keyPairs.get(keyName)?.KeyPairId;
  expect(keyPairId).toBeTruthy();
  const pem = readFileSync(path.join(h.stateDir, `${keyName}.pem`), 'utf8');
  const body = Buffer.from(pem.split('\n').filter((l) => !l.startsWith('-----')).join(''), 'base64').toString('utf8');
  expect(body).toContain(`${keyName} ${keyPairId}`);
}

/** Not transient: the run stops there, as if the process had been killed once AWS had acted. */
const crash = () => awsError('SimulatedCrash', 'the process died right after this call');

describe('kill points: the first up dies right after AWS did the work, the second finishes', () => {
  const CREATE_CALLS = [
    'CreateVpc',
    'ModifyVpcAttribute',
    'CreateSubnet',
    'CreateInternetGateway',
    'AttachInternetGateway',
    'CreateRouteTable',
    'CreateRoute',
    'AssociateRouteTable',
    'CreateSecurityGroup',
    'AuthorizeSecurityGroupIngress',
    'CreateKeyPair',
    'RunInstances',
    'AllocateAddress',
    'AssociateAddress',
    'CreateNatGateway',
  ];
  for (const name of CREATE_CALLS) {
    it(`after ${name}`, async () => {
      h = createHarness();
      h.fake.failNext(name, crash, { afterServe: true });
      await expect(h.up()).rejects.toThrow(/process died/);
      // The fault did fire after the call was served: AWS made the thing.
      expect(callsNamed(h.fake, name).map((c) => c.error)).toContain('SimulatedCrash');
      // The state file survived the crash, readable.
      expect(() => readState(h!.stateDir, 'aws-lab')).not.toThrow();

      await h.up();
      expect(counts(h.fake)).toEqual(FULL_LAB_COUNTS);
      // Nothing was ever made twice, not even something later deleted (but a key pair
      // whose private key never arrived, which is made again before any server uses it).
      for (const kind of KINDS) {
        if (kind === 'keyPairs' && name === 'CreateKeyPair') continue;
        expect(h.fake.count(kind, { includeGone: true }), kind).toBe(FULL_LAB_COUNTS[kind]);
      }
      expectFullLab(h.fake);
      // Whatever happened, the saved private key belongs to the lab's key pair.
      expectPrivateKeyMatches(h);

      // And from there the lab is stable.
      const before = h.fake.calls.length;
      await h.up();
      expect(mutating(h, before)).toEqual([]);
    });
  }

  for (const name of ['TerminateInstances', 'DeleteNatGateway', 'DetachInternetGateway', 'ReleaseAddress', 'DeleteSecurityGroup']) {
    it(`destroy dies after ${name}; a second destroy removes the rest`, async () => {
      h = createHarness();
      await h.up();
      h.fake.failNext(name, crash, { afterServe: true });
      await expect(h.destroy()).rejects.toThrow(/process died/);
      expect(callsNamed(h.fake, name).map((c) => c.error)).toContain('SimulatedCrash');
      await h.destroy();
      expect(counts(h.fake)).toEqual(nothing);
    });
  }
});

describe('lost answers to creates', () => {
  // A transient error after the call was served: AWS made the resource, the answer was
  // lost. These creates have no idempotency token, so a blind resend would make a second.
  for (const name of ['CreateVpc', 'CreateSubnet', 'CreateInternetGateway', 'AllocateAddress']) {
    it(`a lost answer to ${name} does not make a second one`, async () => {
      h = createHarness();
      h.fake.failNext(name, () => awsError('RequestLimitExceeded', 'Request limit exceeded.', 503), { afterServe: true });
      await h.up();
      expect(callsNamed(h.fake, name).map((c) => c.error)).toContain('RequestLimitExceeded');
      for (const kind of KINDS) expect(h.fake.count(kind, { includeGone: true }), kind).toBe(FULL_LAB_COUNTS[kind]);
      expectFullLab(h.fake);
    });
  }

  // Creates with a ClientToken (or that AWS refuses as a duplicate) may simply be resent.
  for (const name of ['CreateRouteTable', 'RunInstances', 'CreateNatGateway', 'CreateSecurityGroup']) {
    it(`a lost answer to ${name} is resent safely`, async () => {
      h = createHarness();
      h.fake.failNext(name, () => awsError('InternalError', 'An internal error has occurred', 500), { afterServe: true });
      await h.up();
      expect(callsNamed(h.fake, name).map((c) => c.error)).toContain('InternalError');
      for (const kind of KINDS) expect(h.fake.count(kind, { includeGone: true }), kind).toBe(FULL_LAB_COUNTS[kind]);
      expectFullLab(h.fake);
    });
  }
});

describe('lost answers to changes the SDK resends', () => {
  // The SDK resends a call that failed with a 5xx. When the first one had worked, AWS
  // answers the second with "already so": that is success, not a reason to stop.
  const cases: [string, string][] = [
    ['AuthorizeSecurityGroupIngress', 'InvalidPermission.Duplicate'],
    ['CreateRoute', 'RouteAlreadyExists'],
    ['AttachInternetGateway', 'Resource.AlreadyAssociated'],
    ['AssociateRouteTable', 'Resource.AlreadyAssociated'],
    ['CreateKeyPair', 'InvalidKeyPair.Duplicate'],
  ];
  for (const [name, already] of cases) {
    it(`a lost answer to ${name} (then ${already}) does not stop up`, async () => {
      h = createHarness();
      h.fake.failNext(name, () => awsError('InternalError', 'An internal error has occurred', 500), { afterServe: true });
      await h.up();
      const errors = callsNamed(h.fake, name).map((c) => c.error);
      expect(errors[0]).toBe('InternalError');
      expect(errors).toContain(already);
      expect(counts(h.fake)).toEqual(FULL_LAB_COUNTS);
      expectFullLab(h.fake);
    });
  }

  it('a lost answer to CreateKeyPair still leaves a private key that matches the key pair', async () => {
    h = createHarness();
    h.fake.failNext('CreateKeyPair', () => awsError('InternalError', 'An internal error has occurred', 500), { afterServe: true });
    await h.up();
    expectPrivateKeyMatches(h);
    // Both instances use that key pair.
    expect([...h.fake.world.instances.values()].map((i) => i.KeyName)).toEqual(['aws-lab-key', 'aws-lab-key']);
  });
});

describe('throttling', () => {
  it('survives every third call being throttled, with no duplicates', async () => {
    h = createHarness();
    h.fake.throttle({ every: 3 });
    await h.up();
    const throttled = h.attempts.names.length - h.fake.calls.filter((c) => c.name !== 'GetParameter').length;
    expect(throttled).toBeGreaterThan(10);
    for (const kind of KINDS) expect(h.fake.count(kind, { includeGone: true }), kind).toBe(FULL_LAB_COUNTS[kind]);
    expectFullLab(h.fake);

    const before = h.fake.calls.length;
    await h.up();
    expect(mutating(h, before)).toEqual([]);
    await h.destroy();
    expect(counts(h.fake)).toEqual(nothing);
  });

  it('survives throttling of the token-less creates themselves', async () => {
    h = createHarness();
    const names = ['CreateVpc', 'CreateSubnet', 'CreateInternetGateway', 'AllocateAddress', 'RunInstances', 'CreateNatGateway'];
    h.fake.throttle({ every: 2, names });
    await h.up();
    for (const name of ['CreateSubnet', 'AllocateAddress']) {
      // Each of these was refused at least once before it went through.
      expect(h.attempts.count(name), name).toBeGreaterThan(callsNamed(h.fake, name).length);
    }
    for (const kind of KINDS) expect(h.fake.count(kind, { includeGone: true }), kind).toBe(FULL_LAB_COUNTS[kind]);
    expectFullLab(h.fake);
  });

  it('survives throttled waits and teardown calls', async () => {
    h = createHarness();
    h.fake.throttle({ every: 2, names: ['DescribeInstances', 'DescribeNatGateways', 'TerminateInstances', 'DeleteNatGateway', 'DeleteSubnet', 'DeleteVpc'] });
    await h.up();
    // The waits' looks were refused along the way, and asked again.
    for (const name of ['DescribeInstances', 'DescribeNatGateways']) expect(h.attempts.count(name), name).toBeGreaterThan(callsNamed(h.fake, name).length);
    expectFullLab(h.fake);
    await h.destroy();
    expect(counts(h.fake)).toEqual(nothing);
  });
});

describe('a lost state file', () => {
  it('destroy still finds and removes everything by its tags', async () => {
    h = createHarness();
    await h.up();
    await fs.rm(h.stateFile());
    await fs.rm(`${h.stateFile()}.bak`, { force: true });
    await h.destroy();
    expect(counts(h.fake)).toEqual(nothing);
  });

  it('up adopts the lab instead of building a second one, and rebuilds the state', async () => {
    h = createHarness();
    await h.up();
    const ids = h.readStateJson().resources;
    await fs.rm(h.stateFile());
    await fs.rm(`${h.stateFile()}.bak`, { force: true });
    const before = h.fake.calls.length;
    await h.up();
    expect(mutating(h, before)).toEqual([]);
    expect(counts(h.fake)).toEqual(FULL_LAB_COUNTS);
    const rebuilt = h.readStateJson().resources;
    expect(Object.fromEntries(Object.entries(rebuilt).map(([k, v]) => [k, v.id]))).toEqual(
      Object.fromEntries(Object.entries(ids).map(([k, v]) => [k, v.id])),
    );
  });

  it('--rediscover ignores a state file that points elsewhere', async () => {
    h = createHarness();
    await h.up();
    await fs.writeFile(h.stateFile(), '{ not json');
    const err = await labErrorOf(h.up());
    expect(err.code).toBe('StateCorrupt');
    const before = h.fake.calls.length;
    await h.up({ rediscover: true });
    expect(mutating(h, before)).toEqual([]);
    expect(counts(h.fake)).toEqual(FULL_LAB_COUNTS);
  });
});

describe('two labs side by side', () => {
  it('destroying one leaves the other intact', async () => {
    h = createHarness();
    await h.up({ name: 'a' });
    await h.up({ name: 'b' });
    expect(labCounts(h.fake, 'a')).toEqual(TAGGED_LAB_COUNTS);
    expect(labCounts(h.fake, 'b')).toEqual(TAGGED_LAB_COUNTS);
    const b = expectFullLab(h.fake, { name: 'b' });
    expect(expectFullLab(h.fake, { name: 'a' }).vpc.VpcId).not.toBe(b.vpc.VpcId);

    await h.destroy({ name: 'a' });
    expect(labCounts(h.fake, 'a')).toEqual(nothing);
    expect(labCounts(h.fake, 'b')).toEqual(TAGGED_LAB_COUNTS);
    const after = expectFullLab(h.fake, { name: 'b' });
    expect(after.web.InstanceId).toBe(b.web.InstanceId);
    expect(after.nat.NatGatewayId).toBe(b.nat.NatGatewayId);
    expect(existsSync(h.stateFile('b'))).toBe(true);

    // Lab b, untouched, needs nothing.
    const before = h.fake.calls.length;
    await h.up({ name: 'b' });
    expect(mutating(h, before)).toEqual([]);
  });
});

describe('destroy --nat-only', () => {
  it('removes only the NAT gateway, its Elastic IP and the private default route; up brings them back', async () => {
    h = createHarness();
    await h.up();
    const lab = expectFullLab(h.fake);

    await h.destroy({ natOnly: true });
    const w = h.fake.world;
    expect(w.natGateways.size).toBe(0);
    expect(w.addresses.has(lab.natEip.AllocationId!)).toBe(false);
    expect(w.addresses.get(lab.webEip.AllocationId!)?.InstanceId).toBe(lab.web.InstanceId);
    expect(w.routeTables.get(lab.privateRt.RouteTableId!)?.Routes?.some((r) => r.DestinationCidrBlock === '0.0.0.0/0')).toBe(false);
    expect(w.routeTables.get(lab.privateRt.RouteTableId!)?.Associations?.map((a) => a.SubnetId)).toEqual([lab.priv.SubnetId]);
    expect(w.routeTables.get(lab.publicRt.RouteTableId!)?.Routes?.some((r) => r.GatewayId === lab.igw.InternetGatewayId)).toBe(true);
    expect([...w.instances.values()].map((i) => i.State?.Name)).toEqual(['running', 'running']);
    expect(counts(h.fake)).toEqual({ ...FULL_LAB_COUNTS, addresses: 1, natGateways: 0 });
    expect(existsSync(h.stateFile())).toBe(true);
    const state = h.readStateJson();
    expect(state.resources.natGateway).toBeUndefined();
    expect(state.resources.natElasticIp).toBeUndefined();
    expect(state.resources.privateRoute).toBeUndefined();
    expect(state.resources.webInstance?.id).toBe(lab.web.InstanceId);
    // The expiry's NAT schedule goes with the NAT (it would retry a call on a NAT that is
    // gone); the servers' schedule stays.
    expect([...h.fake.expiry.schedules.keys()]).toEqual(['aws-lab-setup-aws-lab/servers']);

    const before = h.fake.calls.length;
    await h.up();
    expect(mutating(h, before).sort()).toEqual(['AllocateAddress', 'CreateNatGateway', 'CreateRoute']);
    const back = expectFullLab(h.fake);
    const natSchedule = h.fake.expiry.schedules.get('aws-lab-setup-aws-lab/nat');
    expect(JSON.parse(natSchedule!.Target.Input!)).toEqual({ NatGatewayId: back.nat.NatGatewayId });
    expect(back.web.InstanceId).toBe(lab.web.InstanceId);
    expect(back.nat.NatGatewayId).not.toBe(lab.nat.NatGatewayId);
    expect(counts(h.fake)).toEqual(FULL_LAB_COUNTS);
  });
});

describe('a second copy of the lab (two runs that started at once, in two directories)', () => {
  // What the other run made before it saw the first: its own VPC, subnet and server.
  async function secondCopy(h: Harness) {
    const ec2 = h.fake.ec2;
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: tagSpec('vpc', 'aws-lab', 'vpc', 'vpc') }));
    const subnet = await ec2.send(
      new CreateSubnetCommand({ VpcId: vpc.Vpc!.VpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a', TagSpecifications: tagSpec('subnet', 'aws-lab', 'publicSubnet', 'public-subnet') }),
    );
    const run = await ec2.send(
      new RunInstancesCommand({
        MinCount: 1,
        MaxCount: 1,
        ImageId: 'ami-0fake2023',
        InstanceType: 't3.micro',
        SubnetId: subnet.Subnet!.SubnetId,
        TagSpecifications: tagSpec('instance', 'aws-lab', 'webInstance', 'web'),
      }),
    );
    return [vpc.Vpc!.VpcId!, subnet.Subnet!.SubnetId!, run.Instances![0].InstanceId!];
  }

  it('is left alone by destroy --yes (the state did not record it), each said in one line with how to delete it', async () => {
    h = createHarness();
    await h.up();
    const [vpc, subnet, instance] = await secondCopy(h);
    expect(labCounts(h.fake, 'aws-lab').vpcs).toBe(2);
    await h.destroy();
    expect(counts(h.fake)).toMatchObject({ vpcs: 1, subnets: 1, instances: 1, natGateways: 0, addresses: 0 });
    for (const id of [vpc, subnet, instance]) expect(h.stderr()).toContain(`To delete it too: aws-lab-setup destroy --also-delete ${id}`);
    expect(h.stderr()).toContain(`Left alone: VPC ${vpc} 10.0.0.0/16`);
  });

  it('is removed too when named by --also-delete: nothing tagged for the lab is left', async () => {
    h = createHarness();
    await h.up();
    const ids = await secondCopy(h);
    await h.destroy({ alsoDelete: ids.join(',') });
    expect(counts(h.fake)).toEqual(nothing);
    expect(h.stderr()).toMatch(/removed 3 more resource\(s\) tagged for lab "aws-lab"/);
    expect(h.stderr()).not.toContain('Left alone');
  });
});

describe('a NAT gateway deleted by hand', () => {
  it('is made again, with the same Elastic IP, and the private route (now a blackhole) repointed', async () => {
    h = createHarness();
    await h.up();
    const lab = expectFullLab(h.fake);
    await h.fake.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: lab.nat.NatGatewayId }));
    h.clock.advance(10 * 60_000); // long enough for AWS to finish deleting it

    const before = h.fake.calls.length;
    await h.up();
    expect(mutating(h, before).sort()).toEqual(['CreateNatGateway', 'ReplaceRoute']);
    const back = expectFullLab(h.fake);
    expect(back.nat.NatGatewayId).not.toBe(lab.nat.NatGatewayId);
    expect(back.nat.NatGatewayAddresses?.[0]?.AllocationId).toBe(lab.natEip.AllocationId);
    const route = h.fake.world.routeTables.get(lab.privateRt.RouteTableId!)?.Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0');
    expect(route?.NatGatewayId).toBe(back.nat.NatGatewayId);
  });
});

describe('Ctrl-C', () => {
  it('stops after the steps in flight with exit code 130; a rerun completes', async () => {
    let fired = false;
    h = createHarness({
      onServed: (name) => {
        if (name === 'RunInstances' && !fired) {
          fired = true;
          // Once only: a second SIGINT exits the process at once.
          process.emit('SIGINT', 'SIGINT');
        }
      },
    });
    const listeners = process.listenerCount('SIGINT');
    const err = await labErrorOf(h.up());
    expect(fired).toBe(true);
    expect(err.exitCode).toBe(130);
    expect(err.code).toBe('Cancelled');
    expect(process.listenerCount('SIGINT')).toBe(listeners);

    const text = readFileSync(h.stateFile(), 'utf8');
    expect(() => JSON.parse(text)).not.toThrow();
    expect(() => readState(h!.stateDir, 'aws-lab')).not.toThrow();
    // Every instance launched (both may have been in flight) is in the state file...
    const recorded = Object.values(JSON.parse(text).resources).map((r) => (r as { id: string }).id);
    expect(h.fake.world.instances.size).toBeGreaterThan(0);
    for (const id of h.fake.world.instances.keys()) expect(recorded).toContain(id);
    // ... and nothing that had to wait for them was started: the run stopped short.
    expect(callsNamed(h.fake, 'AssociateAddress')).toEqual([]);
    expect(h.fake.world.instances.size).toBeLessThanOrEqual(2);

    await h.up();
    for (const kind of KINDS) expect(h.fake.count(kind, { includeGone: true }), kind).toBe(FULL_LAB_COUNTS[kind]);
    expectFullLab(h.fake);
  });

  it('starts no new step once interrupted', async () => {
    let fired = false;
    h = createHarness({
      onServed: (name) => {
        if (name === 'CreateVpc' && !fired) {
          fired = true;
          process.emit('SIGINT', 'SIGINT');
        }
      },
    });
    const err = await labErrorOf(h.up());
    expect(fired).toBe(true);
    expect(err.code).toBe('Cancelled');
    // Everything that needs the VPC waits on it; none of it started.
    for (const name of ['CreateSubnet', 'CreateInternetGateway', 'CreateRouteTable', 'CreateSecurityGroup', 'RunInstances', 'CreateNatGateway']) {
      expect(h.attempts.count(name), name).toBe(0);
    }
    // The VPC made is recorded, so the rerun adopts it.
    expect(h.readStateJson().resources.vpc?.id).toBe([...h.fake.world.vpcs.keys()][0]);
    await h.up();
    for (const kind of KINDS) expect(h.fake.count(kind, { includeGone: true }), kind).toBe(FULL_LAB_COUNTS[kind]);
    expectFullLab(h.fake);
  });
});
