/**
 * Chapter 3 — Apache: the web server installs httpd at first boot and starts it at every
 * boot. Amazon Linux 2023: dnf, package `httpd`.
 *
 * The script is the web server's user-data when chapter 3 is part of the run that launches
 * it. A lab stopped before Apache (up --until web) has a web server without it; the
 * chapter's own step (below) adds it later: stop, set the user-data, start.
 */
import type { LabContext } from '../core/context.js';
import { instanceUserData } from '../kinds/user-data.js';

export const APACHE_CHAPTER = 3;
export const APACHE_MARKER = '(chapter 3: Apache)';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The web server's user-data at launch: Apache only when this run goes as far as chapter 3. */
export function webLaunchUserData(ctx: LabContext): string | undefined {
  return ctx.until >= APACHE_CHAPTER ? webUserData(ctx.settings.name, ctx.webPage) : undefined;
}

/** The page's sentence when no run language gives one (explain, tests): the English catalog's page_apache. */
const PAGE_EN = 'Apache on Amazon Linux 2023, set up by aws-lab-setup.';

/**
 * The user-data; the page's text is HTML-escaped (a sentence of the catalog, in any language: the page is UTF-8).
 * Its comments stay English in a Japanese run: they are on the server (AWS keeps these bytes,
 * describe-instance-attribute shows them, the marker finds the chapter in them), not a
 * learner's screen; `explain` says what the script is in the run's language before it.
 */
export function webUserData(lab: string, page = PAGE_EN): string {
  return `#!/bin/bash
# aws-lab-setup: web server of lab "${lab}" ${APACHE_MARKER}
set -u
# The network may need a moment at first boot: try the install a few times.
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  dnf install -y httpd && break
  sleep 10
done
cat > /var/www/html/index.html <<'PAGE'
<!doctype html>
<html><head><meta charset="utf-8"><title>${lab}</title></head>
<body><h1>${lab}</h1><p>${escapeHtml(page)}</p></body></html>
PAGE
systemctl enable --now httpd
`;
}

export const apache = [
  instanceUserData({
    key: 'webApache',
    chapter: APACHE_CHAPTER,
    instance: 'webInstance',
    name: 'web',
    marker: APACHE_MARKER,
    script: (ctx) => webUserData(ctx.settings.name, ctx.webPage),
  }),
];
