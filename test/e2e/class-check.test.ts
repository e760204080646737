/**
 * Issue 26 item 7 against moto, through the proxy that answers a check's reads as AWS does
 * (support/proxy-check.ts): `class check` over a roster across two member accounts —
 * learners who built by hand (one right, one with the public route table left
 * unassociated), one lab of the tool's built through chapter 1 by `class up`, and one whose
 * VPC does not exist — the table, --json, exit 1, reads only, and --out's report.
 */
import { DescribeRouteTablesCommand } from '@aws-sdk/client-ec2';
import { ec2In } from './support/aws.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labEnv, runCli, tempDir } from './support/cli.js';
import { makeHandBuiltLab, type HandBuiltLab } from './support/hand-built.js';
import { TEST_ACCOUNT_QUOTAS, useMoto } from './support/moto.js';
import { mutating, startProxy, type Proxy } from './support/proxy.js';
import type { ClassCheckJson } from '../../src/cli/commands/class-check.js';

const FROM = '203.0.113.7/32';
const ONE = '111111111111';
const TWO = '222222222222';
const NO_SUCH_VPC = 'vpc-0000000000000000a';


describe('class check: a class across two accounts (against moto)', () => {
  const moto = useMoto();
  let proxy: Proxy;
  const cwd = tempDir('class-check-');
  let right: HandBuiltLab;
  let wrong: HandBuiltLab;
  let roster: string;
  beforeAll(async () => {
    proxy = await startProxy(moto.direct, { quotas: TEST_ACCOUNT_QUOTAS });
    [right, wrong] = await Promise.all([
      makeHandBuiltLab(await ec2In(moto.direct, ONE), { name: 'ann', cidr: '10.31.0.0/16' }),
      makeHandBuiltLab(await ec2In(moto.direct, TWO), { name: 'bob', cidr: '10.32.0.0/16', mistake: 'public-table-not-associated' }),
    ]);
    // Cat lets the tool build: through chapter 1 (the network), in account TWO.
    const up = await runCli(['class', 'up', '--roster', write('cat-only.csv', `learner,account\ncat,${TWO}\n`), '--name', 'week1', '--yes', '--until', '1', '--endpoint-url', proxy.url, '--ssh-cidr', FROM], { cwd, env: labEnv(), timeoutMs: 120_000 });
    expect(up.code, up.stderr).toBe(0);
    // Ann names her VPC by its Name tag, Bob by its ID; Dan's does not exist.
    roster = write('week1.csv', `learner,account,vpc\nann,${ONE},${right.vpcName}\nbob,${TWO},${wrong.vpc}\ncat,${TWO},\ndan,${ONE},${NO_SUCH_VPC}\n`);
  }, 240_000);
  afterAll(async () => proxy?.close());

  function write(name: string, text: string): string {
    const file = path.join(cwd, name);
    writeFileSync(file, text);
    return file;
  }
  const run = (args: string[], lang = 'en') => runCli(['class', 'check', '--roster', roster, '--from', FROM, '--endpoint-url', proxy.url, '--lang', lang, ...args], { cwd, env: labEnv(), timeoutMs: 120_000 });

  it('--json: each learner checked as check checks them, the first failing cell exact, exit 1; only reads', async () => {
    const before = proxy.actions.length;
    const r = await run(['--json']);
    const calls = proxy.actions.slice(before);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout) as ClassCheckJson;
    expect([doc.ok, doc.command, doc.class]).toEqual([false, 'class check', 'week1']);
    const [ann, bob, cat, dan] = doc.learners;
    expect(doc.learners.map((l) => [l.learner, l.lab, l.target, l.handBuilt])).toEqual([
      ['ann', 'week1-ann', `${ONE}/us-east-1`, true],
      ['bob', 'week1-bob', `${TWO}/us-east-1`, true],
      ['cat', 'week1-cat', `${TWO}/us-east-1`, false],
      ['dan', 'week1-dan', `${ONE}/us-east-1`, true],
    ]);
    // Ann: right in every chapter (the live SSH probes need a key: neither pass nor fail).
    expect([ann.ok, ann.vpc, ann.chaptersDone, ann.first, ann.error]).toEqual([true, right.vpc, 4, null, null]);
    expect(ann.check!.findings.filter((f) => f.ok === false).map((f) => f.rule)).toEqual([]);
    // Bob: the public route table never associated — exactly that finding fails, and it is his first cell.
    expect(bob.check!.findings.filter((f) => f.ok === false && f.severity === 'error').map((f) => f.rule)).toEqual(['network.public-route']);
    expect([bob.ok, bob.vpc, bob.chaptersDone, bob.error]).toEqual([false, wrong.vpc, 0, null]);
    expect(bob.first).toEqual({ rule: 'network.public-route', chapter: 1, resource: expect.any(String) });
    expect(bob.check!.paths.filter((p) => p.ok === false).map((p) => p.path).sort()).toEqual(['db-internet', 'internet-web-http', 'you-web-ssh']);
    // Cat: the tool's lab through chapter 1, found by its tags and judged alike.
    expect([cat.ok, cat.chaptersDone, cat.error, cat.handBuilt]).toEqual([false, 1, null, false]);
    expect(cat.first).toMatchObject({ rule: 'web.instance', chapter: 2 });
    expect(cat.vpc).toMatch(/^vpc-/);
    // Dan: an error row, the others checked all the same.
    expect([dan.ok, dan.vpc, dan.chaptersDone, dan.first, dan.check]).toEqual([false, NO_SUCH_VPC, null, null, null]);
    expect(dan.error).toContain(NO_SUCH_VPC);
    // Read-only: Describe/Get/List, and the role assumed in each account.
    expect(mutating(calls).filter((a) => a !== 'AssumeRole')).toEqual([]);
    expect(calls).toContain('AssumeRole');
    expect(calls.some((a) => a.startsWith('Describe'))).toBe(true);
  }, 180_000);

  it('the table in English and Japanese: a row per learner, the first thing to fix, exit 1 (80 columns: test/unit/class-check.test.ts)', async () => {
    const en = await run([]);
    expect(en.code).toBe(1);
    const lines = en.stdout.split('\n');
    expect(lines[0]).toContain('Class "week1": 1 of 4 learner(s) as the tutorial wants');
    expect(lines[1]).toMatch(/learner\s+account\/region\s+chapters\s+first to fix/);
    expect(lines.find((l) => l.startsWith('ann '))).toMatch(new RegExp(`ann\\s+${ONE}/us-east-1\\s+4/4\\s+✔ as it should be`));
    expect(lines.find((l) => l.startsWith('bob '))).toMatch(/bob\s+222222222222\/us-east-1\s+0\/4\s+✖ network\.public-route/);
    expect(lines.find((l) => l.startsWith('cat '))).toMatch(/cat\s+222222222222\/us-east-1\s+1\/4\s+✖ web\.instance/);
    expect(en.stdout).toMatch(new RegExp(`dan\\s+${ONE}/us-east-1\\s+-\\s+✖ [^\\n]*${NO_SUCH_VPC}`));
    expect(en.stderr).toContain('3 of 4 learner(s) not as the tutorial wants, or not checked');
    const ja = await run([], 'ja');
    expect(ja.code).toBe(1);
    expect(ja.stdout).toContain('クラス "week1": 受講者 4 人のうち 1 人がチュートリアルどおりです');
    expect(ja.stdout).toMatch(/受講者\s+アカウント\/リージョン\s+章\s+最初に修正する項目/);
    expect(ja.stdout).toMatch(/ann\s+111111111111\/us-east-1\s+4\/4\s+✔ あるべき状態です/);
  }, 180_000);

  it('--out: index.html with a row and a section per learner, and each checked learner\'s picture', async () => {
    const out = path.join(cwd, 'report');
    const r = await run(['--out', out]);
    expect(r.code).toBe(1);
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    for (const l of ['ann', 'bob', 'cat', 'dan']) {
      expect(html).toMatch(new RegExp(`<tr [^>]*data-learner="${l}"`));
      expect(html).toMatch(new RegExp(`<section [^>]*data-learner="${l}"`));
    }
    expect(html).toMatch(/<table [^>]*data-summary/);
    for (const [learner, vpc] of [['ann', right.vpc], ['bob', wrong.vpc]]) {
      const svg = readFileSync(path.join(out, `${learner}.svg`), 'utf8');
      expect(svg.trimStart().startsWith('<svg')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      expect(svg).toContain(`data-id="${vpc}"`);
      expect(html).toContain(`data-id="${vpc}"`);
    }
    // Bob's picture marks his public subnet's effective table (the main one) where the paths stop.
    const main = (await (await ec2In(moto.direct, TWO)).send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [wrong.vpc] }, { Name: 'association.main', Values: ['true'] }] }))).RouteTables![0].RouteTableId!;
    expect(readFileSync(path.join(out, 'bob.svg'), 'utf8')).toContain(`data-id="${main}"`);
    expect(existsSync(path.join(out, 'cat.svg'))).toBe(true);
    // Dan could not be checked: no picture.
    expect(existsSync(path.join(out, 'dan.svg'))).toBe(false);
    expect(r.stdout).toContain(`Report written: ${path.join(out, 'index.html')} (and 3 picture(s) beside it)`);
  }, 180_000);

  it('a bad vpc cell is refused before any call, naming the file, row, column and value (exit 2)', async () => {
    const bad = write('bad.csv', `learner,vpc\nann,vpc-12ab\n`);
    const before = proxy.actions.length;
    const r = await runCli(['class', 'check', '--roster', bad, '--endpoint-url', proxy.url], { cwd, env: labEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}, row 2, column "vpc": "vpc-12ab" is not a VPC ID or a Name tag`);
    expect(proxy.actions.length).toBe(before);
  });
});
