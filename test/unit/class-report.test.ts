/**
 * The HTML report of `class check` (issue 26 item 7, issue 28 item 4) over real checks of
 * labs built by hand on the fake EC2 (test/support/class-learners.ts): one correct, one with
 * mistakes, one that could not be checked. The summary table, each learner's page with
 * their picture, the escaping of what learners wrote, both languages, one id space.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { classCheckHtml, scopeIds } from '../../src/ui/class-report.js';
import type { LearnerCheck } from '../../src/ui/class-check.js';
import { load, msg } from '../../src/ui/messages/index.js';
import { BOB_VPC_NAME, classOfThree } from '../support/class-learners.js';

const AT = new Date('2026-12-07T03:51:00Z');
const ids = (html: string) => [...html.matchAll(/\sid="([^"]+)"/g)].map((x) => x[1]);
const dupes = (list: string[]) => list.filter((x, i) => list.indexOf(x) !== i);
/** The element that opens with `start` (a <tr …> or <section …>) up to its closing tag. */
const element = (html: string, start: string, tag: string) => {
  const from = html.indexOf(start);
  expect(from, start).toBeGreaterThan(-1);
  return html.slice(from, html.indexOf(`</${tag}>`, from));
};

describe('class check\'s HTML report', () => {
  const learners: Record<'en' | 'ja', LearnerCheck[]> = { en: [], ja: [] };
  const html: Record<'en' | 'ja', string> = { en: '', ja: '' };
  beforeAll(async () => {
    await load('ja');
    for (const lang of ['en', 'ja'] as const) {
      learners[lang] = await classOfThree(lang);
      html[lang] = classCheckHtml('week1', learners[lang], lang, AT);
    }
  }, 60_000);

  it('the checks are what the report is tested on: alice right, bob with two mistakes and blocked paths, carol not checked', () => {
    const [alice, bob, carol] = learners.en;
    expect(alice.check!.findings.filter((f) => f.ok === false)).toEqual([]);
    expect(bob.check!.findings.filter((f) => f.ok === false).map((f) => f.rule)).toEqual(['network.public-route', 'web.http-open']);
    expect(bob.check!.paths.filter((p) => p.ok === false).map((p) => p.path)).toEqual(['internet-web-http', 'you-web-ssh', 'db-internet']);
    expect(carol.check).toBeUndefined();
  });

  it('the summary: a row per learner linking to their page, where, how built, chapters done, the first thing to fix', () => {
    const page = html.en;
    expect(page).toContain('<table class="summary" data-summary>');
    expect(page).toContain('1 of 3 learner(s) have everything the tutorial asks for.');
    const alice = element(page, '<tr class="ok" data-learner="alice">', 'tr');
    expect(alice).toContain('<a href="#learner-1">alice</a>');
    expect(alice).toContain('111122223333 / us-east-1');
    expect(alice).toContain('<td>by hand</td><td>4/4</td><td>Nothing: all as the tutorial asks.</td>');
    const bob = element(page, '<tr class="fail" data-learner="bob">', 'tr');
    expect(bob).toContain('<td>0/4</td>');
    // The rule and its fix in the console's words, as check says it.
    expect(bob).toMatch(/<code>network\.public-route<\/code> VPC console &#62; Route tables &#62; rtb-\w+ &#62; Subnet associations/);
    const carol = element(page, '<tr class="error" data-learner="carol">', 'tr');
    expect(carol).toContain('<td>by the tool</td><td>-</td><td>Not checked: cannot assume arn:aws:iam::777788889999:role/OrganizationAccountAccessRole: AccessDenied</td>');
    // Every link of the summary reaches a learner's page of the same name.
    for (const [, n, name] of page.matchAll(/<a href="#learner-(\d+)">([^<]+)<\/a>/g)) expect(page).toContain(`<section class="learner" id="learner-${n}" data-learner="${name}">`);
  });

  it('each learner\'s page: their picture with its own data-id and data-finding, the findings with their fixes, or why not checked', () => {
    const page = html.en;
    const [alice, bob] = learners.en;
    const aliceSection = element(page, '<section class="learner" id="learner-1" data-learner="alice">', 'section');
    expect(aliceSection).toContain(`<svg xmlns="http://www.w3.org/2000/svg" xml:lang="en"`);
    expect(aliceSection).toContain(`data-vpc="${alice.check!.vpc}"`);
    expect(aliceSection).not.toContain('data-finding=');
    const bobSection = element(page, '<section class="learner" id="learner-2" data-learner="bob">', 'section');
    expect(bobSection).toContain(`data-id="${bob.check!.findings.find((f) => f.rule === 'network.public-route')!.resource}"`);
    expect(bobSection).toContain('data-finding="network.public-route"');
    expect(bobSection).toContain('data-finding="web.http-open"');
    // Numbered as the picture numbers them, each with its fix: the console's path, the AWS CLI command.
    expect(bobSection).toMatch(/<li class="fail" data-rule="network\.public-route"><span class="num">1<\/span><span class="mark">✖<\/span> network\.public-route: .*?<div class="fix">console: VPC console/);
    expect(bobSection).toMatch(/<div class="fix"><code>AWS CLI: aws ec2 associate-route-table --route-table-id rtb-\w+ --subnet-id subnet-\w+/);
    expect(bobSection).toContain('<span class="num">2</span><span class="mark">✖</span> web.http-open');
    // The same fix once: the paths the route table blocks do not repeat it.
    expect(bobSection.match(/associate-route-table/g)).toHaveLength(1);
    expect(bobSection).toMatch(/<li class="fail" data-path="internet-web-http">.*blocked at the route table rtb-\w+ \(NO_ROUTE_TO_DESTINATION/);
    expect(bobSection).toContain('<li class="unjudged" data-rule="apache.page"><span class="mark">·</span> apache.page: ');
    expect(bobSection).toContain('HTTP GET -: not judged: the endpoint is an emulator');
    const carol = element(page, '<section class="learner" id="learner-3" data-learner="carol">', 'section');
    expect(carol).not.toContain('<svg');
    expect(carol).toContain('<p class="error"><b>This learner could not be checked.</b> cannot assume arn:aws:iam::777788889999:role/OrganizationAccountAccessRole: AccessDenied</p>');
  });

  it('what learners wrote is text: a VPC named <script> stays escaped, and the page loads nothing and runs nothing', () => {
    for (const page of Object.values(html)) {
      expect(page).not.toContain(BOB_VPC_NAME);
      expect(page).toContain('&#60;script&#62;document.title=&#34;pwned&#34;&#60;/script&#62;');
      expect(page).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|@import|url\((?!#)|href="(?!#)/i);
    }
    const evil: LearnerCheck = { learner: '<b>eve</b>', lab: 'w"1', where: "o'k & <x>", handBuilt: true, error: ['err_assumeRole', '<img src=x onerror=alert(1)>', 'x'] };
    const page = classCheckHtml('<i>c</i>', [evil], 'en', AT);
    expect(page).not.toMatch(/<b>eve|<img|<i>c|<x>/);
    expect(page).toContain('data-learner="&#60;b&#62;eve&#60;/b&#62;"');
  });

  it('one id space: every id once across the page, every url(#…) to an id of its own picture', () => {
    for (const page of Object.values(html)) {
      const all = ids(page);
      expect(all.length).toBeGreaterThan(5);
      expect(dupes(all)).toEqual([]);
      for (const [, ref] of page.matchAll(/url\(#([^)]+)\)/g)) expect(all).toContain(ref);
    }
    // The pictures themselves share their ids (the arrows' markers): without scoping they would collide.
    const [alice, bob] = learners.en;
    expect(dupes([...ids(alice.picture!), ...ids(bob.picture!)])).not.toEqual([]);
    const scoped = scopeIds(bob.picture!, 'learner-2-');
    expect(ids(scoped).every((id) => id.startsWith('learner-2-'))).toBe(true);
    expect(scoped).toContain('marker-end="url(#learner-2-head-mark)"');
    // data-id and text are not ids.
    expect(scoped.match(/data-id="/g)!.length).toBe(bob.picture!.match(/data-id="/g)!.length);
  });

  it('in Japanese: the page, its words and the time in JST; in English the time with UTC beside it', () => {
    const page = html.ja;
    expect(page).toMatch(/^<!doctype html>\n<html lang="ja">/);
    expect(page).toContain('チェック日時: 2026-12-07 12:51 JST (03:51 UTC)。');
    expect(page).toContain('受講者 3 人のうち 1 人は、チュートリアルの要件をすべて満たしています。');
    expect(page).toContain('<th>受講者</th><th>アカウント / リージョン</th><th>作成方法</th><th>完了した章</th><th>最初に直すこと</th>');
    expect(page).toContain('<svg xmlns="http://www.w3.org/2000/svg" xml:lang="ja"');
    // The findings in check's Japanese, not English.
    expect(element(page, '<tr class="fail" data-learner="bob">', 'tr')).toContain('VPC コンソール');
    expect(page).not.toMatch(/Learner|First thing to fix|console: /);
    // What Japanese sets in backquotes (a path's ID, a command) is set as code: no backquote shows, every path's ID is code.
    // (The picture, drawn as the terminal writes, keeps them.)
    expect(page.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<svg[\s\S]*?<\/svg>/g, '')).not.toContain('`');
    expect(page).toMatch(/<div class="fix">AWS CLI: <code>aws ec2 /);
    for (const m of page.matchAll(/<li class="[^"]*" data-path="([^"]+)">/g)) expect(page).toContain(`<code>${m[1]}</code>`);
    expect(html.en).toMatch(/Checked (2026-12-07 03:51 UTC|.* \(03:51 UTC\))\./);
  });

  it('the report\'s Japanese: です/ます, no ×, ≈ or — in its sentences', () => {
    const ja = msg('ja');
    const sentences = [ja.report_title('c'), ja.report_checkedAt('t'), ja.report_okCount(1, 2), ja.report_notChecked('x'), ...(['nothing', 'picture', 'notCheckedHead'] as const).map((k) => ja.report_label(k))];
    for (const s of sentences) expect(s).not.toMatch(/[×≈—]/);
    for (const s of [ja.report_okCount(1, 2), ja.report_label('nothing'), ja.report_label('picture'), ja.report_label('notCheckedHead')]) expect(s).toMatch(/(です|ます|ません|ました|でした)。$/);
  });
});
