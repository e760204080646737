import type { Address, Instance, IpPermission, Route, RouteTable, SecurityGroup, Tag } from '@aws-sdk/client-ec2';
import ipaddr from 'ipaddr.js';
import { ANYWHERE, FLOWS, type FlowId } from '../core/flows.js';
import type { NatRole, Roles, VpcSnapshot } from '../core/snapshot.js';

/**
 * The lab's picture as data: what a diagram (ui/diagram.ts, or any other renderer) draws,
 * computed from what was found of one VPC and which resource plays which part. Everything
 * by ID, in English enums only, so a picture can mark any part and `status --json` can
 * carry it as it is. The flows come from the security-group rules and routes found, never
 * from what the tutorial says they should be: a lab built by hand draws what it allows.
 */
export interface Topology {
  region: string;
  vpc: { id: string; cidr?: string; name?: string };
  subnets: TopologySubnet[];
  servers: { web?: TopologyServer; db?: TopologyServer };
  nat?: TopologyNat;
  internetGateway?: { id: string; attached: boolean };
  flows: Flow[];
}

export type SubnetRole = 'public' | 'private' | 'other';

export interface TopologySubnet {
  id: string;
  role: SubnetRole;
  cidr?: string;
  zone?: string;
  name?: string;
  /** The route table its traffic follows: its own association's, else the VPC's main table. */
  routeTable?: string;
  routes: TopologyRoute[];
}

export type TargetKind =
  | 'local'
  | 'internet-gateway'
  | 'egress-only-internet-gateway'
  | 'virtual-private-gateway'
  | 'vpc-endpoint'
  | 'nat-gateway'
  | 'instance'
  | 'network-interface'
  | 'transit-gateway'
  | 'vpc-peering'
  | 'carrier-gateway'
  | 'local-gateway'
  | 'core-network'
  | 'unknown';

export interface RouteTarget {
  kind: TargetKind;
  id: string;
}

export interface TopologyRoute {
  /** A CIDR (IPv4 or IPv6) or a prefix list's ID. */
  destination: string;
  target: RouteTarget;
  /** Blackhole: the target is gone (a deleted NAT gateway, a terminated instance). */
  state: 'active' | 'blackhole';
}

export interface TopologyServer {
  id: string;
  name?: string;
  privateIp?: string;
  publicIp?: string;
  /** The public address is an Elastic IP (it stays when the server stops), not the one it booted with. */
  elasticIp: boolean;
  state?: string;
  subnet?: string;
  securityGroups: string[];
}

export interface TopologyNat {
  kind: 'gateway' | 'instance';
  id: string;
  subnet?: string;
  publicIp?: string;
  state?: string;
  /** A NAT instance's type (a gateway has none). */
  instanceType?: string;
}

/** 'all': every protocol (AWS's "-1"); otherwise the protocol's name. */
export type Protocol = 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'all';

/** Traffic a security group lets in: a rule of one of the receiving server's groups. */
export interface RuleFlow {
  kind: 'rule';
  from: 'internet' | 'web';
  to: 'web' | 'db';
  /** A protocol name, or the number AWS gave when it has none here. */
  protocol: Protocol | string;
  /** TCP and UDP only (ICMP's type and code are not drawn; emulators report them inconsistently). */
  ports?: { from: number; to: number };
  /** Where the rule lets traffic in from: an address block, or another security group. */
  source: { cidr: string } | { group: string };
  /** The security group that holds the rule. */
  group: string;
  /** The tutorial's flow it is (core/flows.ts: same direction, protocol and port), if any: a name, never a reason to draw it. */
  tutorial?: FlowId;
}

/** Traffic a route table sends out: the DB server's subnet to the internet, hop by hop. */
export interface RouteFlow {
  kind: 'route';
  from: 'db';
  to: 'internet';
  /** The hops, the NAT first and the internet gateway last. */
  via: RouteTarget[];
  /** Blackhole when any hop's route is. */
  state: 'active' | 'blackhole';
}

export type Flow = RuleFlow | RouteFlow;

/** The lab's picture from what was found. Pure: no AWS call. */
export function topologyOf(snapshot: VpcSnapshot, roles: Roles): Topology {
  const { vpc } = snapshot;
  const subnets = snapshot.subnets.map((s): TopologySubnet => {
    const table = routeTableOf(snapshot, s.SubnetId!);
    return {
      id: s.SubnetId!,
      role: s.SubnetId === roles.publicSubnet ? 'public' : s.SubnetId === roles.privateSubnet ? 'private' : 'other',
      cidr: s.CidrBlock,
      zone: s.AvailabilityZone,
      name: nameOf(s.Tags),
      routeTable: table?.RouteTableId,
      routes: (table?.Routes ?? []).map((r) => routeOf(snapshot, r)),
    };
  });
  const web = serverOf(snapshot, roles.web);
  const db = serverOf(snapshot, roles.db);
  const igw = snapshot.internetGateways.find((g) => g.InternetGatewayId === roles.internetGateway);
  return {
    region: snapshot.region,
    vpc: { id: vpc.VpcId!, cidr: vpc.CidrBlock, name: nameOf(vpc.Tags) },
    subnets,
    servers: { web, db },
    nat: roles.nat && natOf(snapshot, roles.nat),
    internetGateway: igw && {
      id: igw.InternetGatewayId!,
      // AWS reports an attached gateway as "available" (its API type says "attached").
      attached: (igw.Attachments ?? []).some((a) => a.VpcId === vpc.VpcId && ['available', 'attached'].includes(a.State ?? '')),
    },
    flows: [...ruleFlows(snapshot, web, db), ...routeFlows(snapshot, subnets, db?.subnet ?? roles.privateSubnet)],
  };
}

const nameOf = (tags: Tag[] | undefined) => tags?.find((t) => t.Key === 'Name')?.Value;

/** The table a subnet's traffic follows: its explicit association, else the VPC's main table. */
function routeTableOf(snapshot: VpcSnapshot, subnetId: string): RouteTable | undefined {
  const has = (t: RouteTable, f: (a: NonNullable<RouteTable['Associations']>[number]) => boolean) => (t.Associations ?? []).some(f);
  return snapshot.routeTables.find((t) => has(t, (a) => a.SubnetId === subnetId)) ?? snapshot.routeTables.find((t) => has(t, (a) => a.Main === true));
}

/** Route fields naming a target (GatewayId aside): the first one set names it. AWS names an instance's route by its interface too, so the instance comes first. */
const TARGET_FIELDS: readonly (readonly [keyof Route, TargetKind])[] = [
  ['NatGatewayId', 'nat-gateway'],
  ['InstanceId', 'instance'],
  ['NetworkInterfaceId', 'network-interface'],
  ['EgressOnlyInternetGatewayId', 'egress-only-internet-gateway'],
  ['TransitGatewayId', 'transit-gateway'],
  ['VpcPeeringConnectionId', 'vpc-peering'],
  ['CarrierGatewayId', 'carrier-gateway'],
  ['LocalGatewayId', 'local-gateway'],
  ['CoreNetworkArn', 'core-network'],
];

/** GatewayId holds several kinds of target: which one, by the ID's prefix (AWS's own). */
function gatewayKind(id: string): TargetKind {
  if (id === 'local') return 'local';
  const prefixes: Record<string, TargetKind> = { igw: 'internet-gateway', vgw: 'virtual-private-gateway', vpce: 'vpc-endpoint' };
  return prefixes[id.split('-')[0]] ?? 'unknown';
}

function routeOf(snapshot: VpcSnapshot, r: Route): TopologyRoute {
  const field = TARGET_FIELDS.find(([f]) => r[f]);
  const target: RouteTarget = r.GatewayId
    ? { kind: gatewayKind(r.GatewayId), id: r.GatewayId }
    : field
      ? { kind: field[1], id: String(r[field[0]]) }
      : { kind: 'unknown', id: '' };
  // AWS names the instance behind an interface route too; an emulator may give only the
  // interface: the instance that holds it is the target either way.
  if (target.kind === 'network-interface') {
    const owner = snapshot.instances.find((i) => (i.NetworkInterfaces ?? []).some((n) => n.NetworkInterfaceId === target.id));
    if (owner?.InstanceId) return { ...routeBase(r), target: { kind: 'instance', id: owner.InstanceId } };
  }
  return { ...routeBase(r), target };
}

function routeBase(r: Route): Omit<TopologyRoute, 'target'> {
  return {
    destination: r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? r.DestinationPrefixListId ?? '',
    state: r.State === 'blackhole' ? 'blackhole' : 'active',
  };
}

function addressOf(snapshot: VpcSnapshot, i: Instance): Address | undefined {
  const interfaces = new Set((i.NetworkInterfaces ?? []).map((n) => n.NetworkInterfaceId));
  return snapshot.addresses.find((a) => (a.InstanceId && a.InstanceId === i.InstanceId) || (a.NetworkInterfaceId && interfaces.has(a.NetworkInterfaceId)));
}

function serverOf(snapshot: VpcSnapshot, id: string | undefined): TopologyServer | undefined {
  const i = id === undefined ? undefined : snapshot.instances.find((x) => x.InstanceId === id);
  if (!i) return undefined;
  const eip = addressOf(snapshot, i);
  const groups = [...(i.SecurityGroups ?? []), ...(i.NetworkInterfaces ?? []).flatMap((n) => n.Groups ?? [])].map((g) => g.GroupId!);
  return {
    id: i.InstanceId!,
    name: nameOf(i.Tags),
    privateIp: i.PrivateIpAddress,
    publicIp: eip?.PublicIp ?? i.PublicIpAddress,
    elasticIp: eip?.PublicIp !== undefined,
    state: i.State?.Name,
    subnet: i.SubnetId,
    securityGroups: [...new Set(groups)],
  };
}

function natOf(snapshot: VpcSnapshot, nat: NatRole): TopologyNat | undefined {
  if (nat.kind === 'gateway') {
    const n = snapshot.natGateways.find((g) => g.NatGatewayId === nat.id);
    return n && { kind: 'gateway', id: nat.id, subnet: n.SubnetId, publicIp: n.NatGatewayAddresses?.[0]?.PublicIp, state: n.State };
  }
  const i = snapshot.instances.find((x) => x.InstanceId === nat.id);
  return i && { kind: 'instance', id: nat.id, subnet: i.SubnetId, publicIp: addressOf(snapshot, i)?.PublicIp ?? i.PublicIpAddress, state: i.State?.Name, instanceType: i.InstanceType };
}

// --- flows from security-group rules ------------------------------------------------------

/** AWS names a protocol by name or by number ("6"); the common ones by name. */
const PROTOCOLS: Record<string, Protocol> = { '-1': 'all', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', tcp: 'tcp', udp: 'udp', icmp: 'icmp', icmpv6: 'icmpv6' };

type Grant = Omit<RuleFlow, 'kind' | 'from' | 'to'>;

/** Each source of each inbound rule of a group, one grant apiece (prefix lists are not drawn: their blocks are not in the snapshot). */
function grantsOf(g: SecurityGroup): Grant[] {
  return (g.IpPermissions ?? []).flatMap((p: IpPermission) => {
    const protocol = PROTOCOLS[p.IpProtocol ?? ''] ?? p.IpProtocol ?? '';
    const ported = (protocol === 'tcp' || protocol === 'udp') && p.FromPort !== undefined && p.FromPort >= 0;
    const base = { protocol, ...(ported ? { ports: { from: p.FromPort!, to: p.ToPort ?? p.FromPort! } } : {}), group: g.GroupId! };
    return [
      ...(p.IpRanges ?? []).map((r) => ({ ...base, source: { cidr: r.CidrIp! } })),
      ...(p.Ipv6Ranges ?? []).map((r) => ({ ...base, source: { cidr: r.CidrIpv6! } })),
      ...(p.UserIdGroupPairs ?? []).map((u) => ({ ...base, source: { group: u.GroupId! } })),
    ];
  });
}

/** `address` (a host or a block) lies inside `block`; false for mixed families or nonsense. */
function within(address: string, block: string): boolean {
  try {
    const [net, bits] = ipaddr.parseCIDR(block);
    const [addr, prefix] = address.includes('/') ? ipaddr.parseCIDR(address) : [ipaddr.parse(address), address.includes(':') ? 128 : 32];
    // (ipaddr's types want one family on both sides: checked just before.)
    return addr.kind() === net.kind() && prefix >= bits && (addr as ipaddr.IPv4).match(net as ipaddr.IPv4, bits);
  } catch {
    return false;
  }
}

function grantsOfGroups(snapshot: VpcSnapshot, ids: readonly string[]): Grant[] {
  return snapshot.securityGroups.filter((g) => ids.includes(g.GroupId!)).flatMap(grantsOf);
}

/**
 * Internet → web: the web server's rules from address blocks outside the VPC. Web → DB:
 * the DB server's rules naming one of the web server's groups, or a block holding its
 * private address. Inbound rules only: the lab's groups let every reply and every
 * outbound packet through, as a new group does.
 */
function ruleFlows(snapshot: VpcSnapshot, web: TopologyServer | undefined, db: TopologyServer | undefined): RuleFlow[] {
  if (!web) return [];
  const vpcBlocks = [snapshot.vpc.CidrBlock, ...(snapshot.vpc.CidrBlockAssociationSet ?? []).map((a) => a.CidrBlock)].filter((b): b is string => !!b);
  const fromInternet = ({ source }: Grant) => 'cidr' in source && !vpcBlocks.some((b) => within(source.cidr, b));
  const fromWeb = ({ source }: Grant) =>
    'group' in source ? web.securityGroups.includes(source.group) : web.privateIp !== undefined && within(web.privateIp, source.cidr);
  const flows: RuleFlow[] = [
    ...grantsOfGroups(snapshot, web.securityGroups).filter(fromInternet).map((g) => named({ kind: 'rule', from: 'internet', to: 'web', ...g })),
    ...(db ? grantsOfGroups(snapshot, db.securityGroups).filter(fromWeb).map((g) => named({ kind: 'rule', from: 'web', to: 'db', ...g })) : []),
  ];
  return flows.sort(byFlow);
}

/** A found flow with the tutorial's name for it, when it is one of the tutorial's (the person doing the lab is the internet here). */
function named(f: RuleFlow): RuleFlow {
  const same = FLOWS.find(
    (t) =>
      (t.from === f.from || (t.from === 'you' && f.from === 'internet')) &&
      t.to === f.to &&
      t.protocol === f.protocol &&
      (t.port === undefined ? f.ports === undefined : f.ports?.from === t.port && f.ports.to === t.port),
  );
  return same ? { ...f, tutorial: same.id } : f;
}

const PROTOCOL_ORDER = ['tcp', 'udp', 'icmp', 'icmpv6', 'all'];
/** A protocol's place in PROTOCOL_ORDER; one AWS names by a number of its own goes last. */
function rank(protocol: string): number {
  const i = PROTOCOL_ORDER.indexOf(protocol);
  return i < 0 ? PROTOCOL_ORDER.length : i;
}

/**
 * A fixed order, whatever order AWS lists rules in: internet → web before web → DB; TCP,
 * UDP, ICMP, then all traffic; higher ports first (the service before SSH, as the
 * tutorial's picture has it); then by source.
 */
function byFlow(a: RuleFlow, b: RuleFlow): number {
  const source = (f: RuleFlow) => ('cidr' in f.source ? f.source.cidr : f.source.group);
  return (
    Number(a.from === 'web') - Number(b.from === 'web') ||
    rank(a.protocol) - rank(b.protocol) ||
    (b.ports?.from ?? -1) - (a.ports?.from ?? -1) ||
    source(a).localeCompare(source(b))
  );
}

// --- the flow out, from routes -----------------------------------------------------------

/**
 * The DB's subnet to the internet: its default route's target (a NAT), then the default
 * route of the subnet that target sits in, until an internet gateway; nothing when the
 * hops do not end at one (no route, or a NAT whose subnet has no way out).
 */
function routeFlows(snapshot: VpcSnapshot, subnets: TopologySubnet[], from: string | undefined): RouteFlow[] {
  const via: TopologyRoute[] = [];
  let subnet = from;
  // At most three hops: a loop of routes (a NAT in its own subnet) ends here.
  for (let hop = 0; hop < 3 && subnet; hop++) {
    const route = subnets.find((s) => s.id === subnet)?.routes.find((r) => r.destination === ANYWHERE);
    if (!route) break;
    via.push(route);
    if (route.target.kind === 'internet-gateway') {
      return [{ kind: 'route', from: 'db', to: 'internet', via: via.map((r) => r.target), state: via.some((r) => r.state === 'blackhole') ? 'blackhole' : 'active' }];
    }
    subnet = subnetOfTarget(snapshot, route.target);
  }
  return [];
}

function subnetOfTarget(snapshot: VpcSnapshot, t: RouteTarget): string | undefined {
  if (t.kind === 'nat-gateway') return snapshot.natGateways.find((n) => n.NatGatewayId === t.id)?.SubnetId;
  if (t.kind === 'instance') return snapshot.instances.find((i) => i.InstanceId === t.id)?.SubnetId;
  if (t.kind === 'network-interface') return snapshot.instances.find((i) => (i.NetworkInterfaces ?? []).some((n) => n.NetworkInterfaceId === t.id))?.SubnetId;
  return undefined;
}
