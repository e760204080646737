/**
 * The account quotas the tool knows, in one table, and how to read them: the applied value
 * from Service Quotas (GetServiceQuota), else AWS's default (GetAWSDefaultServiceQuota);
 * and what EC2 counts against the vCPU quota (the region's pending and running On-Demand
 * Standard instances, each by its type's vCPUs).
 */
import { DescribeInstancesCommand, DescribeInstanceTypesCommand, type EC2Client, type _InstanceType } from '@aws-sdk/client-ec2';
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, type ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { LabError } from '../engine/errors.js';
import { errorCode } from './errors.js';
import type { Sender } from './retry.js';

export interface Quota {
  /** Service Quotas' service code. */
  service: 'ec2' | 'vpc';
  /** Service Quotas' quota code. */
  code: string;
  /** A new account's value. The vCPUs' varies by account: 5 is the lowest seen (new accounts, 2026), others have 16 or 32. */
  default: number;
  /** What it counts, per account and region (per zone where `perZone`). */
  counts: string;
  perZone?: boolean;
}

export const QUOTAS = {
  standardVcpus: { service: 'ec2', code: 'L-1216C47A', default: 5, counts: 'vCPUs of running On-Demand Standard instances' },
  elasticIps: { service: 'ec2', code: 'L-0263D0A3', default: 5, counts: 'Elastic IP addresses' },
  vpcs: { service: 'vpc', code: 'L-F678F1CE', default: 5, counts: 'VPCs' },
  internetGateways: { service: 'vpc', code: 'L-A4707A72', default: 5, counts: 'internet gateways' },
  natGatewaysPerZone: { service: 'vpc', code: 'L-FE5A380F', default: 5, counts: 'NAT gateways in one zone', perZone: true },
} as const satisfies Record<string, Quota>;

export type QuotaKey = keyof typeof QUOTAS;

/**
 * Where a limit in force came from, as a code ui/ words: Service Quotas' applied value,
 * AWS's default, a variable of the environment, an EC2 account attribute, or AWS's
 * default because Service Quotas gave none (its error code).
 */
export type LimitFrom = 'applied' | 'default' | `env:${string}` | `attribute:${string}` | `refused:${string}`;

/** A quota's value, and where it came from; or why Service Quotas gave none (its error code). */
export type QuotaValue = { value: number; from: Extract<LimitFrom, 'applied' | 'default'> } | { value?: undefined; unreadable: string };

function unreadable(err: unknown): QuotaValue {
  // Ctrl-C and the like are not "could not read".
  if (err instanceof LabError) throw err;
  return { unreadable: errorCode(err) };
}

/**
 * Read one quota. GetServiceQuota has no value for a quota that was never changed on some
 * accounts (NoSuchResourceException): AWS's default is then the one in force. Any other
 * refusal (AccessDenied, a partition or endpoint without Service Quotas) is "unreadable":
 * a quota is a reason to stop only when it is known.
 */
export async function readQuota(sq: Sender<ServiceQuotasClient>, key: QuotaKey): Promise<QuotaValue> {
  const ids = { ServiceCode: QUOTAS[key].service, QuotaCode: QUOTAS[key].code };
  try {
    const applied = (await sq.send(new GetServiceQuotaCommand(ids))).Quota?.Value;
    if (applied !== undefined) return { value: applied, from: 'applied' };
  } catch (err) {
    if (errorCode(err) !== 'NoSuchResourceException') return unreadable(err);
  }
  try {
    const value = (await sq.send(new GetAWSDefaultServiceQuotaCommand(ids))).Quota?.Value;
    return value === undefined ? { unreadable: 'NoValue' } : { value, from: 'default' };
  } catch (err) {
    return unreadable(err);
  }
}

/**
 * The families L-1216C47A counts, "Standard (A, C, D, H, I, M, R, T, Z)", by the letters
 * before the generation digit: t3, m7i, c7gn, im4gn, is4gen, z1d… but not inf2, dl1, hpc7a,
 * mac2 or trn1, which have quotas of their own.
 */
const STANDARD_FAMILY = /^(a|c|d|h|i|im|is|m|r|t|z)\d/;

export function isStandardType(type: string): boolean {
  return STANDARD_FAMILY.test(type);
}

/** Spot instances and capacity blocks have quotas of their own; the rest is On-Demand. */
const NOT_ON_DEMAND = new Set(['spot', 'capacity-block']);

/** The region's pending and running On-Demand Standard instances: one type per instance. */
export async function runningStandardTypes(ec2: Sender<EC2Client>): Promise<string[]> {
  const types: string[] = [];
  let token: string | undefined;
  do {
    const out = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running'] }], MaxResults: 1000, NextToken: token }));
    for (const i of (out.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
      if (i.InstanceType && isStandardType(i.InstanceType) && !NOT_ON_DEMAND.has(i.InstanceLifecycle ?? '')) types.push(i.InstanceType);
    }
    token = out.NextToken;
  } while (token);
  return types;
}

/** DescribeInstanceTypes takes at most 100 types a call. */
const TYPES_PER_CALL = 100;

async function describeVcpus(ec2: Sender<EC2Client>, types: string[]): Promise<[string, number][]> {
  const out = await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: types as _InstanceType[] }));
  return (out.InstanceTypes ?? []).flatMap((t) => (t.InstanceType && t.VCpuInfo?.DefaultVCpus !== undefined ? [[t.InstanceType, t.VCpuInfo.DefaultVCpus] as [string, number]] : []));
}

/**
 * Each type's vCPUs (the quota counts a type's default vCPUs). A type EC2 does not know
 * fails the whole call (InvalidInstanceType): then each is asked alone, and the unknown
 * ones are left out (the zone look-up names a bad --instance-type to the user).
 */
export async function vcpusOf(ec2: Sender<EC2Client>, types: readonly string[]): Promise<Map<string, number>> {
  const unique = [...new Set(types)];
  const chunks = Array.from({ length: Math.ceil(unique.length / TYPES_PER_CALL) }, (_, n) => unique.slice(n * TYPES_PER_CALL, (n + 1) * TYPES_PER_CALL));
  const answered = await Promise.all(
    chunks.map((chunk) =>
      describeVcpus(ec2, chunk).catch(async (err) => {
        if (errorCode(err) !== 'InvalidInstanceType') throw err;
        const one = await Promise.all(chunk.map((t) => describeVcpus(ec2, [t]).catch((e) => (errorCode(e) === 'InvalidInstanceType' ? [] : Promise.reject(e)))));
        return one.flat();
      }),
    ),
  );
  return new Map(answered.flat());
}

/** One quota of one account and region, for a class: what it needs, holds and may hold. */
export interface QuotaRow {
  /** "account/region". */
  target: string;
  quota: QuotaKey;
  serviceCode: string;
  quotaCode: string;
  /** NAT gateways are counted per zone. */
  zone?: string;
  need: number;
  used: number;
  limit: number;
  limitFrom: LimitFrom;
  short: number;
}
