import { readFileSync } from 'node:fs';

/**
 * docs/glossary-ja.md read by the tests: its "avoid" column (words no Japanese message or
 * screen may use) and its verbs table (the console's verb by what goes away).
 */
const GLOSSARY = readFileSync(new URL('../../docs/glossary-ja.md', import.meta.url), 'utf8');

/** The glossary's "avoid" column: words the Japanese messages must not use. */
export function avoided(): string[] {
  return GLOSSARY.split('\n')
    .filter((l) => /^\|[^|]+\|[^|]+\|[^|]*\S[^|]*\|$/.test(l) && !l.includes('---') && !l.includes('avoid'))
    .flatMap((l) => l.split('|')[3].split(/[,、]/).map((w) => w.trim()).filter(Boolean));
}

/** The glossary's verbs table: the thing, an ID of it, the console's verb, and the verb that is wrong for it. */
export function verbRows(): { thing: string; id: string; verb: string; not: string }[] {
  const table = GLOSSARY.slice(GLOSSARY.indexOf('## Verbs by what they act on'));
  return table
    .split('\n')
    .filter((l) => /^\|([^|]*\|){5}$/.test(l) && !l.includes('---') && !l.includes('not this verb'))
    .map((l) => l.split('|').map((c) => c.trim()))
    .map(([, , thing, id, verb, not]) => ({ thing, id, verb, not }));
}

/** English units, prices and times a Japanese screen must not show (englishWords skips what holds a digit). */
const UNSAID: [RegExp, string][] = [
  [/, \d+s\b|\(\d+(\.\d+)?s\)/, 'an English unit of seconds'],
  [/\$\d/, 'a price in $ (USD/時間 is the form)'],
  [/\d\/h\b|\/month\b/, 'an English price unit'],
  [/\d{4}-\d\d-\d\dT\d\d:\d\d/, 'a raw ISO time'],
  [/\by\/N\b|\bY\/n\b/, 'inquirer\'s English keys'],
  [/時間 0 分|\b\d+h \d+m\b/, 'a duration with a zero part or in English'],
];

/**
 * What a Japanese line says against the glossary: a word it says to avoid, the wrong verb for
 * what went away (an ID of an instance followed by 削除しました), an English unit or time.
 */
export function glossaryFaults(line: string): string[] {
  const faults = avoided().filter((w) => line.includes(w));
  for (const { id, not } of verbRows()) {
    const prefix = id.replace(/0abc$/, '');
    if (not && new RegExp(`\\b${prefix}[0-9a-f]+\\b.*(?:—|:) ${not}しました`).test(line)) faults.push(`${prefix}… ${not}`);
  }
  for (const [pattern, what] of UNSAID) if (pattern.test(line)) faults.push(what);
  return faults;
}
