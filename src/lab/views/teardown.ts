/**
 * The teardown of a VPC the tool did not build (`destroy --vpc`), as a plan over what EC2
 * describes: every item to delete with its real attributes and hourly price, the order
 * AWS makes the deletes take (as engine dependencies: each item is deleted before those
 * it "depends on"), what stops it altogether (what the tool does not remove), and what is
 * left alone. Pure: teardown-run.ts gathers the facts and runs the plan through the engine.
 */
import type {
  Address,
  Instance,
  InternetGateway,
  KeyPairInfo,
  NatGateway,
  NetworkAcl,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
  Subnet,
  Tag,
  TransitGatewayVpcAttachment,
  Volume,
  Vpc,
  VpcEndpoint,
  VpcPeeringConnection,
} from '@aws-sdk/client-ec2';
import { HOURS_PER_MONTH, priceOf } from '../core/cost.js';
import { tagValue } from '../core/tags.js';

/** Everything EC2 shows of one VPC (and the region's addresses), as teardown-run.ts gathers it. */
export interface VpcFacts {
  region: string;
  vpc: Vpc;
  subnets: Subnet[];
  internetGateways: InternetGateway[];
  routeTables: RouteTable[];
  securityGroups: SecurityGroup[];
  networkAcls: NetworkAcl[];
  /** Not yet terminated (shutting-down ones included). */
  instances: Instance[];
  /** Not yet deleted (deleting ones included). */
  natGateways: NatGateway[];
  interfaces: NetworkInterface[];
  /** The volumes attached to its instances. */
  volumes: Volume[];
  /** The VPC's addresses (those of its instances, NAT gateways and interfaces, and those a killed run recorded). */
  addresses: Address[];
  /** The region's addresses associated with nothing and not the VPC's: listed, released only when named. */
  idleAddresses: Address[];
  /** The key pairs its instances were launched with. */
  keyPairs: KeyPairInfo[];
  peerings: VpcPeeringConnection[];
  transitGatewayAttachments: TransitGatewayVpcAttachment[];
  endpoints: VpcEndpoint[];
}

/** What a teardown deletes, one kind per call that removes it. */
export type TeardownKind =
  | 'natGateway'
  | 'instance'
  | 'volume'
  | 'address'
  | 'networkInterface'
  | 'internetGateway'
  | 'routeTable'
  | 'groupRules'
  | 'securityGroup'
  | 'subnet'
  | 'networkAcl'
  | 'keyPair'
  | 'vpc';

export interface TeardownItem {
  /** `${kind}:${id}`: the engine's key. */
  key: string;
  kind: TeardownKind;
  id: string;
  /** Its Name tag. */
  name?: string;
  /** What the plan shows: CIDR, type, state, public IP, size; and what the delete needs (associations, rules). */
  attrs: Record<string, string | undefined>;
  /** $ an hour it bills (undefined: the price table has no price for it). */
  hourly: number | undefined;
  /** The keys deleted only after this one (engine's dependsOn: "made before it"). */
  dependsOn: string[];
}

/** What the tool does not remove, found in the VPC: the whole teardown is refused. */
export interface Foreign {
  kind: 'interface' | 'peering' | 'transitGatewayAttachment' | 'endpoint';
  id: string;
  /** What AWS says it is (an interface's InterfaceType and Description, an endpoint's service). */
  what: string;
}

/** Left alone, and said so: a key pair (unless --key-pair), an idle address of the region (unless named). */
export interface LeftAlone {
  kind: 'keyPair' | 'idleAddress';
  id: string;
  name?: string;
  publicIp?: string;
  hourly: number | undefined;
}

export interface TeardownPlan {
  vpcId: string;
  name?: string;
  cidr?: string;
  region: string;
  isDefault: boolean;
  items: TeardownItem[];
  foreign: Foreign[];
  leftAlone: LeftAlone[];
  /** $ an hour and a month that stop (items without a price counted as 0; `unpriced` says how many). */
  hourly: number;
  monthly: number;
  unpriced: number;
}

export interface PlanOptions {
  /** The NAT only: NAT gateways and their addresses, NAT instances and theirs (destroy --nat-only). */
  natOnly?: boolean;
  /** Delete the key pairs of its instances too (--key-pair). */
  keyPair?: boolean;
  /** Idle addresses of the region named to be released too (--also-delete). */
  alsoDelete?: ReadonlySet<string>;
  /** IDs a killed run recorded: its addresses are still to release, whatever holds them now. */
  recorded?: ReadonlySet<string>;
}

/**
 * The interface types of the instances and NAT gateways this teardown removes; any other
 * belongs to a service it does not. A NAT gateway's reads natGateway in the API's model and
 * nat_gateway in its filter's documentation: both.
 */
const OWN_INTERFACE_TYPES = new Set(['interface', 'efa', 'efa-only', 'natGateway', 'nat_gateway']);

const nameOf = (tags: Tag[] | undefined) => tagValue(tags, 'Name');
const keyOf = (kind: TeardownKind, id: string) => `${kind}:${id}`;

/** Interfaces of services this tool does not remove (load balancers, databases, endpoints, Lambda…): AWS marks them requester-managed, or by type. */
export function foreignInterfaces(f: Pick<VpcFacts, 'interfaces' | 'natGateways'>): Foreign[] {
  const natEnis = new Set(f.natGateways.flatMap((n) => (n.NatGatewayAddresses ?? []).map((a) => a.NetworkInterfaceId)));
  return f.interfaces
    .filter((i) => !natEnis.has(i.NetworkInterfaceId) && (i.RequesterManaged || !OWN_INTERFACE_TYPES.has(i.InterfaceType ?? 'interface')))
    .map((i) => ({ kind: 'interface' as const, id: i.NetworkInterfaceId!, what: [i.InterfaceType, i.Description].filter(Boolean).join(': ') }));
}

/** Everything in the VPC the tool does not remove. */
export function foreignOf(f: VpcFacts): Foreign[] {
  const live = (s: string | undefined) => !['deleted', 'deleting', 'rejected', 'failed', 'expired'].includes(s ?? '');
  return [
    ...foreignInterfaces(f),
    ...f.peerings.filter((p) => live(p.Status?.Code)).map((p) => ({ kind: 'peering' as const, id: p.VpcPeeringConnectionId!, what: `${p.RequesterVpcInfo?.VpcId} ↔ ${p.AccepterVpcInfo?.VpcId}` })),
    ...f.transitGatewayAttachments.filter((a) => live(a.State)).map((a) => ({ kind: 'transitGatewayAttachment' as const, id: a.TransitGatewayAttachmentId!, what: a.TransitGatewayId ?? '' })),
    ...f.endpoints.filter((e) => live(e.State?.toLowerCase())).map((e) => ({ kind: 'endpoint' as const, id: e.VpcEndpointId!, what: `${e.VpcEndpointType}: ${e.ServiceName}` })),
  ];
}

/**
 * The instances that are NAT instances: the target of a 0.0.0.0/0 route (by instance or by
 * its interface) with the source/destination check off.
 */
export function natInstances(f: Pick<VpcFacts, 'instances' | 'routeTables'>): Instance[] {
  const targets = new Set(f.routeTables.flatMap((t) => (t.Routes ?? []).filter((r) => r.DestinationCidrBlock === '0.0.0.0/0').flatMap((r) => [r.InstanceId, r.NetworkInterfaceId])));
  return f.instances.filter((i) => i.SourceDestCheck === false && (targets.has(i.InstanceId) || (i.NetworkInterfaces ?? []).some((n) => targets.has(n.NetworkInterfaceId))));
}

/** The groups a group's rules name, other than itself, with the rules that name them. */
function referencingRules(g: SecurityGroup, inVpc: ReadonlySet<string>) {
  const naming = (perms: SecurityGroup['IpPermissions']) =>
    (perms ?? [])
      .map((p) => ({ ...p, UserIdGroupPairs: (p.UserIdGroupPairs ?? []).filter((u) => u.GroupId && u.GroupId !== g.GroupId && inVpc.has(u.GroupId)) }))
      .filter((p) => p.UserIdGroupPairs.length > 0)
      .map((p) => ({ IpProtocol: p.IpProtocol, FromPort: p.FromPort, ToPort: p.ToPort, UserIdGroupPairs: p.UserIdGroupPairs.map((u) => ({ GroupId: u.GroupId })) }));
  return { ingress: naming(g.IpPermissions), egress: naming(g.IpPermissionsEgress) };
}

/** An instance's hourly price: its type while it runs, its public IPv4 address (not an Elastic IP: that is its own item), its volumes that go with it. */
function instanceHourly(region: string, i: Instance, volumes: Volume[], hasEip: boolean): number | undefined {
  const running = ['pending', 'running'].includes(i.State?.Name ?? '');
  const compute = running ? priceOf(region, 'instance', i.InstanceType) : 0;
  const ip = running && i.PublicIpAddress && !hasEip ? priceOf(region, 'publicIp') ?? 0 : 0;
  const gb = volumes.reduce((sum, v) => sum + (v.Size ?? 0), 0);
  return compute === undefined ? undefined : compute + ip + gb * (priceOf(region, 'volumeGb') ?? 0);
}

function addressItem(region: string, a: Address, dependsOn: string[], natHeld: boolean): TeardownItem {
  return {
    key: keyOf('address', a.AllocationId!),
    kind: 'address',
    id: a.AllocationId!,
    name: nameOf(a.Tags),
    attrs: { publicIp: a.PublicIp, associationId: a.AssociationId, natHeld: natHeld ? 'yes' : undefined, on: a.InstanceId ?? a.NetworkInterfaceId },
    hourly: priceOf(region, 'publicIp'),
    dependsOn,
  };
}

/**
 * The plan. The order, as AWS makes it (notes/hand-built.md §4): NAT gateways and
 * instances first and at once (waited); the addresses they held after them; the internet
 * gateway once nothing maps a public address; security groups after the rules of others
 * that name them are revoked; subnets once nothing is in them; network ACLs once their
 * subnets are gone; the VPC last.
 */
export function planTeardown(f: VpcFacts, opts: PlanOptions = {}): TeardownPlan {
  const region = f.region;
  const vpcId = f.vpc.VpcId!;
  const vpcKey = keyOf('vpc', vpcId);
  const igwKeys = f.internetGateways.map((g) => keyOf('internetGateway', g.InternetGatewayId!));
  const subnetKey = (id: string | undefined) => (id ? [keyOf('subnet', id)] : []);
  const groupKey = (id: string | undefined) => (id ? [keyOf('securityGroup', id)] : []);
  const natOfAddress = new Map(f.natGateways.flatMap((n) => (n.NatGatewayAddresses ?? []).map((a) => [a.AllocationId, n] as const)));
  const natEnis = new Set(f.natGateways.flatMap((n) => (n.NatGatewayAddresses ?? []).map((a) => a.NetworkInterfaceId)));
  const eipOn = new Set(f.addresses.flatMap((a) => [a.InstanceId, a.NetworkInterfaceId]).filter(Boolean));
  const items: TeardownItem[] = [];

  // NAT gateways: deleted before their subnet, their address and the gateway detach.
  const nats = f.natGateways.map((n): TeardownItem => ({
    key: keyOf('natGateway', n.NatGatewayId!),
    kind: 'natGateway',
    id: n.NatGatewayId!,
    name: nameOf(n.Tags),
    attrs: { state: n.State, subnet: n.SubnetId, type: n.ConnectivityType ?? 'public', publicIp: n.NatGatewayAddresses?.[0]?.PublicIp },
    hourly: n.State === 'deleting' ? 0 : priceOf(region, 'natGateway'),
    dependsOn: [...subnetKey(n.SubnetId), ...(n.NatGatewayAddresses ?? []).flatMap((a) => (a.AllocationId ? [keyOf('address', a.AllocationId)] : [])), ...igwKeys, vpcKey],
  }));

  const volumesOf = (i: Instance) => f.volumes.filter((v) => v.Attachments?.some((a) => a.InstanceId === i.InstanceId));
  const keepsVolume = (v: Volume) => v.Attachments?.some((a) => a.DeleteOnTermination === false);
  const instanceItem = (i: Instance): TeardownItem => {
    const own = volumesOf(i);
    const leftVolumes = own.filter(keepsVolume);
    const interfaces = (i.NetworkInterfaces ?? []).filter((n) => n.Attachment?.DeleteOnTermination === false).map((n) => keyOf('networkInterface', n.NetworkInterfaceId!));
    return {
      key: keyOf('instance', i.InstanceId!),
      kind: 'instance',
      id: i.InstanceId!,
      name: nameOf(i.Tags),
      attrs: { type: i.InstanceType, state: i.State?.Name, subnet: i.SubnetId, privateIp: i.PrivateIpAddress, publicIp: i.PublicIpAddress, keyName: i.KeyName },
      hourly: instanceHourly(region, i, own.filter((v) => !keepsVolume(v)), eipOn.has(i.InstanceId) || (i.NetworkInterfaces ?? []).some((n) => eipOn.has(n.NetworkInterfaceId))),
      dependsOn: [
        ...subnetKey(i.SubnetId),
        ...(i.SecurityGroups ?? []).flatMap((g) => groupKey(g.GroupId)),
        ...leftVolumes.map((v) => keyOf('volume', v.VolumeId!)),
        ...interfaces,
        ...(opts.keyPair && i.KeyName ? f.keyPairs.filter((k) => k.KeyName === i.KeyName).map((k) => keyOf('keyPair', k.KeyPairId!)) : []),
        ...igwKeys,
        vpcKey,
      ],
    };
  };
  const volumeItem = (v: Volume): TeardownItem => ({
    key: keyOf('volume', v.VolumeId!),
    kind: 'volume',
    id: v.VolumeId!,
    name: nameOf(v.Tags),
    attrs: { size: String(v.Size ?? ''), type: v.VolumeType, state: v.State },
    hourly: (v.Size ?? 0) * (priceOf(region, 'volumeGb') ?? 0),
    dependsOn: [],
  });

  if (opts.natOnly) {
    const natInst = natInstances(f);
    items.push(...nats.map((n) => ({ ...n, dependsOn: n.dependsOn.filter((k) => k.startsWith('address:')) })));
    for (const i of natInst) items.push({ ...instanceItem(i), dependsOn: [] });
    const instIds = new Set(natInst.flatMap((i) => [i.InstanceId, ...(i.NetworkInterfaces ?? []).map((n) => n.NetworkInterfaceId)]));
    for (const a of f.addresses) {
      const nat = natOfAddress.get(a.AllocationId);
      if (nat || opts.recorded?.has(a.AllocationId!) || instIds.has(a.InstanceId) || instIds.has(a.NetworkInterfaceId)) items.push(addressItem(region, a, [], Boolean(nat)));
    }
    return finish(f, items, [], opts);
  }

  items.push(...nats);
  items.push(...f.instances.map(instanceItem));
  items.push(...f.volumes.filter(keepsVolume).map(volumeItem));
  // The VPC's addresses: after what holds them (a NAT gateway's cannot be disassociated), before the gateway detaches.
  for (const a of f.addresses) items.push(addressItem(region, a, [...igwKeys], natOfAddress.has(a.AllocationId)));
  for (const a of f.idleAddresses.filter((a) => opts.alsoDelete?.has(a.AllocationId!))) items.push(addressItem(region, a, [], false));

  // Interfaces left over (not an instance's that goes with it, nor a NAT gateway's).
  const instancePrimary = new Set(f.instances.flatMap((i) => (i.NetworkInterfaces ?? []).filter((n) => n.Attachment?.DeleteOnTermination !== false).map((n) => n.NetworkInterfaceId)));
  const foreignIds = new Set(foreignInterfaces(f).map((x) => x.id));
  for (const n of f.interfaces.filter((n) => !natEnis.has(n.NetworkInterfaceId) && !instancePrimary.has(n.NetworkInterfaceId) && !foreignIds.has(n.NetworkInterfaceId!))) {
    items.push({
      key: keyOf('networkInterface', n.NetworkInterfaceId!),
      kind: 'networkInterface',
      id: n.NetworkInterfaceId!,
      name: nameOf(n.TagSet),
      attrs: { state: n.Status, subnet: n.SubnetId, privateIp: n.PrivateIpAddress, type: [n.InterfaceType, n.Description].filter(Boolean).join(': ') },
      hourly: 0,
      dependsOn: [...subnetKey(n.SubnetId), ...(n.Groups ?? []).flatMap((g) => groupKey(g.GroupId)), ...igwKeys, vpcKey],
    });
  }

  for (const g of f.internetGateways) {
    items.push({ key: keyOf('internetGateway', g.InternetGatewayId!), kind: 'internetGateway', id: g.InternetGatewayId!, name: nameOf(g.Tags), attrs: { attachedTo: vpcId }, hourly: 0, dependsOn: [vpcKey] });
  }

  // Route tables but the main one: their associations undone, then deleted.
  for (const t of f.routeTables.filter((t) => !t.Associations?.some((a) => a.Main))) {
    const associations = (t.Associations ?? []).map((a) => a.RouteTableAssociationId).filter(Boolean).join(' ');
    items.push({ key: keyOf('routeTable', t.RouteTableId!), kind: 'routeTable', id: t.RouteTableId!, name: nameOf(t.Tags), attrs: { associations }, hourly: 0, dependsOn: [vpcKey] });
  }

  // Security groups: the rules that name another group go first (the default group's too: it stays, its rules would hold the other).
  const groupIds = new Set(f.securityGroups.map((g) => g.GroupId!));
  for (const g of f.securityGroups) {
    const rules = referencingRules(g, groupIds);
    const named = [...new Set([...rules.ingress, ...rules.egress].flatMap((r) => r.UserIdGroupPairs.map((u) => u.GroupId!)))];
    if (named.length) {
      items.push({
        key: keyOf('groupRules', g.GroupId!),
        kind: 'groupRules',
        id: g.GroupId!,
        name: nameOf(g.Tags) ?? g.GroupName,
        attrs: { ingress: JSON.stringify(rules.ingress), egress: JSON.stringify(rules.egress), names: named.join(' ') },
        hourly: 0,
        dependsOn: named.filter((id) => !isDefaultGroup(f, id)).map((id) => keyOf('securityGroup', id)),
      });
    }
    if (g.GroupName !== 'default') {
      items.push({ key: keyOf('securityGroup', g.GroupId!), kind: 'securityGroup', id: g.GroupId!, name: nameOf(g.Tags) ?? g.GroupName, attrs: { groupName: g.GroupName }, hourly: 0, dependsOn: [vpcKey] });
    }
  }

  // Network ACLs but the default one: their subnets go first (that undoes the associations).
  const acls = f.networkAcls.filter((a) => !a.IsDefault);
  for (const a of acls) {
    const entries = (a.Entries ?? []).filter((e) => e.RuleNumber !== 32767).length;
    items.push({ key: keyOf('networkAcl', a.NetworkAclId!), kind: 'networkAcl', id: a.NetworkAclId!, name: nameOf(a.Tags), attrs: { entries: String(entries) }, hourly: 0, dependsOn: [vpcKey] });
  }
  for (const s of f.subnets) {
    const aclKeys = acls.filter((a) => a.Associations?.some((x) => x.SubnetId === s.SubnetId)).map((a) => keyOf('networkAcl', a.NetworkAclId!));
    items.push({ key: keyOf('subnet', s.SubnetId!), kind: 'subnet', id: s.SubnetId!, name: nameOf(s.Tags), attrs: { cidr: s.CidrBlock, zone: s.AvailabilityZone }, hourly: 0, dependsOn: [...aclKeys, vpcKey] });
  }

  const keyPairs = opts.keyPair ? f.keyPairs : [];
  for (const k of keyPairs) items.push({ key: keyOf('keyPair', k.KeyPairId!), kind: 'keyPair', id: k.KeyPairId!, name: k.KeyName, attrs: { keyName: k.KeyName }, hourly: 0, dependsOn: [] });
  items.push({ key: vpcKey, kind: 'vpc', id: vpcId, name: nameOf(f.vpc.Tags), attrs: { cidr: f.vpc.CidrBlock, state: f.vpc.State }, hourly: 0, dependsOn: [] });

  const leftAlone: LeftAlone[] = [
    ...(opts.keyPair ? [] : f.keyPairs.map((k) => ({ kind: 'keyPair' as const, id: k.KeyPairId!, name: k.KeyName, hourly: 0 }))),
    ...f.idleAddresses
      .filter((a) => !opts.alsoDelete?.has(a.AllocationId!))
      .map((a) => ({ kind: 'idleAddress' as const, id: a.AllocationId!, name: nameOf(a.Tags), publicIp: a.PublicIp, hourly: priceOf(region, 'publicIp') })),
  ];
  return finish(f, items, leftAlone, opts);
}

function isDefaultGroup(f: VpcFacts, id: string): boolean {
  return f.securityGroups.some((g) => g.GroupId === id && g.GroupName === 'default');
}

/** Dependencies on what is not in the plan dropped (the engine takes them as done); the totals. */
function finish(f: VpcFacts, items: TeardownItem[], leftAlone: LeftAlone[], opts: PlanOptions): TeardownPlan {
  const keys = new Set(items.map((i) => i.key));
  const clean = items.map((i) => ({ ...i, dependsOn: [...new Set(i.dependsOn)].filter((k) => keys.has(k) && k !== i.key) }));
  const hourly = clean.reduce((sum, i) => sum + (i.hourly ?? 0), 0);
  return {
    vpcId: f.vpc.VpcId!,
    name: nameOf(f.vpc.Tags),
    cidr: f.vpc.CidrBlock,
    region: f.region,
    isDefault: Boolean(f.vpc.IsDefault),
    items: clean,
    foreign: opts.natOnly ? [] : foreignOf(f),
    leftAlone,
    hourly,
    monthly: hourly * HOURS_PER_MONTH,
    unpriced: clean.filter((i) => i.hourly === undefined).length,
  };
}

/**
 * A killed run's leftovers once the VPC is gone: the addresses it recorded that are still
 * there (an address whose NAT gateway is gone points at nothing, and still bills).
 */
export function planLeftovers(region: string, vpcId: string, addresses: Address[]): TeardownPlan {
  const items = addresses.map((a) => addressItem(region, a, [], false));
  const hourly = items.reduce((sum, i) => sum + (i.hourly ?? 0), 0);
  return { vpcId, region, isDefault: false, items, foreign: [], leftAlone: [], hourly, monthly: hourly * HOURS_PER_MONTH, unpriced: 0 };
}
