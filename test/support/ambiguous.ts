// East Asian Ambiguous characters (Unicode's EastAsianWidth class A: ×, ≈, —, …, ·, •, →,
// box drawing) in text a Japanese reader sees: a Japanese terminal draws them one column
// wide or two (Tera Term, RLogin, iTerm2 "ambiguous = wide"), so no layout is sure of them.
// One check for the catalogs (test/unit/ja-ambiguous.test.ts) and the screens the code lays
// out (test/unit/columns.test.ts).
import { eastAsianWidthType } from 'get-east-asian-width';

/**
 * The ambiguous characters Japanese text may keep, each with why. Each is measured by
 * ja-ambiguous.test.ts: a terminal may draw it wider, and where it is laid out the layout
 * already counts it wide.
 */
export const ALLOWED: Record<string, string> = {};

export const isAmbiguous = (ch: string) => ch.codePointAt(0)! > 0x7e && eastAsianWidthType(ch.codePointAt(0)!) === 'ambiguous';

/** Each ambiguous character of the texts that is not allowed, with the text it is in. */
export function ambiguousIn(texts: string[]): string[] {
  return texts.flatMap((text) => [...new Set([...text].filter((ch) => isAmbiguous(ch) && !(ch in ALLOWED)))].map((ch) => `${ch} (U+${ch.codePointAt(0)!.toString(16).toUpperCase()}) in: ${text}`));
}
