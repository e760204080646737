import { stripVTControlCharacters } from 'node:util';
// string-width's own table of East Asian Width (its dependency): string-width itself costs
// 60-80 ms to load (Intl.Segmenter and its /v emoji patterns, compiled at import), a fifth of
// `status` on a finished lab, for emoji sequences this tool never prints.
import { eastAsianWidth } from 'get-east-asian-width';

/** What takes no column: controls, format characters, combining marks, default-ignorables. */
const ZERO_WIDTH = /[\p{Default_Ignorable_Code_Point}\p{Control}\p{Format}\p{Nonspacing_Mark}\p{Enclosing_Mark}\p{Surrogate}]/u;

/** Printable ASCII: one column a character (most of what is measured). */
const ASCII = /^[\x20-\x7e]*$/;

/**
 * Text measured as a terminal shows it: a wide character (Japanese, East Asian Width W/F)
 * takes two columns, colour codes and combining marks none. Every table, the plan tree and
 * the diagram pad with these, never with String.length. As string-width measures every
 * character and every sentence of the catalogs (test/unit/width.test.ts), without its
 * grapheme segmentation: emoji sequences (ZWJ, skin tones, flags) are not measured as one.
 */
export function width(text: string): number {
  return measure(text, false);
}

/**
 * The width on a terminal that draws East Asian Ambiguous characters (—, ·, …, ×, box
 * drawing) two columns wide: Tera Term, RLogin, iTerm2 with "ambiguous = wide". Lines are
 * fitted by this measure (ui/wrap.ts), so a line that fits one kind of terminal fits both;
 * the layout tests measure every line by it.
 */
export function wideWidth(text: string): number {
  return measure(text, true);
}

function measure(text: string, ambiguousAsWide: boolean): number {
  if (ASCII.test(text)) return text.length;
  let columns = 0;
  for (const ch of stripVTControlCharacters(text)) if (!ZERO_WIDTH.test(ch)) columns += eastAsianWidth(ch.codePointAt(0)!, { ambiguousAsWide });
  return columns;
}

/** The ambiguous-width characters the catalogs use, and the plain one that serves in their place. */
const PLAIN: Record<string, string> = { '×': 'x', '≈': '~', '…': '...', '—': '-', '–': '-', '·': '-', '•': '-', '→': '->', '▶': '>' };
const AMBIGUOUS_USED = new RegExp(`[${Object.keys(PLAIN).join('')}]`, 'gu');

/**
 * The text with its ambiguous-width characters written plainly ("2 × t3.micro" → "2 x
 * t3.micro"): for a cell that is padded to a column, which lines up on every terminal only
 * when its width is the same on all of them.
 */
export function plain(text: string): string {
  return text.replace(AMBIGUOUS_USED, (ch) => PLAIN[ch]);
}

/** The text padded with spaces to `columns` (unchanged when it is as wide already). */
export function padEnd(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - width(text)));
}

/**
 * The text cut to at most `columns`, ending in `...` when cut (never half a wide character;
 * three dots, not the ambiguous-width `…`).
 */
export function truncate(text: string, columns: number): string {
  if (width(text) <= columns) return text;
  let out = '';
  for (const ch of text) {
    if (width(out + ch) > columns - 3) break;
    out += ch;
  }
  return `${out}...`;
}
