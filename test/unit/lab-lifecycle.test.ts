/**
 * Issue "core": `up --yes` builds the whole two-tier lab, a second `up` changes nothing,
 * `destroy --yes` removes all of it in an order AWS accepts, and bad input stops before
 * anything is made.
 */
import { existsSync, promises as fs, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const nothing = Object.fromEntries(KINDS.map((k) => [k, 0]));

describe('up --yes', () => {
  it('builds the whole lab from a VPC CIDR, deriving two /24 subnets in one zone', async () => {
    h = createHarness();
    await h.up({ vpcCidr: '10.1.0.0/16' });

    const lab = expectFullLab(h.fake, { vpcCidr: '10.1.0.0/16', publicSubnetCidr: '10.1.1.0/24', privateSubnetCidr: '10.1.2.0/24' });
    // Nothing else: every resource is one of the lab's (and so carries its tags), apart
    // from the main route table and default security group AWS gives each VPC.
    expect(counts(h.fake)).toEqual(FULL_LAB_COUNTS);
    expect(labCounts(h.fake, 'aws-lab')).toEqual(TAGGED_LAB_COUNTS);

    // The Elastic IP went on the web server only once it was running (the fake refuses a
    // pending instance, so a single, successful association proves the order).
    const associations = callsNamed(h.fake, 'AssociateAddress');
    expect(associations).toHaveLength(1);
    expect(associations[0].error).toBeUndefined();
    expect(associations[0].input.InstanceId).toBe(lab.web.InstanceId);
    expect(associations[0].input.AllocationId).toBe(lab.webEip.AllocationId);
    const webLaunch = callsNamed(h.fake, 'RunInstances').find((c) => c.input.NetworkInterfaces?.[0]?.SubnetId === lab.pub.SubnetId);
    expect(webLaunch).toBeDefined();
    expect(associations[0].at).toBeGreaterThanOrEqual(webLaunch!.at + 30_000);

    // The result names the web server's address.
    expect(h.stdout()).toContain(lab.webEip.PublicIp!);
  });

  it('saves the private key with mode 0600 next to the state, and never in the state file', async () => {
    h = createHarness();
    await h.up();
    const keyFile = path.join(h.stateDir, 'aws-lab-key.pem');
    expect(existsSync(keyFile)).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8');
    expect(key).toMatch(/-----BEGIN OPENSSH PRIVATE KEY-----/);

    const stateText = readFileSync(h.stateFile(), 'utf8');
    const body = key.split('\n').find((l) => l.length > 40 && !l.startsWith('-----'))!;
    expect(body).toBeTruthy();
    expect(stateText).not.toContain(body);
    expect(stateText).not.toContain('PRIVATE KEY');
    expect(h.stdout() + h.stderr()).not.toContain(body);
    // The state file does know every resource by ID.
    const state = h.readStateJson();
    expect(state.resources.vpc?.id).toBe([...h.fake.world.vpcs.keys()][0]);
    expect(statSync(h.stateFile()).mode & 0o777).toBe(0o600);
  });

  it('does nothing on a second run: no mutating call, a handful of reads', async () => {
    h = createHarness();
    await h.up();
    const before = h.fake.calls.length;
    await h.up();
    const second = h.fake.calls.slice(before);
    expect(second.filter((c) => !/^(Describe|Get)/.test(c.name)).map((c) => c.name)).toEqual([]);
    expect(second.length).toBeGreaterThan(0);
    expect(second.length).toBeLessThanOrEqual(15);
    expect(counts(h.fake)).toEqual(FULL_LAB_COUNTS);
  });

  it('refuses to move an existing lab to another region (it would orphan the first)', async () => {
    h = createHarness();
    await h.up();
    const before = h.fake.mutatingCalls().length;
    const err = await labErrorOf(h.up({ region: 'eu-west-1' }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/lives in us-east-1, not eu-west-1/);
    expect(h.fake.mutatingCalls().length).toBe(before);
  });

  it('keeps the lab in a zone that offers the instance type', async () => {
    h = createHarness({ fake: { offerings: { 't3.micro': ['us-east-1c'] } } });
    await h.up();
    const lab = expectFullLab(h.fake);
    expect(lab.pub.AvailabilityZone).toBe('us-east-1c');
  });
});

describe('destroy --yes', () => {
  it('removes everything, in an order AWS accepts despite pending states', async () => {
    h = createHarness();
    await h.up();
    const keyFile = path.join(h.stateDir, 'aws-lab-key.pem');
    const before = h.fake.calls.length;
    await h.destroy();

    expect(counts(h.fake)).toEqual(nothing);
    const teardown = h.fake.calls.slice(before);
    // Waiting was needed (instances shutting down, the NAT deleting) ...
    expect(teardown.some((c) => c.name === 'DescribeInstances' || c.name === 'DescribeNatGateways')).toBe(true);
    // ... and the order was right first time: nothing refused for being still in use
    // (DependencyViolation, InvalidIPAddress.InUse...). A NotFound for something already
    // gone is harmless: the Elastic IPs' belt-and-braces disassociation meets those.
    expect(teardown.filter((c) => c.error && !c.error.endsWith('NotFound')).map((c) => `${c.name}: ${c.error}`)).toEqual([]);
    // One terminate per instance, one NAT deletion: no call repeated while waiting.
    expect(new Set(callsNamed(h.fake, 'TerminateInstances').flatMap((c) => c.input.InstanceIds)).size).toBe(2);
    expect(callsNamed(h.fake, 'TerminateInstances')).toHaveLength(2);
    expect(callsNamed(h.fake, 'DeleteNatGateway')).toHaveLength(1);
    expect(existsSync(h.stateFile())).toBe(false);
    expect(existsSync(keyFile)).toBe(false);
    expect(h.stdout()).toMatch(/Deleted \d+ resource/);
  });

  it('is a successful no-op when there is nothing', async () => {
    h = createHarness();
    await h.destroy();
    expect(h.fake.mutatingCalls()).toEqual([]);
    expect(counts(h.fake)).toEqual(nothing);
    expect(h.stdout()).toContain('Nothing of lab "aws-lab" was left to delete');
  });

  it('a second destroy after a full one is a no-op', async () => {
    h = createHarness();
    await h.up();
    await h.destroy();
    const before = h.fake.calls.length;
    await h.destroy();
    expect(h.fake.calls.slice(before).filter((c) => !/^(Describe|Get)/.test(c.name))).toEqual([]);
  });
});

describe('bad input stops before anything is made', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['a /8 VPC', { vpcCidr: '10.0.0.0/8' }, /10\.0\.0\.0\/8/],
    ['a subnet outside the VPC', { vpcCidr: '10.0.0.0/16', publicSubnetCidr: '10.9.1.0/24' }, /10\.9\.1\.0\/24.*not inside/],
    ['overlapping subnets', { publicSubnetCidr: '10.0.1.0/24', privateSubnetCidr: '10.0.1.128/25' }, /overlap/],
    ['a bad key name', { keyName: 'my key!' }, /my key!/],
    ['a bad region', { region: 'mars-north' }, /mars-north/],
    ['a VPC CIDR with host bits', { vpcCidr: '10.0.0.1/16' }, /host bits/],
    ['a bad SSH CIDR', { sshCidr: '1.2.3.4' }, /1\.2\.3\.4/],
  ];
  for (const [what, flags, message] of cases) {
    it(`refuses ${what} with exit code 2`, async () => {
      h = createHarness();
      const err = await labErrorOf(h.up(flags));
      expect(err.exitCode).toBe(2);
      expect(err.message).toMatch(message);
      expect(h.fake.mutatingCalls()).toEqual([]);
      expect(counts(h.fake)).toEqual(nothing);
      expect(existsSync(h.stateFile())).toBe(false);
    });
  }

  it('will not go ahead without --yes when nobody can be asked', async () => {
    h = createHarness();
    const err = await labErrorOf(h.up({ yes: false }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/confirmation/);
    expect(h.fake.mutatingCalls()).toEqual([]);
    expect(counts(h.fake)).toEqual(nothing);
    // The plan was shown, so the person knows what --yes would do.
    expect(h.stderr()).toMatch(/VPC 10\.0\.0\.0\/16/);
  });

  it('refuses an instance type no zone offers, before any change', async () => {
    h = createHarness({ fake: { offerings: { 't3.small': ['us-east-1a'] } } });
    const err = await labErrorOf(h.up());
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/t3\.micro/);
    expect(h.fake.mutatingCalls()).toEqual([]);
    expect(callsNamed(h.fake, 'DescribeInstanceTypeOfferings').length).toBeGreaterThan(0);
  });

  it('leaves the lock free after a refusal, so the next run works', async () => {
    h = createHarness();
    await labErrorOf(h.up({ yes: false }));
    await fs.access(path.join(h.stateDir, 'aws-lab.lock')).then(
      () => expect.fail('lock left behind'),
      () => undefined,
    );
    await h.up();
    expectFullLab(h.fake);
  });
});
