// What every screen keeps to, in both languages (issue 29): lines of at most 80 display
// columns, no line starting with a character Japanese does not start lines with, no word
// broken across two lines. One list of faults, for the unit layouts (test/unit/columns*.ts)
// and the screens captured in a real 80-column terminal (test/e2e/columns.test.ts).
import { wideWidth, width } from '../../src/ui/width.js';

export const SCREEN_COLUMNS = 80;

/** What Japanese does not start a line with: 、。, closing brackets, the long mark, small kana. */
export const NO_LINE_START = /^[、。，．）」』】〕ーッっァィゥェォャュョヮヵヶぁぃぅぇぉゃゅょゎ]/;

const KATAKANA_END = /[\u30A1-\u30FA\u30FC]$/;
const KATAKANA_START = /^[\u30A1-\u30FA\u30FC]+/;
/** A katakana word that is a table's cell of its own (after a gap of two spaces or more): a state, not half a word. */
const KATAKANA_CELL = /\S {2,}[\u30A1-\u30FA\u30FC]+$/;
/** An AWS ID cut short at a line's end: its hex part is 8 or 17 digits when whole. */
/** A unit that belongs to the figure before it ("0.0050 USD/時間", "16 GB", "2 台"). */
const UNIT_START = /^(?:USD|GB|秒|分|時間|日|件|個|台)(?![A-Za-z])/;
const ID_CUT = /(?:^|[\s(])(?:vpc|subnet|igw|rtb|rtbassoc|sg|i|eipalloc|eipassoc|nat|key|acl|eni)-([0-9a-f]*)$/;

export interface Measure {
  /** The display width: `width` (ambiguous characters narrow) or `wideWidth` (ambiguous wide: Tera Term, RLogin). */
  measure?: (text: string) => number;
  columns?: number;
}

/**
 * The faults of a screen (colour codes aside), each a line of text saying which and where:
 * - a line wider than the screen, unless a path, URL or ID (printable ASCII, no space), or a
 *   quoted word of a command, is what could not fit at that indentation — it passes 80 but
 *   is never broken;
 * - a figure broken from its unit ("0.0050" / "USD/時間"), or a line starting with an arrow "->";
 * - a line starting with ー, ッ, a small kana, 、, 。 or a closing bracket;
 * - a word broken inside: a katakana word whose two parts would not have fitted on the first
 *   line together (a wrap, not a line of its own), an AWS ID cut short, a number split.
 */
export function layoutFaults(screen: string, opts: Measure = {}): string[] {
  const measure = opts.measure ?? width;
  const columns = opts.columns ?? SCREEN_COLUMNS;
  const lines = screen.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((l) => l.trimEnd());
  const faults: string[] = [];
  lines.forEach((line, i) => {
    const at = `line ${i + 1}: ${line}`;
    const indent = line.length - line.trimStart().length;
    if (measure(line) > columns) {
      // A path, URL or ID, or a quoted word of a shell command (a ProxyCommand), with room for " \\".
      const unbreakable = (line.match(/(?:'[^']*'|[!-~])+/g) ?? []).some((token) => indent + measure(token) > columns - 2);
      if (!unbreakable) faults.push(`${measure(line)} columns, wider than ${columns}: ${at}`);
    }
    if (NO_LINE_START.test(line.trimStart())) faults.push(`starts with ${line.trimStart()[0]}: ${at}`);
    const next = lines[i + 1]?.trimStart() ?? '';
    if (KATAKANA_END.test(line) && !KATAKANA_CELL.test(line) && KATAKANA_START.test(next) && measure(line) + measure(next.match(KATAKANA_START)![0]) > columns) {
      faults.push(`a katakana word broken at the line's end: ${at} / ${next}`);
    }
    const id = line.match(ID_CUT);
    if (id && id[1].length !== 8 && id[1].length !== 17 && /^[0-9a-f]/.test(next)) faults.push(`an ID broken at the line's end: ${at} / ${next}`);
    if (/\s[\d.]*\d$/.test(line) && UNIT_START.test(next)) faults.push(`a figure broken from its unit: ${at} / ${next}`);
    if (/^->/.test(line.trimStart())) faults.push(`starts with an arrow: ${at}`);
    if (/(^|[\s(])\d+$/.test(line) && /^\d/.test(next) && measure(line) + 1 + measure(next.split(' ')[0]) > columns) faults.push(`a number broken at the line's end: ${at} / ${next}`);
  });
  return faults;
}

/** Faults by both measures: lines fit a terminal that draws ambiguous characters wide too. */
export function faultsEitherWay(screen: string): string[] {
  return [...new Set([...layoutFaults(screen), ...layoutFaults(screen, { measure: wideWidth })])];
}
