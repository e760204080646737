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
  if (ASCII.test(text)) return text.length;
  let columns = 0;
  for (const ch of stripVTControlCharacters(text)) if (!ZERO_WIDTH.test(ch)) columns += eastAsianWidth(ch.codePointAt(0)!);
  return columns;
}

/** The text padded with spaces to `columns` (unchanged when it is as wide already). */
export function padEnd(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - width(text)));
}

/**
 * Where a line may break: after a space (dropped), or after Japanese punctuation, a colon
 * or a particle (の, と, は, を, で: where Japanese breaks a line that has no punctuation).
 */
const BREAK_AFTER = /[ 、。:：・)のとはをで]/;

/**
 * The text in lines of at most `columns` (by display width), nothing cut: each line
 * breaks after its last space, Japanese punctuation or particle, or between two characters
 * when there is none in its last two thirds (Japanese has no spaces) — never inside a run
 * of Latin text (a name, an ID: one longer than a line gets a wider line), never before 、 or 。.
 */
export function wrap(text: string, columns: number): string[] {
  const lines: string[] = [];
  let rest = text;
  while (width(rest) > columns) {
    const chars = [...rest];
    let fit = 0;
    while (fit < chars.length && width(chars.slice(0, fit + 1).join('')) <= columns) fit++;
    let at = fit;
    for (let i = fit - 1; i >= Math.ceil(fit / 3); i--) {
      if (BREAK_AFTER.test(chars[i])) {
        at = i + 1;
        break;
      }
    }
    if (at === fit) {
      // Not inside a name, an ID or an address: back to where that run of Latin text
      // began, or (one longer than a line) the whole run on a line of its own, wider.
      let start = at;
      while (start > 0 && /[!-~]/.test(chars[start - 1]) && /[!-~]/.test(chars[at] ?? '')) start--;
      if (start > 0 && start < at) at = start;
      else if (start === 0) while (at < chars.length && /[!-~]/.test(chars[at])) at++;
      // A line does not begin with 、 or 。: it keeps one more character back.
      else if (/[、。]/.test(chars[at] ?? '') && at > 1) at--;
    }
    lines.push(chars.slice(0, at).join('').trimEnd());
    rest = chars.slice(at).join('').trimStart();
  }
  lines.push(rest);
  return lines;
}

/** The text cut to at most `columns`, ending in `…` when cut (never half a wide character). */
export function truncate(text: string, columns: number): string {
  if (width(text) <= columns) return text;
  let out = '';
  for (const ch of text) {
    if (width(out + ch) > columns - 1) break;
    out += ch;
  }
  return `${out}…`;
}
