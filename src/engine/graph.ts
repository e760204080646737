import { AbortedError, backoff } from './clock.js';
import { CancelledError, LabError, type Words } from './errors.js';
import { driftOf } from './finding.js';
import type { EngineContext, Live, Outcome, Resource, StepHandle } from './resource.js';
import { RunStorage } from './storage.js';

/**
 * Dependency order (parents first); throws on an unknown dependency or a cycle.
 * `within`: only these keys count (dependencies outside them are taken as done).
 */
export function topoOrder<C extends EngineContext>(resources: readonly Resource<C>[], within?: ReadonlySet<string>): Resource<C>[] {
  const byKey = new Map(resources.map((r) => [r.key, r]));
  const order: Resource<C>[] = [];
  const mark = new Map<string, 'visiting' | 'done'>();
  const visit = (r: Resource<C>, path: string[]) => {
    if (mark.get(r.key) === 'done') return;
    if (mark.get(r.key) === 'visiting') throw new Error(`internal: dependency cycle: ${[...path, r.key].join(' -> ')}`);
    mark.set(r.key, 'visiting');
    for (const dep of r.dependsOn) {
      if (within && !within.has(dep)) continue;
      const parent = byKey.get(dep);
      if (!parent) throw new Error(`internal: ${r.key} depends on unknown resource ${dep}`);
      visit(parent, [...path, r.key]);
    }
    mark.set(r.key, 'done');
    order.push(r);
  };
  for (const r of resources) visit(r, []);
  return order;
}

/** Resources that depend directly on each key: the reverse graph, for teardown. */
export function dependents<C extends EngineContext>(resources: readonly Resource<C>[]): Map<string, string[]> {
  const map = new Map<string, string[]>(resources.map((r) => [r.key, []]));
  for (const r of resources) for (const dep of r.dependsOn) map.get(dep)?.push(r.key);
  return map;
}

export interface StepResult {
  key: string;
  outcome: Outcome;
  id?: string;
  /** What converge changed, by message key (ui/ says them); in a verify-only run, what it would change. */
  changes: Words[];
  ms: number;
  /** In a verify-only run (outcome 'skipped'): what the run would have done. */
  wouldDo?: 'create' | 'change' | 'delete';
}

export interface RunResult {
  steps: StepResult[];
  /** Set when a pause hook said stop: the last chapter built (the rest is left for later). */
  stoppedAfter?: number;
}

/** The step whose code is running: calls made deep inside it can still report on its line. */
const currentStep = new RunStorage<Step>();

/** What one step costs on the critical path besides its waits: a call or two. */
const STEP_MS = 1_000;

/**
 * How much of the run is still to come after each resource's step begins, at the least:
 * its settle time plus the longest such chain through what waits on it (ms).
 */
export function urgencies<C extends EngineContext>(order: readonly Resource<C>[], waitsOn: (r: Resource<C>) => string[]): Map<string, number> {
  const after = new Map<string, number>();
  const out = new Map<string, number>();
  for (const r of [...order].reverse()) {
    const own = STEP_MS + (r.settleMs ?? 0) + (after.get(r.key) ?? 0);
    out.set(r.key, own);
    for (const d of waitsOn(r)) after.set(d, Math.max(after.get(d) ?? 0, own));
  }
  return out;
}

/**
 * The running step's urgency (see urgencies; 0 outside a step): a rate limiter shared by
 * many runs serves the calls of steps with more of their run still ahead first.
 */
export function stepUrgency(): number {
  return currentStep.getStore()?.urgency ?? 0;
}

/**
 * Say something on the progress line of the step that is running (a client wrapper
 * waiting for AWS, say); outside a step it goes nowhere.
 */
export function stepProgress(words: Words): void {
  currentStep.getStore()?.progress(words);
}

/**
 * A create without an idempotency token is about to go out for the running step: the
 * state records when, so that a run killed before the answer arrives leaves a trace and
 * the next run looks for what it may have made before making another.
 */
export async function createGoingOut(): Promise<void> {
  await currentStep.getStore()?.creating(true);
}

/** That create was refused: nothing was made, nothing to look for. */
export async function createRefused(): Promise<void> {
  await currentStep.getStore()?.creating(false);
}

/**
 * The resources with these keys and everything they depend on, in the given order: a run
 * restricted to part of the lab (up --until) still builds what that part needs.
 */
export function withDependencies<C extends EngineContext>(resources: readonly Resource<C>[], keys: Iterable<string>): Resource<C>[] {
  const byKey = new Map(resources.map((r) => [r.key, r]));
  const wanted = new Set<string>();
  const add = (key: string) => {
    if (wanted.has(key)) return;
    const r = byKey.get(key);
    if (!r) throw new Error(`internal: unknown resource ${key}`);
    wanted.add(key);
    r.dependsOn.forEach(add);
  };
  for (const key of keys) add(key);
  return resources.filter((r) => wanted.has(r.key));
}

/** Called after every resource of a chapter is done; false stops the run there. */
export type ChapterPause = (chapter: number, steps: StepResult[]) => Promise<boolean>;

class Step implements StepHandle {
  readonly changes: Words[] = [];
  constructor(
    private readonly key: string,
    private readonly ctx: EngineContext,
    readonly urgency = 0,
  ) {}
  creating(begun: boolean): Promise<void> {
    return begun ? this.ctx.state.creating(this.key) : this.ctx.state.notCreating(this.key);
  }
  progress(words: Words): void {
    this.ctx.events.progress(this.key, words);
  }
  changed(words: Words): void {
    this.changes.push(words);
    this.ctx.events.progress(this.key, words);
  }
}

/**
 * Runs one task per resource once the tasks it waits on are done; independent ones run
 * at the same time. The first failure (or Ctrl-C, through ctx.signal) stops new tasks
 * from starting; tasks in flight finish, then the first error is thrown.
 */
function runGraph<C extends EngineContext>(...args: Parameters<typeof runSteps<C>>): Promise<RunResult> {
  // Each graph uses the step storage while it runs: after the last, what runs (a bench's checks, say) does not pay for it.
  return currentStep.using(() => runSteps(...args));
}

/** runGraph's work: each task in its step (currentStep), once those it waits on are done. */
async function runSteps<C extends EngineContext>(
  order: Resource<C>[],
  waitsOn: (r: Resource<C>) => string[],
  task: (r: Resource<C>, step: Step) => Promise<StepResult>,
  ctx: C,
  stop: AbortController,
): Promise<RunResult> {
  const results: StepResult[] = [];
  const running = new Map<string, Promise<void>>();
  let firstError: unknown;
  const urgency = urgencies(order, waitsOn);
  for (const r of order) {
    const before = waitsOn(r).map((k) => running.get(k)).filter((p): p is Promise<void> => p !== undefined);
    running.set(
      r.key,
      Promise.all(before).then(async () => {
        if (ctx.signal.aborted) throw new AbortedError();
        const step = new Step(r.key, ctx, urgency.get(r.key));
        const result = await currentStep.run(step, () => task(r, step));
        results.push(result);
      }).catch((err) => {
        if (!interrupted(err) && firstError === undefined) {
          firstError = err;
          ctx.events.failed(r.key, err);
          stop.abort();
        }
        throw new AbortedError(); // dependents must not start
      }),
    );
  }
  await Promise.allSettled(running.values());
  await ctx.state.flush();
  if (firstError !== undefined) throw firstError;
  if (ctx.signal.aborted) throw new CancelledError();
  return { steps: results };
}

/** Stopped by the abort signal rather than failed on its own. */
function interrupted(err: unknown): boolean {
  return err instanceof AbortedError || (err instanceof LabError && err.code === 'Interrupted');
}

// Token-less creates go out once per attempt (the SDK does not resend them): enough
// attempts to outlast a throttling storm that keeps hitting the same call.
const CREATE_ATTEMPTS = 6;

/**
 * Create after a transient failure only once a fresh look has not found the resource:
 * the failed call may have made it (a lost response) and tags say so.
 */
async function createOrAdopt<C extends EngineContext>(r: Resource<C>, ctx: C, step: Step): Promise<Live> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await r.create(ctx, step);
    } catch (err) {
      if (!ctx.errors.isTransient(err) || attempt >= CREATE_ATTEMPTS) throw err;
      step.progress(['progress_retryCreate', ctx.errors.code(err)]);
      await ctx.clock.sleep(backoff({ baseMs: 1_000, maxMs: 8_000 }, attempt), ctx.signal);
      ctx.refresh();
      let found = await r.find(ctx);
      // No answer at all (not a refusal): what it made may not be listed yet.
      if (!found || found.leaving) found = await lookWhileCreateIsRecent(r, ctx, step);
      if (found && !found.leaving) return found;
    }
  }
}

/** How long a create begun by an earlier run may stay out of AWS's listings. */
export const RECENT_CREATE = { windowMs: 120_000, baseMs: 1_000, maxMs: 10_000 };

/**
 * A create an earlier run began and never recorded (it was killed, or lost the answer)
 * may have worked, and a listing can leave a new resource out for a while. With an
 * idempotency token, sending it again settles that; without one, look again until the
 * create is old enough that AWS would show what it made.
 */
async function lookWhileCreateIsRecent<C extends EngineContext>(r: Resource<C>, ctx: C, step: Step): Promise<Live | undefined> {
  const began = ctx.state.creatingSince(r.key);
  if (!began || ctx.state.hasToken(r.key)) return undefined;
  // The state file keeps wall-clock time; the wait runs on the engine's clock.
  const deadline = ctx.clock.now() + RECENT_CREATE.windowMs - (Date.now() - Date.parse(began));
  for (let attempt = 1; ctx.clock.now() < deadline; attempt++) {
    const delay = Math.min(backoff(RECENT_CREATE, attempt), deadline - ctx.clock.now());
    step.progress(['progress_recentCreate', began, Math.max(1, Math.round(delay / 1000))]);
    await ctx.clock.sleep(delay, ctx.signal);
    ctx.refresh();
    const found = await r.find(ctx);
    if (found && !found.leaving) return found;
  }
  return undefined;
}

/** Whether the lab has this resource with the run's settings (see Resource.wanted). */
export function isWanted<C extends EngineContext>(r: Resource<C>, ctx: C): boolean {
  return r.wanted?.(ctx) ?? true;
}

/**
 * Make every missing wanted resource and converge every existing one, parents first; then
 * remove what was found but is not wanted (the old NAT after a switch), children first.
 * That last phase comes after everything else, so whatever replaces it (the private
 * route, repointed by its converge) is already in place when it goes.
 *
 * `resources` may be part of the lab (up --until), closed over its dependencies. With
 * `pause`, chapter by chapter: each chapter's resources run (in parallel where they can)
 * only once the chapters before it are done and the hook said go on; a stop there leaves
 * the removal phase to the run that finishes.
 */
export async function up<C extends EngineContext>(
  resources: readonly Resource<C>[],
  ctx: C,
  stop: AbortController,
  opts: { pause?: ChapterPause } = {},
): Promise<RunResult> {
  const all = topoOrder(resources); // also: every dependency known, no cycle
  const wanted = all.filter((r) => isWanted(r, ctx));
  const built = opts.pause ? await byChapter(wanted, ctx, stop, opts.pause) : await build(wanted, ctx, stop);
  if (built.stoppedAfter !== undefined) return built;
  const found = new Map<string, Live | undefined>();
  for (const r of all.filter((r) => !isWanted(r, ctx))) found.set(r.key, await r.find(ctx));
  const leftovers = new Set([...found].filter(([, live]) => live).map(([key]) => key));
  if (leftovers.size === 0) return built;
  const removed = await teardown(resources, ctx, stop, found, leftovers);
  return { steps: [...built.steps, ...removed.steps.filter((s) => s.outcome === 'deleted' || s.wouldDo === 'delete')] };
}

async function byChapter<C extends EngineContext>(resources: Resource<C>[], ctx: C, stop: AbortController, pause: ChapterPause): Promise<RunResult> {
  const chapterOf = new Map(resources.map((r) => [r.key, r.chapter]));
  for (const r of resources) {
    const later = r.dependsOn.find((d) => (chapterOf.get(d) ?? 0) > r.chapter);
    if (later) throw new Error(`internal: ${r.key} (chapter ${r.chapter}) depends on ${later} of a later chapter`);
  }
  const steps: StepResult[] = [];
  const chapters = [...new Set(resources.map((r) => r.chapter))].sort((a, b) => a - b);
  for (const [i, chapter] of chapters.entries()) {
    const part = await build(resources.filter((r) => r.chapter === chapter), ctx, stop);
    steps.push(...part.steps);
    const last = i === chapters.length - 1;
    if (!last && !(await pause(chapter, part.steps))) return { steps, stoppedAfter: chapter };
  }
  return { steps };
}

/**
 * One graph run over `resources`. A dependency outside them has no task here: an earlier
 * chapter made it (it is in ctx.live), or it is not wanted (the NAT kind not chosen).
 */
async function build<C extends EngineContext>(resources: readonly Resource<C>[], ctx: C, stop: AbortController): Promise<RunResult> {
  const keys = new Set(resources.map((r) => r.key));
  const order = topoOrder(resources, keys);
  return runGraph(order, (r) => r.dependsOn.filter((d) => keys.has(d)), async (r, step) => {
    const started = ctx.clock.now();
    ctx.events.started(r.key, r.label(ctx));
    let live = await r.find(ctx);
    if (ctx.verifyOnly) return verified(r, ctx, live, started);
    let outcome: Outcome = 'kept';
    if (!live || live.leaving) {
      if (live?.leaving || ctx.state.id(r.key)) {
        // Proven gone (find asked for the recorded ID itself): forget it and its token, or
        // AWS would hand back the old (terminated) resource for the old token.
        await ctx.state.remove(r.key);
      } else {
        live = await lookWhileCreateIsRecent(r, ctx, step);
      }
    }
    if (!live || live.leaving) {
      live = await createOrAdopt(r, ctx, step);
      outcome = 'created';
    }
    await ctx.state.setId(r.key, live.id);
    ctx.live.set(r.key, live);
    if (r.converge) live = await r.converge(ctx, live, step);
    ctx.live.set(r.key, live);
    if (outcome === 'kept' && step.changes.length > 0) outcome = 'updated';
    const ms = ctx.clock.now() - started;
    ctx.events.finished(r.key, outcome, live.id, ms);
    return { key: r.key, outcome, id: live.id, changes: step.changes, ms };
  }, ctx, stop);
}

/**
 * A verify-only step: what was found, and what `up` would do about it (make it, or change
 * what its drift says); nothing is called but the find, nothing recorded but ctx.live.
 */
function verified<C extends EngineContext>(r: Resource<C>, ctx: C, live: Live | undefined, started: number): StepResult {
  const there = live && !live.leaving ? live : undefined;
  if (there) ctx.live.set(r.key, there);
  const changes = there ? driftOf(r.check?.(ctx, there) ?? []).map((f) => f.reason) : [];
  const wouldDo = !there ? 'create' : changes.length > 0 ? 'change' : undefined;
  const ms = ctx.clock.now() - started;
  ctx.events.finished(r.key, wouldDo ? 'skipped' : 'kept', there?.id ?? '', ms);
  return { key: r.key, outcome: wouldDo ? 'skipped' : 'kept', id: there?.id, changes, ms, ...(wouldDo ? { wouldDo } : {}) };
}

/** Look up every resource in dependency order (parents first), filling ctx.live. */
export async function discover<C extends EngineContext>(resources: readonly Resource<C>[], ctx: C): Promise<Map<string, Live | undefined>> {
  const found = new Map<string, Live | undefined>();
  // Parents' lookups come first so children can check they sit in the right VPC.
  for (const r of topoOrder(resources)) {
    const live = await r.find(ctx);
    found.set(r.key, live);
    if (live) ctx.live.set(r.key, live);
  }
  return found;
}

export const DEPENDENCY_RETRY = { attempts: 12, baseMs: 2_000, maxMs: 15_000 };

/**
 * Delete with AWS's ordering rules in mind: a DependencyViolation usually means
 * something is still letting go (an address being unmapped), so wait and try again,
 * a bounded number of times; NotFound means someone already did it.
 */
async function deleteWithRetries<C extends EngineContext>(r: Resource<C>, live: Live, ctx: C, step: Step): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await r.delete(ctx, live, step);
      return;
    } catch (err) {
      if (ctx.errors.isNotFound(err)) return;
      const retry = ctx.errors.isDependencyViolation(err) || ctx.errors.isTransient(err);
      if (!retry || attempt >= DEPENDENCY_RETRY.attempts) {
        if (ctx.errors.isDependencyViolation(err)) {
          throw new LabError('DependencyViolation', ['err_stillInUse', r.kind, live.id, (err as Error).message], ['hint_stillInUse'], 1, { cause: err });
        }
        throw err;
      }
      step.progress(['progress_dependents', live.id, ctx.errors.code(err), attempt, DEPENDENCY_RETRY.attempts - 1]);
      await ctx.clock.sleep(backoff(DEPENDENCY_RETRY, attempt), ctx.signal);
    }
  }
}

/**
 * Delete the found resources, children before parents (the deploy graph reversed).
 * `only` limits teardown to some keys (destroy --nat-only); the others stay.
 */
export async function down<C extends EngineContext>(
  resources: readonly Resource<C>[],
  ctx: C,
  stop: AbortController,
  only?: ReadonlySet<string>,
): Promise<RunResult> {
  return teardown(resources, ctx, stop, await discover(resources, ctx), only);
}

/** Delete what `found` holds, of the `only` keys (all when absent), children first. */
async function teardown<C extends EngineContext>(
  resources: readonly Resource<C>[],
  ctx: C,
  stop: AbortController,
  found: Map<string, Live | undefined>,
  only?: ReadonlySet<string>,
): Promise<RunResult> {
  const selected = resources.filter((r) => !only || only.has(r.key));
  const rdeps = dependents(selected);
  const order = topoOrder(resources).reverse().filter((r) => !only || only.has(r.key));
  return runGraph(order, (r) => rdeps.get(r.key) ?? [], async (r, step) => {
    const started = ctx.clock.now();
    const live = found.get(r.key);
    if (!live) {
      if (!ctx.verifyOnly) await ctx.state.remove(r.key);
      return { key: r.key, outcome: 'absent', changes: [], ms: 0 };
    }
    ctx.events.started(r.key, r.label(ctx));
    if (ctx.verifyOnly) {
      ctx.events.finished(r.key, 'skipped', live.id, 0);
      return { key: r.key, outcome: 'skipped', id: live.id, changes: [], ms: 0, wouldDo: 'delete' };
    }
    await deleteWithRetries(r, live, ctx, step);
    await ctx.state.remove(r.key);
    ctx.live.delete(r.key);
    const ms = ctx.clock.now() - started;
    ctx.events.finished(r.key, 'deleted', live.id, ms);
    return { key: r.key, outcome: 'deleted', id: live.id, changes: [], ms };
  }, ctx, stop);
}
