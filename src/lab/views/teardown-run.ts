/**
 * `destroy --vpc`'s work against AWS: gather what EC2 shows of the VPC (the Inventory in the
 * VPC's scope, and the few listings it lacks), record the plan before the first delete
 * (under the VPC's ID, wherever the state lives), and run it through the engine: one
 * resource per item, independent deletes at once, each wait as short as the kinds' own.
 */
import {
  DeleteInternetGatewayCommand,
  DeleteKeyPairCommand,
  DeleteNetworkAclCommand,
  DeleteNetworkInterfaceCommand,
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVolumeCommand,
  DeleteVpcCommand,
  DescribeAddressesCommand,
  DescribeInternetGatewaysCommand,
  DescribeKeyPairsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeVolumesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  DisassociateAddressCommand,
  DisassociateRouteTableCommand,
  ReleaseAddressCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type Address,
  type InternetGateway,
  type IpPermission,
  type KeyPairInfo,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { described, type Ec2KindName } from '../../aws/ec2-kinds.js';
import { errorCode, unlessNotFound } from '../../aws/errors.js';
import { down, type StepResult } from '../../engine/graph.js';
import type { Live, Resource } from '../../engine/resource.js';
import type { StateStore } from '../../engine/state.js';
import type { LabContext } from '../core/context.js';
import { terminateInstance } from '../kinds/instance.js';
import { deleteNatGateway } from '../kinds/nat-gateway.js';
import type { TeardownItem, TeardownKind, TeardownPlan, VpcFacts } from './teardown.js';

/** Every listing gatherVpc makes: what `policy --vpc` allows beside the deletes. */
export const TEARDOWN_READS = [
  'ec2:DescribeVpcs',
  'ec2:DescribeSubnets',
  'ec2:DescribeInternetGateways',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeNetworkAcls',
  'ec2:DescribeInstances',
  'ec2:DescribeNatGateways',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeAddresses',
  'ec2:DescribeVpcPeeringConnections',
  'ec2:DescribeTransitGatewayVpcAttachments',
  'ec2:DescribeVpcEndpoints',
  'ec2:DescribeVolumes',
  'ec2:DescribeKeyPairs',
];

/** The VPC named by ID, or by its Name tag (exactly one VPC of the region must carry it). */
export async function findVpc(ctx: Pick<LabContext, 'ec2'>, idOrName: string): Promise<Vpc[]> {
  if (/^vpc-[0-9a-f]+$/.test(idOrName)) return (await unlessNotFound(ctx.ec2.send(new DescribeVpcsCommand({ VpcIds: [idOrName] }))))?.Vpcs ?? [];
  return (await ctx.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: [idOrName] }] }))).Vpcs ?? [];
}

/**
 * Everything of the VPC, all at once: the inventory's kinds (one Describe each, by the
 * VPC's filter) and the interfaces, volumes, addresses, peerings, transit gateway
 * attachments and endpoints. `recorded`: IDs a killed run recorded — an address whose NAT
 * gateway is gone no longer points at the VPC, and is the VPC's still. Undefined: the VPC is gone.
 */
export async function gatherVpc(ctx: LabContext, vpcId: string, recorded: ReadonlySet<string> = new Set()): Promise<VpcFacts | undefined> {
  const inv = ctx.inventory;
  const ec2 = ctx.ec2;
  const byVpc = [{ Name: 'vpc-id', Values: [vpcId] }];
  const [vpcs, subnets, internetGateways, routeTables, securityGroups, networkAcls, instances, natGateways, interfaces, allAddresses, requested, accepted, attachments, endpoints] = await Promise.all([
    inv.vpcs(),
    inv.subnets(),
    inv.internetGateways(),
    inv.routeTables(),
    inv.securityGroups(),
    inv.networkAcls(),
    inv.instances(),
    inv.natGateways(),
    ec2.send(new DescribeNetworkInterfacesCommand({ Filters: byVpc })).then((o) => o.NetworkInterfaces ?? []),
    ec2.send(new DescribeAddressesCommand({})).then((o) => o.Addresses ?? []),
    ec2.send(new DescribeVpcPeeringConnectionsCommand({ Filters: [{ Name: 'requester-vpc-info.vpc-id', Values: [vpcId] }] })).then((o) => o.VpcPeeringConnections ?? []),
    ec2.send(new DescribeVpcPeeringConnectionsCommand({ Filters: [{ Name: 'accepter-vpc-info.vpc-id', Values: [vpcId] }] })).then((o) => o.VpcPeeringConnections ?? []),
    ec2.send(new DescribeTransitGatewayVpcAttachmentsCommand({ Filters: byVpc })).then((o) => o.TransitGatewayVpcAttachments ?? []),
    ec2.send(new DescribeVpcEndpointsCommand({ Filters: byVpc })).then((o) => o.VpcEndpoints ?? []),
  ]);
  const vpc = vpcs.find((v) => v.VpcId === vpcId);
  if (!vpc) return undefined;
  const instanceIds = instances.map((i) => i.InstanceId!);
  const [volumes, keyPairs, detached] = await Promise.all([
    instanceIds.length ? ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: instanceIds }] })).then((o) => o.Volumes ?? []) : [],
    keyPairsOf(ctx, instances.map((i) => i.KeyName).filter((k): k is string => Boolean(k)), recorded),
    detachedGateways(ctx, recorded, internetGateways),
  ]);
  const mine = new Set<string | undefined>([
    ...instanceIds,
    ...interfaces.map((n) => n.NetworkInterfaceId),
    ...natGateways.flatMap((n) => (n.NatGatewayAddresses ?? []).map((a) => a.AllocationId)),
    ...recorded,
  ]);
  const ofVpc = (a: Address) => mine.has(a.AllocationId) || mine.has(a.InstanceId) || mine.has(a.NetworkInterfaceId);
  return {
    region: ctx.settings.region,
    vpc,
    subnets,
    internetGateways: [...internetGateways, ...detached],
    routeTables,
    securityGroups,
    networkAcls,
    instances,
    natGateways,
    interfaces,
    volumes,
    addresses: allAddresses.filter(ofVpc),
    idleAddresses: allAddresses.filter((a) => !ofVpc(a) && !a.AssociationId && !a.InstanceId && !a.NetworkInterfaceId),
    keyPairs,
    // Checked item by item too: an endpoint may ignore a filter (moto ignores the peering ones).
    peerings: [...new Map([...requested, ...accepted].filter((p) => p.RequesterVpcInfo?.VpcId === vpcId || p.AccepterVpcInfo?.VpcId === vpcId).map((p) => [p.VpcPeeringConnectionId, p])).values()],
    transitGatewayAttachments: attachments.filter((a) => a.VpcId === vpcId),
    endpoints: endpoints.filter((e) => e.VpcId === vpcId),
  };
}

/**
 * The internet gateways a killed run recorded and had detached, not yet deleted: no longer
 * the VPC's by its filter, and still to delete (attached elsewhere, they are not taken:
 * recordStrangers refuses them).
 */
async function detachedGateways(ctx: LabContext, recorded: ReadonlySet<string>, attached: readonly InternetGateway[]): Promise<InternetGateway[]> {
  const ids = [...recorded].filter((id) => id.startsWith('igw-') && !attached.some((g) => g.InternetGatewayId === id));
  const found = await Promise.all(ids.map((id) => unlessNotFound(ctx.ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [id] })))));
  return found.flatMap((o) => o?.InternetGateways ?? []).filter((g) => (g.Attachments ?? []).every((a) => a.State === 'detached'));
}

/** The key pairs its instances use, and those a killed run recorded (their instances may be gone). */
async function keyPairsOf(ctx: LabContext, names: string[], recorded: ReadonlySet<string>): Promise<KeyPairInfo[]> {
  if (!names.length && ![...recorded].some((id) => id.startsWith('key-'))) return [];
  const all = (await ctx.ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs ?? [];
  return all.filter((k) => names.includes(k.KeyName!) || recorded.has(k.KeyPairId!));
}

// ---- the record a rerun finishes from -----------------------------------------------

/** What a run records before its first delete (state settings `teardown`). */
export interface TeardownRecord {
  vpcId: string;
  natOnly: boolean;
  items: { kind: TeardownKind; id: string }[];
}

const RECORD_ID = /^(vpc|subnet|igw|rtb|sg|acl|i|vol|eipalloc|eni|nat|key)-[0-9a-f]+$/;

/** The record of a killed run, if the state holds one for this VPC (IDs of another shape are not taken from a file). */
export function recordOf(state: StateStore, vpcId: string): TeardownRecord | undefined {
  const r = state.snapshot.settings?.teardown as TeardownRecord | undefined;
  if (!r || r.vpcId !== vpcId || !Array.isArray(r.items)) return undefined;
  return { vpcId, natOnly: Boolean(r.natOnly), items: r.items.filter((i) => typeof i?.id === 'string' && RECORD_ID.test(i.id)) };
}

/** Written before the first delete: a run killed at any call, run again, finishes the work. */
export async function record(state: StateStore, plan: TeardownPlan, natOnly: boolean): Promise<void> {
  const before = recordOf(state, plan.vpcId);
  // A rerun keeps what the first run recorded (an address gone from the VPC's view is still to release).
  const items = [...(before?.items ?? []), ...plan.items.map(({ kind, id }) => ({ kind, id }))];
  const unique = [...new Map(items.map((i) => [`${i.kind}:${i.id}`, i])).values()];
  await state.setSettings(plan.region, { teardown: { vpcId: plan.vpcId, natOnly, items: unique } satisfies TeardownRecord });
}

// ---- a rerun trusts no recorded ID it has not seen in the VPC ----------------------------

/** A recorded resource that is not the VPC's now: in another VPC, or held by what is not the VPC's. */
export interface Stranger {
  kind: TeardownKind;
  id: string;
  /** Where it is: the VPC, instance or interface it belongs to. */
  where: string;
}

type Item = Record<string, unknown>;

/** Each recorded kind as EC2 describes it (a rule set is its group's; a key pair has no VPC: see strangersOf). */
const DESCRIBED: Partial<Record<TeardownKind, Ec2KindName>> = {
  vpc: 'vpc',
  subnet: 'subnet',
  internetGateway: 'internetGateway',
  routeTable: 'routeTable',
  securityGroup: 'securityGroup',
  groupRules: 'securityGroup',
  networkAcl: 'networkAcl',
  networkInterface: 'networkInterface',
  instance: 'instance',
  natGateway: 'natGateway',
  address: 'address',
};

/** What EC2 shows of one recorded ID now; undefined: gone (or never there). */
async function describeOne(ctx: LabContext, kind: TeardownKind, id: string): Promise<Item | undefined> {
  if (kind === 'volume') return (await ctx.ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'volume-id', Values: [id] }] }))).Volumes?.[0] as Item | undefined;
  const name = DESCRIBED[kind];
  if (!name) return undefined;
  const d = described(name);
  const out = (await unlessNotFound(ctx.ec2.send(new d.command({ [d.ids]: [id] } as never) as never))) as Record<string, Item[] | undefined> | undefined;
  const items = out?.[d.result] ?? [];
  const item = (d.nested ? items.flatMap((i) => (i[d.nested!] as Item[] | undefined) ?? []) : items).find((i) => i[d.id] === id);
  return item && !d.gone?.(item) ? item : undefined;
}

/**
 * A killed run's record, checked before a rerun deletes anything: each recorded resource
 * still there must still be the VPC's. The record is a file (or an S3 object) that may
 * have been edited, or copied from another VPC's; its IDs are only shape-checked when read.
 * `facts`: the VPC as gathered now (undefined: it is gone); what it lacks is described by ID.
 */
export async function recordStrangers(ctx: LabContext, r: TeardownRecord, facts: VpcFacts | undefined): Promise<Stranger[]> {
  const known = new Map<string, Item>();
  if (facts) {
    const lists: [readonly object[], string][] = [
      [[facts.vpc], 'VpcId'], [facts.subnets, 'SubnetId'], [facts.internetGateways, 'InternetGatewayId'], [facts.routeTables, 'RouteTableId'],
      [facts.securityGroups, 'GroupId'], [facts.networkAcls, 'NetworkAclId'], [facts.interfaces, 'NetworkInterfaceId'], [facts.instances, 'InstanceId'],
      [facts.natGateways, 'NatGatewayId'], [facts.volumes, 'VolumeId'], [facts.addresses, 'AllocationId'],
    ];
    for (const [items, id] of lists) for (const i of items as Item[]) known.set(String(i[id]), i);
  }
  const now = new Map<string, Item | undefined>(
    await Promise.all(r.items.map(async (i) => [i.id, known.has(i.id) ? known.get(i.id) : await describeOne(ctx, i.kind, i.id)] as const)),
  );
  return strangersOf(r, facts?.vpc.VpcId ?? r.vpcId, now, facts);
}

/**
 * Which recorded resources are not the VPC's now (pure). In it by their VpcId: subnets,
 * route tables, groups, ACLs, interfaces, instances, NAT gateways; an internet gateway
 * attached to it or detached; an Elastic IP associated with nothing or with an instance or
 * interface of the VPC (a NAT gateway's is its interface's); a volume attached to nothing
 * or to an instance of the VPC. A key pair has no VPC: a record names one only when
 * --key-pair asked for the key of the VPC's instances.
 */
export function strangersOf(r: TeardownRecord, vpcId: string, now: ReadonlyMap<string, Item | undefined>, facts: Pick<VpcFacts, 'instances' | 'interfaces'> | undefined): Stranger[] {
  const inVpc = (i: Item) => i.VpcId === vpcId;
  const vpcInstances = new Set([...(facts?.instances ?? []).map((i) => i.InstanceId), ...r.items.filter((x) => x.kind === 'instance' && now.get(x.id) && inVpc(now.get(x.id)!)).map((x) => x.id)]);
  const vpcInterfaces = new Set((facts?.interfaces ?? []).filter((n) => n.VpcId === vpcId).map((n) => n.NetworkInterfaceId));
  const whereOf = (kind: TeardownKind, i: Item): string | undefined => {
    switch (kind) {
      case 'vpc':
        return i.VpcId === vpcId ? undefined : String(i.VpcId);
      case 'keyPair':
        return undefined;
      case 'internetGateway': {
        const other = ((i.Attachments ?? []) as { VpcId?: string; State?: string }[]).find((a) => a.VpcId && a.VpcId !== vpcId && a.State !== 'detached');
        return other?.VpcId;
      }
      case 'address': {
        const on = (i.InstanceId ?? i.NetworkInterfaceId) as string | undefined;
        if (!on && !i.AssociationId) return undefined;
        return vpcInstances.has(i.InstanceId as string) || vpcInterfaces.has(i.NetworkInterfaceId as string) ? undefined : (on ?? String(i.AssociationId));
      }
      case 'volume': {
        const on = ((i.Attachments ?? []) as { InstanceId?: string; State?: string }[]).find((a) => a.InstanceId && a.State !== 'detached')?.InstanceId;
        return !on || vpcInstances.has(on) ? undefined : on;
      }
      default:
        return inVpc(i) ? undefined : String(i.VpcId ?? '?');
    }
  };
  return r.items.flatMap((x) => {
    const item = now.get(x.id);
    const where = item && whereOf(x.kind, item);
    return where ? [{ kind: x.kind, id: x.id, where }] : [];
  });
}

/** The addresses a record names that are still there. */
export async function releasable(ctx: LabContext, r: TeardownRecord): Promise<Address[]> {
  const ids = new Set(r.items.filter((i) => i.kind === 'address').map((i) => i.id));
  if (!ids.size) return [];
  const all = (await ctx.ec2.send(new DescribeAddressesCommand({}))).Addresses ?? [];
  return all.filter((a) => ids.has(a.AllocationId!));
}

// ---- the engine's resources ----------------------------------------------------------

/** AWS's "still in use" for an address or an interface: the engine waits and retries it like a DependencyViolation. */
const IN_USE = new Set(['InvalidIPAddress.InUse', 'InvalidNetworkInterface.InUse']);

async function inUseIsDependency<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (!IN_USE.has(errorCode(err))) throw err;
    throw Object.assign(new Error((err as Error).message), { name: 'DependencyViolation', Code: 'DependencyViolation' });
  }
}

/** Gone already, or never there: done. */
async function unlessGone<T>(call: Promise<T>, codes: readonly string[] = []): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (codes.includes(errorCode(err)) || /NotFound$/.test(errorCode(err))) return undefined;
    throw err;
  }
}

type Delete = (ctx: LabContext, live: Live, step: Parameters<Resource<LabContext>['delete']>[2]) => Promise<void>;

/** How each kind goes, and the IAM actions that takes (policy --vpc reads these). */
export const DELETES: Record<TeardownKind, { actions: string[]; run: Delete }> = {
  // The kinds' own delete and wait (lab/kinds): the NAT gateway's address, subnet and the gateway's detach wait on it being gone, not deleting.
  natGateway: { actions: ['ec2:DeleteNatGateway'], run: deleteNatGateway },
  instance: { actions: ['ec2:TerminateInstances'], run: (ctx, live, step) => terminateInstance(ctx, live, step, 'instance') },
  volume: {
    actions: ['ec2:DeleteVolume'],
    run: async (ctx, live) => void (await inUseIsDependency(ctx.ec2.send(new DeleteVolumeCommand({ VolumeId: live.id })))),
  },
  address: {
    actions: ['ec2:DisassociateAddress', 'ec2:ReleaseAddress'],
    async run(ctx, live) {
      // An instance's or interface's address is let go of at once; a NAT gateway's goes with it (AWS refuses to take it off).
      if (live.attrs.associationId && !live.attrs.natHeld) {
        await unlessGone(ctx.ec2.send(new DisassociateAddressCommand({ AssociationId: live.attrs.associationId })), ['InvalidAssociationID.NotFound']);
      }
      await inUseIsDependency(ctx.ec2.send(new ReleaseAddressCommand({ AllocationId: live.id })));
    },
  },
  networkInterface: {
    actions: ['ec2:DeleteNetworkInterface'],
    run: async (ctx, live) => void (await inUseIsDependency(ctx.ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: live.id })))),
  },
  internetGateway: {
    actions: ['ec2:DetachInternetGateway', 'ec2:DeleteInternetGateway'],
    async run(ctx, live) {
      // DependencyViolation while a public address is still mapped: the engine retries.
      await unlessGone(ctx.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: live.id, VpcId: live.attrs.attachedTo })), ['Gateway.NotAttached']);
      await ctx.ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: live.id }));
    },
  },
  routeTable: {
    actions: ['ec2:DisassociateRouteTable', 'ec2:DeleteRouteTable'],
    async run(ctx, live) {
      for (const id of (live.attrs.associations ?? '').split(' ').filter(Boolean)) {
        await unlessGone(ctx.ec2.send(new DisassociateRouteTableCommand({ AssociationId: id })));
      }
      await ctx.ec2.send(new DeleteRouteTableCommand({ RouteTableId: live.id }));
    },
  },
  groupRules: {
    actions: ['ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress'],
    async run(ctx, live) {
      const ingress = JSON.parse(live.attrs.ingress ?? '[]') as IpPermission[];
      const egress = JSON.parse(live.attrs.egress ?? '[]') as IpPermission[];
      if (ingress.length) await unlessGone(ctx.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: live.id, IpPermissions: ingress })));
      if (egress.length) await unlessGone(ctx.ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: live.id, IpPermissions: egress })));
    },
  },
  securityGroup: {
    actions: ['ec2:DeleteSecurityGroup'],
    run: async (ctx, live) => void (await ctx.ec2.send(new DeleteSecurityGroupCommand({ GroupId: live.id }))),
  },
  subnet: {
    actions: ['ec2:DeleteSubnet'],
    run: async (ctx, live) => void (await ctx.ec2.send(new DeleteSubnetCommand({ SubnetId: live.id }))),
  },
  networkAcl: {
    actions: ['ec2:DeleteNetworkAcl'],
    run: async (ctx, live) => void (await ctx.ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: live.id }))),
  },
  keyPair: {
    actions: ['ec2:DeleteKeyPair'],
    run: async (ctx, live) => void (await ctx.ec2.send(new DeleteKeyPairCommand({ KeyName: live.attrs.keyName }))),
  },
  vpc: {
    actions: ['ec2:DeleteVpc'],
    run: async (ctx, live) => void (await ctx.ec2.send(new DeleteVpcCommand({ VpcId: live.id }))),
  },
};

/** The AWS name of each kind, for the engine's "still in use" error. */
const AWS_KIND: Record<TeardownKind, string> = {
  natGateway: 'NatGateway',
  instance: 'Instance',
  volume: 'Volume',
  address: 'ElasticIp',
  networkInterface: 'NetworkInterface',
  internetGateway: 'InternetGateway',
  routeTable: 'RouteTable',
  groupRules: 'SecurityGroupRules',
  securityGroup: 'SecurityGroup',
  subnet: 'Subnet',
  networkAcl: 'NetworkAcl',
  keyPair: 'KeyPair',
  vpc: 'Vpc',
};

/** One engine resource per item: found as gathered, deleted as its kind goes. */
export function teardownResources(plan: TeardownPlan): Resource<LabContext>[] {
  // The engine starts the deletes in its order, children first, the last given first among
  // those that wait for nothing: the long waits (NAT gateways, then instances) go out first.
  const first = (i: TeardownItem) => (i.kind === 'natGateway' ? 2 : i.kind === 'instance' ? 1 : 0);
  return [...plan.items].sort((a, b) => first(a) - first(b)).map((item: TeardownItem): Resource<LabContext> => ({
    key: item.key,
    kind: AWS_KIND[item.kind],
    chapter: 0,
    dependsOn: item.dependsOn,
    // The long waits: NAT gateways and instances go first when calls are scarce.
    settleMs: item.kind === 'natGateway' ? 40_000 : item.kind === 'instance' ? 30_000 : undefined,
    actions: DELETES[item.kind].actions,
    label: () => ['teardown_item', item.kind, item.id, item.name, item.attrs.cidr ?? item.attrs.type],
    find: async () => ({ id: item.id, state: item.attrs.state, attrs: item.attrs }),
    create: () => Promise.reject(new Error(`internal: teardown never creates (${item.key})`)),
    delete: DELETES[item.kind].run,
  }));
}

/** Delete the plan's items through the engine; the steps that deleted something. */
export async function runTeardown(ctx: LabContext, stop: AbortController, plan: TeardownPlan): Promise<StepResult[]> {
  const { steps } = await down(teardownResources(plan), ctx, stop);
  return steps.filter((s) => s.outcome === 'deleted');
}
