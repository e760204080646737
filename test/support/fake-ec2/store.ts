/** Shared state: every record ever made, the clock, IDs and addresses, ClientToken idempotency, and the timed states. */
import { createHash } from 'node:crypto';
import type { InstanceStateName, NatGatewayState } from '@aws-sdk/client-ec2';
import type { Clock } from '../../../src/engine/clock.js';
import type { FakeTimings } from './api.js';
import { cidrSize, ipToString } from './cidr.js';
import { awsError, need, notFound, type Kind } from './errors.js';
import type { AddressRec, Base, IgwRec, InstanceRec, KeyRec, NatRec, RtbRec, SgRec, SubnetRec, VpcRec } from './records.js';

/** The fake account's vCPU quota unless a test names one: an established account's (new ones may have 5). */
export const FAKE_VCPU_LIMIT = 32;

export const AL2023_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';
export const AL2023_ARM_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64';
export const ARM_AMI_ID = 'ami-0fakearm64';

export const DEFAULT_TIMINGS: FakeTimings = {
  instancePendingMs: 30_000,
  instanceStoppingMs: 40_000,
  natPendingMs: 90_000,
  natDeletingMs: 60_000,
  latencyMs: 0,
  eventualMs: 0,
};

export const OWNER_ID = '123456789012';

/** Key-order-independent JSON, to compare the inputs of two calls sharing a ClientToken. */
export function stableStringify(v: unknown): string {
  return JSON.stringify(v, (_k, val) => {
    if (val instanceof Uint8Array) return Buffer.from(val).toString('base64');
    if (val && typeof val === 'object' && !Array.isArray(val)) {
      return Object.fromEntries(Object.keys(val).sort().map((k) => [k, (val as Record<string, unknown>)[k]]));
    }
    return val;
  });
}

export interface Config {
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

export function vcpusOfType(type: string): number {
  const n = FAKE_VCPUS[type];
  if (n === undefined) throw new Error(`fake EC2: add ${type} to FAKE_VCPUS`);
  return n;
}

export class Store {
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
