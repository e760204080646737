/**
 * Issue #18: the errors a Japanese learner (LANG=ja_JP.UTF-8) meets, against moto through
 * the test proxy — a bad flag value (exit 2), AWS refusing an action (UnauthorizedOperation),
 * a short quota (exit 1, nothing created). Each prints its reason and next step in Japanese;
 * a printed line carrying an English word outside the allowlist (test/support/english.ts)
 * fails, but for AWS's own words, which the sentence quotes as a value.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { englishWords } from '../support/english.js';
import { glossaryFaults } from '../support/glossary.js';
import { nothingOf } from './support/aws.js';
import { labEnv, runCli, tempDir, type CliResult } from './support/cli.js';
import { useMoto } from './support/moto.js';
import { startProxy, type Proxy } from './support/proxy.js';

const SSH = '198.51.100.7/32';

/** A Japanese locale, and no other locale variable that would win over LANG. */
function japanese(): Record<string, string> {
  const env = labEnv({ LANG: 'ja_JP.UTF-8' });
  for (const k of ['LC_ALL', 'LC_MESSAGES', 'LANGUAGE']) delete env[k];
  return env;
}

/**
 * The lines of a run's output that carry English, with the words. `quoted`: text that is not
 * ours (AWS's code and message, as the proxy sent them), taken out of a line before it is read.
 */
function leaks(res: CliResult, quoted: string[] = []): string[] {
  // The lab's own names (its key pair, its expiry's role and group) are read as names.
  return `${res.stdout}\n${res.stderr}`.split('\n').flatMap((line) => {
    const ours = quoted.reduce((l, q) => l.split(q).join(' '), line);
    const words = [...englishWords(ours, ['jp', 'jp-key', 'aws-lab-setup-jp', 'aws-lab-setup-jp-us-east-1']), ...glossaryFaults(ours)];
    return words.length ? [`${words.join(' ')}  ←  ${line}`] : [];
  });
}

describe('日本語のエラー (issue #18): reason and next step in Japanese', () => {
  const moto = useMoto();
  let proxy: Proxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('bad flag values: the value named, what is accepted, exit 2; --json keeps English', async () => {
    const cwd = tempDir();
    const cases: [string[], string, string][] = [
      [['--vpc-cidr', '10.0.0.0/33'], 'VPC の CIDR "10.0.0.0/33" は IPv4 の CIDR ブロックではありません', '次の手順: 10.0.0.0/16 のように指定してください'],
      [['--vpc-cidr', '10.0.1.5/16'], 'VPC の CIDR "10.0.1.5/16" のホスト部が 0 ではありません', '次の手順: 10.0.0.0/16 のことですか?'],
      [['--expires-in', '5y'], '有効期限 "5y" は使用できません', '次の手順: 10m～30d の分、時間、日'],
      [['--nat', 'box'], 'NAT の種類 "box" は使用できません', '次の手順: --nat gateway (チュートリアルの NAT ゲートウェイ)'],
    ];
    for (const [flag, reason, next] of cases) {
      const res = await runCli(['up', '--yes', '--name', 'jp', '--endpoint-url', moto.url, '--ssh-cidr', SSH, ...flag], { cwd, env: japanese() });
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toContain(`✖ ${reason}`);
      expect(res.stderr).toContain(next);
      expect(leaks(res, [flag[1]])).toEqual([]);
    }
    // --json is for programs: its message and hint stay English, whatever the locale.
    const json = await runCli(['up', '--yes', '--json', '--name', 'jp', '--endpoint-url', moto.url, '--ssh-cidr', SSH, '--vpc-cidr', '10.0.0.0/33'], { cwd, env: japanese() });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error).toEqual({ code: 'BadInput', message: 'VPC CIDR "10.0.0.0/33" is not an IPv4 CIDR block', hint: 'write it like 10.0.0.0/16' });
  });

  it('AWS refuses an action (UnauthorizedOperation): the Japanese reason quotes AWS, the next step in Japanese, exit 1', async () => {
    proxy = await startProxy(moto.url, { deny: ['DescribeVpcs'] });
    const res = await runCli(['status', '--name', 'jp', '--endpoint-url', proxy.url], { cwd: tempDir(), env: japanese() });
    expect(res.code, res.stderr).toBe(1);
    const aws = 'You are not authorized to perform this operation. User is not authorized to perform: ec2:DescribeVpcs';
    expect(res.stderr).toContain(`✖ この認証情報にはこの操作のアクセス許可がありません (AWS の応答 UnauthorizedOperation: ${aws})`);
    expect(res.stderr).toContain('次の手順: EC2 のフルアクセス');
    expect(leaks(res, ['UnauthorizedOperation', aws])).toEqual([]);
  });

  it('a short quota (one Elastic IP): the numbers and how to ask for more in Japanese, exit 1, nothing created', async () => {
    proxy = await startProxy(moto.url, { quotas: { elasticIps: 1 } });
    const lab = 'jp';
    const res = await runCli(['up', '--yes', '--name', lab, '--endpoint-url', proxy.url, '--ssh-cidr', SSH], { cwd: tempDir(), env: japanese() });
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/✖ ラボには Elastic IP アドレス があと 2 必要ですが、us-east-1 では上限 1 のうち \d+ が使用中です/);
    expect(res.stderr).toContain('何も作成していません');
    expect(res.stderr).toMatch(/次の手順: 使っていない Elastic IP アドレスを解放するか、別の --region を使うか、Service Quotas に引き上げを申請してください .*`aws service-quotas request-service-quota-increase --service-code ec2 /);
    expect(leaks(res)).toEqual([]);
    expect(await nothingOf(moto.url, lab)).toBe(true);
  });
});
