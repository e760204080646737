import type { ExplainScript } from '../lab/views/explain.js';
import { chapterTitle, type Lang } from './i18n.js';
import { catalog } from './messages/index.js';

/** A comment per chapter: what it builds and why, as the wizard explains it (the expiry has none). */
const COMMENT: Record<number, 'explain_1' | 'explain_2' | 'explain_3' | 'explain_4' | undefined> = { 1: 'explain_1', 2: 'explain_2', 3: 'explain_3', 4: 'explain_4' };

const rule = (text: string) => `# ${'─'.repeat(3)} ${text}`;

/** The runnable script: header, settings, then a commented block per chapter. */
export function renderExplain(script: ExplainScript, lang: Lang, lab: string, until: number): string {
  const m = catalog(lang);
  const lines = [
    '#!/usr/bin/env bash',
    `# ${m.explainTitle(lab, until)}`,
    ...m.explainHeader.map((l) => `# ${l}`),
    'set -euo pipefail',
    '',
    ...script.head,
  ];
  for (const section of script.sections) {
    lines.push('', rule(`${section.chapter}. ${chapterTitle(section.chapter)}`), `# ${COMMENT[section.chapter] ? m[COMMENT[section.chapter]!] : ''}`, ...section.lines);
  }
  lines.push('', ...script.tail, '');
  return lines.join('\n');
}
