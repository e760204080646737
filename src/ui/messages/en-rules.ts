import { SERVER_NAME } from './en-terms.js';

/**
 * English, part of the source catalog (en.ts spreads it): the tutorial's rules
 * (lab/rules) — why each passed or failed (rule_…) and what to do in the console (fix_…,
 * its menu path) — and `check`'s lines for them. Its Japanese is ja-rules.ts.
 */

/** A flow as the sentences name it: its protocol and port ("SSH (22)"). */
const flowName = (protocol: string, port: number | undefined) =>
  protocol === 'icmp' ? 'ICMP (ping)' : `${{ 22: 'SSH', 80: 'HTTP', 3306: 'MariaDB' }[port ?? 0] ?? 'TCP'} (${port})`;

/** The console's Type of an inbound rule (Security groups > Edit inbound rules). */
const consoleType = (protocol: string, port: number | undefined) =>
  protocol === 'icmp' ? 'All ICMP - IPv4' : ({ 22: 'SSH', 80: 'HTTP', 3306: 'MYSQL/Aurora' }[port ?? 0] ?? `Custom TCP, port ${port}`);

/** The console's Source of an inbound rule. */
const consoleSource = (source: string, webGroup: string | undefined) =>
  source === 'myIp' ? 'My IP' : source === 'anywhere' ? 'Anywhere-IPv4 (0.0.0.0/0)' : `Custom, the web server's group ${webGroup}`;

const server = (name: string) => SERVER_NAME[name] ?? name;
const subnetName = (which: string) => (which === 'public' ? 'public subnet' : 'private subnet');

export const enRules = {
  // --- chapter 1: the network
  rule_igwNone: (vpc: string) => `no internet gateway is attached to ${vpc}`,
  rule_igwAttached: (id: string, vpc: string) => `internet gateway ${id} is attached to ${vpc}`,
  rule_igwDetached: (id: string, vpc: string) => `internet gateway ${id} is not attached to ${vpc}`,
  rule_noSubnet: (which: string) => `no ${subnetName(which)} was found`,
  rule_noTable: (subnet: string) => `no route table was found for subnet ${subnet} (not even the VPC's main one)`,
  rule_publicUsesMain: (subnet: string, table: string | undefined) => `subnet ${subnet} is associated with no route table of its own, so it uses the main route table ${table ?? ''}, which has no route to the internet gateway`,
  rule_noDefaultRoute: (subnet: string, table: string | undefined) => `route table ${table} of subnet ${subnet} has no route for 0.0.0.0/0`,
  rule_routeBlackhole: (table: string | undefined, target: string | undefined) => `the 0.0.0.0/0 route of route table ${table} goes to ${target}, which is gone (blackhole)`,
  rule_publicRouteElsewhere: (subnet: string, table: string | undefined, target: string | undefined) => `the 0.0.0.0/0 route of route table ${table} (subnet ${subnet}) goes to ${target}, not to the internet gateway`,
  rule_publicRoute: (subnet: string, table: string | undefined, target: string | undefined) => `subnet ${subnet} sends 0.0.0.0/0 to ${target} (route table ${table})`,
  rule_privateToIgw: (subnet: string, table: string | undefined, igw: string | undefined) => `the private subnet ${subnet} routes to internet gateway ${igw} (route table ${table}): it is public`,
  rule_privateSubnet: (subnet: string) => `subnet ${subnet} has no route to an internet gateway`,
  rule_dnsUnknown: 'not judged: the VPC\'s DNS attributes could not be read',
  rule_dnsOn: (vpc: string) => `DNS hostnames and DNS resolution are on in ${vpc}`,
  rule_dnsOff: (vpc: string, hostnames: boolean, support: boolean) =>
    `in ${vpc}, ${[!hostnames && 'DNS hostnames', !support && 'DNS resolution'].filter(Boolean).join(' and ')} ${!hostnames && !support ? 'are' : 'is'} off`,
  rule_subnetSize: (id: string, cidr: string) => `subnet ${id} is ${cidr}: a /24 inside the VPC`,
  rule_subnetSizeOff: (id: string, cidr: string, vpcCidr: string | undefined) => `subnet ${id} is ${cidr}, not a /24 inside the VPC's ${vpcCidr}`,
  drift_vpcDns: (attribute: string) => `turn on DNS ${attribute === 'enableDnsHostnames' ? 'hostnames' : 'resolution'}`,

  // --- servers (chapters 2 and 4)
  rule_blockedBy: (rule: string) => `not judged: it needs ${rule} to pass first`,
  rule_noServer: (name: string) => `no ${server(name)} was found`,
  rule_serverState: (name: string, id: string, state: string | undefined) => `the ${server(name)} ${id} is ${state ?? 'in no known state'}, not running`,
  rule_serverSubnet: (name: string, id: string, subnet: string | undefined, want: string | undefined) => `the ${server(name)} ${id} is in subnet ${subnet}, not in ${want}`,
  rule_serverRunning: (name: string, id: string, subnet: string | undefined) => `the ${server(name)} ${id} is running in subnet ${subnet}`,
  rule_flowOpen: (name: string, id: string, protocol: string, port: number | undefined) => `the ${server(name)} ${id} lets ${flowName(protocol, port)} in`,
  rule_flowClosed: (name: string, id: string, protocol: string, port: number | undefined) => `no security group of the ${server(name)} ${id} lets ${flowName(protocol, port)} in`,
  rule_openToWorld: (name: string, id: string, protocol: string, port: number | undefined) => `the ${server(name)} ${id} lets ${flowName(protocol, port)} in from the whole internet (0.0.0.0/0)`,
  rule_notOpenToWorld: (name: string, id: string, protocol: string, port: number | undefined) => `the ${server(name)} ${id} does not let ${flowName(protocol, port)} in from the whole internet`,

  // --- chapter 2: the web server
  rule_publicAddress: (id: string, ip: string) => `the web server ${id} has the public address ${ip}`,
  rule_noPublicAddress: (id: string) => `the web server ${id} has no public IPv4 address`,
  rule_elasticIp: (id: string, ip: string) => `the web server ${id} has the Elastic IP address ${ip}`,
  rule_noElasticIp: (id: string) => `the web server ${id} has no Elastic IP address: its public address changes when it stops`,
  rule_noKeyPair: (id: string) => `the web server ${id} was launched without a key pair`,
  rule_keyPair: (id: string, name: string | undefined) => `the web server ${id} uses key pair ${name}`,
  rule_keyPairGone: (id: string, name: string | undefined) => `the key pair ${name} of the web server ${id} no longer exists`,
  rule_flowOpenToAll: (id: string, protocol: string, port: number | undefined) => `the web server ${id} lets ${flowName(protocol, port)} in from anywhere`,
  rule_flowNotOpenToAll: (id: string, protocol: string, port: number | undefined) => `the web server ${id} does not let ${flowName(protocol, port)} in from anywhere (0.0.0.0/0)`,
  rule_dnsName: (id: string, name: string) => `the web server ${id} has the public DNS name ${name}`,
  rule_noDnsName: (id: string) => `the web server ${id} has no public DNS name`,

  // --- live rules (check asks the servers)
  rule_liveNotRun: 'not judged: only `check` asks the server',
  rule_probe: (name: string, detail: string) => `${name}: ${detail}`,

  // --- chapter 4: the DB server
  rule_dbPublic: (id: string, ip: string) => `the DB server ${id} has the public address ${ip}: it should be reachable only from the web server`,
  rule_dbPrivate: (id: string) => `the DB server ${id} has no public address`,
  rule_fromWeb: (id: string, protocol: string, port: number | undefined) => `the DB server ${id} lets ${flowName(protocol, port)} in from the web server`,
  rule_notFromWeb: (id: string, protocol: string, port: number | undefined) => `the DB server ${id} does not let ${flowName(protocol, port)} in from the web server (its security group, or its private address)`,
  rule_noNat: 'no NAT gateway or NAT instance was found',
  rule_natState: (id: string, state: string | undefined) => `NAT ${id} is ${state ?? 'in no known state'}, not available`,
  rule_natSubnet: (id: string, subnet: string | undefined, want: string | undefined) => `NAT ${id} is in subnet ${subnet}, not in the public subnet ${want}`,
  rule_natNotPublic: (id: string) => `NAT ${id} has no public address (a public NAT needs an Elastic IP)`,
  rule_natGateway: (id: string, subnet: string | undefined, ip: string | undefined) => `NAT gateway ${id} is available in the public subnet ${subnet}, with ${ip}`,
  rule_natCheck: (id: string) => `the NAT instance ${id} still has the source/destination check on: it drops what it forwards`,
  rule_natInstance: (id: string, subnet: string | undefined) => `the NAT instance ${id} runs in the public subnet ${subnet}, source/destination check off`,
  rule_privateRouteElsewhere: (subnet: string, table: string | undefined, target: string | undefined, nat: string) => `the 0.0.0.0/0 route of route table ${table} (subnet ${subnet}) goes to ${target}, not to the NAT ${nat}`,
  rule_privateRoute: (subnet: string, table: string | undefined, nat: string) => `subnet ${subnet} sends 0.0.0.0/0 to the NAT ${nat} (route table ${table})`,

  // --- what to do, in the console (VPC or EC2 console, then the menu path)
  fix_igwCreate: (vpc: string) => `VPC console > Internet gateways > Create internet gateway; then Actions > Attach to VPC: ${vpc}`,
  fix_igwAttach: (id: string, vpc: string) => `VPC console > Internet gateways > ${id} > Actions > Attach to VPC: ${vpc}`,
  fix_subnetCreate: (which: string) => `VPC console > Subnets > Create subnet: a ${subnetName(which)}, a /24 inside the VPC`,
  fix_associate: (subnet: string) => `VPC console > Route tables > (the table for ${subnet}) > Subnet associations > Edit subnet associations: tick ${subnet}`,
  fix_publicRoute: (table: string | undefined, igw: string | undefined) => `VPC console > Route tables > ${table} > Routes > Edit routes > Add route: 0.0.0.0/0, target Internet Gateway ${igw ?? ''}`,
  fix_privateNoIgw: (table: string | undefined) => `VPC console > Route tables > ${table} > Routes > Edit routes: remove the route to the internet gateway (the private subnet goes out through the NAT)`,
  fix_dns: (vpc: string | undefined) => `VPC console > Your VPCs > ${vpc} > Actions > Edit VPC settings: tick Enable DNS resolution and Enable DNS hostnames (CLI: \`aws ec2 modify-vpc-attribute --vpc-id ${vpc} --enable-dns-hostnames\`)`,
  fix_subnetSize: (vpcCidr: string | undefined) => `VPC console > Subnets > Create subnet: a /24 inside ${vpcCidr} (a subnet's CIDR cannot be changed)`,
  fix_launch: (name: string, subnet: string | undefined) => `EC2 console > Instances > Launch instances: the ${server(name)}, with a key pair, in subnet ${subnet ?? ''}`,
  fix_startServer: (id: string) => `EC2 console > Instances > ${id} > Instance state > Start instance`,
  fix_elasticIp: (id: string) => `EC2 console > Elastic IPs > Allocate Elastic IP address; then Actions > Associate Elastic IP address: instance ${id}`,
  fix_inbound: (group: string | undefined, protocol: string, port: number | undefined, source: string, webGroup: string | undefined) =>
    `EC2 console > Security Groups > ${group} > Inbound rules > Edit inbound rules > Add rule: Type ${consoleType(protocol, port)}, Source ${consoleSource(source, webGroup)}`,
  fix_closeWorld: (group: string | undefined, protocol: string, port: number | undefined, source: string, webGroup: string | undefined) =>
    `EC2 console > Security Groups > ${group} > Inbound rules > Edit inbound rules: change the Source of ${consoleType(protocol, port)} from 0.0.0.0/0 to ${consoleSource(source, webGroup)}`,
  fix_dbPublic: (id: string) => `EC2 console > Elastic IPs: disassociate any address from ${id}; a DB server launched with a public address is launched again without one, in the private subnet`,
  fix_natCreate: (subnet: string | undefined) => `VPC console > NAT gateways > Create NAT gateway: Subnet ${subnet ?? '(the public subnet)'}, Connectivity type Public, Allocate Elastic IP`,
  fix_sourceDestCheck: (id: string) => `EC2 console > Instances > ${id} > Actions > Networking > Change source/destination check: Stop`,
  fix_privateRoute: (table: string | undefined, nat: string) => `VPC console > Route tables > ${table} > Routes > Edit routes: 0.0.0.0/0, target ${nat.startsWith('nat-') ? 'NAT Gateway' : 'Instance'} ${nat}`,
  fix_apache: 'On the web server: `sudo dnf install -y httpd && sudo systemctl enable --now httpd`; `aws-lab-setup up` does it for a lab of its own',
  fix_ping: 'EC2 console > Security Groups > (the DB server\'s group) > Edit inbound rules: All ICMP - IPv4 from the web server\'s group',
  fix_mariadb: 'On the DB server: `sudo dnf install -y mariadb105-server && sudo systemctl enable --now mariadb`',

  // --- check's lines for the rules
  rules_head: (passed: number, failed: number, warnings: number, notJudged: number) =>
    `the tutorial's rules: ${passed} passed, ${failed} failed, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}, ${notJudged} not judged`,
  rules_line: (mark: string, rule: string, reason: string) => `${mark} ${rule}: ${reason}`,
  rules_fix: (fix: string) => `fix: ${fix}`,
  err_rulesFailed: (failed: number) => `${failed} of the tutorial's rules failed`,
  hint_rulesFailed: 'each failed rule above says how to put it right in the console; `aws-lab-setup up` puts right what it built',
};
