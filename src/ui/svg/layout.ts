import type { Topology, TopologyNat, TopologyServer, TopologySubnet } from '../../lab/views/topology.js';
import type { Catalog } from '../messages/index.js';
import type { Arrow } from './types.js';
import { cy, type Rect } from './geometry.js';
import { addressIcon, COLOUR, gatewayIcon, groupIcon, instanceIcon, internetIcon, natIcon } from './icons.js';
import { lineWidth, LINE, type Line } from './text.js';

/**
 * Where everything goes. The groups nest as AWS draws them (AWS Cloud > Region > VPC >
 * Availability Zone > subnet > resource); the Availability Zones are rows, the subnets of
 * a zone side by side in it (public, private, then any other, each role in its own
 * column), the internet gateway on the VPC's left edge level with the web server, the
 * internet outside on the left. Every size comes from the labels it holds.
 */

export type BoxKind = 'internet' | 'cloud' | 'region' | 'vpc' | 'zone' | 'subnet' | 'server' | 'nat' | 'igw' | 'eip';

export interface Box extends Rect {
  /** data-id: the AWS ID (a region or zone by its name; the internet and the cloud by a word). */
  id: string;
  kind: BoxKind;
  /** What it plays: a subnet's role, a server's (web, db), a NAT's kind. */
  role?: string;
  lines: Line[];
  /** Where the first line's baseline is, and its left, from the box's corner. */
  text: { x: number; y: number };
  icon?: Icon;
  stroke: string;
  fill: string;
  dashed?: boolean;
  children: Box[];
  /** The box whose edge it sits on (the internet gateway on the VPC's): it overlaps that one on purpose. */
  on?: string;
  /** Failing findings' numbers and rules on it. */
  marks: number[];
  rules: string[];
}

export interface Picture {
  roots: Box[];
  all: Box[];
  byId: Map<string, Box>;
  /** Route table → the subnets that follow it. */
  tables: Map<string, string[]>;
  width: number;
  height: number;
}

const MARGIN = 16;
const PAD = 12;
const ICON = 32;
const GROUP_ICON = 22;
/** Between parallel arrows. */
export const LANE = 20;

type Icon = (x: number, y: number, s: number) => string;

type Shape = Omit<Box, 'x' | 'y' | 'w' | 'h' | 'children' | 'marks' | 'rules'> & { w: number; h: number; children?: Box[] };

function box(shape: Shape, x = 0, y = 0): Box {
  return { ...shape, x, y, children: shape.children ?? [], marks: [], rules: [] };
}

const widest = (lines: Line[]) => Math.max(0, ...lines.map((l) => lineWidth(l)));

/** A resource: its icon on the left, its lines beside it, an Elastic IP as a small box of its own under them. */
function resource(id: string, kind: BoxKind, role: string, lines: Line[], icon: Icon, eip: string | undefined, m: Catalog): Box {
  const textX = 10 + ICON + 8;
  const address = eip ? [addressBox(eip, m)] : [];
  const textBottom = 10 + lines.length * LINE;
  const w = textX + Math.max(widest(lines), ...address.map((a) => a.w)) + PAD;
  const h = Math.max(10 + ICON + 10, textBottom + (eip ? 4 + 20 : 0) + 8);
  return box({ id, kind, role, lines, text: { x: textX, y: 10 + 11 }, icon, stroke: '#AAB7B8', fill: '#fff', w, h, children: address });
}

/** A box's icon where the box ended up: a group's in its corner, a resource's beside its text. */
export function iconOf(b: Box): string {
  if (!b.icon) return '';
  const size = b.kind === 'eip' ? 14 : ['cloud', 'region', 'vpc', 'subnet'].includes(b.kind) ? GROUP_ICON : ICON;
  const at = b.kind === 'eip' ? { x: b.x + 4, y: b.y + 3 } : size === GROUP_ICON ? { x: b.x, y: b.y } : { x: b.x + 10, y: b.y + 10 };
  return b.icon(at.x, at.y, size);
}

function addressBox(ip: string, m: Catalog): Box {
  const lines: Line[] = [[{ text: m.pic_elasticIp }, { text: ip, mono: true }]];
  return box({ id: ip, kind: 'eip', lines, text: { x: 4 + 14 + 5, y: 14 }, icon: addressIcon, stroke: COLOUR.networking, fill: '#F4F0FF', w: 4 + 14 + 5 + widest(lines) + 8, h: 20 });
}

function serverBox(s: TopologyServer, role: 'web' | 'db', m: Catalog): Box {
  const lines: Line[] = [
    [{ text: role === 'web' ? m.pic_webServer : m.pic_dbServer, bold: true }],
    ...(s.name ? [[{ text: s.name }]] : []),
    [{ text: s.id, mono: true }],
    ...(s.privateIp ? [[{ text: m.pic_privateIp }, { text: s.privateIp, mono: true }]] : []),
    ...(s.publicIp && !s.elasticIp ? [[{ text: m.pic_publicIp }, { text: s.publicIp, mono: true }]] : []),
    ...(s.state && s.state !== 'running' ? [[{ text: m.pic_state(s.state) }]] : []),
  ];
  return resource(s.id, 'server', role, lines, instanceIcon, s.elasticIp ? s.publicIp : undefined, m);
}

function natBox(n: TopologyNat, m: Catalog): Box {
  const gateway = n.kind === 'gateway';
  const lines: Line[] = [
    [{ text: gateway ? m.pic_natGateway : m.pic_natInstance, bold: true }],
    [{ text: n.id, mono: true }],
    ...(n.instanceType ? [[{ text: n.instanceType, mono: true }]] : []),
    // A NAT gateway's public address is always an Elastic IP; an instance's may be the one it booted with.
    ...(n.publicIp && !gateway ? [[{ text: m.pic_publicIp }, { text: n.publicIp, mono: true }]] : []),
    ...(n.state && !['available', 'running'].includes(n.state) ? [[{ text: m.pic_state(n.state) }]] : []),
  ];
  return resource(n.id, 'nat', n.kind, lines, gateway ? natIcon : instanceIcon, gateway ? n.publicIp : undefined, m);
}

const SUBNET_STYLE = {
  public: { colour: COLOUR.publicSubnet, fill: '#F2F6E8', title: (m: Catalog) => m.pic_publicSubnet },
  private: { colour: COLOUR.privateSubnet, fill: '#E6F2F8', title: (m: Catalog) => m.pic_privateSubnet },
  other: { colour: COLOUR.otherSubnet, fill: '#F2F3F3', title: (m: Catalog) => m.pic_otherSubnet },
} as const;

/** A group: its icon in the top-left corner, its title beside it. */
function group(id: string, kind: BoxKind, lines: Line[], colour: string, fill: string, iconKind?: Parameters<typeof groupIcon>[0]): Box {
  const textX = iconKind ? GROUP_ICON + 8 : 10;
  const icon: Icon | undefined = iconKind && ((x, y, s) => groupIcon(iconKind, x, y, s, colour));
  return box({ id, kind, lines, text: { x: textX, y: 15 }, icon, stroke: colour, fill, w: textX + widest(lines) + PAD, h: headerOf(lines) });
}

const headerOf = (lines: Line[]) => 15 + (lines.length - 1) * LINE + 12;

/** The subnets in drawing order: public, private, then the others as found. */
function ordered(subnets: TopologySubnet[]): TopologySubnet[] {
  const rank = { public: 0, private: 1, other: 2 };
  return [...subnets].sort((a, b) => rank[a.role] - rank[b.role]);
}

export function layout(t: Topology, m: Catalog, arrows: Arrow[]): Picture {
  const { web, db } = t.servers;
  const servers = [web && serverBox(web, 'web', m), t.nat && natBox(t.nat, m), db && serverBox(db, 'db', m)].filter((b): b is Box => !!b);
  const subnetOf = new Map<Box, string | undefined>([
    ...(web ? [[servers.find((s) => s.id === web.id)!, web.subnet] as const] : []),
    ...(t.nat ? [[servers.find((s) => s.id === t.nat!.id)!, t.nat.subnet] as const] : []),
    ...(db ? [[servers.find((s) => s.id === db.id)!, db.subnet] as const] : []),
  ]);
  // Every resource as tall as the tallest: the web and DB servers, side by side, meet level.
  const tall = Math.max(0, ...servers.map((s) => s.h));
  for (const s of servers) s.h = tall;

  // The subnets, each with what runs in it.
  const room = roomBesideTitle(t, arrows);
  const subnets = ordered(t.subnets).map((s) => {
    const style = SUBNET_STYLE[s.role];
    const lines: Line[] = [[{ text: style.title(m), bold: true }, ...(s.name ? [{ text: s.name }] : [])], [{ text: s.cidr ?? '?', mono: true }, { text: s.id, mono: true }]];
    const g = group(s.id, 'subnet', lines, style.colour, style.fill, s.role);
    g.role = s.role;
    g.children = servers.filter((b) => subnetOf.get(b) === s.id);
    g.w = Math.max(g.w + (room.get(s.id) ?? 0), 200, ...g.children.map((c) => c.w + 2 * PAD));
    g.h = g.h + 4 + (g.children.length ? g.children.length * (tall + PAD) : 24);
    return { subnet: s, box: g };
  });

  // Rows by Availability Zone, columns by role: public, private, then the rest where free.
  const zones = [...new Set(subnets.map(({ subnet }) => subnet.zone ?? ''))];
  // The others to the right of both roles, so that no arrow between the web and DB servers crosses one.
  const cells = new Map<Box, { row: number; col: number }>();
  const taken = new Set<string>();
  for (const { subnet, box: b } of subnets) {
    const row = zones.indexOf(subnet.zone ?? '');
    let col = subnet.role === 'public' ? 0 : subnet.role === 'private' ? 1 : 2;
    while (taken.has(`${row}:${col}`)) col++;
    taken.add(`${row}:${col}`);
    cells.set(b, { row, col });
  }
  // No empty column: a lab without a public (or private) subnet draws the rest from the left.
  const used = [...new Set([...cells.values()].map((c) => c.col))].sort((a, b) => a - b);
  for (const c of cells.values()) c.col = used.indexOf(c.col);
  const columns = Math.max(0, ...[...cells.values()].map((c) => c.col + 1));
  const colW = Array.from({ length: columns }, (_, c) => Math.max(0, ...[...cells].filter(([, p]) => p.col === c).map(([b]) => b.w)));
  const rowH = zones.map((_, r) => Math.max(0, ...[...cells].filter(([, p]) => p.row === r).map(([b]) => b.h)));
  // Between the columns: room for the labels of the arrows across (web → DB).
  const gap = Math.max(48, labelRoom(arrows.filter((a) => a.lane === 'across')));

  const zoneBoxes = zones.map((z) => group(z || 'unknown-zone', 'zone', [[{ text: z ? m.pic_zone(z) : m.pic_zoneUnknown }]], COLOUR.zone, 'none'));
  for (const z of zoneBoxes) z.dashed = true;

  const igw = t.internetGateway;
  const igwBox = igw && resource(igw.id, 'igw', 'internet-gateway', [[{ text: m.pic_internetGateway, bold: true }], [{ text: igw.id, mono: true }], ...(igw.attached ? [] : [[{ text: m.pic_igwDetached }]])], gatewayIcon, undefined, m);
  const internet = resource('internet', 'internet', 'internet', [[{ text: m.pic_internet, bold: true }]], internetIcon, undefined, m);
  // Tall enough for the arrows that pass the gateway: each way in, and the way out.
  const through = arrows.filter((a) => a.lane === 'in').length + 2;
  for (const b of [internet, ...(igwBox ? [igwBox] : [])]) b.h = Math.max(b.h, through * LANE + 8);
  internet.h = igwBox ? igwBox.h : internet.h;

  const vpc = group(t.vpc.id, 'vpc', [[{ text: m.pic_vpc, bold: true }, ...(t.vpc.name ? [{ text: t.vpc.name }] : [])], [{ text: t.vpc.cidr ?? '?', mono: true }, { text: t.vpc.id, mono: true }]], COLOUR.networking, 'none', 'vpc');
  const region = group(t.region, 'region', [[{ text: m.pic_region(t.region) }]], COLOUR.region, 'none', 'region');
  region.dashed = true;
  const cloud = group('aws', 'cloud', [[{ text: m.pic_awsCloud, bold: true }]], COLOUR.general, 'none', 'cloud');

  // --- x: left to right
  internet.x = MARGIN;
  cloud.x = internet.x + internet.w + Math.max(56, labelRoom(arrows.filter((a) => a.lane === 'in' || a.lane === 'out')));
  region.x = cloud.x + PAD;
  const half = igwBox ? igwBox.w / 2 : 0;
  vpc.x = region.x + PAD + (igwBox ? half + 8 : 0);
  const zoneX = vpc.x + (igwBox ? half + 16 : PAD);
  const gridX = zoneX + PAD;
  const colX = colW.map((_, c) => gridX + colW.slice(0, c).reduce((a, b) => a + b, 0) + c * gap);
  const gridW = colW.reduce((a, b) => a + b, 0) + Math.max(0, columns - 1) * gap;
  const zoneW = Math.max(gridW + 2 * PAD, ...zoneBoxes.map((z) => z.w));
  vpc.w = Math.max(vpc.w, zoneX - vpc.x + zoneW + PAD, 260);
  region.w = Math.max(region.w, vpc.x - region.x + vpc.w + PAD);
  cloud.w = Math.max(cloud.w, region.x - cloud.x + region.w + PAD);

  // --- y: top to bottom
  cloud.y = MARGIN;
  region.y = cloud.y + cloud.h + 4;
  vpc.y = region.y + region.h + 4;
  const vpcHeader = vpc.h;
  let y = vpc.y + vpcHeader + 6;
  zoneBoxes.forEach((z, row) => {
    z.x = zoneX;
    z.y = y;
    z.w = zoneW;
    const top = y + z.h + 4;
    z.h = z.h + 4 + rowH[row] + PAD;
    y += z.h + 14;
    for (const [b, p] of cells) {
      if (p.row !== row) continue;
      b.x = colX[p.col];
      b.y = top;
      b.w = colW[p.col];
      b.h = rowH[row];
      z.children.push(b);
      b.children.forEach((c, i) => place(c, b.x + PAD, b.y + headerOf(b.lines) + 4 + i * (tall + PAD), b.w - 2 * PAD));
    }
  });
  let bottom = Math.max(y - 14 + PAD, vpc.y + vpcHeader + 90);
  if (igwBox) {
    // Level with the web server (else the public subnet, else the first zone), below the VPC's title.
    const level = [web && servers.find((s) => s.id === web.id), subnets.find((s) => s.subnet.role === 'public')?.box, zoneBoxes[0]].find((b) => b);
    const centre = level ? cy(level) : vpc.y + vpcHeader + igwBox.h / 2 + 8;
    place(igwBox, vpc.x - half, Math.max(vpc.y + vpcHeader + 4, centre - igwBox.h / 2));
    igwBox.on = vpc.id;
    bottom = Math.max(bottom, igwBox.y + igwBox.h + 8);
  }
  vpc.h = bottom - vpc.y;
  region.h = vpc.y + vpc.h + PAD - region.y;
  cloud.h = region.y + region.h + PAD - cloud.y;
  const level = igwBox ?? (web && servers.find((s) => s.id === web.id)) ?? vpc;
  place(internet, MARGIN, cy(level) - internet.h / 2);

  vpc.children = zoneBoxes;
  region.children = [vpc, ...(igwBox ? [igwBox] : [])];
  cloud.children = [region];
  const roots = [internet, cloud];
  const all: Box[] = [];
  const walk = (b: Box) => {
    all.push(b);
    b.children.forEach(walk);
  };
  // (A server whose subnet was not found is in no box: it is not drawn, and a finding on it is in the legend.)
  roots.forEach(walk);
  return {
    roots,
    all,
    byId: new Map(all.map((b) => [b.id, b])),
    tables: t.subnets.reduce((map, s) => (s.routeTable ? map.set(s.routeTable, [...(map.get(s.routeTable) ?? []), s.id]) : map), new Map<string, string[]>()),
    width: Math.ceil(cloud.x + cloud.w + MARGIN),
    height: Math.ceil(Math.max(cloud.y + cloud.h, internet.y + internet.h) + MARGIN),
  };
}

/** Where a group's title is written (its lines beside its icon): arrows keep off it. */
export function titleRect(b: Box): Rect {
  return { x: b.x + b.text.x - 2, y: b.y + 2, w: widest(b.lines) + 4, h: headerOf(b.lines) - 4 };
}

/**
 * Room to the right of a subnet's title for the arrows that reach its servers from another
 * Availability Zone (another row): they come in from above, through the subnet's header,
 * and must pass beside its title, not over it (ui/svg/arrows.ts clearTitles moves them there).
 */
function roomBesideTitle(t: Topology, arrows: Arrow[]): Map<string, number> {
  const zoneOf = new Map(t.subnets.map((s) => [s.id, s.zone]));
  const held = new Map<string, string>([t.servers.web, t.servers.db, t.nat].flatMap((x) => (x?.subnet ? [[x.id, x.subnet] as const] : [])));
  const count = new Map<string, number>();
  for (const a of arrows) {
    for (const [from, to] of a.hops.slice(1).map((to, i) => [a.hops[i], to])) {
      const [sa, sb] = [held.get(from), held.get(to)];
      if (!sa || !sb || zoneOf.get(sa) === zoneOf.get(sb)) continue;
      for (const subnet of [sa, sb]) count.set(subnet, (count.get(subnet) ?? 0) + 1);
    }
  }
  return new Map([...count].map(([subnet, n]) => [subnet, (n + 1) * LANE]));
}

/** A box and what it holds moved to (x, y); `w` stretches it. The Elastic IP stays under the text. */
function place(b: Box, x: number, y: number, w = b.w): void {
  b.x = x;
  b.y = y;
  b.w = w;
  b.children.forEach((c) => {
    c.x = x + b.text.x;
    c.y = y + 10 + b.lines.length * LINE + 4;
  });
}

/** Room for arrow labels side by side: the widest, and some air. */
function labelRoom(arrows: Arrow[]): number {
  return Math.max(0, ...arrows.map((a) => lineWidth([{ text: a.label }], 10) + 28));
}
