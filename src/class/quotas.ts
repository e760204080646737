/**
 * The class's quotas, before anything is made: per account and region, what the labs not
 * built yet need (the lab's own quotaTakes / quotaNeeds, summed), what is in use, and the
 * limits in force. One lab's preflight sees one lab; thirty labs in one account pass it one
 * by one and then stop part-way, each at the first quota it runs out of.
 */
import { DescribeAddressesCommand, DescribeNatGatewaysCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import {
  ListRequestedServiceQuotaChangeHistoryByQuotaCommand,
  RequestServiceQuotaIncreaseCommand,
  type RequestedServiceQuotaChange,
  type ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas';
import { QUOTAS, runningStandardTypes, vcpusOf, type LimitFrom, type QuotaKey, type QuotaRow } from '../aws/quotas.js';
import type { Sender } from '../aws/retry.js';
import type { StateData } from '../engine/state.js';
import { labThrough } from '../lab/chapters/lab.js';
import { NAT_INSTANCE_FALLBACK_TYPE, NAT_INSTANCE_TYPE, type LabSettings } from '../lab/core/config.js';
import { zonesOffering } from '../lab/core/lookups.js';
import { quotaNeeds, quotaTakes, readLimit, type Limit } from '../lab/views/readiness.js';
import { SWEEP_ACTIONS } from './sweep.js';
import type { Target } from './targets.js';

/** The calls the class makes besides the lab's (`policy --class` adds them): `class quotas [--request]`, and `class destroy`'s sweep. */
const CLASS_ACTIONS = ['servicequotas:ListRequestedServiceQuotaChangeHistoryByQuota', 'servicequotas:RequestServiceQuotaIncrease', ...SWEEP_ACTIONS];

/** The policy statement for the class's own calls (Service Quotas has no resource-level scope for these; the listings neither). */
export function classPolicyStatement() {
  return { Sid: 'ClassQuotasAndSweep', Effect: 'Allow' as const, Action: [...CLASS_ACTIONS], Resource: '*' };
}

/** A roster with an `account` column: the caller assumes the role in each of those accounts (`policy --class --roster`). */
export function classAssumeRoleStatement(accounts: readonly string[], roleName: string) {
  return { Sid: 'ClassAssumeRole', Effect: 'Allow' as const, Action: ['sts:AssumeRole'], Resource: [...new Set(accounts)].sort().map((a) => `arn:aws:iam::${a}:role/${roleName}`) };
}

/** One learner's lab as the quota count needs it: its settings and what its state says is made. */
export interface ClassLab {
  settings: LabSettings;
  saved?: StateData;
}

/** The quotas a class is checked against (internet gateways go with VPCs, one each). */
export const CLASS_QUOTAS = ['vpcs', 'elasticIps', 'standardVcpus', 'natGatewaysPerZone'] as const satisfies readonly QuotaKey[];


/** What one account and region holds now, and its limits: read once, reused for every "what if". */
export interface InUse {
  target: string;
  vpcs: number;
  elasticIps: number;
  vcpus: number;
  /** NAT gateways pending or available, by zone. */
  natByZone: Map<string, number>;
  /** Every subnet's zone (a lab's subnets that exist keep their zone). */
  subnetZone: Map<string, string>;
  /** The zones offering each instance type the labs use, sorted: a new lab without a zone takes the first. */
  zonesByType: Map<string, string[]>;
  vcpusOf: Map<string, number>;
  limits: Record<(typeof CLASS_QUOTAS)[number], { value: number; from: LimitFrom }>;
}

/** A limit Service Quotas would not give (refused, no value): the new account's default, said so. */
function limitOrDefault(key: QuotaKey, limit: Limit): { value: number; from: LimitFrom } {
  if (limit.value !== undefined) return { value: limit.value, from: limit.from };
  return { value: QUOTAS[key].default, from: `refused:${'unreadable' in limit ? limit.unreadable : '?'}` };
}

/** Read the target's use and limits: a few Describe calls and the quotas, once for the whole class. */
export async function readInUse(t: Pick<Target, 'id' | 'clients'>, labs: readonly ClassLab[]): Promise<InUse> {
  const { ec2, serviceQuotas } = t.clients;
  const instanceTypes = [...new Set(labs.map((l) => l.settings.instanceType))];
  const [limits, vpcs, addresses, running, nats, subnets, zones] = await Promise.all([
    Promise.all(CLASS_QUOTAS.map(async (k) => [k, limitOrDefault(k, await readLimit({ ec2, serviceQuotas }, k))] as const)),
    ec2.send(new DescribeVpcsCommand({})),
    ec2.send(new DescribeAddressesCommand({})),
    runningStandardTypes(ec2),
    ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: 'state', Values: ['pending', 'available'] }] })),
    ec2.send(new DescribeSubnetsCommand({})),
    Promise.all(instanceTypes.map(async (type) => [type, await zonesOffering({ ec2 }, type)] as const)),
  ]);
  const subnetZone = new Map((subnets.Subnets ?? []).map((s) => [s.SubnetId!, s.AvailabilityZone!]));
  const natByZone = new Map<string, number>();
  for (const n of nats.NatGateways ?? []) {
    const zone = subnetZone.get(n.SubnetId ?? '') ?? '?';
    natByZone.set(zone, (natByZone.get(zone) ?? 0) + 1);
  }
  // Every type a lab may launch (the NAT instance's too, for "what if --nat instance").
  const types = [...instanceTypes, ...running, NAT_INSTANCE_TYPE, NAT_INSTANCE_FALLBACK_TYPE];
  const vcpus = await vcpusOf(ec2, types);
  return {
    target: t.id,
    vpcs: vpcs.Vpcs?.length ?? 0, // the default VPC counts
    elasticIps: addresses.Addresses?.length ?? 0,
    vcpus: running.reduce((sum, type) => sum + (vcpus.get(type) ?? 0), 0),
    natByZone,
    subnetZone,
    zonesByType: new Map(zones),
    vcpusOf: vcpus,
    limits: Object.fromEntries(limits) as InUse['limits'],
  };
}

/**
 * The zone of a lab's NAT gateway: its public subnet's when that exists, else its zone
 * setting (the class gives each new lab one), else the first zone, sorted, that offers its
 * instance type (where a lab without the setting goes).
 */
function natZone(lab: ClassLab, use: InUse): string {
  const subnet = lab.saved?.resources.publicSubnet?.id;
  return (subnet && use.subnetZone.get(subnet)) || lab.settings.zone || use.zonesByType.get(lab.settings.instanceType)?.[0] || '?';
}

/**
 * What the class needs against what is in use and the limits: a row per quota (per zone
 * for NAT gateways). A lab counts only what its state does not hold yet (a rerun adds
 * what is unfinished). Pure: `labs` may be the class with other settings ("what if").
 */
export function quotaRows(use: InUse, labs: readonly ClassLab[], until: number): QuotaRow[] {
  const run = labThrough(until);
  const need: Record<string, number> = { vpcs: 0, elasticIps: 0, standardVcpus: 0 };
  const natNeed = new Map<string, number>();
  for (const lab of labs) {
    const takes = quotaTakes(lab.settings, run).filter((t) => !lab.saved?.resources[t.key]);
    const n = quotaNeeds(takes, use.vcpusOf);
    for (const k of ['vpcs', 'elasticIps', 'standardVcpus']) need[k] += n[k as QuotaKey];
    const zone = natZone(lab, use);
    if (n.natGatewaysPerZone) natNeed.set(zone, (natNeed.get(zone) ?? 0) + n.natGatewaysPerZone);
  }
  const row = (quota: (typeof CLASS_QUOTAS)[number], needed: number, used: number, zone?: string): QuotaRow => {
    const { value, from } = use.limits[quota];
    return { target: use.target, quota, serviceCode: QUOTAS[quota].service, quotaCode: QUOTAS[quota].code, zone, need: needed, used, limit: value, limitFrom: from, short: Math.max(0, used + needed - value) };
  };
  return [
    row('vpcs', need.vpcs, use.vpcs),
    row('elasticIps', need.elasticIps, use.elasticIps),
    row('standardVcpus', need.standardVcpus, use.vcpus),
    ...[...natNeed].sort(([a], [b]) => a.localeCompare(b)).map(([zone, n]) => row('natGatewaysPerZone', n, use.natByZone.get(zone) ?? 0, zone)),
  ];
}

/** What else would fit, said when the class is short. */
export interface QuotaOptions {
  /** The class with --nat instance: which quotas would still be short (none: it fits). Undefined when it already uses NAT instances. */
  natInstance?: QuotaRow[];
  /** One lab alone, against a new account's defaults (one account per learner): the quotas it would pass. */
  perLearner: { quota: QuotaKey; need: number; newAccount: number }[];
}

export function quotaOptions(uses: readonly { use: InUse; labs: readonly ClassLab[] }[], until: number): QuotaOptions {
  const gateway = uses.some(({ labs }) => labs.some((l) => l.settings.nat === 'gateway'));
  const natInstance = gateway ? uses.flatMap(({ use, labs }) => quotaRows(use, labs.map((l) => ({ ...l, settings: { ...l.settings, nat: 'instance' as const } })), until)).filter((r) => r.short > 0) : undefined;
  // A new account: the default VPC in use, nothing else; one lab as the first learner's settings want it.
  const first = uses.find(({ labs }) => labs.length)?.labs[0];
  const one = first ? quotaNeeds(quotaTakes(first.settings, labThrough(until)), uses[0].use.vcpusOf) : undefined;
  const perLearner = one
    ? CLASS_QUOTAS.map((quota) => ({ quota, need: one[quota] + (quota === 'vpcs' ? 1 : 0), newAccount: QUOTAS[quota].default })).filter((q) => q.need > q.newAccount)
    : [];
  return { natInstance, perLearner };
}

/** A request for more, found open or filed now. */
export interface QuotaRequest {
  target: string;
  quota: QuotaKey;
  serviceCode: string;
  quotaCode: string;
  /** What the class needs the limit to be. */
  wanted: number;
  /** The request's: its ID, status (PENDING, CASE_OPENED…) and value asked for. */
  id?: string;
  status?: string;
  desired?: number;
  /** Filed by this run (false: one was open already). */
  filed: boolean;
}

const OPEN = new Set(['PENDING', 'CASE_OPENED']);

/** The short quotas of one target, one a quota: NAT gateways' limit is per zone, so the largest zone's. */
function wantedOf(rows: readonly QuotaRow[]): Map<QuotaKey, QuotaRow & { wanted: number }> {
  const out = new Map<QuotaKey, QuotaRow & { wanted: number }>();
  for (const r of rows.filter((x) => x.short > 0)) {
    const wanted = r.used + r.need;
    if ((out.get(r.quota)?.wanted ?? 0) < wanted) out.set(r.quota, { ...r, wanted });
  }
  return out;
}

async function openRequest(sq: Sender<ServiceQuotasClient>, serviceCode: string, quotaCode: string): Promise<RequestedServiceQuotaChange | undefined> {
  const out = await sq.send(new ListRequestedServiceQuotaChangeHistoryByQuotaCommand({ ServiceCode: serviceCode, QuotaCode: quotaCode }));
  return (out.RequestedQuotas ?? []).find((q) => OPEN.has(q.Status ?? ''));
}

/**
 * The requests for the shortfall of one target: those already open (AWS takes one open
 * request per quota), and, with `file`, a RequestServiceQuotaIncrease for each quota that
 * has none, asking for what the class needs (in use + need).
 */
export async function quotaRequests(t: Pick<Target, 'clients'>, rows: readonly QuotaRow[], file: boolean): Promise<QuotaRequest[]> {
  const sq = t.clients.serviceQuotas;
  return Promise.all(
    [...wantedOf(rows).values()].map(async (r): Promise<QuotaRequest> => {
      const base = { target: r.target, quota: r.quota, serviceCode: r.serviceCode, quotaCode: r.quotaCode, wanted: r.wanted };
      const open = await openRequest(sq, r.serviceCode, r.quotaCode);
      if (open || !file) return { ...base, id: open?.Id, status: open?.Status, desired: open?.DesiredValue, filed: false };
      const made = (await sq.send(new RequestServiceQuotaIncreaseCommand({ ServiceCode: r.serviceCode, QuotaCode: r.quotaCode, DesiredValue: r.wanted }))).RequestedQuota;
      return { ...base, id: made?.Id, status: made?.Status, desired: made?.DesiredValue ?? r.wanted, filed: true };
    }),
  );
}
