import { UsageError } from '../errors.js';

/**
 * Where labs' state lives: a folder on this machine, or a prefix of an S3 bucket. One
 * interface; StateStore (engine/state.ts) and the CLI see only this, never which it is.
 */
export interface Versioned {
  text: string;
  /** What a conditional write must match: the S3 ETag, a folder file's content hash. */
  version: string;
}

/** Who holds a lab's lock, as written in the lock itself. */
export interface LockRecord {
  pid: number;
  startedAt: string;
  command: string;
  /** Unique to the run that took it: a 412 on our own resent write is told from another run's lock. */
  token?: string;
  host?: string;
  /** The caller's ARN (S3 state): who to ask. */
  owner?: string;
  /** When the holder last said it is alive, and for how long that holds. */
  renewedAt?: string;
  leaseSeconds?: number;
}

export interface LockOptions {
  command: string;
  /** Wait for a run that holds it instead of stopping. */
  wait?: boolean;
  /** The caller's ARN, asked only where a lock records it. */
  owner?: () => Promise<string | undefined>;
  /** A lock left by a run that is gone is taken over: say so. */
  onTakeover(holder: LockRecord, why: 'gone' | 'lease'): void;
  /** --wait-for-lock: another run holds it; this one waits (told once). */
  onWait?(holder: LockRecord): void;
}

export interface HeldLock {
  /** Throws once the lock is no longer this run's (another run took it over). */
  check(): void;
  release(): Promise<void>;
}

export interface StateLocation {
  /** As a person writes it: a folder path, or s3://bucket/prefix. */
  readonly where: string;
  /** A folder on this machine for the files a command needs there (a private key for ssh). */
  readonly localDir: string;
  /** Where a lab's state is, for messages. */
  nameOf(lab: string): string;
  /** Can it be written? Checked before anything is created; throws a one-line error (exit 2). */
  prepare(): Promise<void>;
  read(lab: string): Promise<Versioned | undefined>;
  /**
   * Write a lab's state over `previous` (what this run read or last wrote, kept as the
   * backup), only if it is still that. Answers the new version.
   */
  write(lab: string, text: string, previous: Versioned | undefined): Promise<string>;
  /** Remove a lab's state (a full destroy), keeping it as the backup. */
  discard(lab: string, current: Versioned): Promise<void>;
  /** --rediscover: put a lab's state aside. */
  setAside(lab: string): Promise<void>;
  /** The labs that have a state here. */
  labs(): Promise<string[]>;
  lock(lab: string, opts: LockOptions): Promise<HeldLock>;
  /** The lock as it is now (for unlock), with its version. */
  lockOf(lab: string): Promise<{ record?: LockRecord; version: string; age?: number } | undefined>;
  /** Remove a lock by hand, only if it is still `version`. */
  unlock(lab: string, version: string): Promise<void>;
  /** Private keys the tool made: kept with the state (encrypted at rest in S3). */
  saveKey(name: string, material: string): Promise<void>;
  hasKey(name: string): Promise<boolean>;
  /** The key's material (state move), undefined when there is none. */
  readKey(name: string): Promise<string | undefined>;
  removeKey(name: string): Promise<void>;
  /** A local file (0600) holding the key, for ssh: written only when asked for. */
  keyFile(name: string): Promise<string>;
}

/** One lab name, as the state's file name allows it. */
export const LAB_FILE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function parseLock(text: string): LockRecord | undefined {
  try {
    const r = JSON.parse(text) as LockRecord;
    return typeof r?.pid === 'number' ? r : undefined;
  } catch {
    return undefined; // half-written or garbage: stale
  }
}

/** An AWS account ID, as S3's ExpectedBucketOwner takes it. */
const ACCOUNT_ID = /^\d{12}$/;

/** --state-bucket-owner (or AWS_LAB_SETUP_STATE_BUCKET_OWNER): the account a state bucket must belong to. */
export function validateBucketOwner(account: string): string {
  if (!ACCOUNT_ID.test(account)) throw new UsageError(['err_bucketOwnerFlag', account], ['hint_bucketOwnerFlag']);
  return account;
}

export interface S3Address {
  bucket: string;
  /** Without a trailing slash; '' for the bucket's top. */
  prefix: string;
}

/** `s3://BUCKET/PREFIX` of an address, as the person wrote it (no trailing slash). */
export const s3Where = (a: S3Address) => `s3://${a.bucket}${a.prefix ? `/${a.prefix}` : ''}`;

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** `s3://BUCKET/PREFIX`, or undefined when `where` is not an S3 address. Throws on a bad one. */
export function parseS3(where: string): S3Address | undefined {
  const m = /^s3:\/\/([^/]*)\/?(.*)$/i.exec(where);
  if (!m) return undefined;
  const [, bucket, rest] = m;
  const prefix = rest.replace(/\/+$/, '');
  if (!BUCKET.test(bucket) || bucket.includes('..') || /(^|\/)\.\.?(\/|$)/.test(prefix) || prefix.includes('//')) {
    throw new UsageError(['err_s3Address', where], ['hint_s3Address']);
  }
  return { bucket, prefix };
}

