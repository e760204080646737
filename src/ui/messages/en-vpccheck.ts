/**
 * English, part of the source catalog (en.ts spreads it): `check --vpc`, the check of a
 * VPC built by hand (issue 26) — which resource plays which part and why (role_…), its
 * chapters, paths and live probes, the first thing to fix, and its refusals. Its Japanese
 * is ja-vpccheck.ts.
 */

const ROLE_LABEL: Record<string, string> = {
  internetGateway: 'Internet gateway',
  publicSubnet: 'Public subnet',
  privateSubnet: 'Private subnet',
  web: 'Web server',
  db: 'DB server',
  nat: 'NAT',
};

const GATE: Record<string, string> = {
  instance: 'instance',
  'public-address': 'public address',
  'internet-gateway': 'internet gateway',
  'route-table': 'route table',
  'network-acl': 'network ACL',
  'security-group': 'security group',
  nat: 'NAT',
  'source-dest-check': 'source/destination check',
};

const CHAPTER_TITLE: Record<number, string> = { 1: 'Chapter 1 — the network', 2: 'Chapter 2 — the web server', 3: 'Chapter 3 — Apache', 4: 'Chapter 4 — the DB server' };

export const enVpccheck = {
  // --- why a resource was taken for a role (lab/rules/roles.ts)
  role_igwAttached: (igw: string, vpc: string) => `${igw} is attached to ${vpc}.`,
  role_publicByRoute: (subnet: string, table: string | undefined, igw: string | undefined) => `the route table ${table ?? ''} of ${subnet} sends 0.0.0.0/0 to the internet gateway ${igw ?? ''}.`,
  role_publicByInstance: (subnet: string, instance: string, ip: string) =>
    `no subnet routes to the internet gateway, so the subnet of ${instance} is taken: that instance has a public address (${ip}).`,
  role_publicByAutoAssign: (subnet: string) => `no subnet routes to the internet gateway and no instance has a public address, so ${subnet} is taken: it auto-assigns public addresses.`,
  role_byName: (id: string, name: string) => `nothing it does says it, so ${id} is taken by its Name tag "${name}".`,
  role_privateByServer: (subnet: string, instance: string) => `${subnet} is the other subnet, and ${instance} runs in it.`,
  role_privateOther: (subnet: string) => `${subnet} is the other subnet.`,
  role_natByRoute: (nat: string, table: string | undefined, subnet: string) => `the 0.0.0.0/0 route of ${subnet} (route table ${table ?? ''}) points at ${nat}.`,
  role_natOnly: (nat: string) => `the private subnet's route points at no NAT, so the VPC's NAT gateway ${nat} is taken.`,
  role_natBySourceDest: (id: string) => `the private subnet's route points at no NAT, so ${id} is taken: its source/destination check is off.`,
  role_given: (id: string, server: string) => `${id} was given with --${server}.`,
  role_webByAddress: (id: string, ip: string, subnet: string) => `${id} has a public address (${ip}) and runs in the public subnet ${subnet}.`,
  role_webBySubnet: (id: string, subnet: string) => `${id} runs in the public subnet ${subnet} (it has no public address).`,
  role_dbBySubnet: (id: string, subnet: string) => `${id} runs in the private subnet ${subnet}.`,

  // --- the check's output
  vpccheck_head: (vpc: string, name: string | undefined, region: string) => `Checking VPC ${vpc}${name ? ` (${name})` : ''} in ${region}. Read-only: nothing is created, changed or deleted.`,
  vpccheck_headLab: (lab: string, vpc: string) => `Checking lab ${lab} (VPC ${vpc}).`,
  vpccheck_rolesHead: 'What plays which part:',
  vpccheck_role: (role: string, id: string, because: string) => `  ${ROLE_LABEL[role] ?? role} ${id}: ${because}`,
  vpccheck_roleMissing: (role: string) => `  ${ROLE_LABEL[role] ?? role}: none found.`,
  vpccheck_chapter: (n: number) => CHAPTER_TITLE[n] ?? `Chapter ${n}`,
  vpccheck_line: (mark: string, rule: string, reason: string) => `  ${mark} ${rule}: ${reason}`,
  vpccheck_notJudged: (rule: string, reason: string) => `  · ${rule}: ${reason}`,
  vpccheck_fixConsole: (fix: string) => `console: ${fix}`,
  vpccheck_fixCli: (cli: string) => `AWS CLI: ${cli}`,
  vpccheck_pathsHead: 'Paths (the first gate that blocks each):',
  vpccheck_path: (mark: string, path: string, reason: string) => `  ${mark} ${path}: ${reason}`,
  vpccheck_pathBlocked: (gate: string, resource: string | undefined, code: string, direction: string) =>
    `blocked at the ${GATE[gate] ?? gate}${resource ? ` ${resource}` : ''} (${code}${direction === 'reply' ? ', on the way back' : ''})`,
  vpccheck_liveHead: 'Live probes from this machine:',
  vpccheck_live: (mark: string, probe: string, detail: string) => `  ${mark} ${probe}: ${detail}`,
  vpccheck_first: (rule: string, fix: string) => `First thing to fix: ${rule} — ${fix}`,
  vpccheck_firstPath: (path: string, reason: string) => `First thing to fix: the path ${path} — ${reason}`,
  vpccheck_allGood: 'Everything the tutorial asks for is in place.',
  vpccheck_summary: (passed: number, failed: number, warnings: number, notJudged: number) =>
    `${passed} passed, ${failed} failed, ${warnings} warning${warnings === 1 ? '' : 's'}, ${notJudged} not judged.`,
  vpccheck_pickAsk: 'Which VPC do you want to check?',
  vpccheck_pickLine: (id: string, name: string | undefined, cidr: string | undefined, isDefault: boolean) =>
    `${id}${name ? `  ${name}` : ''}  ${cidr ?? ''}${isDefault ? '  (the default VPC)' : ''}`,

  vpccheck_fromUnknown: 'not judged: this machine\'s public address could not be told (give --from CIDR).',

  // --- live probes
  live_http: (url: string) => `HTTP GET ${url}`,
  live_ssh: (address: string) => `TCP 22 to ${address}`,
  live_sshOpen: 'the port answers (SSH is reachable).',
  live_sshRefused: 'connection refused: the packets arrive, so AWS lets them through; nothing listens on 22 (sshd is down) or the OS firewall refuses.',
  live_sshTimeout: 'timed out: the packets are dropped on the way — a route, a network ACL or a security group (see the paths above).',
  live_sshError: (code: string) => `no connection (${code}).`,
  live_emulated: (env: string) => `not judged: the endpoint is an emulator, whose addresses are not servers (set ${env} to a stand-in to probe it).`,
  live_pathBlocked: (path: string) => `not judged: the path ${path} is blocked (see the paths above).`,
  live_noAddress: 'not judged: the web server has no public address.',
  live_noKey: 'not judged: give --key FILE (the key pair\'s private key) to ask the servers over SSH.',
  live_ping: (address: string) => `ping ${address} from the web server`,
  live_mariadb: 'MariaDB on the DB server',
  live_wayOut: 'the DB server\'s way out (HTTPS to the internet)',
  live_wayOutOk: 'the DB server reached the internet.',

  // --- refusals (exit 2)
  err_vpcUnknown: (vpc: string) => `no VPC ${vpc} was found in this account and region`,
  hint_vpcUnknown: 'Run `aws-lab-setup check --vpc` with no value to list the VPCs you can check.',
  err_vpcAmbiguous: (name: string, ids: readonly string[]) => `the Name "${name}" is on ${ids.length} VPCs: ${ids.join(', ')}`,
  hint_vpcAmbiguous: 'Give the VPC by its ID: `aws-lab-setup check --vpc vpc-…`.',
  err_vpcPick: (list: readonly string[]) => `which VPC? --vpc needs an ID or a Name tag. The VPCs you can check:\n${list.map((l) => `  ${l}`).join('\n')}`,
  hint_vpcPick: 'Run again with `--vpc <vpc-id | Name tag>`.',
  err_vpcNone: 'there is no VPC to check in this account and region (a lab of this tool\'s is checked with `check --name LAB`)',
  hint_vpcNone: 'Build the tutorial\'s VPC in the console first, or pick the region with --region.',
  err_roleNotInVpc: (flag: string, id: string, vpc: string) => `--${flag} ${id} is not an instance of ${vpc}`,
  hint_roleNotInVpc: 'Give the ID of an instance in that VPC (EC2 console > Instances, filtered by the VPC).',
  err_fromCidr: (value: string) => `--from ${value} is not an IPv4 address or CIDR`,
  hint_fromCidr: 'Give an IPv4 CIDR such as 203.0.113.7/32 (your public address: `curl https://checkip.amazonaws.com`).',
  err_keyFile: (file: string) => `--key ${file} cannot be read`,
  hint_keyFile: 'Give the private key (.pem) of the key pair the servers were launched with.',
  err_vpcFailed: (failed: number) => `${failed} of the tutorial's requirements or paths are not as they should be`,
  hint_vpcFailed: 'Each one\'s fix is shown above, in the console and as an AWS CLI command; run the check again after fixing the first.',

  // --- help
  help_vpc: 'check a VPC built by hand (its ID or Name tag; with no value, list the VPCs to pick from)',
  help_web: 'the web server\'s instance ID (instead of the one found)',
  help_db: 'the DB server\'s instance ID (instead of the one found)',
  help_from: 'where SSH to the web server comes from, as a CIDR (default: this machine\'s public address)',
  help_policyCheck: 'print the read-only policy `check` needs (a VPC built by hand, or a lab): it can change nothing',
  help_key: 'the key pair\'s private key: ping, MariaDB and the DB server\'s way out are asked over SSH',
};
