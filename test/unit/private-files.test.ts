/**
 * Issue 25 item 7: the state and hand-out folders are their owner's alone (0700) with a
 * `.gitignore` of `*`, and every private file is written under a random name opened
 * O_EXCL, then renamed: a symlink planted where the old code wrote (`<file>.<pid>.tmp`,
 * `<file>.bak`, the file itself) is never followed.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeHandouts } from '../../src/class/handouts.js';
import type { Words } from '../../src/engine/errors.js';
import { FolderLocation, keyFilePath, writeKeyFile } from '../../src/engine/store/folder.js';
import { load, sayIn } from '../../src/ui/messages/index.js';

await load('ja');

const scratch = () => mkdtempSync(path.join(os.tmpdir(), 'private-files-'));
const mode = (p: string) => statSync(p).mode & 0o777;

/** A file someone else planted: what a followed link would overwrite. */
function victim(dir: string): string {
  const file = path.join(dir, 'victim.txt');
  writeFileSync(file, 'UNTOUCHED');
  chmodSync(file, 0o644);
  return file;
}

describe('state folders', () => {
  it('a new state folder (and each folder made on the way) is 0700, with a .gitignore of *', async () => {
    const root = scratch();
    const dir = path.join(root, 'a', 'b', 'state');
    await new FolderLocation(dir).prepare();
    for (const made of [path.join(root, 'a'), path.join(root, 'a', 'b'), dir]) expect(mode(made), made).toBe(0o700);
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe('*\n');
    expect(readdirSync(dir)).toEqual(['.gitignore']); // no temporary file left
  });

  it('under umask 000 too: the mode is the tool\'s, not the umask\'s', async () => {
    const old = process.umask(0);
    try {
      const dir = path.join(scratch(), 'state');
      await new FolderLocation(dir).prepare();
      expect(mode(dir)).toBe(0o700);
      await new FolderLocation(dir).saveKey('k', 'PRIVATE');
      expect(mode(keyFilePath(dir, 'k'))).toBe(0o600);
    } finally {
      process.umask(old);
    }
  });

  it('an existing folder is left as it is (no .gitignore written into a folder of the user\'s), and warned about once when others may write it', async () => {
    const dir = scratch();
    chmodSync(dir, 0o777);
    const said: Words[] = [];
    const folder = new FolderLocation(dir, { warn: (w) => said.push(w) });
    await folder.prepare();
    await folder.prepare();
    expect(said).toEqual([['warn_stateFolderOpen', dir, '777', false]]);
    expect(existsSync(path.join(dir, '.gitignore'))).toBe(false);
    expect(mode(dir)).toBe(0o777);
    // One line, in both languages.
    for (const lang of ['en', 'ja'] as const) {
      const line = sayIn(lang, said[0]);
      expect(line).toContain(dir);
      expect(line).toContain('777');
      expect(line.split('\n')).toHaveLength(1);
    }

    const mine = scratch();
    chmodSync(mine, 0o700);
    const quiet: Words[] = [];
    await new FolderLocation(mine, { warn: (w) => quiet.push(w) }).prepare();
    expect(quiet).toEqual([]);
  });
});

describe('private files never follow a planted link', () => {
  it('the state: a link at the old temporary name and at the backup\'s name is not followed; the state and its backup are 0600 files', async () => {
    const dir = path.join(scratch(), 'state');
    const folder = new FolderLocation(dir);
    await folder.prepare();
    const target = victim(path.dirname(dir));
    const file = folder.nameOf('lab1');
    symlinkSync(target, `${file}.${process.pid}.tmp`);
    await folder.write('lab1', '{"first":1}');
    symlinkSync(target, `${file}.bak`);
    await folder.write('lab1', '{"second":2}');
    expect(readFileSync(target, 'utf8')).toBe('UNTOUCHED');
    expect(mode(target)).toBe(0o644);
    expect(readFileSync(file, 'utf8')).toBe('{"second":2}');
    expect(lstatSync(`${file}.bak`).isSymbolicLink()).toBe(false);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe('{"first":1}');
    for (const f of [file, `${file}.bak`]) expect(mode(f)).toBe(0o600);
  });

  it('a private key (the folder\'s, and S3\'s local copy): a link at the old temporary name or at the key\'s own name is not followed; the key is a 0600 file', async () => {
    const dir = path.join(scratch(), 'keys');
    mkdirSync(dir, { mode: 0o700 });
    const target = victim(path.dirname(dir));
    const key = keyFilePath(dir, 'lab1-key');
    symlinkSync(target, `${key}.${process.pid}.tmp`);
    symlinkSync(target, key);
    await writeKeyFile(dir, 'lab1-key', 'PRIVATE\n');
    expect(readFileSync(target, 'utf8')).toBe('UNTOUCHED');
    expect(lstatSync(key).isSymbolicLink()).toBe(false);
    expect(readFileSync(key, 'utf8')).toBe('PRIVATE\n');
    expect(mode(key)).toBe(0o600);
    // Written again (ssh asks each time): still one file, still 0600, no temporary left.
    await writeKeyFile(dir, 'lab1-key', 'PRIVATE\n');
    expect(mode(key)).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp') && !f.startsWith('lab1-key.pem.'))).toEqual([]);
  });

  it('hand-outs: the class folder is 0700 with a .gitignore of *, and a link planted at a learner\'s key or hand-out is not followed', async () => {
    const root = scratch();
    const dir = path.join(root, 'duo');
    const target = victim(root);
    const source = path.join(root, 'instructor-key.pem');
    writeFileSync(source, 'LEARNER KEY\n', { mode: 0o600 });
    mkdirSync(path.join(dir, 'ann'), { recursive: true, mode: 0o755 });
    symlinkSync(target, path.join(dir, 'ann', 'duo-ann-key.pem'));
    symlinkSync(target, path.join(dir, 'ann', 'handout.txt'));
    const handout = { learner: 'ann', lab: 'duo-ann', klass: 'duo', keyFile: 'duo-ann-key.pem', keyMade: true, region: 'us-east-1' };
    await writeHandouts(dir, 'duo', [{ handout, outputs: { privateKeyPath: 'duo-ann-key.pem', instanceIds: {} }, privateKey: source }], 'en');
    expect(readFileSync(target, 'utf8')).toBe('UNTOUCHED');
    const key = path.join(dir, 'ann', 'duo-ann-key.pem');
    expect(lstatSync(key).isSymbolicLink()).toBe(false);
    expect(readFileSync(key, 'utf8')).toBe('LEARNER KEY\n');
    expect(mode(key)).toBe(0o600);
    expect(mode(path.join(dir, 'ann'))).toBe(0o700);
    expect(readFileSync(path.join(dir, 'ann', 'handout.txt'), 'utf8')).toContain('duo-ann');

    const fresh = path.join(root, 'trio');
    await writeHandouts(fresh, 'trio', [], 'en');
    expect(mode(fresh)).toBe(0o700);
    expect(readFileSync(path.join(fresh, '.gitignore'), 'utf8')).toBe('*\n');
  });
});
