import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { LabError, UsageError, type Words } from './errors.js';
import { FolderLocation } from './store/folder.js';
import { parseS3, s3Where, type StateLocation, type Versioned } from './store/location.js';

export { acquireLock } from './store/folder.js';
export type { HeldLock, LockRecord, StateLocation } from './store/location.js';
export { parseS3 } from './store/location.js';
export type LockHolder = import('./store/location.js').LockRecord;
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

function parseState(text: string, name: string, lab: string): StateData {
  // why: JSON.parse's own text, or undefined for JSON that is not a state of this lab.
  const corrupt = (why: string | undefined) => new LabError('StateCorrupt', ['err_stateCorrupt', name, why], ['hint_stateCorrupt', name]);
  let data: StateData;
  try {
    data = JSON.parse(text) as StateData;
  } catch (err) {
    throw corrupt((err as Error).message);
  }
  if (data?.version !== 1 || typeof data.resources !== 'object' || data.lab !== lab) throw corrupt(undefined);
  data.tokens ??= {};
  data.settings ??= {};
  return data;
}

/** Read a state file without locking it (for status, plan, ssh). Undefined when there is none. */
export function readState(dir: string, lab: string): StateData | undefined {
  const folder = new FolderLocation(dir);
  const got = folder.readSync(lab);
  return got && parseState(got.text, folder.nameOf(lab), lab);
}

/** The same, wherever the state lives. */
export async function readSaved(location: StateLocation, lab: string): Promise<StateData | undefined> {
  const got = await location.read(lab);
  return got && parseState(got.text, location.nameOf(lab), lab);
}

/** What opening an S3 location needs: a client, made only then (its SDK is loaded only then). */
export interface LocationDeps {
  s3(): Promise<S3Client>;
  /** The account the bucket must belong to (the caller's, or --state-bucket-owner): asked when the first call is made. */
  bucketOwner(): Promise<string>;
  /** A folder's concern said in one line (a state folder others may write). */
  warn?(words: Words): void;
}

/** A folder path, or s3://BUCKET/PREFIX. */
export async function openLocation(where: string, deps?: LocationDeps): Promise<StateLocation> {
  if (!/^s3:\/\//i.test(where)) return new FolderLocation(where, { warn: deps?.warn });
  const address = parseS3(where)!;
  if (!deps) throw new UsageError(['err_s3NotOffered', where], ['hint_s3NotOffered']);
  const { S3Location } = await import('./store/s3.js');
  return new S3Location(await deps.s3(), address, { owner: deps.bucketOwner });
}

/**
 * The state of one lab, wherever it lives (a folder, S3: see store/). Every change is
 * written at once, atomically, and the previous version is kept as the backup. Writes
 * from parallel steps are queued so that none is lost; changes made while a write is
 * under way share the next one. Each write is made on the version this run read or last
 * wrote, and only while this run still holds the lab's lock (`guard`).
 */
export class StateStore {
  private queue: Promise<void> = Promise.resolve();
  /** The queued write that has not begun: it writes whatever the state is when it does. */
  private next?: Promise<void>;
  /** Keys of a store that is never written. */
  private keys = new Map<string, string>();

  private constructor(
    private readonly location: StateLocation | undefined,
    private data: StateData,
    private stored: Versioned | undefined,
    private readonly guard: () => void = () => undefined,
  ) {}

  /** Where it is written, for messages ('' for a store in memory). */
  get file(): string {
    return this.location?.nameOf(this.data.lab) ?? '';
  }

  /**
   * Open (or start) the state of a lab; `fresh` ignores what is stored (--rediscover).
   * `validate` checks what is read (the caller's rules: the engine knows no settings), for
   * the state read again under the lock may differ from the one the caller checked before.
   */
  static async open(
    where: string | StateLocation,
    lab: string,
    opts: { fresh?: boolean; guard?: () => void; validate?: (data: StateData, where: string) => void } = {},
  ): Promise<StateStore> {
    const location = typeof where === 'string' ? new FolderLocation(where) : where;
    const now = new Date().toISOString();
    if (opts.fresh) {
      await location.setAside(lab);
      return new StateStore(location, empty(lab, now), undefined, opts.guard);
    }
    const got = await location.read(lab);
    const data = got ? parseState(got.text, location.nameOf(lab), lab) : empty(lab, now);
    if (got) opts.validate?.(data, location.nameOf(lab));
    return new StateStore(location, data, got, opts.guard);
  }

  /** A store that is never written: for tests, for plan and for looks (its keys still come from `location`). */
  static inMemory(lab: string, data?: Partial<StateData>, location?: StateLocation): StateStore {
    const store = new StateStore(undefined, { ...empty(lab, new Date().toISOString()), ...data }, undefined);
    store.keyLocation = location;
    return store;
  }

  private keyLocation?: StateLocation;
  private get keyStore(): StateLocation | undefined {
    return this.location ?? this.keyLocation;
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

  /** A private key the tool made: kept with the state. */
  async saveKey(name: string, material: string): Promise<void> {
    if (this.keyStore) await this.keyStore.saveKey(name, material);
    else this.keys.set(name, material);
  }

  async hasKey(name: string): Promise<boolean> {
    return this.keyStore ? this.keyStore.hasKey(name) : this.keys.has(name);
  }

  async removeKey(name: string): Promise<void> {
    if (this.keyStore) await this.keyStore.removeKey(name);
    else this.keys.delete(name);
  }

  /** A local file holding the key (0600), for ssh: from S3, written only now. */
  async keyFile(name: string, fallback: string): Promise<string> {
    return this.keyStore ? this.keyStore.keyFile(name) : fallback;
  }

  /** Remove the state (after a full destroy); keeps the backup. */
  async discard(): Promise<void> {
    await this.flush();
    if (!this.location || !this.stored) return;
    this.guard();
    await this.location.discard(this.data.lab, this.stored);
    this.stored = undefined;
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
    if (!this.location) return;
    this.guard();
    const version = await this.location.write(this.data.lab, text, this.stored);
    this.stored = { text, version };
  }
}

/** `state init`: a bucket that is right for a state in S3 (versioning, encryption, Block Public Access, lifecycle). */
export async function initStateBucket(where: string, s3: S3Client, region: string, owner: string): Promise<{ created: boolean; where: string }> {
  const address = parseS3(where);
  if (!address) throw new UsageError(['err_notS3', where], ['hint_notS3']);
  const { initBucket } = await import('./store/s3-init.js');
  const { created } = await initBucket(s3, address, region, owner);
  return { created, where: s3Where(address) };
}

/**
 * `state move`: each lab's state (and its key files: private key, known hosts) from one location to another,
 * under both locks; the target must not have that lab already. The source keeps its backup.
 */
export async function moveState(
  from: StateLocation,
  to: StateLocation,
  labs: string[],
  lock: (location: StateLocation, lab: string) => Promise<{ release(): Promise<void> }>,
  keysOf: (data: StateData) => string[],
): Promise<string[]> {
  await to.prepare();
  await from.prepare();
  const moved: string[] = [];
  for (const lab of labs) {
    const a = await lock(from, lab);
    try {
      const b = await lock(to, lab);
      try {
        const got = await from.read(lab);
        if (!got) continue;
        const data = parseState(got.text, from.nameOf(lab), lab);
        if (await to.read(lab)) throw new LabError('StateExists', ['err_stateExists', to.nameOf(lab), lab], ['hint_stateExists'], 2);
        const keys: [string, string][] = [];
        for (const key of keysOf(data)) {
          const material = await from.readKey(key);
          if (material) keys.push([key, material]);
        }
        for (const [key, material] of keys) await to.saveKey(key, material);
        await to.write(lab, got.text, undefined);
        await from.discard(lab, got);
        for (const [key] of keys) await from.removeKey(key);
        moved.push(lab);
      } finally {
        await b.release();
      }
    } finally {
      await a.release();
    }
  }
  return moved;
}
