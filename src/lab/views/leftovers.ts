/**
 * What still bills, grouped and costed: pure over what `leftovers` found in each region
 * (aws/billed.ts RegionLook) and the prices the Price List API gave (aws/pricing.ts), with
 * the tool's own table (core/cost.ts) for what the API did not answer.
 *
 * Groups, one per VPC: a lab of the tool's (its VPC carries ManagedBy and the lab's name,
 * core/tags.ts), a VPC built by hand, the default VPC; and per region the resources that
 * belong to no VPC (an idle Elastic IP, an unattached volume). Each group says what removes it.
 */
import type { Address, Instance, NetworkInterface, NatGateway, Tag, Volume, Vpc } from '@aws-sdk/client-ec2';
import { publicIps, type RegionLook } from '../../aws/billed.js';
import { needKey, type PriceNeed } from '../../aws/pricing.js';
import { HOURS_PER_MONTH, PRICES, PRICES_TAKEN_ON } from '../core/cost.js';
import { TAG_LAB, TAG_MANAGED_BY, TOOL, tagValue } from '../core/tags.js';
import { shellQuote } from './ssh-config.js';

export type LeftoverKind = 'natGateway' | 'elasticIp' | 'publicIp' | 'instance' | 'volume';
export type PriceSource = 'price-list' | 'table';

export interface Leftover {
  kind: LeftoverKind;
  /** nat-…, eipalloc-…, i-…, vol-…; for a public IP (not an Elastic IP), its interface's eni-…. */
  id: string;
  name?: string;
  /** An instance's or NAT gateway's state, a volume's (in-use, available). */
  state?: string;
  /** An instance type, a volume type. */
  type?: string;
  sizeGb?: number;
  publicIp?: string;
  /** An Elastic IP associated with nothing; a volume attached to nothing. */
  idle?: boolean;
  /** $ an hour; undefined when neither the API nor the table has its price. A stopped instance: 0 (its volumes and addresses bill, each on its own line). */
  hourly?: number;
  source?: PriceSource;
  /** The price it needs (none: free, as a stopped instance's compute). */
  need?: PriceNeed;
}

export type GroupKind = 'lab' | 'vpc' | 'defaultVpc' | 'standalone';

export interface LeftoverGroup {
  region: string;
  kind: GroupKind;
  vpcId?: string;
  /** The VPC's Name tag. */
  vpcName?: string;
  /** The lab's name, for a lab of the tool's. */
  lab?: string;
  resources: Leftover[];
  hourly: number;
  monthly: number;
  /** How many of its resources have no known price (their cost is not in the figures). */
  unpriced: number;
  /** The commands that remove it, in order. */
  remove: string[];
}

export interface Leftovers {
  groups: LeftoverGroup[];
  hourly: number;
  monthly: number;
  unpriced: number;
}

/** The public IPv4 price is the same in every region ($0.005 an hour since February 2024): the table's. */
const IPV4_HOUR = PRICES['us-east-1'].ipv4Hour;

const nameOf = (tags: Tag[] | undefined) => tagValue(tags, 'Name');

/** Where a resource belongs: its VPC, or none (it stands alone). */
interface Placed {
  vpcId?: string;
  item: Leftover;
}

/** One region's look, resource by resource, each placed in its VPC. */
export function placeLeftovers(look: RegionLook): Placed[] {
  const { region } = look;
  const vpcOfEni = new Map(look.interfaces.map((n) => [n.NetworkInterfaceId!, n.VpcId]));
  const vpcOfInstance = new Map(look.instances.map((i) => [i.InstanceId!, i.VpcId]));
  const elasticIps = new Set(look.addresses.map((a) => a.PublicIp));
  const placed: Placed[] = [
    ...look.natGateways.map((n) => natItem(n, region)),
    ...look.addresses.map((a) => addressItem(a, vpcOfEni, vpcOfInstance)),
    ...look.interfaces.flatMap((n) => publicIpItems(n, elasticIps)),
    ...look.instances.map((i) => instanceItem(i, region)),
    ...look.volumes.map((v) => volumeItem(v, region, vpcOfInstance)),
  ];
  return placed;
}

function natItem(n: NatGateway, region: string): Placed {
  return { vpcId: n.VpcId, item: { kind: 'natGateway', id: n.NatGatewayId!, name: nameOf(n.Tags), state: n.State, need: { kind: 'natHour', region } } };
}

function addressItem(a: Address, vpcOfEni: Map<string, string | undefined>, vpcOfInstance: Map<string, string | undefined>): Placed {
  const idle = !a.AssociationId && !a.NetworkInterfaceId && !a.InstanceId;
  const vpcId = (a.NetworkInterfaceId && vpcOfEni.get(a.NetworkInterfaceId)) || (a.InstanceId && vpcOfInstance.get(a.InstanceId)) || undefined;
  return { vpcId, item: { kind: 'elasticIp', id: a.AllocationId!, name: nameOf(a.Tags), publicIp: a.PublicIp, idle, hourly: IPV4_HOUR, source: 'table' } };
}

/** An interface's public IPs that are not Elastic IPs (those are counted once, as addresses): an instance's auto-assigned one, a service's. */
function publicIpItems(n: NetworkInterface, elasticIps: Set<string | undefined>): Placed[] {
  return publicIps(n)
    .filter((p) => !p.allocationId && !elasticIps.has(p.ip))
    .map((p) => ({ vpcId: n.VpcId, item: { kind: 'publicIp' as const, id: n.NetworkInterfaceId!, publicIp: p.ip, hourly: IPV4_HOUR, source: 'table' as const } }));
}

function instanceItem(i: Instance, region: string): Placed {
  const state = i.State?.Name;
  const computing = state === 'running' || state === 'pending';
  const item: Leftover = { kind: 'instance', id: i.InstanceId!, name: nameOf(i.Tags), state, type: i.InstanceType };
  // A stopped instance's compute does not bill: its volumes and addresses do, on their own lines.
  if (computing && i.InstanceType) item.need = { kind: 'instanceHour', region, type: i.InstanceType };
  else if (!computing) Object.assign(item, { hourly: 0 });
  return { vpcId: i.VpcId, item };
}

function volumeItem(v: Volume, region: string, vpcOfInstance: Map<string, string | undefined>): Placed {
  const attachedTo = v.Attachments?.find((a) => a.InstanceId)?.InstanceId;
  const item: Leftover = { kind: 'volume', id: v.VolumeId!, name: nameOf(v.Tags), state: v.State, type: v.VolumeType, sizeGb: v.Size, idle: !attachedTo };
  if (v.VolumeType) item.need = { kind: 'volumeGbMonth', region, type: v.VolumeType };
  return { vpcId: attachedTo ? vpcOfInstance.get(attachedTo) : undefined, item };
}

/** Every price the found resources need, once each. */
export function priceNeeds(looks: readonly RegionLook[]): PriceNeed[] {
  const needs = new Map<string, PriceNeed>();
  for (const look of looks) for (const { item } of placeLeftovers(look)) if (item.need) needs.set(needKey(item.need), item.need);
  return [...needs.values()];
}

/** The table's price of a need (core/cost.ts), if it has one. */
export function tablePrice(need: PriceNeed): number | undefined {
  const p = PRICES[need.region];
  if (!p) return undefined;
  if (need.kind === 'instanceHour') return p.instanceHour[need.type];
  if (need.kind === 'natHour') return p.natHour;
  return ({ gp3: p.gp3GbMonth, gp2: p.gp2GbMonth } as Record<string, number | undefined>)[need.type];
}

/** A resource's hourly price: the API's, else the table's, else unknown. */
function priced(item: Leftover, fromApi: ReadonlyMap<string, number>): Leftover {
  if (!item.need) return item;
  const key = needKey(item.need);
  const read = fromApi.get(key);
  const unit = read ?? tablePrice(item.need);
  if (unit === undefined) return item;
  const source: PriceSource = read !== undefined ? 'price-list' : 'table';
  // A volume is priced by the GB-month.
  const hourly = item.need.kind === 'volumeGbMonth' ? (unit * (item.sizeGb ?? 0)) / HOURS_PER_MONTH : unit;
  return { ...item, hourly, source };
}

/** The group of a VPC: a lab of the tool's, the default VPC, or one built by hand. */
function vpcGroup(region: string, vpcId: string, vpc: Vpc | undefined): Omit<LeftoverGroup, 'resources' | 'hourly' | 'monthly' | 'unpriced' | 'remove'> {
  const lab = tagValue(vpc?.Tags, TAG_MANAGED_BY) === TOOL ? tagValue(vpc?.Tags, TAG_LAB) : undefined;
  const kind: GroupKind = lab ? 'lab' : vpc?.IsDefault ? 'defaultVpc' : 'vpc';
  return { region, kind, vpcId, vpcName: nameOf(vpc?.Tags), ...(lab ? { lab } : {}) };
}

/** Group each region's resources by VPC and price them; the groups that bill most first. */
export function groupLeftovers(looks: readonly RegionLook[], fromApi: ReadonlyMap<string, number>, opts: { profile?: string } = {}): Leftovers {
  const groups: LeftoverGroup[] = [];
  for (const look of looks) {
    const byVpc = new Map<string, Leftover[]>();
    for (const { vpcId, item } of placeLeftovers(look)) {
      const key = vpcId ?? '';
      byVpc.set(key, [...(byVpc.get(key) ?? []), priced(item, fromApi)]);
    }
    for (const [vpcId, resources] of byVpc) {
      const head = vpcId ? vpcGroup(look.region, vpcId, look.vpcs.find((v) => v.VpcId === vpcId)) : { region: look.region, kind: 'standalone' as const };
      const hourly = sum(resources.map((r) => r.hourly ?? 0));
      const group = { ...head, resources, hourly, monthly: hourly * HOURS_PER_MONTH, unpriced: resources.filter((r) => r.hourly === undefined).length };
      groups.push({ ...group, remove: removeCommands(group, opts.profile) });
    }
  }
  groups.sort((a, b) => b.hourly - a.hourly || a.region.localeCompare(b.region) || (a.vpcId ?? '').localeCompare(b.vpcId ?? ''));
  const hourly = sum(groups.map((g) => g.hourly));
  return { groups, hourly, monthly: hourly * HOURS_PER_MONTH, unpriced: sum(groups.map((g) => g.unpriced)) };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * What removes a group: the tool's destroy for a lab (by its name) or a hand-built VPC (by
 * its ID); for the default VPC (which destroy --vpc refuses) and what stands alone, the
 * AWS CLI's own commands, one resource each, in the order AWS lets them go.
 */
export function removeCommands(g: Pick<LeftoverGroup, 'kind' | 'region' | 'vpcId' | 'lab' | 'resources'>, profile?: string): string[] {
  const tail = ` --region ${g.region}${profile ? ` --profile ${shellQuote(profile)}` : ''}`;
  if (g.kind === 'lab') return [`aws-lab-setup destroy --name ${g.lab}${tail}`];
  if (g.kind === 'vpc') return [`aws-lab-setup destroy --vpc ${g.vpcId}${tail}`];
  const of = (kind: LeftoverKind) => g.resources.filter((r) => r.kind === kind);
  const ids = (kind: LeftoverKind) => of(kind).map((r) => r.id);
  const lines: string[] = [];
  if (ids('instance').length) lines.push(`aws ec2 terminate-instances --instance-ids ${ids('instance').join(' ')}${tail}`);
  for (const id of ids('natGateway')) lines.push(`aws ec2 delete-nat-gateway --nat-gateway-id ${id}${tail}`);
  // An Elastic IP is released once what it is on is gone (its instance terminated, its NAT gateway deleted).
  for (const id of ids('elasticIp')) lines.push(`aws ec2 release-address --allocation-id ${id}${tail}`);
  for (const v of of('volume').filter((v) => v.idle)) lines.push(`aws ec2 delete-volume --volume-id ${v.id}${tail}`);
  return lines;
}

/** Where a member account's profile takes the credentials that assume its role: a named profile, or the environment's keys. */
export type RoleSource = { profile: string } | { environment: true };

/** A member account reached by a role, for the printed commands: the AWS CLI profile they name, and how to make it once. */
export interface RoleProfile {
  profile: string;
  /** `aws configure set` commands: the profile assumes the role, as `class leftovers` did (the AWS CLI and this tool both read it). */
  setup: string[];
}

/**
 * The profile that reaches a member account through its role. `destroy --vpc` has no option
 * to assume a role: a profile of the shared config file (role_arn with source_profile or
 * credential_source) is what both the AWS CLI and this tool (through the SDK) read.
 */
export function roleProfile(account: string, roleArn: string, source: RoleSource): RoleProfile {
  const profile = `aws-lab-setup-${account}`;
  const set = (key: string, value: string) => `aws configure set ${key} ${shellQuote(value)} --profile ${profile}`;
  return { profile, setup: [set('role_arn', roleArn), 'profile' in source ? set('source_profile', source.profile) : set('credential_source', 'Environment')] };
}

/** Which prices were used: all from the API, all from the table, or both. */
export function priceSources(l: Leftovers): { used: PriceSource[]; tableTakenOn: string } {
  const used = new Set<PriceSource>();
  for (const g of l.groups) for (const r of g.resources) if (r.source && r.need) used.add(r.source);
  return { used: [...used].sort(), tableTakenOn: PRICES_TAKEN_ON };
}
