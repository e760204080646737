import { ANYWHERE, type FlowId } from '../../lab/core/flows.js';
import { PATHS, type PathId } from '../../lab/paths/index.js';
import type { Protocol, RuleFlow, Topology } from '../../lab/views/topology.js';
import type { Catalog } from '../messages/index.js';
import { connect, crossing, longestMiddle, nearEnd, type Elbow, type Point, type Rect } from './geometry.js';
import { LANE, titleRect, type Box, type Picture } from './layout.js';
import type { Arrow, PictureVerdict } from './types.js';

/** The tutorial path (lab/paths) that is this flow of the tutorial's (core/flows.ts), if any. */
const pathOfFlow = (id: FlowId | undefined) => (id === undefined ? undefined : PATHS.find((p) => p.flow === id)?.id);

/** Well-known TCP ports by the service the console names them after. */
const SERVICE: Record<number, string> = { 22: 'SSH', 80: 'HTTP', 443: 'HTTPS', 3306: 'MySQL/Aurora', 3389: 'RDP' };

/** A flow's label: the service and port, the protocol, or all traffic. */
function flowLabel(protocol: Protocol | string, ports: { from: number; to: number } | undefined, m: Catalog): string {
  if (protocol === 'all') return m.pic_allTraffic;
  if (ports) {
    const range = ports.from === ports.to ? `${ports.from}` : `${ports.from}-${ports.to}`;
    const name = protocol === 'tcp' && ports.from === ports.to ? SERVICE[ports.from] : undefined;
    return `${name ?? protocol.toUpperCase()} ${range}`;
  }
  return protocol === 'icmpv6' ? 'ICMPv6' : protocol.toUpperCase();
}

function ruleLabel(f: RuleFlow, m: Catalog): string {
  const label = flowLabel(f.protocol, f.ports, m);
  return 'cidr' in f.source && f.source.cidr !== ANYWHERE && f.from === 'internet' ? m.pic_flowFrom(label, f.source.cidr) : label;
}

const arrow = (a: Omit<Arrow, 'segments' | 'marks' | 'rules'>): Arrow => ({ ...a, segments: [], marks: [], rules: [] });

export function arrowsOf(t: Topology, m: Catalog, verdicts: readonly PictureVerdict[]): Arrow[] {
  const { web, db } = t.servers;
  const igw = t.internetGateway ? [t.internetGateway.id] : [];
  const ids = { web: web?.id, db: db?.id };
  const arrows: Arrow[] = t.flows.map((f) => {
    if (f.kind === 'route') {
      const blackhole = f.state === 'blackhole';
      return arrow({ key: 'db-internet', path: 'db-internet', hops: [db?.id ?? '', ...f.via.map((v) => v.id), 'internet'], lane: 'out', label: blackhole ? m.pic_blackhole : m.pic_routeOut, style: blackhole ? 'blackhole' : 'found' });
    }
    const key = f.tutorial ?? `${f.from}-${f.to}-${f.protocol}-${f.ports?.from ?? ''}-${'cidr' in f.source ? f.source.cidr : f.source.group}`;
    const hops = f.from === 'internet' ? ['internet', ...igw, ids[f.to] ?? ''] : [ids.web ?? '', ids[f.to] ?? ''];
    return arrow({ key, path: pathOfFlow(f.tutorial), hops, lane: f.from === 'internet' ? 'in' : 'across', label: ruleLabel(f, m), group: f.group, style: 'found' });
  });
  // Only a path that is not as the tutorial wants it is drawn: blocked where it should be open, open where closed.
  for (const v of verdicts) {
    if (v.ok !== false) continue;
    let a = arrows.find((x) => x.path === v.path);
    if (!a) {
      a = pathArrow(v.path, t, m, igw);
      if (!a) continue;
      arrows.push(a);
    }
    a.verdict = v;
  }
  return arrows;
}

/**
 * A path the topology has no flow for, between the boxes its ends are (the paths table,
 * lab/paths PATHS): from the internet (or you) through the gateway; from the DB server out
 * through the NAT and the gateway; from the web server across. Labelled by its protocol
 * and ports; one that should be closed says so.
 */
function pathArrow(path: PathId, t: Topology, m: Catalog, igw: string[]): Arrow | undefined {
  const spec = PATHS.find((p) => p.id === path);
  const server = (peer: string) => (peer === 'web' ? t.servers.web?.id : peer === 'db' ? t.servers.db?.id : undefined);
  if (!spec) return undefined;
  const ports = spec.ports.length === 1 ? { from: spec.ports[0], to: spec.ports[0] } : undefined;
  const label = spec.protocol === 'tcp' && spec.ports.length > 1 ? `TCP ${spec.ports.join(', ')}` : flowLabel(spec.protocol, ports, m);
  const wrong = spec.wanted === 'closed';
  const base = { key: spec.flow ?? path, path, label: wrong ? m.pic_shouldBeClosed(label) : label, style: wrong ? ('wrong' as const) : ('missing' as const) };
  const [from, to] = [server(spec.from), server(spec.to)];
  if (spec.to === 'internet') return from === undefined ? undefined : arrow({ ...base, hops: [from, ...(t.nat ? [t.nat.id] : []), ...igw, 'internet'], lane: 'out', label: m.pic_routeOut });
  if (spec.from === 'internet' || spec.from === 'you') return to === undefined ? undefined : arrow({ ...base, hops: ['internet', ...igw, to], lane: 'in' });
  return from === undefined || to === undefined ? undefined : arrow({ ...base, hops: [from, to], lane: 'across' });
}

/** How far off the centre line the i-th of n parallel arrows lies. */
const offset = (i: number, n: number, lane: number) => (i - (n - 1) / 2) * lane;

/**
 * Each arrow's pieces between the boxes it joins (a hop whose box is not drawn is passed
 * by), side by side where several share a way, and where it is broken.
 */
export function placeArrows(pic: Picture, arrows: Arrow[]): void {
  const ins = arrows.filter((a) => a.lane === 'in');
  const across = arrows.filter((a) => a.lane === 'across');
  const lane = (n: number, boxes: (Box | undefined)[]) => Math.min(LANE, (Math.min(...boxes.map((b) => b?.h ?? 1e9)) - 12) / Math.max(1, n + 1));
  for (const a of arrows) {
    const boxes = a.hops.map((id) => pic.byId.get(id)).filter((b): b is Box => !!b);
    if (boxes.length < 2 || boxes[0].id === boxes.at(-1)!.id) continue;
    const spacing = lane(a.lane === 'across' ? across.length : ins.length + 1, boxes);
    const off = a.lane === 'in' ? offset(ins.indexOf(a), ins.length, spacing) : a.lane === 'out' ? ((ins.length - 1) / 2 + 1) * spacing : offset(across.indexOf(a), across.length, spacing);
    a.segments = boxes.slice(1).map((to, i) => {
      const from = boxes[i];
      // Out of the DB server: down, then across to the NAT; every other turn goes across first.
      const elbow: Elbow = from.kind === 'server' && to.kind === 'nat' ? 'vh' : 'hv';
      // The way out keeps to the middle until it leaves by the gateway, where it passes under the ways in;
      // up into the gateway clear of the VPC's edge, which the gateway sits on.
      const own = a.lane === 'out' && to.kind !== 'internet' ? 0 : off;
      const bend = to.kind === 'igw' ? to.w / 4 : own;
      return { from: from.id, to: to.id, points: connect(from, to, own, elbow, bend) };
    });
  }
  clearTitles(pic, arrows);
  for (const a of arrows) if (a.verdict?.blockedAt && a.segments.length) a.gate = { at: gatePoint(pic, a, a.verdict.blockedAt), gate: a.verdict.blockedAt.gate, resource: a.verdict.blockedAt.resource };
}

const GROUPS = new Set(['cloud', 'region', 'vpc', 'zone', 'subnet']);

/**
 * No arrow over a group's title: a piece that goes up or down through a group's header (into
 * a server of another Availability Zone, from above) is moved right, past the title, with
 * the pieces beside it between the same two boxes, so that they stay apart — as far as the
 * boxes it ends on allow (layout leaves room beside a subnet's title for them).
 */
function clearTitles(pic: Picture, arrows: Arrow[]): void {
  const titles = pic.all.filter((b) => GROUPS.has(b.kind)).map(titleRect);
  const bundles = new Map<string, Arrow['segments']>();
  for (const s of arrows.flatMap((a) => a.segments)) bundles.set(`${s.from}>${s.to}`, [...(bundles.get(`${s.from}>${s.to}`) ?? []), s]);
  for (const pieces of bundles.values()) {
    for (let round = 0; round < 3; round++) {
      const legs = pieces.flatMap((s) => verticalLegs(s.points).map((i) => ({ s, i })));
      const shift = Math.max(0, ...legs.flatMap(({ s, i }) => titles.filter((t) => crossesDown(s.points[i], s.points[i + 1], t)).map((t) => t.x + t.w + 4 - s.points[i].x)));
      if (shift === 0 || !legs.every(({ s, i }) => fits(pic, s, i, shift))) break;
      for (const { s, i } of legs) for (const p of [s.points[i], s.points[i + 1]]) p.x += shift;
    }
  }
}

/** The indexes of a polyline's vertical pieces (point i to i + 1). */
const verticalLegs = (points: Point[]) => points.slice(1).flatMap((q, i) => (q.x === points[i].x && q.y !== points[i].y ? [i] : []));

const crossesDown = (p: Point, q: Point, t: Rect) => p.x > t.x && p.x < t.x + t.w && Math.min(p.y, q.y) < t.y + t.h && Math.max(p.y, q.y) > t.y;

/** A vertical piece moved right still ends on its box's edge (the first piece starts on the box it leaves, the last ends on the one it reaches). */
function fits(pic: Picture, s: Arrow['segments'][number], i: number, shift: number): boolean {
  const x = s.points[i].x + shift;
  const ends = [...(i === 0 ? [pic.byId.get(s.from)] : []), ...(i + 2 === s.points.length ? [pic.byId.get(s.to)] : [])];
  return ends.every((b) => !b || x <= b.x + b.w - 2);
}

/**
 * Where the gate that blocks a path stands on its arrow: where the arrow meets the
 * resource's box (the gateway, the NAT, the server); a route table or a network ACL at
 * its subnet's edge (the subnet that follows the table; an ACL's, the server's subnet
 * the path ends in, or starts from when it ends outside); a security group just before
 * the server that holds it.
 */
function gatePoint(pic: Picture, a: Arrow, blocked: NonNullable<PictureVerdict['blockedAt']>): Point {
  const points = a.segments.flatMap((s) => s.points);
  const meets = (b: Box | undefined) => b && a.segments.map((s) => crossing(s.points, b)).find((p) => p);
  const subnetHolding = (id: string | undefined) => pic.all.find((b) => b.kind === 'subnet' && b.children.some((c) => c.id === id));
  const resource = blocked.resource ? pic.byId.get(blocked.resource) : undefined;
  if (blocked.gate === 'security-group') {
    const held = [...a.segments].reverse().find((s) => pic.byId.get(s.to)?.kind !== 'internet') ?? a.segments[0];
    return nearEnd(held.points, 12);
  }
  const byTable = pic.all.filter((b) => b.kind === 'subnet' && (pic.tables.get(blocked.resource ?? '') ?? []).includes(b.id));
  const server = a.hops.at(-1) === 'internet' ? a.hops[0] : a.hops.at(-1);
  const candidates = [resource, ...byTable, ...(['route-table', 'network-acl'].includes(blocked.gate) ? [subnetHolding(server)] : [])];
  for (const b of candidates) {
    const p = meets(b);
    if (p) return p;
  }
  return longestMiddle(points.length ? points : [{ x: 0, y: 0 }, { x: 0, y: 0 }]).at;
}
