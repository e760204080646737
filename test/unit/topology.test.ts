/**
 * The lab's picture as data (lab/views/topology.ts): subnets by role, the routes they
 * follow, the servers, the NAT and the flows, computed from what EC2 describes; and the
 * text diagram drawn from it, whose ports are the rules found, not the tutorial's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Instance, IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import type { FlowId } from '../../src/lab/core/flows.js';
import type { Roles, VpcSnapshot } from '../../src/lab/core/snapshot.js';
import { topologyOf, type Flow, type Topology } from '../../src/lab/views/topology.js';
import { renderDiagram } from '../../src/ui/diagram.js';
import { useLang } from '../../src/ui/messages/index.js';
import { width } from '../../src/ui/width.js';
import { runningServer, tcp } from '../support/ec2-items.js';

// --- a gateway lab as EC2 describes it (the README's IDs) --------------------------------

const VPC = 'vpc-0a1b2c3d';
const PUB = 'subnet-0pub';
const PRIV = 'subnet-0priv';
const IGW = 'igw-0a1b2c3d';
const NAT = 'nat-0a1b2c3d';
const WEB = 'i-0a1b2c3d';
const DB = 'i-4e5f6a7b';
const WEB_SG = 'sg-0web';
const DB_SG = 'sg-0db';
const SSH_FROM = '198.51.100.7/32';

const icmp = (source: { cidr: string } | { group: string }): IpPermission => ({ ...tcp(-1, source), IpProtocol: 'icmp' });
const server = (id: string, subnet: string, ip: string, group: string, extra: Partial<Instance> = {}): Instance => runningServer(VPC, id, subnet, ip, group, extra);

function group(id: string, rules: IpPermission[]): SecurityGroup {
  return { GroupId: id, VpcId: VPC, IpPermissions: rules };
}

/** The default lab: AWS lists the DB group's rules in its own order (ICMP first here). */
function gatewayLab(): VpcSnapshot {
  return {
    region: 'us-east-1',
    vpc: { VpcId: VPC, CidrBlock: '10.0.0.0/16', Tags: [{ Key: 'Name', Value: 'aws-lab-vpc' }] },
    subnets: [
      { SubnetId: PUB, VpcId: VPC, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' },
      { SubnetId: PRIV, VpcId: VPC, CidrBlock: '10.0.2.0/24', AvailabilityZone: 'us-east-1a' },
    ],
    routeTables: [
      { RouteTableId: 'rtb-0main', VpcId: VPC, Associations: [{ Main: true }], Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }] },
      {
        RouteTableId: 'rtb-0pub',
        VpcId: VPC,
        Associations: [{ SubnetId: PUB, RouteTableId: 'rtb-0pub' }],
        Routes: [
          { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
          { DestinationCidrBlock: '0.0.0.0/0', GatewayId: IGW, State: 'active' },
        ],
      },
      {
        RouteTableId: 'rtb-0priv',
        VpcId: VPC,
        Associations: [{ SubnetId: PRIV, RouteTableId: 'rtb-0priv' }],
        Routes: [
          { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
          { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: NAT, State: 'active' },
        ],
      },
    ],
    internetGateways: [{ InternetGatewayId: IGW, Attachments: [{ VpcId: VPC, State: 'available' as never }] }],
    natGateways: [{ NatGatewayId: NAT, VpcId: VPC, SubnetId: PUB, State: 'available', NatGatewayAddresses: [{ PublicIp: '203.0.113.20', AllocationId: 'eipalloc-0nat' }] }],
    instances: [
      server(WEB, PUB, '10.0.1.10', WEB_SG, { PublicIpAddress: '203.0.113.10', Tags: [{ Key: 'Name', Value: 'aws-lab-web' }] }),
      server(DB, PRIV, '10.0.2.20', DB_SG),
    ],
    securityGroups: [
      group(WEB_SG, [tcp(22, { cidr: SSH_FROM }), tcp(80, { cidr: '0.0.0.0/0' })]),
      group(DB_SG, [icmp({ group: WEB_SG }), tcp(22, { group: WEB_SG }), tcp(3306, { group: WEB_SG })]),
    ],
    networkAcls: [],
    addresses: [
      { AllocationId: 'eipalloc-0web', PublicIp: '203.0.113.10', InstanceId: WEB, AssociationId: 'eipassoc-0web' },
      { AllocationId: 'eipalloc-0nat', PublicIp: '203.0.113.20', NetworkInterfaceId: 'eni-0natgw' },
    ],
    keyPairs: [],
  };
}

const LAB_ROLES: Roles = { vpc: VPC, publicSubnet: PUB, privateSubnet: PRIV, internetGateway: IGW, web: WEB, db: DB, nat: { kind: 'gateway', id: NAT } };

const fromGroup = (to: 'db', protocol: string, port: number | undefined, source: string, tutorial: FlowId): Flow => ({
  kind: 'rule',
  from: 'web',
  to,
  protocol,
  ...(port === undefined ? {} : { ports: { from: port, to: port } }),
  source: { group: source },
  group: DB_SG,
  tutorial,
});

/** The flows of the default lab, in the topology's fixed order, each named by the tutorial's table (core/flows.ts). */
const GATEWAY_LAB_FLOWS: Flow[] = [
  { kind: 'rule', from: 'internet', to: 'web', protocol: 'tcp', ports: { from: 80, to: 80 }, source: { cidr: '0.0.0.0/0' }, group: WEB_SG, tutorial: 'web-http' },
  { kind: 'rule', from: 'internet', to: 'web', protocol: 'tcp', ports: { from: 22, to: 22 }, source: { cidr: SSH_FROM }, group: WEB_SG, tutorial: 'web-ssh' },
  fromGroup('db', 'tcp', 3306, WEB_SG, 'db-mysql'),
  fromGroup('db', 'tcp', 22, WEB_SG, 'db-ssh'),
  fromGroup('db', 'icmp', undefined, WEB_SG, 'db-icmp'),
  { kind: 'route', from: 'db', to: 'internet', via: [{ kind: 'nat-gateway', id: NAT }, { kind: 'internet-gateway', id: IGW }], state: 'active' },
];

describe('topologyOf: the default gateway lab', () => {
  const t = topologyOf(gatewayLab(), LAB_ROLES);

  it('the VPC with its name tag, the subnets by role with their CIDR, zone and own route table', () => {
    expect(t.vpc).toEqual({ id: VPC, cidr: '10.0.0.0/16', name: 'aws-lab-vpc' });
    expect(t.subnets.map((s) => [s.id, s.role, s.cidr, s.zone, s.routeTable])).toEqual([
      [PUB, 'public', '10.0.1.0/24', 'us-east-1a', 'rtb-0pub'],
      [PRIV, 'private', '10.0.2.0/24', 'us-east-1a', 'rtb-0priv'],
    ]);
  });

  it('each subnet\'s routes: destination, target kind and ID, state', () => {
    const [pub, priv] = t.subnets;
    expect(pub.routes).toEqual([
      { destination: '10.0.0.0/16', target: { kind: 'local', id: 'local' }, state: 'active' },
      { destination: '0.0.0.0/0', target: { kind: 'internet-gateway', id: IGW }, state: 'active' },
    ]);
    expect(priv.routes[1]).toEqual({ destination: '0.0.0.0/0', target: { kind: 'nat-gateway', id: NAT }, state: 'active' });
  });

  it('the servers, the NAT gateway and the attached internet gateway', () => {
    expect(t.servers.web).toEqual({ id: WEB, name: 'aws-lab-web', privateIp: '10.0.1.10', publicIp: '203.0.113.10', elasticIp: true, state: 'running', subnet: PUB, securityGroups: [WEB_SG] });
    expect(t.servers.db).toMatchObject({ id: DB, privateIp: '10.0.2.20', publicIp: undefined, elasticIp: false, subnet: PRIV, securityGroups: [DB_SG] });
    expect(t.nat).toEqual({ kind: 'gateway', id: NAT, subnet: PUB, publicIp: '203.0.113.20', state: 'available' });
    expect(t.internetGateway).toEqual({ id: IGW, attached: true });
  });

  it('the flows: HTTP and SSH in from the internet, 3306, 22 and ICMP from the web server\'s group, out through the NAT and the gateway', () => {
    expect(t.flows).toEqual(GATEWAY_LAB_FLOWS);
  });

  it('a route left pointing at a deleted NAT gateway: blackhole, and so is the way out', () => {
    const s = gatewayLab();
    s.routeTables[2].Routes![1].State = 'blackhole';
    const out = topologyOf(s, LAB_ROLES);
    expect(out.subnets[1].routes[1].state).toBe('blackhole');
    expect(out.flows.at(-1)).toMatchObject({ kind: 'route', state: 'blackhole' });
  });
});

describe('topologyOf: other labs', () => {
  it('a NAT instance: the private route names the instance, the way out goes through it', () => {
    const s = gatewayLab();
    s.natGateways = [];
    const natId = 'i-0nat';
    s.instances.push(server(natId, PUB, '10.0.1.30', 'sg-0nat', { PublicIpAddress: '198.51.100.40', InstanceType: 't4g.nano', SourceDestCheck: false }));
    s.securityGroups.push(group('sg-0nat', [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '10.0.0.0/16' }] }]));
    s.routeTables[2].Routes![1] = { DestinationCidrBlock: '0.0.0.0/0', InstanceId: natId, NetworkInterfaceId: 'eni-0nat', State: 'active' };
    const t = topologyOf(s, { ...LAB_ROLES, nat: { kind: 'instance', id: natId } });
    expect(t.subnets[1].routes[1].target).toEqual({ kind: 'instance', id: natId });
    expect(t.nat).toEqual({ kind: 'instance', id: natId, subnet: PUB, publicIp: '198.51.100.40', state: 'running', instanceType: 't4g.nano' });
    expect(t.flows.at(-1)).toEqual({ kind: 'route', from: 'db', to: 'internet', via: [{ kind: 'instance', id: natId }, { kind: 'internet-gateway', id: IGW }], state: 'active' });
    // The NAT instance's group lets in the VPC, not the internet: no flow of its own.
    expect(t.flows.filter((f) => f.kind === 'rule' && f.group === 'sg-0nat')).toEqual([]);
  });

  it('a route that names only the NAT instance\'s interface (as moto gives it) still names the instance', () => {
    const s = gatewayLab();
    s.natGateways = [];
    const natId = 'i-0nat';
    s.instances.push(server(natId, PUB, '10.0.1.30', 'sg-0nat', { PublicIpAddress: '198.51.100.40', InstanceType: 't4g.nano', SourceDestCheck: false }));
    s.routeTables[2].Routes![1] = { DestinationCidrBlock: '0.0.0.0/0', NetworkInterfaceId: 'eni-0nat', State: 'active' };
    const t = topologyOf(s, { ...LAB_ROLES, nat: { kind: 'instance', id: natId } });
    expect(t.subnets[1].routes[1].target).toEqual({ kind: 'instance', id: natId });
    // An interface no instance of the VPC holds stays an interface.
    s.routeTables[2].Routes![1] = { DestinationCidrBlock: '0.0.0.0/0', NetworkInterfaceId: 'eni-0other', State: 'active' };
    expect(topologyOf(s, LAB_ROLES).subnets[1].routes[1].target).toEqual({ kind: 'network-interface', id: 'eni-0other' });
  });

  it('a DB group without its ICMP rule: no ICMP flow, the rest as they are', () => {
    const s = gatewayLab();
    s.securityGroups[1].IpPermissions = s.securityGroups[1].IpPermissions!.filter((p) => p.IpProtocol !== 'icmp');
    const t = topologyOf(s, LAB_ROLES);
    expect(t.flows).toEqual(GATEWAY_LAB_FLOWS.filter((f) => !(f.kind === 'rule' && f.protocol === 'icmp')));
  });

  it('without a NAT or a private route: no way out for the DB server', () => {
    const s = gatewayLab();
    s.natGateways = [];
    s.routeTables[2].Routes!.pop();
    const t = topologyOf(s, { ...LAB_ROLES, nat: undefined });
    expect(t.nat).toBeUndefined();
    expect(t.flows.filter((f) => f.kind === 'route')).toEqual([]);
  });
});

// --- a VPC a learner built by hand in the console --------------------------------------

const H = { vpc: 'vpc-0hand', pub: 'subnet-0mine1', priv: 'subnet-0mine2', spare: 'subnet-0spare', igw: 'igw-0hand', nat: 'nat-0hand', web: 'i-0myweb', db: 'i-0mydb' };

/** Untagged but for the learner's own Name tags; the public subnet uses the main table (no association of its own). */
function handBuilt(): VpcSnapshot {
  const vpc = H.vpc;
  return {
    region: 'ap-northeast-1',
    vpc: { VpcId: vpc, CidrBlock: '192.168.0.0/16' },
    subnets: [
      { SubnetId: H.pub, VpcId: vpc, CidrBlock: '192.168.10.0/24', AvailabilityZone: 'ap-northeast-1c', Tags: [{ Key: 'Name', Value: 'my-public' }] },
      { SubnetId: H.priv, VpcId: vpc, CidrBlock: '192.168.20.0/24', AvailabilityZone: 'ap-northeast-1c' },
      { SubnetId: H.spare, VpcId: vpc, CidrBlock: '192.168.30.0/24', AvailabilityZone: 'ap-northeast-1a' },
    ],
    routeTables: [
      {
        RouteTableId: 'rtb-0main',
        VpcId: vpc,
        Associations: [{ Main: true, RouteTableId: 'rtb-0main' }],
        Routes: [
          { DestinationCidrBlock: '192.168.0.0/16', GatewayId: 'local', State: 'active' },
          { DestinationCidrBlock: '0.0.0.0/0', GatewayId: H.igw, State: 'active' },
        ],
      },
      {
        RouteTableId: 'rtb-0mine',
        VpcId: vpc,
        Associations: [{ SubnetId: H.priv, RouteTableId: 'rtb-0mine' }],
        Routes: [
          { DestinationCidrBlock: '192.168.0.0/16', GatewayId: 'local', State: 'active' },
          { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: H.nat, State: 'active' },
        ],
      },
    ],
    internetGateways: [{ InternetGatewayId: H.igw, Attachments: [{ VpcId: vpc, State: 'available' as never }] }],
    natGateways: [{ NatGatewayId: H.nat, VpcId: vpc, SubnetId: H.pub, State: 'available', NatGatewayAddresses: [{ PublicIp: '203.0.113.77' }] }],
    instances: [
      { ...server(H.web, H.pub, '192.168.10.25', 'sg-0mywebsg', { PublicIpAddress: '198.51.100.25' }), VpcId: vpc, Tags: [{ Key: 'Name', Value: 'ウェブ' }] },
      { ...server(H.db, H.priv, '192.168.20.50', 'sg-0mydbsg'), VpcId: vpc },
    ],
    securityGroups: [
      // SSH from anywhere, HTTP on 8080, and everything from inside the VPC (not the internet).
      { ...group('sg-0mywebsg', [tcp(22, { cidr: '0.0.0.0/0' }), tcp(8080, { cidr: '0.0.0.0/0' }), { IpProtocol: '-1', IpRanges: [{ CidrIp: '192.168.0.0/16' }] }]), VpcId: vpc },
      // MySQL from the web server's address, ping from its subnet, and a rule for someone else.
      {
        ...group('sg-0mydbsg', [tcp(3306, { cidr: '192.168.10.25/32' }), icmp({ cidr: '192.168.10.0/24' }), tcp(5432, { cidr: '192.168.30.0/24' })]),
        VpcId: vpc,
      },
    ],
    networkAcls: [],
    addresses: [],
    keyPairs: [],
  };
}

const HAND_ROLES: Roles = { vpc: H.vpc, publicSubnet: H.pub, privateSubnet: H.priv, internetGateway: H.igw, web: H.web, db: H.db, nat: { kind: 'gateway', id: H.nat } };

describe('topologyOf: a VPC built by hand (roles given by ID)', () => {
  const t = topologyOf(handBuilt(), HAND_ROLES);

  it('its own CIDRs and names; a subnet without a role is "other"; the main table serves a subnet with no association', () => {
    expect(t.vpc).toEqual({ id: H.vpc, cidr: '192.168.0.0/16', name: undefined });
    expect(t.subnets.map((s) => [s.id, s.role, s.cidr, s.name, s.routeTable])).toEqual([
      [H.pub, 'public', '192.168.10.0/24', 'my-public', 'rtb-0main'],
      [H.priv, 'private', '192.168.20.0/24', undefined, 'rtb-0mine'],
      [H.spare, 'other', '192.168.30.0/24', undefined, 'rtb-0main'],
    ]);
    expect(t.subnets[0].routes[1].target).toEqual({ kind: 'internet-gateway', id: H.igw });
    expect(t.subnets[1].routes[1].target).toEqual({ kind: 'nat-gateway', id: H.nat });
  });

  it('a public address that is not an Elastic IP says so; a DB server with one shows it', () => {
    expect(t.servers.web).toMatchObject({ name: 'ウェブ', publicIp: '198.51.100.25', elasticIp: false });
    const s = handBuilt();
    s.instances[1].PublicIpAddress = '198.51.100.50';
    const text = renderDiagram(topologyOf(s, HAND_ROLES));
    expect(text).toMatch(/│ {3}MariaDB, 198\.51\.100\.50 \(public IP\) +│/);
    expect(text).toMatch(/│ {3}Apache, 198\.51\.100\.25 \(public IP\) +│/);
  });

  it('flows by address: the web server\'s own address and its subnet count, another subnet and the VPC-wide rule do not', () => {
    const rule = (from: 'internet' | 'web', to: 'web' | 'db', protocol: string, port: number | undefined, cidr: string, g: string, tutorial?: FlowId): Flow => ({
      kind: 'rule',
      from,
      to,
      protocol,
      ...(port === undefined ? {} : { ports: { from: port, to: port } }),
      source: { cidr },
      group: g,
      ...(tutorial ? { tutorial } : {}),
    });
    // HTTP on 8080 is not the tutorial's HTTP: drawn, not named.
    expect(t.flows).toEqual([
      rule('internet', 'web', 'tcp', 8080, '0.0.0.0/0', 'sg-0mywebsg'),
      rule('internet', 'web', 'tcp', 22, '0.0.0.0/0', 'sg-0mywebsg', 'web-ssh'),
      rule('web', 'db', 'tcp', 3306, '192.168.10.25/32', 'sg-0mydbsg', 'db-mysql'),
      rule('web', 'db', 'icmp', undefined, '192.168.10.0/24', 'sg-0mydbsg', 'db-icmp'),
      { kind: 'route', from: 'db', to: 'internet', via: [{ kind: 'nat-gateway', id: H.nat }, { kind: 'internet-gateway', id: H.igw }], state: 'active' },
    ]);
  });
});

// --- the text diagram, drawn from a topology --------------------------------------------

const columns = (l: string) => width(l);
const boxed = (text: string) => text.split('\n').filter((l) => /^[┌│└+|]/.test(l));

describe('renderDiagram from a topology', () => {
  it('the default lab draws exactly the README\'s picture', () => {
    const readme = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');
    const picture = /```\n(┌─ VPC[\s\S]*?)\n```/.exec(readme)![1];
    expect(renderDiagram(topologyOf(gatewayLab(), LAB_ROLES))).toBe(picture);
  });

  it('the ports beside the arrow are the DB group\'s rules: change one and the drawing changes', () => {
    const s = gatewayLab();
    s.securityGroups[1].IpPermissions = [tcp(5432, { group: WEB_SG }), tcp(2222, { group: WEB_SG })];
    const text = renderDiagram(topologyOf(s, LAB_ROLES));
    const gap = text.split('\n').map((l) => /│ │ .*?│(.{6})│/.exec(l)?.[1]?.trim() ?? '');
    expect(gap.filter(Boolean)).toEqual(['──▶', '5432', '2222']);
    expect(text).not.toMatch(/3306|ICMP/);
    expect(new Set(boxed(text).map(columns)).size, text).toBe(1);
  });

  it('no rule from the web server: no arrow at all', () => {
    const s = gatewayLab();
    s.securityGroups[1].IpPermissions = [];
    const text = renderDiagram(topologyOf(s, LAB_ROLES));
    expect(text).not.toMatch(/──▶|3306|ICMP/);
  });

  it('a long port range widens the gap and every edge still lines up', () => {
    const s = gatewayLab();
    s.securityGroups[1].IpPermissions = [
      { IpProtocol: '17', FromPort: 10000, ToPort: 20000, UserIdGroupPairs: [{ GroupId: WEB_SG }] },
      tcp(5, { group: WEB_SG }),
      { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: WEB_SG }] },
    ];
    const text = renderDiagram(topologyOf(s, LAB_ROLES));
    const gap = text.split('\n').map((l) => /│ │ .*?│ (.*?) +│ /.exec(l)?.[1] ?? '');
    expect(gap.filter(Boolean)).toEqual(['──▶', '5', '10000-20000/udp', 'all']);
    expect(new Set(boxed(text).map(columns)).size, text).toBe(1);
  });

  it('more rules than rows beside the boxes: the first ones, then how many more', () => {
    const s = gatewayLab();
    s.securityGroups[1].IpPermissions = [1, 2, 3, 4, 5, 6].map((p) => tcp(p, { group: WEB_SG }));
    const text = renderDiagram(topologyOf(s, LAB_ROLES));
    const gap = text.split('\n').map((l) => /│ │ .*?│ (.*?) +│ /.exec(l)?.[1] ?? '');
    expect(gap.filter(Boolean)).toEqual(['──▶', '6', '5', '4', '+3']);
    expect(new Set(boxed(text).map(columns)).size, text).toBe(1);
  });

  it('a NAT-instance lab, a lab with no NAT, a hand-built VPC: each draws, aligned, in English and in Japanese', async () => {
    const nat = gatewayLab();
    nat.natGateways = [];
    nat.instances.push(server('i-0nat', PUB, '10.0.1.30', 'sg-0nat', { PublicIpAddress: '198.51.100.40', InstanceType: 't4g.nano' }));
    nat.routeTables[2].Routes![1] = { DestinationCidrBlock: '0.0.0.0/0', InstanceId: 'i-0nat', NetworkInterfaceId: 'eni-0nat', State: 'active' };
    const noNat = gatewayLab();
    noNat.natGateways = [];
    noNat.routeTables[2].Routes!.pop();
    const cases: [Topology, RegExp[]][] = [
      [topologyOf(nat, { ...LAB_ROLES, nat: { kind: 'instance', id: 'i-0nat' } }), [/NAT instance i-0nat/, /t4g\.nano, 198\.51\.100\.40/, /route 0\.0\.0\.0\/0 -> NAT instance/]],
      [topologyOf(noNat, { ...LAB_ROLES, nat: undefined }), [/NAT gateway \(missing\)/, /│ route 0\.0\.0\.0\/0 -> \(missing\)/]],
      [
        topologyOf(handBuilt(), HAND_ROLES),
        [/VPC 192\.168\.0\.0\/16 vpc-0hand/, /public subnet 192\.168\.10\.0\/24/, /198\.51\.100\.25 \(public IP\)/, /route 0\.0\.0\.0\/0 -> internet gateway/, / 3306 /, / ICMP /],
      ],
    ];
    for (const [t, marks] of cases) {
      const text = renderDiagram(t);
      for (const m of marks) expect(text, text).toMatch(m);
      expect(new Set(boxed(text).map(columns)).size, text).toBe(1);
      await useLang('ja');
      try {
        const ja = renderDiagram(t, {}, 'ascii');
        expect(new Set(boxed(ja).map(columns)).size, ja).toBe(1);
        expect(ja).not.toMatch(/missing|server|route|private|public|internet/);
      } finally {
        await useLang('en');
      }
    }
  });

  it('a blackhole route says so', () => {
    const s = gatewayLab();
    s.routeTables[2].Routes![1].State = 'blackhole';
    expect(renderDiagram(topologyOf(s, LAB_ROLES))).toContain('route 0.0.0.0/0 -> (blackhole)');
  });
});
