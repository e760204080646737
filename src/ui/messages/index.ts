/**
 * The run's words. ADDING A MESSAGE: one entry in en.ts (a constant, or a function of the
 * sentence's values: never a fragment glued to others), then the same key in ja.ts — the
 * compiler refuses ja.ts until it has it, with the same parameters — and ui/ code says it
 * through msg() (this run's language) or catalog(lang). Lab, aws and engine code do not
 * import this: an error names its sentence by key with said() (engine/errors.ts), and the
 * reporter says it.
 */
import { inEnglish, speakWith, type Inner, type Words } from '../../engine/errors.js';
import { en } from './en.js';
import type { Catalog, En } from './types.js';

// Every Words of the program (engine/errors.ts) names a key of the English catalog with its values.
declare module '../../engine/errors.js' {
  interface Messages extends En {}
}

/** The languages there is a catalog for. */
export type Lang = 'en' | 'ja';

const loaded: Partial<Record<Lang, Catalog>> = { en };
// An error's .message (logs, --json) reads in English whatever the run's language.
speakWith((words) => sayIn(en, words));
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
  loaded[lang] ??= lang === 'ja' ? (await import('./ja.js')).ja : en;
  return loaded[lang]!;
}

/** The words of this run (English until useLang chose another). */
export function msg(): Catalog {
  return current;
}

/** A language loaded already (by useLang or load); English otherwise, never a half-loaded one. */
export function catalog(lang: Lang): Catalog {
  const c = loaded[lang];
  if (!c) throw new Error(`internal: the ${lang} catalog was not loaded (useLang or load first)`);
  return c;
}

export type { Catalog, En } from './types.js';

/** The language useLang chose ('en' until then). */
export function currentLang(): Lang {
  return currentName;
}

/** A sentence named by key and values (engine/errors.ts Words), in this run's language; undefined for none, or a key the catalog lacks. */
export function sayWords(words: Words | undefined): string | undefined {
  return words && sayIn(current, words);
}

/** A resource's label (Resource.label) in this run's language; a key the catalog lacks reads as itself and its values. */
export function sayLabel(words: Words): string {
  return sayWords(words) ?? inEnglish(words);
}

/** A sentence named by key and values in one catalog. */
export function sayIn(words: Catalog, [key, ...values]: Words): string | undefined {
  const entry = (words as Record<string, unknown>)[key];
  if (typeof entry === 'string') return entry;
  return typeof entry === 'function' ? (entry as (...a: unknown[]) => string)(...values.map((v) => sayInner(words, v))) : undefined;
}

/** A value that is a sentence of its own (engine/errors.ts Inner), or a list of them, said in the same catalog. */
function sayInner(words: Catalog, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => sayInner(words, v));
  const said = value && typeof value === 'object' && 'inner' in value ? (value as Inner).inner : undefined;
  return said ? (sayIn(words, said) ?? said[0]) : value;
}
