/**
 * The accounts and profiles a roster reaches (issue 25, item 7; security review finding 8):
 * `class plan` lists them, `class up` asks to confirm them before any credentials are used
 * (--yes confirms; no terminal and no --yes: exit 2).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { readRoster, rosterReach } from '../../src/class/roster.js';
import { classCommand } from '../../src/cli/commands/class.js';
import type { Deps } from '../../src/cli/session.js';
import type { Prompter } from '../../src/cli/wizard.js';
import { answering } from '../support/prompter.js';
import { VirtualClock } from '../../src/engine/clock.js';
import { renderClassReach } from '../../src/ui/class-views.js';
import { Reporter } from '../../src/ui/reporter.js';
import { labErrorOf } from '../support/drive.js';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A roster over two member accounts, a named profile, and the caller's own credentials. */
function roster(): string {
  dir = mkdtempSync(path.join(os.tmpdir(), 'class-reach-'));
  const file = path.join(dir, 'demo.csv');
  writeFileSync(file, ['learner,account,profile,region', 'ann,111111111111,,us-east-1', 'bob,111111111111,,us-east-1', 'cy,222222222222,,', 'dee,,teacher-b,', 'eve,,,'].join('\n'));
  return file;
}

describe('rosterReach', () => {
  it('lists each distinct account and profile once, with its number of labs, as class/targets.ts reaches them', async () => {
    const learners = await readRoster(roster(), 'demo');
    expect(rosterReach(learners, 'instructor')).toEqual([
      { account: '111111111111', profile: 'instructor', labs: 2 },
      { account: '222222222222', profile: 'instructor', labs: 1 },
      { profile: 'teacher-b', labs: 1 },
      { profile: 'instructor', labs: 1 },
    ]);
    expect(rosterReach(learners).at(-1)).toEqual({ profile: undefined, labs: 1 });
  });

  it('is said a line each: the account and the role assumed there, the profile, the default credentials', async () => {
    const text = renderClassReach(rosterReach(await readRoster(roster(), 'demo')), 'lab-role');
    expect(text.split('\n')).toEqual([
      'The roster reaches 4 account(s) or profile(s):',
      '  account 111111111111, as role lab-role assumed with your credentials: 2 lab(s)',
      '  account 222222222222, as role lab-role assumed with your credentials: 1 lab(s)',
      '  profile teacher-b: 1 lab(s)',
      '  your default credentials: 1 lab(s)',
    ]);
  });
});

describe('class up confirms them before any credentials are used', () => {
  function run(opts: { yes?: boolean; prompter?: Prompter }) {
    const out = new Sink();
    const err = new Sink();
    const deps: Deps = {
      clients: async () => {
        throw new Error('no AWS in this test');
      },
      clock: new VirtualClock(),
      detectIp: async () => '198.51.100.7/32',
      page: async () => ({ status: 200 }),
      interactive: Boolean(opts.prompter),
      prompter: opts.prompter && (async () => opts.prompter!),
    };
    const file = roster();
    const p = classCommand('up', { roster: file, yes: opts.yes, stateDir: path.join(dir!, 'state'), region: 'us-east-1' }, new Reporter('plain', out, err), deps);
    return { p, said: () => out.text + err.text };
  }

  it('without a terminal and without --yes: exit 2 (a UsageError, before any AWS call), the accounts and profiles listed', async () => {
    const r = run({});
    const e = await labErrorOf(r.p);
    expect(e.exitCode).toBe(2);
    expect(r.said()).toContain('account 111111111111, as role OrganizationAccountAccessRole');
    expect(r.said()).toContain('profile teacher-b: 1 lab(s)');
  });

  it('on a terminal: asked once; "no" makes nothing and says so', async () => {
    const { asked, prompter } = answering(false);
    const r = run({ prompter });
    await r.p;
    expect(asked).toEqual(['Build labs with these accounts and profiles?']);
    expect(r.said()).toContain('Nothing was made.');
  });
});
