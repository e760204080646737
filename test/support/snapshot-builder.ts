import type { Instance, IpPermission, NetworkAcl, NetworkAclEntry, Route, RouteTable, SecurityGroup } from '@aws-sdk/client-ec2';
import { expect } from 'vitest';
import type { Roles, VpcSnapshot } from '../../src/lab/core/snapshot.js';
import { analyzePaths, type PathOptions, type PathVerdict } from '../../src/lab/paths/index.js';
import { load, sayIn } from '../../src/ui/messages/index.js';

/**
 * The tutorial's lab as EC2 describes it (SDK item shapes), built by hand with the
 * learner's own IDs and CIDRs: a VPC, a public and a private subnet, an internet gateway,
 * a public route table (0.0.0.0/0 → igw), a private one (0.0.0.0/0 → NAT gateway), the
 * VPC's main table (local only), the default network ACL (allow all, then *), the web
 * server (public address, HTTP and SSH from anywhere) and the DB server (MariaDB, SSH,
 * ping from the web server's group). A test makes one mistake in a fresh copy.
 */
export const ID = {
  vpc: 'vpc-0hand',
  publicSubnet: 'subnet-0pub',
  privateSubnet: 'subnet-0priv',
  igw: 'igw-0hand',
  mainTable: 'rtb-0main',
  publicTable: 'rtb-0pub',
  privateTable: 'rtb-0priv',
  acl: 'acl-0default',
  webGroup: 'sg-0web',
  dbGroup: 'sg-0db',
  web: 'i-0web',
  db: 'i-0db',
  nat: 'nat-0hand',
} as const;

export const CIDR = { vpc: '10.1.0.0/16', public: '10.1.1.0/24', private: '10.1.2.0/24' } as const;
export const IP = { web: '10.1.1.10', webPublic: '203.0.113.10', db: '10.1.2.20', nat: '10.1.1.99', natPublic: '198.51.100.5' } as const;

export const local = (): Route => ({ DestinationCidrBlock: CIDR.vpc, GatewayId: 'local', State: 'active', Origin: 'CreateRouteTable' });
export const route = (destination: string, target: Partial<Route>, state: 'active' | 'blackhole' = 'active'): Route => ({ DestinationCidrBlock: destination, ...target, State: state, Origin: 'CreateRoute' });

function table(id: string, routes: Route[], association: { subnet: string } | { main: true } | null): RouteTable {
  const a = association && ('main' in association
    ? { Main: true, RouteTableAssociationId: `rtbassoc-${id}`, RouteTableId: id, AssociationState: { State: 'associated' as const } }
    : { Main: false, SubnetId: association.subnet, RouteTableAssociationId: `rtbassoc-${id}`, RouteTableId: id, AssociationState: { State: 'associated' as const } });
  return { RouteTableId: id, VpcId: ID.vpc, Routes: routes, Associations: a ? [a] : [] };
}

/** A network ACL rule (protocol '-1' all, '6' TCP, '1' ICMP). */
export function aclEntry(ruleNumber: number, egress: boolean, action: 'allow' | 'deny', protocol: '-1' | '6' | '1', cidr = '0.0.0.0/0', ports?: [number, number]): NetworkAclEntry {
  return {
    RuleNumber: ruleNumber,
    Egress: egress,
    RuleAction: action,
    Protocol: protocol,
    CidrBlock: cidr,
    ...(ports ? { PortRange: { From: ports[0], To: ports[1] } } : {}),
    ...(protocol === '1' ? { IcmpTypeCode: { Type: -1, Code: -1 } } : {}),
  };
}

/** AWS's default ACL: rule 100 allows all, the last rule (*) denies, both ways. */
const defaultEntries = (): NetworkAclEntry[] => [aclEntry(100, false, 'allow', '-1'), aclEntry(32767, false, 'deny', '-1'), aclEntry(100, true, 'allow', '-1'), aclEntry(32767, true, 'deny', '-1')];

/** A security group rule: TCP to a port, or all ICMP (IpProtocol 'icmp', -1), from a block or a group. */
export function permission(protocol: 'tcp' | 'icmp' | '-1', port: number | undefined, from: { cidr: string } | { group: string }): IpPermission {
  return {
    IpProtocol: protocol,
    ...(protocol === '-1' ? {} : { FromPort: port ?? -1, ToPort: port ?? -1 }),
    IpRanges: 'cidr' in from ? [{ CidrIp: from.cidr }] : [],
    UserIdGroupPairs: 'group' in from ? [{ GroupId: from.group, UserId: '111122223333' }] : [],
    Ipv6Ranges: [],
    PrefixListIds: [],
  };
}

const allOut = (): IpPermission[] => [permission('-1', undefined, { cidr: '0.0.0.0/0' })];

function group(id: string, name: string, ingress: IpPermission[]): SecurityGroup {
  return { GroupId: id, GroupName: name, VpcId: ID.vpc, OwnerId: '111122223333', Description: name, IpPermissions: ingress, IpPermissionsEgress: allOut() };
}

function server(id: string, subnet: string, privateIp: string, groupId: string, publicIp?: string): Instance {
  return {
    InstanceId: id,
    State: { Name: 'running', Code: 16 },
    SubnetId: subnet,
    VpcId: ID.vpc,
    PrivateIpAddress: privateIp,
    ...(publicIp ? { PublicIpAddress: publicIp } : {}),
    SecurityGroups: [{ GroupId: groupId, GroupName: groupId }],
    SourceDestCheck: true,
    NetworkInterfaces: [{ NetworkInterfaceId: `eni-${id.slice(2)}`, SubnetId: subnet, PrivateIpAddress: privateIp, Groups: [{ GroupId: groupId, GroupName: groupId }] }],
  };
}

/** A fresh copy of the correct lab: every path of the tutorial open, internet → DB closed. */
export function handBuiltLab(): { snapshot: VpcSnapshot; roles: Roles } {
  const snapshot: VpcSnapshot = {
    region: 'ap-northeast-1',
    vpc: { VpcId: ID.vpc, CidrBlock: CIDR.vpc, State: 'available' },
    dnsSupport: true,
    dnsHostnames: true,
    subnets: [
      { SubnetId: ID.publicSubnet, VpcId: ID.vpc, CidrBlock: CIDR.public, AvailabilityZone: 'ap-northeast-1a' },
      { SubnetId: ID.privateSubnet, VpcId: ID.vpc, CidrBlock: CIDR.private, AvailabilityZone: 'ap-northeast-1a' },
    ],
    routeTables: [
      table(ID.mainTable, [local()], { main: true }),
      table(ID.publicTable, [local(), route('0.0.0.0/0', { GatewayId: ID.igw })], { subnet: ID.publicSubnet }),
      table(ID.privateTable, [local(), route('0.0.0.0/0', { NatGatewayId: ID.nat })], { subnet: ID.privateSubnet }),
    ],
    internetGateways: [{ InternetGatewayId: ID.igw, Attachments: [{ VpcId: ID.vpc, State: 'available' as never }] }],
    natGateways: [
      {
        NatGatewayId: ID.nat,
        SubnetId: ID.publicSubnet,
        VpcId: ID.vpc,
        State: 'available',
        ConnectivityType: 'public',
        NatGatewayAddresses: [{ AllocationId: 'eipalloc-0nat', PublicIp: IP.natPublic, PrivateIp: IP.nat, NetworkInterfaceId: 'eni-0nat' }],
      },
    ],
    instances: [server(ID.web, ID.publicSubnet, IP.web, ID.webGroup, IP.webPublic), server(ID.db, ID.privateSubnet, IP.db, ID.dbGroup)],
    securityGroups: [
      group(ID.webGroup, 'web-sg', [permission('tcp', 80, { cidr: '0.0.0.0/0' }), permission('tcp', 22, { cidr: '0.0.0.0/0' })]),
      group(ID.dbGroup, 'db-sg', [permission('tcp', 3306, { group: ID.webGroup }), permission('tcp', 22, { group: ID.webGroup }), permission('icmp', undefined, { group: ID.webGroup })]),
    ],
    networkAcls: [
      {
        NetworkAclId: ID.acl,
        VpcId: ID.vpc,
        IsDefault: true,
        Entries: defaultEntries(),
        Associations: [ID.publicSubnet, ID.privateSubnet].map((s, n) => ({ NetworkAclAssociationId: `aclassoc-${n}`, NetworkAclId: ID.acl, SubnetId: s })),
      },
    ],
    addresses: [{ AllocationId: 'eipalloc-0web', AssociationId: 'eipassoc-0web', PublicIp: IP.webPublic, InstanceId: ID.web, Domain: 'vpc' }],
    keyPairs: [],
  };
  const roles: Roles = { vpc: ID.vpc, publicSubnet: ID.publicSubnet, privateSubnet: ID.privateSubnet, internetGateway: ID.igw, web: ID.web, db: ID.db, nat: { kind: 'gateway', id: ID.nat } };
  return { snapshot, roles };
}

// --- finding the items a mistake changes ----------------------------------------------------

const one = <T>(items: T[], found: (t: T) => boolean, what: string): T => {
  const t = items.find(found);
  if (!t) throw new Error(`test lab has no ${what}`);
  return t;
};
export const tableIn = (s: VpcSnapshot, id: string): RouteTable => one(s.routeTables, (t) => t.RouteTableId === id, id);
export const instanceIn = (s: VpcSnapshot, id: string): Instance => one(s.instances, (i) => i.InstanceId === id, id);
export const groupIn = (s: VpcSnapshot, id: string): SecurityGroup => one(s.securityGroups, (g) => g.GroupId === id, id);
export const aclIn = (s: VpcSnapshot, id: string): NetworkAcl => one(s.networkAcls, (a) => a.NetworkAclId === id, id);
/** The 0.0.0.0/0 route of a table. */
export const defaultRouteIn = (s: VpcSnapshot, table: string): Route => one(tableIn(s, table).Routes ?? [], (r) => r.DestinationCidrBlock === '0.0.0.0/0', `${table}'s default route`);

// --- judging a lab's paths -----------------------------------------------------------------

await load('ja');

/** Each path not as the tutorial wants it: "gate code resource (direction)", "open", or "not judged". Empty: the lab is right. */
export function pathFailures(verdicts: PathVerdict[]): Record<string, string> {
  return Object.fromEntries(
    verdicts
      .filter((v) => v.ok !== true)
      .map((v) => [v.path, v.ok === null ? 'not judged' : v.blockedAt ? `${v.blockedAt.gate} ${v.blockedAt.code} ${v.blockedAt.resource} (${v.blockedAt.direction})` : 'open']),
  );
}

/**
 * The correct lab with one mistake made in it, its paths judged. Every reason and fix
 * is checked to be said in English and Japanese with no value left undefined.
 */
export function withMistake(make: (s: VpcSnapshot, roles: Roles) => void, options?: PathOptions) {
  const { snapshot, roles } = handBuiltLab();
  make(snapshot, roles);
  const verdicts = analyzePaths(snapshot, roles, options);
  for (const w of verdicts.flatMap((v) => [v.reason, ...(v.fix ? [v.fix] : [])])) {
    for (const lang of ['en', 'ja'] as const) expect(sayIn(lang, w), JSON.stringify(w)).not.toMatch(/undefined|NaN|\[object/);
  }
  return { verdicts, failures: pathFailures(verdicts), of: (id: string) => verdicts.find((v) => v.path === id)! };
}
