import { DescribeInstanceTypeOfferingsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { FreshIds, withConsistency } from '../aws/consistency.js';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { awsErrors, errorCode } from '../aws/errors.js';
import { withRetries, type Sender } from '../aws/retry.js';
import type { Clock } from '../engine/clock.js';
import { LabError, UsageError } from '../engine/errors.js';
import { createGoingOut, createRefused, isWanted, stepProgress } from '../engine/graph.js';
import type { Live, Resource, StepEvents } from '../engine/resource.js';
import type { StateStore } from '../engine/state.js';
import { amiParameter, type LabSettings } from './config.js';
import { present, privateKeyPath, type Account, type LabContext } from './context.js';
import { Inventory } from './inventory.js';
import { LAB, LAST_CHAPTER } from './lab.js';

export interface Clients {
  ec2: Sender<EC2Client>;
  ec2Once: Sender<EC2Client>;
  ssm: Sender<SSMClient>;
  scheduler: Sender<SchedulerClient>;
  iam: Sender<IAMClient>;
  sts: Sender<STSClient>;
}

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


function once<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    p ??= load();
    p.catch(() => (p = undefined));
    return p;
  };
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
    zone: once(() => chooseZone(ctx)),
    ami: once(() => resolveAmi(ctx)),
    account: once(() => callerAccount(sts)),
  };
  return ctx;
}

/** The zones of the region that offer the instance type, sorted. */
export async function zonesOffering(ec2: Sender<EC2Client>, instanceType: string): Promise<string[]> {
  const out = await ec2.send(
    new DescribeInstanceTypeOfferingsCommand({ LocationType: 'availability-zone', Filters: [{ Name: 'instance-type', Values: [instanceType] }] }),
  );
  return (out.InstanceTypeOfferings ?? []).map((o) => o.Location!).sort();
}

/** Keep the zone of subnets that exist; otherwise the first zone offering the instance type. */
async function chooseZone(ctx: LabContext): Promise<string> {
  const existing = ctx.live.get('publicSubnet')?.attrs.zone ?? ctx.live.get('privateSubnet')?.attrs.zone;
  const zones = await zonesOffering(ctx.ec2, ctx.settings.instanceType);
  if (existing) {
    if (!zones.includes(existing)) {
      throw new UsageError(`instance type "${ctx.settings.instanceType}" is not offered in ${existing}, the zone of the lab's subnets`, `pick a type offered there (t3.micro usually is), or destroy the lab and start again`);
    }
    return existing;
  }
  if (zones.length === 0) {
    throw new UsageError(`instance type "${ctx.settings.instanceType}" is not offered in any zone of ${ctx.settings.region}`, 'pick another --instance-type (t3.micro is offered almost everywhere) or another --region');
  }
  return zones[0];
}

/** Who the credentials belong to: the account ID and the ARN partition. */
async function callerAccount(sts: Sender<STSClient>): Promise<Account> {
  const out = await sts.send(new GetCallerIdentityCommand({}));
  return { id: out.Account!, partition: out.Arn?.split(':')[1] || 'aws' };
}

async function resolveAmi(ctx: LabContext): Promise<string> {
  return ctx.settings.ami ?? latestAl2023(ctx, ctx.settings.instanceType, 'pass --ami with an AMI ID of this region');
}

/** The latest Amazon Linux 2023 image for the type's architecture, from AWS's public SSM parameter. */
export async function latestAl2023(ctx: LabContext, instanceType: string, next: string): Promise<string> {
  const parameter = amiParameter(instanceType);
  try {
    const out = await ctx.ssm.send(new GetParameterCommand({ Name: parameter }));
    const ami = out.Parameter?.Value;
    if (ami) return ami;
  } catch (err) {
    if (errorCode(err) !== 'ParameterNotFound') throw err;
  }
  throw new LabError('NoAmi', `no Amazon Linux 2023 AMI is published in ${ctx.settings.region} (${parameter})`, next, 2);
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
