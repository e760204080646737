import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A real OpenSSH server on a free loopback port, with host keys of its own and one
 * authorized key (the lab's): the servers of a lab, for the ssh tests. Debian's
 * openssh-server (/usr/sbin/sshd; .ci/run installs it).
 */
export interface Sshd {
  port: number;
  /** "ssh-ed25519 AAAA..." of its host key. */
  hostKey: string;
  /** AWS_LAB_SETUP_SSH_TARGET for the tool. */
  target: string;
  stop(): Promise<void>;
}

export const SSHD = '/usr/sbin/sshd';
export const hasSshd = () => existsSync(SSHD);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A new ed25519 key pair at `file` (and `file.pub`); returns the public key line. */
export function newKey(file: string): string {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

/** `port`: the same port again (a server rebuilt at the same address). */
export async function startSshd(dir: string, authorizedKey: string, port?: number): Promise<Sshd> {
  mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege-separation folder
  const hostKeyFile = path.join(dir, 'host_ed25519');
  const hostKey = newKey(hostKeyFile).split(' ').slice(0, 2).join(' ');
  const authorized = path.join(dir, 'authorized_keys');
  writeFileSync(authorized, `${authorizedKey}\n`, { mode: 0o600 });
  port ??= await freePort();
  const config = path.join(dir, 'sshd_config');
  writeFileSync(
    config,
    [`ListenAddress 127.0.0.1:${port}`, `HostKey ${hostKeyFile}`, `AuthorizedKeysFile ${authorized}`, 'StrictModes no', 'UsePAM no', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'PermitRootLogin prohibit-password', 'AllowTcpForwarding yes', 'PidFile none', 'LogLevel VERBOSE'].join('\n') + '\n',
  );
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`sshd did not start: ${log}`)), 10_000);
    const poll = setInterval(() => {
      if (/Server listening/.test(log)) {
        clearTimeout(t);
        clearInterval(poll);
        resolve();
      }
    }, 50);
    child.on('exit', (code) => reject(new Error(`sshd exited ${code}: ${log}`)));
  });
  return {
    port,
    hostKey,
    target: `${os.userInfo().username}@127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
