import type { IpPermission, NetworkAcl, NetworkAclEntry, Route, RouteTable, SecurityGroup } from '@aws-sdk/client-ec2';
import { ANYWHERE } from '../core/flows.js';
import type { VpcSnapshot } from '../core/snapshot.js';
import { cidrInside, prefixOf } from '../rules/facts.js';

/**
 * How AWS decides one packet at each gate, read off EC2's own items: which route of a
 * table a destination takes (longest prefix), what a network ACL decides (rules in number
 * order, the first that matches), what security groups let in or out. Pure; the walks in
 * walk.ts put these in the order a packet meets them.
 */

/** One packet: TCP to a port, or an ICMP message of a type (8 echo request, 0 echo reply). */
export interface Packet {
  protocol: 'tcp' | 'icmp';
  port?: number;
  icmpType?: number;
}

/**
 * The ports a reply goes back to (the client's ephemeral port). AWS recommends network
 * ACLs allow 1024-65535 for replies: a NAT gateway picks from all of them, Linux from
 * 32768-60999, Windows from 49152-65535. A reply must pass for each of these samples —
 * both ends of the range and Linux's start — or some connections hang.
 */
export const EPHEMERAL = { from: 1024, to: 65535 } as const;
const EPHEMERAL_SAMPLES = [EPHEMERAL.from, 32768, EPHEMERAL.to];

export const ICMP_ECHO = 8;
export const ICMP_ECHO_REPLY = 0;

/** The request packet of a path's traffic. */
export const requestOf = (protocol: Packet['protocol'], port?: number): Packet =>
  protocol === 'icmp' ? { protocol, icmpType: ICMP_ECHO } : { protocol, port };

/** The reply packets (TCP: to each sampled ephemeral port; ICMP: the echo reply). */
export const repliesOf = (request: Packet): Packet[] =>
  request.protocol === 'icmp' ? [{ protocol: 'icmp', icmpType: ICMP_ECHO_REPLY }] : EPHEMERAL_SAMPLES.map((port) => ({ protocol: 'tcp', port }));

/** AWS names a protocol by number in ACLs ("6") and by name or number in security groups. */
const NUMBER: Record<Packet['protocol'], string> = { tcp: '6', icmp: '1' };
const sameProtocol = (given: string | undefined, p: Packet) => given === '-1' || given === 'all' || given === p.protocol || given === NUMBER[p.protocol];

// --- routes -------------------------------------------------------------------------------

/**
 * The route a destination (an address or a block) takes: of the IPv4 routes whose block
 * holds it, the longest prefix. Routes to a prefix list (an AWS service's addresses) never
 * hold "anywhere" or a VPC address, so they are left out.
 */
export function routeFor(table: RouteTable | undefined, destination: string): Route | undefined {
  // One pass, the first of the longest (the paths ask this for every packet they walk).
  let best: Route | undefined;
  let longest = -1;
  for (const r of table?.Routes ?? []) {
    if (!r.DestinationCidrBlock || !cidrInside(destination, r.DestinationCidrBlock)) continue;
    const prefix = prefixOf(r.DestinationCidrBlock) ?? 0;
    if (prefix > longest) {
      best = r;
      longest = prefix;
    }
  }
  return best;
}

/** What a route's target is, by the field that names it (an instance's route names it or its interface). */
export type Hop =
  | { kind: 'local' }
  | { kind: 'internet-gateway'; id: string }
  | { kind: 'nat-gateway'; id: string }
  | { kind: 'instance'; id: string }
  | { kind: 'other'; id: string };

export function hopOf(s: VpcSnapshot, r: Route): Hop {
  if (r.GatewayId === 'local') return { kind: 'local' };
  if (r.GatewayId?.startsWith('igw-')) return { kind: 'internet-gateway', id: r.GatewayId };
  if (r.NatGatewayId) return { kind: 'nat-gateway', id: r.NatGatewayId };
  if (r.InstanceId) return { kind: 'instance', id: r.InstanceId };
  if (r.NetworkInterfaceId) {
    const owner = s.instances.find((i) => (i.NetworkInterfaces ?? []).some((n) => n.NetworkInterfaceId === r.NetworkInterfaceId));
    return owner ? { kind: 'instance', id: owner.InstanceId! } : { kind: 'other', id: r.NetworkInterfaceId };
  }
  return { kind: 'other', id: r.GatewayId ?? r.TransitGatewayId ?? r.VpcPeeringConnectionId ?? r.EgressOnlyInternetGatewayId ?? '' };
}

/** The ID a route sends to, as the sentences name it. */
export const hopId = (h: Hop): string => (h.kind === 'local' ? 'local' : h.id);

// --- network ACLs -------------------------------------------------------------------------

/**
 * The network ACL of a subnet: the one associated with it, else the VPC's default.
 * Undefined when the snapshot holds no ACL at all (they were not described: every VPC
 * has a default one), and then the ACL gates are not walked.
 */
export function aclOf(s: VpcSnapshot, subnetId: string | undefined): NetworkAcl | undefined {
  if (!subnetId) return undefined;
  return s.networkAcls.find((a) => (a.Associations ?? []).some((x) => x.SubnetId === subnetId)) ?? s.networkAcls.find((a) => a.IsDefault && a.VpcId === s.vpc.VpcId);
}

function entryMatches(e: NetworkAclEntry, p: Packet, peer: string): boolean {
  // IPv6 entries (Ipv6CidrBlock) never match an IPv4 packet.
  if (!e.CidrBlock || !cidrInside(peer, e.CidrBlock) || !sameProtocol(e.Protocol, p)) return false;
  if (e.Protocol === '-1' || e.Protocol === 'all') return true;
  if (p.protocol === 'tcp') return !e.PortRange || ((e.PortRange.From ?? 0) <= p.port! && p.port! <= (e.PortRange.To ?? 65535));
  const type = e.IcmpTypeCode?.Type;
  return type === undefined || type === -1 || type === p.icmpType;
}

/** What the ACL decides for a packet: the first rule by number that matches it (none: denied, as AWS's last rule "*" does). */
export function aclDecides(acl: NetworkAcl, egress: boolean, p: Packet, peer: string): { allowed: boolean; rule?: number } {
  // The matching entry of the lowest number, in one pass (the first of equals): no sorted copy per packet.
  let hit: NetworkAclEntry | undefined;
  for (const e of acl.Entries ?? []) {
    if (Boolean(e.Egress) === egress && (!hit || (e.RuleNumber ?? 0) < (hit.RuleNumber ?? 0)) && entryMatches(e, p, peer)) hit = e;
  }
  return { allowed: hit?.RuleAction === 'allow', rule: hit?.RuleNumber };
}

/** AWS's last rule of every ACL, shown as "*". */
export const DEFAULT_ACL_RULE = 32767;

/**
 * A rule number for a new allow rule that AWS will read before the rule that denies: just
 * below it when that is a rule of the learner's, else the first free hundred.
 */
export function freeRuleNumber(acl: NetworkAcl, egress: boolean, denying: number | undefined): number {
  const taken = new Set((acl.Entries ?? []).filter((e) => Boolean(e.Egress) === egress).map((e) => e.RuleNumber));
  if (denying !== undefined && denying !== DEFAULT_ACL_RULE) {
    for (let n = denying - 1; n >= 1; n--) if (!taken.has(n)) return n;
  }
  let n = 100;
  while (taken.has(n)) n += 100;
  return n;
}

// --- security groups ----------------------------------------------------------------------

/** Who sends or receives, as a security group sees them: an address block, and the groups it wears (none from the internet). */
export interface Peer {
  block: string;
  groups: readonly string[];
}

/** A group with no outbound rules described: the rule every new group starts with (all traffic out). */
const ALL_OUT: IpPermission[] = [{ IpProtocol: '-1', IpRanges: [{ CidrIp: ANYWHERE }] }];

function permits(perm: IpPermission, p: Packet, peer: Peer): boolean {
  if (!sameProtocol(perm.IpProtocol, p)) return false;
  if (perm.IpProtocol !== '-1' && perm.IpProtocol !== 'all') {
    const from = perm.FromPort ?? -1;
    // ICMP: FromPort is the type (-1: every type); TCP: the port range.
    if (p.protocol === 'icmp' ? from !== -1 && from !== p.icmpType : !(from <= p.port! && p.port! <= (perm.ToPort ?? from))) return false;
  }
  // A prefix list's addresses are not in the snapshot: it is not taken to match.
  return (perm.IpRanges ?? []).some((r) => r.CidrIp !== undefined && cidrInside(peer.block, r.CidrIp)) || (perm.UserIdGroupPairs ?? []).some((u) => u.GroupId !== undefined && peer.groups.includes(u.GroupId));
}

/** Some group lets the packet in from the peer (ingress) or out to it (egress). Stateful: its reply needs no rule. */
export function groupsAllow(groups: readonly SecurityGroup[], egress: boolean, p: Packet, peer: Peer): boolean {
  return groups.some((g) => (egress ? (g.IpPermissionsEgress ?? ALL_OUT) : (g.IpPermissions ?? [])).some((perm) => permits(perm, p, peer)));
}
