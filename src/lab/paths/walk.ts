import type { Instance, RouteTable } from '@aws-sdk/client-ec2';
import type { Words } from '../../engine/errors.js';
import { ANYWHERE } from '../core/flows.js';
import type { Roles, VpcSnapshot } from '../core/snapshot.js';
import { effectiveTable, elasticIpOf, groupIdsOf, groupsOf, instanceOf, isRunning, natGatewayOf } from '../rules/facts.js';
import { cliIn, type Cli } from './cli.js';
import { aclDecides, aclOf, freeRuleNumber, groupsAllow, hopId, hopOf, repliesOf, routeFor, type Hop, type Packet, type Peer } from './net.js';
import type { Blocked } from './spec.js';

/**
 * The gates of each path, in the order a packet meets them, and each gate's verdict: a
 * Stop (where and why the packet is dropped, what to do) or undefined (it passes). A walk
 * is the gates joined with `??`: the first Stop is the verdict, and the gates after it are
 * not asked.
 */
export interface Stop extends Blocked {
  reason: Words;
  fix?: Words;
  cli?: string;
}

/** What every gate reads. */
export interface Ctx {
  s: VpcSnapshot;
  roles: Roles;
  vpc: string;
  cli: Cli;
}

export const ctxOf = (s: VpcSnapshot, roles: Roles): Ctx => ({ s, roles, vpc: s.vpc.VpcId ?? roles.vpc, cli: cliIn(s.region) });

/** A server as the sentences name it (en-terms SERVER_NAME). */
type Name = 'web' | 'db' | 'NAT';

const stop = (gate: Stop['gate'], code: string, resource: string | undefined, reason: Words, fix?: Words, cli?: string, direction: Stop['direction'] = 'request'): Stop => ({
  gate,
  resource,
  code,
  direction,
  reason,
  ...(fix ? { fix } : {}),
  ...(cli ? { cli } : {}),
});

/** A server's private address, or (not described) its subnet's block: where packets to it go. */
function addressOf(c: Ctx, i: Instance): string {
  return i.PrivateIpAddress ?? c.s.subnets.find((x) => x.SubnetId === i.SubnetId)?.CidrBlock ?? ANYWHERE;
}

/** A server as a security group sees it: its address and the groups it wears. */
const peerOf = (c: Ctx, i: Instance): Peer => ({ block: addressOf(c, i), groups: groupIdsOf(i) });

/** The public IPv4 address the internet gateway maps to the server: an Elastic IP, else the one it launched with. */
export const publicIpOf = (c: Ctx, i: Instance): string | undefined => elasticIpOf(c.s, i) ?? i.PublicIpAddress;

const tableOf = (c: Ctx, subnet: string | undefined): RouteTable | undefined => (subnet ? effectiveTable(c.s, subnet).table : undefined);

// --- the gates ---------------------------------------------------------------------------

/** The instance runs (a stopped server answers nothing). */
function running(c: Ctx, i: Instance, name: Name): Stop | undefined {
  if (isRunning(i)) return undefined;
  const id = i.InstanceId!;
  return stop(name === 'NAT' ? 'nat' : 'instance', 'BAD_STATE', id, ['rule_serverState', name, id, i.State?.Name], ['fix_startServer', id], c.cli.start(id));
}

/** The internet gateway has a public address to send to: without one, nothing from the internet reaches the server. */
function publicAddress(c: Ctx, i: Instance, name: Name): Stop | undefined {
  if (publicIpOf(c, i)) return undefined;
  const id = i.InstanceId!;
  return stop('public-address', 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', id, ['path_noPublicAddress', name, id], ['fix_elasticIp', id], c.cli.elasticIp(id));
}

/** The internet gateway a subnet's route names, else the lab's, else the one found: it is attached to the VPC. */
function internetGateway(c: Ctx, named: string | undefined): Stop | undefined {
  const id = named ?? c.roles.internetGateway ?? c.s.internetGateways[0]?.InternetGatewayId;
  if (!id) return stop('internet-gateway', 'NO_ROUTE_TO_DESTINATION', c.vpc, ['rule_igwNone', c.vpc], ['fix_igwCreate', c.vpc], c.cli.igwCreate(c.vpc));
  const igw = c.s.internetGateways.find((g) => g.InternetGatewayId === id);
  // AWS reports an attached gateway as "available" (its API type says "attached").
  const attached = (igw?.Attachments ?? []).some((a) => a.VpcId === c.vpc && ['available', 'attached'].includes(a.State ?? ''));
  return attached ? undefined : stop('internet-gateway', 'BAD_STATE_ATTACHMENT', id, ['rule_igwDetached', id, c.vpc], ['fix_igwAttach', id, c.vpc], c.cli.igwAttach(id, c.vpc));
}

/** The internet gateway a fix should name: the subnet's route's, else the lab's, else one attached. */
function gatewayFor(c: Ctx, hop?: Hop): string | undefined {
  if (hop?.kind === 'internet-gateway') return hop.id;
  return c.roles.internetGateway ?? c.s.internetGateways.find((g) => (g.Attachments ?? []).some((a) => a.VpcId === c.vpc))?.InternetGatewayId ?? c.s.internetGateways[0]?.InternetGatewayId;
}

/** The route a subnet's packets to `destination` take, and the hop it names. */
function routing(c: Ctx, subnet: string | undefined, destination: string) {
  const table = tableOf(c, subnet);
  const route = routeFor(table, destination);
  return { table, route, hop: route && hopOf(c.s, route) };
}

/** A table other than `but` with an active 0.0.0.0/0 route to an internet gateway: the public table a subnet should be associated with. */
function publicTable(c: Ctx, but: RouteTable | undefined): RouteTable | undefined {
  return c.s.routeTables.find((t) => {
    const r = routeFor(t, ANYWHERE);
    return t !== but && t.VpcId === c.vpc && r?.State !== 'blackhole' && r?.DestinationCidrBlock === ANYWHERE && r.GatewayId?.startsWith('igw-');
  });
}

/** The subnet's explicit association (to replace), if it has one. */
const associationOf = (t: RouteTable | undefined, subnet: string) => (t?.Associations ?? []).find((a) => a.SubnetId === subnet)?.RouteTableAssociationId;

/**
 * The subnet's effective route table sends `destination` to an internet gateway, by an
 * active route. A subnet left on the VPC's main table while a public table exists is told
 * to be associated with it (the tutorial's most common mistake); otherwise the route is
 * added, or replaced.
 */
function routeToInternet(c: Ctx, subnet: string | undefined, destination: string, direction: Stop['direction']): Stop | undefined {
  const { table, route, hop } = routing(c, subnet, destination);
  if (!subnet || !table) return stop('route-table', 'NO_ROUTE_TO_DESTINATION', subnet, ['rule_noTable', subnet ?? ''], subnet ? ['fix_associate', subnet] : undefined, undefined, direction);
  const tableId = table.RouteTableId!;
  const igw = gatewayFor(c, hop);
  const addRoute: [Words, string | undefined] = [['fix_publicRoute', tableId, igw], igw && c.cli.route(tableId, destination, `--gateway-id ${igw}`, route?.DestinationCidrBlock === destination)];
  if (route && hop?.kind === 'internet-gateway') {
    if (route.State !== 'blackhole') return undefined;
    return stop('route-table', 'BAD_STATE_ROUTE', tableId, ['path_routeBlackhole', tableId, destination, hop.id], ...addRoute, direction);
  }
  // A more specific route than the table's own default route to the gateway takes the packet elsewhere.
  const general = (table.Routes ?? []).some((r) => r.DestinationCidrBlock === ANYWHERE && r.GatewayId?.startsWith('igw-') && r.State !== 'blackhole');
  if (route && hop && general) {
    const dest = route.DestinationCidrBlock!;
    return stop('route-table', 'MORE_SPECIFIC_ROUTE', tableId, ['path_routeElsewhere', tableId, destination, hopId(hop), igw ?? ''], ['fix_removeRoute', tableId, dest], c.cli.deleteRoute(tableId, dest), direction);
  }
  const own = publicTable(c, table);
  const reason: Words =
    route && hop
      ? ['path_routeElsewhere', tableId, destination, hopId(hop), igw ?? '']
      : own && effectiveTable(c.s, subnet).main
        ? ['rule_publicUsesMain', subnet, tableId]
        : ['path_noRoute', tableId, subnet, destination];
  if (!own) return stop('route-table', 'NO_ROUTE_TO_DESTINATION', tableId, reason, ...addRoute, direction);
  const ownId = own.RouteTableId!;
  return stop('route-table', 'NO_ROUTE_TO_DESTINATION', tableId, reason, ['fix_associateTable', ownId, subnet], c.cli.associate(ownId, subnet, associationOf(table, subnet)), direction);
}

/**
 * Inside the VPC the local route carries every packet (AWS adds it and it cannot be
 * deleted); only a more specific route, to a middlebox or gone, takes a packet elsewhere.
 */
function localRoute(c: Ctx, subnet: string | undefined, destination: string, direction: Stop['direction']): Stop | undefined {
  const { table, route, hop } = routing(c, subnet, destination);
  if (!table || !route || !hop || hop.kind === 'local') return undefined;
  const tableId = table.RouteTableId!;
  const dest = route.DestinationCidrBlock!;
  const fix: Words = ['fix_removeRoute', tableId, dest];
  if (route.State === 'blackhole') return stop('route-table', 'BAD_STATE_ROUTE', tableId, ['path_routeBlackhole', tableId, dest, hopId(hop)], fix, c.cli.deleteRoute(tableId, dest), direction);
  return stop('route-table', 'MORE_SPECIFIC_ROUTE', tableId, ['path_routeElsewhere', tableId, destination, hopId(hop), 'local'], fix, c.cli.deleteRoute(tableId, dest), direction);
}

/**
 * The subnet's network ACL lets each packet in (from `peer`) or out (to it). Stateless:
 * a path asks it again for the replies, to the ephemeral ports. `fixPeer`: the block the
 * fix opens (a server's subnet rather than its one address).
 */
function networkAcl(c: Ctx, subnet: string | undefined, egress: boolean, packets: Packet[], peer: string, direction: Stop['direction'], fixPeer = peer): Stop | undefined {
  const acl = aclOf(c.s, subnet);
  if (!acl) return undefined;
  const aclId = acl.NetworkAclId!;
  for (const p of packets) {
    const d = aclDecides(acl, egress, p, peer);
    if (d.allowed) continue;
    const reply = direction === 'reply';
    const n = freeRuleNumber(acl, egress, d.rule);
    return stop(
      'network-acl',
      'SUBNET_ACL_RESTRICTION',
      aclId,
      ['path_aclDenies', aclId, subnet ?? '', egress, p.protocol, p.port, reply, peer, d.rule],
      ['fix_aclAllow', aclId, egress, p.protocol, reply ? undefined : p.port, fixPeer, n],
      c.cli.aclAllow(aclId, egress, n, p, reply, fixPeer),
      direction,
    );
  }
  return undefined;
}

/** How a fix names who to let in: the console's "Anywhere", "My IP", the web server's group, or an address block. */
type Source = { kind: 'anywhere' } | { kind: 'myIp'; cidr: string } | { kind: 'group'; group: string } | { kind: 'cidr'; cidr: string };

/** One of the receiver's security groups lets the packet in from the sender (a block, or a group it wears). */
function securityGroupIn(c: Ctx, i: Instance, name: Name, p: Packet, from: Peer, said: string, source: Source): Stop | undefined {
  if (groupsAllow(groupsOf(c.s, i), false, p, from)) return undefined;
  const id = i.InstanceId!;
  const ids = groupIdsOf(i);
  const group = ids[0] ?? id;
  const reason: Words = ['path_sgIn', name, id, ids.join(', '), p.protocol, p.port, said];
  if (source.kind === 'cidr') return stop('security-group', 'ENI_SG_RULES_MISMATCH', group, reason, ['fix_inboundCidr', group, p.protocol, p.port, source.cidr], c.cli.sgIngress(group, p, { cidr: source.cidr }));
  const fix: Words = ['fix_inbound', group, p.protocol, p.port, source.kind === 'group' ? 'webGroup' : source.kind, source.kind === 'group' ? source.group : undefined];
  const cli = c.cli.sgIngress(group, p, source.kind === 'group' ? { group: source.group } : { cidr: source.kind === 'anywhere' ? ANYWHERE : source.cidr });
  return stop('security-group', 'ENI_SG_RULES_MISMATCH', group, reason, fix, cli);
}

/** One of the sender's security groups lets the packet out to the receiver. */
function securityGroupOut(c: Ctx, i: Instance, name: Name, p: Packet, to: Peer, said: string): Stop | undefined {
  if (groupsAllow(groupsOf(c.s, i), true, p, to)) return undefined;
  const id = i.InstanceId!;
  const ids = groupIdsOf(i);
  const group = ids[0] ?? id;
  // A rule names a block: a server's one address is a /32.
  const block = to.block.includes('/') ? to.block : `${to.block}/32`;
  return stop('security-group', 'ENI_SG_RULES_MISMATCH', group, ['path_sgOut', name, id, ids.join(', '), p.protocol, p.port, said], ['fix_outbound', group, p.protocol, p.port, block], c.cli.sgEgress(group, p, block));
}

// --- the walks ---------------------------------------------------------------------------

/**
 * From the internet to a server (internet → web:80, you → web:22, internet → DB): the
 * server runs and has a public address, the internet gateway is attached, the server's
 * subnet routes back to it (the reply's way out), the ACL lets the request in, a security
 * group lets it in from `source`, the ACL lets the reply out.
 */
export function fromInternet(c: Ctx, i: Instance, name: Name, p: Packet, source: string, said: Source): Stop | undefined {
  const subnet = i.SubnetId;
  const { hop } = routing(c, subnet, source);
  return (
    running(c, i, name) ??
    publicAddress(c, i, name) ??
    internetGateway(c, hop?.kind === 'internet-gateway' ? hop.id : undefined) ??
    routeToInternet(c, subnet, source, 'reply') ??
    networkAcl(c, subnet, false, [p], source, 'request') ??
    securityGroupIn(c, i, name, p, { block: source, groups: [] }, source, said) ??
    networkAcl(c, subnet, true, repliesOf(p), source, 'reply')
  );
}

/** The block a fix opens an ACL to for a server: its subnet's (what a learner writes), else its address. */
const subnetBlockOf = (c: Ctx, i: Instance) => c.s.subnets.find((x) => x.SubnetId === i.SubnetId)?.CidrBlock ?? addressOf(c, i);

/**
 * From the web server to the DB server: the web server's group lets it out, the local
 * route carries it, the ACLs let it out of one subnet and into the other (not crossed in
 * one subnet), a DB group lets it in from the web server (its group or its address), and
 * the replies pass the routes and ACLs the other way (security groups are stateful).
 */
export function webToDb(c: Ctx, web: Instance, db: Instance, p: Packet): Stop | undefined {
  const [w, d] = [peerOf(c, web), peerOf(c, db)];
  const cross = web.SubnetId !== db.SubnetId;
  const webGroup = w.groups[0];
  const [webBlock, dbBlock] = [subnetBlockOf(c, web), subnetBlockOf(c, db)];
  return (
    running(c, web, 'web') ??
    running(c, db, 'db') ??
    securityGroupOut(c, web, 'web', p, d, d.block) ??
    localRoute(c, web.SubnetId, d.block, 'request') ??
    (cross ? networkAcl(c, web.SubnetId, true, [p], d.block, 'request', dbBlock) ?? networkAcl(c, db.SubnetId, false, [p], w.block, 'request', webBlock) : undefined) ??
    securityGroupIn(c, db, 'db', p, w, 'web', webGroup ? { kind: 'group', group: webGroup } : { kind: 'cidr', cidr: webBlock }) ??
    localRoute(c, db.SubnetId, w.block, 'reply') ??
    (cross ? networkAcl(c, db.SubnetId, true, repliesOf(p), w.block, 'reply', webBlock) ?? networkAcl(c, web.SubnetId, false, repliesOf(p), d.block, 'reply', dbBlock) : undefined)
  );
}

/** The NAT the private route should name, when one is usable: the lab's, if it is there and not gone. */
function usableNat(c: Ctx): { flag: string; id: string } | undefined {
  const nat = c.roles.nat;
  if (nat?.kind === 'gateway') {
    const g = natGatewayOf(c.s, nat.id);
    return g && !['deleted', 'deleting', 'failed'].includes(g.State ?? '') ? { flag: `--nat-gateway-id ${nat.id}`, id: nat.id } : undefined;
  }
  if (nat?.kind === 'instance' && instanceOf(c.s, nat.id)) return { flag: `--instance-id ${nat.id}`, id: nat.id };
  return undefined;
}

/** The public subnet, where a NAT belongs: the lab's, else the web server's. */
const publicSubnetOf = (c: Ctx) => c.roles.publicSubnet ?? instanceOf(c.s, c.roles.web)?.SubnetId;

/** Point the private table's default route at the NAT there is, or make one in the public subnet first. */
function natRouteFix(c: Ctx, table: RouteTable, replace: boolean): [Words, string | undefined] {
  const tableId = table.RouteTableId!;
  const nat = usableNat(c);
  if (nat) return [['fix_privateRoute', tableId, nat.id], c.cli.route(tableId, ANYWHERE, nat.flag, replace)];
  const subnet = publicSubnetOf(c);
  return [['fix_natMove', subnet, tableId], subnet && c.cli.natCreate(subnet, tableId, replace)];
}

/**
 * From the DB server to the internet (what `dnf install` needs): its group lets it out,
 * its subnet's table sends 0.0.0.0/0 somewhere active, then the way that target goes out
 * (a NAT gateway, a NAT instance, or straight to the internet gateway).
 */
export function dbToInternet(c: Ctx, db: Instance, p: Packet): Stop | undefined {
  const first = running(c, db, 'db') ?? securityGroupOut(c, db, 'db', p, { block: ANYWHERE, groups: [] }, ANYWHERE);
  if (first) return first;
  const { table, route, hop } = routing(c, db.SubnetId, ANYWHERE);
  if (!table) return stop('route-table', 'NO_ROUTE_TO_DESTINATION', db.SubnetId, ['rule_noTable', db.SubnetId ?? ''], db.SubnetId ? ['fix_associate', db.SubnetId] : undefined);
  const tableId = table.RouteTableId!;
  const replace = route?.DestinationCidrBlock === ANYWHERE;
  if (!route || !hop) return stop('route-table', 'NO_ROUTE_TO_DESTINATION', tableId, ['path_noRoute', tableId, db.SubnetId ?? '', ANYWHERE], ...natRouteFix(c, table, false));
  const gone = stop('route-table', 'BAD_STATE_ROUTE', tableId, ['path_routeBlackhole', tableId, ANYWHERE, hopId(hop)], ...natRouteFix(c, table, replace));
  if (route.State === 'blackhole') return gone;
  if (hop.kind === 'internet-gateway') return straightOut(c, db, p, hop.id, table);
  if (hop.kind === 'nat-gateway') {
    const g = natGatewayOf(c.s, hop.id);
    // AWS turns a route to a deleted NAT gateway into a blackhole (an emulator may leave it active).
    if (!g || g.State === 'deleted') return gone;
    return throughNat(c, db, p, hop.id, g.SubnetId, () => natGateway(c, hop.id, table));
  }
  if (hop.kind === 'instance') {
    const nat = instanceOf(c.s, hop.id);
    if (!nat || nat.State?.Name === 'terminated') return gone;
    return throughNat(c, db, p, hop.id, nat.SubnetId, () => natInstance(c, nat, db, p));
  }
  return stop('route-table', 'NO_ROUTE_TO_DESTINATION', tableId, ['path_routeElsewhere', tableId, ANYWHERE, hopId(hop), usableNat(c)?.id ?? 'NAT'], ...natRouteFix(c, table, replace));
}

/** A DB server routed straight to the internet gateway: it goes out only with a public address of its own (the tutorial sends it through a NAT). */
function straightOut(c: Ctx, db: Instance, p: Packet, igw: string, table: RouteTable): Stop | undefined {
  const id = db.InstanceId!;
  const noAddress = publicIpOf(c, db)
    ? undefined
    : stop('public-address', 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', id, ['path_noPublicEgress', id], ...natRouteFix(c, table, true));
  return (
    networkAcl(c, db.SubnetId, true, [p], ANYWHERE, 'request') ??
    noAddress ??
    internetGateway(c, igw) ??
    networkAcl(c, db.SubnetId, false, repliesOf(p), ANYWHERE, 'reply')
  );
}

/**
 * Through a NAT in subnet `natSubnet`: the DB's ACL lets the packet out, the NAT's ACL
 * lets it in (another subnet), the NAT itself passes it (`nat`), the NAT's own subnet
 * routes to an attached internet gateway, its ACL lets it out; the replies back the same
 * way (to the NAT's ephemeral ports, then the DB's).
 */
function throughNat(c: Ctx, db: Instance, p: Packet, natId: string, natSubnet: string | undefined, nat: () => Stop | undefined): Stop | undefined {
  const D = db.SubnetId;
  const cross = natSubnet !== D;
  const dbIp = addressOf(c, db);
  const dbBlock = subnetBlockOf(c, db);
  const replies = repliesOf(p);
  return (
    networkAcl(c, D, true, [p], ANYWHERE, 'request') ??
    (cross ? networkAcl(c, natSubnet, false, [p], dbIp, 'request', dbBlock) : undefined) ??
    nat() ??
    natWayOut(c, natId, natSubnet, D) ??
    networkAcl(c, natSubnet, true, [p], ANYWHERE, 'request') ??
    networkAcl(c, natSubnet, false, replies, ANYWHERE, 'reply') ??
    (cross ? networkAcl(c, natSubnet, true, replies, dbIp, 'reply', dbBlock) ?? networkAcl(c, D, false, replies, ANYWHERE, 'reply') : undefined)
  );
}

/**
 * The NAT's own way out: its subnet's table sends 0.0.0.0/0 to an attached internet
 * gateway. A NAT whose subnet routes to a NAT (the DB's own subnet: the NAT put in the
 * private subnet) is in the wrong place, and is made again in the public subnet.
 */
function natWayOut(c: Ctx, natId: string, natSubnet: string | undefined, dbSubnet: string | undefined): Stop | undefined {
  const { table, hop } = routing(c, natSubnet, ANYWHERE);
  if (natSubnet === dbSubnet || hop?.kind === 'nat-gateway' || hop?.kind === 'instance') {
    const dbTable = tableOf(c, dbSubnet);
    const subnet = publicSubnetOf(c);
    const dbTableId = dbTable?.RouteTableId ?? '';
    return stop('nat', 'NO_ROUTE_TO_DESTINATION', natId, ['path_natInPrivate', natId, natSubnet ?? '', table?.RouteTableId ?? ''], ['fix_natMove', subnet, dbTableId], subnet && dbTable ? c.cli.natCreate(subnet, dbTableId, true) : undefined);
  }
  // The gateway its route names first (a detached one turns the route into a blackhole: the cause, not the symptom).
  return (hop?.kind === 'internet-gateway' ? internetGateway(c, hop.id) : undefined) ?? routeToInternet(c, natSubnet, ANYWHERE, 'request');
}

/** A NAT gateway passes it: available, public, with its public address; else one is made in the public subnet. */
function natGateway(c: Ctx, id: string, dbTable: RouteTable): Stop | undefined {
  const g = natGatewayOf(c.s, id)!;
  const remake = () => natRouteFix({ ...c, roles: { ...c.roles, nat: undefined } }, dbTable, true);
  // A NAT gateway still being made needs only time; a failed or deleting one, another.
  if (g.State === 'pending') return stop('nat', 'BAD_STATE', id, ['rule_natState', id, g.State]);
  if (g.State !== 'available') return stop('nat', 'BAD_STATE', id, ['rule_natState', id, g.State], ...remake());
  if (g.ConnectivityType === 'private') return stop('nat', 'NO_ROUTE_TO_DESTINATION', id, ['path_natPrivate', id], ...remake());
  if (!(g.NatGatewayAddresses ?? []).some((a) => a.PublicIp)) return stop('nat', 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', id, ['rule_natNotPublic', id], ...remake());
  return undefined;
}

/** A NAT instance passes it: running, its source/destination check off, its group lets the DB's traffic in and out, a public address. */
function natInstance(c: Ctx, nat: Instance, db: Instance, p: Packet): Stop | undefined {
  const id = nat.InstanceId!;
  const checking = nat.SourceDestCheck !== false;
  const sdc = checking ? stop('source-dest-check', 'ENI_SOURCE_DEST_CHECK_RESTRICTION', id, ['rule_natCheck', id], ['fix_sourceDestCheck', id], c.cli.sourceDestCheckOff(id)) : undefined;
  const address = publicIpOf(c, nat) ? undefined : stop('nat', 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', id, ['rule_natNotPublic', id], ['fix_elasticIp', id], c.cli.elasticIp(id));
  return (
    running(c, nat, 'NAT') ??
    sdc ??
    securityGroupIn(c, nat, 'NAT', p, peerOf(c, db), 'db', { kind: 'cidr', cidr: subnetBlockOf(c, db) }) ??
    address ??
    securityGroupOut(c, nat, 'NAT', p, { block: ANYWHERE, groups: [] }, ANYWHERE)
  );
}
