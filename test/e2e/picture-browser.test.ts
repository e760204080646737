/**
 * The lab's picture as a browser draws it: Debian's chromium, headless (support/browser.ts),
 * with the fonts of the machine (fonts-noto-cjk for Japanese). For a NAT-gateway lab, a
 * NAT-instance lab, a lab built --until web (all three built by the tool on the fake EC2)
 * and a lab built by hand with mistakes, in English and in Japanese, it measures what a
 * reader sees: no two boxes overlap (but the gateway set on the VPC's edge), every box
 * inside its group, every label inside its box and clear of the boxes it holds, every
 * arrow starting and ending on the edges of the boxes it joins, no two arrow labels on
 * each other. And the hand-out and cards carrying a picture still print on one A4 page,
 * eight cards to a page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Topology } from '../../src/lab/views/topology.js';
import { cardsHtml, CARDS_PER_PAGE, handoutHtml, type Handout } from '../../src/ui/handout.js';
import { load } from '../../src/ui/messages/index.js';
import { pictureSvg } from '../../src/ui/svg/index.js';
import { builtLabs, handBuilt } from '../support/picture-labs.js';
import { launchBrowser, pdfPages, type Browser } from './support/browser.js';

await load('ja');

/** What is wrong with the drawn picture, as sentences naming the elements (none: all is well). */
async function faults(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const TOL = 0.75;
    type R = { x: number; y: number; w: number; h: number };
    const rectOf = (g: Element): R => {
      const b = (g.querySelector(':scope > rect') as SVGGraphicsElement).getBBox();
      return { x: b.x, y: b.y, w: b.width, h: b.height };
    };
    const bbox = (e: Element): R => {
      const b = (e as SVGGraphicsElement).getBBox();
      return { x: b.x, y: b.y, w: b.width, h: b.height };
    };
    const overlap = (a: R, b: R) => a.x < b.x + b.w - TOL && b.x < a.x + a.w - TOL && a.y < b.y + b.h - TOL && b.y < a.y + a.h - TOL;
    const inside = (a: R, b: R) => a.x >= b.x - TOL && a.y >= b.y - TOL && a.x + a.w <= b.x + b.w + TOL && a.y + a.h <= b.y + b.h + TOL;
    const name = (g: Element) => `${g.getAttribute('data-kind')} ${g.getAttribute('data-id')}`;
    const boxes = [...document.querySelectorAll('g.box')];
    const childBoxes = (g: Element | Document) => [...(g instanceof Document ? g.querySelectorAll('svg > g.box') : g.querySelectorAll(':scope > g.box'))];
    for (const parent of [document, ...boxes]) {
      const kids = childBoxes(parent);
      for (let i = 0; i < kids.length; i++) {
        for (let j = i + 1; j < kids.length; j++) {
          const [a, b] = [kids[i], kids[j]];
          const straddles = a.getAttribute('data-on') === b.getAttribute('data-id') || b.getAttribute('data-on') === a.getAttribute('data-id');
          if (!straddles && overlap(rectOf(a), rectOf(b))) out.push(`${name(a)} overlaps ${name(b)}`);
        }
        if (parent instanceof Element && !inside(rectOf(kids[i]), rectOf(parent))) out.push(`${name(kids[i])} sticks out of ${name(parent)}`);
      }
    }
    for (const g of boxes) {
      const box = rectOf(g);
      for (const t of g.querySelectorAll(':scope > text.label')) {
        const b = bbox(t);
        if (b.w < 1) out.push(`an empty label in ${name(g)}`);
        if (!inside(b, box)) out.push(`"${t.textContent}" (${Math.round(b.x + b.w)}) runs out of ${name(g)} (${Math.round(box.x + box.w)})`);
        for (const k of childBoxes(g)) if (overlap(b, rectOf(k))) out.push(`"${t.textContent}" lies on ${name(k)}`);
      }
    }
    const byId = new Map(boxes.map((g) => [g.getAttribute('data-id'), g]));
    const onEdge = (p: DOMPoint, r: R) => {
      const within = p.x >= r.x - TOL && p.x <= r.x + r.w + TOL && p.y >= r.y - TOL && p.y <= r.y + r.h + TOL;
      const edge = Math.min(Math.abs(p.x - r.x), Math.abs(p.x - r.x - r.w), Math.abs(p.y - r.y), Math.abs(p.y - r.y - r.h));
      return within && edge <= TOL;
    };
    for (const s of document.querySelectorAll('path.segment')) {
      const path = s as SVGPathElement;
      const [from, to] = [byId.get(s.getAttribute('data-from')), byId.get(s.getAttribute('data-to'))];
      const flow = s.closest('g.arrow')!.getAttribute('data-flow');
      if (!from || !to) {
        out.push(`${flow}: a piece joins a box not drawn`);
        continue;
      }
      const [start, end] = [path.getPointAtLength(0), path.getPointAtLength(path.getTotalLength())];
      if (!onEdge(start, rectOf(from))) out.push(`${flow} starts at ${Math.round(start.x)},${Math.round(start.y)}, off the edge of ${name(from)}`);
      if (!onEdge(end, rectOf(to))) out.push(`${flow} ends at ${Math.round(end.x)},${Math.round(end.y)}, off the edge of ${name(to)}`);
    }
    const labels = [...document.querySelectorAll('text.arrow-label')];
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) if (overlap(bbox(labels[i]), bbox(labels[j]))) out.push(`arrow labels "${labels[i].textContent}" and "${labels[j].textContent}" overlap`);
    // Nothing is drawn past the picture's own edges.
    const svg = document.querySelector('svg')!;
    const all = bbox(svg.querySelector('g.box[data-kind="cloud"]')!);
    if (all.x + all.w > svg.viewBox.baseVal.width + TOL) out.push('the cloud runs past the picture');
    return out;
  });
}

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

  it('the measuring catches a label too wide for its box, boxes on each other and an arrow off its box', async () => {
    const svg = pictureSvg(labs.gateway.topology, { lang: 'ja' });
    const web = labs.gateway.topology.servers.web!.id;
    const broken = svg
      .replace('パブリックサブネット', 'パブリックサブネット'.repeat(6))
      .replace(/(data-id="[^"]*private[^"]*"|data-role="private")><rect x="[\d.]+"/, (m) => m.replace(/x="[\d.]+"/, 'x="700"'))
      .replace(new RegExp(`(data-to="${web}" d="M[\\d.]+,[\\d.]+ L)([\\d.]+)`), (_, head, x) => `${head}${Number(x) - 30}`);
    const page = await browser.open(broken, 'broken.svg');
    const found = await faults(page);
    expect(found.some((f) => f.includes('runs out of subnet'))).toBe(true);
    expect(found.some((f) => f.includes('overlaps subnet'))).toBe(true);
    expect(found.some((f) => f.includes(`off the edge of server ${web}`))).toBe(true);
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
