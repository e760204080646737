/**
 * Issue #18 (first slice): a Japanese learner's terminal (LANG=ja_JP.UTF-8) against moto.
 * Every printed line of what the slice converted — plan, status (the resources said by their labels' words,
 * res_<key>), --help of every command, commander's own errors and the checked
 * flags — must carry no English word outside the allowlist (test/support/english.ts).
 */
import http from 'node:http';
import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import { leaks as linesWithEnglish } from '../support/english.js';
import { labEnv, runCli, tempDir, type CliResult } from './support/cli.js';
import { useMoto } from './support/moto.js';
import { openTerminal } from './support/tmux.js';
import { fakeSsh } from '../support/fake-ssh.js';

const SSH = '198.51.100.7/32';

/** A Japanese locale (and a Japanese learner's time zone), and no other locale variable that would win over LANG. */
function japanese(extra: Record<string, string> = {}): Record<string, string> {
  const env = labEnv({ LANG: 'ja_JP.UTF-8', TZ: 'Asia/Tokyo', ...extra });
  for (const k of ['LC_ALL', 'LC_MESSAGES', 'LANGUAGE']) delete env[k];
  return env;
}

/**
 * Every command and subcommand of the program, as its own --help lists them (commander's
 * Commands section, in Japanese 「コマンド:」), walked down from the top: a command added
 * later is checked without being named here.
 */
async function allCommands(cwd: string): Promise<string[][]> {
  const found: string[][] = [];
  const walk = async (cmd: string[]) => {
    found.push(cmd);
    const res = await runCli([...cmd, '--help'], { cwd, env: japanese() });
    const section = res.stdout.split(/^コマンド:$/m)[1] ?? '';
    for (const m of section.matchAll(/^ {2}([a-z][\w-]*)/gm)) if (m[1] !== 'help') await walk([...cmd, m[1]]);
  };
  await walk([]);
  return found;
}

/** Commands a script prints for bash to run, and the user-data it hands AWS (the servers' own scripts, the same bytes as `up` sends): not lines to read. */
function readLines(script: string): string {
  const lines: string[] = [];
  let inHeredoc = false;
  for (const line of script.split('\n')) {
    if (inHeredoc) {
      inHeredoc = line !== 'USERDATA';
      continue;
    }
    if (/<<'USERDATA'$/.test(line)) inHeredoc = true;
    // A comment (whole or after a command) and an echo's text are read; the commands are typed.
    const comment = /(?:^|\s)#\s(.*)$/.exec(line);
    const echo = /^echo "([^$]*)/.exec(line);
    // (A commented-out command, `# aws ec2 …`, is one to type too.)
    if (comment && !/^#!/.test(line) && !/^aws /.test(comment[1])) lines.push(comment[1]);
    if (echo) lines.push(echo[1]);
  }
  return lines.join('\n');
}

/** The lines of a run's output that carry English, with the words (`named`: values the run was given, such as a bad one). */
function leaks(res: Pick<CliResult, 'stdout' | 'stderr'>, named: string[] = []): string[] {
  // The lab's own names: its key pair, its expiry's role and schedule group.
  return linesWithEnglish(`${res.stdout}\n${res.stderr}`, ['jp', 'jp-key', 'aws-lab-setup-jp', 'aws-lab-setup-jp-us-east-1', ...named]);
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
    // The time carries its date when it falls on another day than today's (from 16:00 JST, 8 hours on is tomorrow).
    expect(res.stderr).toMatch(/有効期限: (?:\d{4}-\d\d-\d\d )?\d\d:\d\d JST \((?:\d{4}-\d\d-\d\d )?\d\d:\d\d UTC\)、あと 8 時間。この時刻に AWS が次の処理を行います: NAT ゲートウェイの削除、Web サーバーと DB サーバーの停止。/);
    expect(res.stderr).toContain('プライベートサブネットの NAT: NAT ゲートウェイ');
    expect(res.stderr).toContain('ラボを停止するまでの時間: 8 時間');
    expect(res.stderr).toMatch(/合計 +0\.\d{4} USD\/時間 +\(月額 約 \d+\.\d\d USD\)/);
    expect(res.stderr).toContain('パブリックサブネット 10.0.1.0/24');
    expect(leaks(res)).toEqual([]);
  });

  it('status of a lab not built: head, table, chapters, diagram, cost and expiry in Japanese', async () => {
    const cwd = tempDir();
    const res = await runCli(['status', '--name', 'jp', '--endpoint-url', moto.url], { cwd, env: japanese() });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('ラボ "jp" (us-east-1): リソースはありません。');
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

  it('a whole lab: up --yes (its progress notes too), status, explain, check, ssh-config, unlock, state move, destroy --nat-only, destroy', async () => {
    const cwd = tempDir();
    const lab = ['--name', 'jp', '--endpoint-url', moto.url];
    const checked = (res: CliResult) => leaks(res);
    const up = await runCli(['up', '--yes', ...lab, '--ssh-cidr', SSH], { cwd, env: japanese(), timeoutMs: 120_000 });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toMatch(/^✔ パブリックサブネット 10\.0\.1\.0\/24 subnet-\S+: 作成しました$/m);
    expect(up.stderr).toMatch(/^\.\.\. Web サーバー \(t3\.micro、パブリックサブネット\)$/m);
    expect(up.stdout).toContain('ラボができました。');
    expect(checked(up)).toEqual([]);

    const status = await runCli(['status', ...lab], { cwd, env: japanese() });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/ラボ "jp" \(us-east-1\): リソース 25\/25/);
    expect(status.stdout).toMatch(/i-\S+ +実行中/);
    expect(leaks(status)).toEqual([]);

    // explain: the comments and echoes of the script are Japanese; its commands stay.
    const explain = await runCli(['explain', ...lab], { cwd, env: japanese() });
    expect(explain.code, explain.stderr).toBe(0);
    expect(explain.stdout).toContain('# 新しい VPC では DNS ホスト名が無効です。');
    expect(explain.stdout).toContain('aws ec2 create-vpc --cidr-block "$VPC_CIDR"');
    expect(leaks({ ...explain, stdout: readLines(explain.stdout) })).toEqual([]);

    // check, against a page of this machine and a stand-in for ssh.
    const web = http.createServer((_req, res) => res.writeHead(200).end('<h1>jp</h1>'));
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(web.address() as net.AddressInfo).port}/`;
      const check = await runCli(['check', ...lab, '--web-url', url], { cwd, env: japanese({ AWS_LAB_SETUP_SSH: fakeSsh(tempDir()).bin }) });
      expect(check.code, check.stderr + check.stdout).toBe(0);
      expect(check.stdout).toMatch(/^ラボ "jp": NAT ゲートウェイ nat-\S+$/m);
      expect(check.stdout).toMatch(/^✔ Web サーバーから 10\.0\.2\.\d+ への ping: 応答がありました$/m);
      expect(check.stdout).toContain('✔ DB サーバーの MariaDB の稼働: 稼働しています');
      expect(leaks(check, [url])).toEqual([]);
    } finally {
      web.close();
    }

    // ssh-config: ssh's own keywords stay (the allowlist has them); its comment is Japanese.
    const sshConfig = await runCli(['ssh-config', ...lab], { cwd, env: japanese() });
    expect(sshConfig.code, sshConfig.stderr).toBe(0);
    expect(sshConfig.stdout).toMatch(/^# ラボ "jp": NAT ゲートウェイ nat-\S+$/m);
    expect(sshConfig.stdout).toContain('Host jp-web');
    expect(leaks(sshConfig, ['jp-web', 'jp-db'])).toEqual([]);

    const unlock = await runCli(['unlock', '--yes', ...lab], { cwd, env: japanese() });
    expect(unlock.code, unlock.stderr).toBe(0);
    expect(unlock.stdout).toMatch(/^ラボ "jp" は \S+ でロックされていません。$/m);
    expect(leaks(unlock)).toEqual([]);

    // state move there and back (a folder each way: S3 has its own test).
    const moved = await runCli(['state', 'move', '--name', 'jp', '--to', './moved'], { cwd, env: japanese() });
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toMatch(/にラボを 1 件移動しました: jp。/);
    expect(leaks(moved)).toEqual([]);
    const back = await runCli(['state', 'move', '--name', 'jp', '--state-dir', './moved', '--to', './.aws-lab-setup'], { cwd, env: japanese() });
    expect(back.code, back.stderr).toBe(0);
    expect(leaks(back)).toEqual([]);
    const none = await runCli(['state', 'move', '--name', 'nolab', '--to', './elsewhere'], { cwd, env: japanese() });
    expect(leaks(none, ['nolab'])).toEqual([]);

    const natOnly = await runCli(['destroy', '--nat-only', '--yes', ...lab], { cwd, env: japanese(), timeoutMs: 120_000 });
    expect(natOnly.code, natOnly.stderr).toBe(0);
    expect(natOnly.stdout).toMatch(/ラボ "jp" のリソースを \d+ 件削除しました: NAT ゲートウェイ、そのルートと Elastic IP アドレス。/);
    expect(checked(natOnly)).toEqual([]);

    const destroy = await runCli(['destroy', '--yes', ...lab], { cwd, env: japanese(), timeoutMs: 120_000 });
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(destroy.stdout).toMatch(/ラボ "jp" のリソースを \d+ 件削除しました。/);
    // The console's verbs: an instance is terminated, an Elastic IP address released, an association removed.
    expect(destroy.stderr).toMatch(/ i-\S+: 終了しました/);
    expect(destroy.stderr).toMatch(/ eipalloc-\S+: 解放しました/);
    expect(destroy.stderr).toMatch(/ rtbassoc-\S+: 関連付けを解除しました/);
    expect(destroy.stderr).toMatch(/ vpc-\S+: 削除しました/);
    expect(checked(destroy)).toEqual([]);
  }, 300_000);

  it('up --step in a terminal: the pause after a chapter, its question and choices, in Japanese', async () => {
    const cwd = tempDir();
    const env = { ...japanese({ TERM: 'xterm-256color' }) };
    delete env.NO_COLOR;
    // Every setting as a flag: the wizard asks only whether to go on.
    const settings = ['--vpc-cidr', '10.0.0.0/16', '--public-subnet-cidr', '10.0.1.0/24', '--private-subnet-cidr', '10.0.2.0/24', '--key-name', 'jpstep-key', '--instance-type', 't3.micro', '--nat', 'gateway', '--expires-in', '8h'];
    const term = openTerminal(['up', '--step', '--name', 'jpstep', '--endpoint-url', moto.url, '--ssh-cidr', SSH, ...settings], { cwd, env });
    try {
      await term.waitFor(/ラボを作成しますか/);
      term.type('Enter');
      await term.waitFor(/次の章に進みますか/, 90_000);
      const screen = term.screen();
      expect(screen).toMatch(/第 1 章 \(ネットワーク\)/);
      // Everything from the pause's head down: what the chapter made, how to see it, the question.
      // (Each `CLI:` line is an AWS CLI command to type, ending in --region, perhaps wrapped by the terminal: not read.)
      const pause = screen.slice(screen.search(/第 1 章 \(ネットワーク\)/)).replace(/aws ec2 [\s\S]*?--region \S+/g, '');
      expect(leaks({ stdout: pause, stderr: '' }, ['jpstep', 'jpstep-key'])).toEqual([]);
      term.type('Down', 'Enter'); // stop here
      expect(await term.exitCode(60_000)).toBe(0);
    } finally {
      term.close();
    }
    await runCli(['destroy', '--yes', '--name', 'jpstep', '--endpoint-url', moto.url], { cwd, env: japanese(), timeoutMs: 120_000 });
  }, 200_000);

  it('--help of every command, commander\'s headings included', async () => {
    const cwd = tempDir();
    const found: string[] = [];
    const commands = await allCommands(cwd);
    // The walk reached the subcommands too (class, state).
    expect(commands.map((c) => c.join(' '))).toEqual(expect.arrayContaining(['up', 'ssh-config', 'class', 'class plan', 'state init', 'state move', 'unlock']));
    for (const cmd of commands) {
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
