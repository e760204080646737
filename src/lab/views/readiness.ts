/**
 * Before the first create on an account: may these credentials make (and remove) the lab,
 * and is there room for it under the account's quotas? Either answer "no" means nothing is
 * made: a lab that stops halfway on a real account leaves billed pieces behind.
 */
import { DescribeAccountAttributesCommand, DescribeAddressesCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { isStandardType, QUOTAS, readQuota, runningStandardTypes, vcpusOf, type QuotaKey, type QuotaValue, type LimitFrom } from '../../aws/quotas.js';
import { canDryRun, dryRun, simulate, type ActionCheck, type Placeholder, type ProbeInput } from '../../aws/permissions.js';
import { EC2_KINDS } from '../../aws/ec2-kinds.js';
import { isAccessDenied } from '../../aws/errors.js';
import { isWanted } from '../../engine/graph.js';
import { LabError, type Words } from '../../engine/errors.js';
import type { Live, Resource } from '../../engine/resource.js';
import { NAT_INSTANCE_FALLBACK_TYPE, NAT_INSTANCE_TYPE, type LabSettings } from '../core/config.js';
import { present, type LabContext } from '../core/context.js';
import { LAB, labThrough } from '../chapters/lab.js';
import { boundaryArn } from '../kinds/iam-role.js';
import { labTags, TAG_MANAGED_BY, TOOL } from '../core/tags.js';
import { ADMIN_ONLY } from './policy.js';

export interface QuotaCheck {
  quota: QuotaKey;
  what: string;
  /** How to ask for more: Service Quotas' service and quota codes. */
  serviceCode: string;
  quotaCode: string;
  /** The limit in force, and where it came from; undefined when it could not be read. */
  limit?: number;
  limitFrom: LimitFrom;
  /** Why Service Quotas gave no value (its error code), when the limit is unknown. */
  unreadable?: string;
  used: number;
  needed: number;
  /** False only for a known limit that is short: an unknown one never stops the lab. */
  ok: boolean;
  /** A new account's limit. */
  newAccount: number;
  /** The limit is unknown and the lab needs more than a new account's. */
  warn: boolean;
}

export interface Readiness {
  permissions: ActionCheck[];
  quotas: QuotaCheck[];
}

const READ = /^(Describe|Get|List)/;
/** A raised VPC quota, for an endpoint whose Service Quotas does not say it. */
export const VPC_QUOTA_ENV = 'AWS_LAB_SETUP_VPC_QUOTA';

/** The mutating calls the lab (as these settings want it) makes over its life: build and teardown. */
export function mutatingActions(ctx: LabContext): string[] {
  const all = LAB.filter((r) => isWanted(r, ctx)).flatMap((r) => r.actions);
  // What only an administrator does (an old role's boundary or trust) is not the caller's to be asked about.
  return [...new Set(all)].filter((a) => !READ.test(a.split(':')[1] ?? '') && !ADMIN_ONLY.includes(a)).sort();
}

/**
 * Each EC2 call with DryRun, sent once (no retries: a throttled or failed probe is "could
 * not tell", and the real call still has its retries). CreateVpc goes first and alone: an
 * endpoint that ignores DryRun makes a VPC there, which dryRun removes before the next
 * probe, retried as any call is (ctx.ec2): under throttling it must not stay behind. The other ~30 go out at once: EC2 meters calls by token buckets (a burst of 50
 * mutating calls, 5 a second after), so how many are in flight changes nothing but the
 * wait; RunInstances and CreateNatGateway, with buckets of their own, are one probe each.
 */
async function dryRuns(ctx: LabContext, probed: string[], input: ProbeInput): Promise<ActionCheck[]> {
  const first = await Promise.all(probed.filter((a) => a === 'ec2:CreateVpc').map((a) => dryRun(ctx.ec2Once, a, ctx.ec2, input)));
  return [...first, ...(await Promise.all(probed.filter((a) => a !== 'ec2:CreateVpc').map((a) => dryRun(ctx.ec2Once, a, ctx.ec2, input))))];
}

/** The placeholder each EC2 ID prefix stands in for: the lab's own resource, when it has one. */
const PLACEHOLDER_OF: Partial<Record<string, Placeholder>> = {
  [EC2_KINDS.vpc.prefix]: 'vpc',
  [EC2_KINDS.subnet.prefix]: 'subnet',
  [EC2_KINDS.internetGateway.prefix]: 'igw',
  [EC2_KINDS.routeTable.prefix]: 'rtb',
  [EC2_KINDS.securityGroup.prefix]: 'sg',
  [EC2_KINDS.instance.prefix]: 'instance',
  [EC2_KINDS.address.prefix]: 'eipalloc',
  [EC2_KINDS.natGateway.prefix]: 'nat',
};

/** What the probes carry of the real calls: the lab's tags and instance type, and its resources made so far. */
export function probeInput(ctx: LabContext, found: ReadonlyMap<string, Live | undefined> = new Map()): ProbeInput {
  const ids: ProbeInput['ids'] = {};
  for (const [key, live] of found) {
    if (!live || live.leaving) continue;
    const kind = LAB.find((r) => r.key === key)?.kind;
    if (kind === 'KeyPair' && typeof live.attrs.name === 'string') ids.keyName = live.attrs.name;
    const placeholder = PLACEHOLDER_OF[`${live.id.split('-')[0]}-`];
    if (placeholder && !ids[placeholder]) ids[placeholder] = live.id;
  }
  if (ctx.settings.ami) ids.ami = ctx.settings.ami;
  return { tags: labTags(ctx.settings.name, 'permissionCheck', 'permission-check', ctx.settings.extraTags), instanceType: ctx.settings.instanceType, ids };
}

/**
 * What the real calls carry that the printed policy asks about, for IAM's simulator: the
 * role's boundary, the service it is passed to, the region, and the tool's tags on what is
 * made and changed (a dry run that had to name a placeholder cannot show them).
 */
async function simulatorContext(ctx: LabContext): Promise<Record<string, string>> {
  return {
    'iam:PermissionsBoundary': boundaryArn(await ctx.account()),
    'iam:PassedToService': 'scheduler.amazonaws.com',
    'aws:RequestedRegion': ctx.settings.region,
    [`aws:RequestTag/${TAG_MANAGED_BY}`]: TOOL,
    [`ec2:ResourceTag/${TAG_MANAGED_BY}`]: TOOL,
    'ec2:InstanceType': ctx.settings.instanceType,
    'ec2:Owner': 'amazon',
  };
}

export async function checkPermissions(ctx: LabContext, found?: ReadonlyMap<string, Live | undefined>): Promise<ActionCheck[]> {
  const actions = mutatingActions(ctx);
  const other = actions.filter((a) => !canDryRun(a));
  const context = await simulatorContext(ctx).catch(() => ({}));
  const probedActions = actions.filter((a) => canDryRun(a) && a !== 'ec2:CreateTags');
  // IAM and Scheduler have no dry run: IAM's policy simulator answers for them, meanwhile —
  // in the same one question, for the EC2 calls too, in case a probe must name a placeholder.
  const asked = [...other.filter((a) => !a.startsWith('ec2:')), ...probedActions];
  const [probed, answers] = await Promise.all([dryRuns(ctx, probedActions, probeInput(ctx, found)), simulate(ctx.iam, ctx.sts, asked, context)]);
  const byAction = new Map(answers.map((c) => [c.action, c]));
  const simulated = answers.filter((c) => !c.action.startsWith('ec2:'));
  // A refusal of a probe that named a placeholder says nothing under a tag-scoped policy: the simulator, with the lab's tags, decides.
  const results = probed.map((c) => (c.placeholder ? byAction.get(c.action)! : c));
  // The lab tags only in its creates, and the printed policy allows nothing else: CreateVpc's
  // probe carries the tags, so its answer is CreateTags' (a probe on an existing resource would be refused, rightly).
  const vpc = results.find((c) => c.action === 'ec2:CreateVpc');
  if (actions.includes('ec2:CreateTags')) results.push({ action: 'ec2:CreateTags', verdict: vpc?.verdict ?? 'unknown', answer: `with CreateVpc's tags: ${vpc?.answer ?? 'not asked'}` });
  const rest = other.filter((a) => a.startsWith('ec2:')).map((action): ActionCheck => ({ action, verdict: 'unknown', answer: 'no dry run for this action' }));
  return [...results, ...simulated, ...rest];
}

/** One resource's share of a quota: one of its count, or for vCPUs an instance, as the types it may be launched as. */
export interface QuotaTake {
  key: string;
  quota: QuotaKey;
  types?: readonly string[];
}

/** What each kind of resource takes; the NAT instance's type is chosen at launch, by zone. */
const TAKES: Record<string, (s: LabSettings) => Omit<QuotaTake, 'key'>> = {
  VPC: () => ({ quota: 'vpcs' }),
  InternetGateway: () => ({ quota: 'internetGateways' }),
  NatGateway: () => ({ quota: 'natGatewaysPerZone' }),
  ElasticIp: () => ({ quota: 'elasticIps' }),
  Instance: (s) => ({ quota: 'standardVcpus', types: [s.instanceType] }),
  NatInstance: () => ({ quota: 'standardVcpus', types: [NAT_INSTANCE_TYPE, NAT_INSTANCE_FALLBACK_TYPE] }),
};

/**
 * What the lab (`run`: all of it, or up to a chapter) takes of each quota with these
 * settings, resource by resource. A plain function of the settings (every resource's
 * `wanted` reads only them), so that many labs can be planned without an account.
 */
export function quotaTakes(settings: LabSettings, run: readonly Resource<LabContext>[] = LAB): QuotaTake[] {
  const bySettings = { settings } as LabContext;
  return run.filter((r) => TAKES[r.kind] && isWanted(r, bySettings)).map((r) => ({ key: r.key, ...TAKES[r.kind](settings) }));
}

/** Every type the takes may launch (to ask EC2 for their vCPUs). */
export const takenTypes = (takes: readonly QuotaTake[]): string[] => [...new Set(takes.flatMap((t) => t.types ?? []))];

/**
 * The takes summed per quota. An instance takes its largest possible type's vCPUs, and
 * none of L-1216C47A when that type is not a Standard one; a type missing from `vcpus`
 * (EC2 does not know it: the zone look-up stops `up` there) counts nothing.
 */
export function quotaNeeds(takes: readonly QuotaTake[], vcpus: ReadonlyMap<string, number>): Record<QuotaKey, number> {
  const needs = Object.fromEntries(Object.keys(QUOTAS).map((k) => [k, 0])) as Record<QuotaKey, number>;
  for (const t of takes) {
    needs[t.quota] += t.types ? Math.max(0, ...t.types.filter(isStandardType).map((type) => vcpus.get(type) ?? 0)) : 1;
  }
  return needs;
}

function check(quota: QuotaKey, limit: Limit, used: number, needed: number): QuotaCheck {
  const q = QUOTAS[quota];
  const base = { quota, what: q.counts, serviceCode: q.service, quotaCode: q.code, used, needed, newAccount: q.default };
  if (limit.value === undefined) return { ...base, limitFrom: `refused:${limit.unreadable}`, unreadable: limit.unreadable, ok: true, warn: used + needed > q.default };
  return { ...base, limit: limit.value, limitFrom: limit.from, ok: used + needed <= limit.value, warn: false };
}

const running = (live: Live | undefined) => Boolean(live && !live.leaving && (live.state === 'pending' || live.state === 'running'));

/**
 * vCPUs: the region's pending and running On-Demand Standard instances, plus the lab's
 * servers not running yet (a stopped one is started by `up`, and counts from then on).
 */
async function vcpuQuota(ctx: LabContext, takes: QuotaTake[], found: Map<string, Live | undefined>): Promise<QuotaCheck> {
  const launching = takes.filter((t) => t.quota === 'standardVcpus' && !running(found.get(t.key)));
  const [limit, types] = await Promise.all([readLimit(ctx, 'standardVcpus'), runningStandardTypes(ctx.ec2)]);
  const vcpus = await vcpusOf(ctx.ec2, [...types, ...takenTypes(launching)]);
  const used = types.reduce((sum, type) => sum + (vcpus.get(type) ?? 0), 0);
  return check('standardVcpus', limit, used, quotaNeeds(launching, vcpus).standardVcpus);
}

/** Elastic IPs: Service Quotas, else what EC2 tells every account (vpc-max-elastic-ips). */
async function elasticIpQuota(ctx: LabContext, takes: QuotaTake[], found: Map<string, Live | undefined>): Promise<QuotaCheck> {
  const needed = takes.filter((t) => t.quota === 'elasticIps' && !present(found, t.key)).length;
  const [quota, addresses] = await Promise.all([readLimit(ctx, 'elasticIps'), ctx.ec2.send(new DescribeAddressesCommand({}))]);
  return check('elasticIps', quota, addresses.Addresses?.length ?? 0, needed);
}

/** A quota's limit as a lab reads it, for a key readQuota alone does not settle (see below); the class reads the same. */
export type Limit = QuotaValue | { value: number; from: LimitFrom };

/**
 * The limit in force: Service Quotas; for VPCs a raised quota named in the environment
 * first (an endpoint may not say it); for Elastic IPs, where Service Quotas says nothing,
 * what EC2 tells every account (vpc-max-elastic-ips).
 */
export async function readLimit(clients: Pick<LabContext, 'ec2' | 'serviceQuotas'>, key: QuotaKey): Promise<Limit> {
  const raised = Number(process.env[VPC_QUOTA_ENV]);
  if (key === 'vpcs' && raised > 0) return { value: raised, from: `env:${VPC_QUOTA_ENV}` };
  const quota = await readQuota(clients.serviceQuotas, key);
  if (key !== 'elasticIps' || quota.value !== undefined) return quota;
  const attrs = await clients.ec2.send(new DescribeAccountAttributesCommand({}));
  // The SDK names only two attributes for a filter: ask for all and pick ours by name.
  const value = attrs.AccountAttributes?.find((a) => a.AttributeName === 'vpc-max-elastic-ips')?.AttributeValues?.[0]?.AttributeValue;
  return value ? { value: Number(value), from: 'attribute:vpc-max-elastic-ips' } : quota;
}

/** VPCs: a raised quota named in the environment wins (an endpoint may not say it), else Service Quotas. */
async function vpcQuota(ctx: LabContext, takes: QuotaTake[], found: Map<string, Live | undefined>): Promise<QuotaCheck> {
  const needed = takes.filter((t) => t.quota === 'vpcs' && !present(found, t.key)).length;
  const [quota, vpcs] = await Promise.all([readLimit(ctx, 'vpcs'), ctx.ec2.send(new DescribeVpcsCommand({}))]);
  return check('vpcs', quota, vpcs.Vpcs?.length ?? 0, needed);
}

/** A check whose look AWS refuses (no describe rights) is left out rather than guessed. */
const unlessRefused = (p: Promise<QuotaCheck>): Promise<QuotaCheck | undefined> =>
  p.catch((err) => {
    if (isAccessDenied(err)) return undefined;
    throw err;
  });

/** The quotas this run (up to `ctx.until`) needs room in, counting only what is not there yet. */
export async function checkQuotas(ctx: LabContext, found: Map<string, Live | undefined>): Promise<QuotaCheck[]> {
  const takes = quotaTakes(ctx.settings, labThrough(ctx.until));
  const checks = await Promise.all([vpcQuota, elasticIpQuota, vcpuQuota].map((f) => unlessRefused(f(ctx, takes, found))));
  return checks.filter((c) => c !== undefined);
}

/** Both checks, at once. */
export async function readiness(ctx: LabContext, found: Map<string, Live | undefined>): Promise<Readiness> {
  const [permissions, quotas] = await Promise.all([checkPermissions(ctx, found), checkQuotas(ctx, found)]);
  return { permissions, quotas };
}

/** Stop before anything is made when a permission is refused or a quota is short. */
export function assertReady(ctx: LabContext, r: Readiness): void {
  const refused = r.permissions.filter((p) => p.verdict === 'refused').map((p) => p.action);
  if (refused.length) {
    throw new LabError('PermissionDenied', ['err_permissionDenied', refused], ['hint_permissionDenied']);
  }
  const short = r.quotas.filter((q) => !q.ok);
  if (short.length) {
    const region = ctx.settings.region;
    const values = short.map((q) => ({ needed: q.needed, what: q.what, quota: q.quota, used: q.used, limit: q.limit!, service: q.serviceCode, code: q.quotaCode, from: q.limitFrom }));
    throw new LabError('QuotaShort', ['err_quotaShort', values, region], quotaHint(region, short));
  }
}

/** The exact command that asks Service Quotas for at least what the lab needs: typed as it is, in every language. */
function quotaRequestCommand(q: Pick<QuotaCheck, 'serviceCode' | 'quotaCode' | 'used' | 'needed'>, region: string): string {
  return `aws service-quotas request-service-quota-increase --service-code ${q.serviceCode} --quota-code ${q.quotaCode} --desired-value ${q.used + q.needed} --region ${region}`;
}

/** What to do, by key: free some of each short quota, another region, or ask for more (the commands); the VPC variable when VPCs are short. */
function quotaHint(region: string, short: QuotaCheck[]): Words {
  const vpcEnv = short.some((q) => q.quota === 'vpcs') ? VPC_QUOTA_ENV : undefined;
  return ['hint_quotaShort', short.map((q) => q.quota), short.map((q) => quotaRequestCommand(q, region)), vpcEnv];
}

