import { UsageError } from '../../engine/errors.js';

/**
 * The tutorial's chapters: the one table of them. The chapters' resources (lab/chapters/),
 * the settings that belong to each (settings.ts), `--until`, status and the plan all read
 * it; ui/ says each chapter's title.
 */
export const CHAPTERS = [
  { n: 1, name: 'network' },
  { n: 2, name: 'web' },
  { n: 3, name: 'apache' },
  // Said before the DB chapter's questions on a new lab: the NAT bills by the hour.
  { n: 4, name: 'db', intro: 'dbWhy' },
  // Not the article's: AWS stops the lab by itself at the time chosen.
  { n: 5, name: 'expiry' },
] as const satisfies readonly { n: number; name: string; intro?: string }[];

export type Chapter = (typeof CHAPTERS)[number]['n'];
export type ChapterName = (typeof CHAPTERS)[number]['name'];

/** The article's last chapter; the expiry (chapter 5) comes with it: a whole lab never runs unarmed. */
export const TUTORIAL_CHAPTERS = 4;

export const LAST_CHAPTER = Math.max(...CHAPTERS.map((c) => c.n));

/** The chapter of a number; undefined for none. */
export function chapterOf(n: number): (typeof CHAPTERS)[number] | undefined {
  return CHAPTERS.find((c) => c.n === n);
}

/** A chapter given as a number or a name (`--until web` or `--until 2`); a UsageError names the bad value and what is accepted. */
export function parseChapter(value: string): number {
  const v = value.trim().toLowerCase();
  const article = CHAPTERS.filter((c) => c.n <= TUTORIAL_CHAPTERS);
  const found = article.find((c) => String(c.n) === v || c.name === v);
  if (!found) {
    throw new UsageError(['err_chapterUnknown', value], ['hint_chapterUnknown', article.map((c) => ({ n: c.n, name: c.name }))]);
  }
  return found.n;
}
