import { width } from '../width.js';

/**
 * Text in the picture: measured before it is drawn, so that every box is as wide as its
 * longest label in either language. SVG has no layout of its own: the width is estimated
 * from the characters' display width (ui/width.ts: a wide one, Japanese, takes two columns
 * and is drawn one em wide; a narrow one at most 0.62 em in the sans-serif stack, 0.61 em
 * in the monospace one; a zero-width one nothing), and the boxes leave room to spare. The
 * browser tests (test/e2e/picture-browser.test.ts) measure the drawn text against its box.
 */

/** Japanese glyphs on Windows (Yu Gothic, Meiryo), macOS (Hiragino Sans) and Linux (Noto Sans CJK, fonts-noto-cjk). */
export const SANS = `"Noto Sans JP", "Noto Sans CJK JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", "Segoe UI", "Helvetica Neue", Arial, sans-serif`;
/** IDs, addresses and CIDRs: ASCII only, in a fixed width (exact to measure). */
export const MONO = `"DejaVu Sans Mono", "Noto Sans Mono", Menlo, Consolas, monospace`;

export const FONT_SIZE = 11;
export const LINE = 15;

/** A run of text within a line: the monospace ones are IDs and addresses. */
export interface Span {
  text: string;
  mono?: boolean;
  bold?: boolean;
}

export type Line = Span[];

const NARROW = 0.62;
const MONO_EM = 0.61;

/** The width one span takes at `size` pixels, generously estimated. */
export function spanWidth(s: Span, size = FONT_SIZE): number {
  let em = 0;
  for (const ch of s.text) {
    const columns = width(ch);
    em += columns === 0 ? 0 : s.mono ? MONO_EM * columns : columns === 2 ? 1 : NARROW;
  }
  return em * size * (s.bold ? 1.08 : 1);
}

/** A line's width: its spans, and the one space set between each two. */
export function lineWidth(line: Line, size = FONT_SIZE): number {
  return line.reduce((sum, s) => sum + spanWidth(s, size), 0) + Math.max(0, line.length - 1) * NARROW * size;
}

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A line of text at (x, y) (its baseline), its spans set one after another. */
export function textLine(line: Line, x: number, y: number, attrs = '', size = FONT_SIZE): string {
  const spans = line
    .map((s, i) => {
      const font = s.mono ? ` font-family='${MONO}'` : '';
      const weight = s.bold ? ` font-weight="bold"` : '';
      const gap = i > 0 ? ' ' : '';
      return `<tspan${font}${weight}>${esc(gap + s.text)}</tspan>`;
    })
    .join('');
  return `<text class="label" x="${r(x)}" y="${r(y)}" font-size="${size}"${attrs}>${spans}</text>`;
}

/** Coordinates rounded to a tenth of a pixel: short files, and the same picture every run. */
export const r = (n: number) => Math.round(n * 10) / 10;
