import type { Finding } from '../../engine/finding.js';
import type { Topology } from '../../lab/views/topology.js';
import { msg, sayIn, type Lang } from '../messages/index.js';
import { wrap } from '../wrap.js';
import { arrowsOf, placeArrows } from './arrows.js';
import { layout, type Picture } from './layout.js';
import { drawArrow, drawBadges, drawBox, drawGate, drawLegend, MARKERS } from './draw.js';
import { esc, FONT_SIZE, LINE, SANS, type Line } from './text.js';
import type { Arrow, PictureVerdict } from './types.js';

export type { PictureVerdict };

export interface PictureOptions {
  /** The labels' language (its catalog loaded already: ui/messages load or useLang). */
  lang: Lang;
  /** The check's findings, in the check's order: the failing ones are marked and numbered as its list numbers them. */
  findings?: readonly Finding[];
  /** The paths' verdicts: a blocked path is drawn broken at the gate that blocks it. */
  paths?: readonly PictureVerdict[];
}

/**
 * The lab as an architecture diagram in AWS's conventions (the AWS Cloud, the Region, the
 * VPC, each Availability Zone, the public and private subnets as groups; the gateways,
 * the NAT and the servers with their IDs and addresses; an arrow per flow), drawn from
 * the topology alone: a lab built by hand draws what it has, and what it allows. Every
 * drawn resource carries its AWS ID (`data-id`); a marked one the rules it fails
 * (`data-finding`). Pure: the same topology draws the same file.
 */
export function pictureSvg(t: Topology, options: PictureOptions): string {
  const m = msg(options.lang);
  const failing = (options.findings ?? []).filter((f) => f.ok === false);
  const arrows = arrowsOf(t, m, options.paths ?? []);
  const pic = layout(t, m, arrows);
  placeArrows(pic, arrows);
  markFindings(t, pic, arrows, failing);
  const legend = legendLines(options.lang, failing, options.paths ?? [], pic.width);
  const height = pic.height + (legend.length ? legend.length * LINE + 16 : 0);
  const title = m.pic_title(t.vpc.name ?? t.vpc.id);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" xml:lang="${options.lang}" width="${pic.width}" height="${height}" viewBox="0 0 ${pic.width} ${height}" font-family='${SANS}' font-size="${FONT_SIZE}" data-vpc="${esc(t.vpc.id)}">`,
    `<title>${esc(title)}</title>`,
    MARKERS,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...pic.roots.map(drawBox),
    ...arrows.map(drawArrow),
    ...arrows.flatMap((a) => (a.gate ? [drawGate(a)] : [])),
    drawBadges(pic.all, arrows),
    drawLegend(legend, pic.height),
    '</svg>',
    '',
  ].join('\n');
}

/**
 * Each failing finding on what it is about: the box with its ID; else the arrows its
 * security group lets through (or the server holding it); else the subnet following its
 * route table. One it names nothing drawn of is in the legend only, with its number still.
 */
function markFindings(t: Topology, pic: Picture, arrows: Arrow[], failing: readonly Finding[]): void {
  failing.forEach((f, i) => {
    const n = i + 1;
    const mark = (target: { marks: number[]; rules: string[] }) => {
      target.marks.push(n);
      if (!target.rules.includes(f.rule)) target.rules.push(f.rule);
    };
    if (!f.resource) return;
    const box = pic.byId.get(f.resource);
    if (box) return mark(box);
    const through = arrows.filter((a) => a.group === f.resource);
    if (through.length) return through.forEach(mark);
    const server = [t.servers.web, t.servers.db].find((s) => s?.securityGroups.includes(f.resource!));
    const holder = server && pic.byId.get(server.id);
    if (holder) return mark(holder);
    const subnets = t.subnets.filter((s) => s.routeTable === f.resource).flatMap((s) => pic.byId.get(s.id) ?? []);
    subnets.forEach(mark);
  });
}

/** Under the picture: each failing finding by its number, each blocked path, in the run's language, wrapped to the picture's width. */
function legendLines(lang: Lang, failing: readonly Finding[], paths: readonly PictureVerdict[], width: number): Line[] {
  const m = msg(lang);
  const columns = Math.max(40, Math.floor(width / (FONT_SIZE * 0.62)) - 4);
  const lines = (text: string, bold = false): Line[] => wrap(text, columns).map((l) => [{ text: l, bold }]);
  const blocked = paths.filter((v) => v.ok === false);
  return [
    ...(failing.length ? lines(m.pic_legendFindings, true) : []),
    ...failing.flatMap((f, i) => lines(m.pic_legendFinding(i + 1, f.rule, sayIn(lang, f.reason)))),
    ...(blocked.length ? lines(m.pic_legendPaths, true) : []),
    ...blocked.flatMap((v) => lines(m.pic_legendPath(v.path, sayIn(lang, v.reason)))),
  ];
}
