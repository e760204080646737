import type { Live } from '../engine/resource.js';
import { msg } from './messages/index.js';
import { padEnd, truncate, width } from './width.js';

/** What the diagram shows, read from the live lab (undefined: not there). */
export interface DiagramInput {
  vpcCidr: string;
  publicSubnetCidr: string;
  privateSubnetCidr: string;
  live: ReadonlyMap<string, Live>;
  /** The lab's NAT kind (setting); a NAT of the other kind that is still there shows too. */
  nat?: 'gateway' | 'instance';
}

const W = 40; // inner width of a subnet box

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

/** Padded or cut to `columns` as the terminal shows it (a wide character takes two). */
function pad(s: string, columns: number): string {
  return width(s) > columns ? truncate(s, columns) : padEnd(s, columns);
}

function top(l: Lines, title: string, columns: number): string {
  return `${l.tl}${l.h} ${title} ${l.h.repeat(Math.max(0, columns - width(title) - 3))}${l.tr}`;
}

function box(l: Lines, title: string, lines: string[], columns: number): string[] {
  return [top(l, title, columns), ...lines.map((line) => `${l.v}${pad(` ${line}`, columns)}${l.v}`), `${l.bl}${l.h.repeat(columns)}${l.br}`];
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

const or = (live: Live | undefined, text: (l: Live) => string) => (live ? text(live) : msg().dMissing);

/**
 * The tutorial's opening picture, drawn from the live lab: the VPC box, its two subnets
 * with what runs in each, the routes, and the gateways between them and the internet.
 */
export function renderDiagram(d: DiagramInput, charset: Charset = 'box'): string {
  const frame = LINES[charset];
  const m = msg();
  const g = (k: string) => d.live.get(k);
  const web = g('webInstance');
  const db = g('dbInstance');
  const nat = g('natGateway');
  const natInstance = g('natInstance');
  const instanceKind = natInstance !== undefined || (d.nat === 'instance' && !nat);
  const natLines = instanceKind
    ? [m.dNatInstance(or(natInstance, (l) => l.id)), `  ${natInstance?.attrs.type ?? '-'}, ${natInstance?.attrs.publicIp ?? '-'}`]
    : [m.dNatGateway(or(nat, (l) => `${l.id}`)), m.dElasticIp(nat?.attrs.publicIp ?? '-')];
  const igw = g('internetGateway');
  const webIp = g('webAddressAssociation')?.attrs.publicIp ?? web?.attrs.publicIp;
  const pub = box(frame, m.dPublicSubnet(d.publicSubnetCidr), [
    m.dWebServer(or(web, (l) => l.id)),
    m.dWebApache(webIp),
    m.dPrivateIp(web?.attrs.privateIp ?? '-'),
    ...natLines,
    m.dRoute(g('publicRoute') ? m.dToIgw : m.dMissing),
  ], W);
  const priv = box(frame, m.dPrivateSubnet(d.privateSubnetCidr), [
    m.dDbServer(or(db, (l) => l.id)),
    m.dDbMariadb,
    m.dPrivateIp(db?.attrs.privateIp ?? '-'),
    '',
    '',
    m.dRoute(g('privateRoute') ? (instanceKind ? m.dToNatInstance : m.dToNatGateway) : m.dMissing),
  ], W);
  // Arrows between the boxes: what the DB security group lets in from the web server.
  const gap = ['', '', ` ${frame.arrow} `, ' 3306', ' 22', ' ICMP', '', ''].map((s) => pad(s, 6));
  const inner = side(pub, priv, gap);
  const columns = width(inner[0]) + 2;
  const vpcTitle = `VPC ${d.vpcCidr} ${or(g('vpc'), (l) => l.id)}`;
  const lines = [
    top(frame, vpcTitle, columns),
    ...inner.map((line) => `${frame.v}${pad(` ${line}`, columns)}${frame.v}`),
    bottom(frame, m.dInternetGateway(or(igw, (g) => g.id)), columns),
    `${' '.repeat(10)}${frame.v}`,
    `${' '.repeat(7)}${m.dInternet}`,
  ];
  return lines.join('\n');
}
