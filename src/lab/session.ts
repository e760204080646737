import type { EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import { FreshIds, withConsistency } from '../aws/consistency.js';
import { awsErrors } from '../aws/errors.js';
import { withRetries, type Sender } from '../aws/retry.js';
import type { Clock } from '../engine/clock.js';
import { UsageError } from '../engine/errors.js';
import { createGoingOut, createRefused, isWanted, stepProgress } from '../engine/graph.js';
import type { Live, Resource, StepEvents } from '../engine/resource.js';
import type { StateStore } from '../engine/state.js';
import { LAB } from './chapters/lab.js';
import { LAST_CHAPTER } from './core/chapters.js';
import type { LabSettings } from './core/config.js';
import { present, privateKeyPath, type Clients, type LabContext } from './core/context.js';
import { Inventory } from './core/inventory.js';
import { callerAccount, labAmi, labZone } from './core/lookups.js';

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
}


/**
 * The IDs made a short while ago, by the state file's record: calls naming them wait for
 * AWS to show them (see aws/consistency.ts).
 */
function freshFromState(state: StateStore, clock: Clock): FreshIds {
  const fresh = new FreshIds(clock);
  for (const { id, at } of Object.values(state.snapshot.resources)) fresh.add(id, Date.now() - Date.parse(at));
  return fresh;
}

/**
 * Wire one run's context: clients (wrapped in call retries, and in waits for IDs AWS does
 * not show yet), state, look-ups, lazy zone and AMI.
 */
export function createContext(opts: ContextOptions): LabContext {
  const consistency = { fresh: freshFromState(opts.state, opts.clock), clock: opts.clock, signal: opts.signal, onWait: stepProgress, beforeCreate: createGoingOut, createRefused };
  const ec2: Sender<EC2Client> = withConsistency(withRetries<EC2Client>(opts.clients.ec2, opts.clock), consistency);
  const ssm: Sender<SSMClient> = withRetries<SSMClient>(opts.clients.ssm, opts.clock);
  const sts: Sender<STSClient> = withRetries<STSClient>(opts.clients.sts, opts.clock);
  const inventory = new Inventory(ec2, opts.settings.name, () => Object.values(opts.state.snapshot.resources).map((r) => r.id));
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
    refresh: () => inventory.refresh(),
    zone: () => labZone(ctx),
    ami: () => labAmi(ctx),
    account: () => callerAccount(ctx),
  };
  return ctx;
}

/** Before anything changes: differences `up` cannot fix stop the run. */
export function assertNoConflicts(ctx: LabContext, found: Map<string, Live | undefined>): void {
  const conflicts = LAB.flatMap((r) => {
    const live = found.get(r.key);
    const c = live && !live.leaving ? r.conflict?.(ctx, live) : undefined;
    return c ? [c] : [];
  });
  if (conflicts.length) {
    throw new UsageError(
      `lab "${ctx.settings.name}" already exists and differs: ${conflicts.join('; ')}`,
      'run without those flags to keep the lab as it is, or `destroy` it first, or use another --name',
    );
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
