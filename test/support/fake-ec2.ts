/**
 * A stateful fake of the slice of EC2 (and one SSM parameter) the lab CLI uses.
 *
 * Why not just moto? moto accepts many call orders that real AWS refuses: deleting a
 * security group while its instance is still shutting down, releasing an Elastic IP a
 * deleting NAT gateway still holds, associating an EIP with a pending instance, detaching
 * an internet gateway while public addresses are mapped... This fake enforces those rules
 * and models the pending states, so unit tests catch ordering mistakes cheaply.
 *
 * Design:
 *  - `Store` holds every record ever created (gone ones are flagged, not removed) and the
 *    clock. Time-based transitions (instance pending -> running, NAT pending -> available,
 *    deleting -> deleted...) are computed lazily from `clock.now()`: no timers, so a
 *    VirtualClock drives the fake for free.
 *  - `Views` turns records into the response shapes the SDK returns (Vpc, Instance...).
 *  - One service class per concern (network, security, compute, addressing, tags), with a
 *    method per command. Each method validates like AWS, throws `awsError(code, ...)`,
 *    and only then mutates.
 *  - `createFakeAws` wires the services into aws-sdk-client-mock stubs and adds the
 *    call log, fault injection, throttling and optional real-time latency.
 *
 * The mocks are class-level (`mockClient(EC2Client)`), so only one fake is active per
 * worker at a time: creating a second one replaces the first. Call `restore()` after each
 * test.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateKeyPairCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DescribeAccountAttributesCommand,
  DeleteKeyPairCommand,
  DeleteNatGatewayCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteTagsCommand,
  DeleteVpcCommand,
  DescribeAddressesCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  DescribeInstanceTypeOfferingsCommand,
  DescribeInstanceTypesCommand,
  DescribeInternetGatewaysCommand,
  DescribeKeyPairsCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  DisassociateAddressCommand,
  DisassociateRouteTableCommand,
  EC2Client,
  EC2ServiceException,
  ImportKeyPairCommand,
  ModifyInstanceAttributeCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  ReleaseAddressCommand,
  ReplaceRouteCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type Address,
  type Filter,
  type Instance,
  type InstanceStateName,
  type InternetGateway,
  type InternetGatewayAttachment,
  type IpPermission,
  type KeyPairInfo,
  type NatGateway,
  type NatGatewayState,
  type Reservation,
  type RouteTable,
  type SecurityGroup,
  type Subnet,
  type Tag,
  type TagSpecification,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { GetParameterCommand, GetParametersCommand, SSMClient, SSMServiceException } from '@aws-sdk/client-ssm';
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, ServiceQuotasClient, ServiceQuotasServiceException } from '@aws-sdk/client-service-quotas';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { ec2Bucket } from '../../src/aws/ec2-buckets.js';
import { Bucket } from '../e2e/support/buckets.js';
import { isStandardType, QUOTAS, type QuotaKey } from '../../src/aws/quotas.js';
import { createFakeExpiry, type FakeExpiry, type FakeExpiryOptions } from './fake-expiry.js';
import { NOT_FOUND, type IdKind } from './not-found.js';
import type { Clock } from '../../src/engine/clock.js';

// ---------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------

/** Durations in milliseconds on the given clock. */
export interface FakeTimings {
  /** pending -> running */
  instancePendingMs: number;
  /** shutting-down -> terminated */
  instanceStoppingMs: number;
  /** pending -> available (or failed) */
  natPendingMs: number;
  /** deleting -> deleted */
  natDeletingMs: number;
  /** Per-call delay. 0 = answer at once. When > 0 a real setTimeout is used (benchmarks on the real clock). */
  latencyMs: number;
  /**
   * "Eventual" mode, as EC2 behaves: for this long after its create, a call naming the new
   * ID is answered with that kind's NotFound, and filtered Describe listings leave the new
   * resource out. 0 (the default) = consistent at once.
   */
  eventualMs?: number;
}

export interface FakeOptions {
  clock: Pick<Clock, 'now'>;
  timings?: Partial<FakeTimings>;
  region?: string;
  /** Default: `${region}a`, `${region}b`, `${region}c` (us-east-1a/b/c). */
  azs?: string[];
  /** Instance type -> AZs offering it. Default: t3.micro, t3.small, t2.micro in all AZs. */
  offerings?: Record<string, string[]>;
  /** What the AL2023 SSM parameter resolves to, and the only AMI RunInstances accepts. */
  amiId?: string;
  /**
   * An IAM policy that lacks these EC2 actions ("CreateNatGateway"): their calls, dry runs
   * included, answer UnauthorizedOperation as AWS does.
   */
  deny?: string[];
  /** The Elastic IP quota (L-0263D0A3), as Service Quotas and DescribeAccountAttributes' vpc-max-elastic-ips say it (AWS's default: 5). */
  elasticIpLimit?: number;
  /** The running On-Demand Standard vCPU quota (L-1216C47A), enforced at RunInstances and StartInstances (default FAKE_VCPU_LIMIT). */
  vcpuLimit?: number;
  /** The VPC quota (L-F678F1CE) as Service Quotas says it (default 5; the fake does not enforce it). */
  vpcLimit?: number;
  /**
   * Service Quotas cannot be read: every call answers AccessDeniedException ('refused') or
   * NoSuchResourceException, as where the service is not offered ('absent').
   */
  serviceQuotas?: 'refused' | 'absent';
  expiry?: FakeExpiryOptions;
  /** Calls that ignore DryRun and really act, as moto's CreateVpc does (docs/moto-behaviour.md). */
  ignoreDryRun?: string[];
  /**
   * EC2's token buckets (src/aws/ec2-buckets.ts) on the fake's clock, per account (see
   * `inAccount`): each EC2 call, dry runs included, takes a token of its action's bucket;
   * an empty bucket answers RequestLimitExceeded, unserved.
   */
  buckets?: boolean;
}

/** Served and refused EC2 calls, by "account bucket". */
export type BucketCounts = Map<string, { served: number; refused: number }>;

export interface FakeCall {
  name: string;
  input: any;
  /** clock.now() when the call was served */
  at: number;
  /** Error code, when the call was served but failed (validation or injected afterServe fault). */
  error?: string;
}

/** Live resources, as the matching Describe call would show them. Recomputed on every access. */
export interface FakeWorld {
  readonly vpcs: Map<string, Vpc & { EnableDnsSupport: boolean; EnableDnsHostnames: boolean }>;
  readonly subnets: Map<string, Subnet>;
  readonly igws: Map<string, InternetGateway>;
  readonly routeTables: Map<string, RouteTable>;
  readonly securityGroups: Map<string, SecurityGroup>;
  /** Keyed by KeyName (not KeyPairId): that is what the CLI and tests know. */
  readonly keyPairs: Map<string, KeyPairInfo>;
  /** Non-terminated instances (shutting-down ones are still here). UserData is base64, as sent. */
  readonly instances: Map<string, Instance & { UserData?: string }>;
  /** Keyed by AllocationId. */
  readonly addresses: Map<string, Address>;
  /** NAT gateways not yet `deleted` (pending, available, deleting and failed ones). */
  readonly natGateways: Map<string, NatGateway>;
}

export interface FailNextOptions {
  /** Perform the call's effect, then throw (a lost response, a process killed right after AWS acted). */
  afterServe?: boolean;
  /** How many matching calls fail (default 1). */
  times?: number;
}

export interface FakeAws {
  ec2Mock: AwsClientStub<EC2Client>;
  ssmMock: AwsClientStub<SSMClient>;
  ec2: EC2Client;
  ssm: SSMClient;
  /** Service Quotas: the account's applied quotas (GetServiceQuota) and AWS's defaults. */
  serviceQuotas: ServiceQuotasClient;
  /** Scheduler, IAM and STS for the lab's expiry (test/support/fake-expiry.ts); its calls are logged apart. */
  expiry: FakeExpiry;
  scheduler: FakeExpiry['scheduler'];
  iam: FakeExpiry['iam'];
  sts: FakeExpiry['sts'];
  /** Every call served, in order. Calls rejected *before* serving (throttled, failNext without afterServe) are not here. */
  calls: FakeCall[];
  /** Calls made with DryRun=true: answered as AWS does, nothing changed, not in `calls`. */
  dryRuns: FakeCall[];
  /** Names of served calls that are not Describe* / Get*. */
  mutatingCalls(): string[];
  restore(): void;
  failNext(name: string, error: Error | (() => Error), opts?: FailNextOptions): void;
  /**
   * Every Nth call (of the named kinds, or of all) throws RequestLimitExceeded before
   * serving; `every: 0` turns it off. A request refused is let through when it is sent
   * again, as AWS's token buckets let a caller that backs off through. Without that, two
   * callers taking turns (two waits polling side by side) would leave one refused every
   * time, which no backoff can cure and AWS never does.
   */
  throttle(opts: { every: number; names?: string[] }): void;
  /** Run `fn` as a caller of that account: its EC2 calls draw on that account's buckets (default account "default"). */
  inAccount<T>(account: string, fn: () => Promise<T>): Promise<T>;
  /** With `buckets`: what each bucket served and refused. */
  bucketCounts: BucketCounts;
  world: FakeWorld;
  count(kind: keyof FakeWorld, opts?: { includeGone?: boolean }): number;
}

/**
 * An error shaped like the SDK's deserialized EC2 errors: `name` and `Code` are the AWS
 * error code, `$fault`, `$metadata.httpStatusCode`, `message`.
 */
export function awsError(code: string, message: string, status = 400): Error {
  return decorate(
    new EC2ServiceException({
      name: code,
      $fault: status >= 500 ? 'server' : 'client',
      $metadata: { httpStatusCode: status, requestId: randomUUID(), attempts: 1, totalRetryDelay: 0 },
      message,
    }),
    code,
  );
}

function quotasError(code: string, message: string, status = 400): Error {
  return decorate(
    new ServiceQuotasServiceException({
      name: code,
      $fault: 'client',
      $metadata: { httpStatusCode: status, requestId: randomUUID(), attempts: 1, totalRetryDelay: 0 },
      message,
    }),
    code,
  );
}

/** The fake account's vCPU quota unless a test names one: an established account's (new ones may have 5). */
export const FAKE_VCPU_LIMIT = 32;

function ssmError(code: string, message: string, status = 400): Error {
  return decorate(
    new SSMServiceException({
      name: code,
      $fault: status >= 500 ? 'server' : 'client',
      $metadata: { httpStatusCode: status, requestId: randomUUID(), attempts: 1, totalRetryDelay: 0 },
      message,
    }),
    code,
  );
}

function decorate(err: Error, code: string): Error {
  Object.assign(err, { Code: code });
  // The SDK marks throttling errors retryable; callers that look at $retryable should see it.
  if (code === 'RequestLimitExceeded') Object.assign(err, { $retryable: { throttling: true } });
  return err;
}

export const AL2023_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';
export const AL2023_ARM_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64';
export const ARM_AMI_ID = 'ami-0fakearm64';

const DEFAULT_TIMINGS: FakeTimings = {
  instancePendingMs: 30_000,
  instanceStoppingMs: 40_000,
  natPendingMs: 90_000,
  natDeletingMs: 60_000,
  latencyMs: 0,
  eventualMs: 0,
};

const OWNER_ID = '123456789012';

// ---------------------------------------------------------------------------------------
// Small helpers: parameters, CIDRs, tags, filters, ID lists
// ---------------------------------------------------------------------------------------

/** AWS answers a missing required parameter with MissingParameter before anything else. */
function need<T>(value: T | undefined | null | '', name: string): T {
  if (value === undefined || value === null || value === '') {
    throw awsError('MissingParameter', `The request must contain the parameter ${name}`);
  }
  return value;
}

interface Cidr {
  base: number;
  prefix: number;
  text: string;
}

function parseIp(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

function ipToString(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** `aligned`: the address must be the network address (AWS refuses 10.0.0.1/16 for a VPC or subnet). */
function parseCidr(s: string | undefined, aligned: boolean): Cidr | undefined {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(s ?? '');
  if (!m) return undefined;
  const base = parseIp(m[1]);
  const prefix = Number(m[2]);
  if (base === undefined || prefix > 32) return undefined;
  if (aligned && ((base & maskOf(prefix)) >>> 0) !== base) return undefined;
  return { base, prefix, text: s! };
}

function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && ((inner.base & maskOf(outer.prefix)) >>> 0) === outer.base;
}

function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** Tags for `want` from TagSpecifications; a spec for a type this call cannot tag is an error, as in AWS. */
function tagsFromSpecs(specs: TagSpecification[] | undefined, want: string, allowed: readonly string[] = [want]): Tag[] {
  const out: Tag[] = [];
  for (const spec of specs ?? []) {
    if (!spec.ResourceType || !allowed.includes(spec.ResourceType)) {
      throw awsError(
        'InvalidParameterValue',
        `'${spec.ResourceType}' is not a valid taggable resource type for this operation.`,
      );
    }
    if (spec.ResourceType === want) mergeTags(out, spec.Tags ?? []);
  }
  return out;
}

function mergeTags(into: Tag[], add: Tag[]): void {
  for (const t of add) {
    if (!t.Key) throw awsError('InvalidParameterValue', 'Tag keys must not be empty');
    if (t.Key.toLowerCase().startsWith('aws:')) {
      throw awsError('InvalidParameterValue', "Tag keys starting with 'aws:' are reserved for internal use");
    }
    const existing = into.find((x) => x.Key === t.Key);
    if (existing) existing.Value = t.Value ?? '';
    else into.push({ Key: t.Key, Value: t.Value ?? '' });
  }
}

/** AWS omits Tags entirely on untagged resources: code must cope with `Tags` undefined. */
function tagsOut(tags: Tag[]): Tag[] | undefined {
  return tags.length ? tags.map((t) => ({ ...t })) : undefined;
}

type Scalar = string | number | boolean | undefined | null;
type FilterFields<R> = Record<string, (r: R) => Scalar | Scalar[]>;

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/**
 * EC2 filter semantics: filters AND together, values within one filter OR together, `*` and
 * `?` are wildcards. An unknown filter name is an error in real EC2 (InvalidParameterValue),
 * which catches typos that a permissive fake would hide.
 */
function applyFilters<R>(
  recs: R[],
  filters: Filter[] | undefined,
  fields: FilterFields<R>,
  tagsOf: (r: R) => Tag[],
): R[] {
  if (!filters?.length) return recs;
  const preds = filters.map((f) => {
    const name = need(f.Name, 'Filter.Name');
    const values = f.Values ?? [];
    if (!values.length) throw awsError('InvalidParameterValue', `The filter '${name}' requires at least one value`);
    let get: (r: R) => Scalar | Scalar[];
    if (name.startsWith('tag:')) {
      const key = name.slice(4);
      get = (r) => tagsOf(r).filter((t) => t.Key === key).map((t) => t.Value ?? '');
    } else if (name === 'tag-key') {
      get = (r) => tagsOf(r).map((t) => t.Key);
    } else if (name === 'tag-value') {
      get = (r) => tagsOf(r).map((t) => t.Value);
    } else {
      const field = fields[name];
      if (!field) throw awsError('InvalidParameterValue', `The filter '${name}' is invalid`);
      get = field;
    }
    const res = values.map(globToRegExp);
    return (r: R) => {
      const v = get(r);
      const got = (Array.isArray(v) ? v : [v]).filter((x) => x !== undefined && x !== null).map(String);
      return got.some((s) => res.some((re) => re.test(s)));
    };
  });
  return recs.filter((r) => preds.every((p) => p(r)));
}

/** Explicit ID lists: every ID must exist, else the kind's NotFound error (as AWS does). */
function pickIds<R>(pool: R[], ids: string[] | undefined, idOf: (r: R) => string, kind: Kind): R[] {
  if (!ids?.length) return pool;
  const known = new Set(pool.map(idOf));
  const missing = ids.find((id) => !known.has(id));
  if (missing !== undefined) throw notFound(kind, missing);
  const wanted = new Set(ids);
  return pool.filter((r) => wanted.has(idOf(r)));
}

type Kind = IdKind;

function notFound(kind: Kind, id: string): Error {
  const [code, msg] = NOT_FOUND[kind];
  return awsError(code, msg(id));
}

function dependencyViolation(message: string): Error {
  return awsError('DependencyViolation', message);
}

/** Key-order-independent JSON, to compare the inputs of two calls sharing a ClientToken. */
function stableStringify(v: unknown): string {
  return JSON.stringify(v, (_k, val) => {
    if (val instanceof Uint8Array) return Buffer.from(val).toString('base64');
    if (val && typeof val === 'object' && !Array.isArray(val)) {
      return Object.fromEntries(Object.keys(val).sort().map((k) => [k, (val as Record<string, unknown>)[k]]));
    }
    return val;
  });
}

// ---------------------------------------------------------------------------------------
// Records (internal state)
// ---------------------------------------------------------------------------------------

interface Base {
  id: string;
  tags: Tag[];
  createdAt: number;
  /** Set when deleted. Instances and NAT gateways derive liveness from their timed state instead. */
  goneAt?: number;
}

interface VpcRec extends Base {
  cidr: Cidr;
  cidrAssocId: string;
  dnsSupport: boolean;
  dnsHostnames: boolean;
  mainRtbId: string;
  defaultSgId: string;
}

interface SubnetRec extends Base {
  vpcId: string;
  cidr: Cidr;
  az: string;
  mapPublicIp: boolean;
  /** Next host offset to hand out; AWS reserves the first four addresses. */
  nextHost: number;
}

interface IgwRec extends Base {
  vpcId?: string;
}

interface RouteRec {
  dest: string;
  gatewayId?: string;
  natGatewayId?: string;
  /** A route to an instance's network interface (a NAT instance). */
  eniId?: string;
  origin: 'CreateRouteTable' | 'CreateRoute';
}

interface RtbAssocRec {
  id: string;
  main: boolean;
  subnetId?: string;
}

interface RtbRec extends Base {
  vpcId: string;
  routes: RouteRec[];
  assocs: RtbAssocRec[];
}

/** One atomic rule: a protocol/port range and exactly one peer. */
interface SgRule {
  ruleId: string;
  proto: string;
  from?: number;
  to?: number;
  cidr?: string;
  cidr6?: string;
  groupId?: string;
  description?: string;
}

interface SgRec extends Base {
  vpcId: string;
  name: string;
  description: string;
  isDefault: boolean;
  ingress: SgRule[];
  egress: SgRule[];
}

interface KeyRec extends Base {
  name: string;
  fingerprint: string;
  keyType: 'rsa' | 'ed25519';
}

interface InstanceRec extends Base {
  reservationId: string;
  launchIndex: number;
  imageId: string;
  instanceType: string;
  keyName?: string;
  subnetId: string;
  vpcId: string;
  sgIds: string[];
  privateIp: string;
  eniId: string;
  /** The auto-assigned public IP, if launched with one (hidden while an EIP is associated). */
  autoPublicIp?: string;
  userData?: string;
  metadata: { HttpTokens: string; HttpPutResponseHopLimit: number; HttpEndpoint: string; InstanceMetadataTags: string };
  clientToken?: string;
  terminatedAt?: number;
  /** StopInstances, then StartInstances: stopping -> stopped, pending -> running again. */
  stoppedAt?: number;
  startedAt?: number;
  /** Source/destination check of its (only) network interface; AWS's default is on. */
  sourceDestCheck?: boolean;
}

interface AddressRec extends Base {
  publicIp: string;
  assoc?: { id: string; instanceId: string };
}

interface NatRec extends Base {
  subnetId: string;
  vpcId: string;
  connectivity: 'public' | 'private';
  allocationId?: string;
  publicIp?: string;
  privateIp: string;
  eniId: string;
  assocId: string;
  /** Decided at creation: a public NAT in a VPC without an attached IGW ends `failed`. */
  failure?: { code: string; message: string };
  clientToken?: string;
  deleteAt?: number;
  deleteTakesMs?: number;
}

const INSTANCE_STATE_CODES: Record<string, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

// ---------------------------------------------------------------------------------------
// Store: records, clock, timed states
// ---------------------------------------------------------------------------------------

interface Config {
  region: string;
  azs: string[];
  offerings: Record<string, string[]>;
  amiId: string;
  /** L-1216C47A: running On-Demand Standard vCPUs. */
  vcpuLimit: number;
}

/** DescribeInstanceTypes' default vCPUs of the types the fake knows (AWS's figures). */
export const FAKE_VCPUS: Record<string, number> = {
  't2.micro': 1,
  't2.small': 1,
  't3.nano': 2,
  't3.micro': 2,
  't3.small': 2,
  't3.medium': 2,
  't3.xlarge': 4,
  't4g.nano': 2,
  't4g.micro': 2,
  't4g.small': 2,
  'm5.large': 2,
  'm5.xlarge': 4,
  'g4dn.xlarge': 4,
};

function vcpusOfType(type: string): number {
  const n = FAKE_VCPUS[type];
  if (n === undefined) throw new Error(`fake EC2: add ${type} to FAKE_VCPUS`);
  return n;
}

class Store {
  readonly vpcs = new Map<string, VpcRec>();
  readonly subnets = new Map<string, SubnetRec>();
  readonly igws = new Map<string, IgwRec>();
  readonly routeTables = new Map<string, RtbRec>();
  readonly securityGroups = new Map<string, SgRec>();
  readonly keyPairs = new Map<string, KeyRec>(); // by KeyPairId
  readonly instances = new Map<string, InstanceRec>();
  readonly addresses = new Map<string, AddressRec>();
  readonly natGateways = new Map<string, NatRec>();
  /** `${operation}:${ClientToken}` -> the input it was first used with and what it created. */
  private readonly tokens = new Map<string, { input: string; id: string }>();
  private seq = 0;
  private ipSeq = 0;

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    readonly timings: FakeTimings,
    readonly cfg: Config,
  ) {}

  now(): number {
    return this.clock.now();
  }

  /** Deterministic but realistic-looking IDs (prefix + 17 hex digits), so ID-format checks behave. */
  newId(prefix: string): string {
    this.seq += 1;
    return `${prefix}-0${createHash('sha1').update(`${prefix}:${this.seq}`).digest('hex').slice(0, 16)}`;
  }

  /** Public IPs from the documentation ranges (TEST-NET-3, then -2, then -1). */
  nextPublicIp(): string {
    const pools = ['203.0.113', '198.51.100', '192.0.2'];
    const n = this.ipSeq++;
    const pool = pools[Math.floor(n / 254) % pools.length];
    return `${pool}.${(n % 254) + 1}`;
  }

  nextPrivateIp(subnet: SubnetRec): string {
    if (subnet.nextHost >= cidrSize(subnet.cidr) - 1) {
      throw awsError('InsufficientFreeAddressesInSubnet', `There are not enough free addresses in subnet '${subnet.id}'`);
    }
    return ipToString(subnet.cidr.base + subnet.nextHost++);
  }

  /**
   * ClientToken idempotency: the same token with the same input returns what the first call
   * created; with a different input AWS refuses (IdempotentParameterMismatch).
   */
  idempotent(op: string, token: string | undefined, input: unknown, create: () => string): string {
    if (!token) return create();
    const key = `${op}:${token}`;
    const { ClientToken: _omit, ...rest } = input as Record<string, unknown>;
    const fingerprint = stableStringify(rest);
    const prior = this.tokens.get(key);
    if (prior) {
      if (prior.input !== fingerprint) {
        throw awsError(
          'IdempotentParameterMismatch',
          `The client token '${token}' was already used with different request parameters.`,
        );
      }
      return prior.id;
    }
    const id = create();
    this.tokens.set(key, { input: fingerprint, id });
    return id;
  }

  // --- timed states, computed from the clock ---

  instanceState(i: InstanceRec): InstanceStateName {
    const now = this.now();
    if (i.terminatedAt !== undefined) {
      return now >= i.terminatedAt + this.timings.instanceStoppingMs ? 'terminated' : 'shutting-down';
    }
    if (i.stoppedAt !== undefined && (i.startedAt === undefined || i.startedAt < i.stoppedAt)) {
      return now >= i.stoppedAt + this.timings.instanceStoppingMs ? 'stopped' : 'stopping';
    }
    return now >= (i.startedAt ?? i.createdAt) + this.timings.instancePendingMs ? 'running' : 'pending';
  }

  /** Anything but terminated holds its subnet, groups and addresses (shutting-down still does). */
  instanceLive(i: InstanceRec): boolean {
    return this.instanceState(i) !== 'terminated';
  }

  natState(n: NatRec): NatGatewayState {
    const now = this.now();
    if (n.deleteAt !== undefined) {
      return now >= n.deleteAt + (n.deleteTakesMs ?? this.timings.natDeletingMs) ? 'deleted' : 'deleting';
    }
    if (now >= n.createdAt + this.timings.natPendingMs) return n.failure ? 'failed' : 'available';
    return 'pending';
  }

  natLive(n: NatRec): boolean {
    return this.natState(n) !== 'deleted';
  }

  /** Lazy side effects of time: an EIP is disassociated once its instance is terminated. */
  settle(): void {
    for (const a of this.addresses.values()) {
      if (a.assoc) {
        const inst = this.instances.get(a.assoc.instanceId);
        if (!inst || !this.instanceLive(inst)) a.assoc = undefined;
      }
    }
  }

  // --- live views of the maps ---

  live<T extends Base>(map: Map<string, T>): T[] {
    return [...map.values()].filter((r) => r.goneAt === undefined);
  }

  liveInstances(): InstanceRec[] {
    return [...this.instances.values()].filter((i) => this.instanceLive(i));
  }

  liveNats(): NatRec[] {
    return [...this.natGateways.values()].filter((n) => this.natLive(n));
  }

  // --- lookups that throw the right NotFound ---

  private must<T extends Base>(map: Map<string, T>, id: string | undefined, kind: Kind, param: string): T {
    const rec = map.get(need(id, param));
    if (!rec || rec.goneAt !== undefined) throw notFound(kind, id!);
    return rec;
  }

  vpc(id: string | undefined): VpcRec {
    return this.must(this.vpcs, id, 'vpc', 'VpcId');
  }
  subnet(id: string | undefined): SubnetRec {
    return this.must(this.subnets, id, 'subnet', 'SubnetId');
  }
  igw(id: string | undefined): IgwRec {
    return this.must(this.igws, id, 'igw', 'InternetGatewayId');
  }
  rtb(id: string | undefined): RtbRec {
    return this.must(this.routeTables, id, 'rtb', 'RouteTableId');
  }
  sg(id: string | undefined): SgRec {
    return this.must(this.securityGroups, id, 'sg', 'GroupId');
  }
  address(id: string | undefined): AddressRec {
    return this.must(this.addresses, id, 'address', 'AllocationId');
  }
  keyByName(name: string | undefined): KeyRec {
    const rec = this.live(this.keyPairs).find((k) => k.name === need(name, 'KeyName'));
    if (!rec) throw notFound('key', name!);
    return rec;
  }
  /** Terminated instances are still found (they show in DescribeInstances for a while). */
  instance(id: string | undefined): InstanceRec {
    const rec = this.instances.get(need(id, 'InstanceId'));
    if (!rec) throw notFound('instance', id!);
    return rec;
  }
  /** Deleted NAT gateways are still listed by Describe, but cannot be acted on. */
  nat(id: string | undefined): NatRec {
    const rec = this.natGateways.get(need(id, 'NatGatewayId'));
    if (!rec || this.natState(rec) === 'deleted') throw notFound('nat', id!);
    return rec;
  }

  // --- relationships the dependency rules need ---

  attachedIgw(vpcId: string): IgwRec | undefined {
    return this.live(this.igws).find((g) => g.vpcId === vpcId);
  }

  eipOfInstance(instanceId: string): AddressRec | undefined {
    return this.live(this.addresses).find((a) => a.assoc?.instanceId === instanceId);
  }

  natHolding(allocationId: string): NatRec | undefined {
    return this.liveNats().find((n) => n.allocationId === allocationId);
  }

  /** "In use" as ReleaseAddress and CreateNatGateway see it. */
  addressInUse(a: AddressRec): boolean {
    return a.assoc !== undefined || this.natHolding(a.id) !== undefined;
  }

  publicIpOf(i: InstanceRec): string | undefined {
    if (!this.instanceLive(i)) return undefined;
    return this.eipOfInstance(i.id)?.publicIp ?? i.autoPublicIp;
  }
}

// ---------------------------------------------------------------------------------------
// Views: records -> SDK response shapes
// ---------------------------------------------------------------------------------------

class Views {
  constructor(private readonly s: Store) {}

  private get usEast1(): boolean {
    return this.s.cfg.region === 'us-east-1';
  }

  azId(az: string): string {
    const [geo, dir, num] = this.s.cfg.region.split('-');
    const idx = this.s.cfg.azs.indexOf(az);
    return `${geo}${dir?.[0] ?? ''}${num ?? ''}-az${idx + 1}`;
  }

  vpc(v: VpcRec): Vpc {
    return {
      VpcId: v.id,
      CidrBlock: v.cidr.text,
      State: 'available',
      OwnerId: OWNER_ID,
      InstanceTenancy: 'default',
      IsDefault: false,
      DhcpOptionsId: 'dopt-0fake0000000000000',
      CidrBlockAssociationSet: [
        { AssociationId: v.cidrAssocId, CidrBlock: v.cidr.text, CidrBlockState: { State: 'associated' } },
      ],
      Tags: tagsOut(v.tags),
    };
  }

  subnet(sn: SubnetRec): Subnet {
    const used =
      this.s.liveInstances().filter((i) => i.subnetId === sn.id).length +
      this.s.liveNats().filter((n) => n.subnetId === sn.id).length;
    return {
      SubnetId: sn.id,
      SubnetArn: `arn:aws:ec2:${this.s.cfg.region}:${OWNER_ID}:subnet/${sn.id}`,
      VpcId: sn.vpcId,
      CidrBlock: sn.cidr.text,
      AvailabilityZone: sn.az,
      AvailabilityZoneId: this.azId(sn.az),
      AvailableIpAddressCount: cidrSize(sn.cidr) - 5 - used,
      DefaultForAz: false,
      MapPublicIpOnLaunch: sn.mapPublicIp,
      State: 'available',
      OwnerId: OWNER_ID,
      Tags: tagsOut(sn.tags),
    };
  }

  igw(g: IgwRec): InternetGateway {
    return {
      InternetGatewayId: g.id,
      OwnerId: OWNER_ID,
      // Attached IGWs report 'available' (not 'attached') in DescribeInternetGateways.
      // (The SDK's enum says 'attached'; the wire value really is 'available'.)
      Attachments: g.vpcId ? [{ VpcId: g.vpcId, State: 'available' as InternetGatewayAttachment['State'] }] : [],
      Tags: tagsOut(g.tags),
    };
  }

  routeState(vpcId: string, r: RouteRec): 'active' | 'blackhole' {
    if (r.gatewayId === 'local') return 'active';
    if (r.gatewayId) {
      const g = this.s.igws.get(r.gatewayId);
      return g && g.goneAt === undefined && g.vpcId === vpcId ? 'active' : 'blackhole';
    }
    if (r.eniId) {
      // AWS: a route to the interface of a terminated instance is a blackhole (moto: active).
      const inst = [...this.s.instances.values()].find((x) => x.eniId === r.eniId);
      return inst && this.s.instanceLive(inst) ? 'active' : 'blackhole';
    }
    const n = r.natGatewayId ? this.s.natGateways.get(r.natGatewayId) : undefined;
    const st = n ? this.s.natState(n) : 'deleted';
    return st === 'pending' || st === 'available' ? 'active' : 'blackhole';
  }

  rtb(t: RtbRec): RouteTable {
    return {
      RouteTableId: t.id,
      VpcId: t.vpcId,
      OwnerId: OWNER_ID,
      Routes: t.routes.map((r) => ({
        DestinationCidrBlock: r.dest,
        ...(r.gatewayId ? { GatewayId: r.gatewayId } : {}),
        ...(r.natGatewayId ? { NatGatewayId: r.natGatewayId } : {}),
        // AWS names an instance's route by both; moto by the interface only.
        ...(r.eniId ? { NetworkInterfaceId: r.eniId, InstanceId: [...this.s.instances.values()].find((x) => x.eniId === r.eniId)?.id, InstanceOwnerId: OWNER_ID } : {}),
        Origin: r.origin,
        State: this.routeState(t.vpcId, r),
      })),
      Associations: t.assocs.map((a) => ({
        Main: a.main,
        RouteTableAssociationId: a.id,
        RouteTableId: t.id,
        ...(a.subnetId ? { SubnetId: a.subnetId } : {}),
        AssociationState: { State: 'associated' },
      })),
      PropagatingVgws: [],
      Tags: tagsOut(t.tags),
    };
  }

  /** Atomic rules regrouped the way AWS reports them: one IpPermission per protocol/port range. */
  permissions(rules: SgRule[]): IpPermission[] {
    const groups = new Map<string, IpPermission>();
    for (const r of rules) {
      const key = `${r.proto}|${r.from}|${r.to}`;
      let p = groups.get(key);
      if (!p) {
        p = {
          IpProtocol: r.proto,
          ...(r.proto === '-1' ? {} : { FromPort: r.from, ToPort: r.to }),
          IpRanges: [],
          Ipv6Ranges: [],
          PrefixListIds: [],
          UserIdGroupPairs: [],
        };
        groups.set(key, p);
      }
      const desc = r.description ? { Description: r.description } : {};
      if (r.cidr) p.IpRanges!.push({ CidrIp: r.cidr, ...desc });
      if (r.cidr6) p.Ipv6Ranges!.push({ CidrIpv6: r.cidr6, ...desc });
      if (r.groupId) p.UserIdGroupPairs!.push({ GroupId: r.groupId, UserId: OWNER_ID, ...desc });
    }
    return [...groups.values()];
  }

  sg(g: SgRec): SecurityGroup {
    return {
      GroupId: g.id,
      GroupName: g.name,
      Description: g.description,
      VpcId: g.vpcId,
      OwnerId: OWNER_ID,
      SecurityGroupArn: `arn:aws:ec2:${this.s.cfg.region}:${OWNER_ID}:security-group/${g.id}`,
      IpPermissions: this.permissions(g.ingress),
      IpPermissionsEgress: this.permissions(g.egress),
      Tags: tagsOut(g.tags),
    };
  }

  key(k: KeyRec): KeyPairInfo {
    return {
      KeyPairId: k.id,
      KeyName: k.name,
      KeyFingerprint: k.fingerprint,
      KeyType: k.keyType,
      CreateTime: new Date(k.createdAt),
      Tags: tagsOut(k.tags),
    };
  }

  private publicDns(ip: string | undefined, vpc: VpcRec | undefined): string {
    // Public DNS names need both VPC DNS attributes on; otherwise AWS reports ''.
    if (!ip || !vpc?.dnsHostnames || !vpc.dnsSupport) return '';
    const dashed = ip.replace(/\./g, '-');
    return this.usEast1
      ? `ec2-${dashed}.compute-1.amazonaws.com`
      : `ec2-${dashed}.${this.s.cfg.region}.compute.amazonaws.com`;
  }

  private privateDns(ip: string): string {
    const dashed = ip.replace(/\./g, '-');
    return this.usEast1 ? `ip-${dashed}.ec2.internal` : `ip-${dashed}.${this.s.cfg.region}.compute.internal`;
  }

  instance(i: InstanceRec): Instance {
    const state = this.s.instanceState(i);
    const live = state !== 'terminated';
    const vpc = this.s.vpcs.get(i.vpcId);
    const publicIp = this.s.publicIpOf(i);
    const publicDns = this.publicDns(publicIp, vpc);
    const subnet = this.s.subnets.get(i.subnetId);
    const groups = i.sgIds.map((id) => ({ GroupId: id, GroupName: this.s.securityGroups.get(id)?.name }));
    return {
      InstanceId: i.id,
      ImageId: i.imageId,
      InstanceType: i.instanceType as Instance['InstanceType'],
      KeyName: i.keyName,
      LaunchTime: new Date(i.createdAt),
      AmiLaunchIndex: i.launchIndex,
      Placement: { AvailabilityZone: subnet?.az, Tenancy: 'default' },
      State: { Code: INSTANCE_STATE_CODES[state], Name: state },
      ...(state === 'terminated' || state === 'shutting-down'
        ? { StateReason: { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' } }
        : {}),
      SubnetId: i.subnetId,
      VpcId: i.vpcId,
      PrivateIpAddress: i.privateIp,
      PrivateDnsName: this.privateDns(i.privateIp),
      PublicIpAddress: publicIp,
      PublicDnsName: publicDns,
      SecurityGroups: groups,
      ClientToken: i.clientToken,
      Architecture: /^[a-z]+\d+g[a-z]*\./.test(i.instanceType) ? 'arm64' : 'x86_64',
      SourceDestCheck: i.sourceDestCheck ?? true,
      RootDeviceType: 'ebs',
      MetadataOptions: { State: 'applied', ...i.metadata } as Instance['MetadataOptions'],
      NetworkInterfaces: live
        ? [
            {
              NetworkInterfaceId: i.eniId,
              SubnetId: i.subnetId,
              VpcId: i.vpcId,
              PrivateIpAddress: i.privateIp,
              Groups: groups,
              SourceDestCheck: i.sourceDestCheck ?? true,
              Attachment: { DeviceIndex: 0, Status: 'attached' },
              ...(publicIp
                ? {
                    Association: {
                      PublicIp: publicIp,
                      PublicDnsName: publicDns,
                      IpOwnerId: this.s.eipOfInstance(i.id) ? OWNER_ID : 'amazon',
                    },
                  }
                : {}),
            },
          ]
        : [],
      Tags: tagsOut(i.tags),
    };
  }

  reservation(reservationId: string): Reservation {
    return {
      ReservationId: reservationId,
      OwnerId: OWNER_ID,
      Groups: [],
      Instances: [...this.s.instances.values()]
        .filter((i) => i.reservationId === reservationId)
        .map((i) => this.instance(i)),
    };
  }

  address(a: AddressRec): Address {
    const nat = this.s.natHolding(a.id);
    const inst = a.assoc ? this.s.instances.get(a.assoc.instanceId) : undefined;
    return {
      AllocationId: a.id,
      PublicIp: a.publicIp,
      Domain: 'vpc',
      PublicIpv4Pool: 'amazon',
      NetworkBorderGroup: this.s.cfg.region,
      ...(a.assoc && inst
        ? {
            AssociationId: a.assoc.id,
            InstanceId: inst.id,
            NetworkInterfaceId: inst.eniId,
            NetworkInterfaceOwnerId: OWNER_ID,
            PrivateIpAddress: inst.privateIp,
          }
        : {}),
      ...(nat
        ? {
            AssociationId: nat.assocId,
            NetworkInterfaceId: nat.eniId,
            NetworkInterfaceOwnerId: OWNER_ID,
            PrivateIpAddress: nat.privateIp,
          }
        : {}),
      Tags: tagsOut(a.tags),
    };
  }

  nat(n: NatRec): NatGateway {
    const state = this.s.natState(n);
    const addrStatus =
      state === 'pending'
        ? 'associating'
        : state === 'available'
          ? 'succeeded'
          : state === 'failed'
            ? 'failed'
            : state === 'deleting'
              ? 'disassociating'
              : undefined;
    return {
      NatGatewayId: n.id,
      SubnetId: n.subnetId,
      VpcId: n.vpcId,
      State: state,
      ConnectivityType: n.connectivity,
      CreateTime: new Date(n.createdAt),
      ...(state === 'deleted' && n.deleteAt !== undefined
        ? { DeleteTime: new Date(n.deleteAt + (n.deleteTakesMs ?? this.s.timings.natDeletingMs)) }
        : {}),
      ...(n.failure && (state === 'failed' || state === 'deleting' || state === 'deleted')
        ? { FailureCode: n.failure.code, FailureMessage: n.failure.message }
        : {}),
      NatGatewayAddresses: [
        {
          AllocationId: n.allocationId,
          PublicIp: n.publicIp,
          NetworkInterfaceId: n.eniId,
          PrivateIp: n.privateIp,
          IsPrimary: true,
          ...(n.allocationId ? { AssociationId: n.assocId } : {}),
          Status: addrStatus,
        },
      ],
      Tags: tagsOut(n.tags),
    };
  }
}

// ---------------------------------------------------------------------------------------
// Services: one class per concern, one method per command
// ---------------------------------------------------------------------------------------

class NetworkService {
  constructor(
    private readonly s: Store,
    private readonly v: Views,
  ) {}

  // --- VPCs ---

  createVpc(i: any) {
    const text = need<string>(i.CidrBlock, 'CidrBlock');
    const cidr = parseCidr(text, true);
    if (!cidr) throw awsError('InvalidParameterValue', `Value (${text}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
    if (cidr.prefix < 16 || cidr.prefix > 28) throw awsError('InvalidVpc.Range', `The CIDR '${text}' is invalid.`);
    const tags = tagsFromSpecs(i.TagSpecifications, 'vpc');
    const now = this.s.now();
    const vpcId = this.s.newId('vpc');
    const vpc: VpcRec = {
      id: vpcId,
      tags,
      createdAt: now,
      cidr,
      cidrAssocId: this.s.newId('vpc-cidr-assoc'),
      // A new (non-default) VPC has DNS resolution on but DNS hostnames OFF: instances get
      // no public DNS name until ModifyVpcAttribute turns it on.
      dnsSupport: true,
      dnsHostnames: false,
      mainRtbId: this.s.newId('rtb'),
      defaultSgId: this.s.newId('sg'),
    };
    this.s.vpcs.set(vpcId, vpc);
    // Every VPC comes with a main route table (local route only) ...
    this.s.routeTables.set(vpc.mainRtbId, {
      id: vpc.mainRtbId,
      tags: [],
      createdAt: now,
      vpcId,
      routes: [{ dest: text, gatewayId: 'local', origin: 'CreateRouteTable' }],
      assocs: [{ id: this.s.newId('rtbassoc'), main: true }],
    });
    // ... and a 'default' security group: all traffic from itself in, everything out.
    this.s.securityGroups.set(vpc.defaultSgId, {
      id: vpc.defaultSgId,
      tags: [],
      createdAt: now,
      vpcId,
      name: 'default',
      description: 'default VPC security group',
      isDefault: true,
      ingress: [{ ruleId: this.s.newId('sgr'), proto: '-1', groupId: vpc.defaultSgId }],
      egress: [{ ruleId: this.s.newId('sgr'), proto: '-1', cidr: '0.0.0.0/0' }],
    });
    // The CreateVpc response itself still says 'pending'; Describe says 'available'.
    return { Vpc: { ...this.v.vpc(vpc), State: 'pending' } };
  }

  describeVpcs(i: any) {
    const pool = pickIds(this.s.live(this.s.vpcs), i.VpcIds, (v) => v.id, 'vpc');
    const out = applyFilters(
      pool,
      i.Filters,
      {
        'vpc-id': (v) => v.id,
        cidr: (v) => v.cidr.text,
        'cidr-block-association.cidr-block': (v) => v.cidr.text,
        state: () => 'available',
        'is-default': () => false,
        'owner-id': () => OWNER_ID,
      },
      (v) => v.tags,
    );
    return { Vpcs: out.map((v) => this.v.vpc(v)) };
  }

  describeVpcAttribute(i: any) {
    const vpc = this.s.vpc(i.VpcId);
    switch (need<string>(i.Attribute, 'Attribute')) {
      case 'enableDnsSupport':
        return { VpcId: vpc.id, EnableDnsSupport: { Value: vpc.dnsSupport } };
      case 'enableDnsHostnames':
        return { VpcId: vpc.id, EnableDnsHostnames: { Value: vpc.dnsHostnames } };
      default:
        throw awsError('InvalidParameterValue', `Value (${i.Attribute}) for parameter attribute is invalid.`);
    }
  }

  modifyVpcAttribute(i: any) {
    const vpc = this.s.vpc(i.VpcId);
    // AWS takes exactly one attribute per call.
    const given = [i.EnableDnsSupport, i.EnableDnsHostnames, i.EnableNetworkAddressUsageMetrics].filter(
      (x) => x !== undefined,
    );
    if (given.length !== 1) {
      throw awsError('InvalidParameterCombination', 'Fields for multiple attribute types specified: exactly one attribute must be modified per request');
    }
    if (i.EnableDnsSupport) vpc.dnsSupport = need<boolean>(i.EnableDnsSupport.Value, 'EnableDnsSupport.Value');
    if (i.EnableDnsHostnames) vpc.dnsHostnames = need<boolean>(i.EnableDnsHostnames.Value, 'EnableDnsHostnames.Value');
    return {};
  }

  deleteVpc(i: any) {
    const vpc = this.s.vpc(i.VpcId);
    const blockers = [
      ...this.s.live(this.s.subnets).filter((x) => x.vpcId === vpc.id).map((x) => x.id),
      ...this.s.live(this.s.igws).filter((x) => x.vpcId === vpc.id).map((x) => x.id),
      ...this.s.live(this.s.securityGroups).filter((x) => x.vpcId === vpc.id && !x.isDefault).map((x) => x.id),
      ...this.s.live(this.s.routeTables).filter((x) => x.vpcId === vpc.id && x.id !== vpc.mainRtbId).map((x) => x.id),
    ];
    if (blockers.length) {
      throw dependencyViolation(`The vpc '${vpc.id}' has dependencies and cannot be deleted.`);
    }
    const now = this.s.now();
    vpc.goneAt = now;
    this.s.routeTables.get(vpc.mainRtbId)!.goneAt = now;
    this.s.securityGroups.get(vpc.defaultSgId)!.goneAt = now;
    return {};
  }

  // --- subnets ---

  createSubnet(i: any) {
    const vpc = this.s.vpc(i.VpcId);
    const text = need<string>(i.CidrBlock, 'CidrBlock');
    const cidr = parseCidr(text, true);
    if (!cidr) throw awsError('InvalidParameterValue', `Value (${text}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
    if (cidr.prefix < 16 || cidr.prefix > 28 || !cidrContains(vpc.cidr, cidr)) {
      throw awsError('InvalidSubnet.Range', `The CIDR '${text}' is invalid.`);
    }
    if (this.s.live(this.s.subnets).some((x) => x.vpcId === vpc.id && cidrOverlaps(x.cidr, cidr))) {
      throw awsError('InvalidSubnet.Conflict', `The CIDR '${text}' conflicts with another subnet`);
    }
    const az: string = i.AvailabilityZone ?? this.s.cfg.azs[0];
    if (!this.s.cfg.azs.includes(az)) {
      throw awsError(
        'InvalidParameterValue',
        `Value (${az}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${this.s.cfg.azs.join(', ')}.`,
      );
    }
    const tags = tagsFromSpecs(i.TagSpecifications, 'subnet');
    const sn: SubnetRec = {
      id: this.s.newId('subnet'),
      tags,
      createdAt: this.s.now(),
      vpcId: vpc.id,
      cidr,
      az,
      mapPublicIp: false,
      nextHost: 4,
    };
    this.s.subnets.set(sn.id, sn);
    return { Subnet: this.v.subnet(sn) };
  }

  describeSubnets(i: any) {
    const pool = pickIds(this.s.live(this.s.subnets), i.SubnetIds, (x) => x.id, 'subnet');
    const out = applyFilters(
      pool,
      i.Filters,
      {
        'subnet-id': (x) => x.id,
        'vpc-id': (x) => x.vpcId,
        'cidr-block': (x) => x.cidr.text,
        'availability-zone': (x) => x.az,
        'map-public-ip-on-launch': (x) => x.mapPublicIp,
        state: () => 'available',
        'owner-id': () => OWNER_ID,
      },
      (x) => x.tags,
    );
    return { Subnets: out.map((x) => this.v.subnet(x)) };
  }

  modifySubnetAttribute(i: any) {
    const sn = this.s.subnet(i.SubnetId);
    if (i.MapPublicIpOnLaunch) sn.mapPublicIp = need<boolean>(i.MapPublicIpOnLaunch.Value, 'MapPublicIpOnLaunch.Value');
    return {};
  }

  deleteSubnet(i: any) {
    const sn = this.s.subnet(i.SubnetId);
    // Shutting-down instances and deleting NAT gateways still have ENIs in the subnet.
    const busy =
      this.s.liveInstances().some((x) => x.subnetId === sn.id) || this.s.liveNats().some((n) => n.subnetId === sn.id);
    if (busy) throw dependencyViolation(`The subnet '${sn.id}' has dependencies and cannot be deleted.`);
    // Explicit route table associations go away with the subnet.
    for (const t of this.s.live(this.s.routeTables)) t.assocs = t.assocs.filter((a) => a.subnetId !== sn.id);
    sn.goneAt = this.s.now();
    return {};
  }

  // --- internet gateways ---

  createInternetGateway(i: any) {
    const g: IgwRec = {
      id: this.s.newId('igw'),
      tags: tagsFromSpecs(i.TagSpecifications, 'internet-gateway'),
      createdAt: this.s.now(),
    };
    this.s.igws.set(g.id, g);
    return { InternetGateway: this.v.igw(g) };
  }

  attachInternetGateway(i: any) {
    const g = this.s.igw(i.InternetGatewayId);
    const vpc = this.s.vpc(i.VpcId);
    if (g.vpcId) {
      throw awsError('Resource.AlreadyAssociated', `resource ${g.id} is already attached to network ${g.vpcId}`);
    }
    if (this.s.attachedIgw(vpc.id)) {
      throw awsError('Resource.AlreadyAssociated', `Network ${vpc.id} already has an internet gateway attached`);
    }
    g.vpcId = vpc.id;
    return {};
  }

  detachInternetGateway(i: any) {
    const g = this.s.igw(i.InternetGatewayId);
    const vpc = this.s.vpc(i.VpcId);
    if (g.vpcId !== vpc.id) {
      throw awsError('Gateway.NotAttached', `resource ${g.id} is not attached to network ${vpc.id}`);
    }
    // "Mapped public addresses": EIPs on instances, NAT gateways (until deleted), and
    // instances' auto-assigned public IPs, until those instances are fully terminated.
    const mapped =
      this.s.liveInstances().some((x) => x.vpcId === vpc.id && this.s.publicIpOf(x) !== undefined) ||
      this.s.liveNats().some((n) => n.vpcId === vpc.id && n.connectivity === 'public');
    if (mapped) {
      throw dependencyViolation(
        `Network ${vpc.id} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`,
      );
    }
    g.vpcId = undefined;
    return {};
  }

  deleteInternetGateway(i: any) {
    const g = this.s.igw(i.InternetGatewayId);
    if (g.vpcId) throw dependencyViolation(`The internetGateway '${g.id}' has dependencies and cannot be deleted.`);
    g.goneAt = this.s.now();
    return {};
  }

  describeInternetGateways(i: any) {
    const pool = pickIds(this.s.live(this.s.igws), i.InternetGatewayIds, (x) => x.id, 'igw');
    const out = applyFilters(
      pool,
      i.Filters,
      {
        'internet-gateway-id': (x) => x.id,
        'attachment.vpc-id': (x) => x.vpcId,
        'attachment.state': (x) => (x.vpcId ? 'available' : undefined),
        'owner-id': () => OWNER_ID,
      },
      (x) => x.tags,
    );
    return { InternetGateways: out.map((x) => this.v.igw(x)) };
  }

  // --- route tables ---

  createRouteTable(i: any) {
    const vpc = this.s.vpc(i.VpcId);
    const tags = tagsFromSpecs(i.TagSpecifications, 'route-table');
    const id = this.s.idempotent('CreateRouteTable', i.ClientToken, i, () => {
      const t: RtbRec = {
        id: this.s.newId('rtb'),
        tags,
        createdAt: this.s.now(),
        vpcId: vpc.id,
        routes: [{ dest: vpc.cidr.text, gatewayId: 'local', origin: 'CreateRouteTable' }],
        assocs: [],
      };
      this.s.routeTables.set(t.id, t);
      return t.id;
    });
    return { RouteTable: this.v.rtb(this.s.routeTables.get(id)!), ClientToken: i.ClientToken };
  }

  createRoute(i: any) {
    const t = this.s.rtb(i.RouteTableId);
    const dest = need<string>(i.DestinationCidrBlock, 'DestinationCidrBlock');
    if (!parseCidr(dest, true)) {
      throw awsError('InvalidParameterValue', `Value (${dest}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.`);
    }
    const targets = ['GatewayId', 'NatGatewayId', 'InstanceId', 'NetworkInterfaceId', 'VpcPeeringConnectionId', 'TransitGatewayId'].filter(
      (k) => i[k] !== undefined,
    );
    if (targets.length !== 1) {
      throw awsError('InvalidParameterCombination', 'The request must contain exactly one of gatewayId, natGatewayId, ...');
    }
    if (t.routes.some((r) => r.dest === dest)) {
      throw awsError('RouteAlreadyExists', `The route identified by ${dest} already exists.`);
    }
    const route: RouteRec = { dest, origin: 'CreateRoute' };
    if (i.GatewayId !== undefined) {
      const g = this.s.igw(i.GatewayId);
      if (g.vpcId !== t.vpcId) {
        throw awsError('InvalidParameterValue', `route table ${t.id} and network gateway ${g.id} belong to different networks`);
      }
      route.gatewayId = g.id;
    } else if (i.NatGatewayId !== undefined) {
      const n = this.s.nat(i.NatGatewayId);
      if (this.s.natState(n) === 'deleting') throw notFound('nat', n.id);
      if (n.vpcId !== t.vpcId) {
        throw awsError('InvalidParameterValue', `route table ${t.id} and NAT gateway ${n.id} belong to different networks`);
      }
      route.natGatewayId = n.id;
    } else if (i.NetworkInterfaceId !== undefined) {
      const inst = [...this.s.instances.values()].find((x) => x.eniId === i.NetworkInterfaceId && this.s.instanceLive(x));
      if (!inst) throw notFound('eni', i.NetworkInterfaceId!);
      if (inst.vpcId !== t.vpcId) {
        throw awsError('InvalidParameterValue', `route table ${t.id} and network interface ${inst.eniId} belong to different networks`);
      }
      route.eniId = inst.eniId;
    } else {
      throw awsError('InvalidParameterValue', `This fake only supports routes to internet and NAT gateways (got ${targets[0]})`);
    }
    t.routes.push(route);
    return { Return: true };
  }

  /** Point an existing route elsewhere (a blackhole route to a deleted NAT gateway, say). */
  replaceRoute(i: any) {
    const t = this.s.rtb(i.RouteTableId);
    const dest = need<string>(i.DestinationCidrBlock, 'DestinationCidrBlock');
    const idx = t.routes.findIndex((r) => r.dest === dest);
    if (idx < 0) throw awsError('InvalidRoute.NotFound', `no route with destination-cidr-block ${dest} in route table ${t.id}`);
    const [old] = t.routes.splice(idx, 1);
    try {
      this.createRoute(i);
      return { Return: true };
    } catch (err) {
      t.routes.splice(idx, 0, old); // AWS changes nothing when it refuses
      throw err;
    }
  }

  deleteRoute(i: any) {
    const t = this.s.rtb(i.RouteTableId);
    const dest = need<string>(i.DestinationCidrBlock, 'DestinationCidrBlock');
    const idx = t.routes.findIndex((r) => r.dest === dest);
    if (idx < 0) {
      throw awsError('InvalidRoute.NotFound', `no route with destination-cidr-block ${dest} in route table ${t.id}`);
    }
    if (t.routes[idx].gatewayId === 'local') throw awsError('InvalidParameterValue', 'cannot remove local route');
    t.routes.splice(idx, 1);
    return {};
  }

  associateRouteTable(i: any) {
    const t = this.s.rtb(i.RouteTableId);
    const sn = this.s.subnet(i.SubnetId);
    if (sn.vpcId !== t.vpcId) {
      throw awsError('InvalidParameterValue', `Route table ${t.id} and subnet ${sn.id} belong to different networks`);
    }
    const existing = this.s.live(this.s.routeTables).flatMap((x) => x.assocs).find((a) => a.subnetId === sn.id);
    if (existing) {
      throw awsError(
        'Resource.AlreadyAssociated',
        `the specified association for route table ${t.id} conflicts with an existing association`,
      );
    }
    const assoc: RtbAssocRec = { id: this.s.newId('rtbassoc'), main: false, subnetId: sn.id };
    t.assocs.push(assoc);
    return { AssociationId: assoc.id, AssociationState: { State: 'associated' } };
  }

  disassociateRouteTable(i: any) {
    const id = need<string>(i.AssociationId, 'AssociationId');
    const t = this.s.live(this.s.routeTables).find((x) => x.assocs.some((a) => a.id === id));
    if (!t) throw notFound('association', id);
    if (t.assocs.find((a) => a.id === id)!.main) {
      throw awsError('InvalidParameterValue', `cannot disassociate the main route table association ${id}`);
    }
    t.assocs = t.assocs.filter((a) => a.id !== id);
    return {};
  }

  deleteRouteTable(i: any) {
    const t = this.s.rtb(i.RouteTableId);
    if (t.assocs.length > 0 || this.s.vpcs.get(t.vpcId)?.mainRtbId === t.id) {
      throw dependencyViolation(`The routeTable '${t.id}' has dependencies and cannot be deleted.`);
    }
    t.goneAt = this.s.now();
    return {};
  }

  describeRouteTables(i: any) {
    const pool = pickIds(this.s.live(this.s.routeTables), i.RouteTableIds, (x) => x.id, 'rtb');
    const out = applyFilters(
      pool,
      i.Filters,
      {
        'route-table-id': (x) => x.id,
        'vpc-id': (x) => x.vpcId,
        'association.main': (x) => x.assocs.some((a) => a.main),
        'association.subnet-id': (x) => x.assocs.map((a) => a.subnetId),
        'association.route-table-association-id': (x) => x.assocs.map((a) => a.id),
        'route.destination-cidr-block': (x) => x.routes.map((r) => r.dest),
        'route.gateway-id': (x) => x.routes.map((r) => r.gatewayId),
        'route.nat-gateway-id': (x) => x.routes.map((r) => r.natGatewayId),
        'owner-id': () => OWNER_ID,
      },
      (x) => x.tags,
    );
    return { RouteTables: out.map((x) => this.v.rtb(x)) };
  }
}

class SecurityService {
  constructor(
    private readonly s: Store,
    private readonly v: Views,
  ) {}

  // --- security groups ---

  /** Non-default VPC groups are only addressable by ID; names work only in a default VPC, which this account lacks. */
  private groupById(i: any): SgRec {
    if (i.GroupId === undefined && i.GroupName !== undefined) {
      throw awsError('InvalidGroup.NotFound', `The security group '${i.GroupName}' does not exist in default VPC 'none'`);
    }
    return this.s.sg(i.GroupId);
  }

  createSecurityGroup(i: any) {
    const name = need<string>(i.GroupName, 'GroupName');
    const description = need<string>(i.Description, 'GroupDescription');
    if (i.VpcId === undefined) throw awsError('VPCIdNotSpecified', 'No default VPC for this user');
    const vpc = this.s.vpc(i.VpcId);
    if (name === 'default') throw awsError('InvalidParameterValue', 'Cannot use reserved security group name: default');
    if (this.s.live(this.s.securityGroups).some((g) => g.vpcId === vpc.id && g.name === name)) {
      throw awsError('InvalidGroup.Duplicate', `The security group '${name}' already exists for VPC '${vpc.id}'`);
    }
    const g: SgRec = {
      id: this.s.newId('sg'),
      tags: tagsFromSpecs(i.TagSpecifications, 'security-group'),
      createdAt: this.s.now(),
      vpcId: vpc.id,
      name,
      description,
      isDefault: false,
      ingress: [],
      // New groups allow all outbound traffic until told otherwise.
      egress: [{ ruleId: this.s.newId('sgr'), proto: '-1', cidr: '0.0.0.0/0' }],
    };
    this.s.securityGroups.set(g.id, g);
    return { GroupId: g.id, Tags: tagsOut(g.tags), SecurityGroupArn: this.v.sg(g).SecurityGroupArn };
  }

  /** Split IpPermissions into atomic rules (one peer each), validating like AWS. */
  private atomicRules(i: any): Omit<SgRule, 'ruleId'>[] {
    let perms: IpPermission[] = i.IpPermissions ?? [];
    // The legacy flat form (IpProtocol/FromPort/ToPort/CidrIp) is still accepted by AWS.
    if (!perms.length && (i.CidrIp !== undefined || i.IpProtocol !== undefined)) {
      perms = [{ IpProtocol: i.IpProtocol, FromPort: i.FromPort, ToPort: i.ToPort, IpRanges: i.CidrIp ? [{ CidrIp: i.CidrIp }] : [] }];
    }
    if (!perms.length) throw awsError('MissingParameter', 'The request must contain the parameter ipPermissions');
    const out: Omit<SgRule, 'ruleId'>[] = [];
    for (const p of perms) {
      const raw = String(need(p.IpProtocol, 'IpProtocol')).toLowerCase();
      const proto = ({ '6': 'tcp', '17': 'udp', '1': 'icmp', all: '-1' } as Record<string, string>)[raw] ?? raw;
      let from: number | undefined;
      let to: number | undefined;
      if (proto !== '-1') {
        from = p.FromPort;
        to = p.ToPort;
        if (from === undefined || to === undefined) {
          throw awsError('InvalidParameterValue', `Invalid value for portRange. Must specify both from and to ports with TCP/UDP.`);
        }
        if ((proto === 'tcp' || proto === 'udp') && (from < 0 || to > 65535 || from > to)) {
          throw awsError('InvalidParameterValue', `Invalid value for portRange. Must specify both from and to ports with TCP/UDP.`);
        }
      }
      for (const r of p.IpRanges ?? []) {
        if (!parseCidr(r.CidrIp, false)) throw awsError('InvalidParameterValue', `CIDR block ${r.CidrIp} is malformed`);
        out.push({ proto, from, to, cidr: r.CidrIp, description: r.Description });
      }
      for (const r of p.Ipv6Ranges ?? []) out.push({ proto, from, to, cidr6: r.CidrIpv6, description: r.Description });
      for (const pair of p.UserIdGroupPairs ?? []) {
        const peer = this.s.sg(need(pair.GroupId, 'UserIdGroupPairs.GroupId'));
        out.push({ proto, from, to, groupId: peer.id, description: pair.Description });
      }
    }
    return out;
  }

  private ruleKey(r: Omit<SgRule, 'ruleId'>): string {
    return [r.proto, r.from ?? '', r.to ?? '', r.cidr ?? '', r.cidr6 ?? '', r.groupId ?? ''].join('|');
  }

  private describeRule(r: Omit<SgRule, 'ruleId'>): string {
    const peer = r.cidr ?? r.cidr6 ?? r.groupId;
    const proto = r.proto === '-1' ? 'ALL' : r.proto.toUpperCase();
    return `peer: ${peer}, ${proto}, from port: ${r.from ?? 'None'}, to port: ${r.to ?? 'None'}, ALLOW`;
  }

  private authorize(i: any, egress: boolean) {
    const g = this.groupById(i);
    const list = egress ? g.egress : g.ingress;
    const rules = this.atomicRules(i);
    const seen = new Set(list.map((r) => this.ruleKey(r)));
    for (const r of rules) {
      const key = this.ruleKey(r);
      if (seen.has(key)) {
        throw awsError('InvalidPermission.Duplicate', `the specified rule "${this.describeRule(r)}" already exists`);
      }
      seen.add(key);
    }
    const added = rules.map((r) => ({ ...r, ruleId: this.s.newId('sgr') }));
    list.push(...added);
    return {
      Return: true,
      SecurityGroupRules: added.map((r) => ({
        SecurityGroupRuleId: r.ruleId,
        GroupId: g.id,
        GroupOwnerId: OWNER_ID,
        IsEgress: egress,
        IpProtocol: r.proto,
        FromPort: r.from ?? -1,
        ToPort: r.to ?? -1,
        ...(r.cidr ? { CidrIpv4: r.cidr } : {}),
        ...(r.cidr6 ? { CidrIpv6: r.cidr6 } : {}),
        ...(r.groupId ? { ReferencedGroupInfo: { GroupId: r.groupId, UserId: OWNER_ID } } : {}),
        ...(r.description ? { Description: r.description } : {}),
      })),
    };
  }

  private revoke(i: any, egress: boolean) {
    const g = this.groupById(i);
    const list = egress ? g.egress : g.ingress;
    let remove: SgRule[];
    if (i.SecurityGroupRuleIds?.length) {
      remove = i.SecurityGroupRuleIds.map((id: string) => {
        const r = list.find((x) => x.ruleId === id);
        if (!r) throw awsError('InvalidSecurityGroupRuleId.NotFound', `The security group rule ID '${id}' does not exist`);
        return r;
      });
    } else {
      remove = this.atomicRules(i).map((r) => {
        const found = list.find((x) => this.ruleKey(x) === this.ruleKey(r));
        if (!found) throw awsError('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.');
        return found;
      });
    }
    const gone = new Set(remove);
    const kept = list.filter((r) => !gone.has(r));
    if (egress) g.egress = kept;
    else g.ingress = kept;
    return { Return: true };
  }

  authorizeSecurityGroupIngress(i: any) {
    return this.authorize(i, false);
  }
  authorizeSecurityGroupEgress(i: any) {
    return this.authorize(i, true);
  }
  revokeSecurityGroupIngress(i: any) {
    return this.revoke(i, false);
  }
  revokeSecurityGroupEgress(i: any) {
    return this.revoke(i, true);
  }

  deleteSecurityGroup(i: any) {
    const g = this.groupById(i);
    if (g.isDefault) {
      throw awsError('CannotDelete', `the specified group: "${g.id}" name: "default" cannot be deleted by a user`);
    }
    // Instances hold their groups until fully terminated (shutting-down still counts).
    const usedByInstance = this.s.liveInstances().some((x) => x.sgIds.includes(g.id));
    // Another group's rule naming this one pins it too (a self-reference does not).
    const referenced = this.s
      .live(this.s.securityGroups)
      .some((other) => other.id !== g.id && [...other.ingress, ...other.egress].some((r) => r.groupId === g.id));
    if (usedByInstance || referenced) throw dependencyViolation(`resource ${g.id} has a dependent object`);
    g.goneAt = this.s.now();
    return { Return: true, GroupId: g.id };
  }

  describeSecurityGroups(i: any) {
    if (i.GroupNames?.length) {
      throw awsError('InvalidGroup.NotFound', `The security group '${i.GroupNames[0]}' does not exist in default VPC 'none'`);
    }
    const pool = pickIds(this.s.live(this.s.securityGroups), i.GroupIds, (x) => x.id, 'sg');
    const out = applyFilters(
      pool,
      i.Filters,
      {
        'group-id': (x) => x.id,
        'group-name': (x) => x.name,
        'vpc-id': (x) => x.vpcId,
        description: (x) => x.description,
        'owner-id': () => OWNER_ID,
        'ip-permission.group-id': (x) => x.ingress.map((r) => r.groupId),
        'ip-permission.cidr': (x) => x.ingress.map((r) => r.cidr),
        'ip-permission.protocol': (x) => x.ingress.map((r) => r.proto),
        'ip-permission.from-port': (x) => x.ingress.map((r) => r.from),
        'ip-permission.to-port': (x) => x.ingress.map((r) => r.to),
        'egress.ip-permission.group-id': (x) => x.egress.map((r) => r.groupId),
        'egress.ip-permission.cidr': (x) => x.egress.map((r) => r.cidr),
      },
      (x) => x.tags,
    );
    return { SecurityGroups: out.map((x) => this.v.sg(x)) };
  }

  // --- key pairs ---

  private fingerprint(seed: string, bytes: number): string {
    return (createHash('sha256').update(seed).digest('hex').slice(0, bytes * 2).match(/../g) ?? []).join(':');
  }

  private addKey(name: string, keyType: 'rsa' | 'ed25519', tags: Tag[], fingerprintBytes: number): KeyRec {
    if (this.s.live(this.s.keyPairs).some((k) => k.name === name)) {
      throw awsError('InvalidKeyPair.Duplicate', `The keypair '${name}' already exists.`);
    }
    const k: KeyRec = {
      id: this.s.newId('key'),
      tags,
      createdAt: this.s.now(),
      name,
      keyType,
      fingerprint: this.fingerprint(`${name}:${this.s.now()}:${this.s.keyPairs.size}`, fingerprintBytes),
    };
    this.s.keyPairs.set(k.id, k);
    return k;
  }

  createKeyPair(i: any) {
    const name = need<string>(i.KeyName, 'KeyName');
    const keyType = (i.KeyType ?? 'rsa') as 'rsa' | 'ed25519';
    if (keyType !== 'rsa' && keyType !== 'ed25519') throw awsError('InvalidParameterValue', `Invalid key type ${keyType}`);
    if (i.KeyFormat === 'ppk') throw awsError('InvalidParameterValue', 'This fake only produces pem key material');
    const tags = tagsFromSpecs(i.TagSpecifications, 'key-pair');
    // RSA fingerprints are SHA-1 (20 bytes), ed25519 ones SHA-256 (32 bytes).
    const k = this.addKey(name, keyType, tags, keyType === 'rsa' ? 20 : 32);
    const body = Buffer.from(`fake private key for ${name} ${k.id}`.repeat(8)).toString('base64').replace(/.{64}/g, '$&\n');
    const label = keyType === 'rsa' ? 'RSA PRIVATE KEY' : 'OPENSSH PRIVATE KEY';
    return {
      KeyPairId: k.id,
      KeyName: k.name,
      KeyFingerprint: k.fingerprint,
      KeyMaterial: `-----BEGIN ${label}-----\n${body.trimEnd()}\n-----END ${label}-----`,
      Tags: tagsOut(k.tags),
    };
  }

  importKeyPair(i: any) {
    const name = need<string>(i.KeyName, 'KeyName');
    const raw = need<Uint8Array | string>(i.PublicKeyMaterial, 'PublicKeyMaterial');
    const text = typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8');
    const m = /^(ssh-rsa|ssh-ed25519) [A-Za-z0-9+/]+={0,2}(\s.*)?$/.exec(text.trim());
    if (!m) throw awsError('InvalidKey.Format', 'Key is not in valid OpenSSH public key format');
    const tags = tagsFromSpecs(i.TagSpecifications, 'key-pair');
    // Imported keys get an MD5 (16 byte) fingerprint of the public key.
    const k = this.addKey(name, m[1] === 'ssh-rsa' ? 'rsa' : 'ed25519', tags, 16);
    return { KeyPairId: k.id, KeyName: k.name, KeyFingerprint: k.fingerprint, Tags: tagsOut(k.tags) };
  }

  deleteKeyPair(i: any) {
    let k: KeyRec | undefined;
    if (i.KeyPairId !== undefined) {
      k = this.s.keyPairs.get(i.KeyPairId);
      if (!k || k.goneAt !== undefined) throw notFound('key', i.KeyPairId);
    } else {
      k = this.s.keyByName(i.KeyName);
    }
    k.goneAt = this.s.now();
    return { Return: true, KeyPairId: k.id };
  }

  describeKeyPairs(i: any) {
    let pool = pickIds(this.s.live(this.s.keyPairs), i.KeyNames, (x) => x.name, 'key');
    pool = pickIds(pool, i.KeyPairIds, (x) => x.id, 'key');
    const out = applyFilters(
      pool,
      i.Filters,
      {
        'key-name': (x) => x.name,
        'key-pair-id': (x) => x.id,
        fingerprint: (x) => x.fingerprint,
        'key-type': (x) => x.keyType,
      },
      (x) => x.tags,
    );
    return { KeyPairs: out.map((x) => this.v.key(x)) };
  }
}

class ComputeService {
  constructor(
    private readonly s: Store,
    private readonly v: Views,
  ) {}

  runInstances(i: any) {
    const imageId = need<string>(i.ImageId, 'ImageId');
    if (!/^ami-[0-9a-z]+$/.test(imageId)) throw awsError('InvalidAMIID.Malformed', `Invalid id: "${imageId}"`);
    if (imageId !== this.s.cfg.amiId && imageId !== ARM_AMI_ID) throw awsError('InvalidAMIID.NotFound', `The image id '[${imageId}]' does not exist`);
    // A Graviton type runs the arm64 image only, and the others the x86_64 one.
    const typeArch = /^[a-z]+\d+g[a-z]*\./.test(i.InstanceType ?? '') ? 'arm64' : 'x86_64';
    const imageArch = imageId === ARM_AMI_ID ? 'arm64' : 'x86_64';
    if (typeArch !== imageArch) {
      throw awsError('InvalidParameterValue', `The architecture '${typeArch}' of the specified instance type does not match the architecture '${imageArch}' of the specified AMI.`);
    }
    const min = need<number>(i.MinCount, 'MinCount');
    const max = need<number>(i.MaxCount, 'MaxCount');
    if (min < 1 || max < min) throw awsError('InvalidParameterValue', 'MinCount must be >= 1 and <= MaxCount');

    // ClientToken: a retried RunInstances returns the original reservation instead of
    // launching twice. The token check comes first: replaying is valid even if, say, the key
    // pair has since been deleted.
    const reservationId = this.s.idempotent('RunInstances', i.ClientToken, i, () => this.launch(i, imageId, max));
    return this.v.reservation(reservationId);
  }

  private launch(i: any, imageId: string, count: number): string {
    // Where: either NetworkInterfaces[0] or the instance-level SubnetId/SecurityGroupIds, not both.
    let subnetId: string | undefined;
    let sgIds: string[] | undefined;
    let assocPublic: boolean | undefined;
    const nics: any[] = i.NetworkInterfaces ?? [];
    if (nics.length) {
      if (i.SubnetId !== undefined) {
        throw awsError('InvalidParameterCombination', 'Network interfaces and an instance-level subnet ID may not be specified on the same request');
      }
      if (i.SecurityGroupIds?.length || i.SecurityGroups?.length) {
        throw awsError('InvalidParameterCombination', 'Network interfaces and an instance-level security groups may not be specified on the same request');
      }
      const nic = nics.find((n) => (n.DeviceIndex ?? 0) === 0) ?? nics[0];
      subnetId = nic.SubnetId;
      sgIds = nic.Groups;
      assocPublic = nic.AssociatePublicIpAddress;
    } else {
      subnetId = i.SubnetId;
      sgIds = i.SecurityGroupIds;
      if (i.SecurityGroups?.length) {
        throw awsError('InvalidParameterCombination', 'The parameter groupName cannot be used with the parameter subnet');
      }
    }
    if (subnetId === undefined) throw awsError('VPCIdNotSpecified', 'No default VPC for this user');
    const subnet = this.s.subnet(subnetId);
    const vpc = this.s.vpc(subnet.vpcId);
    const groups = (sgIds?.length ? sgIds : [vpc.defaultSgId]).map((id) => this.s.sg(id));
    for (const g of groups) {
      if (g.vpcId !== vpc.id) {
        throw awsError('InvalidParameter', `Security group ${g.id} and subnet ${subnet.id} belong to different networks.`);
      }
    }
    if (i.KeyName !== undefined) this.s.keyByName(i.KeyName);

    const type: string = i.InstanceType ?? 'm1.small'; // AWS's historical default
    const azs = this.s.cfg.offerings[type];
    if (!azs) throw awsError('InvalidParameterValue', `Invalid value '${type}' for InstanceType.`);
    if (!azs.includes(subnet.az)) {
      throw awsError(
        'Unsupported',
        `Your requested instance type (${type}) is not supported in your requested Availability Zone (${subnet.az}). Please retry your request by not specifying an Availability Zone or choosing ${azs.join(', ')}.`,
      );
    }

    if (i.UserData !== undefined) {
      // The v3 SDK does not encode UserData for RunInstances: the caller must send base64.
      const ud: string = i.UserData;
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(ud) || ud.length % 4 !== 0) {
        throw awsError('InvalidParameterValue', 'Invalid BASE64 encoding of user data.');
      }
      if (Buffer.from(ud, 'base64').length > 16384) {
        throw awsError('InvalidParameterValue', 'User data is limited to 16384 bytes');
      }
    }

    const mo = i.MetadataOptions ?? {};
    // AL2023 AMIs default to IMDSv2-only with a hop limit of 2.
    const metadata = {
      HttpTokens: mo.HttpTokens ?? 'required',
      HttpPutResponseHopLimit: mo.HttpPutResponseHopLimit ?? 2,
      HttpEndpoint: mo.HttpEndpoint ?? 'enabled',
      InstanceMetadataTags: mo.InstanceMetadataTags ?? 'disabled',
    };
    if (!['optional', 'required'].includes(metadata.HttpTokens)) {
      throw awsError('InvalidParameterValue', `Invalid value '${metadata.HttpTokens}' for HttpTokens`);
    }
    if (metadata.HttpPutResponseHopLimit < 1 || metadata.HttpPutResponseHopLimit > 64) {
      throw awsError('InvalidParameterValue', 'HttpPutResponseHopLimit must be between 1 and 64');
    }

    const tags = tagsFromSpecs(i.TagSpecifications, 'instance', ['instance', 'volume', 'network-interface', 'spot-instances-request']);
    if (cidrSize(subnet.cidr) - 5 - (subnet.nextHost - 4) < count) {
      throw awsError('InsufficientFreeAddressesInSubnet', `There are not enough free addresses in subnet '${subnet.id}' to satisfy the requested number of instances.`);
    }
    this.checkVcpus(Array.from({ length: count }, () => type));
    const wantsPublic = assocPublic ?? subnet.mapPublicIp;
    const reservationId = this.s.newId('r');
    for (let n = 0; n < count; n++) {
      const inst: InstanceRec = {
        id: this.s.newId('i'),
        tags: tags.map((t) => ({ ...t })),
        createdAt: this.s.now(),
        reservationId,
        launchIndex: n,
        imageId,
        instanceType: type,
        keyName: i.KeyName,
        subnetId: subnet.id,
        vpcId: vpc.id,
        sgIds: groups.map((g) => g.id),
        privateIp: this.s.nextPrivateIp(subnet),
        eniId: this.s.newId('eni'),
        autoPublicIp: wantsPublic ? this.s.nextPublicIp() : undefined,
        userData: i.UserData,
        metadata,
        clientToken: i.ClientToken,
      };
      this.s.instances.set(inst.id, inst);
    }
    return reservationId;
  }

  describeInstances(i: any) {
    const pool = pickIds([...this.s.instances.values()], i.InstanceIds, (x) => x.id, 'instance');
    const out = applyFilters(
      pool,
      i.Filters,
      {
        'instance-id': (x) => x.id,
        'instance-state-name': (x) => this.s.instanceState(x),
        'instance-state-code': (x) => INSTANCE_STATE_CODES[this.s.instanceState(x)],
        'instance-type': (x) => x.instanceType,
        'image-id': (x) => x.imageId,
        'key-name': (x) => x.keyName,
        'vpc-id': (x) => x.vpcId,
        'subnet-id': (x) => x.subnetId,
        'availability-zone': (x) => this.s.subnets.get(x.subnetId)?.az,
        'private-ip-address': (x) => x.privateIp,
        'ip-address': (x) => this.s.publicIpOf(x),
        'reservation-id': (x) => x.reservationId,
        'client-token': (x) => x.clientToken,
        'instance.group-id': (x) => x.sgIds,
        'instance.group-name': (x) => x.sgIds.map((id) => this.s.securityGroups.get(id)?.name),
        'owner-id': () => OWNER_ID,
      },
      (x) => x.tags,
    );
    const byReservation = new Map<string, Instance[]>();
    for (const x of out) {
      const list = byReservation.get(x.reservationId) ?? [];
      list.push(this.v.instance(x));
      byReservation.set(x.reservationId, list);
    }
    return {
      Reservations: [...byReservation.entries()].map(([id, instances]) => ({
        ReservationId: id,
        OwnerId: OWNER_ID,
        Groups: [],
        Instances: instances,
      })),
    };
  }

  describeInstanceAttribute(i: any) {
    const inst = this.s.instance(i.InstanceId);
    switch (need<string>(i.Attribute, 'Attribute')) {
      case 'userData':
        return { InstanceId: inst.id, UserData: inst.userData !== undefined ? { Value: inst.userData } : {} };
      case 'instanceType':
        return { InstanceId: inst.id, InstanceType: { Value: inst.instanceType } };
      case 'groupSet':
        return { InstanceId: inst.id, Groups: inst.sgIds.map((id) => ({ GroupId: id })) };
      case 'disableApiTermination':
        return { InstanceId: inst.id, DisableApiTermination: { Value: false } };
      default:
        throw awsError('InvalidParameterValue', `Value (${i.Attribute}) for parameter attribute is not supported by this fake`);
    }
  }

  /** AWS stops only a running instance (a stopped one again is a no-op). */
  stopInstances(i: any) {
    const insts = need<string[]>(i.InstanceIds, 'InstanceIds').map((id) => this.s.instance(id));
    for (const inst of insts) {
      const state = this.s.instanceState(inst);
      if (state !== 'running' && state !== 'stopping' && state !== 'stopped') {
        throw awsError('IncorrectInstanceState', `This instance '${inst.id}' is not in a state from which it can be stopped.`);
      }
    }
    return {
      StoppingInstances: insts.map((inst) => {
        const prev = this.s.instanceState(inst);
        if (prev === 'running') inst.stoppedAt = this.s.now();
        const cur = this.s.instanceState(inst);
        return { InstanceId: inst.id, PreviousState: { Code: INSTANCE_STATE_CODES[prev], Name: prev }, CurrentState: { Code: INSTANCE_STATE_CODES[cur], Name: cur } };
      }),
    };
  }

  /** AWS starts only a stopped instance (a stopping one is refused). */
  startInstances(i: any) {
    const insts = need<string[]>(i.InstanceIds, 'InstanceIds').map((id) => this.s.instance(id));
    for (const inst of insts) {
      const state = this.s.instanceState(inst);
      if (state !== 'stopped' && state !== 'running' && state !== 'pending') {
        throw awsError('IncorrectInstanceState', `The instance '${inst.id}' is not in a state from which it can be started.`);
      }
    }
    this.checkVcpus(insts.filter((inst) => this.s.instanceState(inst) === 'stopped').map((inst) => inst.instanceType));
    return {
      StartingInstances: insts.map((inst) => {
        const prev = this.s.instanceState(inst);
        if (prev === 'stopped') inst.startedAt = this.s.now();
        const cur = this.s.instanceState(inst);
        return { InstanceId: inst.id, PreviousState: { Code: INSTANCE_STATE_CODES[prev], Name: prev }, CurrentState: { Code: INSTANCE_STATE_CODES[cur], Name: cur } };
      }),
    };
  }

  /**
   * SourceDestCheck (on the instance, AWS sets it on its primary interface; moto: not), or
   * userData given as Attribute=userData, Value=<base64> (as AWS documents for the CLI),
   * which AWS changes only while the instance is stopped.
   */
  modifyInstanceAttribute(i: any) {
    const inst = this.s.instance(i.InstanceId);
    if (!this.s.instanceLive(inst)) throw awsError('IncorrectInstanceState', `The instance '${inst.id}' is not in a valid state for this operation.`);
    if (i.Attribute === 'userData') {
      if (typeof i.Value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(i.Value)) throw awsError('InvalidParameterValue', 'Invalid BASE64 encoding of user data.');
      const state = this.s.instanceState(inst);
      if (state !== 'stopped') throw awsError('IncorrectInstanceState', `The instance '${inst.id}' is not in the 'stopped' state.`);
      inst.userData = i.Value;
      return {};
    }
    if (i.SourceDestCheck?.Value === undefined) throw awsError('InvalidParameterCombination', 'This fake supports only SourceDestCheck and userData');
    inst.sourceDestCheck = i.SourceDestCheck.Value;
    return {};
  }

  terminateInstances(i: any) {
    const ids: string[] = need(i.InstanceIds, 'InstanceIds');
    // All IDs are checked before any instance is touched, as AWS does.
    const insts = ids.map((id) => this.s.instance(id));
    return {
      TerminatingInstances: insts.map((inst) => {
        const prev = this.s.instanceState(inst);
        if (inst.terminatedAt === undefined) inst.terminatedAt = this.s.now();
        const cur = this.s.instanceState(inst);
        return {
          InstanceId: inst.id,
          PreviousState: { Code: INSTANCE_STATE_CODES[prev], Name: prev },
          CurrentState: { Code: INSTANCE_STATE_CODES[cur], Name: cur },
        };
      }),
    };
  }

  /** Only the types asked for (AWS answers all of them when none are named, in pages: the tool always names them). */
  describeInstanceTypes(i: any) {
    const types: string[] = i.InstanceTypes ?? Object.keys(FAKE_VCPUS);
    const unknown = types.filter((t) => FAKE_VCPUS[t] === undefined);
    if (unknown.length) throw awsError('InvalidInstanceType', `The following supplied instance types do not exist: [${unknown.join(', ')}]`);
    return { InstanceTypes: types.map((t) => ({ InstanceType: t, VCpuInfo: { DefaultVCpus: FAKE_VCPUS[t] } })) };
  }

  /**
   * L-1216C47A as EC2 enforces it at RunInstances and StartInstances: the region's pending
   * and running Standard instances' vCPUs, with these, may not pass the limit.
   */
  private checkVcpus(adding: string[]): void {
    const standard = (type: string) => (isStandardType(type) ? vcpusOfType(type) : 0);
    const inUse = this.s
      .liveInstances()
      .filter((x) => ['pending', 'running'].includes(this.s.instanceState(x)))
      .reduce((sum, x) => sum + standard(x.instanceType), 0);
    const more = adding.reduce((sum, type) => sum + standard(type), 0);
    if (more > 0 && inUse + more > this.s.cfg.vcpuLimit) {
      throw awsError(
        'VcpuLimitExceeded',
        `You have requested more vCPU capacity than your current vCPU limit of ${this.s.cfg.vcpuLimit} allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.`,
      );
    }
  }

  describeInstanceTypeOfferings(i: any) {
    const locType: string = i.LocationType ?? 'region';
    const rows: { InstanceType: string; LocationType: string; Location: string }[] = [];
    for (const [type, azs] of Object.entries(this.s.cfg.offerings)) {
      if (locType === 'region') rows.push({ InstanceType: type, LocationType: locType, Location: this.s.cfg.region });
      else if (locType === 'availability-zone') for (const az of azs) rows.push({ InstanceType: type, LocationType: locType, Location: az });
      else if (locType === 'availability-zone-id') for (const az of azs) rows.push({ InstanceType: type, LocationType: locType, Location: this.v.azId(az) });
      else throw awsError('InvalidParameterValue', `Value (${locType}) for parameter locationType is invalid.`);
    }
    const out = applyFilters(
      rows,
      i.Filters,
      { 'instance-type': (r) => r.InstanceType, location: (r) => r.Location },
      () => [],
    );
    return { InstanceTypeOfferings: out };
  }

  describeAvailabilityZones(i: any) {
    const rows = this.s.cfg.azs.map((az) => ({
      ZoneName: az,
      ZoneId: this.v.azId(az),
      State: 'available' as const,
      RegionName: this.s.cfg.region,
      ZoneType: 'availability-zone',
      OptInStatus: 'opt-in-not-required' as const,
      GroupName: this.s.cfg.region,
      NetworkBorderGroup: this.s.cfg.region,
      Messages: [],
    }));
    for (const name of i.ZoneNames ?? []) {
      if (!this.s.cfg.azs.includes(name)) throw awsError('InvalidParameterValue', `The zone '${name}' does not exist.`);
    }
    const picked = i.ZoneNames?.length ? rows.filter((r) => i.ZoneNames.includes(r.ZoneName)) : rows;
    const out = applyFilters(
      picked,
      i.Filters,
      {
        'zone-name': (r) => r.ZoneName,
        'zone-id': (r) => r.ZoneId,
        state: (r) => r.State,
        'region-name': (r) => r.RegionName,
        'zone-type': (r) => r.ZoneType,
      },
      () => [],
    );
    return { AvailabilityZones: out };
  }
}

class AddressService {
  constructor(
    private readonly s: Store,
    private readonly v: Views,
  ) {}

  // --- Elastic IPs ---

  allocateAddress(i: any) {
    if (i.Domain !== undefined && i.Domain !== 'vpc') {
      throw awsError('InvalidParameterValue', `Invalid value '${i.Domain}' for domain: EC2-Classic is retired`);
    }
    const a: AddressRec = {
      id: this.s.newId('eipalloc'),
      tags: tagsFromSpecs(i.TagSpecifications, 'elastic-ip'),
      createdAt: this.s.now(),
      publicIp: this.s.nextPublicIp(),
    };
    this.s.addresses.set(a.id, a);
    return {
      AllocationId: a.id,
      PublicIp: a.publicIp,
      Domain: 'vpc',
      PublicIpv4Pool: 'amazon',
      NetworkBorderGroup: this.s.cfg.region,
    };
  }

  associateAddress(i: any) {
    const a = this.s.address(i.AllocationId);
    let inst: InstanceRec;
    if (i.InstanceId !== undefined) inst = this.s.instance(i.InstanceId);
    else {
      const eni = need<string>(i.NetworkInterfaceId, 'InstanceId');
      const found = [...this.s.instances.values()].find((x) => x.eniId === eni && this.s.instanceLive(x));
      if (!found) throw notFound('eni', eni);
      inst = found;
    }
    const state = this.s.instanceState(inst);
    if (state !== 'running') {
      throw awsError('IncorrectInstanceState', `The instance '${inst.id}' is not in a valid state for this operation (it is ${state}).`);
    }
    if (!this.s.attachedIgw(inst.vpcId)) {
      throw awsError('Gateway.NotAttached', `Network ${inst.vpcId} is not attached to any internet gateway`);
    }
    const nat = this.s.natHolding(a.id);
    if (nat) throw awsError('Resource.AlreadyAssociated', `resource ${a.id} is already associated with associate-id ${nat.assocId}`);
    if (a.assoc) {
      if (a.assoc.instanceId === inst.id) return { AssociationId: a.assoc.id };
      if (!i.AllowReassociation) {
        throw awsError('Resource.AlreadyAssociated', `resource ${a.id} is already associated with associate-id ${a.assoc.id}`);
      }
    }
    // An instance's primary private IP carries at most one EIP: a previous one is displaced.
    const previous = this.s.eipOfInstance(inst.id);
    if (previous) previous.assoc = undefined;
    a.assoc = { id: this.s.newId('eipassoc'), instanceId: inst.id };
    return { AssociationId: a.assoc.id };
  }

  disassociateAddress(i: any) {
    const id = need<string>(i.AssociationId, 'AssociationId');
    const a = this.s.live(this.s.addresses).find((x) => x.assoc?.id === id);
    if (!a) {
      if (this.s.liveNats().some((n) => n.assocId === id)) {
        throw awsError('InvalidParameterValue', `The association ${id} belongs to a NAT gateway; delete the NAT gateway instead`);
      }
      throw notFound('association', id);
    }
    a.assoc = undefined;
    return {};
  }

  releaseAddress(i: any) {
    const a = this.s.address(i.AllocationId);
    // In use until the instance is terminated or the NAT gateway is fully `deleted`.
    if (this.s.addressInUse(a)) throw awsError('InvalidIPAddress.InUse', `Address ${a.publicIp} is in use.`);
    a.goneAt = this.s.now();
    return {};
  }

  describeAddresses(i: any) {
    let pool = pickIds(this.s.live(this.s.addresses), i.AllocationIds, (x) => x.id, 'address');
    if (i.PublicIps?.length) {
      const known = new Set(pool.map((x) => x.publicIp));
      const missing = (i.PublicIps as string[]).find((ip) => !known.has(ip));
      if (missing) throw awsError('InvalidAddress.NotFound', `Address '${missing}' not found.`);
      pool = pool.filter((x) => i.PublicIps.includes(x.publicIp));
    }
    const view = (x: AddressRec) => this.v.address(x);
    const out = applyFilters(
      pool,
      i.Filters,
      {
        'allocation-id': (x) => x.id,
        'public-ip': (x) => x.publicIp,
        domain: () => 'vpc',
        'association-id': (x) => view(x).AssociationId,
        'instance-id': (x) => x.assoc?.instanceId,
        'network-interface-id': (x) => view(x).NetworkInterfaceId,
        'private-ip-address': (x) => view(x).PrivateIpAddress,
      },
      (x) => x.tags,
    );
    return { Addresses: out.map(view) };
  }

  // --- NAT gateways ---

  createNatGateway(i: any) {
    const tags = tagsFromSpecs(i.TagSpecifications, 'natgateway');
    const id = this.s.idempotent('CreateNatGateway', i.ClientToken, i, () => {
      const subnet = this.s.subnet(i.SubnetId);
      const connectivity = (i.ConnectivityType ?? 'public') as 'public' | 'private';
      let a: AddressRec | undefined;
      if (connectivity === 'public') {
        a = this.s.address(need(i.AllocationId, 'AllocationId'));
        if (this.s.addressInUse(a)) {
          throw awsError('Resource.AlreadyAssociated', `Elastic IP address [${a.id}] is already associated`);
        }
      }
      // AWS accepts the request and only later fails the gateway: the error surfaces as
      // State 'failed' in DescribeNatGateways, not as an exception here.
      const failure =
        connectivity === 'public' && !this.s.attachedIgw(subnet.vpcId)
          ? { code: 'Gateway.NotAttached', message: `Network ${subnet.vpcId} has no Internet gateway attached` }
          : undefined;
      const n: NatRec = {
        id: this.s.newId('nat'),
        tags,
        createdAt: this.s.now(),
        subnetId: subnet.id,
        vpcId: subnet.vpcId,
        connectivity,
        allocationId: a?.id,
        publicIp: a?.publicIp,
        privateIp: this.s.nextPrivateIp(subnet),
        eniId: this.s.newId('eni'),
        assocId: this.s.newId('eipassoc'),
        failure,
        clientToken: i.ClientToken,
      };
      this.s.natGateways.set(n.id, n);
      return n.id;
    });
    return { ClientToken: i.ClientToken, NatGateway: this.v.nat(this.s.natGateways.get(id)!) };
  }

  describeNatGateways(i: any) {
    const pool = pickIds([...this.s.natGateways.values()], i.NatGatewayIds, (x) => x.id, 'nat');
    // NB: this API's filter parameter is `Filter` (singular). The SDK would silently drop a
    // `Filters` member, returning every NAT gateway, so the fake ignores it the same way.
    const out = applyFilters(
      pool,
      i.Filter,
      {
        'nat-gateway-id': (x) => x.id,
        state: (x) => this.s.natState(x),
        'subnet-id': (x) => x.subnetId,
        'vpc-id': (x) => x.vpcId,
      },
      (x) => x.tags,
    );
    return { NatGateways: out.map((x) => this.v.nat(x)) };
  }

  deleteNatGateway(i: any) {
    const n = this.s.nat(i.NatGatewayId);
    const state = this.s.natState(n);
    if (state === 'failed') {
      // A failed gateway holds no ENI to tear down: it goes straight to deleted.
      n.deleteAt = this.s.now();
      n.deleteTakesMs = 0;
    } else if (state !== 'deleting') {
      n.deleteAt = this.s.now();
    }
    return { NatGatewayId: n.id };
  }
}

/** CreateTags / DeleteTags on any resource this fake knows, found by ID prefix. */
class TagService {
  constructor(private readonly s: Store) {}

  private resource(id: string): Base {
    const prefix = id.slice(0, id.lastIndexOf('-'));
    const table: Record<string, [Map<string, Base>, Kind]> = {
      vpc: [this.s.vpcs, 'vpc'],
      subnet: [this.s.subnets, 'subnet'],
      igw: [this.s.igws, 'igw'],
      rtb: [this.s.routeTables, 'rtb'],
      sg: [this.s.securityGroups, 'sg'],
      key: [this.s.keyPairs, 'key'],
      i: [this.s.instances, 'instance'],
      eipalloc: [this.s.addresses, 'address'],
      nat: [this.s.natGateways, 'nat'],
    };
    const entry = table[prefix];
    if (!entry) throw awsError('InvalidID', `The ID '${id}' is not valid`);
    const rec = entry[0].get(id);
    // Terminated instances and deleted NATs can still be tagged while they are listed.
    if (!rec || rec.goneAt !== undefined) throw notFound(entry[1], id);
    return rec;
  }

  createTags(i: any) {
    const recs = (need<string[]>(i.Resources, 'ResourceId') ?? []).map((id) => this.resource(id));
    const tags: Tag[] = need(i.Tags, 'Tag');
    for (const r of recs) mergeTags(r.tags, tags);
    return {};
  }

  deleteTags(i: any) {
    const recs = (need<string[]>(i.Resources, 'ResourceId') ?? []).map((id) => this.resource(id));
    for (const r of recs) {
      r.tags = i.Tags?.length
        ? r.tags.filter((t) => !i.Tags.some((d: Tag) => d.Key === t.Key && (d.Value === undefined || d.Value === t.Value)))
        : [];
    }
    return {};
  }
}

// ---------------------------------------------------------------------------------------
// Wiring: mocks, call log, faults
// ---------------------------------------------------------------------------------------

interface Fault {
  name: string;
  error: Error | (() => Error);
  afterServe: boolean;
  remaining: number;
}

/** failNext() queue and throttle() counter. */
class Faults {
  private queue: Fault[] = [];
  private throttling?: { every: number; names?: Set<string>; count: number; refused: Set<string> };

  add(name: string, error: Error | (() => Error), opts: FailNextOptions = {}): void {
    this.queue.push({ name, error, afterServe: opts.afterServe ?? false, remaining: opts.times ?? 1 });
  }

  setThrottle(opts: { every: number; names?: string[] }): void {
    this.throttling = opts.every > 0 ? { every: opts.every, names: opts.names && new Set(opts.names), count: 0, refused: new Set() } : undefined;
  }

  /** The first queued fault for `name` fires if its timing (before/after serving) matches. */
  take(name: string, afterServe: boolean): Error | undefined {
    const f = this.queue.find((x) => x.name === name);
    if (!f || f.afterServe !== afterServe) return undefined;
    if (--f.remaining <= 0) this.queue.splice(this.queue.indexOf(f), 1);
    return typeof f.error === 'function' ? f.error() : f.error;
  }

  throttled(name: string, input: unknown): boolean {
    const t = this.throttling;
    if (!t || (t.names && !t.names.has(name))) return false;
    t.count += 1;
    const request = `${name} ${JSON.stringify(input ?? {})}`;
    if (t.count % t.every !== 0 || t.refused.has(request)) {
      t.refused.delete(request);
      return false;
    }
    t.refused.add(request);
    return true;
  }
}

type Handler = (input: any) => object;

/** Every string anywhere in a request. */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object' && !(value instanceof Uint8Array)) for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

/** Which field is the ID of the items of each Describe answer's list. */
const LISTED_ID: Record<string, string> = {
  Vpcs: 'VpcId',
  Subnets: 'SubnetId',
  InternetGateways: 'InternetGatewayId',
  RouteTables: 'RouteTableId',
  SecurityGroups: 'GroupId',
  KeyPairs: 'KeyPairId',
  Addresses: 'AllocationId',
  NatGateways: 'NatGatewayId',
};

/** The "eventual" mode (timings.eventualMs): new IDs are invisible for a while. */
class Eventual {
  constructor(private readonly s: Store) {}

  private get ms(): number {
    return this.s.timings.eventualMs ?? 0;
  }

  private isNew(rec: Base | undefined): boolean {
    return rec !== undefined && this.s.now() - rec.createdAt < this.ms;
  }

  /** The kind of a record made less than eventualMs ago with this ID. */
  private newKind(id: string): Kind | undefined {
    const s = this.s;
    const maps: [Map<string, Base>, Kind][] = [
      [s.vpcs, 'vpc'],
      [s.subnets, 'subnet'],
      [s.igws, 'igw'],
      [s.routeTables, 'rtb'],
      [s.securityGroups, 'sg'],
      [s.instances, 'instance'],
      [s.addresses, 'address'],
      [s.natGateways, 'nat'],
    ];
    return maps.find(([map]) => this.isNew(map.get(id)))?.[1];
  }

  /** A call naming a new ID: that kind's NotFound, as EC2 answers before the ID has spread. */
  refuseNew(input: object): void {
    if (!this.ms) return;
    for (const id of stringsIn(input)) {
      const kind = this.newKind(id);
      if (kind) throw notFound(kind, id);
    }
  }

  /** A filtered listing (no ID list) leaves new resources out. */
  hideNew(input: Record<string, unknown>, out: object): object {
    if (!this.ms) return out;
    const filtered = Boolean(input.Filters ?? input.Filter);
    const byId = Object.entries(input).some(([k, v]) => /Ids$/.test(k) && Array.isArray(v) && v.length > 0);
    if (!filtered || byId) return out;
    const o = out as Record<string, unknown>;
    const visible = (item: Record<string, unknown>, field: string) => !this.newKind(String(item[field])) && !this.isNewKey(item, field);
    for (const [list, field] of Object.entries(LISTED_ID)) {
      if (Array.isArray(o[list])) o[list] = (o[list] as Record<string, unknown>[]).filter((i) => visible(i, field));
    }
    if (Array.isArray(o.Reservations)) {
      o.Reservations = (o.Reservations as Reservation[])
        .map((r) => ({ ...r, Instances: (r.Instances ?? []).filter((i) => !this.newKind(i.InstanceId!)) }))
        .filter((r) => r.Instances.length > 0);
    }
    return out;
  }

  private isNewKey(item: Record<string, unknown>, field: string): boolean {
    return field === 'KeyPairId' && this.isNew(this.s.keyPairs.get(String(item[field])));
  }
}

export function createFakeAws(opts: FakeOptions): FakeAws {
  const region = opts.region ?? 'us-east-1';
  const azs = opts.azs ?? ['a', 'b', 'c'].map((x) => `${region}${x}`);
  const timings: FakeTimings = { ...DEFAULT_TIMINGS, ...opts.timings };
  const store = new Store(opts.clock, timings, {
    region,
    azs,
    offerings: opts.offerings ?? { 't3.micro': azs, 't3.small': azs, 't2.micro': azs, 't4g.nano': azs, 't3.nano': azs },
    amiId: opts.amiId ?? 'ami-0fake2023',
    vcpuLimit: opts.vcpuLimit ?? FAKE_VCPU_LIMIT,
  });
  const views = new Views(store);
  const net = new NetworkService(store, views);
  const sec = new SecurityService(store, views);
  const compute = new ComputeService(store, views);
  const addr = new AddressService(store, views);
  const tagSvc = new TagService(store);
  const faults = new Faults();
  const calls: FakeCall[] = [];
  const eventual = new Eventual(store);

  /** The common path of every call: latency, injected faults, throttling, log, handler. */
  const denied = new Set(opts.deny ?? []);
  const dryRuns: FakeCall[] = [];
  const account = new AsyncLocalStorage<string>();
  const buckets = new Map<string, Bucket>();
  const bucketCounts: BucketCounts = new Map();
  /** Whether EC2 has a token for this call (always, without `buckets`). */
  const admitted = (name: string): boolean => {
    if (!opts.buckets) return true;
    const id = `${account.getStore() ?? 'default'} ${ec2Bucket(name).name}`;
    let bucket = buckets.get(id);
    if (!bucket) buckets.set(id, (bucket = new Bucket(ec2Bucket(name), () => opts.clock.now())));
    const counts = bucketCounts.get(id) ?? { served: 0, refused: 0 };
    bucketCounts.set(id, counts);
    const ok = bucket.take();
    counts[ok ? 'served' : 'refused']++;
    return ok;
  };
  const serve = async (name: string, input: any, handler: Handler, metered = false) => {
    if (timings.latencyMs > 0) await new Promise((r) => setTimeout(r, timings.latencyMs));
    if (metered && !admitted(name)) throw awsError('RequestLimitExceeded', 'Request limit exceeded.', 503);
    // IAM is evaluated before anything else; a dry run stops right after it.
    if (denied.has(name)) throw awsError('UnauthorizedOperation', `You are not authorized to perform this operation. User is not authorized to perform: ec2:${name}`, 403);
    if (input?.DryRun && !opts.ignoreDryRun?.includes(name)) {
      dryRuns.push({ name, input: structuredClone(input), at: store.now() });
      throw awsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    }
    const early = faults.take(name, false);
    if (early) throw early;
    if (faults.throttled(name, input)) throw awsError('RequestLimitExceeded', 'Request limit exceeded.', 503);
    store.settle();
    const entry: FakeCall = { name, input: structuredClone(input ?? {}), at: store.now() };
    calls.push(entry);
    let out: object;
    try {
      eventual.refuseNew(input ?? {});
      out = eventual.hideNew(input ?? {}, handler(input ?? {}));
    } catch (err) {
      entry.error = (err as Error).name;
      throw err;
    }
    const late = faults.take(name, true);
    if (late) {
      entry.error = late.name;
      throw late;
    }
    // Clone so callers can never mutate the fake's state through a response.
    return {
      ...structuredClone(out),
      $metadata: { httpStatusCode: 200, requestId: randomUUID(), attempts: 1, totalRetryDelay: 0 },
    };
  };

  const ec2Mock = mockClient(EC2Client);
  const ssmMock = mockClient(SSMClient);
  const expiry = createFakeExpiry(opts.expiry);

  // Anything not implemented below fails loudly rather than resolving to undefined.
  ec2Mock.send.callsFake(async (cmd: any) => {
    throw awsError('UnsupportedOperation', `fake EC2 does not implement ${cmd?.constructor?.name ?? 'this command'}`);
  });
  ssmMock.send.callsFake(async (cmd: any) => {
    throw ssmError('UnsupportedOperation', `fake SSM does not implement ${cmd?.constructor?.name ?? 'this command'}`);
  });

  const ec2Routes: [new (input: any) => any, string, Handler][] = [
    [CreateVpcCommand, 'CreateVpc', (i) => net.createVpc(i)],
    [DescribeVpcsCommand, 'DescribeVpcs', (i) => net.describeVpcs(i)],
    [DescribeVpcAttributeCommand, 'DescribeVpcAttribute', (i) => net.describeVpcAttribute(i)],
    [ModifyVpcAttributeCommand, 'ModifyVpcAttribute', (i) => net.modifyVpcAttribute(i)],
    [DeleteVpcCommand, 'DeleteVpc', (i) => net.deleteVpc(i)],
    [CreateSubnetCommand, 'CreateSubnet', (i) => net.createSubnet(i)],
    [DescribeSubnetsCommand, 'DescribeSubnets', (i) => net.describeSubnets(i)],
    [DeleteSubnetCommand, 'DeleteSubnet', (i) => net.deleteSubnet(i)],
    [ModifySubnetAttributeCommand, 'ModifySubnetAttribute', (i) => net.modifySubnetAttribute(i)],
    [CreateInternetGatewayCommand, 'CreateInternetGateway', (i) => net.createInternetGateway(i)],
    [AttachInternetGatewayCommand, 'AttachInternetGateway', (i) => net.attachInternetGateway(i)],
    [DetachInternetGatewayCommand, 'DetachInternetGateway', (i) => net.detachInternetGateway(i)],
    [DeleteInternetGatewayCommand, 'DeleteInternetGateway', (i) => net.deleteInternetGateway(i)],
    [DescribeInternetGatewaysCommand, 'DescribeInternetGateways', (i) => net.describeInternetGateways(i)],
    [CreateRouteTableCommand, 'CreateRouteTable', (i) => net.createRouteTable(i)],
    [CreateRouteCommand, 'CreateRoute', (i) => net.createRoute(i)],
    [DeleteRouteCommand, 'DeleteRoute', (i) => net.deleteRoute(i)],
    [ReplaceRouteCommand, 'ReplaceRoute', (i) => net.replaceRoute(i)],
    [AssociateRouteTableCommand, 'AssociateRouteTable', (i) => net.associateRouteTable(i)],
    [DisassociateRouteTableCommand, 'DisassociateRouteTable', (i) => net.disassociateRouteTable(i)],
    [DeleteRouteTableCommand, 'DeleteRouteTable', (i) => net.deleteRouteTable(i)],
    [DescribeRouteTablesCommand, 'DescribeRouteTables', (i) => net.describeRouteTables(i)],
    [CreateSecurityGroupCommand, 'CreateSecurityGroup', (i) => sec.createSecurityGroup(i)],
    [AuthorizeSecurityGroupIngressCommand, 'AuthorizeSecurityGroupIngress', (i) => sec.authorizeSecurityGroupIngress(i)],
    [AuthorizeSecurityGroupEgressCommand, 'AuthorizeSecurityGroupEgress', (i) => sec.authorizeSecurityGroupEgress(i)],
    [RevokeSecurityGroupIngressCommand, 'RevokeSecurityGroupIngress', (i) => sec.revokeSecurityGroupIngress(i)],
    [RevokeSecurityGroupEgressCommand, 'RevokeSecurityGroupEgress', (i) => sec.revokeSecurityGroupEgress(i)],
    [DeleteSecurityGroupCommand, 'DeleteSecurityGroup', (i) => sec.deleteSecurityGroup(i)],
    [DescribeSecurityGroupsCommand, 'DescribeSecurityGroups', (i) => sec.describeSecurityGroups(i)],
    [CreateKeyPairCommand, 'CreateKeyPair', (i) => sec.createKeyPair(i)],
    [ImportKeyPairCommand, 'ImportKeyPair', (i) => sec.importKeyPair(i)],
    [DeleteKeyPairCommand, 'DeleteKeyPair', (i) => sec.deleteKeyPair(i)],
    [DescribeKeyPairsCommand, 'DescribeKeyPairs', (i) => sec.describeKeyPairs(i)],
    [RunInstancesCommand, 'RunInstances', (i) => compute.runInstances(i)],
    [DescribeInstancesCommand, 'DescribeInstances', (i) => compute.describeInstances(i)],
    [DescribeInstanceAttributeCommand, 'DescribeInstanceAttribute', (i) => compute.describeInstanceAttribute(i)],
    [TerminateInstancesCommand, 'TerminateInstances', (i) => compute.terminateInstances(i)],
    [StopInstancesCommand, 'StopInstances', (i) => compute.stopInstances(i)],
    [StartInstancesCommand, 'StartInstances', (i) => compute.startInstances(i)],
    [ModifyInstanceAttributeCommand, 'ModifyInstanceAttribute', (i) => compute.modifyInstanceAttribute(i)],
    [DescribeInstanceTypeOfferingsCommand, 'DescribeInstanceTypeOfferings', (i) => compute.describeInstanceTypeOfferings(i)],
    [DescribeInstanceTypesCommand, 'DescribeInstanceTypes', (i) => compute.describeInstanceTypes(i)],
    [DescribeAvailabilityZonesCommand, 'DescribeAvailabilityZones', (i) => compute.describeAvailabilityZones(i)],
    [AllocateAddressCommand, 'AllocateAddress', (i) => addr.allocateAddress(i)],
    [AssociateAddressCommand, 'AssociateAddress', (i) => addr.associateAddress(i)],
    [DisassociateAddressCommand, 'DisassociateAddress', (i) => addr.disassociateAddress(i)],
    [ReleaseAddressCommand, 'ReleaseAddress', (i) => addr.releaseAddress(i)],
    [DescribeAddressesCommand, 'DescribeAddresses', (i) => addr.describeAddresses(i)],
    [CreateNatGatewayCommand, 'CreateNatGateway', (i) => addr.createNatGateway(i)],
    [DescribeNatGatewaysCommand, 'DescribeNatGateways', (i) => addr.describeNatGateways(i)],
    [DeleteNatGatewayCommand, 'DeleteNatGateway', (i) => addr.deleteNatGateway(i)],
    [CreateTagsCommand, 'CreateTags', (i) => tagSvc.createTags(i)],
    [DescribeAccountAttributesCommand, 'DescribeAccountAttributes', () => ({
      AccountAttributes: [
        { AttributeName: 'supported-platforms', AttributeValues: [{ AttributeValue: 'VPC' }] },
        { AttributeName: 'vpc-max-elastic-ips', AttributeValues: [{ AttributeValue: String(opts.elasticIpLimit ?? 5) }] },
        { AttributeName: 'max-instances', AttributeValues: [{ AttributeValue: '20' }] },
      ],
    })],
    [DeleteTagsCommand, 'DeleteTags', (i) => tagSvc.deleteTags(i)],
  ];
  for (const [command, name, handler] of ec2Routes) {
    ec2Mock.on(command).callsFake((input: any) => serve(name, input, handler, true));
  }

  const ssmParameter = (name: string) => {
    if (name !== AL2023_PARAMETER && name !== AL2023_ARM_PARAMETER) return undefined;
    return {
      Name: name,
      Type: 'String',
      Value: name === AL2023_ARM_PARAMETER ? ARM_AMI_ID : store.cfg.amiId,
      Version: 1,
      DataType: 'aws:ec2:image',
      ARN: `arn:aws:ssm:${region}::parameter${name}`,
      LastModifiedDate: new Date(0),
    };
  };
  ssmMock.on(GetParameterCommand).callsFake((input: any) =>
    serve('GetParameter', input, (i) => {
      const p = ssmParameter(need<string>(i.Name, 'Name'));
      if (!p) throw ssmError('ParameterNotFound', `Parameter ${i.Name} not found.`);
      return { Parameter: p };
    }),
  );
  ssmMock.on(GetParametersCommand).callsFake((input: any) =>
    serve('GetParameters', input, (i) => {
      const names: string[] = need(i.Names, 'Names');
      return {
        Parameters: names.map(ssmParameter).filter((p) => p !== undefined),
        InvalidParameters: names.filter((n) => !ssmParameter(n)),
      };
    }),
  );

  // Service Quotas: the account's applied values for the quotas the fake knows; AWS's
  // default for the others (GetServiceQuota answers NoSuchResourceException there).
  const applied: Partial<Record<QuotaKey, number>> = { standardVcpus: store.cfg.vcpuLimit, elasticIps: opts.elasticIpLimit ?? 5, vpcs: opts.vpcLimit ?? 5 };
  const quotaKey = (i: any) => (Object.keys(QUOTAS) as QuotaKey[]).find((k) => QUOTAS[k].service === i.ServiceCode && QUOTAS[k].code === i.QuotaCode);
  const quota = (i: any, value: number | undefined) => {
    if (opts.serviceQuotas === 'refused') throw quotasError('AccessDeniedException', 'You do not have sufficient access to perform this action.');
    if (opts.serviceQuotas === 'absent' || value === undefined) throw quotasError('NoSuchResourceException', 'The request failed because the specified resource does not exist.');
    return { Quota: { ServiceCode: i.ServiceCode, QuotaCode: i.QuotaCode, Value: value, Unit: 'None', Adjustable: true, GlobalQuota: false } };
  };
  const quotasMock = mockClient(ServiceQuotasClient);
  quotasMock.send.callsFake(async (cmd: any) => {
    throw quotasError('UnsupportedOperation', `fake Service Quotas does not implement ${cmd?.constructor?.name ?? 'this command'}`);
  });
  quotasMock.on(GetServiceQuotaCommand).callsFake((input: any) => serve('GetServiceQuota', input, (i) => {
    const key = quotaKey(i);
    return quota(i, key && applied[key]);
  }));
  quotasMock.on(GetAWSDefaultServiceQuotaCommand).callsFake((input: any) => serve('GetAWSDefaultServiceQuota', input, (i) => {
    const key = quotaKey(i);
    return quota(i, key && QUOTAS[key].default);
  }));

  const clientConfig = {
    region,
    credentials: { accessKeyId: 'AKIAFAKEFAKEFAKEFAKE', secretAccessKey: 'fake-secret' },
  };

  const worldMap = <R, V>(recs: R[], key: (r: R) => string, view: (r: R) => V) => {
    store.settle();
    return new Map(recs.map((r) => [key(r), view(r)]));
  };
  const world: FakeWorld = {
    get vpcs() {
      return worldMap(store.live(store.vpcs), (v) => v.id, (v) => ({
        ...views.vpc(v),
        EnableDnsSupport: v.dnsSupport,
        EnableDnsHostnames: v.dnsHostnames,
      }));
    },
    get subnets() {
      return worldMap(store.live(store.subnets), (x) => x.id, (x) => views.subnet(x));
    },
    get igws() {
      return worldMap(store.live(store.igws), (x) => x.id, (x) => views.igw(x));
    },
    get routeTables() {
      return worldMap(store.live(store.routeTables), (x) => x.id, (x) => views.rtb(x));
    },
    get securityGroups() {
      return worldMap(store.live(store.securityGroups), (x) => x.id, (x) => views.sg(x));
    },
    get keyPairs() {
      return worldMap(store.live(store.keyPairs), (x) => x.name, (x) => views.key(x));
    },
    get instances() {
      return worldMap(store.liveInstances(), (x) => x.id, (x) => ({ ...views.instance(x), UserData: x.userData }));
    },
    get addresses() {
      return worldMap(store.live(store.addresses), (x) => x.id, (x) => views.address(x));
    },
    get natGateways() {
      return worldMap(store.liveNats(), (x) => x.id, (x) => views.nat(x));
    },
  };
  const allRecords: Record<keyof FakeWorld, Map<string, unknown>> = {
    vpcs: store.vpcs,
    subnets: store.subnets,
    igws: store.igws,
    routeTables: store.routeTables,
    securityGroups: store.securityGroups,
    keyPairs: store.keyPairs,
    instances: store.instances,
    addresses: store.addresses,
    natGateways: store.natGateways,
  };

  return {
    ec2Mock,
    ssmMock,
    ec2: new EC2Client(clientConfig),
    ssm: new SSMClient(clientConfig),
    serviceQuotas: new ServiceQuotasClient(clientConfig),
    calls,
    dryRuns,
    mutatingCalls: () => calls.filter((c) => !/^(Describe|Get)/.test(c.name)).map((c) => c.name),
    expiry,
    scheduler: expiry.scheduler,
    iam: expiry.iam,
    sts: expiry.sts,
    restore: () => {
      ec2Mock.restore();
      ssmMock.restore();
      quotasMock.restore();
      expiry.restore();
    },
    failNext: (name, error, o) => faults.add(name, error, o),
    throttle: (o) => faults.setThrottle(o),
    inAccount: (id, fn) => account.run(id, fn),
    bucketCounts,
    world,
    count: (kind, o) => (o?.includeGone ? allRecords[kind].size : world[kind].size),
  };
}
