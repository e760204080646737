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
}

export interface Harness {
  clock: VirtualClock;
  fake: FakeAws;
  deps: Deps;
  reporter: Reporter;
  stateDir: string;
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

  let ec2: Sender<EC2Client> = fake.ec2;
  if (opts.onServed) {
    const hook = opts.onServed;
    ec2 = {
      send: (async (cmd: unknown, ...rest: unknown[]) => {
        const result = await (fake.ec2.send as (...a: unknown[]) => Promise<unknown>)(cmd, ...rest);
        hook(commandName(cmd));
        return result;
      }) as EC2Client['send'],
    };
  }

  const deps: Deps = {
    clients: async () => ({ ec2, ec2Once: ec2, ssm: fake.ssm, region: 'us-east-1' }),
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
