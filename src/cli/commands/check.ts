import { pageOk, pageUrl } from '../../aws/web-page.js';
import { inEnglish, LabError, UsageError, type Words } from '../../engine/errors.js';
import { isFailure } from '../../engine/finding.js';
import type { Roles, VpcSnapshot } from '../../lab/core/snapshot.js';
import { labSnapshot } from '../../lab/rules/lab.js';
import { LIVE_RULES, type Probe, type Probes } from '../../lab/rules/index.js';
import { renderPaths } from '../../ui/check.js';
import type { Reporter } from '../../ui/reporter.js';
import { renderCheck } from '../../ui/views.js';
import { judge } from '../../lab/views/vpc-check.js';
import { checkJson, checkPicture, type CheckVpcJson, type VpcCheckFlags } from './check-report.js';
import type { CheckReport } from '../../lab/views/vpc-check.js';
import { validateFrom } from './check-vpc.js';
import { inspectLab, type Deps } from '../session.js';
import { sshSetupOf } from '../ssh-files.js';
import { checkSvgTarget, writeSvg } from '../svg-file.js';
import { remoteProbe } from './check-ssh.js';
import type { LabOutputs } from '../../lab/views/outputs.js';

export interface CheckFlags extends VpcCheckFlags {
  /** Check this URL instead of the web server's public DNS name. */
  webUrl?: string;
}

/**
 * `check --json`: each probe's name and finding in English (`results`, `nat`), and the
 * hand-built check's fields (issue 26: `vpc`, `roles`, `findings` with their fix in the
 * console and as an AWS CLI command, `paths`, `live`), so both kinds of lab are graded alike.
 */
export type CheckJson = Omit<CheckVpcJson, 'lab' | 'vpc' | 'roles'> & {
  lab: string;
  /** Null: the lab has no VPC (yet). */
  vpc: string | null;
  roles: CheckVpcJson['roles'] | null;
  nat: LabOutputs['nat'];
  results: { name: string; ok: boolean; detail: string }[];
};

/** The same GET as the end of `up` waits on (aws/web-page.ts). */
async function checkHttp(deps: Deps, url: string, timeoutMs: number): Promise<Probe> {
  const answer = await deps.page(url, timeoutMs);
  const detail: Words = 'status' in answer ? ['pageAnswered', answer.status] : ['pageNoAnswerIn', timeoutMs / 1000, answer.error];
  return { name: ['check_http', url], ok: pageOk(answer), detail };
}

/**
 * The tutorial's checks: the web page answers 200, the DB server answers ping from the
 * web server, and MariaDB runs on it (asked through the bastion hop) — the live rules
 * (apache.page, db.ping, db.mariadb) — and every other rule of the tutorial over what
 * AWS describes of the lab (lab/rules).
 */
export async function checkCommand(flags: CheckFlags, reporter: Reporter, deps: Deps): Promise<void> {
  const seconds = Number(flags.timeout ?? 10);
  if (!(seconds > 0 && seconds <= 600)) throw new UsageError(['err_checkTimeout', String(flags.timeout)], ['hint_checkTimeout']);
  // A VPC built by hand (issue 26): read-only, roles by what things do.
  if (flags.vpc !== undefined) return (await import('./check-vpc.js')).checkVpcCommand(flags, reporter, deps);
  await checkSvgTarget(flags);
  const timeoutMs = seconds * 1000;
  const from = validateFrom(flags.from);
  const inspected = await inspectLab('check', flags, reporter, deps);
  const { settings, run, found } = inspected;
  // ssh through the lab's own config (quoted values, pinned host keys), with no shell.
  const { outputs: o, config } = await sshSetupOf(inspected, flags);
  const ssh = (target: 'web' | 'db', command: string[]) => ['-F', config, `${settings.name}-${target}`, ...command];
  const url = flags.webUrl ?? pageUrl(o.webUrl);
  if (!url || !o.webPublicIp || !o.dbPrivateIp) throw new LabError('NotReady', ['err_labIncomplete'], ['hint_upFirst']);
  const [page, ping, mariadb, judged, myIp] = await Promise.all([
    checkHttp(deps, url, timeoutMs),
    remoteProbe(['check_ping', o.dbPrivateIp], ssh('web', ['ping', '-c', '1', '-W', '3', o.dbPrivateIp]), (out) => /1 received|1 packets received/.test(out), (last) => ['check_pingAnswered', last], timeoutMs),
    remoteProbe(['check_mariadb'], ssh('db', ['systemctl', 'is-active', 'mariadb']), (out) => out.split('\n').pop() === 'active', () => ['check_mariadbActive'], timeoutMs),
    labSnapshot(run.ctx, found),
    from ?? (settings.sshCidr || deps.detectIp()),
  ]);
  const results = [page, ping, mariadb];
  const report = judged && labReport(settings.name, judged.snapshot, judged.roles, { page, ping, mariadb }, results, myIp);
  const findings = report?.findings ?? [];
  // The probes' own lines say the live rules; the others fail the check on their own.
  const structural = findings.filter((f) => !LIVE_RULES.has(f.rule));
  const ruleFailures = structural.filter(isFailure).length + (report?.paths.filter((p) => p.ok === false).length ?? 0);
  const ok = results.every((r) => r.ok) && ruleFailures === 0;
  const svg = flags.svg !== undefined && judged && report ? checkPicture(judged.snapshot, report) : undefined;
  if (await writeSvg(flags, svg, reporter)) {
    if (!ok) process.exitCode = 1;
    return;
  }
  if (flags.json) {
    const vpcJson = report ? checkJson(report) : { vpc: null, roles: null, because: [], findings: [], paths: [], live: [] };
    reporter.json<CheckJson>({ ...vpcJson, ok, command: 'check', lab: settings.name, nat: o.nat, results: results.map((r) => ({ name: inEnglish(r.name), ok: r.ok, detail: inEnglish(r.detail) })) });
    if (!ok) process.exitCode = 1;
    return;
  }
  reporter.result([renderCheck(reporter.c, settings.name, o.nat, results, structural), ...(report ? renderPaths(reporter.c, report.findings, report.paths) : [])].join('\n'));
  if (!results.every((r) => r.ok)) {
    throw new LabError('CheckFailed', ['err_checksFailed', results.filter((r) => !r.ok).length, results.length], ['hint_checksFailed']);
  }
  if (ruleFailures) throw new LabError('CheckFailed', ['err_rulesFailed', ruleFailures], ['hint_rulesFailed']);
}

/** A lab of the tool's judged as a VPC built by hand is (issue 26 item 5): the same findings, fixes and paths. */
function labReport(lab: string, snapshot: VpcSnapshot, roles: Roles, probes: Probes, results: Probe[], from: string | undefined): CheckReport {
  const live = { probes, lines: results.map((r) => ({ probe: r.name, ok: r.ok, detail: r.detail })), unjudged: {} };
  return judge(snapshot, roles, { lab, from, live });
}
