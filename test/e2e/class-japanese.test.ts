/**
 * The class in Japanese (issues #18 and #19): an instructor whose terminal says
 * LANG=ja_JP.UTF-8 reads every line of `class plan`, `class up`, `class status`,
 * `class destroy` and the hand-outs in Japanese, with no English word outside the
 * allowlist (test/support/english.ts) but the class's own names.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { leaks as linesWithEnglish } from '../support/english.js';
import { labEnv, runCli, tempDir } from './support/cli.js';
import { useMoto } from './support/moto.js';

const SSH = '198.51.100.7/32';
const LEARNERS = ['ann', 'ben'];
/** The class's own names: its labs, their keys, hosts of ssh_config, the expiry's role and group. */
const NAMES = ['jp', ...LEARNERS, ...LEARNERS.flatMap((l) => [`jp-${l}`, `jp-${l}-key`, `jp-${l}-web`, `jp-${l}-db`, `aws-lab-setup-jp-${l}`, `aws-lab-setup-jp-${l}-us-east-1`])];

function japanese(): Record<string, string> {
  const env = labEnv({ LANG: 'ja_JP.UTF-8' });
  for (const k of ['LC_ALL', 'LC_MESSAGES', 'LANGUAGE']) delete env[k];
  return env;
}

/** The lines of a text that carry English, with the words. */
const leaks = (text: string) => linesWithEnglish(text, NAMES);

describe('a class in Japanese (LANG=ja_JP.UTF-8)', () => {
  const moto = useMoto();
  const cwd = tempDir('class-ja-');
  const file = path.join(cwd, 'jp.csv');
  writeFileSync(file, `learner\n${LEARNERS.join('\n')}\n`);
  const args = (...a: string[]) => [...a, '--roster', file, '--endpoint-url', moto.url];

  it('class plan: the labs, the total and the quota table', async () => {
    const res = await runCli(args('class', 'plan', '--ssh-cidr', SSH), { cwd, env: japanese() });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/クラス "jp": ラボ 2 件。すべて作成すると合計 \d+\.\d{4} USD\/時間 です。/);
    expect(res.stdout).toMatch(/アカウント\/リージョン\s+クォータ\s+コード\s+必要\s+使用中\s+上限\s+不足\s+上限の出どころ/);
    expect(res.stdout).toMatch(/us-east-1a の NAT ゲートウェイ/);
    expect(leaks(`${res.stdout}\n${res.stderr}`)).toEqual([]);
  });

  it('class up, status and destroy: progress, summary, table, the sweep; the hand-outs in Japanese', async () => {
    const up = await runCli(args('class', 'up', '--yes', '--until', '2', '--ssh-cidr', SSH), { cwd, env: japanese(), timeoutMs: 180_000 });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toMatch(/^jp-ann: ✔ パブリックサブネット 10\.0\.1\.0\/24 subnet-\S+: 作成しました$/m);
    expect(up.stdout).toMatch(/クラス "jp": 2 件中 2 件のラボができました。/);
    expect(leaks(`${up.stdout}\n${up.stderr}`)).toEqual([]);
    for (const l of LEARNERS) {
      for (const f of ['handout.txt', 'handout.html']) {
        const text = readFileSync(path.join(cwd, 'jp', l, f), 'utf8');
        expect(text, f).toContain('あなたの AWS ラボ');
        // The page's markup is not read; its text is.
        expect(leaks(f.endsWith('.html') ? text.replace(/<[^>]*>/g, '\n').replace(/&#\d+;/g, ' ').split('\n').filter((x) => !/^\s*(@page|body|code|dt|dd|\.|\})/.test(x)).join('\n') : text), `${l} ${f}`).toEqual([]);
      }
    }
    const cards = readFileSync(path.join(cwd, 'jp', 'cards.html'), 'utf8');
    expect(cards).toContain('<html lang="ja">');
    expect(cards).toContain('ラボカード');

    const status = await runCli(args('class', 'status'), { cwd, env: japanese() });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/受講者\s+アカウント\/リージョン\s+章\s+Web ページの URL\s+NAT\s+これまでの料金\s+有効期限/);
    expect(status.stdout).toMatch(/^ann\s+123456789012\/us-east-1\s+2\/4\s+http:\/\/\S+\s+なし/m);
    expect(leaks(`${status.stdout}\n${status.stderr}`)).toEqual([]);

    const down = await runCli(args('class', 'destroy', '--yes'), { cwd, env: japanese(), timeoutMs: 180_000 });
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain('123456789012/us-east-1 にクラスのタグが付いたものは残っていません。');
    expect(leaks(`${down.stdout}\n${down.stderr}`)).toEqual([]);
  }, 400_000);

  it('a bad roster row and a missing --yes: said in Japanese, exit 2', async () => {
    const bad = path.join(cwd, 'bad.csv');
    writeFileSync(bad, 'learner,account\nann,12345\n');
    const row = await runCli(['class', 'plan', '--roster', bad, '--endpoint-url', moto.url], { cwd, env: japanese() });
    expect(row.code).toBe(2);
    expect(row.stderr).toContain(`${bad} の 2 行目、列 "account": "12345" は AWS アカウント ID ではありません`);
    const noYes = await runCli(args('class', 'destroy'), { cwd, env: japanese() });
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('`class destroy` は確認なしでクラスのすべてのラボを削除します');
    expect(leaks(`${row.stderr}\n${noYes.stderr}`.replaceAll(bad, ''))).toEqual([]);
  });
});
