import type { Live } from '../engine/resource.js';

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

function pad(s: string, width: number): string {
  return s.length >= width ? s.slice(0, width) : s + ' '.repeat(width - s.length);
}

function box(title: string, lines: string[], width: number): string[] {
  const top = `┌─ ${title} ${'─'.repeat(Math.max(0, width - title.length - 3))}┐`;
  return [top, ...lines.map((l) => `│${pad(` ${l}`, width)}│`), `└${'─'.repeat(width)}┘`];
}

function side(left: string[], right: string[], gap: string[]): string[] {
  const n = Math.max(left.length, right.length);
  const blank = (w: number) => ' '.repeat(w);
  const lw = left[0]?.length ?? 0;
  const rw = right[0]?.length ?? 0;
  return Array.from({ length: n }, (_, i) => `${left[i] ?? blank(lw)}${gap[i] ?? '    '}${right[i] ?? blank(rw)}`);
}

/** The VPC box's bottom edge with the internet gateway set into it. */
function bottom(gate: string, width: number): string {
  return `└────${gate}${'─'.repeat(Math.max(0, width - 4 - gate.length))}┘`;
}

const or = (live: Live | undefined, text: (l: Live) => string) => (live ? text(live) : '(missing)');

/**
 * The tutorial's opening picture, drawn from the live lab: the VPC box, its two subnets
 * with what runs in each, the routes, and the gateways between them and the internet.
 */
export function renderDiagram(d: DiagramInput): string {
  const g = (k: string) => d.live.get(k);
  const web = g('webInstance');
  const db = g('dbInstance');
  const nat = g('natGateway');
  const natInstance = g('natInstance');
  const instanceKind = natInstance !== undefined || (d.nat === 'instance' && !nat);
  const natLines = instanceKind
    ? [`NAT instance ${or(natInstance, (l) => l.id)}`, `  ${natInstance?.attrs.type ?? '-'}, ${natInstance?.attrs.publicIp ?? '-'}`]
    : [`NAT gateway ${or(nat, (l) => `${l.id}`)}`, `  ${nat?.attrs.publicIp ?? '-'} (Elastic IP)`];
  const igw = g('internetGateway');
  const webIp = g('webAddressAssociation')?.attrs.publicIp ?? web?.attrs.publicIp;
  const pub = box(`public subnet ${d.publicSubnetCidr}`, [
    `web server ${or(web, (l) => l.id)}`,
    `  Apache, ${webIp ? `${webIp} (Elastic IP)` : 'no public address yet'}`,
    `  private ${web?.attrs.privateIp ?? '-'}`,
    ...natLines,
    `route 0.0.0.0/0 -> ${g('publicRoute') ? 'internet gateway' : '(missing)'}`,
  ], W);
  const priv = box(`private subnet ${d.privateSubnetCidr}`, [
    `DB server ${or(db, (l) => l.id)}`,
    `  MariaDB, no public address`,
    `  private ${db?.attrs.privateIp ?? '-'}`,
    '',
    '',
    `route 0.0.0.0/0 -> ${g('privateRoute') ? (instanceKind ? 'NAT instance' : 'NAT gateway') : '(missing)'}`,
  ], W);
  // Arrows between the boxes: what the DB security group lets in from the web server.
  const gap = ['', '', ' ──▶ ', ' 3306', ' 22', ' ICMP', '', ''].map((s) => pad(s, 6));
  const inner = side(pub, priv, gap);
  const width = inner[0].length + 2;
  const vpcTitle = `VPC ${d.vpcCidr} ${or(g('vpc'), (l) => l.id)}`;
  const lines = [
    `┌─ ${vpcTitle} ${'─'.repeat(Math.max(0, width - vpcTitle.length - 3))}┐`,
    ...inner.map((l) => `│${pad(` ${l}`, width)}│`),
    bottom(`┤ internet gateway ${or(igw, (l) => l.id)} ├`, width),
    `${' '.repeat(10)}│`,
    `${' '.repeat(7)}internet`,
  ];
  return lines.join('\n');
}
