import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALLOWED, ambiguousIn, isAmbiguous } from '../support/ambiguous.js';
import { literalTexts } from '../support/catalog-literals.js';
import { wideWidth, width } from '../../src/ui/width.js';

/**
 * Issue 29: Japanese prose has no East Asian Ambiguous character (Unicode's EastAsianWidth
 * class A: ×, ≈, —, …, ·, ①, ※, →, ○, ■, Greek and Cyrillic letters, box drawing). A Japanese
 * terminal draws them one column wide or two (Tera Term, RLogin, iTerm2 "ambiguous = wide"),
 * so no layout is sure of them; a Japanese writer does not need them either (約, 2 台, 。 or
 * ( ), 「その他 (直接入力)」).
 *
 * Every ja*.ts catalog part is read, including the ones added later, by the same scanner as
 * the other catalog checks (the text of string and template literals, comments left out).
 *
 * The diagram's box drawing (ui/diagram.ts) is not catalog text and is not exempted here: it
 * is laid out by `wideWidth`, which counts it two columns, and `--ascii` draws it plainly.
 */
const MESSAGES = new URL('../../src/ui/messages/', import.meta.url);
const JA_FILES = readdirSync(MESSAGES).filter((f) => /^ja(-[\w-]+)?\.ts$/.test(f)).sort();

const textsOf = (file: string) => literalTexts(readFileSync(new URL(file, MESSAGES), 'utf8'));

describe('Japanese catalog text has no East Asian Ambiguous character', () => {
  it('reads every catalog part', () => {
    expect(JA_FILES).toEqual(expect.arrayContaining(['ja.ts', 'ja-errors.ts', 'ja-class.ts', 'ja-vpccheck.ts', 'ja-leftovers.ts', 'ja-teardown.ts', 'ja-classcheck.ts', 'ja-report.ts']));
  });

  it.each(JA_FILES)('%s', (file) => {
    const texts = textsOf(file);
    expect(texts.length).toBeGreaterThan(0);
    expect(ambiguousIn(texts)).toEqual([]);
  });

  it('every allowed character is ambiguous, and is measured wider by the wide measure', () => {
    for (const ch of Object.keys(ALLOWED)) {
      expect(isAmbiguous(ch), ch).toBe(true);
      expect(wideWidth(ch), ch).toBe(width(ch) + 1);
    }
  });

  it('is not blind: it finds what the catalogs used to hold, and passes what Japanese writes instead', () => {
    const before = ['2 × t3.micro インスタンス', '約 10 分の 1 — 安い', '0.0121 USD/時間 ≈ 8.84 USD/月', 'その他…', '✔ 1 ネットワーク · ✔ 2 Web サーバー', '① まず'];
    expect(ambiguousIn(before)).toHaveLength(before.length);
    expect(ambiguousIn(['t3.micro インスタンス 2 台', '第 1 章 (ネットワーク): VPC は', '約 10 分の 1。安い', '「その他」・'])).toEqual([]);
    // Comments are not text a person reads; a literal in code is.
    expect(ambiguousIn(literalTexts("import x from 'y';\n// 2 × 3\nexport const a = { k: 'x — y' };\n"))).toEqual(['— (U+2014) in: x — y']);
    // A ternary's branch is text too (`idle ? ' — 未使用です' : ''`), though a colon follows it.
    expect(ambiguousIn(literalTexts("import x from 'y';\nexport const a = { k: (idle) => `v${idle ? ' — 未使用' : ''}` };\n"))).toEqual(['— (U+2014) in:  — 未使用']);
  });
});
