/**
 * Chapter 1 — the network: the internet gateway attached, the public subnet's default
 * route to it, a private subnet without one, DNS hostnames on, /24 subnets in the VPC.
 */
import type { Words } from '../../engine/errors.js';
import type { Roles, VpcSnapshot } from '../core/snapshot.js';
import { cidrInside, defaultRoute, effectiveTable, isActive, isInternetGateway, prefixOf, routeTarget } from './facts.js';
import { fail, notJudged, pass, rule, type Verdict } from './rule.js';

/** The gateway attached to the VPC (AWS says "available" for an attached internet gateway). */
function attached(s: VpcSnapshot, igw: string | undefined): boolean {
  const g = s.internetGateways.find((x) => x.InternetGatewayId === igw);
  return Boolean(g?.Attachments?.some((a) => a.VpcId === s.vpc.VpcId && ['available', 'attached'].includes(String(a.State))));
}

const internetGateway = rule('network.internet-gateway', 1, 'error', (s, roles) => {
  const id = roles.internetGateway;
  const vpc = roles.vpc;
  if (!id || !s.internetGateways.some((g) => g.InternetGatewayId === id)) return fail(undefined, ['rule_igwNone', vpc], ['fix_igwCreate', vpc]);
  return attached(s, id) ? pass(id, ['rule_igwAttached', id, vpc]) : fail(id, ['rule_igwDetached', id, vpc], ['fix_igwAttach', id, vpc]);
});

/** A table of the VPC's own (not the main one) whose 0.0.0.0/0 goes to the internet gateway, active: the one the learner made for the public subnet. */
function tableToGateway(s: VpcSnapshot, igw: string | undefined): string | undefined {
  const toIgw = (t: (typeof s.routeTables)[number]) => [defaultRoute(t)].some((r) => r && isActive(r) && isInternetGateway(r.GatewayId) && (!igw || r.GatewayId === igw));
  return s.routeTables.find((t) => !t.Associations?.some((a) => a.Main) && toIgw(t))?.RouteTableId;
}

/** The public subnet's way out: its effective table's 0.0.0.0/0 goes to the internet gateway, active. */
function publicRoute(s: VpcSnapshot, roles: Roles): Verdict {
  const subnet = roles.publicSubnet;
  if (!subnet) return fail(undefined, ['rule_noSubnet', 'public'], ['fix_subnetCreate', 'public']);
  const { table, main } = effectiveTable(s, subnet);
  const igw = roles.internetGateway;
  const fix: Words = ['fix_publicRoute', table?.RouteTableId, igw];
  if (!table) return fail(subnet, ['rule_noTable', subnet], ['fix_associate', subnet]);
  const tableId = table.RouteTableId;
  const r = defaultRoute(table);
  const target = r && routeTarget(r);
  const toGateway = r && isInternetGateway(r.GatewayId) && (!igw || r.GatewayId === igw);
  // The learner's route table exists but the subnet was never associated with it: name that table.
  if (!toGateway && main) {
    const own = tableToGateway(s, igw);
    return fail(subnet, ['rule_publicUsesMain', subnet, tableId], own ? ['fix_associateTable', own, subnet] : ['fix_associate', subnet]);
  }
  if (!r) return fail(subnet, ['rule_noDefaultRoute', subnet, tableId], fix);
  if (!isActive(r)) return fail(subnet, ['rule_routeBlackhole', tableId, target], fix);
  if (!toGateway) return fail(subnet, ['rule_publicRouteElsewhere', subnet, tableId, target], fix);
  return pass(subnet, ['rule_publicRoute', subnet, tableId, target]);
}

const privateSubnet = rule('network.private-subnet', 1, 'error', (s, roles) => {
  const subnet = roles.privateSubnet;
  if (!subnet || subnet === roles.publicSubnet) return fail(undefined, ['rule_noSubnet', 'private'], ['fix_subnetCreate', 'private']);
  const { table } = effectiveTable(s, subnet);
  const out = table?.Routes?.find((r) => isInternetGateway(r.GatewayId));
  return out ? fail(subnet, ['rule_privateToIgw', subnet, table!.RouteTableId, out.GatewayId], ['fix_privateNoIgw', table!.RouteTableId]) : pass(subnet, ['rule_privateSubnet', subnet]);
});

const dns = rule('network.dns-hostnames', 1, 'error', (s, roles) => {
  if (s.dnsHostnames === undefined || s.dnsSupport === undefined) return notJudged(roles.vpc, ['rule_dnsUnknown']);
  return s.dnsHostnames && s.dnsSupport ? pass(roles.vpc, ['rule_dnsOn', roles.vpc]) : fail(roles.vpc, ['rule_dnsOff', roles.vpc, s.dnsHostnames, s.dnsSupport], ['fix_dns', roles.vpc]);
});

/** Each subnet the lab uses is a /24 inside one of the VPC's blocks (the tutorial's shape). */
const subnetSize = rule('network.subnet-size', 1, 'warning', (s, roles) => {
  const blocks = [s.vpc.CidrBlock, ...(s.vpc.CidrBlockAssociationSet ?? []).map((b) => b.CidrBlock)].filter((c): c is string => Boolean(c));
  return [roles.publicSubnet, roles.privateSubnet].flatMap((id) => {
    const cidr = s.subnets.find((x) => x.SubnetId === id)?.CidrBlock;
    if (!id || !cidr) return [];
    const ok = prefixOf(cidr) === 24 && blocks.some((b) => cidrInside(cidr, b));
    return [ok ? pass(id, ['rule_subnetSize', id, cidr]) : fail(id, ['rule_subnetSizeOff', id, cidr, blocks[0]], ['fix_subnetSize', blocks[0]])];
  });
});

export const NETWORK_RULES = [
  internetGateway,
  rule('network.public-route', 1, 'error', publicRoute),
  privateSubnet,
  dns,
  subnetSize,
];
