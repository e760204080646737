import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { load, say, sayIn, useLang } from '../../src/ui/messages/index.js';
import { en } from '../../src/ui/messages/en.js';
import { estimate, fullLab } from '../../src/lab/core/cost.js';
import { natCost } from '../../src/lab/core/settings.js';
import { webUserData } from '../../src/lab/chapters/apache.js';
import { renderCost, renderExpiry, renderStatus, span } from '../../src/ui/views.js';
import { Reporter } from '../../src/ui/reporter.js';
import { makeChalk } from '../../src/ui/style.js';
import { englishWords } from '../support/english.js';
import { inJapanese } from '../support/in-japanese.js';

const ja = await load('ja');
const plain = makeChalk(false);


class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

/** Every English word of a Japanese screen, outside AWS's names, IDs and commands (test/support/english.ts). */
const leaks = (screen: string) => screen.split('\n').flatMap((line) => englishWords(line).map((w) => `${w}  in  ${line}`));

describe('prices as AWS\'s Japanese pages write them, one figure rounded the same everywhere (issue 29)', () => {
  it('says an hour and a month in USD, 4 and 2 places', () => {
    expect(ja.perHourAndMonth(0.10134, 73.9782)).toBe('0.1013 USD/時間 (月額 約 73.98 USD)');
    expect(ja.perHour(0.062)).toBe('0.0620 USD/時間');
    expect(ja.amount(0.1349)).toBe('0.13 USD');
    expect(en.perHourAndMonth(0.10134, 73.9782)).toBe('$0.1013/h ≈ $73.98/month');
  });

  it('the cost table\'s total reads as the same figure as the expiry line says it (no 3-place total)', async () => {
    const cost = estimate('ap-northeast-1', 't3.micro', fullLab('gateway'));
    if (!cost.known) throw new Error('ap-northeast-1 has prices');
    const [table, noExpiry] = await inJapanese(() => [renderCost(plain, cost), renderExpiry(plain, { expired: false, acts: [], after: cost, now: cost }, Date.now())]);
    const hourly = `${cost.hourly.toFixed(4)} USD/時間`;
    expect(table).toContain(hourly);
    expect(noExpiry).toContain(`${hourly} (月額 約 ${cost.monthly.toFixed(2)} USD)`);
    for (const screen of [table, noExpiry]) {
      expect(screen).not.toMatch(/\$|\/h\b|\/月|≈/);
      expect(leaks(screen)).toEqual([]);
    }
    // A partial NAT gateway hour bills as a whole one: said where the NAT's cost is.
    expect(table).toContain('1 時間未満の利用も 1 時間分として請求されます');
    expect(ja.dbWhy).toContain('1 時間未満の利用も 1 時間分として請求されます');
  });

  it('the wizard\'s NAT choices carry their price in the run\'s language', async () => {
    const gateway = natCost('ap-northeast-1', 'gateway');
    expect(gateway).toBeDefined();
    const choice = ja.choiceWithDetail(ja.natGateway, sayIn('ja', gateway!));
    expect(choice).toMatch(/^NAT ゲートウェイ \(チュートリアルどおり\): 0\.\d{4} USD\/時間 \(月額 約 \d+\.\d\d USD\)$/);
    expect(leaks(choice)).toEqual([]);
  });

  it('a region without prices says why in Japanese', async () => {
    const cost = estimate('af-south-1', 't3.micro', fullLab('gateway'));
    const screen = await inJapanese(() => renderCost(plain, cost));
    expect(screen).toContain('af-south-1 の料金の情報がありません');
    expect(leaks(screen)).toEqual([]);
  });

  it('the class says its total per hour as every other price', () => {
    expect(ja.classPlanDone('k', 2, ja.perHour(0.2026))).toBe('クラス "k": ラボ 2 件。すべて作成すると合計 0.2026 USD/時間 です。');
    expect(ja.classUpDone('k', 2, 2, ja.perHour(0.2026))).not.toContain('/h');
  });
});

describe('durations, units and values in Japanese (issue 29)', () => {
  it('drops a zero part: 「あと 8 時間」, never 「8 時間 0 分」', async () => {
    const [eight, day, mixed] = await inJapanese(() => [span(8 * 3600_000), span(48 * 3600_000), span(90 * 60_000)]);
    expect(eight).toBe('8 時間');
    expect(day).toBe('2 日');
    expect(mixed).toBe('1 時間 30 分');
    expect(ja.expiresAt('12:51 JST (03:51 UTC)', eight)).toBe('有効期限: 12:51 JST (03:51 UTC)、あと 8 時間');
    expect(ja.lockAge(7200)).toBe('2 時間');
  });

  it('status says the time up and the cost so far in Japanese', async () => {
    const head = await inJapanese(() => renderStatus(plain, 'lab', 'ap-northeast-1', [{ key: 'vpc', kind: 'VPC', chapter: 1, label: ['res_vpc', '10.0.0.0/16'], health: 'found', id: 'vpc-0abc', state: 'available', drift: [] }], 8, 0.4321).split('\n')[0]);
    expect(head).toContain('稼働 8 時間');
    expect(head).toContain('約 0.43 USD');
    expect(leaks(head)).toEqual([]);
  });

  it('the plan shows the NAT and the expiry in words, not gateway and 8h', () => {
    expect(ja.setting_value('nat', 'gateway')).toBe('NAT ゲートウェイ');
    expect(ja.setting_value('nat', 'instance')).toBe('NAT インスタンス');
    expect(ja.setting_value('expiresIn', '8h')).toBe('8 時間');
    expect(ja.setting_value('expiresIn', '90m')).toBe('90 分');
    expect(ja.setting_value('expiresIn', 'never')).toBe('なし');
    expect(ja.setting_value('vpcCidr', '10.0.0.0/16')).toBe('10.0.0.0/16');
    expect(en.setting_value('nat', 'gateway')).toBe('gateway');
  });

  it('the confirm answers はい / いいえ and names its keys in Japanese', () => {
    expect(ja.confirmAnswer(false)).toBe('いいえ');
    expect(ja.confirmAnswer(true)).toBe('はい');
    expect(ja.confirmKeys(false)).toBe('(y: はい / N: いいえ)');
    expect(en.confirmKeys(false)).toBe('(y/N)');
  });
});

describe('progress lines in Japanese: no English unit, comma or verb (issue 29)', () => {
  it('elapsed seconds, the time a step took and the console\'s verb for what went away', async () => {
    const err = new Sink();
    await inJapanese(() => {
      const r = new Reporter('plain', new Sink(), err);
      r.started('webInstance', ['res_webInstance', 't3.micro']);
      r.progress('webInstance', ['progress_waitServer', 'web', 'i-0abc', 'terminated', {}]);
      r.finished('webInstance', 'deleted', 'i-0abc', 2500);
      r.started('webElasticIp', ['res_webElasticIp']);
      r.finished('webElasticIp', 'deleted', 'eipalloc-0abc', 10);
      r.started('publicRouteAssociation', ['res_publicRouteAssociation']);
      r.finished('publicRouteAssociation', 'deleted', 'rtbassoc-0abc', 10);
      r.started('vpc', ['res_vpc', '10.0.0.0/16']);
      r.finished('vpc', 'deleted', 'vpc-0abc', 10);
    });
    const text = err.text;
    expect(text).toContain('Web サーバー i-0abc が終了済みになるのを待っています、0 秒');
    expect(text).toMatch(/i-0abc: 終了しました \(2\.5 秒\)/);
    expect(text).toContain('eipalloc-0abc: 解放しました');
    expect(text).toContain('rtbassoc-0abc: 関連付けを解除しました');
    expect(text).toContain('vpc-0abc: 削除しました');
    expect(text).not.toMatch(/, \d+s|\d\.\ds\)/);
    expect(leaks(text)).toEqual([]);
  });

  it('the destroy plan\'s action word follows the console too', () => {
    expect(ja.action_removed('terminate')).toBe('終了');
    expect(ja.action_removed('release')).toBe('解放');
    expect(ja.action_removed('delete')).toBe('削除');
    expect(ja.confirmDestroy).toContain('この操作は元に戻せません。');
  });
});

describe('the Apache page learners open, in the language of the run that launched the server (issue 29)', () => {
  it('carries the run\'s sentence, escaped for HTML', async () => {
    const page = await inJapanese(() => say(['page_apache']));
    const script = webUserData('aws-lab', page);
    expect(script).toContain('<p>aws-lab-setup が構築した Amazon Linux 2023 上の Apache です。</p>');
    expect(script).not.toContain('set up by aws-lab-setup');
    expect(webUserData('aws-lab', '<b>&</b>')).toContain('<p>&#60;b&#62;&#38;&#60;/b&#62;</p>');
    // English when no run language gives one (explain), and the same sentence as the English catalog's.
    expect(webUserData('aws-lab')).toContain(`<p>${en.page_apache}</p>`);
  });
});

describe('the wizard\'s yes/no question on screen (@inquirer/confirm through cli/prompts.ts)', () => {
  it('shows its keys and its answer in Japanese, never (y/N) or No', async () => {
    const { render } = await import('@inquirer/testing');
    const { confirm } = await import('../../src/cli/prompts.js');
    await useLang('ja');
    try {
      const { answer, events, getScreen } = await render(confirm, { message: 'それでも SSH をインターネット全体に公開しますか?', default: false });
      expect(getScreen()).toContain('それでも SSH をインターネット全体に公開しますか? (y: はい / N: いいえ)');
      events.keypress('enter');
      expect(await answer).toBe(false);
      const screen = getScreen();
      expect(screen).toContain('いいえ');
      expect(screen).not.toMatch(/\bNo\b|y\/N/);
    } finally {
      await useLang('en');
    }
  });

  it('English keeps inquirer\'s own words', async () => {
    const { render } = await import('@inquirer/testing');
    const { confirm } = await import('../../src/cli/prompts.js');
    const { answer, events, getScreen } = await render(confirm, { message: 'Open SSH to the whole internet anyway?', default: false });
    expect(getScreen()).toContain('(y/N)');
    events.type('y');
    events.keypress('enter');
    expect(await answer).toBe(true);
    expect(getScreen()).toContain('Yes');
  });
});
