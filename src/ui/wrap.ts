import { wideWidth } from './width.js';

/**
 * Text in lines of at most a number of display columns, broken where the language allows.
 *
 * English breaks at spaces. Japanese has none: it breaks between phrases, which BudouX
 * (Google's phrase segmenter, its parser and Japanese model only) finds; its chunk is loaded
 * with the Japanese catalog (loadJapaneseBreaks), so an English run never reads it. Whatever
 * finds the phrases, these hold (JIS X 4051's line-breaking rules, as AWS's Japanese pages
 * keep them):
 * - no break inside a run of printable ASCII (a name, an ID, a number, a path, a URL): one
 *   wider than a line gets a line of its own, wider, never cut;
 * - no break inside a katakana word (インターネットゲートウェイ), which BudouX and Intl.Segmenter
 *   may split;
 * - no line starts with ー, ッ, a small kana, 、, 。 or a closing bracket; none ends with an
 *   opening one;
 * - a figure keeps its unit ("0.0050 USD/時間", "16 GB", "8 時間"), a command its flag
 *   ("destroy --nat-only"), and an arrow what it points from ("0.0.0.0/0 ->"): the space
 *   between them is broken only where nothing else on the line is allowed (a narrow column).
 * Lines are fitted by the width on a terminal that draws ambiguous characters two columns
 * wide (width.ts wideWidth): a line that fits there fits everywhere.
 */

/** Splits Japanese text into phrases (BudouX's parser), once loaded. */
type Phrases = (text: string) => string[];
let phrases: Phrases | undefined;

/** Load BudouX's parser and Japanese model (a chunk of their own): called when the Japanese catalog loads. */
export async function loadJapaneseBreaks(): Promise<void> {
  phrases ??= (await import('./wrap-ja.js')).japanesePhrases();
}

/** Printable ASCII but the space: a character of a name, an ID, a number, a path or a URL. */
const ASCII_WORD = /[!-~]/;
/** Katakana and its long mark (and the middle dot of a compound): one word, never broken. */
const KATAKANA = /[\u30A0-\u30FF\u31F0-\u31FF\uFF66-\uFF9F]/;
/** What Japanese never starts a line with: closing marks, small kana, the long and repeat marks. */
const NO_START = /[、。，．,.:;!?！？：；・ー〜～)\]}）〕］｝〉》」』】ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰ-ㇿゝゞヽヾ々%％]/;
/** What no line ends with: opening marks. */
const NO_END = /[(\[{（〔［｛〈《「『【]/;
/** After these a break is as good as a phrase's end: Japanese punctuation, closing marks, a colon. */
const PUNCTUATION = /[、。，．:：;；)）」』】]/;
/** Japanese (kana, kanji, full-width forms): where BudouX is asked for phrases. */
const JAPANESE = /[\u3000-\u30FF\u3400-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/;
/** A unit after a figure: "0.0050 USD/時間", "16 GB", "2.5 秒", "2 台". */
const UNIT = /^(?:USD|GB|MB|GiB|MiB|秒|分|時間|日|件|個|台|回)/;

/**
 * A space that joins rather than separates: between a figure and its unit, a word and the
 * --flag after it, or before an arrow (->).
 */
function joining(chars: string[], space: number): boolean {
  const before = chars[space - 1] ?? '';
  const after = chars.slice(space + 1, space + 8).join('');
  if (/\d/.test(before) && UNIT.test(after)) return true;
  if (ASCII_WORD.test(before) && after.startsWith('--')) return true;
  return after.startsWith('->');
}

/**
 * A line may start with a Latin word, an ID or a bracket after a space however the text
 * before it ends (「… ゲートウェイ」 / 「rtb-0123…」): no particle can be left at the start. Not a
 * figure, which belongs with the word before it (第 4 章, 約 10 分の 1).
 */
const startsLatin = (ch: string) => /[A-Za-z(\[`'"]/.test(ch);

/** A colour code: no column, never split. */
const SGR = /\u001b\[[0-9;]*m/y;

/** How good a place to break is: none, between two characters (the last resort), at a phrase's end or a space. */
const enum Break {
  None = 0,
  Character = 1,
  Phrase = 2,
}

/** The text's characters, a colour code counting as one (of no width). */
function characters(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    SGR.lastIndex = i;
    const sgr = SGR.exec(text);
    const ch = sgr ? sgr[0] : String.fromCodePoint(text.codePointAt(i)!);
    out.push(ch);
    i += ch.length;
  }
  return out;
}

/** Whether Japanese allows a line break between `a` and `b` (neither a space). */
function mayBreak(a: string, b: string): boolean {
  if (a.startsWith('\u001b') || b.startsWith('\u001b')) return false;
  if (ASCII_WORD.test(a) && ASCII_WORD.test(b)) return false;
  if (KATAKANA.test(a) && KATAKANA.test(b)) return false;
  return !NO_START.test(b) && !NO_END.test(a);
}

/** The phrase boundaries BudouX finds in a run of text, as offsets into its characters. */
function phraseEnds(chars: string[]): Set<number> {
  const ends = new Set<number>();
  if (!phrases || !chars.some((ch) => JAPANESE.test(ch))) return ends;
  let at = 0;
  for (const phrase of phrases(chars.join(''))) {
    at += characters(phrase).length;
    ends.add(at);
  }
  return ends;
}

/** For each position between two characters (index i: before chars[i]), how good a break it is. */
function breaks(chars: string[]): Break[] {
  const out: Break[] = new Array(chars.length + 1).fill(Break.None);
  const ends = phraseEnds(chars);
  for (let i = 1; i < chars.length; i++) {
    const [a, b] = [chars[i - 1], chars[i]];
    if (b === ' ') continue; // a line breaks after its spaces, never before them
    // A space beside Japanese only sets Latin text apart (「パブリック IP がなく」): a good
    // break where BudouX ends a phrase at it, else a last resort, so no line starts with a particle.
    // A joining space is a last resort too, taken only when no phrase's end fits.
    if (a === ' ' && joining(chars, i - 1)) out[i] = Break.Character;
    else if (a === ' ') out[i] = !phrases || !(JAPANESE.test(b) || JAPANESE.test(chars[i - 2] ?? '')) || startsLatin(b) || ends.has(i) || ends.has(i - 1) ? Break.Phrase : Break.Character;
    else if (mayBreak(a, b)) out[i] = ends.has(i) || PUNCTUATION.test(a) ? Break.Phrase : JAPANESE.test(a) || JAPANESE.test(b) ? Break.Character : Break.None;
  }
  return out;
}

const measure = (chars: string[]) => wideWidth(chars.join(''));

/**
 * One paragraph (no newline) in lines of at most `columns`: each line ends at its last
 * phrase's end or space that fits, else between two characters where Japanese allows one,
 * else (a path, a URL, an ID longer than a line) after the unbreakable run, wider.
 */
function wrapParagraph(text: string, columns: number): string[] {
  const chars = characters(text);
  const at = breaks(chars);
  const lines: string[] = [];
  let start = 0;
  while (measure(chars.slice(start)) > columns) {
    let fit = start;
    while (fit < chars.length && measure(chars.slice(start, fit + 1)) <= columns) fit++;
    let cut = -1;
    for (const quality of [Break.Phrase, Break.Character]) {
      for (let i = fit; i > start && cut < 0; i--) if (at[i] >= quality && chars.slice(start, i).some((ch) => ch !== ' ')) cut = i;
      if (cut >= 0) break;
    }
    // Nothing fits: the first place after the line's end where a break is allowed (a long ID).
    if (cut < 0) for (let i = fit + 1; i <= chars.length && cut < 0; i++) if (i === chars.length || at[i] > Break.None) cut = i;
    if (cut >= chars.length) break;
    lines.push(chars.slice(start, cut).join('').trimEnd());
    start = cut;
    while (chars[start] === ' ') start++;
  }
  lines.push(chars.slice(start).join(''));
  return lines;
}

/** The text in lines of at most `columns` display columns (its own line breaks kept); nothing is cut. */
export function wrap(text: string, columns: number): string[] {
  return text.split('\n').flatMap((paragraph) => (paragraph === '' ? [''] : wrapParagraph(paragraph, Math.max(1, columns))));
}

/**
 * The text wrapped to `columns` with `first` before its first line and `rest` (spaces, as
 * wide as `first`, unless told) before each other: a list item, a mark and its sentence.
 */
export function hang(text: string, columns: number, first = '', rest = ' '.repeat(wideWidth(first))): string[] {
  // Every line, the first or another, fits with whichever is wider before it.
  return wrap(text, columns - Math.max(wideWidth(first), wideWidth(rest))).map((line, i) => (i === 0 ? first : rest) + line);
}

/**
 * A shell command in lines of at most `columns`, each but the last ending in ` \` (the shell
 * reads them as one line, so it still pastes): broken only between its words, a quoted word
 * (a ProxyCommand) kept whole.
 */
export function commandLines(command: string, columns: number, indent = '    '): string[] {
  const words = command.match(/(?:'[^']*'|"[^"]*"|\S)+/g) ?? [];
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const room = columns - (lines.length ? indent.length : 0) - 2; // " \"
    if (line && wideWidth(`${line} ${word}`) > room) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.map((l, i) => `${i ? indent : ''}${l}${i < lines.length - 1 ? ' \\' : ''}`);
}

let screen = Number.POSITIVE_INFINITY;

/**
 * The width the screens are laid out in (views, class tables, the diagram, the wizard's
 * words): unbounded (lines whole) until layOutFor or layOutIn says otherwise.
 */
export function screenColumns(): number {
  return screen;
}

/** Lay the screens out in this many columns (the layout tests: 80). */
export function layOutIn(columns: number): void {
  screen = columns;
}

/**
 * Lay the screens out for this process's output: a terminal's width (80 on an 80-column
 * one; a wider one gets wider lines, the status labels and diagram boxes capped); output
 * piped to a program or a file keeps its lines whole (unbounded), for what reads it.
 */
export function layOutFor(streams: NodeJS.WritableStream[]): void {
  layOutIn(streams.every((s) => (s as NodeJS.WriteStream).isTTY) ? columnsOf(streams[0]) : Number.POSITIVE_INFINITY);
}

/** The columns of the terminal a stream writes to; 80 when it is not one (or does not say). */
export function columnsOf(stream: NodeJS.WritableStream = process.stderr): number {
  const columns = (stream as NodeJS.WriteStream).columns;
  return columns && columns > 0 ? columns : 80;
}

/**
 * A line's own indent and list mark ("  ✔ ", "  - ", "    "), with the lab it is about before
 * the mark when a class's labs share the screen ("kurasu-ann: ✔ "): where its wrapped lines start.
 */
const LEAD = /^( *)((?:[a-z0-9][a-z0-9-]*: )?(?:[-✔✖!·.+~x*•]|\d+\.) )?/u;

/**
 * Lines laid out by a view, each wider than `columns` wrapped under its own indent and mark
 * (a finding's line, a teardown's item): a view that lays out its lines itself is left as
 * it is, one that does not still fits. Lines that fit are untouched.
 */
export function fitLines(text: string, columns: number): string {
  if (!Number.isFinite(columns)) return text;
  return text
    .split('\n')
    .flatMap((line) => {
      if (wideWidth(line) <= columns) return [line];
      const [lead, indent] = LEAD.exec(line) ?? ['', ''];
      return hang(line.slice(lead.length), columns, lead, ' '.repeat(wideWidth(lead) || indent.length));
    })
    .join('\n');
}
