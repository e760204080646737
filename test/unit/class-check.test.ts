import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRoster } from '../../src/class/roster.js';
import type { LabResult } from '../../src/class/run.js';
import type { Learner } from '../../src/class/roster.js';
import { classCheckJson } from '../../src/cli/commands/class-check.js';
import { LabError, UsageError } from '../../src/engine/errors.js';
import { judge } from '../../src/lab/views/vpc-check.js';
import { renderClassCheck, type LearnerCheck } from '../../src/ui/class-check.js';
import { useLang, type Lang } from '../../src/ui/messages/index.js';
import { makeChalk } from '../../src/ui/style.js';
import { wideWidth } from '../../src/ui/width.js';
import { layOutIn } from '../../src/ui/wrap.js';
import { handBuiltLab } from '../support/snapshot-builder.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'class-check-'));
const file = (text: string) => {
  const f = path.join(dir, 'week1.csv');
  writeFileSync(f, text);
  return f;
};

describe("the roster's vpc column", () => {
  it('takes a VPC ID or a Name tag per row; a learner without one keeps their lab of the tool\'s', async () => {
    const f = file('learner,account,vpc\nann,111111111111,vpc-0123456789abcdef0\nbob,,Bob VPC (mine)\ncat,,\n');
    const [ann, bob, cat] = await readRoster(f, 'week1');
    expect([ann.vpc, bob.vpc, cat.vpc]).toEqual(['vpc-0123456789abcdef0', 'Bob VPC (mine)', undefined]);
    expect('vpc' in cat).toBe(false);
  });

  it.each([
    ['vpc-12ab', 'row 2, column "vpc": "vpc-12ab" is not a VPC ID or a Name tag'],
    ['vpc-0123456789abcdef01', 'row 2, column "vpc": "vpc-0123456789abcdef01" is not a VPC ID or a Name tag'],
    ['x'.repeat(256), `row 2, column "vpc": "${'x'.repeat(256)}" is not a VPC ID or a Name tag`],
  ])('refuses %j with exit 2, naming the file, row, column and value', async (value, says) => {
    const f = file(`learner,vpc\nann,${value}\n`);
    const err = await readRoster(f, 'week1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    expect((err as UsageError).message).toBe(`${f}, ${says}`);
  });
});

/** The builder's lab as a learner finishes it: launched with their key pair, a public DNS name. */
function finished(lab: ReturnType<typeof handBuiltLab>): ReturnType<typeof handBuiltLab> {
  const web = lab.snapshot.instances.find((i) => i.InstanceId === lab.roles.web)!;
  Object.assign(web, { KeyName: 'ann-key', PublicDnsName: 'ec2-203-0-113-10.compute-1.amazonaws.com' });
  lab.snapshot.keyPairs = [{ KeyName: 'ann-key' }];
  return lab;
}

/** Four learners: right, a mistake (no public address on the web server), a path blocked only, and one not checked. */
function learners(): { results: LabResult<{ report: ReturnType<typeof judge> }>[]; checks: LearnerCheck[] } {
  const live = { probes: { page: { name: ['live_http', 'http://web/'], ok: true, detail: ['pageAnswered', 200] } }, lines: [], unjudged: {} } as never;
  const right = finished(handBuiltLab());
  const ok = judge(right.snapshot, right.roles, { from: '203.0.113.7/32', live });
  const wrong = finished(handBuiltLab());
  const web = wrong.snapshot.instances.find((i) => i.InstanceId === wrong.roles.web)!;
  delete web.PublicIpAddress;
  delete web.PublicDnsName;
  wrong.snapshot.addresses = [];
  const bad = judge(wrong.snapshot, wrong.roles, { from: '203.0.113.7/32', live });
  const row = (learner: string, i: number): Learner => ({ learner, lab: `week1-${learner}`, row: i + 2, account: '111111111111', vpc: 'vpc-1' });
  const t = { id: '111111111111/ap-northeast-1' } as never;
  const results: LabResult<{ report: ReturnType<typeof judge> }>[] = [
    { learner: row('ann', 0), target: t, value: { report: ok } },
    { learner: row('a-learner-with-a-long-name-xy', 1), target: t, value: { report: bad } },
    { learner: row('dan', 2), target: t, error: new LabError('NotReady', ['err_vpcUnknown', 'vpc-0000000000000000a'], ['hint_vpcUnknown']) },
  ];
  const checks = results.map((r) => ({ learner: r.learner.learner, lab: r.learner.lab, where: '111111111111/ap-northeast-1', handBuilt: true, ...(r.value ? { check: r.value.report } : {}), ...(r.error ? { error: r.error.words.message } : {}) }));
  return { results, checks };
}

describe("class check's table", () => {
  afterAll(async () => {
    layOutIn(Number.POSITIVE_INFINITY);
    await useLang('en');
  });

  it.each<[Lang, RegExp[]]>([
    ['en', [/Class "week1": 1 of 3 learner\(s\) as the tutorial wants/, /ann\s+111111111111\/ap-northeast-1\s+4\/4\s+✔ as it should be/, /a-learner-with-a-long-name-xy\s+111111111111\/ap-northeast-1\s+1\/4\s+✖ web\.public-address/, /dan\s+111111111111\/ap-northeast-1\s+-\s+✖ no VPC vpc-0000000000000000a/]],
    ['ja', [/クラス "week1": 受講者 3 人のうち 1 人がチュートリアルどおりです/, /ann\s+111111111111\/ap-northeast-1\s+4\/4\s+✔ あるべき状態です/, /1\/4\s+✖ web\.public-address/, /dan\s+111111111111\/ap-northeast-1\s+-\s+✖ /]],
  ])('%s: a row per learner — chapters done, the first thing to fix or why not checked — within 80 columns', async (lang, says) => {
    await useLang(lang);
    layOutIn(80);
    const out = renderClassCheck(makeChalk(false), 'week1', learners().checks);
    for (const re of says) expect(out).toMatch(re);
    for (const line of out.split('\n')) expect(wideWidth(line), line).toBeLessThanOrEqual(80);
    // Dan's reason is longer than the room left: wrapped under its own column, not cut.
    expect(out.split('\n').length).toBeGreaterThan(5);
  });
});

describe('class check --json', () => {
  it('a learner a row: ok, chapters done, the first failing finding or path, the error in English, the check itself', async () => {
    await useLang('ja');
    const { results, checks } = learners();
    const doc = classCheckJson('week1', results as never, checks);
    await useLang('en');
    expect([doc.ok, doc.command, doc.class]).toEqual([false, 'class check', 'week1']);
    expect(doc.learners.map((l) => [l.learner, l.ok, l.chaptersDone, l.first && ('rule' in l.first ? l.first.rule : l.first.path)])).toEqual([
      ['ann', true, 4, null],
      ['a-learner-with-a-long-name-xy', false, 1, 'web.public-address'],
      ['dan', false, null, null],
    ]);
    expect(doc.learners[1].first).toEqual({ rule: 'web.public-address', chapter: 2, resource: expect.stringMatching(/^i-/) });
    expect(doc.learners[2].error).toMatch(/^no VPC vpc-0000000000000000a/);
    expect([doc.learners[2].check, doc.learners[2].vpc, doc.learners[0].vpc]).toEqual([null, 'vpc-1', checks[0].check!.vpc]);
    expect(doc.learners[0].check!.command).toBe('check');
    expect(doc.learners[0].check!.findings.length).toBeGreaterThan(10);
    expect(Object.keys(doc.learners[0]).sort()).toEqual(['chaptersDone', 'check', 'error', 'first', 'handBuilt', 'lab', 'learner', 'ok', 'target', 'vpc']);
  });
});
