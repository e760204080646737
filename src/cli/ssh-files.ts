import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { StateLocation } from '../engine/state.js';
import { knownHostsName, pinHostKeys } from '../lab/views/host-keys.js';
import { identityFile, labOutputs, throughConfig, type LabOutputs } from '../lab/views/outputs.js';
import { labSshConfig, type HostKeys, type SshHosts } from '../lab/views/ssh-config.js';
import type { LabContext } from '../lab/core/context.js';
import { restrictToOwner } from './key-acl.js';
import type { CommonFlags } from './flags.js';
import { inspectLab, type Deps } from './session.js';
import type { Reporter } from '../ui/reporter.js';

/** The ssh program; tests put a stand-in here. */
export function sshBinary(): string {
  return process.env.AWS_LAB_SETUP_SSH || 'ssh';
}

/**
 * The ssh that makes the hop to the DB server. Windows 10's OpenSSH (7.7) cannot start a
 * bare `ssh` from a ProxyCommand: it is named by its full path there.
 */
export function hopProgram(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, exists: (file: string) => boolean = existsSync): string {
  if (platform === 'win32' && !env.AWS_LAB_SETUP_SSH) {
    const inbox = path.win32.join(env.SystemRoot ?? 'C:\\Windows', 'System32', 'OpenSSH', 'ssh.exe');
    if (exists(inbox)) return inbox;
  }
  return sshBinary();
}

/**
 * Test seam: every server at a local sshd (`[user@]127.0.0.1:PORT`), read only when an
 * endpoint URL points the tool at an emulator, as AWS_LAB_SETUP_WEB_URL is for the page.
 */
export function sshTarget(flags: CommonFlags, env: NodeJS.ProcessEnv = process.env): { host: string; port: number; user?: string } | undefined {
  if (!(flags.endpointUrl ?? env.AWS_ENDPOINT_URL)) return undefined;
  const m = /^(?:([a-z_][a-z0-9_-]*)@)?(127\.0\.0\.1|localhost):(\d{1,5})$/.exec(env.AWS_LAB_SETUP_SSH_TARGET ?? '');
  return m ? { user: m[1], host: m[2], port: Number(m[3]) } : undefined;
}

/** The lab's ssh_config: beside its state (or, for S3, in the local folder kept for it). */
const sshConfigPath = (location: StateLocation, lab: string) => path.join(location.localDir, `${lab}.ssh_config`);

/** After a full destroy the lab's host keys and its ssh_config go with its state: a rebuilt lab pins anew. */
export async function forgetSshFiles(location: StateLocation, lab: string): Promise<void> {
  await location.removeKey(knownHostsName(lab));
  await fs.rm(sshConfigPath(location, lab), { force: true });
}

export interface SshSetup {
  lab: string;
  outputs: LabOutputs;
  identity: string;
  hostKeys: HostKeys;
  /** The lab's ssh_config, beside its state: ssh runs with `-F` this. */
  config: string;
}

/** Look the lab up, pin its host keys, and write its ssh_config (0600) beside the state. */
export async function prepareSsh(command: string, flags: CommonFlags, reporter: Reporter, deps: Deps): Promise<SshSetup> {
  return sshSetupOf(await inspectLab(command, flags, reporter, deps), flags);
}

/** The same, for a lab already looked up (`check`). */
export async function sshSetupOf({ opened, settings, run }: Pick<Awaited<ReturnType<typeof inspectLab>>, 'opened' | 'settings' | 'run'>, flags: CommonFlags): Promise<SshSetup> {
  const outputs = labOutputs(run.ctx.live, run.ctx.privateKeyPath);
  // A key kept in S3 is written here (0600) only now, for ssh.
  const identity = settings.publicKeyFile ? identityFile(run.ctx.privateKeyPath, settings.publicKeyFile) : await run.state.keyFile(settings.keyName, run.ctx.privateKeyPath);
  if (!settings.publicKeyFile) await restrictToOwner(identity);
  const { hostKeys, config } = await writeSshConfig(opened.location, settings.name, outputs, identity, run.ctx, flags);
  return { lab: settings.name, outputs, identity, hostKeys, config };
}

/**
 * Pin the servers' host keys and write the ssh_config (0600) beside the state: a lab's, or a
 * VPC built by hand's (`check --vpc --key`, named by its VPC ID), through the one writer.
 */
export async function writeSshConfig(location: StateLocation, name: string, hosts: SshHosts, identity: string, servers: Pick<LabContext, 'live' | 'ec2'>, flags: CommonFlags): Promise<{ hostKeys: HostKeys; config: string }> {
  const hostKeys = await pinHostKeys(location, name, servers);
  const config = sshConfigPath(location, name);
  const text = labSshConfig(name, hosts, { identity, hostKeys, hop: { program: hopProgram(), config, platform: process.platform }, target: sshTarget(flags) });
  // A lab with no server yet gets no file (ssh and check stop on that; ssh-config prints its own).
  if (hosts.webPublicIp) {
    await fs.mkdir(path.dirname(config), { recursive: true, mode: 0o700 });
    await fs.writeFile(config, `${text}\n`, { mode: 0o600 });
  }
  return { hostKeys, config };
}

/**
 * The outputs as a look (`status`) gives them: the commands through the lab's own config
 * where `up`, `ssh` or `check` wrote it (a look writes nothing, so a config not written yet
 * leaves them as they are).
 */
export async function throughWrittenConfig(outputs: LabOutputs, location: StateLocation, lab: string): Promise<LabOutputs> {
  const config = sshConfigPath(location, lab);
  const written = await fs.stat(config).then((st) => st.isFile(), () => false);
  return written ? throughConfig(outputs, lab, config) : outputs;
}

/** The outputs with the commands a person pastes made through the lab's own config, written (and its host keys pinned) now. */
export async function throughLabConfig(outputs: LabOutputs, inspected: Parameters<typeof sshSetupOf>[0], flags: CommonFlags): Promise<LabOutputs> {
  if (!outputs.webPublicIp) return outputs;
  const { lab, config } = await sshSetupOf(inspected, flags);
  return throughConfig(outputs, lab, config);
}
