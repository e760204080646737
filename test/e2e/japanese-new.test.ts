/**
 * Issue 29 item 6: the screens this turn added, read by a learner or instructor whose
 * terminal is in Japanese (--lang ja), against moto through the test proxy — `check --vpc`
 * over a VPC built by hand with a mistake, `check --vpc` with no value (the list), the
 * picture's text (`--svg -`), `class check` (its table and --out's index.html), `leftovers`,
 * `class leftovers`, `destroy --nat-only --vpc`, and `destroy --vpc` (the plan and the refusal
 * without --yes, then the teardown). Every line must carry no English word outside the
 * allowlist (test/support/english.ts) and no term the glossary says to avoid.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaks } from '../support/english.js';
import { ec2At } from './support/aws.js';
import { labEnv, runCli, tempDir, type CliResult } from './support/cli.js';
import { makeHandBuiltLab, type HandBuiltLab } from './support/hand-built.js';
import { buildByHand } from './support/hand-built-teardown.js';
import { TEST_ACCOUNT_QUOTAS, useMoto } from './support/moto.js';
import { startProxy, type Proxy } from './support/proxy.js';
import { teardownFaults } from './support/proxy-teardown.js';

const FROM = '203.0.113.7/32';
const NO_SUCH_VPC = 'vpc-0000000000000000a';

/** A Japanese terminal, and no locale variable that would win over LANG. */
function japanese(): Record<string, string> {
  const env = labEnv({ LANG: 'ja_JP.UTF-8', TZ: 'Asia/Tokyo' });
  for (const k of ['LC_ALL', 'LC_MESSAGES', 'LANGUAGE']) delete env[k];
  return env;
}

/** What a page or picture shows: its text, without markup, style or script, entities decoded. */
function visibleText(markup: string): string {
  return markup
    .replace(/<(style|script)\b[\s\S]*?<\/\1>/g, '\n')
    // Code is set as code (an ID, a command): what a terminal shows in backquotes.
    .replace(/<code>([\s\S]*?)<\/code>/g, '`$1`')
    .replace(/<[^>]*>/g, '\n')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;|&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('the new screens in Japanese (issue 29): no English a learner reads', () => {
  const moto = useMoto();
  let proxy: Proxy;
  const cwd = tempDir('ja-new-');
  let hand: HandBuiltLab;
  beforeAll(async () => {
    // Answers a check's reads as AWS does, and plays the teardown's refusals and a NAT gateway that takes a moment to go.
    proxy = await startProxy(moto.direct, teardownFaults({ natDeletingMs: 1_000 }, { quotas: TEST_ACCOUNT_QUOTAS }));
    hand = await makeHandBuiltLab(ec2At(moto.direct), { mistake: 'no-icmp-from-web', name: 'hana', cidr: '10.51.0.0/16' });
  }, 120_000);
  afterAll(async () => proxy?.close());

  const run = (args: string[]) => runCli([...args, '--lang', 'ja', '--endpoint-url', proxy.url], { cwd, env: japanese(), timeoutMs: 180_000 });
  /**
   * The learner's own names (their Name tags, key pair and the spare interface's description,
   * all "<prefix>-…" or "<prefix> …") and the class's: theirs, not the tool's words.
   */
  const OWN = /\b(?:hana|sora|week1|ann|dan)(?:[- ][a-z][\w-]*)*/g;
  /** What moto writes where AWS writes the learner's or its own text: the description of an instance's primary interface, quoted. */
  const MOTO_TEXT = '「Primary network interface」';
  const found = (res: Pick<CliResult, 'stdout' | 'stderr'>, named: string[] = []) => leaks(`${res.stdout}\n${res.stderr}`.replace(OWN, '').replaceAll(MOTO_TEXT, '「」'), named);

  it('check --vpc: the verdict, findings, paths and fixes of a VPC built by hand with a mistake', async () => {
    const res = await run(['check', '--vpc', hand.vpc, '--from', FROM]);
    expect(res.code, res.stderr).toBe(1);
    expect(res.stdout).toContain(hand.vpc);
    expect(found(res)).toEqual([]);
  });

  it('check --vpc with no value: the list of VPCs to choose from', async () => {
    const res = await run(['check', '--vpc']);
    expect(res.stdout + res.stderr).toContain(hand.vpc);
    expect(found(res)).toEqual([]);
  });

  it("check --vpc --svg -: the picture's text", async () => {
    const res = await run(['check', '--vpc', hand.vpc, '--from', FROM, '--svg', '-']);
    expect(res.stdout.trimStart()).toMatch(/^<svg/);
    expect(found({ stdout: visibleText(res.stdout), stderr: res.stderr })).toEqual([]);
  });

  it("class check: the table, and --out's index.html as the instructor reads it", async () => {
    const roster = path.join(cwd, 'week1.csv');
    writeFileSync(roster, `learner,vpc\nann,${hand.vpc}\ndan,${NO_SUCH_VPC}\n`);
    const out = path.join(cwd, 'report');
    mkdirSync(out, { recursive: true });
    const res = await run(['class', 'check', '--roster', roster, '--name', 'week1', '--from', FROM, '--out', out]);
    expect(res.code, res.stderr).toBe(1);
    expect(found(res)).toEqual([]);
    const page = visibleText(readFileSync(path.join(out, 'index.html'), 'utf8'));
    expect(page).toContain(hand.vpc);
    expect(found({ stdout: page, stderr: '' })).toEqual([]);
  });

  it('leftovers and class leftovers: what still bills, priced by the Price List API, then by the table when it is refused', async () => {
    // The Price List API answers for the NAT gateway (moto has none: the proxy plays it).
    proxy.faults.priceList = [{ attributes: { regionCode: 'us-east-1', productFamily: 'NAT Gateway', usagetype: 'NatGateway-Hours' }, unit: 'Hrs', usd: '0.0450000000' }];
    const res = await run(['leftovers', '--region', 'us-east-1']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout + res.stderr).toContain(hand.vpc);
    const roster = path.join(cwd, 'lo.csv');
    writeFileSync(roster, 'learner\nann\n');
    const klass = await run(['class', 'leftovers', '--roster', roster, '--name', 'week1', '--region', 'us-east-1']);
    expect(klass.code, klass.stderr).toBe(0);
    // Refused: the table's prices, and AWS's own message quoted (its words are AWS's, not the tool's).
    proxy.faults.deny = ['pricing:GetProducts'];
    const refused = await run(['leftovers', '--region', 'us-east-1']);
    proxy.faults.deny = [];
    expect(refused.code, refused.stderr).toBe(0);
    const quoted = (r: CliResult) => ({ stdout: r.stdout.replace(/\(AWS の応答 (\S+): [^)]*\)/g, '(AWS の応答 $1)'), stderr: r.stderr });
    expect([...found(res), ...found(klass), ...found(quoted(refused), ['AccessDeniedException'])]).toEqual([]);
  });

  it('destroy --nat-only --vpc, destroy --vpc without --yes (the plan, refused), then with --yes', async () => {
    const mine = await buildByHand(ec2At(moto.direct), moto.direct, 'sora', '10.52');
    const nat = await run(['destroy', '--nat-only', '--vpc', mine.vpc, '--yes']);
    expect(nat.code, nat.stderr).toBe(0);
    const asked = await run(['destroy', '--vpc', mine.vpc]);
    expect(asked.code, asked.stderr).toBe(2);
    expect(asked.stderr).toContain(mine.vpc);
    const gone = await run(['destroy', '--vpc', mine.vpc, '--yes']);
    expect(gone.code, gone.stderr).toBe(0);
    expect([...found(nat), ...found(asked), ...found(gone)]).toEqual([]);
  });
});
