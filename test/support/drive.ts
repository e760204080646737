/**
 * Drive the `up` and `destroy` commands against the stateful fake EC2, in virtual time:
 * one harness per test (a fake, injected deps, a plain reporter writing to memory, and a
 * temporary state directory). Call `close()` in afterEach: it restores the class-level
 * mocks and removes the state directory.
 */
import { mkdtempSync, promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Sender } from '../../src/aws/retry.js';
import { destroyCommand } from '../../src/cli/commands/destroy.js';
import { upCommand } from '../../src/cli/commands/up.js';
import type { DestroyFlags, UpFlags } from '../../src/cli/flags.js';
import type { Deps } from '../../src/cli/session.js';
import { VirtualClock } from '../../src/engine/clock.js';
import { LabError } from '../../src/engine/errors.js';
import { statePath, type StateData } from '../../src/engine/state.js';
import { Reporter } from '../../src/ui/reporter.js';
import { expect } from 'vitest';
import { createFakeAws, type FakeAws, type FakeOptions } from './fake-ec2.js';

export const SSH_CIDR = '198.51.100.7/32';
export const DEFAULT_LAB = 'aws-lab';

/** Every kind the fake keeps, for "nothing left" and "exactly one" checks. */
export const KINDS = ['vpcs', 'subnets', 'igws', 'routeTables', 'securityGroups', 'keyPairs', 'instances', 'addresses', 'natGateways'] as const;

/** What one full lab leaves in the fake, counting each VPC's own main route table and default group. */
export const FULL_LAB_COUNTS: Record<(typeof KINDS)[number], number> = {
  vpcs: 1,
  subnets: 2,
  igws: 1,
  routeTables: 3, // main + public + private
  securityGroups: 3, // default + web + db
  keyPairs: 1,
  instances: 2,
  addresses: 2,
  natGateways: 1,
};

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface HarnessOptions {
  fake?: Omit<FakeOptions, 'clock'>;
  /** Called after each EC2 call the CLI made has been answered (successfully), with the call's name. */
  onServed?: (name: string) => void;
  /** Called before each EC2 call the CLI makes is sent, with the call's name and input. */
  onSend?: (name: string, input: any) => void;
}

/** Every EC2 call the CLI attempted (throttled ones too), by name. */
export interface Attempts {
  names: string[];
  count(name: string): number;
}

export interface Harness {
  clock: VirtualClock;
  fake: FakeAws;
  deps: Deps;
  reporter: Reporter;
  stateDir: string;
  /** Every EC2 call the CLI attempted, including those the fake refused before serving (throttling). */
  attempts: Attempts;
  /** Everything the reporter wrote so far, stdout and stderr. */
  stdout(): string;
  stderr(): string;
  up(flags?: UpFlags): Promise<void>;
  destroy(flags?: DestroyFlags): Promise<void>;
  stateFile(lab?: string): string;
  readStateJson(lab?: string): StateData;
  close(): Promise<void>;
}

/** Resolves to the LabError a command threw (fails if it did not throw one). */
export async function labErrorOf(p: Promise<unknown>): Promise<LabError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof LabError) return err;
    throw new Error(`expected a LabError, got ${(err as Error)?.name}: ${(err as Error)?.message}`, { cause: err });
  }
  throw new Error('expected the command to fail');
}

function commandName(cmd: unknown): string {
  return ((cmd as { constructor?: { name?: string } })?.constructor?.name ?? '').replace(/Command$/, '');
}

export function createHarness(opts: HarnessOptions = {}): Harness {
  const clock = new VirtualClock();
  const fake = createFakeAws({ clock, ...opts.fake });
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'aws-lab-test-'));
  const out = new Sink();
  const err = new Sink();
  const reporter = new Reporter('plain', out, err);

  const attempted: string[] = [];
  const attempts: Attempts = { names: attempted, count: (name) => attempted.filter((n) => n === name).length };
  const ec2: Sender<EC2Client> = {
    send: (async (cmd: unknown, ...rest: unknown[]) => {
      const name = commandName(cmd);
      const input = (cmd as { input?: { DryRun?: boolean } }).input;
      // The preflight's dry runs ask, they do not act: the fake keeps them apart too.
      if (input?.DryRun) return (fake.ec2.send as (...a: unknown[]) => Promise<unknown>)(cmd, ...rest);
      attempted.push(name);
      opts.onSend?.(name, input);
      const result = await (fake.ec2.send as (...a: unknown[]) => Promise<unknown>)(cmd, ...rest);
      opts.onServed?.(name);
      return result;
    }) as EC2Client['send'],
  };

  const deps: Deps = {
    clients: async () => ({ ec2, ec2Once: ec2, ssm: fake.ssm, scheduler: fake.scheduler, iam: fake.iam, sts: fake.sts, serviceQuotas: fake.serviceQuotas, region: 'us-east-1' }),
    clock,
    detectIp: async () => SSH_CIDR,
    interactive: false,
  };

  return {
    clock,
    fake,
    deps,
    reporter,
    stateDir,
    attempts,
    stdout: () => out.text,
    stderr: () => err.text,
    up: (flags = {}) => upCommand({ yes: true, stateDir, sshCidr: SSH_CIDR, ...flags }, reporter, deps),
    destroy: (flags = {}) => destroyCommand({ yes: true, stateDir, ...flags }, reporter, deps),
    stateFile: (lab = DEFAULT_LAB) => statePath(stateDir, lab),
    readStateJson: (lab = DEFAULT_LAB) => JSON.parse(readFileSync(statePath(stateDir, lab), 'utf8')) as StateData,
    close: async () => {
      fake.restore();
      await fs.rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** Counts of every kind in the fake right now. */
export function counts(fake: FakeAws): Record<(typeof KINDS)[number], number> {
  return Object.fromEntries(KINDS.map((k) => [k, fake.count(k)])) as Record<(typeof KINDS)[number], number>;
}

/** What one full lab leaves tagged as its own (the VPC's main route table and default group are not). */
export const TAGGED_LAB_COUNTS: Record<(typeof KINDS)[number], number> = { ...FULL_LAB_COUNTS, routeTables: 2, securityGroups: 2 };

/** Resources in the fake tagged as belonging to lab `name`, by kind. */
export function labCounts(fake: FakeAws, name: string): Record<(typeof KINDS)[number], number> {
  const mine = (tags: { Key?: string; Value?: string }[] | undefined) => tags?.some((t) => t.Key === 'aws-lab-setup:lab' && t.Value === name) ?? false;
  return Object.fromEntries(
    KINDS.map((k) => [k, [...(fake.world[k] as Map<string, { Tags?: { Key?: string; Value?: string }[] }>).values()].filter((r) => mine(r.Tags)).length]),
  ) as Record<(typeof KINDS)[number], number>;
}

/** Served calls whose name is one of `names`. */
export function callsNamed(fake: FakeAws, ...names: string[]) {
  return fake.calls.filter((c) => names.includes(c.name));
}

type Tagged = { Tags?: { Key?: string; Value?: string }[] };
const tagOf = (r: Tagged, key: string) => r.Tags?.find((t) => t.Key === key)?.Value;

export interface LabShape {
  name?: string;
  vpcCidr?: string;
  publicSubnetCidr?: string;
  privateSubnetCidr?: string;
  sshCidr?: string;
  keyName?: string;
}

/**
 * The whole two-tier lab, as the tutorial builds it, is in the fake for lab `name`: one of
 * each resource (by its resource tag), wired together the right way. Returns the IDs.
 */
export function expectFullLab(fake: FakeAws, shape: LabShape = {}) {
  const name = shape.name ?? DEFAULT_LAB;
  const vpcCidr = shape.vpcCidr ?? '10.0.0.0/16';
  const w = fake.world;
  const mine = <T extends Tagged>(m: Map<string, T>) => [...m.values()].filter((r) => tagOf(r, 'aws-lab-setup:lab') === name);
  const one = <T extends Tagged>(m: Map<string, T>, key: string): T => {
    const found = mine(m).filter((r) => tagOf(r, 'aws-lab-setup:resource') === key);
    expect(found, `exactly one ${key} of lab ${name}`).toHaveLength(1);
    return found[0];
  };

  // Chapter 1: network.
  const vpc = one(w.vpcs, 'vpc');
  expect(vpc.CidrBlock).toBe(vpcCidr);
  expect(vpc.EnableDnsSupport).toBe(true);
  expect(vpc.EnableDnsHostnames).toBe(true);
  const pub = one(w.subnets, 'publicSubnet');
  const priv = one(w.subnets, 'privateSubnet');
  expect(pub.VpcId).toBe(vpc.VpcId);
  expect(priv.VpcId).toBe(vpc.VpcId);
  if (shape.publicSubnetCidr) expect(pub.CidrBlock).toBe(shape.publicSubnetCidr);
  if (shape.privateSubnetCidr) expect(priv.CidrBlock).toBe(shape.privateSubnetCidr);
  expect(pub.AvailabilityZone).toBeTruthy();
  expect(priv.AvailabilityZone).toBe(pub.AvailabilityZone);
  const igw = one(w.igws, 'internetGateway');
  expect(igw.Attachments?.map((a) => a.VpcId)).toEqual([vpc.VpcId]);

  const publicRt = one(w.routeTables, 'publicRouteTable');
  const privateRt = one(w.routeTables, 'privateRouteTable');
  const defaultRoutes = (rt: typeof publicRt) => (rt.Routes ?? []).filter((r) => r.DestinationCidrBlock === '0.0.0.0/0');
  expect(publicRt.VpcId).toBe(vpc.VpcId);
  expect(defaultRoutes(publicRt)).toHaveLength(1);
  expect(defaultRoutes(publicRt)[0].GatewayId).toBe(igw.InternetGatewayId);
  expect(publicRt.Associations?.map((a) => a.SubnetId)).toEqual([pub.SubnetId]);
  const mains = [...w.routeTables.values()].filter((t) => t.VpcId === vpc.VpcId && t.Associations?.some((a) => a.Main));
  expect(mains).toHaveLength(1);
  expect(defaultRoutes(mains[0])).toEqual([]);
  expect(mains[0].Associations?.filter((a) => a.SubnetId)).toEqual([]);

  // Chapter 2: web server.
  const webSg = one(w.securityGroups, 'webSecurityGroup');
  const dbSg = one(w.securityGroups, 'dbSecurityGroup');
  expect(webSg.VpcId).toBe(vpc.VpcId);
  expect(dbSg.VpcId).toBe(vpc.VpcId);
  const rules = (sg: typeof webSg) =>
    (sg.IpPermissions ?? [])
      .flatMap((p) => [
        ...(p.IpRanges ?? []).map((r) => `${p.IpProtocol}:${p.IpProtocol === 'icmp' ? '*' : `${p.FromPort}-${p.ToPort}`}:${r.CidrIp}`),
        ...(p.UserIdGroupPairs ?? []).map((g) => `${p.IpProtocol}:${p.IpProtocol === 'icmp' ? '*' : `${p.FromPort}-${p.ToPort}`}:${g.GroupId}`),
        ...(p.Ipv6Ranges ?? []).map((r) => `${p.IpProtocol}:v6:${r.CidrIpv6}`),
      ])
      .sort();
  expect(rules(webSg)).toEqual([`tcp:22-22:${shape.sshCidr ?? SSH_CIDR}`, 'tcp:80-80:0.0.0.0/0'].sort());
  expect(rules(dbSg)).toEqual([`icmp:*:${webSg.GroupId}`, `tcp:22-22:${webSg.GroupId}`, `tcp:3306-3306:${webSg.GroupId}`].sort());

  const keyName = shape.keyName ?? `${name}-key`;
  const key = one(w.keyPairs, 'keyPair');
  expect(key.KeyName).toBe(keyName);

  const web = one(w.instances, 'webInstance');
  const db = one(w.instances, 'dbInstance');
  const userData = (i: typeof web) => Buffer.from(i.UserData ?? '', 'base64').toString('utf8');
  expect(web.State?.Name).toBe('running');
  expect(web.SubnetId).toBe(pub.SubnetId);
  expect(web.SecurityGroups?.map((g) => g.GroupId)).toEqual([webSg.GroupId]);
  expect(web.KeyName).toBe(keyName);
  expect(web.MetadataOptions?.HttpTokens).toBe('required');
  expect(userData(web)).toContain('dnf install -y httpd');
  expect(userData(web)).toContain('systemctl enable --now httpd');
  expect(db.State?.Name).toBe('running');
  expect(db.SubnetId).toBe(priv.SubnetId);
  expect(db.SecurityGroups?.map((g) => g.GroupId)).toEqual([dbSg.GroupId]);
  expect(db.KeyName).toBe(keyName);
  expect(db.MetadataOptions?.HttpTokens).toBe('required');
  expect(db.PublicIpAddress).toBeUndefined();
  expect(userData(db)).toContain('mariadb105-server');
  expect(userData(db)).toContain('systemctl enable --now mariadb');

  const webEip = one(w.addresses, 'webElasticIp');
  expect(webEip.InstanceId).toBe(web.InstanceId);
  expect(web.PublicIpAddress).toBe(webEip.PublicIp);

  // Chapter 4: NAT and the private route.
  const natEip = one(w.addresses, 'natElasticIp');
  const nat = one(w.natGateways, 'natGateway');
  expect(nat.State).toBe('available');
  expect(nat.SubnetId).toBe(pub.SubnetId);
  expect(nat.NatGatewayAddresses?.[0]?.AllocationId).toBe(natEip.AllocationId);
  expect(natEip.InstanceId).toBeUndefined();
  expect(privateRt.VpcId).toBe(vpc.VpcId);
  expect(defaultRoutes(privateRt)).toHaveLength(1);
  expect(defaultRoutes(privateRt)[0].NatGatewayId).toBe(nat.NatGatewayId);
  expect(privateRt.Associations?.map((a) => a.SubnetId)).toEqual([priv.SubnetId]);

  // Every resource of the lab carries the tool's tags.
  for (const kind of KINDS) {
    for (const r of mine(w[kind] as Map<string, Tagged>)) {
      expect(tagOf(r, 'Name'), `${kind} Name tag`).toMatch(new RegExp(`^${name}-`));
      expect(tagOf(r, 'ManagedBy'), `${kind} ManagedBy tag`).toBe('aws-lab-setup');
    }
  }
  return { vpc, pub, priv, igw, publicRt, privateRt, webSg, dbSg, key, web, db, webEip, natEip, nat };
}
