// PLACEHOLDER: replaced by wip-report at merge
import type { LearnerCheck } from './class-check.js';
import type { Lang } from './i18n.js';
import { sayIn } from './messages/index.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** `class check --out`'s page: a summary row per learner, then each learner's section with their picture inline. */
export function classCheckHtml(klass: string, learners: LearnerCheck[], lang: Lang, at: Date): string {
  const rows = learners.map((l) => `<tr data-learner="${escape(l.learner)}"><td>${escape(l.learner)}</td><td>${escape(l.where)}</td><td>${l.error ? escape(sayIn(lang, l.error)) : ''}</td></tr>`);
  const sections = learners.map((l) => `<section data-learner="${escape(l.learner)}"><h2>${escape(l.learner)}</h2>${l.picture ?? ''}</section>`);
  return `<!doctype html><html lang="${lang}"><meta charset="utf-8"><title>${escape(klass)}</title><p>${escape(at.toISOString())}</p><table data-summary>${rows.join('')}</table>${sections.join('')}</html>\n`;
}
