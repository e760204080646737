import type { Words } from '../engine/errors.js';
import type { ExplainLine, ExplainScript } from '../lab/views/explain.js';
import { chapterTitle, type Lang } from './i18n.js';
import { msg, sayIn } from './messages/index.js';

/** A comment per chapter: what it builds and why, as the wizard explains it (the expiry has none). */
const COMMENT: Record<number, 'explain_1' | 'explain_2' | 'explain_3' | 'explain_4' | undefined> = { 1: 'explain_1', 2: 'explain_2', 3: 'explain_3', 4: 'explain_4' };


/** A line of the script: shell as it stands; a comment or an echo said in the script's language. */
function lineOf(lang: Lang, line: ExplainLine): string {
  if (typeof line === 'string') return line;
  const say = (words: Words) => sayIn(lang, words);
  if ('echo' in line) return `echo "${say(line.echo)}"`;
  return line.after === undefined ? `# ${say(line.comment)}` : `${line.after}   # ${say(line.comment)}`;
}

/** The runnable script: header, settings, then a commented block per chapter. */
export function renderExplain(script: ExplainScript, lang: Lang, lab: string, until: number): string {
  const m = msg(lang);
  const lines = [
    '#!/usr/bin/env bash',
    `# ${m.explainTitle(lab, until)}`,
    ...m.explainHeader.map((l) => `# ${l}`),
    'set -euo pipefail',
    '',
    ...script.head.map((l) => lineOf(lang, l)),
  ];
  for (const section of script.sections) {
    lines.push('', `# ${m.mark_rule} ${section.chapter}. ${chapterTitle(section.chapter, lang)}`, `# ${COMMENT[section.chapter] ? m[COMMENT[section.chapter]!] : ''}`, ...section.lines.map((l) => lineOf(lang, l)));
  }
  lines.push('', ...script.tail.map((l) => lineOf(lang, l)), '');
  return lines.join('\n');
}
