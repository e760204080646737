/**
 * What the lab costs while it is up, from one price table. On-demand Linux prices in USD,
 * taken by hand from the AWS pricing pages; check them there before relying on a figure
 * (https://aws.amazon.com/ec2/pricing/on-demand/, .../vpc/pricing/, .../ebs/pricing/).
 * Not included: data transfer and NAT data processing (per GB), and free-tier credits.
 */
import type { Words } from '../../engine/errors.js';
import { NAT_INSTANCE_TYPE, type NatKind } from './config.js';

export const PRICES_TAKEN_ON = '2025-06-01';

export interface RegionPrices {
  /** $ per instance-hour, by type. */
  instanceHour: Record<string, number>;
  /** $ per NAT gateway-hour. */
  natHour: number;
  /** $ per public IPv4 address-hour (in use or idle), since February 2024. */
  ipv4Hour: number;
  /** $ per GB-month of gp3. */
  gp3GbMonth: number;
  /** $ per GB-month of gp2 (older root volumes; `leftovers` prices what it finds). */
  gp2GbMonth: number;
}

const US_EAST_1: RegionPrices = {
  instanceHour: { 't3.micro': 0.0104, 't3.small': 0.0208, 't2.micro': 0.0116, 't3a.micro': 0.0094, 't4g.micro': 0.0084, 't4g.nano': 0.0042, 't3.nano': 0.0052 },
  natHour: 0.045,
  ipv4Hour: 0.005,
  gp3GbMonth: 0.08,
  gp2GbMonth: 0.1,
};

export const PRICES: Record<string, RegionPrices> = {
  'us-east-1': US_EAST_1,
  // Oregon's prices are Virginia's.
  'us-west-2': US_EAST_1,
  'eu-west-1': {
    instanceHour: { 't3.micro': 0.0114, 't3.small': 0.0228, 't2.micro': 0.0126, 't3a.micro': 0.0102, 't4g.micro': 0.0092, 't4g.nano': 0.0046, 't3.nano': 0.0057 },
    natHour: 0.048,
    ipv4Hour: 0.005,
    gp3GbMonth: 0.088,
    gp2GbMonth: 0.11,
  },
  'ap-northeast-1': {
    instanceHour: { 't3.micro': 0.0136, 't3.small': 0.0272, 't2.micro': 0.0152, 't3a.micro': 0.0122, 't4g.micro': 0.0108, 't4g.nano': 0.0054, 't3.nano': 0.0068 },
    natHour: 0.062,
    ipv4Hour: 0.005,
    gp3GbMonth: 0.096,
    gp2GbMonth: 0.12,
  },
};

export const HOURS_PER_MONTH = 730;
/** Amazon Linux 2023's root volume. */
export const ROOT_VOLUME_GB = 8;

export interface CostParts {
  instances: number;
  natGateways: number;
  /** NAT instances, of natInstanceType (t4g.nano unless said). */
  natInstances?: number;
  natInstanceType?: string;
  publicIps: number;
  volumesGb: number;
}

/** What a cost line counts, for ui/ to say (`item` is the English name, kept for --json). */
export type CostPart = 'instance' | 'natGateway' | 'natInstance' | 'publicIp' | 'volumeGb';

export interface CostLine {
  item: string;
  part: CostPart;
  /** The instance type, for instances and NAT instances. */
  type?: string;
  quantity: number;
  hourly: number;
}

export type CostEstimate =
  | { known: true; region: string; takenOn: string; lines: CostLine[]; hourly: number; monthly: number }
  | { known: false; region: string; reason: string; because: Words };

/** The parts of the full lab: two instances, one NAT gateway, two public addresses (web, NAT), two root volumes. */
export const FULL_LAB: CostParts = { instances: 2, natGateways: 1, publicIps: 2, volumesGb: 2 * ROOT_VOLUME_GB };

/** Just the NAT of each kind: the gateway with its address, or the instance with its address and volume. */
export const NAT_PARTS_COST: Record<NatKind, CostParts> = {
  gateway: { instances: 0, natGateways: 1, publicIps: 1, volumesGb: 0 },
  instance: { instances: 0, natGateways: 0, natInstances: 1, publicIps: 1, volumesGb: ROOT_VOLUME_GB },
};

/** The full lab with either kind of NAT. */
export function fullLab(nat: NatKind): CostParts {
  return nat === 'instance' ? { ...FULL_LAB, natGateways: 0, natInstances: 1, volumesGb: 3 * ROOT_VOLUME_GB } : FULL_LAB;
}

export function estimate(region: string, instanceType: string, parts: CostParts): CostEstimate {
  const p = PRICES[region];
  if (!p) return { known: false, region, reason: `no prices on file for ${region} (known: ${Object.keys(PRICES).join(', ')})`, because: ['cost_noPrices', region, Object.keys(PRICES)] };
  const natType = parts.natInstanceType ?? NAT_INSTANCE_TYPE;
  const natInstances = parts.natInstances ?? 0;
  for (const [type, count] of [[instanceType, parts.instances], [natType, natInstances]] as const) {
    if (count > 0 && p.instanceHour[type] === undefined) return { known: false, region, reason: `no price on file for ${type} in ${region}`, because: ['cost_noPrice', type, region] };
  }
  const lines: CostLine[] = [
    { item: `${instanceType} instance`, part: 'instance' as const, type: instanceType, quantity: parts.instances, hourly: parts.instances * (p.instanceHour[instanceType] ?? 0) },
    { item: 'NAT gateway', part: 'natGateway' as const, quantity: parts.natGateways, hourly: parts.natGateways * p.natHour },
    { item: `${natType} NAT instance`, part: 'natInstance' as const, type: natType, quantity: natInstances, hourly: natInstances * (p.instanceHour[natType] ?? 0) },
    { item: 'public IPv4 address', part: 'publicIp' as const, quantity: parts.publicIps, hourly: parts.publicIps * p.ipv4Hour },
    { item: 'gp3 volume GB', part: 'volumeGb' as const, quantity: parts.volumesGb, hourly: (parts.volumesGb * p.gp3GbMonth) / HOURS_PER_MONTH },
  ].filter((l) => l.quantity > 0);
  const hourly = lines.reduce((sum, l) => sum + l.hourly, 0);
  return { known: true, region, takenOn: PRICES_TAKEN_ON, lines, hourly, monthly: hourly * HOURS_PER_MONTH };
}

/**
 * One unit's hourly price of a part (an instance of `type`, a NAT gateway, a public IPv4
 * address, one GB of gp3), from the same table; undefined when the table has no price
 * for the region or the type (a VPC built by hand may use any type).
 */
export function priceOf(region: string, part: CostPart, type?: string): number | undefined {
  const p = PRICES[region];
  if (!p) return undefined;
  switch (part) {
    case 'instance':
    case 'natInstance':
      return type === undefined ? undefined : p.instanceHour[type];
    case 'natGateway':
      return p.natHour;
    case 'publicIp':
      return p.ipv4Hour;
    case 'volumeGb':
      return p.gp3GbMonth / HOURS_PER_MONTH;
  }
}
