/**
 * class check's HTML report (ui/class-report.ts) as a browser draws and prints it: Debian's
 * chromium, headless (support/browser.ts), with the machine's fonts (fonts-noto-cjk). Over
 * real checks of labs built by hand on the fake EC2 (test/support/class-learners.ts), in
 * English and in Japanese: nothing wider than an A4 page, each learner's picture drawn in
 * their section with every label in its box and no arrow over a title (the picture's own
 * measurements, support/picture-faults.ts), the marked finding's element carrying its rule,
 * the summary's links reaching the sections, Japanese drawn with a font that has it, and
 * the PDF a page for the summary and one per learner.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LearnerCheck } from '../../src/ui/class-check.js';
import { classCheckHtml } from '../../src/ui/class-report.js';
import { load } from '../../src/ui/messages/index.js';
import { classOfThree } from '../support/class-learners.js';
import { launchBrowser, pdfPages, type Browser } from './support/browser.js';
import { faults } from './support/picture-faults.js';

await load('ja');

/** A4 less the report's 12 mm margins, in CSS pixels: the width a printed page gives the report. */
const A4_CONTENT = Math.floor(((210 - 24) / 25.4) * 96);

/** Elements that reach past the page's right edge (or the page scrolls sideways). */
function tooWide(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const edge = document.documentElement.clientWidth;
    const out = document.documentElement.scrollWidth > edge + 0.5 ? [`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${edge}`] : [];
    for (const e of document.querySelectorAll('body *')) {
      if (e.closest('svg') && e.tagName.toLowerCase() !== 'svg') continue;
      const r = e.getBoundingClientRect();
      if (r.right > edge + 0.5) out.push(`<${e.tagName.toLowerCase()}> ${(e.textContent ?? '').slice(0, 40)} ends at ${Math.round(r.right)} > ${edge}`);
    }
    return out;
  });
}

/**
 * The Japanese characters of an element that its font draws as boxes: each drawn alone on a
 * canvas in the element's own font (the page's fallback rules apply there too), and compared
 * with a character no font has (U+10FFFD, drawn as the missing glyph's box). `also` adds
 * characters to the element's (the check's own proof that it catches a box).
 */
function drawnAsBoxes(page: Page, selector: string, also = ''): Promise<string[]> {
  return page.evaluate(
    ([selector, also]) => {
      const el = document.querySelector(selector)!;
      const style = getComputedStyle(el);
      const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
      ctx.canvas.width = ctx.canvas.height = 64;
      ctx.font = `${style.fontWeight} 40px ${style.fontFamily}`;
      const draw = (ch: string) => {
        ctx.clearRect(0, 0, 64, 64);
        ctx.fillText(ch, 8, 48);
        return ctx.getImageData(0, 0, 64, 64).data.join(',');
      };
      const box = draw('\u{10FFFD}');
      const japanese = [...new Set([...(el.textContent ?? ''), ...also].filter((c) => /[\u3040-\u30ff\u4e00-\u9fff]|\u{10FFFD}/u.test(c)))];
      if (!japanese.length) return ['(no Japanese in the element)'];
      return japanese.filter((c) => draw(c) === box);
    },
    [selector, also] as const,
  );
}

describe('class check\'s report in a real headless browser', () => {
  let browser: Browser;
  const learners: Partial<Record<'en' | 'ja', LearnerCheck[]>> = {};
  beforeAll(async () => {
    browser = await launchBrowser('class-report-');
    for (const lang of ['en', 'ja'] as const) learners[lang] = await classOfThree(lang);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  for (const lang of ['en', 'ja'] as const) {
    it(`${lang}: fits A4's width, each picture drawn whole in its section, the marks carry their rules, the links reach the sections`, async () => {
      const page = await browser.open(classCheckHtml('week1', learners[lang]!, lang, new Date('2026-12-07T03:51:00Z')), `report-${lang}.html`);
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: A4_CONTENT, height: 1000 });
      expect(await tooWide(page)).toEqual([]);
      for (const l of learners[lang]!) {
        const svg = `section[data-learner="${l.learner}"] svg`;
        if (!l.picture) {
          expect(await page.locator(svg).count()).toBe(0);
          continue;
        }
        // Drawn, of a size, inside its own section.
        const [box, section] = await Promise.all([page.locator(svg).boundingBox(), page.locator(`section[data-learner="${l.learner}"]`).boundingBox()]);
        expect(box!.width * box!.height).toBeGreaterThan(200 * 100);
        expect(box!.x >= section!.x - 0.5 && box!.y >= section!.y - 0.5 && box!.x + box!.width <= section!.x + section!.width + 0.5 && box!.y + box!.height <= section!.y + section!.height + 0.5).toBe(true);
        expect(await page.locator(svg).isVisible()).toBe(true);
        expect(await faults(page, svg), `${l.learner} (${lang})`).toEqual([]);
        // Each failing finding that names a drawn resource marks it, with its rule.
        for (const f of l.check!.findings.filter((x) => x.ok === false && x.resource && x.rule === 'network.public-route')) {
          const marked = page.locator(`${svg} g.box[data-id="${f.resource}"]`);
          expect(await marked.getAttribute('data-finding')).toContain(f.rule);
          expect(await marked.isVisible()).toBe(true);
        }
      }
      expect(await page.locator(`section[data-learner="bob"] svg [data-finding~="network.public-route"]`).count()).toBeGreaterThan(0);
      // Every link of the summary lands on its learner's section.
      for (const l of learners[lang]!) {
        await page.locator(`table[data-summary] tr[data-learner="${l.learner}"] a`).click();
        expect(await page.evaluate(() => document.querySelector(':target')?.getAttribute('data-learner'))).toBe(l.learner);
        // Scrolled to its top, or as far as the page goes (the last, short one).
        const top = (await page.locator(`section[data-learner="${l.learner}"]`).boundingBox())!.y;
        const atBottom = await page.evaluate(() => Math.abs(window.scrollY + window.innerHeight - document.documentElement.scrollHeight) < 2);
        expect(Math.abs(top) < 2 || (atBottom && top > 0 && top < 1000), `${l.learner}: ${top}`).toBe(true);
      }
      await page.close();
    });
  }

  it('Japanese is drawn with a font that has it (no boxes), in the page and in the pictures', async () => {
    const page = await browser.open(classCheckHtml('week1', learners.ja!, 'ja', new Date('2026-12-07T03:51:00Z')), 'report-fonts.html');
    for (const selector of ['table[data-summary] th', 'section[data-learner="bob"] h4', 'section[data-learner="bob"] .details li.fail', 'section[data-learner="bob"] svg g.box[data-kind="subnet"] > text.label tspan']) {
      expect(await drawnAsBoxes(page, selector), selector).toEqual([]);
    }
    // The check can fail: a character no font has is found drawn as a box.
    expect(await drawnAsBoxes(page, 'table[data-summary] th', '\u{10FFFD}')).toEqual(['\u{10FFFD}']);
    await page.close();
  });

  it('prints a page for the summary and one per learner, in both languages', async () => {
    for (const lang of ['en', 'ja'] as const) {
      const page = await browser.open(classCheckHtml('week1', learners[lang]!, lang, new Date('2026-12-07T03:51:00Z')), `report-print-${lang}.html`);
      expect(pdfPages(await page.pdf({ format: 'A4', preferCSSPageSize: true })), lang).toBe(1 + learners[lang]!.length);
      await page.close();
    }
  });
});
