/**
 * Before the first create on an account: may these credentials make (and remove) the lab,
 * and is there room for it under the account's quotas? Either answer "no" means nothing is
 * made: a lab that stops halfway on a real account leaves billed pieces behind.
 */
import { DescribeAccountAttributesCommand, DescribeAddressesCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { canDryRun, dryRun, simulate, type ActionCheck } from '../../aws/permissions.js';
import { isAccessDenied } from '../../aws/errors.js';
import { isWanted } from '../../engine/graph.js';
import { LabError } from '../../engine/errors.js';
import type { Live } from '../../engine/resource.js';
import { present, type LabContext } from '../core/context.js';
import { LAB } from '../chapters/lab.js';

export interface QuotaCheck {
  what: string;
  /** The limit in force, and where it came from. */
  limit: number;
  limitFrom: string;
  used: number;
  needed: number;
  ok: boolean;
  /** How to ask for more: the Service Quotas code. */
  quotaCode: string;
}

export interface Readiness {
  permissions: ActionCheck[];
  quotas: QuotaCheck[];
}

const READ = /^(Describe|Get|List)/;
/** AWS's default VPCs per region; the quota itself is only readable through Service Quotas. */
export const DEFAULT_VPC_QUOTA = 5;
export const VPC_QUOTA_ENV = 'AWS_LAB_SETUP_VPC_QUOTA';

/** The mutating calls the lab (as these settings want it) makes over its life: build and teardown. */
export function mutatingActions(ctx: LabContext): string[] {
  const all = LAB.filter((r) => isWanted(r, ctx)).flatMap((r) => r.actions);
  return [...new Set(all)].filter((a) => !READ.test(a.split(':')[1] ?? '')).sort();
}

/**
 * Each EC2 call with DryRun, sent once (no retries: a throttled or failed probe is "could
 * not tell", and the real call still has its retries). CreateVpc goes first and alone: an
 * endpoint that ignores DryRun makes a VPC there, which dryRun removes before the next
 * probe, retried as any call is (ctx.ec2): under throttling it must not stay behind. The other ~30 go out at once: EC2 meters calls by token buckets (a burst of 50
 * mutating calls, 5 a second after), so how many are in flight changes nothing but the
 * wait; RunInstances and CreateNatGateway, with buckets of their own, are one probe each.
 */
async function dryRuns(ctx: LabContext, probed: string[]): Promise<ActionCheck[]> {
  const first = await Promise.all(probed.filter((a) => a === 'ec2:CreateVpc').map((a) => dryRun(ctx.ec2Once, a, ctx.ec2)));
  return [...first, ...(await Promise.all(probed.filter((a) => a !== 'ec2:CreateVpc').map((a) => dryRun(ctx.ec2Once, a, ctx.ec2))))];
}

export async function checkPermissions(ctx: LabContext): Promise<ActionCheck[]> {
  const actions = mutatingActions(ctx);
  const other = actions.filter((a) => !canDryRun(a));
  // IAM and Scheduler have no dry run: IAM's policy simulator answers for them, meanwhile.
  const [results, simulated] = await Promise.all([dryRuns(ctx, actions.filter(canDryRun)), simulate(ctx.iam, ctx.sts, other.filter((a) => !a.startsWith('ec2:')))]);
  const rest = other.filter((a) => a.startsWith('ec2:')).map((action): ActionCheck => ({ action, verdict: 'unknown', answer: 'no dry run for this action' }));
  return [...results, ...simulated, ...rest];
}

async function elasticIpQuota(ctx: LabContext, found: Map<string, Live | undefined>): Promise<QuotaCheck> {
  const needed = LAB.filter((r) => r.kind === 'ElasticIp' && isWanted(r, ctx) && !present(found, r.key)).length;
  const [attrs, addresses] = await Promise.all([
    ctx.ec2.send(new DescribeAccountAttributesCommand({})),
    ctx.ec2.send(new DescribeAddressesCommand({})),
  ]);
  // The SDK names only two attributes for a filter: ask for all and pick ours by name.
  const value = attrs.AccountAttributes?.find((a) => a.AttributeName === 'vpc-max-elastic-ips')?.AttributeValues?.[0]?.AttributeValue;
  const limit = Number(value ?? 5);
  const used = addresses.Addresses?.length ?? 0;
  return { what: 'Elastic IP addresses', limit, limitFrom: value ? 'the account' : 'the default', used, needed, ok: used + needed <= limit, quotaCode: 'L-0263D0A3' };
}

async function vpcQuota(ctx: LabContext, found: Map<string, Live | undefined>): Promise<QuotaCheck> {
  const needed = present(found, 'vpc') ? 0 : 1;
  const raised = Number(process.env[VPC_QUOTA_ENV]);
  const limit = raised > 0 ? raised : DEFAULT_VPC_QUOTA;
  const vpcs = await ctx.ec2.send(new DescribeVpcsCommand({}));
  const used = vpcs.Vpcs?.length ?? 0;
  return { what: 'VPCs', limit, limitFrom: raised > 0 ? VPC_QUOTA_ENV : 'the default', used, needed, ok: used + needed <= limit, quotaCode: 'L-F678F1CE' };
}

export async function checkQuotas(ctx: LabContext, found: Map<string, Live | undefined>): Promise<QuotaCheck[]> {
  return Promise.all([vpcQuota(ctx, found), elasticIpQuota(ctx, found)]);
}

/** Both checks; a look that AWS itself refuses (no describe rights) becomes a refused action. */
export async function readiness(ctx: LabContext, found: Map<string, Live | undefined>): Promise<Readiness> {
  const [permissions, quotas] = await Promise.all([
    checkPermissions(ctx),
    checkQuotas(ctx, found).catch((err) => {
      if (isAccessDenied(err)) return [];
      throw err;
    }),
  ]);
  return { permissions, quotas };
}

/** Stop before anything is made when a permission is refused or a quota is short. */
export function assertReady(ctx: LabContext, r: Readiness): void {
  const refused = r.permissions.filter((p) => p.verdict === 'refused').map((p) => p.action);
  if (refused.length) {
    throw new LabError(
      'PermissionDenied',
      `these credentials may not call ${refused.join(', ')}; nothing was created`,
      'attach the policy that `aws-lab-setup policy` prints to your IAM user or role (or pass --profile NAME), then run the same command again',
    );
  }
  const short = r.quotas.filter((q) => !q.ok);
  if (short.length) {
    const what = short.map((q) => `the lab needs ${q.needed} more ${q.what} but ${ctx.settings.region} has ${q.used} of ${q.limit} in use (${q.limitFrom}'s quota)`).join('; ');
    const codes = short.map((q) => `${q.what}: ${q.quotaCode}`).join(', ');
    throw new LabError(
      'QuotaShort',
      `${what}; nothing was created`,
      `free some up (release unused addresses, delete unused VPCs), use another --region, or ask for more in the Service Quotas console (${codes})${short.some((q) => q.quotaCode === 'L-F678F1CE') ? `; if your VPC quota is already higher, set ${VPC_QUOTA_ENV}=N` : ''}`,
    );
  }
}
