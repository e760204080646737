import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/ui/messages/en.js';
import { load, msg, say, sayIn, useLang } from '../../src/ui/messages/index.js';
import { englishWords } from '../support/english.js';
import { CancelledError, type LabError } from '../../src/engine/errors.js';
import { parseChapter } from '../../src/lab/core/chapters.js';
import { sayError } from '../../src/ui/reporter.js';
import { removalOf } from '../../src/ui/messages/figures.js';
import { avoided, glossaryFaults, verbRows } from '../support/glossary.js';
import { literalTexts } from '../support/catalog-literals.js';

const ja = await load('ja');
const MESSAGES = new URL('../../src/ui/messages/', import.meta.url);
/** The Japanese catalog's sources: ja.ts and its parts (ja-errors.ts, ja-commands.ts, ja-class.ts). */
const JA_SOURCES = readdirSync(MESSAGES).filter((f) => /^ja(-\w+)?\.ts$/.test(f)).map((f) => readFileSync(new URL(f, MESSAGES), 'utf8'));
const jaTexts = () => JA_SOURCES.flatMap(literalTexts);

describe('the message catalogs', () => {
  it('Japanese has every English message, of the same kind and the same number of values', () => {
    for (const [key, value] of Object.entries(en)) {
      const j = (ja as Record<string, unknown>)[key];
      expect(j, key).toBeDefined();
      expect(typeof j, key).toBe(typeof value);
      if (typeof value === 'function') expect((j as (...a: unknown[]) => string).length, key).toBe(value.length);
    }
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });

  it('the scanner of the Japanese source sees its sentences (so the checks below read something)', () => {
    const texts = jaTexts();
    expect(JA_SOURCES.length).toBeGreaterThan(3);
    expect(texts).toContain(ja.err_noRegion);
    expect(texts.length, JSON.stringify(texts.slice(-3))).toBeGreaterThan(200);
    expect(texts).toContain(ja.intro);
    expect(texts.join('\n')).toContain(' または ');
    // Property keys of a lookup map are code, not words shown; the maps' values are read.
    expect(texts).not.toContain('Usage:');
    expect(texts).toContain('使い方:');
    expect(texts).toContain('NAT インスタンスの停止');
    expect(texts.join('\n')).toContain('のことですか?');
  });

  it('no Japanese message carries an English word outside the allowlist (IDs, commands, product names)', () => {
    const leaks = jaTexts().flatMap((text) => englishWords(text).map((w) => `${w}  in  ${text}`));
    expect(leaks).toEqual([]);
  });

  it('the finder of English words would catch a leak', () => {
    expect(englishWords('ラボ "x" (us-east-1): nothing of it exists.')).toEqual(['nothing', 'of', 'it', 'exists']);
    expect(englishWords('VPC 10.0.0.0/16 vpc-0a1b2c3d (Elastic IP) --nat-only `aws-lab-setup up`')).toEqual([]);
  });

  it('follows the glossary: none of the words it says to avoid', () => {
    const avoid = avoided();
    expect(avoid).toEqual(expect.arrayContaining(['秘密鍵', '公開鍵', '無料枠', '既定']));
    const texts = jaTexts();
    for (const word of avoid) expect(texts.filter((t) => t.includes(word)), word).toEqual([]);
  });

  it('uses the console\'s verb for what goes away (the glossary\'s verbs table): 終了 an instance, 解放 an Elastic IP, 関連付けを解除 an association, 削除 a VPC', () => {
    const rows = verbRows();
    expect(rows.map((r) => r.verb)).toEqual(expect.arrayContaining(['終了', '解放', '関連付けを解除', '削除']));
    for (const { thing, id, verb, not } of rows) {
      const outcome = ja.outcome_removed(removalOf(id));
      expect(outcome, id).toContain(verb);
      expect(verb, id).toContain(ja.action_removed(removalOf(id)));
      if (not) {
        expect(outcome, id).not.toContain(not);
        // No sentence of the catalog puts the wrong verb after the thing: 「インスタンスを削除」, 「Elastic IP アドレスの削除」.
        const wrong = new RegExp(`${thing}(を|の)${not}`);
        expect(jaTexts().filter((t) => wrong.test(t)), `${thing} ${not}`).toEqual([]);
      }
    }
    expect(ja.outcome_removed(removalOf('vpc-0abc'))).toBe('削除しました');
  });

  it('a Japanese screen\'s line is checked against the glossary (the e2e tests read their screens with this)', () => {
    expect(glossaryFaults('✔ Web サーバー (t3.micro、パブリックサブネット) i-0a1b2c — 削除しました')).toEqual(['i-… 削除']);
    expect(glossaryFaults('✔ VPC 10.0.0.0/16 vpc-0a1b2c — 削除しました')).toEqual([]);
    expect(glossaryFaults('✔ Web サーバー (t3.micro、パブリックサブネット) i-0a1b2c: 削除しました')).toEqual(['i-… 削除']);
    expect(glossaryFaults('  VPC: 待っています, 3s')).toEqual(['an English unit of seconds']);
    expect(glossaryFaults('2026-12-06T19:56:34.857Z から "up" を実行中です')).toEqual(['a raw ISO time']);
    expect(glossaryFaults('SSH の接続元')).toEqual(['接続元']);
    expect(glossaryFaults('あと 8 時間 0 分')).toContain('a duration with a zero part or in English');
    expect(glossaryFaults('0.1013 USD/時間 (月額 約 73.95 USD)、2026-12-07 12:51 JST (03:51 UTC)')).toEqual([]);
  });

  it('the verbs check would catch 削除 said of an instance', () => {
    const instance = verbRows().find((r) => r.id.startsWith('i-'))!;
    expect(new RegExp(`${instance.thing}(を|の)${instance.not}`).test('不要なインスタンスを削除してください')).toBe(true);
    expect(ja.outcome_removed(removalOf('i-0abc'))).not.toBe(ja.outcome_deleted);
  });

  it('says the security group\'s words as the console does: ソース, 任意の場所, インバウンドルール, 有効/無効', () => {
    expect(ja.sshAsk).toContain('ソース');
    expect(ja.flag_sshCidr).toContain('ソース');
    expect(ja.res_webSecurityGroup('203.0.113.5/32')).toContain('任意の場所 (0.0.0.0/0)');
    expect(ja.sshWhy).toContain('任意の場所');
    for (const said of [ja.changed_rulesAllowed(2), ja.changed_rulesRemoved(1), ja.drift_ruleAllow('TCP 22'), ja.drift_ruleRemove('TCP 22')]) expect(said).toMatch(/^インバウンドルール/);
    expect(ja.changed_sourceDestCheck).toContain('無効');
    expect(ja.explain_dnsHostnames).toContain('無効');
    expect(ja.explain_sourceDest).toMatch(/無効.*有効/);
    // The glossary's avoid column holds the words these replace.
    expect(avoided()).toEqual(expect.arrayContaining(['接続元', 'どこからでも', 'をオフ', '既に', '課金']));
  });

  it('speaks politely: no plain-form sentence endings (だ。, である。)', () => {
    const plain = jaTexts().filter((t) => /(?<!ま)(?<!で)(だ|である|する|した)。/.test(t));
    expect(plain).toEqual([]);
  });

  it('English is the run\'s language until another is chosen; the accessor gives the chosen one', async () => {
    expect(msg()).toBe(en);
    expect(msg('en')).toBe(en);
    expect(say(['labUpTo', 2, 'Web server'])).toBe(msg().labUpTo(2, 'Web server'));
    await useLang('ja');
    try {
      expect(msg().labUpTo(2, 'Web サーバー')).toBe('ラボは第 2 章 (Web サーバー) までできました。');
      expect(msg('ja')).toBe(ja);
      // say: the run's language; sayIn: the one asked for, whatever the run's.
      expect(say(['labUpTo', 2, 'Web サーバー'])).toBe('ラボは第 2 章 (Web サーバー) までできました。');
      expect(sayIn('en', ['labUpTo', 2, 'Web server'])).toBe('The lab is up to chapter 2 (Web server).');
    } finally {
      await useLang('en');
    }
    expect(msg().labUpTo(2, 'Web server')).toBe('The lab is up to chapter 2 (Web server).');
  });

  it('an error reads in English in its .message (logs, --json) and in the run\'s language to the person', async () => {
    const errors: LabError[] = [new CancelledError(), new CancelledError(['hint_cancelledStep'])];
    try {
      parseChapter('9');
    } catch (err) {
      errors.push(err as LabError);
    }
    expect(errors).toHaveLength(3);
    for (const err of errors) expect(sayError(err), err.message).toEqual({ message: err.message, hint: err.hint });
    expect(errors[2].message).toBe('chapter "9" does not exist');
    await useLang('ja');
    try {
      expect(errors[2].message).toBe('chapter "9" does not exist');
      expect(errors[1].hint).toBe('run `aws-lab-setup up` to go on from this chapter');
      expect(sayError(errors[2])).toEqual({ message: '章 "9" はありません', hint: '--until には次のいずれかを指定してください: 1 または network、2 または web、3 または apache、4 または db' });
      expect(sayError(errors[0]).message).toBe('Ctrl-C で中断しました。ステートファイルには中断時点までの内容が保存されています。');
    } finally {
      await useLang('en');
    }
  });

  it('every sentence an error names by key (err_…, hint_…) is in the English catalog', () => {
    // The compiler refuses any key the catalog lacks (Words, test/types/words.ts); this scan
    // holds src/ to it in a test run that does not typecheck.
    const named = new Set<string>();
    for (const file of sourceFiles('src')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\[\s*'((?:err|hint)_\w+)'/g)) named.add(m[1]);
    }
    expect(named.size).toBeGreaterThan(5);
    const missing = [...named].filter((key) => !(key in en));
    expect(missing).toEqual([]);
  });
});

/**
 * The error constructions of a source text whose reason or next step is a string literal or
 * template rather than a key (Words): `new LabError(code, 'text', …)`, `new UsageError(\`…\`)`,
 * `new Error('…')`. A plain Error may say `internal: …`: a bug of ours, never a person's
 * sentence (aws/errors.ts turns it into err_unexpected, its text a value).
 */
function unsaidErrors(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/new (\w*Error)\(/g)) {
    const args = splitArgs(source, m.index! + m[0].length);
    // Which arguments are sentences: LabError(code, message, hint), UsageError(message, hint), CancelledError(hint), Error(message).
    const said = m[1] === 'LabError' ? args.slice(1, 3) : m[1] === 'UsageError' ? args.slice(0, 2) : args.slice(0, 1);
    const literal = said.filter((a) => /^['"`]/.test(a) && !(m[1] !== 'LabError' && m[1] !== 'UsageError' && /^['"`]internal: /.test(a)));
    if (literal.length) found.push(`${m[1]}(${args.join(', ').slice(0, 100)}`);
  }
  return found;
}

/** The top-level arguments of a call, from just after its "(": strings, templates and brackets skipped whole. */
function splitArgs(s: string, from: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < s.length; i++) {
    const ch = s[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      for (i++; i < s.length && s[i] !== ch; i++) if (s[i] === '\\') i++;
    } else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) {
      if (depth === 0) {
        args.push(s.slice(start, i).trim());
        break;
      }
      depth--;
    } else if (ch === ',' && depth === 0) {
      args.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  return args.filter(Boolean);
}

describe('errors name their sentences by key (#18)', () => {
  it('the scanner finds a sentence written at the throw site, and lets keys and internal bugs by', () => {
    expect(unsaidErrors("throw new UsageError(`bad ${x}`, 'fix it');")).toHaveLength(1);
    expect(unsaidErrors("new LabError('Code', 'text', ['hint_x'], 2, { cause: err })")).toHaveLength(1);
    expect(unsaidErrors("new LabError('Code', ['err_x', f(a, 'b')], 'next step')")).toHaveLength(1);
    expect(unsaidErrors("new Error('boom')")).toHaveLength(1);
    expect(unsaidErrors("new LabError('Code', ['err_x', `${a}`], ['hint_x'], 1, { cause: err })")).toEqual([]);
    expect(unsaidErrors("new UsageError(['err_x', value], ['hint_x']); new Error(`internal: ${key} is not known yet`); new AbortedError()")).toEqual([]);
  });

  it('no error in src/ is constructed with a string for its reason or next step', () => {
    // The compiler refuses a string for a LabError's reason; this also holds plain Errors to `internal: …`.
    const files = sourceFiles('src');
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((file) => unsaidErrors(readFileSync(file, 'utf8')).map((e) => `${file}: ${e}`));
    expect(found).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}
