/**
 * Issue #18 (first slice): a Japanese learner's terminal (LANG=ja_JP.UTF-8) against moto.
 * Every printed line of what the slice converted — plan, status (the resources said by key,
 * lab/views/says.ts), --help of every command, commander's own errors and the checked
 * flags — must carry no English word outside the allowlist (test/support/english.ts).
 */
import { describe, expect, it } from 'vitest';
import { englishWords } from '../support/english.js';
import { labEnv, runCli, tempDir, type CliResult } from './support/cli.js';
import { useMoto } from './support/moto.js';

const SSH = '198.51.100.7/32';

/** A Japanese locale, and no other locale variable that would win over LANG. */
function japanese(extra: Record<string, string> = {}): Record<string, string> {
  const env = labEnv({ LANG: 'ja_JP.UTF-8', ...extra });
  for (const k of ['LC_ALL', 'LC_MESSAGES', 'LANGUAGE']) delete env[k];
  return env;
}

/** Every command and subcommand, as `--help` reaches it. */
const COMMANDS = [
  [], ['up'], ['plan'], ['explain'], ['destroy'], ['status'], ['ssh'], ['ssh-config'], ['check'],
  ['class'], ['class', 'plan'], ['class', 'up'], ['class', 'status'], ['class', 'destroy'],
  ['policy'], ['state'], ['state', 'init'], ['state', 'move'], ['unlock'],
];

/** The lines of a run's output that carry English, with the words (`named`: values the run was given, such as a bad one). */
function leaks(res: CliResult, named: string[] = []): string[] {
  const lines = `${res.stdout}\n${res.stderr}`.split('\n');
  return lines.flatMap((line) => {
    // The lab's own names: its key pair, its expiry's role and schedule group.
    const words = englishWords(line, ['jp', 'jp-key', 'aws-lab-setup-jp', 'aws-lab-setup-jp-us-east-1', ...named]);
    return words.length ? [`${words.join(' ')}  ←  ${line}`] : [];
  });
}

describe('日本語で (issue #18): what a learner with LANG=ja_JP.UTF-8 reads', () => {
  const moto = useMoto();

  it('plan: settings, resources, actions, counts, cost, expiry and preflight in Japanese', async () => {
    const cwd = tempDir();
    const res = await runCli(['plan', '--name', 'jp', '--endpoint-url', moto.url, '--ssh-cidr', SSH], { cwd, env: japanese() });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('計画: 作成 25 件。');
    expect(res.stderr).toContain('VPC の CIDR ブロック: 10.0.0.0/16');
    expect(res.stderr).toContain('事前チェック:');
    expect(res.stderr).toMatch(/AWS が次を行います: NAT ゲートウェイの削除、Web サーバーと DB サーバーの停止。/);
    expect(res.stderr).toContain('パブリックサブネット 10.0.1.0/24');
    expect(leaks(res)).toEqual([]);
  });

  it('status of a lab not built: head, table, chapters, diagram, cost and expiry in Japanese', async () => {
    const cwd = tempDir();
    const res = await runCli(['status', '--name', 'jp', '--endpoint-url', moto.url], { cwd, env: japanese() });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('ラボ "jp" (us-east-1): 何も存在しません。');
    expect(res.stdout).toContain('インターネットゲートウェイ (なし)');
    expect(res.stdout).toContain('プライベートルートテーブル');
    expect(leaks(res)).toEqual([]);
  });

  it('up without a terminal: the plan, then the refusal and its next step in Japanese, exit 2, nothing created', async () => {
    const res = await runCli(['up', '--name', 'jp', '--endpoint-url', moto.url, '--ssh-cidr', SSH], { cwd: tempDir(), env: japanese() });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('計画: 作成 25 件。');
    expect(res.stderr).toContain('✖ 端末がないため確認できません');
    expect(res.stderr).toContain('次の手順: 上の計画どおりに進めるには `aws-lab-setup up --yes` を実行してください');
    expect(leaks(res)).toEqual([]);
  });

  it('destroy and destroy --nat-only of a lab with nothing left: the plan, the result, what still bills', async () => {
    const cwd = tempDir();
    const natOnly = await runCli(['destroy', '--nat-only', '--yes', '--name', 'jp', '--endpoint-url', moto.url], { cwd, env: japanese() });
    expect(natOnly.code, natOnly.stderr).toBe(0);
    expect(natOnly.stdout).toContain('ラボ "jp" には削除するものが残っていません。');
    expect(natOnly.stderr).toContain('NAT ゲートウェイを元に戻すには `aws-lab-setup up` を実行してください。');
    expect(leaks(natOnly)).toEqual([]);
    const all = await runCli(['destroy', '--yes', '--name', 'jp', '--endpoint-url', moto.url], { cwd, env: japanese() });
    expect(all.code, all.stderr).toBe(0);
    expect(all.stderr).toMatch(/計画: 存在しない \d+ 件。/);
    expect(leaks(all)).toEqual([]);
  });

  it('a whole lab: up --yes, status, destroy --nat-only, destroy (the steps\' own progress notes are the lab\'s, still English)', async () => {
    const cwd = tempDir();
    const lab = ['--name', 'jp', '--endpoint-url', moto.url];
    // "  <label>: allowed 2 rule(s), 0s": a step's progress note, written by the lab's kinds (#18, left).
    const progressNote = /^ {2}\S.*: .*, \d+s$/;
    const checked = (res: CliResult) => leaks({ ...res, stderr: res.stderr.split('\n').filter((l) => !progressNote.test(l)).join('\n') });
    const up = await runCli(['up', '--yes', ...lab, '--ssh-cidr', SSH], { cwd, env: japanese(), timeoutMs: 120_000 });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toMatch(/^✔ パブリックサブネット 10\.0\.1\.0\/24 subnet-\S+ — 作成しました$/m);
    expect(up.stderr).toMatch(/^… Web サーバー \(t3\.micro、パブリックサブネット\)$/m);
    expect(up.stdout).toContain('ラボができました。');
    expect(checked(up)).toEqual([]);

    const status = await runCli(['status', ...lab], { cwd, env: japanese() });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/ラボ "jp" \(us-east-1\): リソース 25\/25/);
    expect(status.stdout).toMatch(/i-\S+ +実行中/);
    expect(leaks(status)).toEqual([]);

    const natOnly = await runCli(['destroy', '--nat-only', '--yes', ...lab], { cwd, env: japanese(), timeoutMs: 120_000 });
    expect(natOnly.code, natOnly.stderr).toBe(0);
    expect(natOnly.stdout).toMatch(/ラボ "jp" のリソースを \d+ 件削除しました: NAT ゲートウェイ、そのルートと Elastic IP アドレス。/);
    expect(checked(natOnly)).toEqual([]);

    const destroy = await runCli(['destroy', '--yes', ...lab], { cwd, env: japanese(), timeoutMs: 120_000 });
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(destroy.stdout).toMatch(/ラボ "jp" のリソースを \d+ 件削除しました。/);
    expect(checked(destroy)).toEqual([]);
  }, 300_000);

  it('--help of every command, commander\'s headings included', async () => {
    const cwd = tempDir();
    const found: string[] = [];
    for (const cmd of COMMANDS) {
      const res = await runCli([...cmd, '--help'], { cwd, env: japanese() });
      expect(res.code, cmd.join(' ')).toBe(0);
      expect(res.stdout, cmd.join(' ')).toContain('使い方:');
      found.push(...leaks(res).map((l) => `${cmd.join(' ') || '(program)'}: ${l}`));
    }
    expect(found).toEqual([]);
  });

  it('--lang ja before the command wins over an English locale, for --help too', async () => {
    const res = await runCli(['--lang', 'ja', 'status', '--help'], { cwd: tempDir(), env: labEnv({ LANG: 'en_US.UTF-8' }) });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('オプション:');
    expect(leaks(res)).toEqual([]);
  });

  it('a bad flag: commander\'s error in Japanese, exit 2', async () => {
    const res = await runCli(['status', '--bogus'], { cwd: tempDir(), env: japanese() });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^エラー: 不明なオプション '--bogus' です/);
    expect(leaks(res)).toEqual([]);
  });

  it('bad values said from the catalog: the chapter, the language, the endpoint (exit 2, the value named)', async () => {
    const cwd = tempDir();
    const cases: [string[], string][] = [
      [['plan', '--until', '9'], '章 "9" はありません'],
      [['status', '--lang', 'fr'], '言語 "fr" には対応していません'],
      [['status', '--endpoint-url', 'moto:5000'], 'エンドポイント URL "moto:5000" は http(s) の URL ではありません'],
    ];
    for (const [args, said] of cases) {
      const res = await runCli([...args, '--name', 'jp'], { cwd, env: japanese() });
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr, args.join(' ')).toContain(said);
      expect(res.stderr, args.join(' ')).toContain('次の手順:');
      expect(leaks(res, [args[2]]), args.join(' ')).toEqual([]);
    }
  });
});
