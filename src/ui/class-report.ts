import { isFailure, type Finding } from '../engine/finding.js';
import { TUTORIAL_CHAPTERS } from '../lab/core/chapters.js';
import type { PathVerdict } from '../lab/paths/index.js';
import { chaptersDone } from '../lab/rules/progress.js';
import { firstThing, pathReason, roleLines, type CheckView } from './check.js';
import type { LearnerCheck } from './class-check.js';
import { msg, sayIn, type Lang } from './messages/index.js';
import { SYMBOLS } from './style.js';
import { esc, MONO, SANS } from './svg/text.js';
import { localTime } from './time.js';

/**
 * The HTML report of `class check` (issue 26 item 7, issue 28 item 4): what an instructor
 * reads of thirty labs. At the top the class, when it was checked and how many are as they
 * should be, then a table with a row per learner (where, how it was built, chapters done,
 * the first thing to fix) linking to their page; then a page per learner (A4, each starting
 * a new one): their picture with the mistakes marked, the findings chapter by chapter with
 * each failing one's fix in the console and as an AWS CLI command, the paths and the gate
 * that blocks each, the live probes — or why they could not be checked. One file, nothing
 * fetched, no script; every value escaped (a learner's Name tags are theirs).
 */
export function classCheckHtml(klass: string, learners: LearnerCheck[], lang: Lang, at: Date): string {
  const m = msg(lang);
  const title = m.report_title(klass);
  const ok = learners.filter((l) => l.check && asItShouldBe(l.check)).length;
  const head = `<header id="summary"><h1>${esc(title)}</h1><p>${esc(m.report_checkedAt(checkedAt(at, lang)))}</p><p class="count">${esc(m.report_okCount(ok, learners.length))}</p>${summaryTable(learners, lang)}</header>`;
  const body = head + learners.map((l, i) => learnerSection(l, i, lang)).join('');
  return `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>\n`;
}

/** Japanese readers read the time in JST (with UTC beside it); others in the machine's zone. */
const checkedAt = (at: Date, lang: Lang) => (lang === 'ja' ? localTime(at.toISOString(), 'Asia/Tokyo') : localTime(at.toISOString()));

/** As `check` exits 0: no error-level finding failed and every path is as the tutorial wants it. */
const asItShouldBe = (v: CheckView) => !v.findings.some(isFailure) && !v.paths.some((p) => p.ok === false);

/** The anchor of a learner's page: by place in the roster (a learner's name is theirs to write). */
const anchor = (i: number) => `learner-${i + 1}`;

const STYLE = `
  @page { size: A4; margin: 12mm; }
  body { font-family: ${SANS}; font-size: 9pt; color: #16191f; margin: 0 auto; max-width: 186mm; }
  code { font-family: ${MONO}; font-size: 0.9em; overflow-wrap: anywhere; }
  h1 { font-size: 15pt; margin: 0 0 2mm 0; }
  h2 { font-size: 13pt; margin: 0 0 1.5mm 0; }
  h3 { font-size: 9pt; margin: 2mm 0 0.5mm 0; break-after: avoid; }
  h4 { font-size: 8pt; margin: 1mm 0 0.3mm 0; break-after: avoid; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; vertical-align: top; padding: 0.6mm 1.2mm; border-bottom: 0.2mm solid #d5dbdb; overflow-wrap: anywhere; }
  table.summary { font-size: 8.5pt; }
  table.summary tr.ok td:first-child { border-left: 1.2mm solid #1d8102; }
  table.summary tr.fail td:first-child { border-left: 1.2mm solid #d13212; }
  table.summary tr.error td:first-child { border-left: 1.2mm solid #879196; }
  dl.facts { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 0.5mm 2mm; font-size: 8pt; margin: 0 0 1mm 0; }
  dl.facts dt { color: #545b64; } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
  dl.facts dd:last-child { grid-column: 2 / -1; }
  section.learner { break-before: page; padding-top: 2mm; }
  .back { font-size: 8pt; font-weight: normal; margin-left: 3mm; }
  figure.picture { margin: 1mm 0; }
  figure.picture figcaption { font-size: 7.5pt; color: #545b64; }
  figure.picture svg { display: block; width: 100%; height: auto; max-height: 78mm; }
  .details { columns: 2; column-gap: 5mm; font-size: 6.6pt; line-height: 1.25; }
  .details ul { list-style: none; margin: 0; padding: 0; }
  .details li { break-inside: avoid; margin: 0 0 0.4mm 0; }
  .details .fix { margin-left: 3mm; color: #545b64; }
  .details li.short { display: inline-block; margin-right: 2.5mm; }
  .pass .mark { color: #1d8102; } .fail .mark { color: #d13212; } .warn .mark { color: #b7740f; } .unjudged { color: #687078; }
  .num { display: inline-block; min-width: 1.3em; border-radius: 0.65em; background: #d13212; color: #fff; text-align: center; font-weight: bold; margin-right: 0.3em; }
  p.error { color: #d13212; }
`;

/** A finding's or path's mark and the class it is drawn in: passed, failed, a warning, not judged. */
function status(ok: boolean | null, severity: Finding['severity'] = 'error'): { mark: string; cls: string } {
  if (ok === null) return { mark: '·', cls: 'unjudged' };
  if (ok) return { mark: SYMBOLS.done, cls: 'pass' };
  return severity === 'error' ? { mark: SYMBOLS.fail, cls: 'fail' } : { mark: SYMBOLS.warn, cls: 'warn' };
}

/** The first thing to fix, as a cell: the rule (or path) and its fix; why a learner was not checked. */
function firstCell(l: LearnerCheck, lang: Lang): string {
  const m = msg(lang);
  if (!l.check) return esc(m.report_notChecked(l.error ? sayIn(lang, l.error) : ''));
  const first = firstThing(l.check.findings, l.check.paths);
  if (!first) return esc(m.report_label('nothing'));
  const [id, words] = 'path' in first ? [first.path.path, first.path.fix ?? first.path.reason] : [first.finding.rule, first.finding.fix ?? first.finding.reason];
  return `<code>${esc(id)}</code> ${esc(sayIn(lang, words))}`;
}

function summaryTable(learners: LearnerCheck[], lang: Lang): string {
  const m = msg(lang);
  const head = [m.report_label('learner'), m.report_label('where'), m.report_label('built'), m.report_label('chapters'), m.report_label('first')].map((h) => `<th>${esc(h)}</th>`).join('');
  const rows = learners.map((l, i) => {
    const state = !l.check ? 'error' : asItShouldBe(l.check) ? 'ok' : 'fail';
    const cells = [`<a href="#${anchor(i)}">${esc(l.learner)}</a>`, esc(l.where), esc(built(l, lang)), esc(chapters(l, lang)), firstCell(l, lang)];
    return `<tr class="${state}" data-learner="${esc(l.learner)}">${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  return `<table class="summary" data-summary><colgroup><col style="width:16%"><col style="width:17%"><col style="width:10%"><col style="width:10%"><col></colgroup><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const built = (l: LearnerCheck, lang: Lang) => (l.handBuilt ? msg(lang).report_label('handBuilt') : msg(lang).report_label('toolLab'));
const chapters = (l: LearnerCheck, lang: Lang) => (l.check ? `${chaptersDone(l.check.findings)}/${TUTORIAL_CHAPTERS}` : '-');

/** A learner's page: who and where, then their picture and findings, or why they could not be checked. */
function learnerSection(l: LearnerCheck, i: number, lang: Lang): string {
  const m = msg(lang);
  const v = l.check;
  const facts: [string, string][] = [
    [m.report_label('lab'), esc(l.lab)],
    [m.report_label('where'), esc(l.where)],
    [m.report_label('built'), esc(built(l, lang))],
    ...(v ? ([[m.report_label('vpc'), `<code>${esc(v.vpc)}</code>${v.vpcName ? ` ${esc(v.vpcName)}` : ''}`], [m.report_label('chapters'), esc(chapters(l, lang))]] as [string, string][]) : []),
    [m.report_label('first'), firstCell(l, lang)],
  ];
  const factsHtml = `<dl class="facts">${facts.map(([k, value]) => `<dt>${esc(k)}</dt><dd>${value}</dd>`).join('')}</dl>`;
  const body = v ? `${pictureHtml(l, i, lang)}${detailsHtml(v, lang)}` : `<p class="error"><b>${esc(m.report_label('notCheckedHead'))}</b> ${l.error ? esc(sayIn(lang, l.error)) : ''}</p>`;
  return `<section class="learner" id="${anchor(i)}" data-learner="${esc(l.learner)}"><h2>${esc(l.learner)}<a class="back" href="#summary">${esc(m.report_label('toSummary'))}</a></h2>${factsHtml}${body}</section>`;
}

/** The learner's picture as ui/svg drew it, its own ids (markers) made the learner's so that thirty pictures on one page do not share them. */
function pictureHtml(l: LearnerCheck, i: number, lang: Lang): string {
  if (!l.picture) return '';
  return `<figure class="picture"><figcaption>${esc(msg(lang).report_label('picture'))}</figcaption>${scopeIds(l.picture, `${anchor(i)}-`)}</figure>`;
}

/**
 * An SVG's ids (`id="…"`) and the references to them (`url(#…)`, `href="#…"`) prefixed:
 * SVGs inlined in one page share one id space, and a marker or clip path of one picture
 * must not be taken for another's. Values in the SVG are escaped, so `id="` is markup only.
 */
export function scopeIds(svg: string, prefix: string): string {
  const ids = new Set([...svg.matchAll(/\sid="([^"]+)"/g)].map((x) => x[1]));
  if (!ids.size) return svg;
  const own = (id: string) => (ids.has(id) ? `${prefix}${id}` : id);
  return svg
    .replace(/(\sid=")([^"]+)"/g, (_, at: string, id: string) => `${at}${own(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${own(id)})`)
    .replace(/(\shref=")#([^"]+)"/g, (_, at: string, id: string) => `${at}#${own(id)}"`);
}

/** A finding's line in check's words, the failing ones numbered as the picture numbers them, each with its fix. */
function findingItem(f: Finding, n: number | undefined, lang: Lang, shown: Set<string>): string {
  const m = msg(lang);
  const s = status(f.ok, f.severity);
  const reason = sayIn(lang, f.reason);
  // A passed one by its id alone (its sentence on hover): a page holds a learner, and what to fix is what is read.
  if (f.ok === true) return `<li class="pass short" data-rule="${esc(f.rule)}" title="${esc(reason)}"><span class="mark">${esc(s.mark)}</span> ${esc(f.rule)}</li>`;
  const line = f.ok === null ? m.vpccheck_notJudged(f.rule, reason) : m.vpccheck_line(s.mark, f.rule, reason);
  return `<li class="${s.cls}" data-rule="${esc(f.rule)}">${n ? `<span class="num">${n}</span>` : ''}${markedLine(line, s.mark)}${f.ok === false ? fixHtml(f, lang, shown) : ''}</li>`;
}

/** A catalog's line as HTML: what it sets in backquotes (an ID, a command; Japanese marks them so) set as code. */
const codeSpans = (line: string) => esc(line).replace(/`([^`]+)`/g, '<code>$1</code>');

/** A line of check's whose mark comes first: the mark coloured by its class. */
function markedLine(line: string, mark: string): string {
  const text = line.trim();
  return text.startsWith(mark) ? `<span class="mark">${esc(mark)}</span>${codeSpans(text.slice(mark.length))}` : codeSpans(text);
}

/** The fix's command: set as code where the line marks it (Japanese), else the whole line (English marks none). */
const cliHtml = (line: string) => (line.includes('`') ? codeSpans(line) : `<code>${esc(line)}</code>`);

/** A fix under its finding or path, once: a path blocked by a failing finding's resource has the same fix. */
function fixHtml(f: Pick<Finding, 'fix' | 'cli'>, lang: Lang, shown: Set<string>): string {
  const m = msg(lang);
  // By the console's words: a path's command may name the region where the finding's does not.
  const key = JSON.stringify(f.fix ?? f.cli);
  if (shown.has(key)) return '';
  shown.add(key);
  return `${f.fix ? `<div class="fix">${esc(m.vpccheck_fixConsole(sayIn(lang, f.fix)))}</div>` : ''}${f.cli ? `<div class="fix">${cliHtml(m.vpccheck_fixCli(f.cli))}</div>` : ''}`;
}

function pathItem(p: PathVerdict, lang: Lang, shown: Set<string>): string {
  const s = status(p.ok);
  if (p.ok === true) return `<li class="pass short" data-path="${esc(p.path)}" title="${esc(pathReason(p, lang))}"><span class="mark">${esc(s.mark)}</span> <code>${esc(p.path)}</code></li>`;
  return `<li class="${s.cls}" data-path="${esc(p.path)}">${markedLine(msg(lang).vpccheck_path(s.mark, p.path, pathReason(p, lang)), s.mark)}${p.ok === false ? fixHtml(p, lang, shown) : ''}</li>`;
}

/** The findings chapter by chapter, the paths, the live probes, what plays which part, and the counts. */
function detailsHtml(v: CheckView, lang: Lang): string {
  const m = msg(lang);
  const byChapter = [...new Set(v.findings.map((f) => f.chapter))].sort((a, b) => a - b);
  let failing = 0;
  const shown = new Set<string>();
  const findings = byChapter.map((n) => {
    const items = v.findings.filter((f) => f.chapter === n).map((f) => findingItem(f, f.ok === false ? ++failing : undefined, lang, shown));
    return `<h4>${esc(m.vpccheck_chapter(n))}</h4><ul>${items.join('')}</ul>`;
  });
  const live = v.live.map((l) => {
    const s = status(l.ok);
    return `<li class="${s.cls}">${markedLine(m.vpccheck_live(s.mark, sayIn(lang, l.probe), sayIn(lang, l.detail)), s.mark)}</li>`;
  });
  const count = (ok: boolean | null, severity?: Finding['severity']) => v.findings.filter((f) => f.ok === ok && (!severity || f.severity === severity)).length;
  return `<div class="details"><h3>${esc(m.report_label('findings'))}</h3>${findings.join('')}<p>${esc(m.vpccheck_summary(count(true), count(false, 'error'), count(false, 'warning'), count(null)))}</p><h3>${esc(m.report_label('paths'))}</h3><ul>${v.paths.map((p) => pathItem(p, lang, shown)).join('')}</ul><h3>${esc(m.report_label('live'))}</h3><ul>${live.join('')}</ul><h3>${esc(m.report_label('roles'))}</h3><ul>${roleLines(v.because, lang).map((r) => `<li>${esc(r.trim())}</li>`).join('')}</ul></div>`;
}
