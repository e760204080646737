import type { Arrow } from './types.js';
import { longestMiddle, type Point } from './geometry.js';
import { COLOUR } from './icons.js';
import { iconOf, type Box } from './layout.js';
import { esc, LINE, lineWidth, r, textLine, type Line } from './text.js';

/** The SVG elements of the picture, from the placed boxes and arrows. */

const ARROW_FONT = 10;

export const MARKERS = `<defs>${[
  ['head', COLOUR.arrow],
  ['head-mark', COLOUR.mark],
]
  .map(([id, fill]) => `<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${fill}"/></marker>`)
  .join('')}</defs>`;

const attr = (name: string, value: string | undefined) => (value === undefined || value === '' ? '' : ` ${name}="${esc(value)}"`);

export function drawBox(b: Box): string {
  const marked = b.marks.length > 0;
  const stroke = marked ? COLOUR.mark : b.stroke;
  const width = marked ? 2.5 : b.kind === 'server' || b.kind === 'nat' || b.kind === 'igw' || b.kind === 'internet' ? 1 : 1.5;
  const rect = `<rect x="${r(b.x)}" y="${r(b.y)}" width="${r(b.w)}" height="${r(b.h)}" rx="${b.kind === 'eip' ? 10 : 3}" fill="${b.fill}" stroke="${stroke}" stroke-width="${width}"${b.dashed ? ' stroke-dasharray="6 4"' : ''}/>`;
  const lines = b.lines.map((l, i) => textLine(l, b.x + b.text.x, b.y + b.text.y + i * LINE));
  const attrs = `${attr('data-kind', b.kind)}${attr('data-id', b.id)}${attr('data-role', b.role)}${attr('data-on', b.on)}${attr('data-finding', b.rules.join(' '))}`;
  return `<g class="box"${attrs}>${rect}${iconOf(b)}${lines.join('')}${b.children.map(drawBox).join('')}</g>`;
}

const red = (a: Arrow) => a.marks.length > 0 || a.style === 'missing' || a.style === 'wrong' || !!a.verdict?.blockedAt;

/** Where an arrow's label goes: over the piece outside the cloud for the ways in and out, else its longest piece. */
export function labelAt(a: Arrow): { at: Point; anchor: 'middle' | 'start' } | undefined {
  if (!a.segments.length) return undefined;
  const piece = a.lane === 'in' ? a.segments[0] : a.lane === 'out' ? a.segments.at(-1)! : a.segments[0];
  const { at, horizontal } = longestMiddle(piece.points);
  return horizontal ? { at: { x: at.x, y: at.y - 4 }, anchor: 'middle' } : { at: { x: at.x + 5, y: at.y + 4 }, anchor: 'start' };
}

export function drawArrow(a: Arrow): string {
  if (!a.segments.length) return '';
  const colour = red(a) ? COLOUR.mark : a.style === 'blackhole' ? '#879196' : COLOUR.arrow;
  const dash = a.style === 'missing' || a.style === 'blackhole' ? ' stroke-dasharray="5 4"' : '';
  const head = red(a) ? 'head-mark' : 'head';
  const paths = a.segments.map(
    (s) => `<path class="segment"${attr('data-from', s.from)}${attr('data-to', s.to)} d="${s.points.map((p, i) => `${i ? 'L' : 'M'}${r(p.x)},${r(p.y)}`).join(' ')}" fill="none" stroke="${colour}" stroke-width="1.6"${dash} marker-end="url(#${head})"/>`,
  );
  const place = labelAt(a)!;
  const label = `<text class="arrow-label" x="${r(place.at.x)}" y="${r(place.at.y)}" font-size="${ARROW_FONT}" text-anchor="${place.anchor}" fill="${colour}" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(a.label)}</text>`;
  const attrs = `${attr('data-flow', a.key)}${attr('data-path', a.path)}${attr('data-group', a.group)}${attr('data-style', a.style)}${attr('data-finding', a.rules.join(' '))}`;
  return `<g class="arrow"${attrs}>${paths.join('')}${label}</g>`;
}

/** A path broken at its gate: a gap in the arrow with a red cross, naming the gate and the resource that blocks. */
export function drawGate(a: Arrow): string {
  const { at, gate, resource } = a.gate!;
  const [x, y] = [r(at.x), r(at.y)];
  return `<g class="gate"${attr('data-gate', gate)}${attr('data-id', resource)}${attr('data-path', a.path)}><rect x="${r(x - 7)}" y="${r(y - 7)}" width="14" height="14" fill="#fff"/><path d="M${r(x - 5)},${r(y - 5)} L${r(x + 5)},${r(y + 5)} M${r(x - 5)},${r(y + 5)} L${r(x + 5)},${r(y - 5)}" stroke="${COLOUR.mark}" stroke-width="2.4" stroke-linecap="round"/></g>`;
}

function badge(n: number, x: number, y: number, on: string): string {
  return `<g class="badge" data-for="${esc(on)}" data-number="${n}"><circle cx="${r(x)}" cy="${r(y)}" r="8" fill="${COLOUR.mark}"/><text x="${r(x)}" y="${r(y + 3.5)}" font-size="10" font-weight="bold" text-anchor="middle" fill="#fff">${n}</text></g>`;
}

/** The findings' numbers: on a box's top edge at its right, before an arrow's label. */
export function drawBadges(boxes: Box[], arrows: Arrow[]): string {
  const onBoxes = boxes.flatMap((b) => b.marks.map((n, j) => badge(n, b.x + b.w - 12 - j * 19, b.y, b.id)));
  const onArrows = arrows.flatMap((a) => {
    const place = labelAt(a);
    if (!place) return [];
    const half = place.anchor === 'middle' ? lineWidth([{ text: a.label }], ARROW_FONT) / 2 : 0;
    return a.marks.map((n, j) => badge(n, place.at.x - half - 11 - j * 19, place.at.y - 4, a.key));
  });
  return `<g class="badges">${[...onBoxes, ...onArrows].join('')}</g>`;
}

/** Under the picture: what the marks are. */
export function drawLegend(lines: Line[], top: number): string {
  if (!lines.length) return '';
  return `<g class="legend">${lines.map((l, i) => textLine(l, 16, top + 4 + i * LINE)).join('')}</g>`;
}
