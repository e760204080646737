import type { Instance, IpPermission, NatGateway, Route, RouteTable, SecurityGroup } from '@aws-sdk/client-ec2';
import ipaddr from 'ipaddr.js';
import { ANYWHERE, type Flow } from '../core/flows.js';
import type { NatRole, VpcSnapshot } from '../core/snapshot.js';

/**
 * The facts the rules share, read off a snapshot as EC2 describes it: which route table a
 * subnet uses, where its default route goes, what a set of security groups lets in.
 */

export const instanceOf = (s: VpcSnapshot, id: string | undefined): Instance | undefined => (id ? s.instances.find((i) => i.InstanceId === id) : undefined);
export const natGatewayOf = (s: VpcSnapshot, id: string | undefined): NatGateway | undefined => (id ? s.natGateways.find((n) => n.NatGatewayId === id) : undefined);
export const isRunning = (i: Instance | undefined): boolean => i?.State?.Name === 'running';

/** The route table a subnet uses: the one associated with it, else the VPC's main table (AWS's rule). */
export function effectiveTable(s: VpcSnapshot, subnetId: string): { table?: RouteTable; main: boolean } {
  const live = (t: RouteTable, pick: (a: NonNullable<RouteTable['Associations']>[number]) => boolean) =>
    (t.Associations ?? []).some((a) => pick(a) && a.AssociationState?.State !== 'disassociated' && a.AssociationState?.State !== 'disassociating');
  const own = s.routeTables.find((t) => live(t, (a) => a.SubnetId === subnetId));
  if (own) return { table: own, main: false };
  return { table: s.routeTables.find((t) => t.VpcId === s.vpc.VpcId && live(t, (a) => a.Main === true)), main: true };
}

export const defaultRoute = (t: RouteTable | undefined): Route | undefined => t?.Routes?.find((r) => r.DestinationCidrBlock === ANYWHERE);

/** AWS marks a route whose target is gone (a deleted NAT, a detached gateway) "blackhole". */
export const isActive = (r: Route): boolean => r.State !== 'blackhole';

/** What a route sends to: the gateway's, NAT's, interface's or instance's ID. */
export const routeTarget = (r: Route): string | undefined => r.GatewayId ?? r.NatGatewayId ?? r.NetworkInterfaceId ?? r.InstanceId;

/** The route goes to this NAT (an instance's route names it, or its network interface). */
export function goesToNat(s: VpcSnapshot, r: Route, nat: NatRole): boolean {
  if (nat.kind === 'gateway') return r.NatGatewayId === nat.id;
  const enis = (instanceOf(s, nat.id)?.NetworkInterfaces ?? []).map((n) => n.NetworkInterfaceId);
  return r.InstanceId === nat.id || (r.NetworkInterfaceId !== undefined && enis.includes(r.NetworkInterfaceId));
}

/** An internet gateway's ID (routes name gateways of other kinds in the same field). */
export const isInternetGateway = (id: string | undefined): boolean => Boolean(id?.startsWith('igw-'));

/**
 * A CIDR read once: the paths ask cidrInside of the same few blocks (routes, ACL entries,
 * security group ranges) hundreds of times a check, and a class checks thirty labs with the
 * same ones; parsing each time was a third of a check's judgement. Null: unreadable.
 */
const parsed = new Map<string, [ipaddr.IPv4, number] | null>();
function parseCidr(cidr: string): [ipaddr.IPv4, number] | null {
  let p = parsed.get(cidr);
  if (p === undefined) {
    try {
      p = ipaddr.IPv4.parseCIDR(cidr);
    } catch {
      p = null;
    }
    if (parsed.size >= 4096) parsed.clear(); // a bound, never reached by a class
    parsed.set(cidr, p);
  }
  return p;
}

/** `inner` lies inside `outer` (IPv4 CIDRs, or an address as a /32); false for anything unreadable. */
export function cidrInside(inner: string, outer: string): boolean {
  const a = parseCidr(inner.includes('/') ? inner : `${inner}/32`);
  const b = parseCidr(outer);
  return Boolean(a && b) && a![1] >= b![1] && a![0].match(b![0], b![1]);
}

/** The prefix length of a CIDR ("10.0.1.0/24" → 24). */
export function prefixOf(cidr: string | undefined): number | undefined {
  const slash = cidr?.indexOf('/') ?? -1;
  return slash < 0 ? undefined : Number(cidr!.slice(slash + 1)); // no split: the paths ask it of every route they hold
}

/** Where a rule lets traffic in from. */
export interface Source {
  cidr?: string;
  group?: string;
}

/**
 * The IDs of the security groups an instance wears: AWS lists them on the instance and on
 * its network interfaces; some emulators (moto) only on the interfaces.
 */
export function groupIdsOf(i: Instance): string[] {
  // Asked for by most rules and paths: a plain loop, no copies (a class asks it thousands of times).
  const ids: string[] = [];
  const add = (groups: { GroupId?: string }[] | undefined) => {
    for (const g of groups ?? []) if (g.GroupId && !ids.includes(g.GroupId)) ids.push(g.GroupId);
  };
  add(i.SecurityGroups);
  for (const n of i.NetworkInterfaces ?? []) add(n.Groups);
  return ids;
}

/** The security groups an instance wears. */
export function groupsOf(s: VpcSnapshot, i: Instance): SecurityGroup[] {
  const ids = groupIdsOf(i); // a few at most: no Set
  return s.securityGroups.filter((g) => ids.includes(g.GroupId!));
}

const PROTOCOL_NUMBER: Record<Flow['protocol'], string> = { tcp: '6', icmp: '1' };

/** The permission covers this protocol and port ('-1': all traffic; ICMP: all of it, or echo). */
function covers(p: IpPermission, protocol: Flow['protocol'], port: number | undefined): boolean {
  if (p.IpProtocol === '-1') return true;
  if (p.IpProtocol !== protocol && p.IpProtocol !== PROTOCOL_NUMBER[protocol]) return false;
  if (protocol === 'icmp') return p.FromPort === undefined || p.FromPort === -1 || p.FromPort === 8;
  return port !== undefined && (p.FromPort ?? 0) <= port && port <= (p.ToPort ?? 65535);
}

/** The sources the groups let in by this protocol and port. */
export function sourcesAllowed(groups: SecurityGroup[], protocol: Flow['protocol'], port?: number): Source[] {
  // Loops, not nested flatMaps: most rules ask this of the servers' groups.
  const sources: Source[] = [];
  for (const g of groups) {
    for (const p of g.IpPermissions ?? []) {
      if (!covers(p, protocol, port)) continue;
      for (const r of p.IpRanges ?? []) sources.push({ cidr: r.CidrIp });
      for (const u of p.UserIdGroupPairs ?? []) sources.push({ group: u.GroupId });
    }
  }
  return sources;
}

/** The sources let in include the whole internet. */
export const fromAnywhere = (sources: Source[]): boolean => sources.some((x) => x.cidr === ANYWHERE);

/** The sources let in include this server: one of its groups, or a CIDR holding its private address. */
export function fromServer(sources: Source[], server: Instance): boolean {
  const groups = new Set(groupIdsOf(server));
  const ip = server.PrivateIpAddress;
  return sources.some((x) => (x.group !== undefined && groups.has(x.group)) || (ip !== undefined && x.cidr !== undefined && cidrInside(ip, x.cidr)));
}

/** The Elastic IP associated with an instance (or with one of its interfaces). */
export function elasticIpOf(s: VpcSnapshot, i: Instance): string | undefined {
  const enis = new Set((i.NetworkInterfaces ?? []).map((n) => n.NetworkInterfaceId));
  return s.addresses.find((a) => a.InstanceId === i.InstanceId || (a.NetworkInterfaceId !== undefined && enis.has(a.NetworkInterfaceId)))?.PublicIp;
}
