import { backoff, type Clock } from '../engine/clock.js';
import type { Words } from '../engine/errors.js';
import { errorCode, isNotFound, isRefusal } from './errors.js';
import { EC2_KIND_LIST } from './ec2-kinds.js';
import { NOT_FOUND_PREFIX } from './not-found.js';
import { actionOf, type Sender } from './retry.js';

/**
 * EC2 is eventually consistent: for a moment after a create, a call that names the new ID
 * can be answered NotFound ("Eventual consistency in the Amazon EC2 API"). This module
 * remembers which IDs are that new, and retries such calls until AWS sees them.
 */

/** How long after its create an ID may still be invisible somewhere in EC2. */
export const FRESH_MS = 5 * 60_000;

/** How long one call is retried for an ID not visible yet: about what AWS's own tools wait. */
export const CONSISTENCY_RETRY = { budgetMs: 120_000, baseMs: 500, maxMs: 8_000 };

/** The ID a successful delete retires, by action: it no longer counts as not-visible-yet. */
const DELETES: Record<string, string> = Object.fromEntries(EC2_KIND_LIST.map(([, k]) => [k.delete.action, k.delete.id]));

const CREATES = /^(Create|Run|Allocate|Import)/;

/**
 * Whether each action met so far is a create: every call asks (before it goes out, and of
 * its answer), a class check makes thousands of calls of a dozen actions, and the answer
 * for a name never changes, so the regex runs once an action.
 */
const IS_CREATE = new Map<string, boolean>();
function isCreate(action: string): boolean {
  let create = IS_CREATE.get(action);
  if (create === undefined) IS_CREATE.set(action, (create = CREATES.test(action)));
  return create;
}

/** Every string anywhere in a request or response. */
function strings(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object' && !(value instanceof Uint8Array)) for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** The IDs (and key names) a response names: fields called …Id or KeyName. */
function namedIds(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) namedIds(v, out);
  else if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' && (/Id$/.test(k) || k === 'KeyName') && k !== 'OwnerId' && k !== 'RequestId') out.add(v);
      else namedIds(v, out);
    }
  }
  return out;
}

/**
 * The IDs made a short while ago: by this run (learnt from create answers) or by an earlier
 * run (the state file's record of when it made them).
 */
export class FreshIds {
  private madeAt = new Map<string, number>();

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly windowMs = FRESH_MS,
  ) {}

  /** Made `ageMs` ago. */
  add(id: string, ageMs = 0): void {
    if (ageMs < this.windowMs) this.madeAt.set(id, this.clock.now() - Math.max(0, ageMs));
  }

  forget(id: string): void {
    this.madeAt.delete(id);
  }

  isFresh(id: string): boolean {
    const at = this.madeAt.get(id);
    return at !== undefined && this.clock.now() - at < this.windowMs;
  }

  /** Remember the IDs a create's answer names (and its request did not: those are its parents). */
  learn(action: string, input: unknown, output: unknown): void {
    if (DELETES[action]) {
      for (const id of strings((input as Record<string, unknown>)?.[DELETES[action]])) this.forget(id);
      return;
    }
    if (!isCreate(action)) return;
    const given = strings(input);
    for (const id of namedIds(output)) if (!given.has(id)) this.add(id);
  }

  /** The fresh ID a NotFound error is about, when the call named one of its kind. */
  notYetVisible(err: unknown, input: unknown): string | undefined {
    if (!isNotFound(err)) return undefined;
    const prefix = NOT_FOUND_PREFIX.get(errorCode(err));
    if (prefix === undefined) return undefined;
    return [...strings(input)].find((s) => s.startsWith(prefix) && this.isFresh(s));
  }
}

export interface ConsistencyOptions {
  fresh: FreshIds;
  clock: Clock;
  signal?: AbortSignal;
  /** Told each time a call waits for an ID to become visible (the step's progress line). */
  onWait?: (words: Words) => void;
  /** Awaited before a create that has no ClientToken goes out (the state notes it)... */
  beforeCreate?: () => Promise<void>;
  /** ...and after AWS refused it (a 4xx answer: nothing was made). */
  createRefused?: () => Promise<void>;
  policy?: typeof CONSISTENCY_RETRY;
}

/**
 * Creates that cannot make a second of anything: tags, and a route, which its table keys
 * by destination (a second CreateRoute answers RouteAlreadyExists, taken as done). A
 * rerun after a crash need not wait for these to show before sending them again.
 */
const NO_SECOND = new Set(['CreateTags', 'CreateRoute']);

/** A create AWS cannot tell from a second one: no ClientToken to send again (and no DryRun). */
function tokenless(action: string, input: unknown): boolean {
  const i = input as { ClientToken?: string; DryRun?: boolean } | undefined;
  return isCreate(action) && !NO_SECOND.has(action) && !i?.ClientToken && !i?.DryRun;
}

/**
 * A call that fails NotFound on an ID made moments ago is asked again, with backoff, for
 * up to about two minutes: the ID is not visible yet, not gone. Any other answer passes
 * through. Safe for every call: a NotFound means AWS did nothing.
 */
export function withConsistency<C extends { send: unknown }>(client: Sender<C>, opts: ConsistencyOptions): Sender<C> {
  const { fresh, clock } = opts;
  const policy = opts.policy ?? CONSISTENCY_RETRY;
  const send = async (command: unknown, ...rest: unknown[]) => {
    const action = actionOf(command);
    const input = (command as { input?: unknown })?.input;
    const started = clock.now();
    const noted = tokenless(action, input);
    for (let attempt = 1; ; attempt++) {
      try {
        if (noted) await opts.beforeCreate?.();
        const out = await (client.send as (...a: unknown[]) => Promise<unknown>)(command, ...rest);
        fresh.learn(action, input, out);
        return out;
      } catch (err) {
        if (noted && isRefusal(err)) await opts.createRefused?.();
        const id = fresh.notYetVisible(err, input);
        const waited = clock.now() - started;
        if (!id || waited >= policy.budgetMs) throw err;
        const delay = Math.min(backoff(policy, attempt), policy.budgetMs - waited);
        opts.onWait?.(['progress_notVisible', id, errorCode(err), Math.max(1, Math.round(delay / 1000))]);
        await clock.sleep(delay, opts.signal);
      }
    }
  };
  return { send } as unknown as Sender<C>;
}
