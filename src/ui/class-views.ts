import type { ChalkInstance } from 'chalk';
import { SYMBOLS } from './style.js';
import type { QuotaRow } from '../aws/quotas.js';
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

const QUOTA_NAMES: Record<string, string> = { vpcs: 'VPCs', elasticIps: 'Elastic IPs', standardVcpus: 'On-Demand Standard vCPUs', natGatewaysPerZone: 'NAT gateways', internetGateways: 'internet gateways' };

/** The class's quotas: need / in use / limit / short, per account and region (NAT gateways per zone). */
export function renderClassQuotas(c: ChalkInstance, rows: QuotaRow[]): string {
  const head = ['account/region', 'quota', 'code', 'need', 'in use', 'limit', 'short', 'limit from'];
  const body = rows.map((r) => [
    r.target,
    `${QUOTA_NAMES[r.quota] ?? r.quota}${r.zone ? ` in ${r.zone}` : ''}`,
    `${r.serviceCode} ${r.quotaCode}`,
    String(r.need),
    String(r.used),
    String(r.limit),
    r.short > 0 ? String(r.short) : '-',
    r.limitFrom,
  ]);
  const [h, ...lines] = table([head, ...body]);
  return [c.dim(h), ...lines.map((line, i) => (rows[i].short > 0 ? c.red(line) : line))].join('\n');
}

/** What else would fit the class, when it is short. */
export function renderQuotaOptions(
  c: ChalkInstance,
  o: { natInstance?: QuotaRow[]; perLearner: { quota: string; need: number; newAccount: number }[] },
  zoneNote: boolean,
): string {
  const lines: string[] = [c.bold('What else would fit:')];
  if (o.natInstance) {
    lines.push(
      o.natInstance.length === 0
        ? `  --nat instance: fits (a NAT instance needs no Elastic IP and no NAT gateway, but 2 vCPUs more per lab).`
        : `  --nat instance (no Elastic IP and no NAT gateway for the NAT, 2 vCPUs more per lab): still short of ${o.natInstance.map((r) => `${QUOTA_NAMES[r.quota] ?? r.quota}${r.zone ? ` in ${r.zone}` : ''} by ${r.short} in ${r.target}`).join(', ')}.`,
    );
  }
  lines.push(
    o.perLearner.length === 0
      ? '  one account per learner (an `account` column in the roster, with AWS Organizations): each has its own quotas, and one lab fits a new account\'s defaults.'
      : `  one account per learner (an \`account\` column in the roster): each has its own quotas, but one lab needs more than a new account's ${o.perLearner.map((q) => `${QUOTA_NAMES[q.quota] ?? q.quota} (${q.need} of ${q.newAccount})`).join(', ')}.`,
  );
  if (zoneNote) lines.push('  (A new lab\'s subnets, and so its NAT gateway, go into the first zone, sorted, that offers its instance type: NAT gateways are counted in that zone.)');
  lines.push('  or ask AWS for more: `aws-lab-setup class quotas --roster FILE --request` (small Elastic IP raises are often approved in minutes, VPC raises can take days).');
  return lines.join('\n');
}

/** Requests for more, open or filed now. */
export function renderQuotaRequests(c: ChalkInstance, requests: { target: string; quota: string; quotaCode: string; wanted: number; id?: string; status?: string; desired?: number; filed: boolean }[]): string {
  if (requests.length === 0) return 'No quota is short: nothing to request.';
  return requests
    .map((r) => {
      const what = `${r.target} ${QUOTA_NAMES[r.quota] ?? r.quota} (${r.quotaCode})`;
      if (r.filed) return `  ${c.green(SYMBOLS.done)} ${what}: asked for ${r.desired}, request ${r.id ?? '?'} ${r.status ?? ''}`.trimEnd();
      if (r.id) return `  ${c.yellow(SYMBOLS.warn)} ${what}: a request is open already: ${r.id} ${r.status} for ${r.desired}${r.desired !== undefined && r.desired < r.wanted ? ` (the class needs ${r.wanted}; AWS takes one open request per quota)` : ''}`;
      return `  ${SYMBOLS.warn} ${what}: short, no request open (the class needs ${r.wanted}; pass --request to ask)`;
    })
    .join('\n');
}
