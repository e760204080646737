import { pageOk, pageUrl } from '../../aws/web-page.js';
import { identityFile, labOutputs, sshArgs } from '../../lab/views/outputs.js';
import { inEnglish, LabError, UsageError, type Words } from '../../engine/errors.js';
import type { Reporter } from '../../ui/reporter.js';
import { renderCheck } from '../../ui/views.js';
import type { CommonFlags } from '../flags.js';
import { inspectLab, type Deps } from '../session.js';
import { runSsh } from './ssh.js';
import type { LabOutputs } from '../../lab/views/outputs.js';

export interface CheckFlags extends CommonFlags {
  /** Check this URL instead of the web server's public DNS name. */
  webUrl?: string;
  timeout?: string;
}

/** One check: what it is and what it found, by message key (said by ui/; in English for --json). */
export interface CheckResult {
  name: Words;
  ok: boolean;
  detail: Words;
}

/** `check --json`: each check's name and finding in English. */
export interface CheckJson {
  ok: boolean;
  command: 'check';
  lab: string;
  nat: LabOutputs['nat'];
  results: { name: string; ok: boolean; detail: string }[];
}

/** The same GET as the end of `up` waits on (aws/web-page.ts). */
async function checkHttp(deps: Deps, url: string, timeoutMs: number): Promise<CheckResult> {
  const answer = await deps.page(url, timeoutMs);
  const detail: Words = 'status' in answer ? ['pageAnswered', answer.status] : ['pageNoAnswerIn', timeoutMs / 1000, answer.error];
  return { name: ['check_http', url], ok: pageOk(answer), detail };
}

/** `said`: the words of a passed check, from the last line the server printed. */
async function checkRemote(name: Words, args: string[], expect: (out: string) => boolean, said: (last: string) => Words, timeoutMs: number): Promise<CheckResult> {
  const { code, stdout, stderr } = await runSsh(args, { inherit: false, timeoutMs });
  const out = stdout.trim();
  const ok = code === 0 && expect(out);
  return { name, ok, detail: ok ? said(out.split('\n').pop() ?? '') : ['check_remoteFailed', code, (stderr.trim() || out).split('\n').pop() ?? ''] };
}

/**
 * The tutorial's checks: the web page answers 200, the DB server answers ping from the
 * web server, and MariaDB runs on it (asked through the bastion hop).
 */
export async function checkCommand(flags: CheckFlags, reporter: Reporter, deps: Deps): Promise<void> {
  const seconds = Number(flags.timeout ?? 10);
  if (!(seconds > 0 && seconds <= 600)) throw new UsageError(['err_checkTimeout', String(flags.timeout)], ['hint_checkTimeout']);
  const timeoutMs = seconds * 1000;
  const { settings, run } = await inspectLab('check', flags, reporter, deps);
  const o = labOutputs(run.ctx.live, run.ctx.privateKeyPath);
  // A key kept in S3 is written here (0600) only now, for ssh.
  const identity = settings.publicKeyFile ? identityFile(run.ctx.privateKeyPath, settings.publicKeyFile) : await run.state.keyFile(settings.keyName, run.ctx.privateKeyPath);
  const url = flags.webUrl ?? pageUrl(o.webUrl);
  if (!url || !o.webPublicIp || !o.dbPrivateIp) throw new LabError('NotReady', ['err_labIncomplete'], ['hint_upFirst']);
  const results = await Promise.all([
    checkHttp(deps, url, timeoutMs),
    checkRemote(['check_ping', o.dbPrivateIp], sshArgs('web', o, identity, ['ping', '-c', '1', '-W', '3', o.dbPrivateIp]), (out) => /1 received|1 packets received/.test(out), (last) => ['check_pingAnswered', last], timeoutMs),
    checkRemote(['check_mariadb'], sshArgs('db', o, identity, ['systemctl', 'is-active', 'mariadb']), (out) => out.split('\n').pop() === 'active', () => ['check_mariadbActive'], timeoutMs),
  ]);
  const ok = results.every((r) => r.ok);
  if (flags.json) {
    reporter.json<CheckJson>({ ok, command: 'check', lab: settings.name, nat: o.nat, results: results.map((r) => ({ name: inEnglish(r.name), ok: r.ok, detail: inEnglish(r.detail) })) });
    if (!ok) process.exitCode = 1;
    return;
  }
  reporter.result(renderCheck(reporter.c, settings.name, o.nat, results));
  if (!ok) {
    throw new LabError('CheckFailed', ['err_checksFailed', results.filter((r) => !r.ok).length, results.length], ['hint_checksFailed']);
  }
}
