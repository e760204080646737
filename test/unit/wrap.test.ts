import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLang } from '../../src/ui/messages/index.js';
import { wideWidth } from '../../src/ui/width.js';
import { fitLines, hang, wrap } from '../../src/ui/wrap.js';
import { NO_LINE_START } from '../support/screen-rules.js';

/** Every line at most `columns` wide, and the text read back whole (a break drops only spaces). */
function wrapsWhole(text: string, columns: number): string[] {
  const lines = wrap(text, columns);
  expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
  return lines;
}

describe('wrap: English', () => {
  it('breaks at spaces, by display width, and keeps an ID, a number, a path and a URL whole', () => {
    const text = 'the web server i-0123456789abcdef0 answered at http://ec2-203-0-113-10.compute-1.amazonaws.com/ in 12345 ms, key /tmp/a/b/c/aws-lab-key.pem';
    for (const columns of [20, 30, 40, 57]) {
      const lines = wrapsWhole(text, columns);
      for (const token of ['i-0123456789abcdef0', 'http://ec2-203-0-113-10.compute-1.amazonaws.com/', '12345', '/tmp/a/b/c/aws-lab-key.pem']) expect(lines.some((l) => l.includes(token)), `${token} at ${columns}`).toBe(true);
      // Only a line holding one of those may pass the width: it is never cut.
      for (const l of lines) if (wideWidth(l) > columns) expect(l).not.toContain(' ');
    }
  });

  it('keeps its own line breaks and makes no empty line', () => {
    expect(wrap('one two\nthree', 80)).toEqual(['one two', 'three']);
    expect(wrap('a '.repeat(50).trim(), 10).every((l) => l.length > 0)).toBe(true);
  });

  it('measures ambiguous characters as two columns: a line fits Tera Term too', () => {
    const lines = wrap('— '.repeat(30).trim(), 20);
    expect(lines.every((l) => wideWidth(l) <= 20)).toBe(true);
  });

  it('hang: the first line after its mark, the others under the text', () => {
    expect(hang('alpha beta gamma delta', 14, '! ')).toEqual(['! alpha beta', '  gamma delta']);
  });
});

describe('wrap: Japanese (BudouX)', () => {
  beforeAll(() => useLang('ja'));
  afterAll(() => useLang('en'));
  const SENTENCES = [
    'サブネットは VPC を分割したものです。パブリックサブネットはインターネットゲートウェイ (デフォルトゲートウェイ) 経由でインターネットに出られ、プライベートサブネットは出られません。',
    '第 4 章 — DB サーバーにはパブリック IP がなく、Web サーバーからしか届きません。NAT ゲートウェイでパッケージを取得できますが、時間課金です (destroy --nat-only で削除できます)。',
    'プライベートサブネットとプライベートルートテーブルの関連付け rtbassoc-08a016011f372011d を削除しました。',
  ];
  const KATAKANA_WORDS = ['インターネットゲートウェイ', 'デフォルトゲートウェイ', 'プライベートサブネット', 'パブリックサブネット', 'プライベートルートテーブル', 'パッケージ', 'ゲートウェイ'];

  it.each([16, 24, 30, 41, 60])('at %i columns: no katakana word, ID or number broken; no line starts with 、。ー or a small kana', (columns) => {
    for (const text of SENTENCES) {
      const lines = wrapsWhole(text, columns);
      expect(lines.filter((l) => NO_LINE_START.test(l)), lines.join('\n')).toEqual([]);
      for (const word of [...KATAKANA_WORDS, 'rtbassoc-08a016011f372011d', '--nat-only', 'NAT', 'DB'].filter((w) => text.includes(w))) {
        expect(lines.some((l) => l.includes(word)), `${word}\n${lines.join('\n')}`).toBe(true);
      }
      expect(lines.every((l) => wideWidth(l) <= columns || !l.includes(' ')), lines.join('\n')).toBe(true);
    }
  });

  it('keeps a figure with its unit, a command with its flag and an arrow with what it points from, unless the column is too narrow', () => {
    const price = '  • Elastic IP アドレス 127.160.212.171 eipalloc-e89ac946ad7807a50  0.0050 USD/時間';
    expect(wrap(price, 78)).toEqual(['  • Elastic IP アドレス 127.160.212.171 eipalloc-e89ac946ad7807a50', '0.0050 USD/時間']);
    expect(wrap('パッケージは NAT ゲートウェイ経由で取得します。不要になったら destroy --nat-only で削除できます。', 62)).toEqual(['パッケージは NAT ゲートウェイ経由で取得します。不要になったら', 'destroy --nat-only で削除できます。']);
    expect(wrap('cols-ja-ann: ✔ ルート 0.0.0.0/0 -> インターネットゲートウェイ rtb-5f4017dc907a16be1:0.0.0.0/0 — 作成しました', 80)).toEqual([
      'cols-ja-ann: ✔ ルート 0.0.0.0/0 -> インターネットゲートウェイ',
      'rtb-5f4017dc907a16be1:0.0.0.0/0 — 作成しました',
    ]);
    // Too narrow for both: broken there after all, never past the column.
    expect(wrap('destroy --nat-only', 10)).toEqual(['destroy', '--nat-only']);
  });

  it('breaks between phrases, not before a particle: no line starts with が, に, の, を or と', () => {
    const lines = wrap(SENTENCES[1], 40);
    expect(lines.filter((l) => /^[がにのをとはで]/.test(l)), lines.join('\n')).toEqual([]);
  });
});

describe('fitLines: a view that does not lay out its own lines still fits', () => {
  it('wraps only the lines wider than the screen, under their own indent and mark, IDs whole', () => {
    const long = '  - NAT gateway nat-0123456789abcdef0 "my-nat" (public, 203.0.113.10) available — $0.0450/h';
    const text = ['Heading that fits', long, '    plain indented line that fits'].join('\n');
    const lines = fitLines(text, 60).split('\n');
    expect(lines[0]).toBe('Heading that fits');
    expect(lines.at(-1)).toBe('    plain indented line that fits');
    const wrapped = lines.slice(1, -1);
    expect(wrapped.length).toBeGreaterThan(1);
    expect(wrapped[0].startsWith('  - NAT gateway')).toBe(true);
    for (const l of wrapped.slice(1)) expect(l.startsWith('    ') && !l.startsWith('     ')).toBe(true);
    for (const l of wrapped) expect(wideWidth(l)).toBeLessThanOrEqual(60);
    expect(wrapped.join(' ')).toContain('nat-0123456789abcdef0');
    expect(wrapped.map((l) => l.trim()).join(' ')).toBe(long.trim());
  });

  it("wraps a class's progress line under its text, after the lab's name and mark", () => {
    const lines = fitLines('cols-ja-ann: ✔ Web サーバー (t3.micro、パブリックサブネット) i-dbc4098e57fd55072 — 作成しました', 60).split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]).toMatch(/^cols-ja-ann: ✔ Web サーバー/);
    for (const l of lines.slice(1)) expect(l, lines.join('\n')).toMatch(/^ {15}\S/);
    expect(lines.every((l) => wideWidth(l) <= 60)).toBe(true);
  });

  it('leaves everything whole when the screen is unbounded (piped output)', () => {
    const long = `  ✔ ${'x '.repeat(80)}`;
    expect(fitLines(long, Number.POSITIVE_INFINITY)).toBe(long);
  });
});
