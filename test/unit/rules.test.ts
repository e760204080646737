/**
 * The tutorial's rules (src/lab/rules) over hand-made snapshots: a correct lab passes
 * every rule; each common mistake fails exactly the rules it breaks, and nothing else.
 */
import type { IpPermission } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { inEnglish, type Words } from '../../src/engine/errors.js';
import type { Finding } from '../../src/engine/finding.js';
import { FLOWS } from '../../src/lab/core/flows.js';
import type { Roles, VpcSnapshot } from '../../src/lab/core/snapshot.js';
import { evaluate, RULES, type Probes } from '../../src/lab/rules/index.js';
import { load, sayIn, useLang } from '../../src/ui/messages/index.js';
import { makeChalk } from '../../src/ui/style.js';
import { renderFindings } from '../../src/ui/views.js';

const ja = await load('ja');

/** Issue 26's rule ids, and the ping probe's own. */
const ISSUE_26_IDS = [
  'network.internet-gateway', 'network.public-route', 'network.private-subnet', 'network.dns-hostnames', 'network.subnet-size',
  'web.instance', 'web.public-address', 'web.elastic-ip', 'web.key-pair', 'web.ssh-open', 'web.ssh-world', 'web.http-open', 'web.dns-name',
  'apache.page',
  'db.instance', 'db.no-public-address', 'db.mysql-from-web', 'db.icmp-from-web', 'db.ssh-from-web', 'db.mysql-world', 'db.nat', 'db.private-route', 'db.mariadb',
];

const tcp = (port: number, from: { cidr?: string; group?: string }): IpPermission => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  IpRanges: from.cidr ? [{ CidrIp: from.cidr }] : [],
  UserIdGroupPairs: from.group ? [{ GroupId: from.group }] : [],
});

/** The tutorial's lab, as EC2 would describe it, correct in every part. */
function goodLab(): { s: VpcSnapshot; roles: Roles } {
  const s: VpcSnapshot = {
    region: 'us-east-1',
    vpc: { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' },
    dnsSupport: true,
    dnsHostnames: true,
    subnets: [
      { SubnetId: 'subnet-pub', VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24' },
      { SubnetId: 'subnet-priv', VpcId: 'vpc-1', CidrBlock: '10.0.2.0/24' },
    ],
    routeTables: [
      { RouteTableId: 'rtb-main', VpcId: 'vpc-1', Associations: [{ Main: true, RouteTableAssociationId: 'rtbassoc-main' }], Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }] },
      {
        RouteTableId: 'rtb-pub',
        VpcId: 'vpc-1',
        Associations: [{ SubnetId: 'subnet-pub', Main: false, AssociationState: { State: 'associated' } }],
        Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1', State: 'active' }],
      },
      {
        RouteTableId: 'rtb-priv',
        VpcId: 'vpc-1',
        Associations: [{ SubnetId: 'subnet-priv', Main: false, AssociationState: { State: 'associated' } }],
        Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }, { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1', State: 'active' }],
      },
    ],
    // AWS says "available" for an attached internet gateway (the SDK's type lists only attach states).
    internetGateways: [{ InternetGatewayId: 'igw-1', Attachments: [{ VpcId: 'vpc-1', State: 'available' as never }] }],
    natGateways: [
      { NatGatewayId: 'nat-1', VpcId: 'vpc-1', SubnetId: 'subnet-pub', State: 'available', ConnectivityType: 'public', NatGatewayAddresses: [{ AllocationId: 'eipalloc-nat', PublicIp: '203.0.113.20' }] },
    ],
    instances: [
      {
        InstanceId: 'i-web',
        VpcId: 'vpc-1',
        SubnetId: 'subnet-pub',
        State: { Name: 'running' },
        PrivateIpAddress: '10.0.1.10',
        PublicIpAddress: '203.0.113.10',
        PublicDnsName: 'ec2-203-0-113-10.compute-1.amazonaws.com',
        KeyName: 'lab-key',
        SecurityGroups: [{ GroupId: 'sg-web' }],
        NetworkInterfaces: [{ NetworkInterfaceId: 'eni-web' }],
      },
      { InstanceId: 'i-db', VpcId: 'vpc-1', SubnetId: 'subnet-priv', State: { Name: 'running' }, PrivateIpAddress: '10.0.2.10', KeyName: 'lab-key', SecurityGroups: [{ GroupId: 'sg-db' }], NetworkInterfaces: [{ NetworkInterfaceId: 'eni-db' }] },
    ],
    securityGroups: [
      { GroupId: 'sg-web', VpcId: 'vpc-1', IpPermissions: [tcp(22, { cidr: '198.51.100.7/32' }), tcp(80, { cidr: '0.0.0.0/0' })] },
      {
        GroupId: 'sg-db',
        VpcId: 'vpc-1',
        IpPermissions: [tcp(3306, { group: 'sg-web' }), { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, UserIdGroupPairs: [{ GroupId: 'sg-web' }] }, tcp(22, { group: 'sg-web' })],
      },
    ],
    networkAcls: [],
    addresses: [{ AllocationId: 'eipalloc-web', PublicIp: '203.0.113.10', InstanceId: 'i-web', NetworkInterfaceId: 'eni-web' }],
    keyPairs: [{ KeyName: 'lab-key', KeyPairId: 'key-1' }],
  };
  const roles: Roles = { vpc: 'vpc-1', publicSubnet: 'subnet-pub', privateSubnet: 'subnet-priv', internetGateway: 'igw-1', web: 'i-web', db: 'i-db', nat: { kind: 'gateway', id: 'nat-1' } };
  return { s, roles };
}

const PROBES_OK: Probes = {
  page: { name: ['check_http', 'http://x/'], ok: true, detail: ['pageAnswered', 200] },
  ping: { name: ['check_ping', '10.0.2.10'], ok: true, detail: ['check_pingAnswered', '1 received'] },
  mariadb: { name: ['check_mariadb'], ok: true, detail: ['check_mariadbActive'] },
};

/** The ids of the rules that failed, errors and warnings alike. */
const failed = (findings: Finding[]) => [...new Set(findings.filter((f) => f.ok === false).map((f) => f.rule))].sort();

/** A mistake made on a correct lab: the ids it fails. */
function mistake(make: (s: VpcSnapshot, roles: Roles) => void, probes?: Probes): Finding[] {
  const { s, roles } = goodLab();
  make(s, roles);
  return evaluate(s, roles, probes);
}

const table = (s: VpcSnapshot, id: string) => s.routeTables.find((t) => t.RouteTableId === id)!;
const group = (s: VpcSnapshot, id: string) => s.securityGroups.find((g) => g.GroupId === id)!;
const web = (s: VpcSnapshot) => s.instances.find((i) => i.InstanceId === 'i-web')!;

describe('the rules', () => {
  it("are issue 26's, each once, with the ping probe's own", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...ISSUE_26_IDS, 'db.ping'].sort());
    // Chapters by the id's prefix.
    const chapter: Record<string, number> = { network: 1, web: 2, apache: 3, db: 4 };
    for (const r of RULES) expect(r.chapter, r.id).toBe(chapter[r.id.split('.')[0]]);
    expect(RULES.filter((r) => r.severity === 'warning').map((r) => r.id).sort()).toEqual(['db.mysql-world', 'network.subnet-size', 'web.elastic-ip', 'web.ssh-world']);
  });

  it('a correct lab passes every rule; the live ones are not judged without probes, and pass with good ones', () => {
    const { s, roles } = goodLab();
    const without = evaluate(s, roles);
    expect(without.filter((f) => f.ok !== true).map((f) => [f.rule, f.ok])).toEqual([
      ['apache.page', null],
      ['db.ping', null],
      ['db.mariadb', null],
    ]);
    const all = evaluate(s, roles, PROBES_OK);
    expect(all.filter((f) => f.ok !== true)).toEqual([]);
    // One finding per rule, and one per subnet for the size.
    expect(all.filter((f) => f.rule === 'network.subnet-size').map((f) => f.resource)).toEqual(['subnet-pub', 'subnet-priv']);
  });

  it.each([
    ['the public route table is not associated with the public subnet', (s: VpcSnapshot) => void (table(s, 'rtb-pub').Associations = []), ['network.public-route']],
    ['the NAT gateway is in the private subnet', (s: VpcSnapshot) => void (s.natGateways[0].SubnetId = 'subnet-priv'), ['db.nat']],
    [
      'the web server has no public address (and so no Elastic IP)',
      (s: VpcSnapshot) => {
        Object.assign(web(s), { PublicIpAddress: undefined, PublicDnsName: '' });
        s.addresses = [];
      },
      ['web.elastic-ip', 'web.public-address'],
    ],
    [
      'DNS hostnames are off (so AWS gives no public DNS name)',
      (s: VpcSnapshot) => {
        s.dnsHostnames = false;
        web(s).PublicDnsName = '';
      },
      ['network.dns-hostnames'],
    ],
    ['ICMP is not allowed from the web group', (s: VpcSnapshot) => void (group(s, 'sg-db').IpPermissions = group(s, 'sg-db').IpPermissions!.filter((p) => p.IpProtocol !== 'icmp')), ['db.icmp-from-web']],
    ['3306 is open to the world', (s: VpcSnapshot) => void group(s, 'sg-db').IpPermissions!.push(tcp(3306, { cidr: '0.0.0.0/0' })), ['db.mysql-world']],
    [
      'the private route still goes to a deleted NAT gateway (blackhole) after a new one was made',
      (s: VpcSnapshot, roles: Roles) => {
        s.natGateways = [{ ...s.natGateways[0], NatGatewayId: 'nat-2' }];
        roles.nat = { kind: 'gateway', id: 'nat-2' };
        table(s, 'rtb-priv').Routes![1].State = 'blackhole';
      },
      ['db.private-route'],
    ],
    ['SSH is open to the whole internet', (s: VpcSnapshot) => void (group(s, 'sg-web').IpPermissions![0] = tcp(22, { cidr: '0.0.0.0/0' })), ['web.ssh-world']],
    ['the internet gateway is detached', (s: VpcSnapshot) => void (s.internetGateways[0].Attachments = []), ['network.internet-gateway']],
    ['the private subnet routes to the internet gateway', (s: VpcSnapshot) => void (table(s, 'rtb-priv').Routes![1] = { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1', State: 'active' }), ['db.private-route', 'network.private-subnet']],
    ['HTTP is let in only from one address', (s: VpcSnapshot) => void (group(s, 'sg-web').IpPermissions![1] = tcp(80, { cidr: '198.51.100.7/32' })), ['web.http-open']],
    ['the DB server has a public address', (s: VpcSnapshot) => void (s.instances[1].PublicIpAddress = '203.0.113.99'), ['db.no-public-address']],
    ['the web server is stopped', (s: VpcSnapshot) => void (web(s).State = { Name: 'stopped' }), ['web.instance']],
    ['the public subnet is a /20', (s: VpcSnapshot) => void (s.subnets[0].CidrBlock = '10.0.16.0/20'), ['network.subnet-size']],
    ["the web server's key pair was deleted", (s: VpcSnapshot) => void (s.keyPairs = []), ['web.key-pair']],
  ] as const)('%s: fails exactly %j', (_what, make, ids) => {
    expect(failed(mistake(make))).toEqual([...ids].sort());
  });

  it('reads the groups an instance wears on its network interface too (as moto lists them)', () => {
    const findings = mistake((s) => {
      for (const i of s.instances) {
        i.NetworkInterfaces = [{ NetworkInterfaceId: `eni-${i.InstanceId}`, Groups: i.SecurityGroups }];
        i.SecurityGroups = [];
      }
    });
    expect(failed(findings)).toEqual([]);
    const bare = mistake((s) => void (web(s).SecurityGroups = []));
    expect(failed(bare)).toEqual(['db.icmp-from-web', 'db.mysql-from-web', 'db.ssh-from-web', 'web.http-open', 'web.ssh-open']);
  });

  it('MariaDB let in from the web server by its private address counts as from the web server', () => {
    const findings = mistake((s) => void (group(s, 'sg-db').IpPermissions![0] = tcp(3306, { cidr: '10.0.1.10/32' })));
    expect(failed(findings)).toEqual([]);
    const other = mistake((s) => void (group(s, 'sg-db').IpPermissions![0] = tcp(3306, { cidr: '10.0.1.99/32' })));
    expect(failed(other)).toEqual(['db.mysql-from-web']);
  });

  it('a NAT instance: running in the public subnet with the source/destination check off; the route to its interface', () => {
    const natInstance = (check: boolean) =>
      mistake((s, roles) => {
        s.natGateways = [];
        s.instances.push({ InstanceId: 'i-nat', SubnetId: 'subnet-pub', State: { Name: 'running' }, PublicIpAddress: '203.0.113.30', SourceDestCheck: check, NetworkInterfaces: [{ NetworkInterfaceId: 'eni-nat' }] });
        table(s, 'rtb-priv').Routes![1] = { DestinationCidrBlock: '0.0.0.0/0', NetworkInterfaceId: 'eni-nat', InstanceId: 'i-nat', State: 'active' };
        roles.nat = { kind: 'instance', id: 'i-nat' };
      });
    expect(failed(natInstance(false))).toEqual([]);
    const on = natInstance(true);
    expect(failed(on)).toEqual(['db.nat']);
    expect(on.find((f) => f.rule === 'db.nat')!.fix).toEqual(['fix_sourceDestCheck', 'i-nat']);
  });

  it('a rule that needs a missing server is not judged, and only the server\'s own rule fails', () => {
    const findings = mistake((s) => void (s.instances = s.instances.filter((i) => i.InstanceId !== 'i-web')));
    expect(failed(findings)).toEqual(['web.instance']);
    expect(findings.find((f) => f.rule === 'db.mysql-from-web')).toMatchObject({ ok: null, reason: ['rule_blockedBy', 'web.instance'] });
  });

  it('live rules say the probe: a page that answers 503 fails apache.page with the probe\'s words', () => {
    const findings = mistake(() => {}, { ...PROBES_OK, page: { name: ['check_http', 'http://x/'], ok: false, detail: ['pageAnswered', 503] } });
    expect(failed(findings)).toEqual(['apache.page']);
    const page = findings.find((f) => f.rule === 'apache.page')!;
    expect(inEnglish(page.reason)).toBe('HTTP GET http://x/: answered 503');
    expect(page.fix).toEqual(['fix_apache']);
  });

  it('every reason and fix is a sentence of both catalogs, said without an undefined', () => {
    const scenes = [goodLab(), ...['noIgw', 'blackhole'].map(() => goodLab())];
    scenes[1].s.internetGateways = [];
    table(scenes[2].s, 'rtb-pub').Routes![1].State = 'blackhole';
    const findings = [
      ...scenes.flatMap(({ s, roles }) => evaluate(s, roles, PROBES_OK)),
      ...evaluate({ ...goodLab().s, instances: [], natGateways: [], dnsHostnames: undefined }, { vpc: 'vpc-1' }),
    ];
    const words = findings.flatMap((f): Words[] => [f.reason, ...(f.fix ? [f.fix] : [])]);
    expect(words.length).toBeGreaterThan(40);
    for (const w of words) {
      for (const lang of ['en', 'ja'] as const) {
        const said = sayIn(lang, w);
        expect(said, JSON.stringify(w)).toBeTypeOf('string');
        expect(said, JSON.stringify(w)).not.toMatch(/undefined|\[object/);
      }
    }
  });

  it('the fixes name the console\'s menus (and the DNS fix its CLI command)', () => {
    const nat = mistake((s) => void (s.natGateways[0].SubnetId = 'subnet-priv')).find((f) => f.rule === 'db.nat')!;
    expect(inEnglish(nat.fix!)).toBe('VPC console > NAT gateways > Create NAT gateway: Subnet subnet-pub, Connectivity type Public, Allocate Elastic IP');
    expect(sayIn('ja', nat.fix!)).toBe('VPC コンソール > NAT ゲートウェイ > NAT ゲートウェイを作成: サブネット subnet-pub、接続タイプ「パブリック」、Elastic IP を割り当て');
    const assoc = mistake((s) => void (table(s, 'rtb-pub').Associations = [])).find((f) => f.rule === 'network.public-route')!;
    expect(sayIn('ja', assoc.fix!)).toContain('サブネットの関連付けを編集');
    const dns = mistake((s) => void (s.dnsHostnames = false)).find((f) => f.rule === 'network.dns-hostnames')!;
    expect(inEnglish(dns.fix!)).toContain('aws ec2 modify-vpc-attribute --vpc-id vpc-1 --enable-dns-hostnames');
    const icmp = mistake((s) => void (group(s, 'sg-db').IpPermissions = [])).find((f) => f.rule === 'db.icmp-from-web')!;
    expect(inEnglish(icmp.fix!)).toBe('EC2 console > Security Groups > sg-db > Inbound rules > Edit inbound rules > Add rule: Type All ICMP - IPv4, Source Custom, the web server\'s group sg-web');
  });

  it("judge by the flows' table: each flow into a server is some rule's", () => {
    // Closing one flow at a time fails the rule that owns it (so no flow goes unjudged).
    const byFlow = FLOWS.map((f) => {
      const findings = mistake((s) => {
        const g = group(s, f.to === 'web' ? 'sg-web' : 'sg-db');
        g.IpPermissions = g.IpPermissions!.filter((p) => (f.protocol === 'icmp' ? p.IpProtocol !== 'icmp' : p.FromPort !== f.port));
      });
      return [f.id, failed(findings)];
    });
    expect(byFlow).toEqual([
      ['web-ssh', ['web.ssh-open']],
      ['web-http', ['web.http-open']],
      ['db-mysql', ['db.mysql-from-web']],
      ['db-icmp', ['db.icmp-from-web']],
      ['db-ssh', ['db.ssh-from-web']],
    ]);
  });

  it("check's lines: the count, then each rule not passed with its fix under it, in the run's language", async () => {
    const findings = mistake((s) => {
      s.natGateways[0].SubnetId = 'subnet-priv';
      group(s, 'sg-db').IpPermissions!.push(tcp(3306, { cidr: '0.0.0.0/0' }));
      s.dnsHostnames = undefined;
    });
    const plain = makeChalk(false);
    const lines = renderFindings(plain, findings.filter((f) => !['apache.page', 'db.ping', 'db.mariadb'].includes(f.rule)));
    expect(lines[0]).toBe("the tutorial's rules: 19 passed, 1 failed, 1 warning, 1 not judged");
    expect(lines).toContain("· network.dns-hostnames: not judged: the VPC's DNS attributes could not be read");
    expect(lines).toContain('✖ db.nat: NAT nat-1 is in subnet subnet-priv, not in the public subnet subnet-pub');
    const nat = lines.indexOf('✖ db.nat: NAT nat-1 is in subnet subnet-priv, not in the public subnet subnet-pub');
    expect(lines[nat + 1]).toMatch(/^ {4}fix: VPC console > NAT gateways > Create NAT gateway/);
    expect(lines.every((l) => l.length <= 80 || !l.startsWith('    '))).toBe(true);
    expect(lines.some((l) => l.startsWith('! db.mysql-world: the DB server i-db lets MariaDB (3306) in from the whole internet'))).toBe(true);
    await useLang('ja');
    try {
      const ja = renderFindings(plain, findings.filter((f) => f.rule === 'db.nat'));
      expect(ja[0]).toBe('チュートリアルの規則: 合格 0、不合格 1、警告 0、判定なし 0');
      expect(ja[1]).toBe('✖ db.nat: NAT nat-1 はパブリックサブネット subnet-pub ではなく、サブネット subnet-priv にあります');
      // Wrapped between phrases (ui/wrap.ts, BudouX): read back across its lines.
      expect(ja.slice(2).map((l) => l.trim()).join('')).toContain('直し方: VPC コンソール > NAT ゲートウェイ > NAT ゲートウェイを作成');
    } finally {
      await useLang('en');
    }
  });
});
