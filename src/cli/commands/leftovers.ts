import { EC2Client } from '@aws-sdk/client-ec2';
import { lookInRegion, type RegionLook } from '../../aws/billed.js';
import { translate } from '../../aws/errors.js';
import { readPrices, priceListOf, type PriceListApi } from '../../aws/pricing.js';
import type { Sender } from '../../aws/retry.js';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { enabledRegions, inEveryRegion } from '../../aws/regions.js';
import { createClients } from '../../aws/clients.js';
import { className, readRoster } from '../../class/roster.js';
import { reachTargets, type Target } from '../../class/targets.js';
import { LabError, UsageError } from '../../engine/errors.js';
import { HOURS_PER_MONTH } from '../../lab/core/cost.js';
import { groupLeftovers, priceNeeds, priceSources, roleProfile, type Leftover, type LeftoverGroup, type Leftovers, type RoleProfile, type RoleSource } from '../../lab/views/leftovers.js';
import { msg } from '../../ui/messages/index.js';
import { sayError, type Reporter } from '../../ui/reporter.js';
import type { CommonFlags } from '../flags.js';
import { validateCommonFlags, warnEndpointInClear, type Deps } from '../session.js';

/**
 * `leftovers --json`: every group with every resource's ID, what each costs, the command
 * that removes the group; the regions looked in and those that could not be read
 * (`complete` false, exit 1); which prices were used.
 */
export interface LeftoversJson {
  ok: true;
  command: 'leftovers';
  /** Every region was read: false when some are in `unread` (what bills there is not in `groups`). */
  complete: boolean;
  regions: string[];
  unread: { region: string; code: string; message: string }[];
  groups: (Omit<LeftoverGroup, 'resources'> & { resources: Omit<Leftover, 'need'>[] })[];
  /** $ an hour and a month, of everything priced. */
  hourly: number;
  monthly: number;
  /** Resources whose price neither the Price List API nor the table has (not in the figures). */
  unpriced: number;
  prices: { used: string[]; tableTakenOn: string; priceListError?: string };
}

/** The region DescribeRegions is asked in when nothing names one: any enabled region answers for all. */
const HOME_REGION = 'us-east-1';

/** The Price List API's endpoint: an emulator's when the calls go to one (--endpoint-url, AWS_ENDPOINT_URL), else AWS's. */
function pricingEndpoint(flags: CommonFlags, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return flags.endpointUrl ?? env.AWS_ENDPOINT_URL_PRICING ?? env.AWS_ENDPOINT_URL;
}

/** One account's look: the regions asked, those that could not be read, what was found and priced. */
export interface AccountLook {
  regions: string[];
  unread: { region: string; error: LabError }[];
  found: Leftovers;
  priceListError?: LabError;
}

type Ec2 = Sender<EC2Client>;

/**
 * Look in every enabled region of one account at once (or in `only`), price what was found
 * (the Price List API, else the table) and group it. `clientFor` gives a region's EC2 client
 * with the account's credentials.
 */
export async function lookEverywhere(home: { ec2: Ec2; region: string }, clientFor: (region: string) => Promise<Ec2>, opts: { only?: string; profile?: string; priceList?: PriceListApi; onRegions?: (regions: string[]) => void }): Promise<AccountLook> {
  const regions = opts.only ? [opts.only] : await enabledRegions(home.ec2);
  opts.onRegions?.(regions);
  const looked = await inEveryRegion(regions, async (region) => lookInRegion(region === home.region ? home.ec2 : await clientFor(region), region));
  const looks = looked.flatMap((r) => (r.ok ? [r.value] : []));
  const unread = looked.flatMap((r) => (r.ok ? [] : [{ region: r.region, error: translate(r.error) }]));
  const read = await readPrices(opts.priceList, priceNeeds(looks));
  const found = groupLeftovers(looks, read.prices, { profile: opts.profile });
  return { regions, unread, found, ...(read.error === undefined ? {} : { priceListError: translate(read.error) }) };
}

/** The --json body of one account's look. */
export function lookJson(look: AccountLook): Omit<LeftoversJson, 'ok' | 'command'> {
  const { regions, unread, found, priceListError } = look;
  return {
    complete: unread.length === 0,
    regions,
    unread: unread.map((u) => ({ region: u.region, code: u.error.code, message: u.error.message })),
    groups: found.groups.map((g) => ({ ...g, resources: g.resources.map(({ need: _need, ...r }) => r) })),
    hourly: found.hourly,
    monthly: found.monthly,
    unpriced: found.unpriced,
    prices: { ...priceSources(found), ...(priceListError ? { priceListError: priceListError.message } : {}) },
  };
}

/** The regions that could not be read, each named, and what that means; exit 1 if any. */
function sayUnread(reporter: Reporter, look: AccountLook): void {
  for (const u of look.unread) reporter.warn(msg().left_unread(u.region, sayError(u.error).message.split('\n')[0]));
  if (look.unread.length === 0) return;
  reporter.info(msg().left_unreadHint(look.unread.length));
  process.exitCode = 1;
}

/**
 * `aws-lab-setup leftovers`: what still bills, in every enabled region at once (or the one
 * --region names). Reads only. Exit 0 when every region was read, leftovers or not (a
 * script reads `--json`'s `hourly` or `groups`); exit 1 when some region could not be read,
 * after saying what the others hold.
 */
export async function leftoversCommand(flags: CommonFlags, reporter: Reporter, deps: Deps, priceList: (ec2: unknown) => PriceListApi | undefined = defaultPriceList(flags)): Promise<void> {
  validateCommonFlags(flags);
  warnEndpointInClear(flags, reporter);
  const base = { profile: flags.profile, endpointUrl: flags.endpointUrl };
  const home = await deps.clients({ ...base, region: flags.region }).catch((err: unknown) => {
    if (err instanceof LabError && err.code === 'NoRegion') return deps.clients({ ...base, region: HOME_REGION });
    throw err;
  });
  // Every region's client signs with the home client's credentials, resolved once (a profile
  // that assumes a role would otherwise assume it again for each region).
  const credentials = (home.ec2 as { config?: { credentials?: AwsCredentialIdentityProvider } }).config?.credentials;
  const look = await lookEverywhere(home, async (region) => (await deps.clients({ ...base, region, ...(credentials ? { credentials } : {}) })).ec2, {
    only: flags.region,
    profile: flags.profile,
    priceList: priceList(home.ec2),
    onRegions: (regions) => !flags.json && reporter.info(reporter.c.dim(msg().left_looking(regions.length))),
  });
  if (flags.json) reporter.json<LeftoversJson>({ ok: true, command: 'leftovers', ...lookJson(look) });
  else reporter.result(renderLeftovers(reporter, look.found, look.regions.length, look.priceListError && sayError(look.priceListError).message.split('\n')[0]));
  sayUnread(reporter, look);
}

/** The Price List API through the real EC2 client's credentials and HTTP handler; none for a stand-in client (unit tests). */
function defaultPriceList(flags: CommonFlags): (ec2: unknown) => PriceListApi | undefined {
  return (ec2) => (ec2 instanceof EC2Client ? priceListOf(ec2, { endpoint: pricingEndpoint(flags) }) : undefined);
}

const money = (hourly: number, monthly: number) => [msg().perHour(hourly), msg().perMonth(monthly)] as const;

function headingOf(g: LeftoverGroup): string {
  const m = msg();
  if (g.kind === 'lab') return m.left_groupLab(g.lab!, g.vpcId!, g.region);
  if (g.kind === 'vpc') return m.left_groupVpc(g.vpcId!, g.vpcName, g.region);
  if (g.kind === 'defaultVpc') return m.left_groupDefault(g.vpcId!, g.region);
  return m.left_groupStandalone(g.region);
}

function resourceLine(r: Leftover): string {
  const m = msg();
  switch (r.kind) {
    case 'natGateway':
      return m.left_natGateway(r.id, r.state);
    case 'elasticIp':
      return m.left_elasticIp(r.id, r.publicIp, r.idle === true);
    case 'publicIp':
      return m.left_publicIp(r.publicIp, r.id);
    case 'instance':
      return m.left_instance(r.id, r.type, r.state, r.name, r.state === 'stopped' || r.state === 'stopping');
    case 'volume':
      return m.left_volume(r.id, r.sizeGb, r.type, r.idle === true);
  }
}

function priceOf(r: Leftover): string {
  const m = msg();
  if (r.hourly === undefined) return m.left_unknownPrice;
  if (r.hourly === 0) return m.left_free;
  return m.perHour(r.hourly);
}

/** Each group with its resources, prices and the commands that remove it; the total; which prices were used. */
export function renderLeftovers(reporter: Pick<Reporter, 'c'>, found: Leftovers, regions: number, priceListError: string | undefined): string {
  const { c } = reporter;
  const m = msg();
  if (found.groups.length === 0) return m.left_nothing(regions);
  const lines: string[] = [];
  for (const g of found.groups) {
    lines.push(c.bold(headingOf(g)));
    for (const r of g.resources) lines.push(`  ${m.mark_bullet} ${resourceLine(r)}  ${c.dim(priceOf(r))}`);
    lines.push(`  ${m.left_groupCost(...money(g.hourly, g.monthly))}`);
    lines.push(`  ${m.left_removeWith}`);
    for (const cmd of g.remove) lines.push(`    ${c.cyan(cmd)}`);
    lines.push('');
  }
  lines.push(c.bold(m.left_total(...money(found.hourly, found.monthly), found.groups.length)));
  if (found.unpriced > 0) lines.push(c.yellow(m.left_unpriced(found.unpriced)));
  const { used, tableTakenOn } = priceSources(found);
  const said = used.length === 2 ? m.left_pricesBoth(tableTakenOn) : used[0] === 'price-list' ? m.left_pricesApi : m.left_pricesTable(tableTakenOn, priceListError);
  lines.push(c.dim(said));
  return lines.join('\n');
}

// ---- a class: every learner's account -------------------------------------------

/** `class leftovers --json`: each account of the roster with its look; the accounts that could not be reached. */
export interface ClassLeftoversJson {
  ok: true;
  command: 'class leftovers';
  accounts: ({
    account: string;
    via: string;
    learners: string[];
    /** A member account reached by its role: the profile its groups' `remove` commands name, and the commands that make it (once). */
    profileSetup?: string[];
  } & Omit<LeftoversJson, 'ok' | 'command'>)[];
  unreached: { learners: string[]; code: string; message: string }[];
  /** Every account's figures added up. */
  hourly: number;
  monthly: number;
}

export interface ClassLeftoversFlags extends CommonFlags {
  roster?: string;
  roleName?: string;
}

/** Once per account reached by its role: the profile its commands name, and how to make it. */
function profileLines(reporter: Pick<Reporter, 'c'>, role: RoleProfile, roleName: string): string[] {
  return [msg().left_classProfile(role.profile, roleName), ...role.setup.map((cmd) => `    ${reporter.c.cyan(cmd)}`), ''];
}

/** One GetProducts answer per query, whichever account asks: prices are the same for every account. */
function askedOnce(api: PriceListApi | undefined): PriceListApi | undefined {
  if (!api) return undefined;
  const answers = new Map<string, ReturnType<PriceListApi['getProducts']>>();
  return {
    getProducts(input) {
      const key = JSON.stringify(input);
      if (!answers.has(key)) answers.set(key, api.getProducts(input));
      return answers.get(key)!;
    },
  };
}

/**
 * Where the caller's credentials come from, for a member account's profile to assume its
 * role with, as the SDK's chain found them: --profile (or AWS_PROFILE, which the chain
 * prefers to the environment's keys), else the environment's keys, else the default profile.
 */
export function callerSource(profile: string | undefined, env: NodeJS.ProcessEnv = process.env): RoleSource {
  const named = profile ?? env.AWS_PROFILE;
  if (named) return { profile: named };
  if (env.AWS_ACCESS_KEY_ID) return { environment: true };
  return { profile: 'default' };
}

/** How the printed commands reach an account: its role's profile (made once), the roster's profile, or the caller's own. */
function reachOf(account: string, via: string, roleName: string, flags: CommonFlags): { profile?: string; role?: RoleProfile } {
  if (via.startsWith('role ')) {
    const role = roleProfile(account, `arn:aws:iam::${account}:role/${roleName}`, callerSource(flags.profile));
    return { profile: role.profile, role };
  }
  return { profile: via.startsWith('profile ') ? via.slice('profile '.length) : undefined };
}

/**
 * `class leftovers --roster FILE`: what still bills in every account the roster reaches
 * (its account column through --role-name, its profiles, the caller's), each looked at in
 * every enabled region, the accounts at once. Reached as `class up` reaches them
 * (class/targets.ts). Exit 1 when an account or a region could not be read.
 */
export async function classLeftoversCommand(flags: ClassLeftoversFlags, reporter: Reporter): Promise<void> {
  validateCommonFlags(flags);
  warnEndpointInClear(flags, reporter);
  if (!flags.roster) throw new UsageError(['err_classNoRoster'], ['hint_classNoRoster']);
  const klass = className(flags.roster, flags.name);
  const learners = await readRoster(flags.roster, klass);
  const reach = { region: flags.region ?? HOME_REGION, profile: flags.profile, endpointUrl: flags.endpointUrl, roleName: flags.roleName ?? 'OrganizationAccountAccessRole', klass };
  const { targets, unreached } = await reachTargets(learners, reach);
  // One look per account, whatever regions its learners' labs are in: the look covers them all.
  const byAccount = new Map<string, Target[]>();
  for (const t of targets) byAccount.set(t.account, [...(byAccount.get(t.account) ?? []), t]);
  let prices: PriceListApi | undefined;
  const accounts = await Promise.all(
    [...byAccount.entries()].map(async ([account, ts]) => {
      // Reached by a profile where some learner's row names one: the printed commands then need no role.
      const first = ts.find((t) => !t.via.startsWith('role ')) ?? ts[0];
      const home = first.clients;
      prices ??= askedOnce(priceListOf(home.ec2, { endpoint: pricingEndpoint(flags) }));
      const clientFor = async (region: string) => (await createClients({ region, endpointUrl: flags.endpointUrl, credentials: home.ec2.config.credentials })).ec2;
      const reached = reachOf(account, first.via, reach.roleName, flags);
      const look = await lookEverywhere(home, clientFor, { priceList: prices, profile: reached.profile });
      return { account, via: first.via, learners: ts.flatMap((t) => t.learners.map((l) => l.learner)), look, role: reached.role };
    }),
  );
  const hourly = accounts.reduce((s, a) => s + a.look.found.hourly, 0);
  if (flags.json) {
    reporter.json<ClassLeftoversJson>({
      ok: true,
      command: 'class leftovers',
      accounts: accounts.map((a) => ({ account: a.account, via: a.via, learners: a.learners, ...(a.role ? { profileSetup: a.role.setup } : {}), ...lookJson(a.look) })),
      unreached: unreached.map((u) => ({ learners: u.learners.map((l) => l.learner), code: u.error.code, message: u.error.message })),
      hourly,
      monthly: hourly * HOURS_PER_MONTH,
    });
  } else {
    const m = msg();
    const parts = accounts.map((a) =>
      [
        reporter.c.bold(m.left_classAccount(a.account, a.learners)),
        ...(a.role && a.look.found.groups.length ? profileLines(reporter, a.role, reach.roleName) : []),
        renderLeftovers(reporter, a.look.found, a.look.regions.length, a.look.priceListError && sayError(a.look.priceListError).message.split('\n')[0]),
      ].join('\n'),
    );
    parts.push(reporter.c.bold(m.left_classTotal(...money(hourly, hourly * HOURS_PER_MONTH), accounts.length)));
    reporter.result(parts.join('\n\n'));
  }
  for (const a of accounts) sayUnread(reporter, a.look);
  for (const u of unreached) reporter.warn(msg().left_classUnreached(u.learners.map((l) => l.learner), sayError(u.error).message.split('\n')[0]));
  if (unreached.length > 0) process.exitCode = 1;
}
