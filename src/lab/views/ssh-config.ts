import { inEnglish, UsageError, type Words } from '../../engine/errors.js';

/** The user Amazon Linux gives the key pair to. */
export const SSH_USER = 'ec2-user';

/** What the config needs of the lab's outputs (views/outputs.ts). */
export interface SshHosts {
  webPublicIp?: string;
  dbPrivateIp?: string;
  nat?: { kind: 'gateway' | 'instance'; id: string; privateIp?: string };
}

/**
 * ssh is never handed a shell command line built from a path or a saved value: the lab's
 * hosts go into an ssh_config whose values are quoted for ssh's own parser, and ssh is run
 * with `-F <file> <alias>` as an argument array.
 */

export type SshRole = 'web' | 'db' | 'nat';

/** A host's name in the lab's known-hosts file: a replaced instance gets a new one, so a rebuilt lab never clashes. */
export function hostKeyAlias(lab: string, role: SshRole, instanceId: string): string {
  return `${lab}-${role}-${instanceId}`;
}

/** What ssh refuses in a path it is given: a line break ends a config line; `${` is read as an environment variable. */
export function assertSshPath(file: string): void {
  if (/[\u0000-\u001f\u007f]/.test(file) || file.includes('${')) throw new UsageError(['err_sshPathUnsafe', file], ['hint_sshPathUnsafe']);
}

/**
 * A path as one ssh_config value: in double quotes, `\` and `"` escaped (OpenSSH's
 * argv_split), `%` doubled (ssh expands %-tokens in IdentityFile and UserKnownHostsFile).
 */
export function configPath(file: string): string {
  assertSshPath(file);
  return `"${file.replace(/[\\"]/g, (c) => `\\${c}`).replace(/%/g, '%%')}"`;
}

/**
 * One argument for a POSIX shell, in single quotes (a `'` becomes `'\''`). No library for
 * this is among the project's packages; this is the whole of POSIX single-quoting.
 */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** One argument for a Windows command line (CreateProcess's rules; Win32-OpenSSH runs ProxyCommand without a shell). */
export function windowsQuote(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  return `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
}

/** The lab's host keys: its own known-hosts file and each server's alias there. */
export interface HostKeys {
  file: string;
  aliases: Partial<Record<SshRole, string>>;
  /** Aliases whose keys are pinned (from the console): ssh then accepts no other. */
  pinned: ReadonlySet<string>;
}

export interface ConfigOptions {
  identity: string;
  hostKeys?: HostKeys;
  /**
   * How the DB and NAT are reached through the web server: ProxyJump (a config pasted into
   * ~/.ssh/config), or a ProxyCommand running `ssh` with this config again, every
   * value quoted (OpenSSH re-runs itself for ProxyJump with the `-F` path unquoted).
   */
  hop: { jump: true } | { program: string; config: string; platform: NodeJS.Platform };
  /** Test seam: every host at this address and port (a local sshd). */
  target?: { host: string; port: number; user?: string };
  say?: (words: Words) => string;
}

/** The hop's ProxyCommand: `%h`/`%p` for ssh, each argument quoted for the platform's way of running it. */
function proxyCommand(hop: { program: string; config: string; platform: NodeJS.Platform }, via: string): string {
  const quote = hop.platform === 'win32' ? windowsQuote : shellQuote;
  const args = [hop.program, '-F', hop.config].map((a) => quote(a).replace(/%/g, '%%'));
  return `${args.join(' ')} -W %h:%p ${via}`;
}

/**
 * Host blocks: `ssh <lab>-web`, and `ssh <lab>-db` (and `<lab>-nat`) through it. The
 * comment (and a host not known yet) are words by key.
 */
export function labSshConfig(lab: string, o: SshHosts, opts: ConfigOptions): string {
  const say = opts.say ?? inEnglish;
  const web = `${lab}-web`;
  const hop = 'jump' in opts.hop ? `  ProxyJump ${web}` : `  ProxyCommand ${proxyCommand(opts.hop, web)}`;
  const block = (host: string, role: SshRole, hostName: string | undefined) => {
    const alias = opts.hostKeys?.aliases[role];
    const lines = [`Host ${host}`, `  HostName ${opts.target?.host ?? hostName ?? say(['sshConfigUnknown'])}`, `  User ${opts.target?.user ?? SSH_USER}`];
    if (opts.target) lines.push(`  Port ${opts.target.port}`);
    lines.push(`  IdentityFile ${configPath(opts.identity)}`, '  IdentitiesOnly yes', '  ConnectTimeout 10');
    if (opts.hostKeys) {
      // (UpdateHostKeys is off by default once UserKnownHostsFile is set: the file keeps the pinned keys only.)
      lines.push(`  UserKnownHostsFile ${configPath(opts.hostKeys.file)}`);
      if (alias) lines.push(`  HostKeyAlias ${alias}`);
      // Pinned from the console: no other key. Not yet: the first key, into the lab's own file only.
      lines.push(`  StrictHostKeyChecking ${alias && opts.hostKeys.pinned.has(alias) ? 'yes' : 'accept-new'}`);
    } else lines.push('  StrictHostKeyChecking accept-new');
    if (role !== 'web') lines.push(hop);
    return lines.join('\n');
  };
  const blocks = [block(web, 'web', o.webPublicIp), block(`${lab}-db`, 'db', o.dbPrivateIp)];
  // The NAT instance is a server too (its security group lets in the VPC only: through the web server).
  if (o.nat?.kind === 'instance') blocks.push(block(`${lab}-nat`, 'nat', o.nat.privateIp));
  const head = say(o.nat ? ['sshConfigHead', lab, o.nat.kind, o.nat.id] : ['sshConfigHeadNoNat', lab]);
  return [head, ...blocks].join('\n\n');
}
