import type { ChalkInstance } from 'chalk';
import { SYMBOLS } from './style.js';
import { clockTime } from './views.js';

/** One learner's line of `class status`. */
export interface ClassStatusRow {
  learner: string;
  lab: string;
  /** "account/region". */
  target: string;
  chapters?: number;
  of?: number;
  webUrl?: string;
  nat?: string;
  costSoFar?: number;
  expires?: string;
  expired?: boolean;
  error?: string;
}

/** Columns padded to their widest cell. */
function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd());
}

export function renderClassStatus(c: ChalkInstance, klass: string, rows: ClassStatusRow[], now: number): string {
  const head = ['learner', 'account/region', 'chapters', 'web URL', 'NAT', 'so far', 'expires'];
  const body = rows.map((r) =>
    r.error
      ? [r.learner, r.target, `${SYMBOLS.fail} ${r.error}`, '', '', '', '']
      : [
          r.learner,
          r.target,
          `${r.chapters}/${r.of}`,
          r.webUrl ?? '-',
          r.nat ?? '-',
          r.costSoFar === undefined ? '-' : `$${r.costSoFar.toFixed(2)}`,
          r.expires ? `${clockTime(r.expires, now)}${r.expired ? ' (expired)' : ''}` : 'never',
        ],
  );
  const total = rows.reduce((s, r) => s + (r.costSoFar ?? 0), 0);
  const [h, ...lines] = table([head, ...body]);
  return [c.bold(`Class "${klass}": ${rows.length} lab(s), about $${total.toFixed(2)} so far`), c.dim(h), ...lines].join('\n');
}

/** The labs that failed, each with its one-line reason. */
export function renderClassResults(c: ChalkInstance, failures: { lab: string; where: string; reason: string }[]): string {
  return [c.red(`${failures.length} lab(s) failed:`), ...failures.map((f) => `  ${c.red(SYMBOLS.fail)} ${f.lab} (${f.where}): ${f.reason}`), `  ${c.dim('next:')} fix what is said, then run the same command again: it finishes only what is unfinished`].join('\n');
}

/** What the sweep found still tagged with the class, per account and region. */
export function renderLeftovers(c: ChalkInstance, targets: string[], left: { kind: string; id: string; lab?: string; target: string }[]): string {
  if (left.length === 0) return `Nothing tagged with the class is left in ${targets.join(', ')}.`;
  return [c.yellow(`${SYMBOLS.warn} still tagged with the class:`), ...left.map((x) => `  ${x.target}  ${x.kind} ${x.id}${x.lab ? ` (lab ${x.lab})` : ''}`)].join('\n');
}
