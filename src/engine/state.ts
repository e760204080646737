import { randomUUID } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { LabError } from './errors.js';

export interface StateData {
  version: 1;
  lab: string;
  region?: string;
  settings: Record<string, unknown>;
  /**
   * Resource IDs by resource key; never secrets. `at` is when it was made (for one found
   * rather than made: when it was first recorded); kept while the ID stays the same. For a
   * while after that, AWS may not show the ID everywhere yet.
   */
  resources: Record<string, { id: string; at: string }>;
  /** Idempotency tokens, saved before the create that uses them so a rerun sends the same. */
  tokens: Record<string, string>;
  /** Creates begun and not yet recorded (a crash in between): key -> when. */
  creating?: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

export function statePath(dir: string, lab: string): string {
  return path.join(dir, `${lab}.json`);
}

function empty(lab: string, now: string): StateData {
  return { version: 1, lab, settings: {}, resources: {}, tokens: {}, createdAt: now, updatedAt: now };
}

/** Read a state file without locking it (for status, plan, ssh). Undefined when there is none. */
export function readState(dir: string, lab: string): StateData | undefined {
  const file = statePath(dir, lab);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LabError('StateUnreadable', `cannot read the state file ${file}: ${(err as Error).message}`, 'check its permissions, or run again with --rediscover to rebuild it from the lab\'s tags');
  }
  try {
    const data = JSON.parse(text) as StateData;
    if (data?.version !== 1 || typeof data.resources !== 'object' || data.lab !== lab) throw new Error('unexpected content');
    data.tokens ??= {};
    data.settings ??= {};
    return data;
  } catch (err) {
    throw new LabError(
      'StateCorrupt',
      `the state file ${file} is corrupt (${(err as Error).message})`,
      `restore ${file}.bak, or run again with --rediscover to rebuild the state from the lab's tags`,
    );
  }
}

/**
 * The state file of one lab. Every change is written at once, atomically (temp file and
 * rename), and the previous version is kept as `.bak`. Writes from parallel steps are
 * queued so that none is lost; changes made while a write is under way share the next one.
 */
export class StateStore {
  private queue: Promise<void> = Promise.resolve();
  /** The queued write that has not begun: it writes whatever the state is when it does. */
  private next?: Promise<void>;

  private constructor(
    readonly file: string,
    private data: StateData,
  ) {}

  /** Open (or start) the state of a lab; `fresh` ignores what is on disk (--rediscover). */
  static async open(dir: string, lab: string, opts: { fresh?: boolean } = {}): Promise<StateStore> {
    const file = statePath(dir, lab);
    const now = new Date().toISOString();
    if (opts.fresh) {
      await fs.rename(file, `${file}.discarded-${Date.now()}`).catch(() => undefined);
      return new StateStore(file, empty(lab, now));
    }
    return new StateStore(file, readState(dir, lab) ?? empty(lab, now));
  }

  /** A store that is never written: for tests and for plan. */
  static inMemory(lab: string, data?: Partial<StateData>): StateStore {
    const store = new StateStore('', { ...empty(lab, new Date().toISOString()), ...data });
    return store;
  }

  get snapshot(): Readonly<StateData> {
    return this.data;
  }

  id(key: string): string | undefined {
    return this.data.resources[key]?.id;
  }

  get isEmpty(): boolean {
    return Object.keys(this.data.resources).length === 0;
  }

  /** When its create began (a create was begun and its ID never recorded). */
  creatingSince(key: string): string | undefined {
    return this.data.creating?.[key];
  }

  hasToken(key: string): boolean {
    return key in this.data.tokens;
  }

  /** Record that a create begins: a crash before its ID is recorded still leaves a trace. */
  async creating(key: string): Promise<void> {
    this.data.creating = { ...this.data.creating, [key]: new Date().toISOString() };
    await this.save();
  }

  /** The create was refused: there is nothing to look for. */
  async notCreating(key: string): Promise<void> {
    if (!this.data.creating?.[key]) return;
    delete this.data.creating[key];
    await this.save();
  }

  async setId(key: string, id: string): Promise<void> {
    const began = this.data.creating?.[key];
    if (this.data.resources[key]?.id === id && !began) return;
    if (this.data.resources[key]?.id !== id) this.data.resources[key] = { id, at: began ?? new Date().toISOString() };
    if (began) delete this.data.creating![key];
    await this.save();
  }

  /** Forget a resource that is gone, with its token: a new one needs a new token. */
  async remove(key: string): Promise<void> {
    if (!(key in this.data.resources) && !(key in this.data.tokens) && !this.data.creating?.[key]) return;
    delete this.data.resources[key];
    delete this.data.tokens[key];
    if (this.data.creating) delete this.data.creating[key];
    await this.save();
  }

  /** The idempotency token for a create, saved before the call is made. */
  async token(key: string): Promise<string> {
    const existing = this.data.tokens[key];
    if (existing) return existing;
    const token = `${this.data.lab}-${key}-${randomUUID()}`.slice(0, 64);
    this.data.tokens[key] = token;
    await this.save();
    return token;
  }

  async setSettings(region: string, settings: Record<string, unknown>): Promise<void> {
    this.data.region = region;
    this.data.settings = settings;
    await this.save();
  }

  /** Delete the file (after a full destroy); keeps the backup. */
  async discard(): Promise<void> {
    await this.flush();
    if (!this.file) return;
    await fs.rename(this.file, `${this.file}.bak`).catch(() => undefined);
  }

  flush(): Promise<void> {
    return this.queue;
  }

  private save(): Promise<void> {
    this.data.updatedAt = new Date().toISOString();
    if (!this.next) {
      this.next = this.queue.then(() => {
        this.next = undefined;
        return this.write(`${JSON.stringify(this.data, null, 2)}\n`);
      });
      this.queue = this.next;
    }
    return this.next;
  }

  private async write(text: string): Promise<void> {
    if (!this.file) return;
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, text, { mode: 0o600 });
    await fs.copyFile(this.file, `${this.file}.bak`).catch(() => undefined);
    await fs.rename(tmp, this.file);
  }
}

export interface LockHolder {
  pid: number;
  startedAt: string;
  command: string;
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
 * One run per lab at a time. A lock left by a process that is gone is taken over (and
 * said so through `onStale`); a live holder stops this run with its pid and start time.
 */
export async function acquireLock(dir: string, lab: string, command: string, onStale: (holder: LockHolder) => void): Promise<() => Promise<void>> {
  const file = path.join(dir, `${lab}.lock`);
  await fs.mkdir(dir, { recursive: true });
  const me: LockHolder = { pid: process.pid, startedAt: new Date().toISOString(), command };
  for (let tries = 0; tries < 3; tries++) {
    try {
      await fs.writeFile(file, JSON.stringify(me), { flag: 'wx' });
      return async () => {
        await fs.rm(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder: LockHolder | undefined;
    try {
      holder = JSON.parse(await fs.readFile(file, 'utf8')) as LockHolder;
    } catch {
      holder = undefined; // half-written or garbage: treat as stale
    }
    if (holder && holder.pid !== process.pid && alive(holder.pid)) {
      throw new LabError(
        'Locked',
        `another aws-lab-setup run (pid ${holder.pid}, ${holder.command}, started ${holder.startedAt}) is working on lab "${lab}"`,
        `wait for it to finish; if that process is gone, delete ${file}`,
      );
    }
    onStale(holder ?? { pid: 0, startedAt: 'unknown', command: 'unknown' });
    await fs.rm(file, { force: true });
  }
  throw new LabError('Locked', `could not take the lock ${file}`, `delete ${file} and try again`);
}
