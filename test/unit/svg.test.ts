/**
 * The lab's picture (ui/svg): what is drawn and what is marked, read off the SVG's
 * data-* attributes, for the labs the tool builds (on the fake EC2, read back as `status`
 * reads them) and a lab built by hand with mistakes (its findings the rules' own). How it
 * looks (no overlaps, labels inside their boxes, arrows on their boxes) is measured in a
 * real browser: test/e2e/picture-browser.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Topology } from '../../src/lab/views/topology.js';
import { load } from '../../src/ui/messages/index.js';
import { pictureSvg, type PictureVerdict } from '../../src/ui/svg/index.js';
import { builtLabs, HAND, handBuilt, handBuiltSnapshot } from '../support/picture-labs.js';
import { topologyOf } from '../../src/lab/views/topology.js';

type Attrs = Record<string, string>;

/** The opening tags of one class of element, as attribute maps. */
function elements(svg: string, cls: string): Attrs[] {
  return [...svg.matchAll(new RegExp(`<(?:g|path|text) class="${cls}"([^>]*)>`, 'g'))].map((m) => Object.fromEntries([...m[1].matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])));
}
const ids = (svg: string, kind?: string) => elements(svg, 'box').filter((b) => !kind || b['data-kind'] === kind).map((b) => b['data-id']);
const arrow = (svg: string, flow: string) => elements(svg, 'arrow').find((a) => a['data-flow'] === flow);
/** The pieces of one arrow: from → to, in order. */
function hops(svg: string, flow: string): string[] {
  const start = svg.indexOf(`data-flow="${flow}"`);
  const end = svg.indexOf('</g>', start);
  return elements(svg.slice(start, end), 'segment').map((s) => `${s['data-from']}>${s['data-to']}`);
}

let labs: Record<'gateway' | 'natInstance' | 'untilWeb', Topology>;
beforeAll(async () => {
  await load('ja');
  labs = await builtLabs();
}, 60_000);

describe('the picture of a lab the tool built', () => {
  it('the default lab: every resource by its AWS ID, in its group, each Elastic IP, and an arrow per flow, piece by piece', () => {
    const t = labs.gateway;
    const svg = pictureSvg(t, { lang: 'en' });
    expect(ids(svg, 'cloud')).toEqual(['aws']);
    expect(ids(svg, 'region')).toEqual([t.region]);
    expect(ids(svg, 'vpc')).toEqual([t.vpc.id]);
    expect(ids(svg, 'zone')).toEqual([t.subnets[0].zone]);
    expect(ids(svg, 'subnet')).toEqual(t.subnets.map((s) => s.id));
    expect(elements(svg, 'box').filter((b) => b['data-kind'] === 'subnet').map((b) => b['data-role'])).toEqual(['public', 'private']);
    expect(ids(svg, 'igw')).toEqual([t.internetGateway!.id]);
    expect(ids(svg, 'nat')).toEqual([t.nat!.id]);
    expect(ids(svg, 'server')).toEqual([t.servers.web!.id, t.servers.db!.id]);
    expect(ids(svg, 'eip')).toEqual([t.servers.web!.publicIp, t.nat!.publicIp]);
    // The VPC's CIDR, the servers' addresses and the flows' labels are written out.
    for (const text of [t.vpc.cidr!, t.servers.web!.privateIp!, t.servers.db!.privateIp!, 'HTTP 80', 'MySQL/Aurora 3306', 'SSH 22', 'ICMP']) expect(svg).toContain(text);
    expect(elements(svg, 'arrow').map((a) => a['data-flow'])).toEqual(['web-http', 'web-ssh', 'db-mysql', 'db-ssh', 'db-icmp', 'db-internet']);
    const [igw, web, db, nat] = [t.internetGateway!.id, t.servers.web!.id, t.servers.db!.id, t.nat!.id];
    expect(hops(svg, 'web-http')).toEqual([`internet>${igw}`, `${igw}>${web}`]);
    expect(hops(svg, 'db-mysql')).toEqual([`${web}>${db}`]);
    expect(hops(svg, 'db-internet')).toEqual([`${db}>${nat}`, `${nat}>${igw}`, `${igw}>internet`]);
    // Nothing failing, nothing marked.
    expect(svg).not.toContain('data-finding');
    expect(svg).not.toContain('class="gate"');
  });

  it('a NAT-instance lab: the NAT is an instance (its type, its address), and the way out goes through it', () => {
    const t = labs.natInstance;
    const svg = pictureSvg(t, { lang: 'en' });
    expect(elements(svg, 'box').find((b) => b['data-kind'] === 'nat')).toMatchObject({ 'data-id': t.nat!.id, 'data-role': 'instance' });
    expect(svg).toContain(t.nat!.instanceType!);
    expect(svg).toContain('NAT instance');
    expect(hops(svg, 'db-internet')[0]).toBe(`${t.servers.db!.id}>${t.nat!.id}`);
  });

  it('a lab built --until web: no DB server, no NAT, no arrow across or out; the private subnet is drawn empty', () => {
    const t = labs.untilWeb;
    const svg = pictureSvg(t, { lang: 'en' });
    expect(ids(svg, 'server')).toEqual([t.servers.web!.id]);
    expect(ids(svg, 'nat')).toEqual([]);
    expect(ids(svg, 'subnet')).toHaveLength(2);
    expect(elements(svg, 'arrow').map((a) => a['data-flow'])).toEqual(['web-http', 'web-ssh']);
  });

  it('the flows are the topology\'s, not the tutorial\'s: a rule changed or gone changes the arrows', () => {
    const t: Topology = structuredClone(labs.gateway);
    const http = t.flows.find((f) => f.kind === 'rule' && f.tutorial === 'web-http')!;
    Object.assign(http, { ports: { from: 8080, to: 8080 }, tutorial: undefined });
    t.flows = t.flows.filter((f) => !(f.kind === 'rule' && f.tutorial === 'db-icmp'));
    const svg = pictureSvg(t, { lang: 'en' });
    expect(svg).toContain('TCP 8080');
    expect(svg).not.toContain('HTTP 80<');
    expect(arrow(svg, 'db-icmp')).toBeUndefined();
    expect(elements(svg, 'arrow')).toHaveLength(5);
  });

  it('in Japanese: the console\'s words, a font stack with Japanese glyphs on Windows, macOS and Linux', () => {
    const svg = pictureSvg(labs.gateway, { lang: 'ja' });
    for (const word of ['AWS クラウド', 'リージョン', 'アベイラビリティーゾーン', 'パブリックサブネット', 'プライベートサブネット', 'インターネットゲートウェイ', 'NAT ゲートウェイ', 'Web サーバー', 'DB サーバー']) expect(svg).toContain(word);
    expect(svg).toContain('xml:lang="ja"');
    for (const font of ['Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', 'Meiryo']) expect(svg).toContain(font);
    expect(svg).not.toContain('Public subnet');
  });

  it('the same topology draws the same file', () => {
    expect(pictureSvg(labs.gateway, { lang: 'en' })).toBe(pictureSvg(structuredClone(labs.gateway), { lang: 'en' }));
  });
});

describe('the picture of a lab built by hand, with its mistakes', () => {
  const hand = handBuilt();
  const failing = hand.findings.filter((f) => f.ok === false);

  it('draws what is there: two Availability Zones, the extra subnets as plain subnets, no NAT', () => {
    const svg = pictureSvg(hand.topology, { lang: 'en' });
    expect(ids(svg, 'zone')).toEqual(['ap-northeast-1a', 'ap-northeast-1c']);
    expect(elements(svg, 'box').filter((b) => b['data-kind'] === 'subnet').map((b) => [b['data-id'], b['data-role']])).toEqual([
      [HAND.pub, 'public'],
      [HAND.extraA, 'other'],
      [HAND.priv, 'private'],
      [HAND.extraC, 'other'],
    ]);
    expect(ids(svg, 'nat')).toEqual([]);
    // Its web server has no Elastic IP: its public address is a line, not an Elastic IP box.
    expect(ids(svg, 'eip')).toEqual([]);
    expect(svg).toContain('203.0.113.77');
    // The DB group lets in all traffic from the VPC: an arrow of its own.
    expect(svg).toContain('All traffic');
  });

  it('each failing finding on the resource it is about, numbered in the order given; one about nothing drawn is in the legend', () => {
    expect(failing.length).toBeGreaterThan(2);
    const svg = pictureSvg(hand.topology, { lang: 'en', findings: hand.findings });
    const badges = elements(svg, 'badge');
    failing.forEach((f, i) => {
      expect(svg).toContain(`${i + 1}. ${f.rule}: `);
      const marked = elements(svg, 'box').find((b) => b['data-id'] === f.resource);
      if (marked) {
        expect(marked['data-finding']!.split(' ')).toContain(f.rule);
        expect(badges).toContainEqual(expect.objectContaining({ 'data-for': f.resource, 'data-number': String(i + 1) }));
      }
    });
    // The public route's finding is on the public subnet; the missing NAT's is in the legend only.
    expect(elements(svg, 'box').find((b) => b['data-id'] === HAND.pub)!['data-finding']).toContain('network.public-route');
    const nat = failing.findIndex((f) => f.rule === 'db.nat');
    expect(nat).toBeGreaterThanOrEqual(0);
    expect(badges.some((b) => b['data-number'] === String(nat + 1))).toBe(false);
    // Passing findings mark nothing.
    const passing = hand.findings.filter((f) => f.ok === true && f.resource && !failing.some((x) => x.resource === f.resource));
    for (const f of passing) expect(elements(svg, 'box').find((b) => b['data-id'] === f.resource)?.['data-finding']).toBeUndefined();
  });

  it('a finding on a security group marks the arrows of its rules', () => {
    const t = hand.topology;
    const svg = pictureSvg(t, { lang: 'en', findings: [{ rule: 'db.mysql-from-web', chapter: 4, ok: false, severity: 'error', resource: HAND.dbSg, reason: ['rule_noDefaultRoute', HAND.priv, HAND.privTable] }] });
    const marked = elements(svg, 'arrow').filter((a) => a['data-finding']);
    expect(marked.map((a) => a['data-group'])).toEqual([HAND.dbSg, HAND.dbSg]);
  });

  it('each blocked path broken at the gate that blocks it; one with no rule at all drawn dashed; an open one not broken', () => {
    const svg = pictureSvg(hand.topology, { lang: 'en', paths: hand.paths });
    expect(elements(svg, 'gate').map((g) => [g['data-path'], g['data-gate'], g['data-id']])).toEqual([
      ['internet-web-http', 'route-table', HAND.pubTable],
      ['you-web-ssh', 'security-group', HAND.webSg],
      ['db-internet', 'route-table', HAND.privTable],
    ]);
    expect(arrow(svg, 'web-http')).toMatchObject({ 'data-style': 'found', 'data-path': 'internet-web-http' });
    // No SSH rule and no default route: the paths are drawn between their boxes, dashed.
    expect(arrow(svg, 'web-ssh')).toMatchObject({ 'data-style': 'missing' });
    expect(hops(svg, 'web-ssh')).toEqual([`internet>${HAND.igw}`, `${HAND.igw}>${HAND.web}`]);
    expect(hops(svg, 'db-internet')).toEqual([`${HAND.db}>${HAND.igw}`, `${HAND.igw}>internet`]);
    expect(svg).not.toMatch(/class="gate"[^>]*data-path="web-db-mysql"/);
    expect(svg).toContain('✕ internet-web-http: ');
  });

  it("the paths analyzer's own verdicts: each path not as the tutorial wants it is drawn, broken at the gate (and the resource) it names", () => {
    const wrong = hand.analyzed.filter((v) => v.ok === false);
    expect(wrong.length).toBeGreaterThan(1);
    const svg = pictureSvg(hand.topology, { lang: 'ja', paths: hand.analyzed });
    const gates = elements(svg, 'gate');
    for (const v of wrong.filter((x) => x.blockedAt)) expect(gates).toContainEqual(expect.objectContaining({ 'data-path': v.path, 'data-gate': v.blockedAt!.gate, ...(v.blockedAt!.resource ? { 'data-id': v.blockedAt!.resource } : {}) }));
    // A path as the tutorial wants it is not broken, nor is one that could not be judged.
    const fine = hand.analyzed.filter((v) => v.ok !== false).map((v) => v.path);
    expect(gates.filter((g) => fine.includes(g['data-path'] as never))).toEqual([]);
  });

  it('a path open that should be closed (the internet to the DB server) is drawn in red', () => {
    const paths: PictureVerdict[] = [{ path: 'internet-db', ok: false, open: true, blockedAt: null, reason: ['rule_noDefaultRoute', HAND.priv, HAND.privTable] }];
    const svg = pictureSvg(hand.topology, { lang: 'en', paths });
    expect(arrow(svg, 'internet-db')).toMatchObject({ 'data-style': 'wrong' });
    expect(hops(svg, 'internet-db')).toEqual([`internet>${HAND.igw}`, `${HAND.igw}>${HAND.db}`]);
  });

  it('missing roles: a VPC with one subnet and nothing else draws, with no arrow; a VPC with no subnet draws too', () => {
    const s = handBuiltSnapshot();
    s.subnets = s.subnets.slice(2, 3);
    s.instances = [];
    s.internetGateways = [];
    const bare = pictureSvg(topologyOf(s, { vpc: HAND.vpc }), { lang: 'ja' });
    expect(ids(bare, 'subnet')).toEqual([HAND.extraA]);
    expect(ids(bare, 'igw')).toEqual([]);
    expect(elements(bare, 'arrow')).toEqual([]);
    s.subnets = [];
    expect(ids(pictureSvg(topologyOf(s, { vpc: HAND.vpc }), { lang: 'en' }), 'vpc')).toEqual([HAND.vpc]);
  });

  it('a name tag is text, never markup', () => {
    const s = handBuiltSnapshot();
    s.instances[0].Tags = [{ Key: 'Name', Value: '<script>x</script> & "web"' }];
    const svg = pictureSvg(topologyOf(s, { vpc: HAND.vpc, web: HAND.web, publicSubnet: HAND.pub }), { lang: 'en' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&#60;script&#62;');
  });
});
