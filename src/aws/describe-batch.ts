import type { Clock } from '../engine/clock.js';
import { described, type Ec2Describe } from './ec2-kinds.js';
import { actionOf } from './retry.js';
import { isNotFound } from './errors.js';

/**
 * Thirty labs of one account waiting on their NAT gateways and servers would each ask
 * every second, 30 DescribeNatGateways a second and as many DescribeInstances: more than
 * each action's bucket refills (20 a second), so every look waits, the bucket stays empty
 * and the labs' other calls of that action (discovery, an address's look at its server)
 * wait behind them. Here the looks of one account and region at a few IDs each
 * (the waits' polls) go out at most once per BATCH_MS per action: a look that comes sooner
 * joins the next one, which asks for every ID at once and gives each caller its part.
 * A lone look (one lab, or the first in a while) goes out at once, as before.
 */
export const BATCH_MS = 500;

type Out = Record<string, unknown> & { $metadata?: unknown };

interface Batchable {
  /** The request field listing the IDs. */
  ids: string;
  /** The part of an answer about these IDs. */
  part(out: Out, ids: ReadonlySet<string>): Out;
}

type Item = Record<string, unknown>;

/** A kind's Describe by IDs, merged: each caller gets the items of its own IDs (for instances, inside their reservations). */
function batchable(d: Ec2Describe): Batchable {
  return {
    ids: d.ids,
    part: (out, ids) => {
      const mine = (i: Item) => ids.has(String(i[d.id]));
      const items = (out[d.result] ?? []) as Item[];
      const nested = d.nested;
      const kept = nested
        ? items.map((r) => ({ ...r, [nested]: ((r[nested] ?? []) as Item[]).filter(mine) })).filter((r) => (r[nested] as Item[]).length > 0)
        : items.filter(mine);
      return { ...out, [d.result]: kept };
    },
  };
}

/** The looks that can be merged (by IDs alone: no filter, no paging): the waits' polls. */
const BATCHABLE: Record<string, Batchable> = Object.fromEntries(
  (['instance', 'natGateway'] as const).map((kind) => [described(kind).command.name.replace(/Command$/, ''), batchable(described(kind))]),
);

type Command = { input: Record<string, unknown>; constructor: new (input: Record<string, unknown>) => Command };
type SendOne = (command: Command) => Promise<Out>;

interface Waiter {
  ids: Set<string>;
  command: Command;
  resolve: (out: Out) => void;
  reject: (err: unknown) => void;
}

/** The IDs of a batchable look, or undefined when it asks anything else too. */
function idsOf(command: Command): { how: Batchable; ids: string[] } | undefined {
  const how = BATCHABLE[actionOf(command)];
  if (!how) return undefined;
  const input = command.input ?? {};
  const ids = input[how.ids];
  const alone = Object.keys(input).every((k) => k === how.ids || input[k] === undefined);
  return alone && Array.isArray(ids) && ids.length > 0 ? { how, ids: ids as string[] } : undefined;
}

/** One action's looks for one account and region. */
class Lane {
  private lastSent = -Infinity;
  private next?: Waiter[];

  constructor(
    private readonly how: Batchable,
    private readonly clock: Clock,
  ) {}

  send(command: Command, ids: string[], sendOne: SendOne): Promise<Out> {
    const now = this.clock.now();
    if (!this.next && now - this.lastSent >= BATCH_MS) {
      this.lastSent = now;
      return sendOne(command);
    }
    return new Promise<Out>((resolve, reject) => {
      const w: Waiter = { ids: new Set(ids), command, resolve, reject };
      if (this.next) return void this.next.push(w);
      this.next = [w];
      void this.clock.sleep(Math.max(0, this.lastSent + BATCH_MS - now)).then(() => {
        const batch = this.next!;
        this.next = undefined;
        this.lastSent = this.clock.now();
        void this.flush(batch, sendOne);
      });
    });
  }

  /** One look for every waiter's IDs; a NotFound naming some of them is theirs, the rest ask again. */
  private async flush(batch: Waiter[], sendOne: SendOne): Promise<void> {
    if (batch.length === 1) return sendOne(batch[0].command).then(batch[0].resolve, batch[0].reject);
    const all = new Set(batch.flatMap((w) => [...w.ids]));
    const Ctor = batch[0].command.constructor;
    try {
      const out = await sendOne(new Ctor({ [this.how.ids]: [...all] }));
      for (const w of batch) w.resolve(this.how.part(out, w.ids));
    } catch (err) {
      const message = err instanceof Error ? err.message : '';
      const named = (w: Waiter) => [...w.ids].some((id) => message.includes(id));
      const theirs = isNotFound(err) ? batch.filter(named) : [];
      // Not a NotFound naming someone (throttled past its retries, refused): each asks alone.
      if (theirs.length === 0) {
        for (const w of batch) sendOne(w.command).then(w.resolve, w.reject);
        return;
      }
      for (const w of theirs) w.reject(err);
      const rest = batch.filter((w) => !theirs.includes(w));
      if (rest.length) await this.flush(rest, sendOne);
    }
  }
}

/** The batching lanes of each account and region (keyed by its rate limiter). */
const LANES = new WeakMap<object, Map<string, Lane>>();

/**
 * Send EC2 calls through `sendOne`, merging the looks by ID of many callers sharing `key`
 * (the account and region's rate limiter) as above; every other call goes as it is.
 */
export function batchLooks(key: object, clock: Clock, sendOne: SendOne): (command: Command) => Promise<Out> {
  let lanes = LANES.get(key);
  if (!lanes) LANES.set(key, (lanes = new Map()));
  const mine = lanes;
  return (command) => {
    const look = idsOf(command);
    if (!look) return sendOne(command);
    const action = actionOf(command);
    let lane = mine.get(action);
    if (!lane) mine.set(action, (lane = new Lane(look.how, clock)));
    return lane.send(command, look.ids, sendOne);
  };
}
