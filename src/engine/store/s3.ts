// Loaded only for a state in S3 (engine/state.ts imports it when asked for s3://...).
import { DeleteObjectCommand, GetObjectCommand, GetPublicAccessBlockCommand, ListObjectsV2Command, PutObjectCommand, type GetPublicAccessBlockCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LabError, type Words } from '../errors.js';
import { keyFilePath, writeKeyFile } from './folder.js';
import { realClock } from '../clock.js';
import { LAB_FILE, parseLock, s3Where, type S3Address, type HeldLock, type LockOptions, type LockRecord, type StateLocation, type Versioned } from './location.js';

export type { S3Address } from './location.js';

/** What a refused S3 call was doing (ui words each, with its S3 actions). */
export type S3Doing = 'readBlock' | 'read' | 'write' | 'list' | 'lock' | 'unlock' | 'writeKey';

/** A lease this long, renewed by the running command a few times within it (AWS_LAB_SETUP_LOCK_LEASE: seconds). */
export function leaseSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.AWS_LAB_SETUP_LOCK_LEASE);
  return Number.isFinite(n) && n >= 2 ? n : 120;
}

const status = (err: unknown) => (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
const code = (err: unknown) => (err as { name?: string; Code?: string })?.Code ?? (err as { name?: string })?.name ?? '';
const isPrecondition = (err: unknown) => status(err) === 412 || code(err) === 'PreconditionFailed';
/** S3 answers 409 to a conditional write that raced another on the same key: try again. */
const isConflict = (err: unknown) => code(err) === 'ConditionalRequestConflict' || (status(err) === 409 && code(err) !== 'BucketAlreadyOwnedByYou');
const isMissing = (err: unknown) => code(err) === 'NoSuchKey' || code(err) === 'NotFound' || status(err) === 404;
const isDenied = (err: unknown) => code(err) === 'AccessDenied' || status(err) === 403;

/** Every write carries its encryption: a bucket policy that demands it refuses one without (locks too). */
const ENCRYPTED = { ServerSideEncryption: 'AES256' } as const;

const CONFLICT_TRIES = 8;

/** The bucket of every call, with the account it must belong to (S3 answers 403 for a bucket of another). */
interface BucketRef {
  Bucket: string;
  ExpectedBucketOwner: string;
}

export interface S3Options {
  /**
   * The account the bucket must belong to: the caller's (asked of STS once, when the first
   * call is made) or the one --state-bucket-owner names. A mistyped or re-registered bucket
   * name in another account must never receive a lab's state and keys.
   */
  owner: string | (() => Promise<string>);
  localDir?: string;
  lease?: number;
}

export class S3Location implements StateLocation {
  readonly where: string;
  readonly localDir: string;
  private checked = false;
  private readonly owner: () => Promise<string>;
  private bucketRef?: Promise<BucketRef>;

  constructor(
    private readonly s3: S3Client,
    readonly address: S3Address,
    opts: S3Options,
  ) {
    this.where = s3Where(address);
    this.localDir = opts.localDir ?? path.join(os.homedir(), '.aws-lab-setup', 's3', address.bucket, ...address.prefix.split('/').filter(Boolean));
    this.lease = opts.lease ?? leaseSeconds();
    const owner = opts.owner;
    this.owner = typeof owner === 'string' ? async () => owner : owner;
  }

  private readonly lease: number;

  private at(): Promise<BucketRef> {
    this.bucketRef ??= this.owner().then((ExpectedBucketOwner) => ({ Bucket: this.address.bucket, ExpectedBucketOwner }));
    return this.bucketRef;
  }

  /**
   * S3 answers a bucket of another account with the same 403 as a missing permission. Two
   * reads of the bucket's Block Public Access settings tell them apart, made only after a
   * refusal and carrying nothing of the lab's: with ExpectedBucketOwner, then without (the
   * one call ever made without it). Refused only with it, the bucket is another account's;
   * answered with it, the bucket is the owner's and the refusal a missing permission.
   */
  private async refuseForeign(at: BucketRef): Promise<void> {
    const answered = async (input: { Bucket: string; ExpectedBucketOwner?: string }) => {
      try {
        await this.s3.send(new GetPublicAccessBlockCommand(input));
        return true;
      } catch (err) {
        return code(err) === 'NoSuchPublicAccessBlockConfiguration';
      }
    };
    if (await answered(at)) return;
    if (await answered({ Bucket: at.Bucket })) {
      throw new LabError('BucketNotOwned', ['err_bucketForeign', this.where, at.Bucket, at.ExpectedBucketOwner], ['hint_bucketForeign'], 1);
    }
  }

  private key(name: string): string {
    return this.address.prefix ? `${this.address.prefix}/${name}` : name;
  }

  nameOf(lab: string): string {
    return `${this.where}/${lab}.json`;
  }

  private lockKey(lab: string): string {
    return this.key(`locks/${lab}.lock`);
  }

  /** A refusal of this bucket: one line, exit 2, before anything is written. */
  private unusable(why: Words, next: Words): LabError {
    return new LabError('StateUnwritable', why, next, 2);
  }

  /** doing: what was refused, by kind (ui words it) and the object it was for. */
  private fail(err: unknown, doing: S3Doing, object?: string): never {
    if (err instanceof LabError) throw err;
    if (code(err) === 'NoSuchBucket') throw this.unusable(['err_bucketMissing', this.where, this.address.bucket], ['hint_bucketMissing', this.address.bucket, this.address.prefix]);
    if (isDenied(err)) throw this.unusable(['err_bucketDenied', this.where, doing, object], ['hint_bucketDenied', this.where]);
    throw err;
  }

  /** The bucket must block public access: a lab's state and private keys are in it. */
  async prepare(): Promise<void> {
    if (this.checked) return;
    let cfg;
    try {
      cfg = (await this.send<GetPublicAccessBlockCommandOutput>((at) => new GetPublicAccessBlockCommand(at))).PublicAccessBlockConfiguration;
    } catch (err) {
      if (code(err) !== 'NoSuchPublicAccessBlockConfiguration') this.fail(err, 'readBlock');
    }
    const all = cfg && cfg.BlockPublicAcls && cfg.IgnorePublicAcls && cfg.BlockPublicPolicy && cfg.RestrictPublicBuckets;
    if (!all) {
      throw this.unusable(['err_bucketPublic', this.where, this.address.bucket], ['hint_bucketPublic']);
    }
    this.checked = true;
  }

  /**
   * Every call of the store, on the bucket and its owner. A 409 (a conditional write racing
   * another) is tried again; a bucket of another account stops the run (exit 1); anything
   * else is thrown.
   */
  private async send<T>(make: (at: BucketRef) => object): Promise<T> {
    const at = await this.at();
    for (let i = 1; ; i++) {
      try {
        return (await this.s3.send(make(at) as never)) as T;
      } catch (err) {
        if (isDenied(err)) await this.refuseForeign(at);
        if (!isConflict(err) || i >= CONFLICT_TRIES) throw err;
        await realClock.sleep(50 * 2 ** i * Math.random());
      }
    }
  }

  private async get(key: string): Promise<(Versioned & { modified?: Date }) | undefined> {
    try {
      const out = await this.send<{ Body?: { transformToString(): Promise<string> }; ETag?: string; LastModified?: Date }>((at) => new GetObjectCommand({ ...at, Key: key }));
      return { text: (await out.Body?.transformToString()) ?? '', version: out.ETag ?? '', modified: out.LastModified };
    } catch (err) {
      if (isMissing(err) && code(err) !== 'NoSuchBucket') return undefined;
      this.fail(err, 'read', `${this.where}/${key.slice(this.address.prefix.length).replace(/^\//, '')}`);
    }
  }

  /** Put, if `cond` holds (match: the version; create: nothing there). Answers the new ETag. */
  private async put(key: string, text: string, cond: { match?: string; create?: boolean } = {}): Promise<string> {
    const out = await this.send<{ ETag?: string }>(
      (at) =>
        new PutObjectCommand({
          ...at,
          Key: key,
          Body: text,
          ContentType: 'application/json',
          ...ENCRYPTED,
          ...(cond.match ? { IfMatch: cond.match } : cond.create ? { IfNoneMatch: '*' } : {}),
        }),
    );
    return out.ETag ?? '';
  }

  private async del(key: string, match?: string): Promise<void> {
    try {
      await this.send((at) => new DeleteObjectCommand({ ...at, Key: key, ...(match ? { IfMatch: match } : {}) }));
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }

  async read(lab: string): Promise<Versioned | undefined> {
    const got = await this.get(this.key(`${lab}.json`));
    return got && { text: got.text, version: got.version };
  }

  /**
   * On the version read (If-Match), or only if there is none (If-None-Match): a run that
   * wrote meanwhile is never overwritten. A 412 whose state is exactly ours is our own
   * write, resent by the SDK after its answer was lost.
   */
  async write(lab: string, text: string, previous: Versioned | undefined): Promise<string> {
    const key = this.key(`${lab}.json`);
    try {
      if (previous) await this.put(this.key(`${lab}.json.bak`), previous.text);
      return await this.put(key, text, previous ? { match: previous.version } : { create: true });
    } catch (err) {
      if (!isPrecondition(err)) this.fail(err, 'write', this.nameOf(lab));
      const now = await this.get(key);
      if (now?.text === text) return now.version;
      throw new LabError('StateChanged', ['err_stateChanged', this.nameOf(lab)], ['hint_stateChangedWrite'], 1);
    }
  }

  async discard(lab: string, current: Versioned): Promise<void> {
    await this.put(this.key(`${lab}.json.bak`), current.text);
    try {
      await this.del(this.key(`${lab}.json`), current.version);
    } catch (err) {
      if (!isPrecondition(err)) throw err;
      throw new LabError('StateChanged', ['err_stateChanged', this.nameOf(lab)], ['hint_seeStatus'], 1);
    }
  }

  async setAside(lab: string): Promise<void> {
    const now = await this.get(this.key(`${lab}.json`));
    if (!now) return;
    await this.put(this.key(`${lab}.json.discarded-${Date.now()}`), now.text);
    await this.del(this.key(`${lab}.json`), now.version);
  }

  async labs(): Promise<string[]> {
    const names: string[] = [];
    const Prefix = this.address.prefix ? `${this.address.prefix}/` : '';
    let token: string | undefined;
    try {
      do {
        const out = await this.send<{ Contents?: { Key?: string }[]; NextContinuationToken?: string }>((at) => new ListObjectsV2Command({ ...at, Prefix, Delimiter: '/', ContinuationToken: token }));
        for (const o of out.Contents ?? []) {
          const name = o.Key!.slice(Prefix.length);
          if (name.endsWith('.json') && LAB_FILE.test(name.slice(0, -5))) names.push(name.slice(0, -5));
        }
        token = out.NextContinuationToken;
      } while (token);
    } catch (err) {
      this.fail(err, 'list', this.where);
    }
    return names.sort();
  }

  /** Milliseconds since the holder last renewed, by S3's clock of its last write. */
  private static age(got: { modified?: Date }, record?: LockRecord): number {
    const at = got.modified?.getTime() ?? (record?.renewedAt ? Date.parse(record.renewedAt) : Date.now());
    return Date.now() - at;
  }

  /**
   * Take the lab's lock: PutObject If-None-Match: *. A 412 is answered by reading the lock:
   * our own token (the SDK resent our write after a lost answer) is ours; a lease that ran
   * out (its run was killed) is taken over with If-Match on its ETag; else the holder is named.
   */
  async lock(lab: string, opts: LockOptions): Promise<HeldLock> {
    const key = this.lockKey(lab);
    const me: LockRecord = { token: randomUUID(), owner: await opts.owner?.().catch(() => undefined), host: os.hostname(), pid: process.pid, command: opts.command, startedAt: new Date().toISOString(), leaseSeconds: this.lease };
    const body = () => JSON.stringify({ ...me, renewedAt: new Date().toISOString() });
    let waited = false;
    let etag: string | undefined;
    while (!etag) {
      try {
        etag = await this.put(key, body(), { create: true });
        break;
      } catch (err) {
        if (!isPrecondition(err)) this.fail(err, 'lock', `${this.where}/locks/${lab}.lock`);
      }
      const got = await this.get(key);
      if (!got) continue; // released meanwhile
      const holder = parseLock(got.text);
      if (holder?.token === me.token) {
        etag = got.version; // our own write, resent
        break;
      }
      const age = S3Location.age(got, holder);
      if (!holder || age > (holder.leaseSeconds ?? this.lease) * 1000) {
        try {
          etag = await this.put(key, body(), { match: got.version });
          opts.onTakeover(holder ?? { pid: 0, startedAt: 'unknown', command: 'unknown' }, 'lease');
          break;
        } catch (err) {
          if (!isPrecondition(err)) throw err;
          continue; // another run took it over first, or its holder renewed: look again
        }
      }
      if (opts.wait) {
        if (!waited) opts.onWait?.(holder);
        waited = true;
        await realClock.sleep(Math.min(2000, (holder.leaseSeconds ?? this.lease) * 250));
        continue;
      }
      throw this.locked(lab, holder, age);
    }
    return this.hold(key, etag, body);
  }

  private locked(lab: string, h: LockRecord, age: number): LabError {
    const holder = { owner: h.owner, host: h.host, pid: h.pid, command: h.command, startedAt: h.startedAt };
    return new LabError('Locked', ['err_lockedS3', lab, holder, Math.max(0, Math.round(age / 1000)), h.leaseSeconds ?? this.lease], ['hint_lockedS3', lab, this.where]);
  }

  /** Renew the lease a few times within it; a renewal refused (412) means another run took it over. */
  private hold(key: string, first: string, body: () => string): HeldLock {
    let etag = first;
    let lost = false;
    let renewing: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      renewing = renewing.then(async () => {
        if (lost) return;
        try {
          etag = await this.put(key, body(), { match: etag });
        } catch (err) {
          if (isPrecondition(err)) lost = true; // else: a blip; the next renewal tries again
        }
      });
    }, (this.lease * 1000) / 4);
    timer.unref();
    return {
      check: () => {
        if (lost) throw new LabError('LockLost', ['err_lockLost', this.where], ['hint_lockLost'], 1);
      },
      release: async () => {
        clearInterval(timer);
        await renewing;
        if (lost) return;
        try {
          await this.del(key, etag);
        } catch (err) {
          if (!isPrecondition(err)) throw err; // no longer ours: leave it to its holder
        }
      },
    };
  }

  async lockOf(lab: string) {
    const got = await this.get(this.lockKey(lab));
    return got && { record: parseLock(got.text), version: got.version, age: S3Location.age(got, parseLock(got.text)) };
  }

  async unlock(lab: string, version: string): Promise<void> {
    try {
      await this.del(this.lockKey(lab), version);
    } catch (err) {
      if (!isPrecondition(err)) this.fail(err, 'unlock');
      throw new LabError('LockChanged', ['err_lockChanged', lab], ['hint_lockChanged'], 1);
    }
  }

  private keyKey(name: string): string {
    return this.key(`keys/${name}.pem`);
  }

  async saveKey(name: string, material: string): Promise<void> {
    try {
      await this.put(this.keyKey(name), material.endsWith('\n') ? material : `${material}\n`);
    } catch (err) {
      this.fail(err, 'writeKey');
    }
  }

  async hasKey(name: string): Promise<boolean> {
    return (await this.get(this.keyKey(name))) !== undefined;
  }

  async readKey(name: string): Promise<string | undefined> {
    return (await this.get(this.keyKey(name)))?.text;
  }

  async removeKey(name: string): Promise<void> {
    await this.del(this.keyKey(name));
    await fs.rm(keyFilePath(this.localDir, name), { force: true });
  }

  /** The key from the bucket, written here 0600 for ssh; a missing one leaves no file. */
  async keyFile(name: string): Promise<string> {
    const got = await this.get(this.keyKey(name));
    return got ? writeKeyFile(this.localDir, name, got.text) : keyFilePath(this.localDir, name);
  }
}
