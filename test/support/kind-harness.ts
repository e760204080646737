/**
 * One lab resource's whole life on the fake EC2, in virtual time, for a short test per kind:
 *
 *   find (nothing) → create → find again (found, same ID; by its tags alone too)
 *   → change (something put out of shape on the fake; converge puts it back)
 *   → delete → find (gone)
 *
 * The resource is taken from the lab (LAB, by its key), so the test runs what `up` runs (or
 * given directly, made with its kind's factory); the resources it depends on are built first
 * by the engine, as `up` builds them. Only the resource under test is driven step by step,
 * and every step is checked.
 *
 * A kind with `converge` must say how to put it out of shape (`change`), or why it cannot
 * (`unchangeable`); a kind without one must say why. See test/unit/kinds/*.test.ts.
 */
import { expect } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { AllocateAddressCommand, CreateNatGatewayCommand, CreateSubnetCommand } from '@aws-sdk/client-ec2';
import { VirtualClock } from '../../src/engine/clock.js';
import type { Words } from '../../src/engine/errors.js';
import { isWanted, up, withDependencies } from '../../src/engine/graph.js';
import type { Live, Resource, StepEvents, StepHandle } from '../../src/engine/resource.js';
import { StateStore } from '../../src/engine/state.js';
import { LAB } from '../../src/lab/chapters/lab.js';
import type { LabSettings } from '../../src/lab/core/config.js';
import type { LabContext } from '../../src/lab/core/context.js';
import { createContext } from '../../src/lab/session.js';
import { createFakeAws, type FakeAws } from './fake-ec2.js';
import { LAB_SETTINGS } from './lab-settings.js';

/** The lab's settings in every kind test, unless a case says otherwise. */
export const KIND_SETTINGS: LabSettings = LAB_SETTINGS;

/** What a case's hooks get: the fake (to change things behind the tool's back) and the run's context. */
export interface KindWorld {
  fake: FakeAws;
  ctx: LabContext;
  clock: VirtualClock;
}

export interface KindCase {
  /** The resource's key in the lab: 'vpc', 'publicRoute', 'webInstance'... */
  key: string;
  /**
   * Instead of the lab's: a resource made directly with its kind's factory and a spec (a kind
   * no chapter uses yet). Its `dependsOn` must name resources of LAB: they are built first.
   */
  resource?: Resource<LabContext>;
  /** Over KIND_SETTINGS: `nat: 'instance'` for the NAT instance, `expiresAt` for the expiry. */
  settings?: Partial<LabSettings>;
  /** Put it out of shape as a person might in the console, and check converge put it back. */
  change?: {
    /** The change, made on the fake (or the state) directly, not through the kind. */
    make(w: KindWorld, live: Live): Promise<unknown> | void;
    /** The fake after converge: as the lab wants it again. */
    restored(w: KindWorld, live: Live): Promise<unknown> | void;
    /** Why the kind's check cannot see this change from what find reads (converge asks AWS itself); absent: check must see it. */
    unseen?: string;
  };
  /** Instead of `change`: why this kind has nothing converge would put back. */
  unchangeable?: string;
  /** Swap in another resource (a broken one: the harness's own tests prove it fails). */
  wrap?: (r: Resource<LabContext>) => Resource<LabContext>;
}

export interface KindRun extends KindWorld {
  resource: Resource<LabContext>;
  /** What create (and its first converge) made. */
  created: Live;
  /** Every `changed` sentence converge reported, by message key. */
  changes: Words[];
}

const quiet: StepEvents = { started() {}, progress() {}, finished() {}, failed() {} };

/** The resource with this key in the lab: what `up` builds, not a copy made for the test. */
export function labResource(key: string): Resource<LabContext> {
  const r = LAB.find((x) => x.key === key);
  if (!r) throw new Error(`no resource ${key} in LAB (keys: ${LAB.map((x) => x.key).join(', ')})`);
  return r;
}

/** A fake EC2 and a lab context over it, as `up` makes one (retries, consistency waits), on a virtual clock. */
export function kindWorld(settings: Partial<LabSettings> = {}): KindWorld {
  const clock = new VirtualClock();
  const fake = createFakeAws({ clock });
  const ctx = createContext({
    clients: { ec2: fake.ec2, ec2Once: fake.ec2, ssm: fake.ssm, scheduler: fake.scheduler, iam: fake.iam, sts: fake.sts, serviceQuotas: fake.serviceQuotas },
    settings: { ...KIND_SETTINGS, ...settings },
    // The state is in memory (its private keys too): nothing is written here.
    stateDir: path.join(os.tmpdir(), 'aws-lab-kind-test'),
    state: StateStore.inMemory(KIND_SETTINGS.name),
    clock,
    events: quiet,
    signal: new AbortController().signal,
  });
  return { fake, ctx, clock };
}

function stepHandle(changes: Words[]): StepHandle {
  return { progress() {}, changed: (w) => void changes.push(w) };
}

/** Look again, past the run's remembered look-ups, as the next run would. */
async function findAfresh(r: Resource<LabContext>, ctx: LabContext): Promise<Live | undefined> {
  ctx.refresh();
  return r.find(ctx);
}

/**
 * Run the whole cycle; every step is an expect() naming the step. Returns the world for
 * more checks, the fake's mocks still in place: call `run.fake.restore()` in afterEach
 * (on a failure the harness restores them itself).
 */
export async function kindCycle(c: KindCase): Promise<KindRun> {
  if (Boolean(c.change) === Boolean(c.unchangeable)) throw new Error(`${c.key}: say either how to change it or why it cannot be`);
  const world = kindWorld(c.settings);
  try {
    return await cycle(c, world);
  } catch (err) {
    world.fake.restore(); // the test gets no run to restore
    throw err;
  }
}

async function cycle(c: KindCase, world: KindWorld): Promise<KindRun> {
  const { ctx } = world;
  const r = (c.wrap ?? ((x) => x))(c.resource ?? labResource(c.key));
  expect(r.key, 'the case names the resource it runs').toBe(c.key);
  expect(isWanted(r, ctx), `${c.key} is wanted with these settings`).toBe(true);
  if (c.change && !r.converge) throw new Error(`${c.key} has no converge: nothing would put a change back`);

  // Its parents, built by the engine as `up` builds them.
  const parents = withDependencies(LAB, r.dependsOn);
  await up(parents, ctx, new AbortController());

  // find → nothing yet.
  expect(await findAfresh(r, ctx), `${c.key}: found before it was made`).toBeUndefined();

  // create (then converge, as `up` does after a create) → recorded as `up` records it.
  const changes: Words[] = [];
  const step = stepHandle(changes);
  let live = await r.create(ctx, step);
  await ctx.state.setId(r.key, live.id);
  ctx.live.set(r.key, live);
  if (r.converge) live = await r.converge(ctx, live, step);
  ctx.live.set(r.key, live);
  const created = live;

  // find again → the same one, in the shape the lab wants.
  const again = await findAfresh(r, ctx);
  expect(again?.id, `${c.key}: find after create`).toBe(created.id);
  expect(again?.leaving, `${c.key}: found on its way out`).toBeFalsy();
  expect(failing(r, ctx, again!), `${c.key}: drift right after create`).toEqual([]);
  // ... and by its tags (or name, or parents) alone: a run that lost its state file.
  await ctx.state.remove(r.key);
  expect((await findAfresh(r, ctx))?.id, `${c.key}: find without the state's record`).toBe(created.id);
  await ctx.state.setId(r.key, created.id);

  // change → converge puts it back.
  if (c.change) {
    await c.change.make(world, created);
    const drifted = await findAfresh(r, ctx);
    expect(drifted, `${c.key}: find after the change`).toBeDefined();
    if (r.check && !c.change.unseen) expect(failing(r, ctx, drifted!), `${c.key}: drift sees the change`).not.toEqual([]);
    live = await r.converge!(ctx, drifted!, step);
    ctx.live.set(r.key, live);
    await ctx.state.setId(r.key, live.id);
    await c.change.restored(world, live);
    const settled = await findAfresh(r, ctx);
    expect(settled?.id, `${c.key}: find after converge`).toBe(live.id);
    expect(failing(r, ctx, settled!), `${c.key}: drift after converge`).toEqual([]);
  }

  // delete → find: gone (or on its way out, as a terminated instance is still listed).
  await r.delete(ctx, live, step);
  await ctx.state.remove(r.key);
  ctx.live.delete(r.key);
  const gone = await findAfresh(r, ctx);
  expect(gone === undefined || gone.leaving === true, `${c.key}: find after delete (found ${gone?.id} ${gone?.state ?? ''})`).toBe(true);

  return { ...world, resource: r, created, changes };
}

/**
 * Another NAT gateway in the lab's VPC (in a subnet of its own), pending: a route can be
 * pointed at it by hand, and converge must point it back.
 */
export async function strayNatGateway(w: KindWorld): Promise<string> {
  const vpc = w.ctx.live.get('vpc')!.id;
  const subnet = await w.fake.ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.99.0/24' }));
  const eip = await w.fake.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  const nat = await w.fake.ec2.send(new CreateNatGatewayCommand({ SubnetId: subnet.Subnet!.SubnetId!, AllocationId: eip.AllocationId! }));
  return nat.NatGateway!.NatGatewayId!;
}

/** What the kind's check finds wrong with what was found (drift and conflicts alike), by its words. */
function failing(r: Resource<LabContext>, ctx: LabContext, live: Live): Words[] {
  return (r.check?.(ctx, live) ?? []).filter((f) => f.ok === false).map((f) => f.reason);
}
