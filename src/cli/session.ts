import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { callerAccount, createClients, s3Client, stsOfS3, type AwsClients } from '../aws/clients.js';
import { detectPublicCidr } from '../aws/my-ip.js';
import { askPage, type PageAnswer } from '../aws/web-page.js';
import { realClock, type Clock } from '../engine/clock.js';
import { LabError, UsageError } from '../engine/errors.js';
import { openLocation, readSaved, type LocationDeps, type StateData, type StateLocation, type StateStore } from '../engine/state.js';
import { validateBucketOwner, type LockOptions } from '../engine/store/location.js';
import { validateRegion, validateSavedState, type LabSettings } from '../lab/core/config.js';
import { LAB } from '../lab/chapters/lab.js';
import { discover } from '../engine/graph.js';
import type { LabContext } from '../lab/core/context.js';
import type { Clients } from '../lab/core/context.js';
import { knownSettings, openRun } from '../lab/session.js';
import { pickLang } from '../ui/i18n.js';
import { msg, say } from '../ui/messages/index.js';
import { renderHolder } from '../ui/views.js';
import type { Reporter } from '../ui/reporter.js';
import { stateLocationOf, type CommonFlags } from './flags.js';
import { isInteractive, onInterrupt } from './run.js';
import { inquirerPrompter, resolveLabName, resolveRegionByPrompt, type Prompter, type WizardIO } from './wizard.js';

/**
 * What a command needs from the outside world, injectable: tests hand in fakes, the CLI
 * the real thing (see defaultDeps).
 */
export interface Deps {
  /** `credentials`: another client's (already resolved once), instead of resolving the profile again (leftovers' region clients). */
  clients(opts: { region?: string; profile?: string; endpointUrl?: string; credentials?: AwsCredentialIdentityProvider }): Promise<Clients & { region: string }>;
  clock: Clock;
  prompter?: () => Promise<Prompter>;
  detectIp(): Promise<string | undefined>;
  /** One GET of the lab's web page (`check`, and the end of `up`). */
  page(url: string, timeoutMs: number): Promise<PageAnswer>;
  interactive: boolean;
}

export function defaultDeps(): Deps {
  const interactive = isInteractive();
  return {
    clients: (opts) => createClients(opts) as Promise<AwsClients>,
    clock: realClock,
    prompter: interactive ? inquirerPrompter : undefined,
    detectIp: () => detectPublicCidr(),
    page: askPage,
    interactive,
  };
}

export interface Opened {
  name: string;
  /** This machine's folder for the lab's files: the state folder, or (state in S3) a local one for keys ssh needs. */
  stateDir: string;
  /** Where the state lives (a folder, S3): nothing here knows which. */
  location: StateLocation;
  saved?: StateData;
  io: WizardIO;
}

/** The flags every command shares, checked before anything else happens. */
export function validateCommonFlags(flags: CommonFlags): void {
  if (flags.region !== undefined) validateRegion(flags.region);
  if (flags.lang !== undefined && flags.lang !== 'en' && flags.lang !== 'ja') {
    throw new UsageError(['err_langUnknown', flags.lang], ['hint_langUnknown']);
  }
  if (flags.endpointUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(flags.endpointUrl)) {
    throw new UsageError(['err_endpointUrl', flags.endpointUrl], ['hint_endpointUrl']);
  }
  if (flags.stateBucketOwner !== undefined) validateBucketOwner(flags.stateBucketOwner);
}

/**
 * How a state location is opened: an S3 client made only for s3://, the account its bucket
 * must belong to (--state-bucket-owner, else the caller's: asked with the command's own STS
 * client where it has made its clients already), and a folder's concerns said.
 */
export function locationDeps(flags: CommonFlags, reporter?: Reporter, sts?: Clients['sts']): LocationDeps {
  const opts = { region: flags.region, profile: flags.profile, endpointUrl: flags.endpointUrl };
  let client: ReturnType<typeof s3Client> | undefined;
  const s3 = () => (client ??= s3Client(opts));
  return {
    s3,
    bucketOwner: async () => flags.stateBucketOwner ?? callerAccount(sts ?? (await stsOfS3(await s3(), opts))),
    warn: reporter && ((words) => reporter.warn(say(words))),
  };
}

/** A host name or address that never leaves this machine: localhost, 127.0.0.0/8, ::1. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '::1' || host === '0:0:0:0:0:0:0:1';
}

/**
 * The plain-http endpoint off this machine the calls would go to (--endpoint-url, else
 * AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_S3), if any: credentials' signatures, the session
 * token and a new key pair's private key would cross the network in clear. An emulator on
 * loopback (the README's moto) and https are fine.
 */
export function endpointInClear(flags: { endpointUrl?: string }, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const urls = [flags.endpointUrl ?? env.AWS_ENDPOINT_URL, env.AWS_ENDPOINT_URL_S3].filter((u): u is string => Boolean(u));
  return urls.find((u) => {
    try {
      const url = new URL(u);
      return url.protocol === 'http:' && !isLoopback(url.hostname);
    } catch {
      return false; // a malformed one is refused by validateCommonFlags
    }
  });
}

/** One line when the endpoint is plain http off this machine (security review finding 15): said, not refused (an emulator on another host is legitimate). */
export function warnEndpointInClear(flags: { endpointUrl?: string }, reporter: Reporter, env: NodeJS.ProcessEnv = process.env): void {
  const url = endpointInClear(flags, env);
  if (url) reporter.warn(msg().endpointInClear(url));
}

/** --state-dir (or AWS_LAB_SETUP_STATE): a folder, or s3://BUCKET/PREFIX with its client made only then. */
export function openStateLocation(flags: CommonFlags, reporter?: Reporter, sts?: Clients['sts']): Promise<StateLocation> {
  return openLocation(stateLocationOf(flags), locationDeps(flags, reporter, sts));
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
  warnEndpointInClear(flags, reporter);
  const location = await openStateLocation(flags, reporter);
  const name = await resolveLabName(flags.name, io);
  const saved = flags.rediscover ? undefined : await readSaved(location, name);
  // Whoever can write the state folder or bucket writes these: checked like flags, before any use.
  if (saved) validateSavedState(saved, location.nameOf(name));
  return { name, stateDir: location.localDir, location, saved, io };
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

/** How a command takes a lab's lock: waiting (--wait-for-lock) or not, who it is, what it says. */
function lockOptions(name: string, clients: Pick<Clients, 'sts'> | undefined, reporter: Reporter, flags: CommonFlags): Omit<LockOptions, 'command'> {
  return {
    wait: flags.waitForLock,
    owner: async () => (clients ? (await clients.sts.send(new GetCallerIdentityCommand({}))).Arn : undefined),
    onTakeover: (h, why) => reporter.warn(why === 'lease' ? msg().lockTakeoverLease(name, renderHolder(h), h.command, h.startedAt) : msg().lockTakeoverGone(h.pid, h.startedAt)),
    onWait: (h) => reporter.info(msg().lockWaiting(name, renderHolder(h), h.command, h.startedAt)),
  };
}

/**
 * Before anything is created: the state location must be writable (exit 2 naming it and
 * why), then the lab's lock is taken (read again after it: `StateStore.open`).
 */
export async function takeLock(command: string, opened: Pick<Opened, 'name' | 'location'>, clients: Pick<Clients, 'sts'> | undefined, reporter: Reporter, flags: CommonFlags) {
  await opened.location.prepare();
  return opened.location.lock(opened.name, { ...lockOptions(opened.name, clients, reporter, flags), command });
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
    location: opened.location,
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
    webPage: say(['page_apache']),
    lock: lockOptions(opened.name, clients, reporter, flags),
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

/**
 * Open a lab to look at it: no lock, no prompts, everything found. `beside` runs while
 * discovery does (status asks the VPC's attributes there), so its calls add no round trip.
 */
export async function inspectLab<T = undefined>(command: string, flags: CommonFlags, reporter: Reporter, deps: Deps, beside?: (ctx: LabContext) => Promise<T>) {
  const opened = await openLab(flags, reporter, deps);
  const clients = await connect(flags, opened, deps);
  const settings = knownSettings(opened.name, clients.region, opened.saved?.settings as Partial<LabSettings> | undefined);
  const run = await startRun(command, opened, clients, settings, reporter, deps, flags, { readOnly: true });
  try {
    const [found, alongside] = await Promise.all([discover(LAB, run.ctx), beside?.(run.ctx)]);
    return { opened, settings, run, found, alongside };
  } finally {
    await run.close();
  }
}
