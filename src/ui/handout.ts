import type { Lang } from './i18n.js';
import { msg } from './messages/index.js';
import { localTime } from './time.js';

/** What a learner is handed: where their lab is and how to reach it. */
export interface Handout {
  learner: string;
  lab: string;
  klass: string;
  webUrl?: string;
  sshWeb?: string;
  sshDb?: string;
  /** The key the commands name: a file in the learner's folder, or their own. */
  keyFile: string;
  /** The key was made for them (it is in the folder), or imported from theirs. */
  keyMade: boolean;
  /** "$0.0621/h". */
  hourly?: string;
  /** When AWS stops the lab (ISO), or undefined: never. */
  expiresAt?: string;
  region: string;
  /** The learner's lab as a picture (ui/svg pictureSvg, in the hand-out's language), when it was read. */
  picture?: string;
}

/** The hand-out's words, in its language (loaded already: the run's, ui/messages). */
const words = (lang: Lang) => msg(lang);

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The expiry as the learner reads it: the machine's time zone with UTC beside it, to the minute. */
function when(h: Handout, lang: Lang): string {
  return h.expiresAt ? localTime(h.expiresAt) : words(lang).handoutNever;
}

/** The lines of a hand-out, label and value: the same facts on paper, in HTML and in text. */
function facts(h: Handout, lang: Lang): [string, string, boolean][] {
  const w = words(lang);
  const none = w.handoutNotYet;
  return [
    [w.handoutWeb, h.webUrl ?? none, false],
    [w.handoutSshWeb, h.sshWeb ?? none, true],
    [w.handoutSshDb, h.sshDb ?? none, true],
    [w.handoutCost, h.hourly ?? '?', false],
    [w.handoutExpires, when(h, lang), false],
  ];
}

const keyLine = (h: Handout, lang: Lang) => (h.keyMade ? words(lang).handoutKeyMade(h.keyFile) : words(lang).handoutKeyOwn(h.keyFile));

export function handoutText(h: Handout, lang: Lang): string {
  const w = words(lang);
  const lines = [w.line_then(w.handoutTitle, `${h.lab} (${h.region})`), '', ...facts(h, lang).map(([k, v]) => `${k}:\n  ${v}`), '', keyLine(h, lang), w.handoutSshConfig(h.lab)];
  return `${lines.join('\n')}\n`;
}

const STYLE = `
  body { font-family: sans-serif; margin: 0; }
  .picture svg { display: block; width: 100%; height: auto; }
  code { font-family: monospace; word-break: break-all; }
  dt { font-weight: bold; margin-top: 0.4em; }
  dd { margin: 0.1em 0 0 0; }
`;

function factsHtml(h: Handout, lang: Lang): string {
  return `<dl>${facts(h, lang).map(([k, v, code]) => `<dt>${esc(k)}</dt><dd>${code ? `<code>${esc(v)}</code>` : esc(v)}</dd>`).join('')}</dl>`;
}

function page(lang: Lang, title: string, css: string, body: string): string {
  return `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}${css}</style></head><body>${body}</body></html>\n`;
}

/** The picture as it is (made by ui/svg from IDs and escaped text), in a box that keeps it to the page. */
const pictureHtml = (h: Handout) => (h.picture ? `<figure class="picture">${h.picture}</figure>` : '');

/** One page for one learner: the picture under the facts, never taller than what is left of the page. */
export function handoutHtml(h: Handout, lang: Lang): string {
  const css = '@page { size: A4; margin: 15mm; } body { font-size: 11pt; max-width: 180mm; } code { font-size: 9.5pt; } .picture { margin: 4mm 0 0 0; } .picture svg { max-height: 95mm; }';
  const w = words(lang);
  const body = `<h1>${esc(w.handoutTitle)}</h1><p>${esc(w.handoutLearner)}: <b>${esc(h.learner)}</b> — ${esc(w.handoutLab)}: <b>${esc(h.lab)}</b> — ${esc(w.handoutRegion)}: ${esc(h.region)}</p>${factsHtml(h, lang)}<p>${esc(keyLine(h, lang))}</p><p><code>${esc(w.handoutSshConfig(h.lab))}</code></p>${pictureHtml(h)}`;
  return page(lang, `${w.handoutTitle} — ${h.lab}`, css, body);
}

/** Cards per A4 page: two columns of four. */
export const CARDS_PER_PAGE = 8;

/** The whole class on A4: a card per learner, eight to a page, none split across pages. */
export function cardsHtml(klass: string, handouts: Handout[], lang: Lang): string {
  const css = `
    @page { size: A4; margin: 8mm; }
    body { font-size: 7.5pt; }
    .sheet { display: grid; grid-template-columns: 1fr 1fr; grid-auto-rows: 68mm; gap: 2mm; break-after: page; }
    .sheet:last-child { break-after: auto; }
    .card { border: 0.3mm dashed #888; padding: 2.5mm; overflow: hidden; break-inside: avoid; }
    .card h2 { font-size: 10pt; margin: 0 0 1mm 0; }
    .card dl { margin: 0; }
    .card .picture { margin: 0 0 1mm 0; }
    .card .picture svg { max-height: 20mm; }
    code { font-size: 6.5pt; }`;
  const card = (h: Handout) => `<section class="card"><h2>${esc(h.learner)} — ${esc(h.lab)}</h2>${pictureHtml(h)}${factsHtml(h, lang)}</section>`;
  const sheets: string[] = [];
  for (let i = 0; i < handouts.length; i += CARDS_PER_PAGE) sheets.push(`<div class="sheet">${handouts.slice(i, i + CARDS_PER_PAGE).map(card).join('')}</div>`);
  return page(lang, `${words(lang).handoutCardsTitle} — ${klass}`, css, sheets.join(''));
}
