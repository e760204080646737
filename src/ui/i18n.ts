import { chapterOf, type ChapterName } from '../lab/core/chapters.js';
import { msg, type En } from './messages/index.js';

import type { Lang } from './messages/index.js';

export type { Lang };

/**
 * English unless asked for Japanese (the tutorial's readers): --lang, else the first of
 * LC_ALL, LC_MESSAGES, LANG and LANGUAGE (a list: its first entry) that is set, else the
 * OS's own locale as Node sees it (Windows and macOS set no variable).
 */
export function pickLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, osLocale: () => string = () => Intl.DateTimeFormat().resolvedOptions().locale): Lang {
  if (flag === 'ja' || flag === 'en') return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || env.LANGUAGE?.split(':')[0] || osLocale();
  return /^ja/i.test(locale) ? 'ja' : 'en';
}

/** The catalog's keys whose message is a constant sentence (the wizard's words, the settings table's keys). */
export type TextKey = { [K in keyof En]: En[K] extends string ? K : never }[keyof En];

/** A constant sentence in a language already loaded (ui/messages: `load` or `useLang`). */
export function t(lang: Lang, key: TextKey): string {
  return msg(lang)[key] as string;
}

/** The title of chapter n ('' for none), in this run's language or a language loaded already. */
export function chapterTitle(n: number, lang?: Lang): string {
  const chapter = chapterOf(n);
  return chapter ? chapterName(chapter.name, lang) : '';
}

/** A chapter's title by its name (lab/core/chapters.ts). */
export function chapterName(name: ChapterName, lang?: Lang): string {
  return msg(lang)[`chapter_${name}`];
}
