/**
 * The lab's picture as a browser draws it: Debian's chromium, headless (support/browser.ts),
 * with the fonts of the machine (fonts-noto-cjk for Japanese). For a NAT-gateway lab, a
 * NAT-instance lab, a lab built --until web (all three built by the tool on the fake EC2)
 * and a lab built by hand with mistakes, in English and in Japanese, it measures what a
 * reader sees: no two boxes overlap (but the gateway set on the VPC's edge), every box
 * inside its group, every label inside its box and clear of the boxes it holds, every
 * arrow starting and ending on the edges of the boxes it joins, none over a group's title
 * (support/picture-faults.ts, shared with the class report's test), no two arrow labels on
 * each other. And the hand-out and cards carrying a picture still print on one A4 page,
 * eight cards to a page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Topology } from '../../src/lab/views/topology.js';
import { cardsHtml, CARDS_PER_PAGE, handoutHtml, type Handout } from '../../src/ui/handout.js';
import { load } from '../../src/ui/messages/index.js';
import { pictureSvg } from '../../src/ui/svg/index.js';
import { builtLabs, handBuilt } from '../support/picture-labs.js';
import { launchBrowser, pdfPages, type Browser } from './support/browser.js';
import { faults } from './support/picture-faults.js';

await load('ja');

describe('the picture in a real headless browser', () => {
  let browser: Browser;
  let labs: Record<string, { topology: Topology; findings?: ReturnType<typeof handBuilt>['findings']; paths?: ReturnType<typeof handBuilt>['paths'] }>;
  beforeAll(async () => {
    browser = await launchBrowser('picture-');
    const built = await builtLabs();
    // The hand-built lab with the rules' findings and the paths analyzer's verdicts marked.
    const hand = handBuilt();
    labs = { gateway: { topology: built.gateway }, natInstance: { topology: built.natInstance }, untilWeb: { topology: built.untilWeb }, handBuilt: { ...hand, paths: hand.analyzed } };
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  for (const name of ['gateway', 'natInstance', 'untilWeb', 'handBuilt']) {
    it(`${name}: boxes apart, labels inside, arrows on their boxes, in English and in Japanese`, async () => {
      for (const lang of ['en', 'ja'] as const) {
        const { topology, findings, paths } = labs[name];
        const page = await browser.open(pictureSvg(topology, { lang, findings, paths }), `${name}-${lang}.svg`);
        expect(await faults(page), `${name} (${lang})`).toEqual([]);
        // The measuring sees what it should: every box and every arrow's piece.
        expect(await page.locator('g.box').count()).toBeGreaterThan(6);
        await page.close();
      }
    });
  }

  it('the measuring catches a label too wide for its box, boxes on each other, an arrow off its box and one over a title', async () => {
    const svg = pictureSvg(labs.gateway.topology, { lang: 'ja' });
    const web = labs.gateway.topology.servers.web!.id;
    // An arrow along the public subnet's title line.
    const [, x, y] = /data-role="public"><rect x="([\d.]+)" y="([\d.]+)"/.exec(svg)!.map(Number);
    const overTitle = `<g class="arrow" data-flow="over-title"><path class="segment" data-from="${web}" data-to="${web}" d="M${x + 24},${y + 11} L${x + 120},${y + 11}"/></g></svg>`;
    const broken = svg
      .replace('</svg>', overTitle)
      .replace('パブリックサブネット', 'パブリックサブネット'.repeat(6))
      .replace(/(data-id="[^"]*private[^"]*"|data-role="private")><rect x="[\d.]+"/, (m) => m.replace(/x="[\d.]+"/, 'x="700"'))
      .replace(new RegExp(`(data-to="${web}" d="M[\\d.]+,[\\d.]+ L)([\\d.]+)`), (_, head, x) => `${head}${Number(x) - 30}`);
    const page = await browser.open(broken, 'broken.svg');
    const found = await faults(page);
    expect(found.some((f) => f.includes('runs out of subnet'))).toBe(true);
    expect(found.some((f) => f.includes('overlaps subnet'))).toBe(true);
    expect(found.some((f) => f.includes(`off the edge of server ${web}`))).toBe(true);
    expect(found.some((f) => f.startsWith('over-title crosses the title "パブリックサブネット'))).toBe(true);
    await page.close();
  });

  it('a hand-out with its picture is one A4 page, in Japanese too; cards with pictures print eight to a page, none cut', async () => {
    const learner = (i: number): Handout => ({
      learner: `learner-${i}`,
      lab: `week1-learner-${i}`,
      klass: 'week1',
      region: 'us-east-1',
      webUrl: `http://ec2-54-250-${i}-10.compute-1.amazonaws.com/`,
      sshWeb: `ssh -i week1-learner-${i}-key.pem ec2-user@54.250.${i}.10`,
      sshDb: `ssh -i week1-learner-${i}-key.pem -o ProxyCommand="ssh -i week1-learner-${i}-key.pem -W %h:%p ec2-user@54.250.${i}.10" ec2-user@10.0.2.${i}`,
      keyFile: `week1-learner-${i}-key.pem`,
      keyMade: true,
      hourly: '$0.0870/h',
      expiresAt: '2026-06-01T09:00:00.000Z',
    });
    for (const lang of ['en', 'ja'] as const) {
      const picture = pictureSvg(labs.handBuilt.topology, { lang, findings: labs.handBuilt.findings, paths: labs.handBuilt.paths });
      const page = await browser.open(handoutHtml({ ...learner(1), picture }, lang), `handout-${lang}.html`);
      expect(await page.locator('.picture svg').count()).toBe(1);
      expect(pdfPages(await page.pdf({ format: 'A4', preferCSSPageSize: true }))).toBe(1);
      await page.close();
    }
    const n = 9;
    const all = Array.from({ length: n }, (_, i) => ({ ...learner(i + 1), picture: pictureSvg(labs.gateway.topology, { lang: 'en' }) }));
    const page = await browser.open(cardsHtml('week1', all, 'en'), 'cards.html');
    // Measured as printed: A4's width inside the cards' 8 mm margins, print styles.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: Math.floor(((210 - 16) / 25.4) * 96), height: 1100 });
    expect(pdfPages(await page.pdf({ format: 'A4', preferCSSPageSize: true }))).toBe(Math.ceil(n / CARDS_PER_PAGE));
    // Each card holds its picture and its last line: nothing is cut by the card's edge.
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll('.card')].flatMap((card) => {
        const edge = card.getBoundingClientRect().bottom;
        const last = [card.querySelector('.picture svg')!, ...card.querySelectorAll('dd')].map((e) => e.getBoundingClientRect().bottom);
        return last.some((b) => b > edge + 0.5) ? [`${card.querySelector('h2')!.textContent}: ${Math.max(...last) - edge}px past its edge`] : [];
      }),
    );
    expect(cut).toEqual([]);
    await page.close();
  });
});
