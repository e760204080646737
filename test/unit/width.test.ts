import { readdirSync, readFileSync } from 'node:fs';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { padEnd, truncate, width } from '../../src/ui/width.js';

/**
 * ui/width.ts measures without string-width (its load was a fifth of `status`'s start-up):
 * it must measure what this tool prints as string-width does — every character, and every
 * line of the catalogs and of ui/ (the box-drawing of the diagram, the marks of style.ts).
 */
const UI = new URL('../../src/ui/', import.meta.url);
const MESSAGES = new URL('messages/', UI);
const sourceLines = [UI, MESSAGES].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => readFileSync(new URL(f, dir), 'utf8').split('\n')),
);

describe('display width', () => {
  it('is string-width\'s for every code point of the first four planes', () => {
    const differ: string[] = [];
    for (let cp = 0; cp < 0x20000; cp++) {
      const ch = String.fromCodePoint(cp);
      if (width(ch) !== stringWidth(ch)) differ.push(cp.toString(16));
    }
    expect(differ).toEqual([]);
  });

  it('is string-width\'s for every line of the catalogs and of ui/, Japanese included', () => {
    expect(sourceLines.length).toBeGreaterThan(1000);
    expect(sourceLines.some((l) => /[ぁ-ん]/.test(l))).toBe(true);
    const differ = sourceLines.filter((l) => width(l) !== stringWidth(l));
    expect(differ).toEqual([]);
  });

  it('counts colour codes as nothing and a wide character as two', () => {
    expect(width('\u001b[32mサブネット\u001b[39m ok')).toBe(13);
    expect(width('が\u3099')).toBe(2);
    expect(padEnd('日本', 6)).toBe('日本  ');
    // Three dots, not the ambiguous-width … (two columns on Tera Term).
    expect(truncate('パブリックサブネット', 7)).toBe('パブ...');
  });
});
