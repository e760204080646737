/**
 * Which resource of a VPC built by hand plays which part of the tutorial's lab, by what it
 * does, never by its name alone (issue 26 item 2): the public subnet is the one whose
 * effective route table sends 0.0.0.0/0 to an internet gateway; the web server the
 * instance with a public address in it; the DB server the instance in the other subnet;
 * the NAT what the private subnet's default route points at. Where a mistake hides a role
 * (no subnet routes to the gateway), what else says it is taken — the subnet holding the
 * instance with a public address, auto-assign, the learner's Name tags — and each role
 * says which resource was taken and why (`because`), a sentence each.
 */
import type { Instance, Subnet, Tag } from '@aws-sdk/client-ec2';
import type { Words } from '../../engine/errors.js';
import type { NatRole, Roles, VpcSnapshot } from '../core/snapshot.js';
import { defaultRoute, effectiveTable, elasticIpOf, isActive, isInternetGateway } from './facts.js';

/** A role of the lab a resource was taken for. */
export type Role = 'internetGateway' | 'publicSubnet' | 'privateSubnet' | 'web' | 'db' | 'nat';

/** Why one resource was taken for one role. */
export interface Because {
  role: Role;
  resource: string;
  reason: Words;
}

export interface FoundRoles {
  roles: Roles;
  because: Because[];
}

/** The instances the user named (--web, --db): validated by the caller as the VPC's. */
export interface RoleOverrides {
  web?: string;
  db?: string;
}

const nameOf = (tags: Tag[] | undefined): string | undefined => tags?.find((t) => t.Key === 'Name')?.Value;
const named = (tags: Tag[] | undefined, pattern: RegExp): boolean => pattern.test(nameOf(tags) ?? '');
const PUBLIC_NAME = /pub|web|front/i;
const PRIVATE_NAME = /priv|db|back|data/i;

/** An instance's public address: the one it shows, else an Elastic IP on one of its interfaces. */
const publicAddressOf = (s: VpcSnapshot, i: Instance): string | undefined => i.PublicIpAddress || elasticIpOf(s, i);

/** The instances still there (not terminated or terminating). */
const alive = (s: VpcSnapshot): Instance[] => s.instances.filter((i) => !['terminated', 'shutting-down'].includes(String(i.State?.Name)));

/** The subnet's effective route table sends 0.0.0.0/0 to an internet gateway, active. */
function routesToGateway(s: VpcSnapshot, subnet: Subnet): { table?: string; igw?: string } | undefined {
  const { table } = effectiveTable(s, subnet.SubnetId!);
  const r = defaultRoute(table);
  return r && isActive(r) && isInternetGateway(r.GatewayId) ? { table: table?.RouteTableId, igw: r.GatewayId } : undefined;
}

/** The internet gateway attached to the VPC (only attached ones are listed in a VPC's scope). */
function internetGatewayOf(s: VpcSnapshot, found: FoundRoles): void {
  const g = s.internetGateways.find((x) => x.Attachments?.some((a) => a.VpcId === s.vpc.VpcId)) ?? s.internetGateways[0];
  if (!g?.InternetGatewayId) return;
  found.roles.internetGateway = g.InternetGatewayId;
  found.because.push({ role: 'internetGateway', resource: g.InternetGatewayId, reason: ['role_igwAttached', g.InternetGatewayId, s.vpc.VpcId!] });
}

/** The public subnet: by its route; else by the instance with a public address in it, auto-assign, its Name. */
function publicSubnetOf(s: VpcSnapshot, found: FoundRoles): void {
  const take = (subnet: Subnet, reason: Words) => {
    found.roles.publicSubnet = subnet.SubnetId;
    found.because.push({ role: 'publicSubnet', resource: subnet.SubnetId!, reason });
  };
  const routed = s.subnets.filter((x) => routesToGateway(s, x));
  // Several route out: the one holding a server with a public address is the tutorial's.
  const withAddress = (x: Subnet) => alive(s).some((i) => i.SubnetId === x.SubnetId && publicAddressOf(s, i));
  const byRoute = routed.find(withAddress) ?? routed[0];
  if (byRoute) {
    const r = routesToGateway(s, byRoute)!;
    return take(byRoute, ['role_publicByRoute', byRoute.SubnetId!, r.table, r.igw]);
  }
  const holder = s.subnets.find(withAddress);
  if (holder) {
    const i = alive(s).find((x) => x.SubnetId === holder.SubnetId && publicAddressOf(s, x))!;
    return take(holder, ['role_publicByInstance', holder.SubnetId!, i.InstanceId!, publicAddressOf(s, i)!]);
  }
  const auto = s.subnets.find((x) => x.MapPublicIpOnLaunch);
  if (auto) return take(auto, ['role_publicByAutoAssign', auto.SubnetId!]);
  const byName = s.subnets.find((x) => named(x.Tags, PUBLIC_NAME));
  if (byName) return take(byName, ['role_byName', byName.SubnetId!, nameOf(byName.Tags)!]);
}

/** The private subnet: another one; the one a NAT route or a server sits in first, then by Name, then the first. */
function privateSubnetOf(s: VpcSnapshot, found: FoundRoles): void {
  const others = s.subnets.filter((x) => x.SubnetId !== found.roles.publicSubnet);
  const holdsServer = (x: Subnet) => alive(s).some((i) => i.SubnetId === x.SubnetId && i.SourceDestCheck !== false);
  const natRoute = (x: Subnet) => {
    const r = defaultRoute(effectiveTable(s, x.SubnetId!).table);
    return Boolean(r && (r.NatGatewayId || r.InstanceId || r.NetworkInterfaceId));
  };
  const pick = others.find((x) => natRoute(x) && holdsServer(x)) ?? others.find(holdsServer) ?? others.find(natRoute) ?? others.find((x) => named(x.Tags, PRIVATE_NAME)) ?? others[0];
  if (!pick?.SubnetId) return;
  found.roles.privateSubnet = pick.SubnetId;
  const db = alive(s).find((i) => i.SubnetId === pick.SubnetId);
  const reason: Words = db ? ['role_privateByServer', pick.SubnetId, db.InstanceId!] : ['role_privateOther', pick.SubnetId];
  found.because.push({ role: 'privateSubnet', resource: pick.SubnetId, reason });
}

/** The NAT: what the private subnet's default route points at; else the VPC's NAT gateway. */
function natOf(s: VpcSnapshot, found: FoundRoles): void {
  const take = (nat: NatRole, reason: Words) => {
    found.roles.nat = nat;
    found.because.push({ role: 'nat', resource: nat.id, reason });
  };
  const subnet = found.roles.privateSubnet;
  const { table } = subnet ? effectiveTable(s, subnet) : { table: undefined };
  const r = defaultRoute(table);
  if (r?.NatGatewayId) return take({ kind: 'gateway', id: r.NatGatewayId }, ['role_natByRoute', r.NatGatewayId, table?.RouteTableId, subnet!]);
  const byEni = r?.NetworkInterfaceId && s.instances.find((i) => i.NetworkInterfaces?.some((n) => n.NetworkInterfaceId === r.NetworkInterfaceId));
  const instance = r?.InstanceId ?? (byEni ? byEni.InstanceId : undefined);
  if (instance) return take({ kind: 'instance', id: instance }, ['role_natByRoute', instance, table?.RouteTableId, subnet!]);
  const gateway = s.natGateways.find((n) => n.State === 'available') ?? s.natGateways.find((n) => n.State !== 'deleted' && n.State !== 'deleting');
  if (gateway?.NatGatewayId) return take({ kind: 'gateway', id: gateway.NatGatewayId }, ['role_natOnly', gateway.NatGatewayId]);
  const natInstance = alive(s).find((i) => i.SourceDestCheck === false);
  if (natInstance?.InstanceId) take({ kind: 'instance', id: natInstance.InstanceId }, ['role_natBySourceDest', natInstance.InstanceId]);
}

/** A server: given by the user, else by what it does, else by where it sits, else by its Name. */
function serverOf(s: VpcSnapshot, found: FoundRoles, server: 'web' | 'db', given: string | undefined): void {
  const take = (id: string, reason: Words) => {
    found.roles[server] = id;
    found.because.push({ role: server, resource: id, reason });
  };
  if (given) return take(given, ['role_given', given, server]);
  const taken = new Set([found.roles.web, found.roles.nat?.kind === 'instance' ? found.roles.nat.id : undefined]);
  const candidates = alive(s).filter((i) => !taken.has(i.InstanceId));
  const subnet = server === 'web' ? found.roles.publicSubnet : found.roles.privateSubnet;
  const pattern = server === 'web' ? /web|www|apache|front/i : /db|maria|mysql|data|back/i;
  const inSubnet = candidates.filter((i) => i.SubnetId === subnet);
  // Several in the subnet: the learner's name says which is which.
  const prefer = (xs: Instance[]) => xs.find((i) => named(i.Tags, pattern)) ?? xs[0];
  if (server === 'web') {
    const addressed = inSubnet.filter((i) => publicAddressOf(s, i));
    const web = prefer(addressed);
    if (web) return take(web.InstanceId!, ['role_webByAddress', web.InstanceId!, publicAddressOf(s, web)!, subnet!]);
  }
  const here = prefer(inSubnet);
  if (here) return take(here.InstanceId!, [server === 'web' ? 'role_webBySubnet' : 'role_dbBySubnet', here.InstanceId!, subnet!]);
  const byName = candidates.find((i) => named(i.Tags, pattern));
  if (byName) return take(byName.InstanceId!, ['role_byName', byName.InstanceId!, nameOf(byName.Tags)!]);
}

/** Every role of the tutorial's lab in a VPC built by hand, each with why it was taken. */
export function rolesOfVpc(s: VpcSnapshot, overrides: RoleOverrides = {}): FoundRoles {
  const found: FoundRoles = { roles: { vpc: s.vpc.VpcId! }, because: [] };
  internetGatewayOf(s, found);
  publicSubnetOf(s, found);
  // The web server given by the user says where the public subnet is, when nothing else did.
  const web = overrides.web ? s.instances.find((i) => i.InstanceId === overrides.web) : undefined;
  if (!found.roles.publicSubnet && web?.SubnetId) {
    found.roles.publicSubnet = web.SubnetId;
    found.because.push({ role: 'publicSubnet', resource: web.SubnetId, reason: ['role_publicByInstance', web.SubnetId, web.InstanceId!, publicAddressOf(s, web) ?? '-'] });
  }
  privateSubnetOf(s, found);
  natOf(s, found);
  serverOf(s, found, 'web', overrides.web);
  serverOf(s, found, 'db', overrides.db);
  return found;
}
