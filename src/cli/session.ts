import path from 'node:path';
import { createClients, type AwsClients } from '../aws/clients.js';
import { detectPublicCidr } from '../aws/my-ip.js';
import { realClock, type Clock } from '../engine/clock.js';
import { LabError, UsageError } from '../engine/errors.js';
import { readState, type StateData, type StateStore } from '../engine/state.js';
import { validateRegion, type LabSettings } from '../lab/core/config.js';
import { LAB } from '../lab/chapters/lab.js';
import { discover } from '../engine/graph.js';
import type { LabContext } from '../lab/core/context.js';
import type { Clients } from '../lab/core/context.js';
import { knownSettings, openRun } from '../lab/session.js';
import { pickLang } from '../ui/i18n.js';
import type { Reporter } from '../ui/reporter.js';
import { DEFAULT_STATE_DIR, type CommonFlags } from './flags.js';
import { isInteractive, onInterrupt } from './run.js';
import { inquirerPrompter, resolveLabName, resolveRegionByPrompt, type Prompter, type WizardIO } from './wizard.js';

/**
 * What a command needs from the outside world, injectable: tests hand in fakes, the CLI
 * the real thing (see defaultDeps).
 */
export interface Deps {
  clients(opts: { region?: string; profile?: string; endpointUrl?: string }): Promise<Clients & { region: string }>;
  clock: Clock;
  prompter?: () => Promise<Prompter>;
  detectIp(): Promise<string | undefined>;
  interactive: boolean;
}

export function defaultDeps(): Deps {
  const interactive = isInteractive();
  return {
    clients: (opts) => createClients(opts) as Promise<AwsClients>,
    clock: realClock,
    prompter: interactive ? inquirerPrompter : undefined,
    detectIp: () => detectPublicCidr(),
    interactive,
  };
}

export interface Opened {
  name: string;
  stateDir: string;
  saved?: StateData;
  io: WizardIO;
}

/** The flags every command shares, checked before anything else happens. */
function validateCommonFlags(flags: CommonFlags): void {
  if (flags.region !== undefined) validateRegion(flags.region);
  if (flags.lang !== undefined && flags.lang !== 'en' && flags.lang !== 'ja') {
    throw new UsageError(`language "${flags.lang}" is not offered`, 'use --lang en or --lang ja');
  }
  if (flags.endpointUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(flags.endpointUrl)) {
    throw new UsageError(`endpoint URL "${flags.endpointUrl}" is not an http(s) URL`, 'write it like http://127.0.0.1:5000');
  }
}

/** The first steps of every command: the language, a way to ask, the lab's name and saved state. */
export async function openLab(flags: CommonFlags, reporter: Reporter, deps: Deps, opts: { ask?: boolean } = {}): Promise<Opened> {
  const prompter = opts.ask && deps.interactive && !flags.yes && deps.prompter ? await deps.prompter() : undefined;
  const io: WizardIO = {
    prompter,
    lang: pickLang(flags.lang),
    say: (text) => reporter.info(reporter.c.dim(text)),
    detectIp: deps.detectIp,
  };
  validateCommonFlags(flags);
  const stateDir = path.resolve(flags.stateDir ?? DEFAULT_STATE_DIR);
  const name = await resolveLabName(flags.name, io);
  const saved = flags.rediscover ? undefined : readState(stateDir, name);
  return { name, stateDir, saved, io };
}

/** Clients for the lab's region: the flag, else the region the lab was made in, else the SDK's, else ask. */
export async function connect(flags: CommonFlags, opened: Opened, deps: Deps): Promise<Clients & { region: string }> {
  const base = { profile: flags.profile, endpointUrl: flags.endpointUrl };
  const region = flags.region ?? opened.saved?.region;
  try {
    return await deps.clients({ ...base, region });
  } catch (err) {
    if (!(err instanceof LabError && err.code === 'NoRegion') || !opened.io.prompter) throw err;
    return deps.clients({ ...base, region: await resolveRegionByPrompt(opened.io) });
  }
}

export interface Run {
  ctx: LabContext;
  state: StateStore;
  stop: AbortController;
  /** Release the lock and the Ctrl-C handler. */
  close(): Promise<void>;
}

/** Take the lab's lock, open its state, wire the context and Ctrl-C, and look up what exists. */
export async function startRun(
  command: string,
  opened: Opened,
  clients: Clients,
  settings: LabSettings,
  reporter: Reporter,
  deps: Deps,
  flags: CommonFlags,
  opts: { readOnly?: boolean; until?: number } = {},
): Promise<Run> {
  const stop = new AbortController();
  const run = await openRun({
    command,
    stateDir: opened.stateDir,
    name: opened.name,
    saved: opened.saved,
    clients,
    settings,
    clock: deps.clock,
    events: reporter,
    signal: stop.signal,
    readOnly: opts.readOnly,
    fresh: flags.rediscover,
    until: opts.until,
    onTakeOver: (holder) => reporter.warn(`taking over the lock of a run that is gone (pid ${holder.pid}, started ${holder.startedAt})`),
  });
  const offInterrupt = onInterrupt(stop, reporter);
  return {
    ...run,
    stop,
    close: async () => {
      offInterrupt();
      await run.close();
    },
  };
}

export { knownSettings };

/** Open a lab to look at it: no lock, no prompts, everything found. */
export async function inspectLab(command: string, flags: CommonFlags, reporter: Reporter, deps: Deps) {
  const opened = await openLab(flags, reporter, deps);
  const clients = await connect(flags, opened, deps);
  const settings = knownSettings(opened.name, clients.region, opened.saved?.settings as Partial<LabSettings> | undefined);
  const run = await startRun(command, opened, clients, settings, reporter, deps, flags, { readOnly: true });
  try {
    const found = await discover(LAB, run.ctx);
    return { opened, settings, run, found };
  } finally {
    await run.close();
  }
}
