import path from 'node:path';
import type { Clock } from '../engine/clock.js';
import { UsageError } from '../engine/errors.js';
import { discover, up } from '../engine/graph.js';
import { readSaved, type StateData, type StateLocation } from '../engine/state.js';
import { LAB } from '../lab/chapters/lab.js';
import { validateSavedState, validateSettings, type LabSettings } from '../lab/core/config.js';
import type { LabContext } from '../lab/core/context.js';
import type { CostEstimate } from '../lab/core/cost.js';
import { destroyLab, knownSettings, openRun, prepareUp } from '../lab/session.js';
import { identityFile, labOutputs, throughConfig, type LabOutputs } from '../lab/views/outputs.js';
import { knownHostsName, pinHostKeys } from '../lab/views/host-keys.js';
import { HANDOUT_FILES } from './handouts.js';
import { assertReady, checkPermissions } from '../lab/views/readiness.js';
import { expiryInfo, labPicture, labStatus } from '../lab/views/status.js';
import type { Topology } from '../lab/views/topology.js';
import { LAST_CHAPTER } from '../lab/core/chapters.js';
import { zonesOffering } from '../lab/core/lookups.js';
import { labEvents } from '../ui/class-progress.js';
import { msg } from '../ui/messages/index.js';
import { leftAloneLine } from '../ui/views.js';
import type { Reporter } from '../ui/reporter.js';
import type { Learner } from './roster.js';
import type { Target } from './targets.js';

/** The tag every resource of a class's labs carries besides the lab's own. */
export const TAG_CLASS = 'aws-lab-setup:class';

/**
 * A lab's settings for the class: the flags of `class up` (the same for every lab), the
 * roster's public key, the lab's saved settings. Given by the CLI, which owns the settings
 * table's resolution (flag > saved > default).
 */
export type ResolveSettings = (learner: Learner, saved: Partial<LabSettings>, region: string) => Promise<Omit<LabSettings, 'region'>>;

export interface ClassRun {
  klass: string;
  /** Where the labs' state lives (a folder, S3): nothing here knows which. */
  location: StateLocation;
  clock: Clock;
  reporter: Reporter;
  /** Ctrl-C: every lab stops at a safe point (after the steps in flight). */
  signal: AbortSignal;
  rediscover?: boolean;
}

/** One lab's run inside the class: its own lock, state, context and stop (a failure stops only it). */
async function withLab<T>(
  c: ClassRun,
  command: string,
  l: Learner,
  t: Target,
  settings: LabSettings,
  saved: StateData | undefined,
  opts: { readOnly?: boolean; until?: number },
  work: (ctx: LabContext, stop: AbortController) => Promise<T>,
): Promise<T> {
  const stop = new AbortController();
  const events = labEvents(c.reporter, l.lab);
  const onAbort = () => stop.abort();
  c.signal.addEventListener('abort', onAbort);
  // A Ctrl-C that came while the lab read its state and settings has fired already: a
  // listener added after it never hears it, and the lab would build all the way.
  if (c.signal.aborted) stop.abort();
  try {
    const run = await openRun({
      command,
      location: c.location,
      name: l.lab,
      saved,
      clients: t.clients,
      settings,
      clock: c.clock,
      events,
      signal: stop.signal,
      webPage: msg().page_apache,
      readOnly: opts.readOnly,
      fresh: c.rediscover,
      until: opts.until,
      shared: t.shared,
      lock: {
        onTakeover: (h, why) => c.reporter.warn(msg().classLockTakeover(l.lab, why, h.pid, h.startedAt)),
      },
    });
    try {
      return await work(run.ctx, stop);
    } finally {
      await run.close();
    }
  } finally {
    c.signal.removeEventListener('abort', onAbort);
  }
}

async function savedOf(c: ClassRun, l: Learner): Promise<StateData | undefined> {
  const saved = c.rediscover ? undefined : await readSaved(c.location, l.lab);
  if (saved) validateSavedState(saved, c.location.nameOf(l.lab));
  return saved;
}

/**
 * The zone of a new lab of the class: round-robin over the zones that offer its instance
 * type, by the learner's place among the target's learners (the same on every run), so
 * that the labs' NAT gateways spread over the zones (their quota counts per zone).
 */
async function spreadZone(l: Learner, t: ClassTarget, instanceType: string): Promise<string | undefined> {
  const zones = await t.shared.once(`zones:${instanceType}`, () => zonesOffering({ ec2: t.clients.ec2 }, instanceType));
  const i = Math.max(0, t.learners.findIndex((o) => o.lab === l.lab));
  return zones.length ? zones[i % zones.length] : undefined;
}

/** What classLab needs of a target: its region, and its zones for a new lab. */
export type ClassTarget = Pick<Target, 'region' | 'clients' | 'shared' | 'learners'>;

/**
 * A learner's lab as the class would run it: its saved state and its settings (the class's
 * flags, the roster's key, the saved settings; the target's region; the class's tag; a
 * zone of its own when none is given or saved and it has no subnets yet).
 * Read without a lock: the class's quota count and every run of the lab start from it.
 */
export async function classLab(c: ClassRun, l: Learner, t: ClassTarget, resolve: ResolveSettings): Promise<{ saved?: StateData; settings: LabSettings }> {
  const saved = await savedOf(c, l);
  if (saved?.region && saved.region !== t.region && Object.keys(saved.resources).length > 0) {
    throw new UsageError(['err_otherRegion', l.lab, saved.region, t.region], ['hint_classOtherRegion', l.lab]);
  }
  const partial = await resolve(l, (saved?.settings ?? {}) as Partial<LabSettings>, t.region);
  const hasSubnets = Boolean(saved?.resources.publicSubnet || saved?.resources.privateSubnet);
  const zone = partial.zone ?? (hasSubnets ? undefined : await spreadZone(l, t, partial.instanceType));
  const settings: LabSettings = { ...partial, region: t.region, ...(zone ? { zone } : {}), extraTags: { ...partial.extraTags, [TAG_CLASS]: c.klass } };
  validateSettings(settings);
  return { saved, settings };
}

export interface UpDone {
  settings: LabSettings;
  outputs: LabOutputs;
  /** The outputs for the hand-out's folder: the key by its file name alone, the commands through the ssh_config beside it. */
  handoutOutputs: LabOutputs;
  keyFile: string;
  /** The servers' host keys pinned with the lab's state (from their consoles), as known_hosts lines under each one's alias. */
  knownHosts: string[];
  /** The private key made for the learner, when there is one. */
  privateKey?: string;
  /** When AWS stops it (ISO); undefined: never. */
  expiresAt?: string;
  /** What the lab bills by the hour once built. */
  cost: CostEstimate;
  created: number;
  /** The lab as built, for the hand-out's picture (undefined: no VPC). */
  topology?: Topology;
}

/** Build (or finish) one learner's lab, as `up --yes` would, tagged with the class. */
export async function upLab(c: ClassRun, l: Learner, t: Target, resolve: ResolveSettings, opts: { until: number; natFlag?: string }): Promise<UpDone> {
  const { saved, settings } = await classLab(c, l, t, resolve);
  const savedSettings = (saved?.settings ?? {}) as Partial<LabSettings>;
  return withLab(c, 'class up', l, t, settings, saved, { until: opts.until }, async (ctx, stop) => {
    const keepNatInstance = opts.natFlag === undefined && savedSettings.nat === undefined;
    const p = await prepareUp(ctx, opts.until, { keepNatInstance, preflight: false });
    // The permission preflight once per account and region: its dry runs draw on the same
    // buckets. The quotas were totalled for the whole class before any lab began.
    if (!p.nothingToDo) assertReady(ctx, { permissions: await t.shared.once('permissions', () => checkPermissions(ctx)), quotas: [] });
    await ctx.state.setSettings(settings.region, { ...settings });
    const result = await up(p.resources, ctx, stop);
    const keyFile = path.basename(identityFile(ctx.privateKeyPath, settings.publicKeyFile));
    // A key kept with the state (a folder, or S3): written to a local 0600 file only for the hand-out.
    const privateKey = !settings.publicKeyFile && (await ctx.state.hasKey(settings.keyName)) ? await ctx.state.keyFile(settings.keyName, ctx.privateKeyPath) : undefined;
    // The hand-out's commands read the ssh_config beside it (its key, its pinned known_hosts), run from that folder.
    const handoutOutputs = throughConfig(labOutputs(ctx.live, keyFile), settings.name, HANDOUT_FILES.sshConfig);
    return {
      settings,
      outputs: labOutputs(ctx.live, ctx.privateKeyPath),
      handoutOutputs,
      keyFile,
      // Pinned with the lab's state (as `ssh` pins them), and handed out from there.
      knownHosts: (await pinHostKeys(c.location, settings.name, ctx)).lines,
      privateKey,
      // The expiry is the last chapter: a lab built part of the way has none.
      expiresAt: opts.until === LAST_CHAPTER ? expiryInfo(ctx, ctx.live, Date.now()).at : undefined,
      cost: p.cost,
      created: result.steps.filter((s) => s.outcome === 'created').length,
      topology: (await labPicture(ctx, ctx.live)).topology,
    };
  });
}

/** Remove one learner's lab, as `destroy --yes` would. The number of resources deleted. */
export async function destroyOne(c: ClassRun, l: Learner, t: Target): Promise<number> {
  const saved = await savedOf(c, l);
  const settings = knownSettings(l.lab, t.region, saved?.settings as Partial<LabSettings> | undefined);
  return withLab(c, 'class destroy', l, t, settings, saved, {}, async (ctx, stop) => {
    // A class's teardown asks nobody: what is not surely the lab's is left alone, said in one line.
    const deleted = await destroyLab(ctx, stop, {
      onSecondCopy: (n) => c.reporter.warn(msg().classSecondCopy(l.lab, n)),
      decide: async () => new Set(),
      onLeft: (d) => c.reporter.warn(`${l.lab}: ${leftAloneLine(d)}`),
    });
    // The whole lab gone (its state too): its pinned host keys go with it, as `destroy` does.
    if (!(await c.location.read(l.lab))) await c.location.removeKey(knownHostsName(l.lab));
    return deleted.length;
  });
}

/** One learner's lab as `status` sees it (nothing is written). */
export async function statusOne(c: ClassRun, l: Learner, t: Target) {
  const saved = await savedOf(c, l);
  const settings = knownSettings(l.lab, t.region, saved?.settings as Partial<LabSettings> | undefined);
  return withLab(c, 'class status', l, t, settings, saved, { readOnly: true }, async (ctx) => {
    const found = await discover(LAB, ctx);
    return { settings, ...labStatus(ctx, found, saved?.createdAt, Date.now()) };
  });
}

/** What `class up` would do to one learner's lab, and what it would bill (nothing is made). */
export async function planOne(c: ClassRun, l: Learner, t: Target, resolve: ResolveSettings, opts: { until: number }) {
  const { saved, settings } = await classLab(c, l, t, resolve);
  return withLab(c, 'class plan', l, t, settings, saved, { readOnly: true, until: opts.until }, async (ctx) => {
    const p = await prepareUp(ctx, opts.until, { planOnly: true, preflight: false });
    return { settings, plan: p.plan, cost: p.cost, expiry: p.expiry };
  });
}
