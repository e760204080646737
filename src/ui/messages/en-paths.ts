import { SERVER_NAME } from './en-terms.js';

/**
 * English, part of the source catalog (en.ts spreads it): why one of the tutorial's paths
 * does not work (lab/paths) — the gate that drops the packet (path_…) and what to click
 * (fix_…, the console's menu path). Gates other sentences already say (a server not
 * running, an internet gateway detached) are said by en-rules.ts's. Its Japanese is
 * ja-paths.ts.
 */

const SERVICE: Record<number, string> = { 22: 'SSH', 80: 'HTTP', 443: 'HTTPS', 3306: 'MariaDB' };

/** A packet as the sentences name it: "TCP 80 (HTTP)", "ICMP echo (ping)", a reply to an ephemeral port. */
const packet = (protocol: string, port: number | undefined, reply = false) => {
  if (protocol === 'icmp') return reply ? 'ICMP echo replies' : 'ICMP echo (ping)';
  if (reply) return `TCP replies to port ${port} (ephemeral ports 1024-65535)`;
  return `TCP ${port}${SERVICE[port ?? 0] ? ` (${SERVICE[port ?? 0]})` : ''}`;
};

/** A peer: a server of the lab by its name, else an address or a block. */
const peer = (p: string) => (SERVER_NAME[p] ? `the ${SERVER_NAME[p]}` : p);

/** The console's Type of a rule. */
const consoleType = (protocol: string, port: number | undefined) =>
  protocol === 'icmp' ? 'All ICMP - IPv4' : ({ 22: 'SSH', 80: 'HTTP', 443: 'HTTPS', 3306: 'MYSQL/Aurora' }[port ?? 0] ?? 'Custom TCP');

/** The ACL rule that decided: a number, AWS's last rule "*", or none. */
const ruleName = (rule: number | undefined) => (rule === undefined ? 'no rule allows it' : rule === 32767 ? 'rule *, the last one' : `rule ${rule}`);

export const enPaths = {
  path_notJudged: (name: string) => `not judged: no ${SERVER_NAME[name] ?? name} was found`,
  path_open: (protocol: string, ports: readonly number[]) =>
    `open: no gate stops ${protocol === 'icmp' ? packet('icmp', undefined) : ports.map((p) => packet(protocol, p)).join(' or ')}`,
  path_reachable: (name: string, id: string, ip: string, protocol: string, port: number | undefined) =>
    `the ${SERVER_NAME[name] ?? name} ${id} can be reached from the internet at ${ip} by ${packet(protocol, port)}: no gate stops it`,
  path_noPublicAddress: (name: string, id: string) => `the ${SERVER_NAME[name] ?? name} ${id} has no public IPv4 address: the internet gateway has no address to send to it`,
  path_noPublicEgress: (id: string) =>
    `the DB server ${id} has no public IPv4 address, and its subnet routes straight to the internet gateway: the gateway drops what it sends (the tutorial sends it through a NAT)`,
  path_noRoute: (table: string, subnet: string, destination: string) => `route table ${table} (subnet ${subnet}) has no route for ${destination}`,
  path_routeBlackhole: (table: string, destination: string, target: string) => `the ${destination} route of route table ${table} goes to ${target}, which is gone (blackhole)`,
  path_routeElsewhere: (table: string, destination: string, target: string, want: string) => `route table ${table} sends ${destination} to ${target}, not to ${want}`,
  path_aclDenies: (acl: string, subnet: string, egress: boolean, protocol: string, port: number | undefined, reply: boolean, to: string, rule: number | undefined) =>
    `network ACL ${acl} (subnet ${subnet}) denies ${egress ? 'outbound' : 'inbound'} ${packet(protocol, port, reply)} ${egress ? 'to' : 'from'} ${to} (${ruleName(rule)})`,
  path_sgIn: (name: string, id: string, groups: string, protocol: string, port: number | undefined, from: string) =>
    `no security group of the ${SERVER_NAME[name] ?? name} ${id} (${groups}) lets ${packet(protocol, port)} in from ${peer(from)}`,
  path_sgOut: (name: string, id: string, groups: string, protocol: string, port: number | undefined, to: string) =>
    `no security group of the ${SERVER_NAME[name] ?? name} ${id} (${groups}) lets ${packet(protocol, port)} out to ${peer(to)}`,
  path_natInPrivate: (nat: string, subnet: string, table: string) =>
    `NAT ${nat} is in subnet ${subnet}, whose route table ${table} does not send 0.0.0.0/0 to an internet gateway: a NAT works only in the public subnet`,
  path_natPrivate: (nat: string) => `NAT gateway ${nat} is private (Connectivity type Private): it cannot reach the internet`,

  fix_associateTable: (table: string, subnet: string) => `VPC console > Route tables > ${table} > Subnet associations > Edit subnet associations: tick ${subnet}`,
  fix_removeRoute: (table: string, destination: string) => `VPC console > Route tables > ${table} > Routes > Edit routes: remove the route for ${destination}`,
  fix_aclAllow: (acl: string, egress: boolean, protocol: string, port: number | undefined, cidr: string, rule: number) =>
    `VPC console > Network ACLs > ${acl} > ${egress ? 'Outbound rules > Edit outbound rules' : 'Inbound rules > Edit inbound rules'} > Add new rule: Rule number ${rule}, Type ${port === undefined && protocol !== 'icmp' ? 'Custom TCP' : consoleType(protocol, port)}, Port range ${protocol === 'icmp' ? 'All' : (port ?? '1024-65535')}, ${egress ? 'Destination' : 'Source'} ${cidr}, Allow`,
  fix_inboundCidr: (group: string, protocol: string, port: number | undefined, cidr: string) =>
    `EC2 console > Security Groups > ${group} > Inbound rules > Edit inbound rules > Add rule: Type ${consoleType(protocol, port)}, Source Custom ${cidr}`,
  fix_outbound: (group: string, protocol: string, port: number | undefined, cidr: string) =>
    `EC2 console > Security Groups > ${group} > Outbound rules > Edit outbound rules > Add rule: Type ${consoleType(protocol, port)}, Destination Custom ${cidr}`,
  fix_natMove: (subnet: string | undefined, table: string) =>
    `VPC console > NAT gateways > Create NAT gateway: Subnet ${subnet ?? '(the public subnet)'}, Connectivity type Public, Allocate Elastic IP; then Route tables > ${table} > Routes > Edit routes: 0.0.0.0/0, target the new NAT Gateway`,
};
