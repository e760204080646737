import type http from 'node:http';
import { isStandardType, QUOTAS, type QuotaKey } from '../../../src/aws/quotas.js';

/**
 * The account's quotas as the e2e proxy plays them (docs/moto-behaviour.md): moto's Service
 * Quotas answers only `vpc` codes and moto enforces no quota at all. For each quota set
 * here the proxy answers GetServiceQuota with it, and refuses the calls that would pass it
 * as EC2 does (VpcLimitExceeded, AddressLimitExceeded, VcpuLimitExceeded), counting what
 * the region holds with moto's own Describe calls. A quota not set here goes on upstream:
 * to a proxy further along that sets it, or to moto (GetServiceQuota: NoSuchResource for
 * the `ec2` codes, as for a quota never raised; the CLI then reads AWS's default, which
 * every proxy answers from the tool's table).
 */
export type AccountQuotas = Partial<Record<QuotaKey, number>>;

export interface Answer {
  status: number;
  type: string;
  body: string;
}

const JSON_TYPE = 'application/x-amz-json-1.1';

const keyOf = (service: unknown, code: unknown) => (Object.keys(QUOTAS) as QuotaKey[]).find((k) => QUOTAS[k].service === service && QUOTAS[k].code === code);

function quotaAnswer(key: QuotaKey, value: number): Answer {
  const q = QUOTAS[key];
  const quota = { ServiceCode: q.service, QuotaCode: q.code, QuotaName: q.counts, Value: value, Unit: 'None', Adjustable: true, GlobalQuota: false };
  return { status: 200, type: JSON_TYPE, body: JSON.stringify({ Quota: quota }) };
}

/** Service Quotas' JSON error. */
export function jsonError(status: number, code: string, message: string): Answer {
  return { status, type: JSON_TYPE, body: JSON.stringify({ __type: code, message }) };
}

function ec2Error(code: string, message: string): Answer {
  return { status: 400, type: 'text/xml', body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>proxy-${code}</RequestID></Response>` };
}

/** A request for more, as Service Quotas keeps it (moto has neither call). */
export interface QuotaIncrease {
  Id: string;
  ServiceCode: string;
  QuotaCode: string;
  DesiredValue: number;
  Status: string;
  Created: number;
}

/** The requests filed through a proxy, by the quotas object it plays (a test may add one already open). */
const REQUESTS = new WeakMap<AccountQuotas, QuotaIncrease[]>();

export function quotaIncreases(quotas: AccountQuotas): QuotaIncrease[] {
  let list = REQUESTS.get(quotas);
  if (!list) REQUESTS.set(quotas, (list = []));
  return list;
}

/**
 * RequestServiceQuotaIncrease (PENDING; refused while one is open for the quota, as AWS
 * does: ResourceAlreadyExistsException) and ListRequestedServiceQuotaChangeHistoryByQuota.
 */
function increases(action: string, input: { ServiceCode?: string; QuotaCode?: string; DesiredValue?: number }, quotas: AccountQuotas): Answer | undefined {
  const list = quotaIncreases(quotas);
  const mine = list.filter((r) => r.ServiceCode === input.ServiceCode && r.QuotaCode === input.QuotaCode);
  if (action === 'ListRequestedServiceQuotaChangeHistoryByQuota') return { status: 200, type: JSON_TYPE, body: JSON.stringify({ RequestedQuotas: mine }) };
  if (action !== 'RequestServiceQuotaIncrease') return undefined;
  if (mine.some((r) => r.Status === 'PENDING' || r.Status === 'CASE_OPENED')) return jsonError(400, 'ResourceAlreadyExistsException', 'Only one open service quota increase request is allowed per quota.');
  const made: QuotaIncrease = { Id: `req-${list.length + 1}`, ServiceCode: input.ServiceCode!, QuotaCode: input.QuotaCode!, DesiredValue: Number(input.DesiredValue), Status: 'PENDING', Created: Date.now() / 1000 };
  list.push(made);
  return { status: 200, type: JSON_TYPE, body: JSON.stringify({ RequestedQuota: made }) };
}

function serviceQuotas(action: string, body: string, quotas: AccountQuotas): Answer | undefined {
  const input = JSON.parse(body || '{}') as { ServiceCode?: string; QuotaCode?: string; DesiredValue?: number };
  const key = keyOf(input.ServiceCode, input.QuotaCode);
  if (!key) return undefined;
  const request = increases(action, input, quotas);
  if (request) return request;
  if (action === 'GetServiceQuota' && quotas[key] !== undefined) return quotaAnswer(key, quotas[key]);
  // moto has no GetAWSDefaultServiceQuota (HTTP 500).
  if (action === 'GetAWSDefaultServiceQuota') return quotaAnswer(key, QUOTAS[key].default);
  return undefined;
}

/** An EC2 query to moto (or the next proxy) in the caller's own account and region: its signature's headers, a body of ours. */
async function ec2Query(target: string, req: http.IncomingMessage, params: Record<string, string>): Promise<string> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  for (const h of ['authorization', 'x-amz-date', 'x-amz-security-token']) if (typeof req.headers[h] === 'string') headers[h] = req.headers[h] as string;
  const res = await fetch(target, { method: 'POST', headers, body: new URLSearchParams({ Version: '2016-11-15', ...params }).toString() });
  const text = await res.text();
  if (!res.ok) throw new Error(`quota count: ${params.Action} answered ${res.status}: ${text.slice(0, 200)}`);
  return text;
}

const all = (xml: string, element: string) => [...xml.matchAll(new RegExp(`<${element}>([^<]*)</${element}>`, 'g'))].map((m) => m[1]);

/** The instance types of the instances EC2 counts against L-1216C47A, as moto lists them (one per instance). */
async function runningTypes(target: string, req: http.IncomingMessage): Promise<string[]> {
  const xml = await ec2Query(target, req, { Action: 'DescribeInstances', 'Filter.1.Name': 'instance-state-name', 'Filter.1.Value.1': 'pending', 'Filter.1.Value.2': 'running' });
  return all(xml, 'instanceType').filter(isStandardType);
}

async function vcpus(target: string, req: http.IncomingMessage, types: string[]): Promise<number> {
  const standard = types.filter(isStandardType);
  if (!standard.length) return 0;
  const params: Record<string, string> = { Action: 'DescribeInstanceTypes' };
  [...new Set(standard)].forEach((t, n) => (params[`InstanceType.${n + 1}`] = t));
  const xml = await ec2Query(target, req, params);
  // Each type's item names it first and its vCPUs further on (past nested items of its own).
  const per = new Map([...xml.matchAll(/<instanceType>([^<]+)<\/instanceType>[\s\S]*?<defaultVCpus>(\d+)<\/defaultVCpus>/g)].map(([, t, n]) => [t, Number(n)]));
  return standard.reduce((sum, t) => sum + (per.get(t) ?? 0), 0);
}

/** The instance types a StartInstances would start (those of its instances that are stopped). */
async function stoppedTypes(target: string, req: http.IncomingMessage, params: URLSearchParams): Promise<string[]> {
  const ids = [...params.entries()].filter(([k]) => /^InstanceId\.\d+$/.test(k));
  if (!ids.length) return [];
  const xml = await ec2Query(target, req, { Action: 'DescribeInstances', ...Object.fromEntries(ids), 'Filter.1.Name': 'instance-state-name', 'Filter.1.Value.1': 'stopped' });
  return all(xml, 'instanceType');
}

/** EC2's refusal when this call would take the account past a quota set here; undefined when it fits. */
async function enforce(target: string, req: http.IncomingMessage, action: string, params: URLSearchParams, quotas: AccountQuotas): Promise<Answer | undefined> {
  if (action === 'CreateVpc' && quotas.vpcs !== undefined) {
    const used = all(await ec2Query(target, req, { Action: 'DescribeVpcs' }), 'vpcId').length;
    if (used + 1 > quotas.vpcs) return ec2Error('VpcLimitExceeded', 'The maximum number of VPCs has been reached.');
  }
  if (action === 'AllocateAddress' && quotas.elasticIps !== undefined) {
    const used = all(await ec2Query(target, req, { Action: 'DescribeAddresses' }), 'allocationId').length;
    if (used + 1 > quotas.elasticIps) return ec2Error('AddressLimitExceeded', 'The maximum number of addresses has been reached.');
  }
  if ((action === 'RunInstances' || action === 'StartInstances') && quotas.standardVcpus !== undefined) {
    const limit = quotas.standardVcpus;
    const adding = action === 'RunInstances' ? Array.from({ length: Number(params.get('MinCount') ?? 1) }, () => params.get('InstanceType') ?? 'm1.small') : await stoppedTypes(target, req, params);
    const more = await vcpus(target, req, adding);
    if (more > 0 && (await vcpus(target, req, await runningTypes(target, req))) + more > limit) {
      return ec2Error(
        'VcpuLimitExceeded',
        `You have requested more vCPU capacity than your current vCPU limit of ${limit} allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.`,
      );
    }
  }
  return undefined;
}

/** A proxy that plays no quota (its requests for more are still kept, here). */
const NO_QUOTAS: AccountQuotas = {};

/**
 * The proxy's hook: the answer to send instead of passing the call on (a quota, or a
 * refusal past one), or undefined.
 */
export async function answerQuotas(target: string, req: http.IncomingMessage, body: string, iamAction: string, quotas: AccountQuotas = NO_QUOTAS): Promise<Answer | undefined> {
  const [service, action] = iamAction.split(':');
  if (service === 'servicequotas') return serviceQuotas(action, body, quotas);
  // A dry run checks permissions, not quotas (the proxy answers most itself; `motoDryRun` passes them on).
  const params = new URLSearchParams(body);
  if (service === 'ec2' && params.get('DryRun') !== 'true') return enforce(target, req, action, params, quotas);
  return undefined;
}
