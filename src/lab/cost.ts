/**
 * What the lab costs while it is up, from one price table. On-demand Linux prices in USD,
 * taken by hand from the AWS pricing pages; check them there before relying on a figure
 * (https://aws.amazon.com/ec2/pricing/on-demand/, .../vpc/pricing/, .../ebs/pricing/).
 * Not included: data transfer and NAT data processing (per GB), and free-tier credits.
 */
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
}

export const PRICES: Record<string, RegionPrices> = {
  'us-east-1': {
    instanceHour: { 't3.micro': 0.0104, 't3.small': 0.0208, 't2.micro': 0.0116, 't3a.micro': 0.0094, 't4g.micro': 0.0084 },
    natHour: 0.045,
    ipv4Hour: 0.005,
    gp3GbMonth: 0.08,
  },
  'us-west-2': {
    instanceHour: { 't3.micro': 0.0104, 't3.small': 0.0208, 't2.micro': 0.0116, 't3a.micro': 0.0094, 't4g.micro': 0.0084 },
    natHour: 0.045,
    ipv4Hour: 0.005,
    gp3GbMonth: 0.08,
  },
  'eu-west-1': {
    instanceHour: { 't3.micro': 0.0114, 't3.small': 0.0228, 't2.micro': 0.0126, 't3a.micro': 0.0102, 't4g.micro': 0.0092 },
    natHour: 0.048,
    ipv4Hour: 0.005,
    gp3GbMonth: 0.088,
  },
  'ap-northeast-1': {
    instanceHour: { 't3.micro': 0.0136, 't3.small': 0.0272, 't2.micro': 0.0152, 't3a.micro': 0.0122, 't4g.micro': 0.0108 },
    natHour: 0.062,
    ipv4Hour: 0.005,
    gp3GbMonth: 0.096,
  },
};

export const HOURS_PER_MONTH = 730;
/** Amazon Linux 2023's root volume. */
export const ROOT_VOLUME_GB = 8;

export interface CostParts {
  instances: number;
  natGateways: number;
  publicIps: number;
  volumesGb: number;
}

export interface CostLine {
  item: string;
  quantity: number;
  hourly: number;
}

export type CostEstimate =
  | { known: true; region: string; takenOn: string; lines: CostLine[]; hourly: number; monthly: number }
  | { known: false; region: string; reason: string };

/** The parts of the full lab: two instances, one NAT gateway, two public addresses (web, NAT), two root volumes. */
export const FULL_LAB: CostParts = { instances: 2, natGateways: 1, publicIps: 2, volumesGb: 2 * ROOT_VOLUME_GB };

export function estimate(region: string, instanceType: string, parts: CostParts): CostEstimate {
  const p = PRICES[region];
  if (!p) return { known: false, region, reason: `no prices on file for ${region} (known: ${Object.keys(PRICES).join(', ')})` };
  const instanceHour = p.instanceHour[instanceType];
  if (instanceHour === undefined) return { known: false, region, reason: `no price on file for ${instanceType} in ${region}` };
  const lines: CostLine[] = [
    { item: `${instanceType} instance`, quantity: parts.instances, hourly: parts.instances * instanceHour },
    { item: 'NAT gateway', quantity: parts.natGateways, hourly: parts.natGateways * p.natHour },
    { item: 'public IPv4 address', quantity: parts.publicIps, hourly: parts.publicIps * p.ipv4Hour },
    { item: 'gp3 volume GB', quantity: parts.volumesGb, hourly: (parts.volumesGb * p.gp3GbMonth) / HOURS_PER_MONTH },
  ].filter((l) => l.quantity > 0);
  const hourly = lines.reduce((sum, l) => sum + l.hourly, 0);
  return { known: true, region, takenOn: PRICES_TAKEN_ON, lines, hourly, monthly: hourly * HOURS_PER_MONTH };
}
