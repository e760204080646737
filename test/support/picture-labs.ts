/**
 * The labs the picture tests draw (test/unit/svg*.test.ts, test/e2e/picture-browser.test.ts):
 * three built by the tool on the fake EC2 (the default NAT-gateway lab, a NAT-instance lab,
 * one built --until web), their topology read back as `status --json` gives it; and one
 * built by hand with mistakes, a snapshot of EC2's items made here, whose findings are the
 * tutorial's rules' own (lab/rules evaluate) and whose path verdicts are made by hand.
 */
import type { Instance } from '@aws-sdk/client-ec2';
import { statusCommand } from '../../src/cli/commands/status.js';
import type { UpFlags } from '../../src/cli/flags.js';
import type { Finding } from '../../src/engine/finding.js';
import type { Roles, VpcSnapshot } from '../../src/lab/core/snapshot.js';
import { analyzePaths, type PathVerdict } from '../../src/lab/paths/index.js';
import { evaluate } from '../../src/lab/rules/index.js';
import { topologyOf, type Topology } from '../../src/lab/views/topology.js';
import type { PictureVerdict } from '../../src/ui/svg/index.js';
import { createHarness } from './drive.js';
import { runningServer, tcp } from './ec2-items.js';

/** A lab built by `up` on the fake EC2, as `status --json` describes it. */
export async function builtTopology(flags: UpFlags = {}): Promise<Topology> {
  const h = createHarness();
  try {
    await h.up(flags);
    const before = h.stdout().length;
    await statusCommand({ stateDir: h.stateDir, json: true }, h.reporter, h.deps);
    return (JSON.parse(h.stdout().slice(before).trim()) as { topology: Topology }).topology;
  } finally {
    await h.close();
  }
}

/** The three labs the tool builds, by name. */
export async function builtLabs(): Promise<Record<'gateway' | 'natInstance' | 'untilWeb', Topology>> {
  return { gateway: await builtTopology(), natInstance: await builtTopology({ nat: 'instance' }), untilWeb: await builtTopology({ until: 'web' }) };
}

export const HAND = {
  vpc: 'vpc-0hand',
  pub: 'subnet-0pub',
  priv: 'subnet-0priv',
  extraA: 'subnet-0extra1',
  extraC: 'subnet-0extra2',
  igw: 'igw-0hand',
  web: 'i-0web',
  db: 'i-0db',
  webSg: 'sg-0web',
  dbSg: 'sg-0db',
  pubTable: 'rtb-0pub',
  privTable: 'rtb-0priv',
} as const;

const server = (id: string, subnet: string, ip: string, group: string, name: string, extra: Partial<Instance> = {}): Instance =>
  runningServer(HAND.vpc, id, subnet, ip, group, { Tags: [{ Key: 'Name', Value: name }], ...extra });

/**
 * A lab a learner built in the console, with the mistakes learners make: the private
 * subnet in another Availability Zone, two subnets too many, no NAT at all, the public
 * route table without its route to the gateway, the web server's group without SSH, the
 * DB server's group open to the whole VPC, names in Japanese.
 */
export function handBuiltSnapshot(): VpcSnapshot {
  const { vpc } = HAND;
  const subnet = (id: string, cidr: string, zone: string, name: string) => ({ SubnetId: id, VpcId: vpc, CidrBlock: cidr, AvailabilityZone: zone, Tags: [{ Key: 'Name', Value: name }] });
  return {
    region: 'ap-northeast-1',
    vpc: { VpcId: vpc, CidrBlock: '10.0.0.0/16', Tags: [{ Key: 'Name', Value: '演習用VPC' }] },
    dnsSupport: true,
    dnsHostnames: false,
    subnets: [
      subnet(HAND.pub, '10.0.1.0/24', 'ap-northeast-1a', 'パブリック1'),
      subnet(HAND.priv, '10.0.2.0/24', 'ap-northeast-1c', 'プライベート1'),
      subnet(HAND.extraA, '10.0.3.0/24', 'ap-northeast-1a', 'テスト用'),
      subnet(HAND.extraC, '10.0.4.0/24', 'ap-northeast-1c', 'extra-c'),
    ],
    routeTables: [
      { RouteTableId: 'rtb-0main', VpcId: vpc, Associations: [{ Main: true }], Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }] },
      { RouteTableId: HAND.pubTable, VpcId: vpc, Associations: [{ SubnetId: HAND.pub, RouteTableId: HAND.pubTable }], Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }] },
      { RouteTableId: HAND.privTable, VpcId: vpc, Associations: [{ SubnetId: HAND.priv, RouteTableId: HAND.privTable }], Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }] },
    ],
    internetGateways: [{ InternetGatewayId: HAND.igw, Attachments: [{ VpcId: vpc, State: 'available' as never }] }],
    natGateways: [],
    instances: [
      server(HAND.web, HAND.pub, '10.0.1.15', HAND.webSg, 'ウェブサーバー', { PublicIpAddress: '203.0.113.77', KeyName: 'my-key' }),
      server(HAND.db, HAND.priv, '10.0.2.25', HAND.dbSg, 'データベース', { KeyName: 'my-key' }),
    ],
    securityGroups: [
      { GroupId: HAND.webSg, VpcId: vpc, IpPermissions: [tcp(80, { cidr: '0.0.0.0/0' })] },
      { GroupId: HAND.dbSg, VpcId: vpc, IpPermissions: [tcp(3306, { group: HAND.webSg }), { IpProtocol: '-1', IpRanges: [{ CidrIp: '10.0.0.0/16' }] }] },
    ],
    networkAcls: [],
    addresses: [],
    keyPairs: [{ KeyName: 'my-key' }],
  };
}

export const HAND_ROLES: Roles = { vpc: HAND.vpc, publicSubnet: HAND.pub, privateSubnet: HAND.priv, internetGateway: HAND.igw, web: HAND.web, db: HAND.db };

/** The hand-built lab: its topology, the rules' findings over it (the check's order), verdicts of four paths made by hand, and the paths analyzer's own. */
export function handBuilt(): { topology: Topology; findings: Finding[]; paths: PictureVerdict[]; analyzed: PathVerdict[] } {
  const snapshot = handBuiltSnapshot();
  const reason = ['rule_noDefaultRoute', HAND.pub, HAND.pubTable] as const;
  return {
    topology: topologyOf(snapshot, HAND_ROLES),
    findings: evaluate(snapshot, HAND_ROLES),
    analyzed: analyzePaths(snapshot, HAND_ROLES),
    paths: [
      { path: 'internet-web-http', ok: false, open: false, blockedAt: { gate: 'route-table', resource: HAND.pubTable, code: 'NO_ROUTE_TO_DESTINATION', direction: 'reply' }, reason },
      { path: 'you-web-ssh', ok: false, open: false, blockedAt: { gate: 'security-group', resource: HAND.webSg, code: 'ENI_SG_RULES_MISMATCH', direction: 'request' }, reason: ['rule_flowClosed', 'web', HAND.web, 'tcp', 22] },
      { path: 'db-internet', ok: false, open: false, blockedAt: { gate: 'route-table', resource: HAND.privTable, code: 'NO_ROUTE_TO_DESTINATION', direction: 'request' }, reason: ['rule_noDefaultRoute', HAND.priv, HAND.privTable] },
      { path: 'web-db-mysql', ok: true, open: true, blockedAt: null, reason: ['rule_noDefaultRoute', HAND.priv, HAND.privTable] },
    ],
  };
}
