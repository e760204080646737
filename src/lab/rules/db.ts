/**
 * Chapter 4 — the DB server: running in the private subnet with no public address;
 * MariaDB, ping and SSH let in from the web server (3306 not from the whole internet); a
 * NAT in the public subnet and the private subnet's default route to it; MariaDB running
 * and ping answered (live rules: `check` probes them).
 */
import type { Words } from '../../engine/errors.js';
import type { FlowId } from '../core/flows.js';
import type { Roles, VpcSnapshot } from '../core/snapshot.js';
import { defaultRoute, effectiveTable, elasticIpOf, fromServer, goesToNat, instanceOf, isActive, isRunning, natGatewayOf, routeTarget } from './facts.js';
import { fail, live, notJudged, pass, rule, type Rule, type Verdict } from './rule.js';
import { allowed, groupOf, notToWorld, onServer, ports, serverRule } from './servers.js';

const noPublicAddress = onServer('db.no-public-address', 4, 'error', 'db', (i, s) => {
  const id = i.InstanceId!;
  const ip = i.PublicIpAddress || elasticIpOf(s, i);
  return ip ? fail(id, ['rule_dbPublic', id, ip], ['fix_dbPublic', id]) : pass(id, ['rule_dbPrivate', id]);
});

/** The DB server lets this flow in from the web server (its group, or a CIDR holding its private address). */
function fromWeb(ruleId: string, id: FlowId): Rule {
  return onServer(ruleId, 4, 'error', 'db', (i, s, roles) => {
    const at = i.InstanceId!;
    const web = instanceOf(s, roles.web);
    if (!web) return notJudged(at, ['rule_blockedBy', 'web.instance']);
    return fromServer(allowed(s, i, id), web)
      ? pass(at, ['rule_fromWeb', at, ...ports(id)])
      : fail(at, ['rule_notFromWeb', at, ...ports(id)], ['fix_inbound', groupOf(i), ...ports(id), 'webGroup', groupOf(web)]);
  });
}

/** A NAT the private subnet can use: a public NAT gateway, available, with its Elastic IP, in the public subnet; or a NAT instance there. */
function nat(s: VpcSnapshot, roles: Roles): Verdict {
  const role = roles.nat;
  const publicSubnet = roles.publicSubnet;
  const create: Words = ['fix_natCreate', publicSubnet];
  if (role?.kind === 'instance') return natInstance(s, role.id, publicSubnet);
  const g = natGatewayOf(s, role?.id);
  if (!g) return fail(undefined, ['rule_noNat'], create);
  const id = g.NatGatewayId!;
  if (g.State !== 'available') return fail(id, ['rule_natState', id, g.State], create);
  if (g.SubnetId !== publicSubnet) return fail(id, ['rule_natSubnet', id, g.SubnetId, publicSubnet], create);
  const ip = g.NatGatewayAddresses?.find((a) => a.PublicIp || a.AllocationId);
  if (g.ConnectivityType === 'private' || !ip) return fail(id, ['rule_natNotPublic', id], create);
  return pass(id, ['rule_natGateway', id, g.SubnetId, ip.PublicIp ?? ip.AllocationId]);
}

/** A NAT instance: running in the public subnet, with a public address and the source/destination check off. */
function natInstance(s: VpcSnapshot, natId: string, publicSubnet: string | undefined): Verdict {
  const i = instanceOf(s, natId);
  if (!i) return fail(undefined, ['rule_noNat'], ['fix_natCreate', publicSubnet]);
  if (!isRunning(i)) return fail(natId, ['rule_natState', natId, i.State?.Name], ['fix_startServer', natId]);
  if (i.SubnetId !== publicSubnet) return fail(natId, ['rule_natSubnet', natId, i.SubnetId, publicSubnet], ['fix_natCreate', publicSubnet]);
  if (!i.PublicIpAddress) return fail(natId, ['rule_natNotPublic', natId], ['fix_elasticIp', natId]);
  if (i.SourceDestCheck !== false) return fail(natId, ['rule_natCheck', natId], ['fix_sourceDestCheck', natId]);
  return pass(natId, ['rule_natInstance', natId, i.SubnetId]);
}

/** The private subnet's effective table sends 0.0.0.0/0 to that NAT, and the route is active. */
function privateRoute(s: VpcSnapshot, roles: Roles): Verdict {
  const subnet = roles.privateSubnet;
  if (!subnet) return notJudged(undefined, ['rule_blockedBy', 'network.private-subnet']);
  if (!roles.nat) return notJudged(subnet, ['rule_blockedBy', 'db.nat']);
  const { table } = effectiveTable(s, subnet);
  if (!table) return fail(subnet, ['rule_noTable', subnet], ['fix_associate', subnet]);
  const tableId = table.RouteTableId;
  const fix: Words = ['fix_privateRoute', tableId, roles.nat.id];
  const r = defaultRoute(table);
  if (!r) return fail(subnet, ['rule_noDefaultRoute', subnet, tableId], fix);
  // A route left to a NAT that was deleted (and made again) is a blackhole: say that first.
  if (!isActive(r)) return fail(subnet, ['rule_routeBlackhole', tableId, routeTarget(r)], fix);
  if (!goesToNat(s, r, roles.nat)) return fail(subnet, ['rule_privateRouteElsewhere', subnet, tableId, routeTarget(r), roles.nat.id], fix);
  return pass(subnet, ['rule_privateRoute', subnet, tableId, roles.nat.id]);
}

export const DB_RULES = [
  serverRule('db', 4, 'privateSubnet'),
  noPublicAddress,
  fromWeb('db.mysql-from-web', 'db-mysql'),
  fromWeb('db.icmp-from-web', 'db-icmp'),
  fromWeb('db.ssh-from-web', 'db-ssh'),
  notToWorld('db.mysql-world', 4, 'db', 'db-mysql', 'webGroup'),
  rule('db.nat', 4, 'error', nat),
  rule('db.private-route', 4, 'error', privateRoute),
  live('db.ping', 4, (p) => p.ping, (r) => r.db, ['fix_ping']),
  live('db.mariadb', 4, (p) => p.mariadb, (r) => r.db, ['fix_mariadb']),
];
