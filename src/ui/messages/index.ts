/**
 * The run's words.
 *
 * ADDING A MESSAGE: one entry in en.ts (or one of the parts it spreads: a constant, or a
 * function of the sentence's values — never a fragment glued to others), then the same key
 * in ja.ts — the compiler refuses ja.ts until it has it, with the same parameters.
 *
 * SAYING ONE: lab, aws and engine code name a sentence by key and values, a Words tuple
 * (engine/errors.ts): `['err_noAmi', region]`. The compiler checks it against en.ts — a key
 * the catalog lacks, or values of the wrong number or type, do not compile — so there is no
 * fallback for a missing key. ui/ says Words with say(words) (this run's language) or
 * sayIn(lang, words) (a language loaded already: the hand-out, the explain script); ui/ code
 * that calls an entry directly uses msg() (this run's catalog) or msg(lang).
 *
 * NAMING A KEY: `area_name`, the area the sentence is said in (err_, hint_, res_, drift_,
 * changed_, progress_, check_, help_, flag_, …) then the sentence's name in camelCase; a key
 * built from a lab name keeps that name as it is (res_publicSubnet for publicSubnet,
 * outcome_created for the Outcome 'created'). About 230 older keys are camelCase without an
 * area (the wizard's regionAsk, the diagram's dWebServer, pageAnswered, classUpDone, …): new
 * keys follow `area_name`; the older ones were not renamed (their entries are being edited
 * by other changes, and the rename is mechanical but touches every ui/ file).
 */
import { speakWith, type Inner, type Words } from '../../engine/errors.js';
import { en } from './en.js';
import type { Catalog, En } from './types.js';
import { loadJapaneseBreaks } from '../wrap.js';

// Every Words of the program (engine/errors.ts) names a key of the English catalog, with its values.
declare module '../../engine/errors.js' {
  interface Messages extends En {}
}

/** The languages there is a catalog for. */
export type Lang = 'en' | 'ja';

const loaded: Partial<Record<Lang, Catalog>> = { en };
// An error's .message (logs, --json) reads in English whatever the run's language.
speakWith((words) => sayWith(en, words));
let current: Catalog = en;
let currentName: Lang = 'en';

/**
 * Choose the language of this run, once, after it is picked: English is always there;
 * Japanese is loaded only now (its own chunk), so an English run never reads it.
 */
export async function useLang(lang: Lang): Promise<Catalog> {
  current = await load(lang);
  currentName = lang;
  return current;
}

/** A language's catalog, loading it the first time it is asked for. */
export async function load(lang: Lang): Promise<Catalog> {
  // Japanese lines break between phrases (ui/wrap.ts): BudouX comes with the catalog.
  if (lang === 'ja') await loadJapaneseBreaks();
  loaded[lang] ??= lang === 'ja' ? (await import('./ja.js')).ja : en;
  return loaded[lang]!;
}

/**
 * The entries of this run's language (English until useLang chose another), or of a
 * language loaded already (by useLang or load), for ui/ code that calls them directly.
 */
export function msg(lang?: Lang): Catalog {
  if (lang === undefined) return current;
  const c = loaded[lang];
  if (!c) throw new Error(`internal: the ${lang} catalog was not loaded (useLang or load first)`);
  return c;
}

export type { Catalog, En } from './types.js';

/** The language useLang chose ('en' until then). */
export function currentLang(): Lang {
  return currentName;
}

/** A sentence named by key and values (engine/errors.ts Words), in this run's language. */
export function say(words: Words): string {
  return sayWith(current, words);
}

/** A sentence named by key and values, in a language loaded already (by useLang or load). */
export function sayIn(lang: Lang, words: Words): string {
  return sayWith(msg(lang), words);
}

/** A sentence in one catalog: its constant, or its function given the values (inner sentences said first). */
function sayWith(c: Catalog, [key, ...values]: Words): string {
  const entry = c[key] as string | ((...values: unknown[]) => string);
  return typeof entry === 'string' ? entry : entry(...values.map((v) => sayInner(c, v)));
}

/** A value that is a sentence of its own (engine/errors.ts Inner), or a list of them, said in the same catalog. */
function sayInner(c: Catalog, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => sayInner(c, v));
  return value && typeof value === 'object' && 'inner' in value ? sayWith(c, (value as Inner).inner) : value;
}
