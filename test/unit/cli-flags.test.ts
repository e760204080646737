/**
 * Issue 24, item 7: the lock's wait and the web page's wait are two flags that say which —
 * `--wait-for-lock` (up, destroy, state move: the commands that take the lab's lock) and
 * `up --no-wait-for-page` — so `up --wait-for-lock --no-wait-for-page` can be said, and is
 * honoured. The old spellings each meant one of them only: they still work for a release,
 * read as their new flag, with a warning naming it.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UpFlags } from '../../src/cli/flags.js';
import { buildProgram } from '../../src/cli/program.js';
import { createHarness, DEFAULT_LAB, type Harness } from '../support/drive.js';

/** The command a command line names and the flags commander gives its action (no action runs). */
async function parse(...args: string[]): Promise<{ command: string; flags: UpFlags }> {
  const program = buildProgram();
  let got: { command: string; flags: UpFlags } | undefined;
  const capture = (cmd: Command): void => {
    cmd.action((...a: unknown[]) => void (got = { command: cmd.name(), flags: a.at(-2) as UpFlags }));
    cmd.commands.forEach(capture);
  };
  program.commands.forEach(capture);
  await program.parseAsync(args, { from: 'user' });
  return got!;
}

/** The exit code commander's error leads to (the program exits 2 on a bad flag), its message kept out of the output. */
async function refused(...args: string[]): Promise<number | undefined> {
  const exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
    throw Object.assign(new Error('exit'), { exitCode: code });
  }) as typeof process.exit);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await parse(...args);
    return undefined;
  } catch (err) {
    return (err as { exitCode?: number }).exitCode;
  } finally {
    exit.mockRestore();
    stderr.mockRestore();
  }
}

const helpOf = (...names: string[]) => {
  let cmd: Command = buildProgram();
  for (const n of names) cmd = cmd.commands.find((c) => c.name() === n)!;
  return cmd.helpInformation();
};

describe('the lock\'s wait and the page\'s wait, as the command line says them', () => {
  it('up --wait-for-lock --no-wait-for-page: both, each its own', async () => {
    const { command, flags } = await parse('up', '--wait-for-lock', '--no-wait-for-page');
    expect(command).toBe('up');
    expect([flags.waitForLock, flags.waitForPage, flags.renamed]).toEqual([true, false, undefined]);
    const plain = (await parse('up')).flags;
    expect([plain.waitForLock, plain.waitForPage]).toEqual([undefined, true]);
    expect((await parse('up', '--no-wait-for-page')).flags.waitForLock).toBeUndefined();
    expect((await parse('up', '--wait-for-lock')).flags.waitForPage).toBe(true);
  });

  it('the commands that take the lab\'s lock wait for it on --wait-for-lock; the others have no such flag (exit 2)', async () => {
    expect((await parse('destroy', '--wait-for-lock')).flags.waitForLock).toBe(true);
    expect((await parse('state', 'move', '--to', 'elsewhere', '--wait-for-lock')).flags.waitForLock).toBe(true);
    for (const args of [['status'], ['plan'], ['check'], ['class', 'up', '--roster', 'r.csv']]) expect(await refused(...args, '--wait-for-lock'), args.join(' ')).toBe(2);
    expect(await refused('plan', '--no-wait-for-page')).toBe(2);
    expect(await refused('destroy', '--no-wait-for-page')).toBe(2);
  });

  it('the old spellings still work for a release, each read as the one flag it meant, and are noted for a warning', async () => {
    const { flags } = await parse('up', '--wait', '--no-wait');
    expect([flags.waitForLock, flags.waitForPage]).toEqual([true, false]);
    expect(flags.renamed).toEqual([
      { old: '--wait', now: '--wait-for-lock' },
      { old: '--no-wait', now: '--no-wait-for-page' },
    ]);
    // Either order, either alone: one never undoes the other (they were one option before).
    const reversed = (await parse('up', '--no-wait', '--wait')).flags;
    expect([reversed.waitForLock, reversed.waitForPage]).toEqual([true, false]);
    const old = (await parse('up', '--no-wait')).flags;
    expect([old.waitForLock, old.waitForPage]).toEqual([undefined, false]);
    expect((await parse('destroy', '--wait')).flags).toMatchObject({ waitForLock: true, renamed: [{ old: '--wait', now: '--wait-for-lock' }] });
    // A command that never waits for a lock accepted --wait and ignored it: it still does, and says so.
    const status = (await parse('status', '--wait')).flags;
    expect([status.waitForLock, status.renamed]).toEqual([undefined, [{ old: '--wait', now: undefined }]]);
    expect(await refused('destroy', '--no-wait')).toBe(2); // it never had one
  });

  it('--help shows the new names only, each with what it waits for', () => {
    const up = helpOf('up');
    expect(up).toMatch(/--wait-for-lock\s+if another run holds the lab's lock,\s+wait\s+for\s+it/);
    expect(up).toMatch(/--no-wait-for-page\s+end when the last resource is made,\s+without\s+waiting/);
    expect(up).not.toMatch(/--wait\s|--no-wait\s/);
    expect(helpOf('destroy')).toMatch(/--wait-for-lock/);
    expect(helpOf('status')).not.toMatch(/--wait/);
  });
});

describe('up --wait-for-lock --no-wait-for-page, honoured', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('waits for the run that holds the lab\'s lock, then builds the lab, and never asks the web page', async () => {
    const asked: string[] = [];
    h = createHarness({ page: async (url) => (asked.push(url), { status: 200 }) });
    // Another run, alive, holds the lock; it ends a moment later.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    await new Promise((r) => holder.once('spawn', r));
    const lockFile = path.join(h.stateDir, `${DEFAULT_LAB}.lock`);
    writeFileSync(lockFile, JSON.stringify({ pid: holder.pid, startedAt: '2026-12-06T21:00:00.000Z', command: 'up' }));
    const { flags } = await parse('up', '--wait-for-lock', '--no-wait-for-page');
    const run = h.up(flags);
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.stderr()).toMatch(/waiting for the run that holds lab "aws-lab"/);
    expect(h.fake.mutatingCalls()).toEqual([]); // nothing made while it waits
    holder.kill();
    rmSync(lockFile);
    await run;
    expect(h.stdout()).toMatch(/The lab is up\./);
    expect(asked).toEqual([]);
    expect(h.stderr()).not.toMatch(/waiting for the web page/);

    // Without --wait-for-lock the same holder stops the run, naming it.
    const again = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    await new Promise((r) => again.once('spawn', r));
    writeFileSync(lockFile, JSON.stringify({ pid: again.pid, startedAt: '2026-12-06T21:00:00.000Z', command: 'destroy' }));
    await expect(h.up((await parse('up', '--no-wait-for-page')).flags)).rejects.toMatchObject({ code: 'Locked' });
    again.kill();
  });
});
