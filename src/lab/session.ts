import type { EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import { FreshIds, withConsistency } from '../aws/consistency.js';
import { awsErrors } from '../aws/errors.js';
import { readOnly, withRetries, type Sender } from '../aws/retry.js';
import type { Clock } from '../engine/clock.js';
import { inner, UsageError } from '../engine/errors.js';
import { createGoingOut, createRefused, discover, down, isWanted, stepProgress, type StepResult } from '../engine/graph.js';
import { conflictsOf } from '../engine/finding.js';
import type { Live, Resource, StepEvents } from '../engine/resource.js';
import { StateStore, type StateData, type StateLocation } from '../engine/state.js';
import type { LockOptions } from '../engine/store/location.js';
import { LAB, labThrough } from './chapters/lab.js';
import { LAST_CHAPTER } from './core/chapters.js';
import { DEFAULTS, deriveSubnets, validateSavedState, type LabSettings } from './core/config.js';
import { present, privateKeyPath, type Account, type Clients, type LabContext } from './core/context.js';
import { Inventory, type InventoryScope } from './core/inventory.js';
import { Memo } from './core/memo.js';
import { callerAccount, labAmi, labZone } from './core/lookups.js';
import { countActions, planUp } from './views/plan.js';
import { findDoubts, keptWith, recordedOf, type Doubt, type Recorded } from './views/ownership.js';
import { readiness } from './views/readiness.js';
import { expiryInfo, plannedCost } from './views/status.js';

export interface ContextOptions {
  clients: Clients;
  settings: LabSettings;
  stateDir: string;
  state: StateStore;
  clock: Clock;
  events: StepEvents;
  signal: AbortSignal;
  /** The last chapter this run builds (default: all). */
  until?: number;
  /** Look-ups made once for several runs in the same account and region (see SharedLookups). */
  shared?: SharedLookups;
  /** Look, never touch (EngineContext.verifyOnly): every client refuses any call but a read. */
  verifyOnly?: boolean;
  /** The user's resources playing the lab's parts, by key (LabContext.bindings). */
  bindings?: Readonly<Record<string, string>>;
  /** Where the inventory looks (default: the lab's tags). */
  scope?: InventoryScope;
  /** The web page's sentence in the run's language (LabContext.webPage). */
  webPage?: string;
}

/**
 * The look-ups that answer the same for every lab of an account and region (the image,
 * the zone offering the type to a new lab, the account): runs made side by side ask once
 * between them, as each run asks once for itself (lookups.ts). A failed one is asked again.
 */
export class SharedLookups extends Memo {}


/**
 * The IDs made a short while ago, by the state file's record: calls naming them wait for
 * AWS to show them (see aws/consistency.ts).
 */
function freshFromState(state: StateStore, clock: Clock): FreshIds {
  const fresh = new FreshIds(clock);
  for (const { id, at } of Object.values(state.snapshot.resources)) fresh.add(id, Date.now() - Date.parse(at));
  return fresh;
}

/** Every client of a verify-only run, refusing anything but reads (aws/retry.ts readOnly). */
function readOnlyClients(c: Clients): Clients {
  return {
    ec2: readOnly(c.ec2, 'ec2'),
    ec2Once: readOnly(c.ec2Once, 'ec2'),
    ssm: readOnly(c.ssm, 'ssm'),
    scheduler: readOnly(c.scheduler, 'scheduler'),
    iam: readOnly(c.iam, 'iam'),
    sts: readOnly(c.sts, 'sts'),
    serviceQuotas: readOnly(c.serviceQuotas, 'servicequotas'),
  };
}

/**
 * Wire one run's context: clients (wrapped in call retries, and in waits for IDs AWS does
 * not show yet), state, look-ups, lazy zone and AMI.
 */
export function createContext(opts: ContextOptions): LabContext {
  if (opts.verifyOnly) opts = { ...opts, clients: readOnlyClients(opts.clients) };
  const consistency = { fresh: freshFromState(opts.state, opts.clock), clock: opts.clock, signal: opts.signal, onWait: stepProgress, beforeCreate: createGoingOut, createRefused };
  const ec2: Sender<EC2Client> = withConsistency(withRetries<EC2Client>(opts.clients.ec2, opts.clock), consistency);
  const ssm: Sender<SSMClient> = withRetries<SSMClient>(opts.clients.ssm, opts.clock);
  const sts: Sender<STSClient> = withRetries<STSClient>(opts.clients.sts, opts.clock);
  const inventory = new Inventory(ec2, opts.settings.name, {
    recorded: () => Object.values(opts.state.snapshot.resources).map((r) => r.id),
    bound: () => Object.values(opts.bindings ?? {}),
    scope: opts.scope,
  });
  const live = new Map<string, Live>();
  const ctx: LabContext = {
    ec2,
    ec2Once: withConsistency(opts.clients.ec2Once, consistency),
    ssm,
    scheduler: withRetries<SchedulerClient>(opts.clients.scheduler, opts.clock),
    iam: withRetries<IAMClient>(opts.clients.iam, opts.clock),
    sts,
    serviceQuotas: withRetries<ServiceQuotasClient>(opts.clients.serviceQuotas, opts.clock),
    settings: opts.settings,
    inventory,
    stateDir: opts.stateDir,
    privateKeyPath: privateKeyPath(opts.stateDir, opts.settings.keyName),
    state: opts.state,
    errors: awsErrors,
    clock: opts.clock,
    events: opts.events,
    signal: opts.signal,
    live,
    until: opts.until ?? LAST_CHAPTER,
    webPage: opts.webPage,
    refresh: () => inventory.refresh(),
    zone: () => labZone(ctx),
    ami: () => labAmi(ctx),
    account: () => callerAccount(ctx),
    ...(opts.verifyOnly ? { verifyOnly: true } : {}),
    ...(opts.bindings ? { bindings: opts.bindings } : {}),
  };
  const shared = opts.shared;
  if (shared) {
    const { settings } = opts;
    // A lab with subnets keeps their zone: only a new lab's zone is the region's answer.
    ctx.zone = () => (ctx.live.has('publicSubnet') || ctx.live.has('privateSubnet') ? labZone(ctx) : shared.once(`zone:${settings.zone ?? ''}:${settings.instanceType}`, () => labZone(ctx)));
    ctx.ami = () => shared.once(`ami:${settings.ami ?? settings.instanceType}`, () => labAmi(ctx));
    ctx.account = () => shared.once<Account>('account', () => callerAccount(ctx));
  }
  return ctx;
}

/** The default VPC's subnets, worked out once: a class check asks for thirty labs' settings. */
let defaultSubnets: ReturnType<typeof deriveSubnets> | undefined;

/** The lab's settings from its state file; without one, defaults that only name things. */
export function knownSettings(name: string, region: string, saved: Partial<LabSettings> | undefined): LabSettings {
  return {
    vpcCidr: DEFAULTS.vpcCidr,
    ...(defaultSubnets ??= deriveSubnets(DEFAULTS.vpcCidr)),
    keyName: DEFAULTS.keyName(name),
    sshCidr: '',
    instanceType: DEFAULTS.instanceType,
    nat: DEFAULTS.nat,
    ...saved,
    name,
    region,
  };
}

export interface OpenRunOptions {
  command: string;
  /** Where the state lives (a folder, S3): nothing here knows which. */
  location: StateLocation;
  name: string;
  saved?: StateData;
  clients: Clients;
  settings: LabSettings;
  clock: Clock;
  events: StepEvents;
  signal: AbortSignal;
  /** Looking only (status, plan): no lock, and the state stays in memory. */
  readOnly?: boolean;
  /** Set the old state aside and rebuild it from the tags (--rediscover). */
  fresh?: boolean;
  until?: number;
  shared?: SharedLookups;
  /** The web page's sentence in the run's language (LabContext.webPage). */
  webPage?: string;
  /** How the lock is taken: waiting or not, the caller's ARN, what to say on a take-over. */
  lock: Omit<LockOptions, 'command'>;
}

export interface LabRun {
  ctx: LabContext;
  state: StateStore;
  /** Write the state and release the lock. */
  close(): Promise<void>;
}

/** Take the lab's lock, open its state, wire the context, and look up what exists. */
export async function openRun(o: OpenRunOptions): Promise<LabRun> {
  // Looking (status, ssh, check) needs no lock: it never writes the state. Before the lock:
  // the location must be writable (exit 2 naming it and why), so nothing is made otherwise.
  if (!o.readOnly) await o.location.prepare();
  const lock = o.readOnly ? undefined : await o.location.lock(o.name, { ...o.lock, command: o.command });
  const release = async () => lock?.release();
  try {
    // A look must not write: not even --rediscover's setting aside of the old state file.
    const state = o.readOnly
      ? StateStore.inMemory(o.name, o.fresh ? undefined : o.saved, o.location)
      : await StateStore.open(o.location, o.name, { fresh: o.fresh, guard: () => lock!.check(), validate: validateSavedState });
    const ctx = createContext({ clients: o.clients, settings: o.settings, stateDir: o.location.localDir, state, clock: o.clock, events: o.events, signal: o.signal, until: o.until, shared: o.shared, webPage: o.webPage });
    await ctx.inventory.prefetch();
    return {
      ctx,
      state,
      close: async () => {
        await state.flush();
        await release();
      },
    };
  } catch (err) {
    await release();
    throw err;
  }
}


/** Before anything changes: differences `up` cannot fix stop the run. */
export function assertNoConflicts(ctx: LabContext, found: Map<string, Live | undefined>): void {
  const conflicts = LAB.flatMap((r) => {
    const live = found.get(r.key);
    return live && !live.leaving ? conflictsOf(r.check?.(ctx, live) ?? []).map((f) => f.reason) : [];
  });
  if (conflicts.length) {
    // The conflicts are the kinds' own lines (as plan and status show them), values of the sentence.
    throw new UsageError(['err_labDiffers', ctx.settings.name, conflicts.map(inner)], ['hint_labDiffers']);
  }
}

/**
 * The look-ups of everything this run will create (the zone that offers the instance
 * type, the images), all at once and before the first create (see Resource.prepare).
 */
export async function prepare(ctx: LabContext, found: Map<string, Live | undefined>, run: readonly Resource<LabContext>[] = LAB): Promise<void> {
  const toCreate = run.filter((r) => isWanted(r, ctx) && !present(found, r.key));
  await Promise.all(toCreate.map((r) => r.prepare?.(ctx)));
}

/** What `up` will do, found out before anything changes: the plan, its cost, the preflight. */
export async function prepareUp(ctx: LabContext, until: number, opts: { planOnly?: boolean; keepNatInstance?: boolean; preflight?: boolean } = {}) {
  const resources = labThrough(until);
  const found = await discover(LAB, ctx);
  // A lab found by its tags alone (state file lost) keeps the NAT it has, unless asked.
  if (opts.keepNatInstance && found.get('natInstance') && !found.get('natGateway')) ctx.settings.nat = 'instance';
  // The plan shows differences `up` cannot fix ("differs"); `up` refuses them here.
  if (!opts.planOnly) assertNoConflicts(ctx, found);
  const plan = planUp(ctx, found, resources);
  const cost = plannedCost(ctx, found, resources);
  const changes = countActions(plan);
  const nothingToDo = changes.create + changes.update + changes.delete === 0;
  // Before anything is made, at once: the creates' look-ups (zone, images), and the
  // permissions (dry runs) and quotas. A no-op run asks nothing.
  const [, ready] = await Promise.all([
    opts.planOnly ? undefined : prepare(ctx, found, resources),
    nothingToDo || opts.preflight === false ? undefined : readiness(ctx, found),
  ]);
  // The plan's expiry is the one `up` will set (found schedules may still say the old one).
  const expiry = expiryInfo(ctx, new Map(), Date.now());
  return { resources, found, plan, cost, nothingToDo, ready, expiry };
}

const SWEEPS = 3;

export interface DestroyOptions {
  only?: ReadonlySet<string>;
  onSecondCopy(count: number): void;
  /**
   * The doubts found (resources not surely the lab's: views/ownership.ts): the IDs of those
   * confirmed on their own. The others are left alone, and what they depend on with them.
   */
  decide(doubts: Doubt[]): Promise<ReadonlySet<string>>;
  /** Said once per resource left alone (a doubt not confirmed). */
  onLeft(doubt: Doubt): void;
}

/** The doubts asked about, by ID: confirmed or not. */
type Decided = Map<string, boolean>;

/**
 * One round: find the lab, decide on the doubts, delete what is surely the lab's (or
 * confirmed), children first. The keys kept (left alone, or holding what is).
 */
async function deleteRound(ctx: LabContext, stop: AbortController, recorded: Recorded, opts: DestroyOptions, decided: Decided): Promise<{ steps: StepResult[]; kept: Set<string> }> {
  const found = await discover(LAB, ctx);
  const doubts = (await findDoubts(ctx, found, recorded)).filter((d) => !opts.only || opts.only.has(d.key));
  // Each doubt is asked about once, whatever the round that finds it.
  const fresh = doubts.filter((d) => !decided.has(d.id));
  const confirmed = fresh.length ? await opts.decide(fresh) : new Set<string>();
  for (const d of fresh) {
    decided.set(d.id, confirmed.has(d.id));
    if (!confirmed.has(d.id)) opts.onLeft(d);
  }
  const unconfirmed = doubts.filter((d) => !decided.get(d.id));
  const kept = new Set(keptWith(unconfirmed).keys());
  const keys = new Set(LAB.map((r) => r.key).filter((k) => (!opts.only || opts.only.has(k)) && !kept.has(k)));
  return { steps: (await down(LAB, ctx, stop, keys)).steps, kept };
}

/**
 * Look once more for anything still tagged for the lab, and remove it too: a second copy
 * made by a run in another directory (the lock is per state file), or by hand, under the
 * same rule as the first round (a doubt only when confirmed). `destroy` must leave nothing
 * that bills that is the lab's.
 */
async function sweep(ctx: LabContext, stop: AbortController, recorded: Recorded, opts: DestroyOptions, decided: Decided): Promise<{ steps: StepResult[]; kept: Set<string> }> {
  const steps: StepResult[] = [];
  let kept = new Set<string>();
  for (let pass = 1; pass <= SWEEPS; pass++) {
    ctx.refresh();
    ctx.live.clear();
    await ctx.inventory.prefetch(); // one round of look-ups, all kinds at once
    const round = await deleteRound(ctx, stop, recorded, opts, decided);
    kept = round.kept;
    const more = round.steps.filter((s) => s.outcome === 'deleted');
    if (more.length === 0) break;
    opts.onSecondCopy(more.length);
    steps.push(...more);
  }
  return { steps, kept };
}

/**
 * Delete the lab (or `only` some of it, children first); the whole lab: sweep for copies,
 * then drop the state file, unless something was left alone (its record stays, so a
 * later destroy still knows it was not the lab's). The steps that deleted something.
 */
export async function destroyLab(ctx: LabContext, stop: AbortController, opts: DestroyOptions): Promise<StepResult[]> {
  const recorded = recordedOf(ctx.state);
  const decided: Decided = new Map();
  const first = await deleteRound(ctx, stop, recorded, opts, decided);
  const steps = first.steps;
  if (!opts.only) {
    const swept = await sweep(ctx, stop, recorded, opts, decided);
    steps.push(...swept.steps);
    if (first.kept.size === 0 && swept.kept.size === 0) await ctx.state.discard();
  }
  return steps.filter((s) => s.outcome === 'deleted');
}
