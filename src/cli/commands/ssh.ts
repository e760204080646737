import { spawn } from 'node:child_process';
import { LabError, UsageError } from '../../engine/errors.js';
import { identityFile, labOutputs, sshArgs, sshConfig } from '../../lab/views/outputs.js';
import { say } from '../../ui/messages/index.js';
import type { Reporter } from '../../ui/reporter.js';
import type { CommonFlags } from '../flags.js';
import { inspectLab, type Deps } from '../session.js';

/** The ssh program; tests put a stand-in here. */
export function sshBinary(): string {
  return process.env.AWS_LAB_SETUP_SSH || 'ssh';
}

async function lookUp(flags: CommonFlags, reporter: Reporter, deps: Deps) {
  const { settings, run } = await inspectLab('ssh', flags, reporter, deps);
  const outputs = labOutputs(run.ctx.live, run.ctx.privateKeyPath);
  // A key kept in S3 is written here (0600) only now, for ssh.
  const identity = settings.publicKeyFile ? identityFile(run.ctx.privateKeyPath, settings.publicKeyFile) : await run.state.keyFile(settings.keyName, run.ctx.privateKeyPath);
  return { settings, outputs, identity };
}

/** Run ssh with the given arguments, attached to this terminal; resolves to its exit code. */
export function runSsh(args: string[], opts: { inherit: boolean; timeoutMs?: number }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(sshBinary(), args, { stdio: opts.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
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
  const { outputs, identity } = await lookUp(flags, reporter, deps);
  // Not there yet (no address, no DB server): sshArgs says so, by key.
  const args = sshArgs(target, outputs, identity, rest);
  reporter.info(reporter.c.dim(`${sshBinary()} ${args.join(' ')}`));
  const { code } = await runSsh(args, { inherit: true });
  process.exitCode = code;
}

export async function sshConfigCommand(flags: CommonFlags, reporter: Reporter, deps: Deps): Promise<void> {
  const { settings, outputs, identity } = await lookUp(flags, reporter, deps);
  reporter.result(sshConfig(settings.name, outputs, identity, say));
}
