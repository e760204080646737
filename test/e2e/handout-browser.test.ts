import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardsHtml, CARDS_PER_PAGE, handoutHtml, type Handout } from '../../src/ui/handout.js';
import { load } from '../../src/ui/messages/index.js';
import { launchBrowser, pdfPages as pages, type Browser } from './support/browser.js';

// The hand-outs say their words from the catalogs, loaded as a run loads its language.
await load('ja');

/**
 * The hand-outs as a printer sees them: Debian's chromium (never a downloaded browser),
 * headless, driven by playwright-core. Every learner's URL and SSH commands must be on the
 * page, and the cards must print at most one A4 page per eight learners.
 */

function learner(i: number): Handout {
  const ip = `54.250.${i}.${10 + i}`;
  const key = `week1-learner-${i}-key.pem`;
  return {
    learner: `learner-${i}`,
    lab: `week1-learner-${i}`,
    klass: 'week1',
    region: 'ap-northeast-1',
    webUrl: `http://ec2-54-250-${i}-${10 + i}.ap-northeast-1.compute.amazonaws.com/`,
    sshWeb: `ssh -i ${key} ec2-user@${ip}`,
    sshDb: `ssh -i ${key} -o ProxyCommand="ssh -i ${key} -W %h:%p ec2-user@${ip}" ec2-user@10.0.2.${100 + i}`,
    keyFile: key,
    keyMade: true,
    hourly: '$0.0870/h',
    expiresAt: '2026-06-01T09:00:00.000Z',
  };
}

describe('hand-outs in a real headless browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser('handout-');
  });
  afterAll(async () => {
    await browser?.close();
  });
  const open = (html: string, name: string) => browser.open(html, name);

  for (const n of [1, 8, 17, 30]) {
    it(`cards for ${n} learner(s): every URL and SSH command on the page, at most ${Math.ceil(n / CARDS_PER_PAGE)} A4 page(s)`, async () => {
      const all = Array.from({ length: n }, (_, i) => learner(i + 1));
      const page = await open(cardsHtml('week1', all, 'en'), `cards-${n}.html`);
      const text = await page.innerText('body');
      for (const h of all) {
        expect(text).toContain(h.webUrl);
        expect(text).toContain(h.sshWeb);
        expect(text).toContain(h.sshDb);
      }
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      // At most one page per eight learners, and the count is real: a full sheet each.
      expect(pages(pdf)).toBe(Math.ceil(n / CARDS_PER_PAGE));
      await page.close();
    });
  }

  it('a learner\'s hand-out is one page, in Japanese too', async () => {
    for (const lang of ['en', 'ja'] as const) {
      const h = learner(3);
      const page = await open(handoutHtml(h, lang), `handout-${lang}.html`);
      const text = await page.innerText('body');
      for (const s of [h.webUrl!, h.sshWeb!, h.sshDb!, h.hourly!]) expect(text).toContain(s);
      if (lang === 'ja') expect(text).toContain('プライベートキー');
      expect(pages(await page.pdf({ format: 'A4', preferCSSPageSize: true }))).toBe(1);
      await page.close();
    }
  });
});
