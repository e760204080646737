import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's chromium (never a downloaded browser), headless, driven by playwright-core,
 * with a profile of its own in a temporary folder: what the hand-out and picture tests
 * print and measure pages in.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface Browser {
  context: BrowserContext;
  /** A page showing `content` (HTML or SVG), written to a file named `name`. */
  open(content: string, name: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(prefix: string): Promise<Browser> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: FLAGS });
  return {
    context,
    async open(content, name) {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      const page = await context.newPage();
      await page.goto(`file://${file}`);
      return page;
    },
    close: () => context.close(),
  };
}

/** Pages of a PDF as chromium writes it (one page object each). */
export const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
