import type { RuleFlow, Topology, TopologySubnet } from '../lab/views/topology.js';
import { msg } from './messages/index.js';
import { padEnd, width } from './width.js';
import { screenColumns, wrap } from './wrap.js';

/**
 * What the lab is meant to have, to name a part that is not there yet (a lab of the
 * tool's: its settings). A VPC built by hand has none: a missing part says so.
 */
export interface DiagramPlan {
  vpcCidr?: string;
  publicSubnetCidr?: string;
  privateSubnetCidr?: string;
  /** The NAT kind to name while there is no NAT. */
  nat?: 'gateway' | 'instance';
}

/** A subnet box's inner width at the most (output piped: the screen is unbounded). */
const BOX_MAX = 40;
/** What the VPC box's edges and margins take beside the two subnet boxes: "│ " … " │", and each box's own edges. */
const FRAME = 8;

/**
 * The lines the diagram is drawn with. Box-drawing characters are "ambiguous" width: some
 * terminals (a CJK locale's, often) draw them two columns wide, which breaks every box;
 * `ascii` draws the same picture with + - | > only.
 */
export type Charset = 'box' | 'ascii';
const LINES = {
  box: { tl: '┌', tr: '┐', bl: '└', br: '┘', h: '─', v: '│', gateL: '┤', gateR: '├', arrow: '──▶' },
  ascii: { tl: '+', tr: '+', bl: '+', br: '+', h: '-', v: '|', gateL: '+', gateR: '+', arrow: '-->' },
} as const;
type Lines = (typeof LINES)[Charset];

/** Padded to `columns` as the terminal shows it (a wide character takes two); nothing is cut. */
const pad = padEnd;

function top(l: Lines, title: string, columns: number): string {
  return `${l.tl}${l.h} ${title} ${l.h.repeat(Math.max(0, columns - width(title) - 3))}${l.tr}`;
}

/**
 * A line of a box wrapped to its width, the lines after the first indented under it: a
 * long route target (インターネットゲートウェイ) goes on under the line, never cut.
 */
function boxLines(line: string, columns: number): string[] {
  const indent = line.length - line.trimStart().length;
  return wrap(line.trimStart(), columns - indent).map((part, i) => `${' '.repeat(indent + (i ? 2 : 0))}${part}`);
}

/** A box: its title in the top edge, or (too wide for it) as its first lines. */
function box(l: Lines, title: string, lines: string[], columns: number): string[] {
  const fits = width(title) + 4 <= columns;
  const body = [...(fits ? [] : [title]), ...lines].flatMap((line) => (line ? boxLines(line, columns - 1) : ['']));
  return [fits ? top(l, title, columns) : `${l.tl}${l.h.repeat(columns)}${l.tr}`, ...body.map((line) => `${l.v}${pad(` ${line}`, columns)}${l.v}`), `${l.bl}${l.h.repeat(columns)}${l.br}`];
}

function side(left: string[], right: string[], gap: string[]): string[] {
  const n = Math.max(left.length, right.length);
  const blank = (w: number) => ' '.repeat(w);
  const lw = width(left[0] ?? '');
  const rw = width(right[0] ?? '');
  return Array.from({ length: n }, (_, i) => `${left[i] ?? blank(lw)}${gap[i] ?? '    '}${right[i] ?? blank(rw)}`);
}

/** The VPC box's bottom edge with the internet gateway set into it. */
function bottom(l: Lines, gate: string, columns: number): string {
  const set = `${l.gateL} ${gate} ${l.gateR}`;
  return `${l.bl}${l.h.repeat(4)}${set}${l.h.repeat(Math.max(0, columns - 4 - width(set)))}${l.br}`;
}

/** Lines under a heading line are indented by the picture, not by the sentences. */
const INDENT = '  ';
const under = (line: string) => `${INDENT}${line}`;

/** The arrow between the subnets is level with the web server's Apache line; labels go under it. */
const ARROW_ROW = 2;
/** At most this many flow labels fit beside the boxes' lines, under the arrow. */
const LABEL_ROWS = 4;

/** A flow as its label beside the arrow: its port(s), or its protocol when ports do not apply. */
function flowLabel(f: RuleFlow): string {
  if (f.ports) {
    const ports = f.ports.from === f.ports.to ? `${f.ports.from}` : `${f.ports.from}-${f.ports.to}`;
    return f.protocol === 'tcp' ? ports : `${ports}/${f.protocol}`;
  }
  if (f.protocol === 'all') return msg().dAllTraffic;
  return f.protocol === 'icmpv6' ? 'ICMPv6' : f.protocol.toUpperCase();
}

/** What the DB server's security groups let in from the web server, one label each, in the topology's order. */
function webToDbLabels(t: Topology | undefined): string[] {
  const flows = (t?.flows ?? []).filter((f): f is RuleFlow => f.kind === 'rule' && f.from === 'web' && f.to === 'db');
  const labels = [...new Set(flows.map(flowLabel))];
  return labels.length > LABEL_ROWS ? [...labels.slice(0, LABEL_ROWS - 1), `+${labels.length - LABEL_ROWS + 1}`] : labels;
}

/**
 * Between the subnets: an arrow, and under it what the DB's groups let in from the web
 * server; empty when they let nothing in. A space either side of the widest label, and
 * six columns at least (the arrow's).
 */
function gapColumn(frame: Lines, labels: string[], rows: number): string[] {
  const columns = gapWidth(labels);
  const cell = (row: number) => (row === ARROW_ROW ? ` ${frame.arrow} ` : ` ${labels[row - ARROW_ROW - 1] ?? ''}`);
  return Array.from({ length: rows }, (_, row) => pad(labels.length && row >= ARROW_ROW ? cell(row) : '', columns));
}

/** The gap's width: a space either side of the widest label, six columns at least (the arrow's). */
function gapWidth(labels: string[]): number {
  return Math.max(6, ...labels.map((l) => width(l) + 2));
}

/** Where a subnet's default route goes, said as the diagram says it. */
function routeTarget(t: Topology | undefined, subnet: TopologySubnet | undefined): string {
  const m = msg();
  const route = subnet?.routes.find((r) => r.destination === '0.0.0.0/0');
  if (!route) return m.dMissing;
  // A route whose target is gone says so in the target's place (the NAT's own line says which is missing).
  if (route.state === 'blackhole') return m.dBlackhole;
  const { kind, id } = route.target;
  return kind === 'internet-gateway' ? m.dToIgw : kind === 'nat-gateway' ? m.dToNatGateway : kind === 'instance' && t?.nat?.id === id ? m.dToNatInstance : id;
}

/**
 * The tutorial's opening picture, drawn from the lab's topology (undefined: no VPC yet):
 * the VPC box, its public and private subnets with what runs in each, the routes, what
 * the DB server's security groups let in from the web server, and the gateway between
 * them and the internet. `plan` names what is not there yet.
 */
export function renderDiagram(t: Topology | undefined, plan: DiagramPlan = {}, charset: Charset = 'box'): string {
  const frame = LINES[charset];
  const m = msg();
  const or = (value: string | undefined) => value ?? m.dMissing;
  const subnet = (role: TopologySubnet['role']) => t?.subnets.find((s) => s.role === role);
  const [pubNet, privNet] = [subnet('public'), subnet('private')];
  const { web, db } = t?.servers ?? {};
  const nat = t?.nat;
  const natLines =
    (nat?.kind ?? plan.nat) === 'instance'
      ? [m.dNatInstance(or(nat?.id)), under(m.dNatInstanceDetail(nat?.instanceType ?? '-', nat?.publicIp ?? '-'))]
      : [m.dNatGateway(or(nat?.id)), under(m.dElasticIp(nat?.publicIp ?? '-'))];
  const labels = webToDbLabels(t);
  // Two subnet boxes and the gap between them fill the screen's width, the VPC's edges aside.
  const W = Math.min(BOX_MAX, Math.floor((screenColumns() - FRAME - gapWidth(labels)) / 2));
  const pub = box(frame, m.dPublicSubnet(or(pubNet?.cidr ?? plan.publicSubnetCidr)), [
    m.dWebServer(or(web?.id)),
    under(m.dWebApache(web?.publicIp, web?.elasticIp ?? false)),
    under(m.dPrivateIp(web?.privateIp ?? '-')),
    ...natLines,
    m.dRoute(routeTarget(t, pubNet)),
  ], W);
  const priv = box(frame, m.dPrivateSubnet(or(privNet?.cidr ?? plan.privateSubnetCidr)), [
    m.dDbServer(or(db?.id)),
    // The tutorial's DB server has no public address; one built by hand may, and shows it.
    under(m.dDbMariadb(db?.publicIp)),
    under(m.dPrivateIp(db?.privateIp ?? '-')),
    '',
    '',
    m.dRoute(routeTarget(t, privNet)),
  ], W);
  const inner = side(pub, priv, gapColumn(frame, labels, Math.max(pub.length, priv.length)));
  const columns = width(inner[0]) + 2;
  const vpcTitle = `VPC ${or(t?.vpc.cidr ?? plan.vpcCidr)} ${or(t?.vpc.id)}`;
  const lines = [
    top(frame, vpcTitle, columns),
    ...inner.map((line) => `${frame.v}${pad(` ${line}`, columns)}${frame.v}`),
    bottom(frame, m.dInternetGateway(or(t?.internetGateway?.id)), columns),
    `${' '.repeat(10)}${frame.v}`,
    `${' '.repeat(7)}${m.dInternet}`,
  ];
  return lines.join('\n');
}
