import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** How a program is run (tests stub it): never through a shell. */
export type Exec = (file: string, args: string[]) => Promise<unknown>;
const run: Exec = promisify(execFile);

/**
 * A private key only its owner may read. On Windows `chmod` does nothing and the file
 * inherits its folder's ACL, which OpenSSH for Windows refuses as too open: remove the
 * inherited entries and grant the user alone. Elsewhere the file was written 0600.
 */
export async function restrictToOwner(file: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, exec: Exec = run): Promise<void> {
  if (platform !== 'win32') return;
  const user = env.USERDOMAIN && env.USERNAME ? `${env.USERDOMAIN}\\${env.USERNAME}` : env.USERNAME;
  if (!user) return;
  await exec('icacls', [file, '/inheritance:r', '/grant:r', `${user}:F`]);
}
