import { DescribeNetworkAclsCommand, DescribeVpcAttributeCommand, type NetworkAcl } from '@aws-sdk/client-ec2';
import { errorCode, isAccessDenied, isNotFound } from '../../aws/errors.js';
import type { Finding } from '../../engine/finding.js';
import type { Live } from '../../engine/resource.js';
import { present, type LabContext } from '../core/context.js';
import { choose } from '../core/inventory.js';
import type { Roles, VpcSnapshot } from '../core/snapshot.js';
import { evaluate, type Probes } from './index.js';

/**
 * What the rules read of a VPC beyond the lists: its two DNS attributes and its network
 * ACLs. Three calls the lab's picture does not need, so a caller asks them only when it
 * judges, and as early as it knows the VPC (`status` asks them while discovery runs).
 */
export interface VpcExtras {
  vpcId: string;
  dnsSupport?: boolean;
  dnsHostnames?: boolean;
  networkAcls: NetworkAcl[];
}

/** The VPC's extras, all three calls at once. */
export async function extrasOf(ctx: LabContext, vpcId: string): Promise<VpcExtras> {
  const [dnsSupport, dnsHostnames, networkAcls] = await Promise.all([
    vpcAttribute(ctx, vpcId, 'enableDnsSupport'),
    vpcAttribute(ctx, vpcId, 'enableDnsHostnames'),
    aclsOf(ctx, vpcId),
  ]);
  return { vpcId, dnsSupport, dnsHostnames, networkAcls };
}

/**
 * The extras of the lab's own VPC, picked from the inventory's list as the VPC kind's
 * find() picks it (the same list, asked once, before discovery): for a command to ask
 * them beside discovery's own calls rather than after them. Undefined without a VPC.
 */
export async function extrasOfLab(ctx: LabContext): Promise<VpcExtras | undefined> {
  const vpc = choose(ctx, await ctx.inventory.vpcs(), 'vpc', (v) => v.VpcId);
  return vpc?.VpcId ? extrasOf(ctx, vpc.VpcId) : undefined;
}

/**
 * A lab of the tool's as the picture and the rules see it: EC2's own items from what its
 * inventory already holds (listed by the lab's tags, remembered: no new call), as a VPC
 * built by hand is read too. `extras` (asked or being asked) adds the DNS attributes and
 * network ACLs the rules need; without them those are unknown (undefined, none).
 */
export async function snapshotOfLab(ctx: LabContext, vpcId: string, extras?: VpcExtras | Promise<VpcExtras | undefined>): Promise<VpcSnapshot | undefined> {
  const inv = ctx.inventory;
  const [vpcs, subnets, routeTables, internetGateways, natGateways, instances, securityGroups, addresses, keyPairs, more] = await Promise.all([
    inv.vpcs(),
    inv.subnets(),
    inv.routeTables(),
    inv.internetGateways(),
    inv.natGateways(),
    inv.instances(),
    inv.securityGroups(),
    inv.addresses(),
    inv.keyPairs(),
    extras,
  ]);
  const vpc = vpcs.find((v) => v.VpcId === vpcId);
  if (!vpc) return undefined;
  // Extras asked of another VPC (one found before a rebinding) say nothing of this one.
  const known = more?.vpcId === vpcId ? more : undefined;
  const inVpc = <T extends { VpcId?: string }>(items: T[]) => items.filter((i) => i.VpcId === vpcId);
  const mine = inVpc(instances);
  const keyNames = new Set(mine.map((i) => i.KeyName));
  return {
    region: ctx.settings.region,
    vpc,
    dnsSupport: known?.dnsSupport,
    dnsHostnames: known?.dnsHostnames,
    subnets: inVpc(subnets),
    routeTables: inVpc(routeTables),
    internetGateways,
    natGateways: inVpc(natGateways),
    instances: mine,
    securityGroups: inVpc(securityGroups),
    networkAcls: known?.networkAcls ?? [],
    addresses,
    keyPairs: keyPairs.filter((k) => keyNames.has(k.KeyName)),
  };
}

/** One DNS attribute of the VPC; undefined when AWS refuses to say (no permission, the VPC gone). */
async function vpcAttribute(ctx: LabContext, vpcId: string, attribute: 'enableDnsSupport' | 'enableDnsHostnames'): Promise<boolean | undefined> {
  try {
    const out = await ctx.ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: attribute }));
    return (attribute === 'enableDnsSupport' ? out?.EnableDnsSupport : out?.EnableDnsHostnames)?.Value;
  } catch (err) {
    if (isAccessDenied(err) || isNotFound(err)) return undefined;
    throw err;
  }
}

async function aclsOf(ctx: LabContext, vpcId: string): Promise<NetworkAcl[]> {
  try {
    const out = await ctx.ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    return out?.NetworkAcls ?? [];
  } catch (err) {
    // No rule needs them yet (the picture draws them): a refusal, or an endpoint without the call, leaves them out.
    if (isAccessDenied(err) || errorCode(err) === 'UnsupportedOperation') return [];
    throw err;
  }
}

/** The lab's resource keys that play the tutorial's roles. */
const ROLE_KEYS = { publicSubnet: 'publicSubnet', privateSubnet: 'privateSubnet', internetGateway: 'internetGateway', web: 'webInstance', db: 'dbInstance' } as const;

/**
 * Which of the lab's resources plays which role, by its keys; undefined without a VPC.
 * The NAT is the one the private route points at when both kinds are there (a switch
 * half done), else whichever is.
 */
export function rolesOfLab(found: ReadonlyMap<string, Live | undefined>): Roles | undefined {
  const id = (key: string) => (present(found, key) ? found.get(key)!.id : undefined);
  const vpc = id('vpc');
  if (!vpc) return undefined;
  const roles: Roles = { vpc };
  for (const [role, key] of Object.entries(ROLE_KEYS)) roles[role as keyof typeof ROLE_KEYS] = id(key);
  const gateway = id('natGateway');
  const natInstance = id('natInstance');
  const target = found.get('privateRoute')?.attrs.target;
  if (gateway && (!natInstance || target === gateway)) roles.nat = { kind: 'gateway', id: gateway };
  else if (natInstance) roles.nat = { kind: 'instance', id: natInstance };
  return roles;
}

/**
 * The tutorial's rules over a lab of the tool's, ready to judge: its snapshot and roles
 * from what discovery found (asked while `check` probes the servers), then each rule with
 * the probes' answers. Undefined without a VPC.
 */
export async function labJudge(ctx: LabContext, found: ReadonlyMap<string, Live | undefined>): Promise<((probes?: Probes) => Finding[]) | undefined> {
  const judged = await labSnapshot(ctx, found);
  return judged && ((probes) => evaluate(judged.snapshot, judged.roles, probes));
}

/** A lab of the tool's as a VPC built by hand is read: its snapshot (with the extras) and roles; undefined without a VPC. */
export async function labSnapshot(ctx: LabContext, found: ReadonlyMap<string, Live | undefined>): Promise<{ snapshot: VpcSnapshot; roles: Roles } | undefined> {
  const roles = rolesOfLab(found);
  const snapshot = roles && (await snapshotOfLab(ctx, roles.vpc, extrasOf(ctx, roles.vpc)));
  return snapshot && roles && { snapshot, roles };
}
