import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { constants, promises as fs, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { realClock } from '../clock.js';
import { LabError, UsageError, type Words } from '../errors.js';
import { LAB_FILE, parseLock, type HeldLock, type LockOptions, type LockRecord, type StateLocation, type Versioned } from './location.js';

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

/** The folder cannot hold the state: the errno code says why (ui words it), else Node's own text. */
function unusable(dir: string, err: NodeJS.ErrnoException): LabError {
  return new LabError('StateUnwritable', ['err_folderUnwritable', dir, err.code, err.message], ['hint_stateDir'], 2);
}

/**
 * Make the folder one level at a time: Node's recursive mkdir spins forever on a path it
 * can never make (`/proc/x` answers ENOENT to every try), and its errors name no reason.
 * Each folder made is its owner's alone (0700: it holds private keys), and the folder
 * itself, when made here, gets a `.gitignore` of `*` (a state folder in a project must
 * never be committed). Answers whether it made `dir`.
 */
export async function makeFolder(dir: string): Promise<boolean> {
  const missing: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    const st = await fs.stat(at).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' || err.code === 'ENOTDIR' ? undefined : Promise.reject(unusable(dir, err))));
    if (st) {
      if (!st.isDirectory()) throw new LabError('StateUnwritable', ['err_folderFileInWay', dir, at], ['hint_stateDir'], 2);
      break;
    }
    missing.unshift(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  let made = false;
  for (const d of missing) {
    made = await fs.mkdir(d, { mode: 0o700 }).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'EEXIST' && statSync(d, { throwIfNoEntry: false })?.isDirectory()) return false; // made by another run meanwhile
        throw unusable(dir, err);
      },
    );
  }
  if (made) await writePrivate(path.join(dir, '.gitignore'), '*\n').catch((err: NodeJS.ErrnoException) => Promise.reject(unusable(dir, err)));
  return made;
}

/**
 * A file only its owner may read, written whole or not at all: under a random name opened
 * with O_EXCL (a link planted there is never followed; the name cannot be guessed ahead),
 * its mode set on the open file, then renamed into place (a link at `file` is replaced,
 * not followed).
 */
export async function writePrivate(file: string, content: string | Uint8Array, mode = 0o600): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(12).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx', mode);
  try {
    await handle.chmod(mode); // whatever the umask
    await handle.writeFile(content);
    await handle.close();
    await fs.rename(tmp, file);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * A folder others can write (or that another user owns) could have a lab's keys read or
 * replaced: said in one line (the engine names it; ui words it). Undefined when it is fine,
 * or where modes mean nothing (Windows).
 */
export async function openFolderConcern(dir: string): Promise<Words | undefined> {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  const st = await fs.stat(dir).catch(() => undefined);
  if (!st) return undefined;
  const writable = (st.mode & 0o022) !== 0;
  const foreign = st.uid !== uid;
  return writable || foreign ? ['warn_stateFolderOpen', dir, (st.mode & 0o777).toString(8).padStart(3, '0'), foreign] : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One run per lab at a time: a lock file made with O_EXCL. A lock left by a process that
 * is gone is taken over (and said so through `onStale`); a live holder stops this run
 * with its pid and start time, or (`wait`) is waited for.
 */
export async function acquireLock(dir: string, lab: string, command: string, onStale: (holder: LockRecord) => void, opts: { wait?: boolean; onWait?: (holder: LockRecord) => void } = {}): Promise<() => Promise<void>> {
  const file = path.join(dir, `${lab}.lock`);
  await makeFolder(dir);
  const me: LockRecord = { pid: process.pid, startedAt: new Date().toISOString(), command, token: randomUUID(), host: os.hostname() };
  let waited = false;
  for (let tries = 0; tries < 3; ) {
    try {
      await fs.writeFile(file, JSON.stringify(me), { flag: 'wx' });
      return async () => {
        await fs.rm(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw unusable(dir, err as NodeJS.ErrnoException);
    }
    let holder: LockRecord | undefined;
    try {
      holder = parseLock(await fs.readFile(file, 'utf8'));
    } catch {
      holder = undefined; // removed meanwhile, or unreadable: try again
    }
    if (holder && holder.pid !== process.pid && alive(holder.pid)) {
      if (opts.wait) {
        if (!waited) opts.onWait?.(holder);
        waited = true;
        await realClock.sleep(1000);
        continue;
      }
      throw new LabError('Locked', ['err_lockedFolder', lab, holder.pid, holder.command, holder.startedAt], ['hint_lockedFolder', file]);
    }
    tries++;
    onStale(holder ?? { pid: 0, startedAt: 'unknown', command: 'unknown' });
    await fs.rm(file, { force: true });
  }
  throw new LabError('Locked', ['err_lockNotTaken', file], ['hint_lockNotTaken', file]);
}

/** The state as a file per lab in a folder, written atomically, with the previous one as `.bak`. */
/**
 * A private key's file in a folder: `<name>.pem`. The name comes from saved state (anyone
 * who can write it): a name with a path in it, or one that leads out of `dir`, stops here.
 */
export function keyFilePath(dir: string, name: string): string {
  const file = path.join(dir, `${name}.pem`);
  if (/[\\/\u0000-\u001f]/.test(name) || name.startsWith('.') || path.dirname(path.resolve(file)) !== path.resolve(dir)) {
    throw new UsageError(['err_keyOutside', name, dir], ['hint_keyOutside']);
  }
  return file;
}

/** A private key written where only its owner can read it (0600), whole or not at all. */
export async function writeKeyFile(dir: string, name: string, text: string): Promise<string> {
  const file = keyFilePath(dir, name);
  await makeFolder(dir);
  await writePrivate(file, text);
  return file;
}

export class FolderLocation implements StateLocation {
  readonly localDir: string;
  private readonly warn?: (words: Words) => void;
  private warned = false;

  constructor(
    readonly where: string,
    opts: { warn?: (words: Words) => void } = {},
  ) {
    this.localDir = path.resolve(where);
    this.warn = opts.warn;
  }

  nameOf(lab: string): string {
    return path.join(this.localDir, `${lab}.json`);
  }

  async prepare(): Promise<void> {
    const made = await makeFolder(this.localDir);
    if (!made && !this.warned && this.warn) {
      const concern = await openFolderConcern(this.localDir);
      if (concern) this.warn(concern);
      this.warned = true;
    }
    await fs.access(this.localDir, constants.W_OK).catch((err: NodeJS.ErrnoException) => {
      throw unusable(this.localDir, err);
    });
  }

  /** Sync, as `readState` has always been. */
  readSync(lab: string): Versioned | undefined {
    const file = this.nameOf(lab);
    try {
      const text = readFileSync(file, 'utf8');
      return { text, version: hash(text) };
    } catch (err) {
      // Nothing there: none yet (a file in the way of the folder is named when a run would write).
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw new LabError('StateUnreadable', ['err_stateUnreadable', file, (err as Error).message], ['hint_stateUnreadable']);
    }
  }

  async read(lab: string): Promise<Versioned | undefined> {
    return this.readSync(lab);
  }

  /** The lock keeps other runs out; the previous file is kept as `.bak` (written as the state is: no link followed). */
  async write(lab: string, text: string): Promise<string> {
    const file = this.nameOf(lab);
    await makeFolder(this.localDir);
    const previous = await fs.readFile(file).catch(() => undefined);
    if (previous) await writePrivate(`${file}.bak`, previous);
    await writePrivate(file, text);
    return hash(text);
  }

  async discard(lab: string): Promise<void> {
    const file = this.nameOf(lab);
    await fs.rename(file, `${file}.bak`).catch(() => undefined);
  }

  async setAside(lab: string): Promise<void> {
    const file = this.nameOf(lab);
    await fs.rename(file, `${file}.discarded-${Date.now()}`).catch(() => undefined);
  }

  async labs(): Promise<string[]> {
    const names = await fs.readdir(this.localDir).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).filter((n) => LAB_FILE.test(n)).sort();
  }

  async lock(lab: string, opts: LockOptions): Promise<HeldLock> {
    const release = await acquireLock(this.localDir, lab, opts.command, (h) => opts.onTakeover(h, 'gone'), opts);
    return { check: () => undefined, release };
  }

  async lockOf(lab: string) {
    const text = await fs.readFile(path.join(this.localDir, `${lab}.lock`), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    const st = await fs.stat(path.join(this.localDir, `${lab}.lock`)).catch(() => undefined);
    return { record: parseLock(text), version: hash(text), age: st ? Date.now() - st.mtimeMs : undefined };
  }

  async unlock(lab: string, version: string): Promise<void> {
    const file = path.join(this.localDir, `${lab}.lock`);
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined && hash(text) === version) await fs.rm(file, { force: true });
  }

  private keyPath(name: string): string {
    return keyFilePath(this.localDir, name);
  }

  /** Where only its owner can read it; it goes nowhere else. */
  async saveKey(name: string, material: string): Promise<void> {
    await writeKeyFile(this.localDir, name, material.endsWith('\n') ? material : `${material}\n`);
  }

  async hasKey(name: string): Promise<boolean> {
    return fs.access(this.keyPath(name)).then(
      () => true,
      () => false,
    );
  }

  async readKey(name: string): Promise<string | undefined> {
    return fs.readFile(this.keyPath(name), 'utf8').catch(() => undefined);
  }

  async removeKey(name: string): Promise<void> {
    await fs.rm(this.keyPath(name), { force: true });
  }

  async keyFile(name: string): Promise<string> {
    return this.keyPath(name);
  }
}
