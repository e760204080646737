import { spawn } from 'node:child_process';
import { LabError, UsageError, type Words } from '../../engine/errors.js';
import { assertReachable, sshConfig } from '../../lab/views/outputs.js';
import { shellQuote } from '../../lab/views/ssh-config.js';
import { say } from '../../ui/messages/index.js';
import type { Reporter } from '../../ui/reporter.js';
import type { CommonFlags } from '../flags.js';
import type { Deps } from '../session.js';
import { prepareSsh, sshBinary } from '../ssh-files.js';

export { sshBinary };

/** ssh's own words when a server's key is not the one known for it (pinned from the console). */
const HOST_KEY_FAILED = /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/;

/** The tool's sentence for a refused host key, or undefined when ssh said something else. */
export function hostKeyRefusal(stderr: string, host: string): Words | undefined {
  return HOST_KEY_FAILED.test(stderr) ? ['err_hostKeyChanged', host] : undefined;
}

/**
 * Run ssh with the given arguments (an array: no shell), attached to this terminal when
 * `inherit` (its error stream passed on, and read for a refused host key).
 */
export function runSsh(args: string[], opts: { inherit: boolean; timeoutMs?: number }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(sshBinary(), args, { stdio: opts.inherit ? ['inherit', 'inherit', 'pipe'] : ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => {
      stderr += d;
      if (opts.inherit) process.stderr.write(d);
    });
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
    child.on('error', (err) => reject(new LabError('NoSsh', ['err_noSsh', sshBinary(), err.message], ['hint_noSsh'])));
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code: code ?? 255, stdout, stderr });
    });
  });
}

export async function sshCommand(target: string, rest: string[], flags: CommonFlags, reporter: Reporter, deps: Deps): Promise<void> {
  if (target !== 'web' && target !== 'db') throw new UsageError(['err_sshTarget', target], ['hint_sshTarget']);
  const { lab, outputs, config } = await prepareSsh('ssh', flags, reporter, deps);
  // Not there yet (no address, no DB server): says so, by key.
  assertReachable(target, outputs);
  const args = ['-F', config, `${lab}-${target}`, ...rest];
  reporter.info(reporter.c.dim([sshBinary(), ...args].map(shellQuote).join(' ')));
  const { code, stderr } = await runSsh(args, { inherit: true });
  const refused = code === 255 ? hostKeyRefusal(stderr, `${lab}-${target}`) : undefined;
  if (refused) reporter.warn(`${say(refused)}\n${say(['hint_hostKeyChanged'])}`);
  process.exitCode = code;
}

export async function sshConfigCommand(flags: CommonFlags, reporter: Reporter, deps: Deps): Promise<void> {
  const { lab, outputs, identity, hostKeys } = await prepareSsh('ssh', flags, reporter, deps);
  reporter.result(sshConfig(lab, outputs, identity, say, hostKeys));
}
