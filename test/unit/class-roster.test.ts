import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { className, readRoster } from '../../src/class/roster.js';
import { UsageError } from '../../src/engine/errors.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'roster-'));
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};
writeFileSync(path.join(dir, 'ann.pub'), 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBx ann@laptop\n');

async function refusal(text: string): Promise<UsageError> {
  const f = file('r.csv', text);
  try {
    await readRoster(f, 'c');
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    return err as UsageError;
  }
  throw new Error('the roster was accepted');
}

describe('the roster', () => {
  it('reads learners with their optional columns, in any column order, with a BOM and blank lines', async () => {
    const f = file('week1.csv', '\ufeffregion,learner,account,public_key,profile\n\nap-northeast-1,Ann,012345678901,ann.pub,\n,bob-2,,,dev\n');
    const learners = await readRoster(f, className(f));
    expect(learners).toEqual([
      { learner: 'Ann', lab: 'week1-ann', account: '012345678901', profile: undefined, region: 'ap-northeast-1', publicKey: path.join(dir, 'ann.pub'), row: 3 },
      { learner: 'bob-2', lab: 'week1-bob-2', account: undefined, profile: 'dev', region: undefined, publicKey: undefined, row: 4 },
    ]);
  });

  it('names the class after the file unless --name says otherwise; refuses a name that cannot name labs', () => {
    expect(className('/x/Week-1.csv')).toBe('week-1');
    expect(className('/x/r.csv', 'monday')).toBe('monday');
    expect(() => className('/x/my class.csv')).toThrow(/file name gives the class name "my class"/);
  });

  it.each([
    ['learner,colour\nann,red\n', 'row 1, column "colour": unknown column'],
    ['account\n123456789012\n', 'no "learner" column'],
    ['learner\nann\nANN\n', 'row 3, column "learner": "ANN" is already on row 2'],
    ['learner\nann smith\n', 'row 2, column "learner": "ann smith" is not accepted'],
    ['learner,account\nann,12345\n', 'row 2, column "account": "12345" is not an AWS account ID'],
    ['learner,region\nann,tokyo\n', 'row 2, column "region": "tokyo" is not a region name'],
    ['learner,public_key\nann,missing.pub\n', 'row 2, column "public_key": "' + path.join(dir, 'missing.pub') + '" cannot be read or is not an OpenSSH public key'],
    ['learner,account,profile\nann,123456789012,dev\n', 'row 2, column "profile": both an account and a profile'],
    ['learner\nann,extra\n', 'row 2, column "#2": 2 values for 1 columns'],
    ['learner\nabcdefghijklmnopqrstuvwxyz0123\n', 'longer than 31 characters'],
    ['learner\n"ann\n', 'not valid CSV'],
    ['learner\n', 'has a header but no learner'],
  ])('refuses %j: %s', async (text, says) => {
    const err = await refusal(text);
    expect(err.message).toContain(says);
    expect(err.message).toContain(path.join(dir, 'r.csv'));
  });
});
