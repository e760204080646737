/** The state file (atomic writes, backup, idempotency tokens) and the per-lab lock. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, promises as fs, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LabError } from '../../src/engine/errors.js';
import { acquireLock, readState, StateStore, statePath, type LockHolder, type StateData } from '../../src/engine/state.js';
import { createHarness, labErrorOf, type Harness } from '../support/drive.js';
import { awsError } from '../support/fake-ec2.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'aws-lab-state-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const onDisk = (lab = 'lab'): StateData => JSON.parse(readFileSync(statePath(dir, lab), 'utf8'));

/** The error a promise rejected with (fails if it resolved). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('StateStore writes', () => {
  it('writes every change at once, keeping the previous version as .bak', async () => {
    const store = await StateStore.open(dir, 'lab');
    expect(existsSync(statePath(dir, 'lab'))).toBe(false); // nothing written before a change
    await store.setId('vpc', 'vpc-1');
    expect(onDisk().resources.vpc.id).toBe('vpc-1');
    expect(onDisk().lab).toBe('lab');
    expect(onDisk().version).toBe(1);

    await store.setId('subnet', 'subnet-1');
    expect(Object.keys(onDisk().resources).sort()).toEqual(['subnet', 'vpc']);
    const bak = JSON.parse(readFileSync(`${statePath(dir, 'lab')}.bak`, 'utf8')) as StateData;
    expect(Object.keys(bak.resources)).toEqual(['vpc']);

    // No temp file is left behind, and the file is for its owner only.
    expect(readdirSync(dir).sort()).toEqual(['lab.json', 'lab.json.bak']);
    expect((await fs.stat(statePath(dir, 'lab'))).mode & 0o777).toBe(0o600);
  });

  it('never writes the state file (or its backup) in place: a new temp file (O_EXCL) is written, then renamed over it', async () => {
    const file = statePath(dir, 'lab');
    const opens = vi.spyOn(fs, 'open');
    const renames = vi.spyOn(fs, 'rename');
    try {
      const store = await StateStore.open(dir, 'lab');
      await store.setId('vpc', 'vpc-1');
      await store.setId('subnet', 'subnet-1');
      const opened = opens.mock.calls.map((c) => [String(c[0]), c[1]]);
      expect(opened.length).toBe(3); // the first state; then the backup and the second
      for (const [p, flag] of opened) {
        expect(flag).toBe('wx');
        expect(path.dirname(p as string)).toBe(dir); // same file system: rename is atomic
      }
      expect(renames.mock.calls.map((c) => [String(c[0]), String(c[1])])).toEqual([
        [opened[0][0], file],
        [opened[1][0], `${file}.bak`],
        [opened[2][0], file],
      ]);
    } finally {
      opens.mockRestore();
      renames.mockRestore();
    }
  });

  it('loses none of many parallel writes, each is on disk when it returns, and changes made meanwhile share a write', async () => {
    const store = await StateStore.open(dir, 'lab');
    const keys = Array.from({ length: 40 }, (_, i) => `r${i}`);
    const onDiskWhenReturned: boolean[] = [];
    const writes = vi.spyOn(fs, 'rename');
    try {
      await Promise.all(
        keys.map(async (k, i) => {
          await store.setId(k, `id-${i}`);
          onDiskWhenReturned.push(onDisk().resources[k]?.id === `id-${i}`);
        }),
      );
      // All 40 are made before the first write begins: they share it.
      expect(writes.mock.calls.length).toBe(1);
    } finally {
      writes.mockRestore();
    }
    expect(Object.keys(onDisk().resources).sort()).toEqual([...keys].sort());
    expect(onDiskWhenReturned).toEqual(keys.map(() => true));
    const reopened = await StateStore.open(dir, 'lab');
    for (const [i, k] of keys.entries()) expect(reopened.id(k)).toBe(`id-${i}`);
  });

  it('does not rewrite the file for an ID it already has', async () => {
    const store = await StateStore.open(dir, 'lab');
    await store.setId('vpc', 'vpc-1');
    const before = readFileSync(statePath(dir, 'lab'), 'utf8');
    await store.setId('vpc', 'vpc-1');
    expect(readFileSync(statePath(dir, 'lab'), 'utf8')).toBe(before);
    expect(existsSync(`${statePath(dir, 'lab')}.bak`)).toBe(false);
  });

  it('keeps settings and region', async () => {
    const store = await StateStore.open(dir, 'lab');
    await store.setSettings('eu-west-1', { vpcCidr: '10.9.0.0/16' });
    expect(onDisk().region).toBe('eu-west-1');
    expect(onDisk().settings).toEqual({ vpcCidr: '10.9.0.0/16' });
    expect(readState(dir, 'lab')?.settings).toEqual({ vpcCidr: '10.9.0.0/16' });
  });

  it('discard() moves the file to .bak', async () => {
    const store = await StateStore.open(dir, 'lab');
    await store.setId('vpc', 'vpc-1');
    await store.discard();
    expect(existsSync(statePath(dir, 'lab'))).toBe(false);
    expect(JSON.parse(readFileSync(`${statePath(dir, 'lab')}.bak`, 'utf8')).resources.vpc.id).toBe('vpc-1');
    expect(readState(dir, 'lab')).toBeUndefined();
  });

  it('open({ fresh }) sets the old file aside and starts empty', async () => {
    const store = await StateStore.open(dir, 'lab');
    await store.setId('vpc', 'vpc-1');
    const fresh = await StateStore.open(dir, 'lab', { fresh: true });
    expect(fresh.isEmpty).toBe(true);
    expect(existsSync(statePath(dir, 'lab'))).toBe(false);
    expect(readdirSync(dir).some((f) => f.startsWith('lab.json.discarded-'))).toBe(true);
  });
});

describe('idempotency tokens', () => {
  it('are on disk before token() returns, and the same token comes back', async () => {
    const store = await StateStore.open(dir, 'lab');
    const token = await store.token('webInstance');
    expect(onDisk().tokens.webInstance).toBe(token);
    expect(token.length).toBeLessThanOrEqual(64);
    expect(token).toMatch(/^lab-webInstance-/);
    expect(await store.token('webInstance')).toBe(token);
    expect(await store.token('dbInstance')).not.toBe(token);
    // A new run (a new process) reads the same token back.
    const reopened = await StateStore.open(dir, 'lab');
    expect(await reopened.token('webInstance')).toBe(token);
  });

  it('stay within 64 characters for a long lab name and key', async () => {
    const store = await StateStore.open(dir, 'a'.repeat(31));
    expect((await store.token('privateRouteAssociationWithAVeryLongKey')).length).toBeLessThanOrEqual(64);
  });

  it('remove() drops the resource and its token: the next create gets a new one', async () => {
    const store = await StateStore.open(dir, 'lab');
    const token = await store.token('natGateway');
    await store.setId('natGateway', 'nat-1');
    await store.setId('vpc', 'vpc-1');
    await store.remove('natGateway');
    expect(store.id('natGateway')).toBeUndefined();
    expect(onDisk().resources.natGateway).toBeUndefined();
    expect(onDisk().tokens.natGateway).toBeUndefined();
    expect(onDisk().resources.vpc.id).toBe('vpc-1');
    expect(await store.token('natGateway')).not.toBe(token);
  });

  describe('in a run', () => {
    let h: Harness | undefined;
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    it('the ClientToken of a create is in the state file before the call is sent, and a rerun sends it again', async () => {
      const sent: string[] = [];
      h = createHarness({
        onSend: (name, input) => {
          if (name !== 'RunInstances' && name !== 'CreateNatGateway' && name !== 'CreateRouteTable') return;
          // Read the file as it is at this moment, before AWS sees the call.
          const tokens = JSON.parse(readFileSync(h!.stateFile(), 'utf8')).tokens as Record<string, string>;
          expect(Object.values(tokens)).toContain(input.ClientToken);
          if (name === 'RunInstances') sent.push(input.ClientToken);
        },
      });
      // The first launch is refused before AWS acts: nothing made for it, its token stays.
      h.fake.failNext('RunInstances', awsError('SimulatedCrash', 'refused'));
      await expect(h.up()).rejects.toThrow(/refused/);
      const firstTry = [...sent];
      expect(firstTry.length).toBeGreaterThan(0);
      expect(h.fake.world.instances.size).toBeLessThan(2);

      await h.up();
      // The rerun launched the refused one again, with the token of the first attempt.
      expect(sent.slice(firstTry.length)).toContain(firstTry[0]);
      expect(h.fake.world.instances.size).toBe(2);
      // Once made, the state file names each instance; its token stays with it.
      const state = h.readStateJson();
      const launched = h.fake.calls.filter((c) => c.name === 'RunInstances').map((c) => c.input.ClientToken);
      expect(launched.sort()).toEqual([state.tokens.webInstance, state.tokens.dbInstance].sort());
    });
  });
});

describe('a corrupt state file', () => {
  const cases: [string, string][] = [
    ['not JSON', '{ "version": 1, '],
    ['another version', JSON.stringify({ version: 2, lab: 'lab', resources: {} })],
    ['another lab', JSON.stringify({ version: 1, lab: 'other', resources: {} })],
    ['no resources', JSON.stringify({ version: 1, lab: 'lab' })],
    ['null', 'null'],
  ];
  for (const [what, text] of cases) {
    it(`(${what}) stops with StateCorrupt naming the file`, async () => {
      await fs.writeFile(statePath(dir, 'lab'), text);
      const err = await rejection(StateStore.open(dir, 'lab'));
      expect(err).toBeInstanceOf(LabError);
      expect((err as LabError).code).toBe('StateCorrupt');
      expect((err as LabError).message).toContain(statePath(dir, 'lab'));
      expect((err as LabError).hint).toContain('.bak');
      expect(() => readState(dir, 'lab')).toThrow(/corrupt/);
      // The corrupt file is left as it was, for the person to look at.
      expect(readFileSync(statePath(dir, 'lab'), 'utf8')).toBe(text);
    });
  }

  it('fills in tokens and settings missing from an older file', async () => {
    await fs.writeFile(statePath(dir, 'lab'), JSON.stringify({ version: 1, lab: 'lab', resources: { vpc: { id: 'vpc-1', at: 'x' } } }));
    const store = await StateStore.open(dir, 'lab');
    expect(store.id('vpc')).toBe('vpc-1');
    expect(store.snapshot.tokens).toEqual({});
    expect(store.snapshot.settings).toEqual({});
  });
});

describe('the lock', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.pid) process.kill(c.pid);
  });

  /** A process that stays alive until the test ends. */
  async function liveProcess(): Promise<number> {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    children.push(child);
    await new Promise((r) => child.once('spawn', r));
    return child.pid!;
  }

  /** The pid of a process that has exited. */
  function deadPid(): number {
    const r = spawnSync(process.execPath, ['-e', '']);
    expect(r.status).toBe(0);
    return r.pid;
  }

  const lockFile = (lab = 'lab') => path.join(dir, `${lab}.lock`);
  const holderFile = (holder: LockHolder) => fs.writeFile(lockFile(), JSON.stringify(holder));

  it('is taken, written with this pid, and released', async () => {
    const stale: LockHolder[] = [];
    const release = await acquireLock(dir, 'lab', 'up', (h) => stale.push(h));
    const holder = JSON.parse(readFileSync(lockFile(), 'utf8')) as LockHolder;
    expect(holder.pid).toBe(process.pid);
    expect(holder.command).toBe('up');
    await release();
    expect(existsSync(lockFile())).toBe(false);
    expect(stale).toEqual([]);
    // Free again.
    await (await acquireLock(dir, 'lab', 'up', () => undefined))();
  });

  it('held by a live process, stops a second run with Locked, naming the holder', async () => {
    const pid = await liveProcess();
    await holderFile({ pid, startedAt: '2026-01-01T00:00:00.000Z', command: 'destroy' });
    let staleCalled = false;
    const err = await rejection(acquireLock(dir, 'lab', 'up', () => (staleCalled = true)));
    expect(err).toBeInstanceOf(LabError);
    expect((err as LabError).code).toBe('Locked');
    expect((err as LabError).message).toContain(`pid ${pid}`);
    expect((err as LabError).message).toContain('destroy');
    expect((err as LabError).hint).toContain(lockFile());
    expect(staleCalled).toBe(false);
    // The holder's lock is untouched.
    expect(JSON.parse(readFileSync(lockFile(), 'utf8')).pid).toBe(pid);
  });

  it('left by a process that is gone, is taken over and onStale is told who held it', async () => {
    const pid = deadPid();
    await holderFile({ pid, startedAt: '2026-01-01T00:00:00.000Z', command: 'up' });
    const stale: LockHolder[] = [];
    const release = await acquireLock(dir, 'lab', 'destroy', (h) => stale.push(h));
    expect(stale).toEqual([{ pid, startedAt: '2026-01-01T00:00:00.000Z', command: 'up' }]);
    const holder = JSON.parse(readFileSync(lockFile(), 'utf8')) as LockHolder;
    expect(holder.pid).toBe(process.pid);
    expect(holder.command).toBe('destroy');
    await release();
  });

  it('that is garbage, is taken over as stale', async () => {
    await fs.writeFile(lockFile(), 'not json');
    const stale: LockHolder[] = [];
    const release = await acquireLock(dir, 'lab', 'up', (h) => stale.push(h));
    expect(stale).toHaveLength(1);
    expect(stale[0].pid).toBe(0);
    await release();
  });

  it('is per lab: another lab is not blocked', async () => {
    const pid = await liveProcess();
    await holderFile({ pid, startedAt: 'now', command: 'up' });
    const release = await acquireLock(dir, 'other', 'up', () => undefined);
    await release();
  });

  describe('in a run', () => {
    let h: Harness | undefined;
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    it('up refuses while another live run holds the lab, changing nothing', async () => {
      h = createHarness();
      const pid = await liveProcess();
      await fs.writeFile(path.join(h.stateDir, 'aws-lab.lock'), JSON.stringify({ pid, startedAt: 'now', command: 'up' }));
      const err = await labErrorOf(h.up());
      expect(err.code).toBe('Locked');
      expect(h.fake.mutatingCalls()).toEqual([]);
    });

    it('up takes over a stale lock, says so, and builds the lab', async () => {
      h = createHarness();
      const pid = deadPid();
      await fs.writeFile(path.join(h.stateDir, 'aws-lab.lock'), JSON.stringify({ pid, startedAt: 'then', command: 'up' }));
      await h.up();
      expect(h.stderr()).toContain(`pid ${pid}`);
      expect(h.fake.world.instances.size).toBe(2);
      expect(existsSync(path.join(h.stateDir, 'aws-lab.lock'))).toBe(false);
    });
  });
});
