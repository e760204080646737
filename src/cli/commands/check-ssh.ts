import path from 'node:path';
import type { Words } from '../../engine/errors.js';
import type { Live } from '../../engine/resource.js';
import type { LabContext } from '../../lab/core/context.js';
import type { Roles, VpcSnapshot } from '../../lab/core/snapshot.js';
import { elasticIpOf, instanceOf } from '../../lab/rules/facts.js';
import type { Probe } from '../../lab/rules/index.js';
import type { CommonFlags } from '../flags.js';
import { openStateLocation } from '../session.js';
import { writeSshConfig } from '../ssh-files.js';
import type { Reporter } from '../../ui/reporter.js';
import { hostKeyRefusal, runSsh } from './ssh.js';

/**
 * What only the servers of a VPC built by hand can tell, asked over SSH with the learner's
 * key (`check --vpc … --key FILE`): ping from the web server to the DB server, MariaDB on
 * the DB server, and the DB server's way out (HTTPS through the NAT). Through the same
 * ssh_config machinery as a lab's (quoted values, the hop through the web server), with the
 * servers' host keys pinned from their consoles and kept per VPC, as a lab keeps its own.
 */
export interface ServerProbes {
  ping: Probe;
  mariadb: Probe;
  wayOut: Probe;
}

/** One command over SSH: passed when it exits 0 and its output says so. */
export async function remoteProbe(name: Words, args: string[], expect: (out: string) => boolean, said: (last: string) => Words, timeoutMs: number): Promise<Probe> {
  const { code, stdout, stderr } = await runSsh(args, { inherit: false, timeoutMs });
  const out = stdout.trim();
  const ok = code === 0 && expect(out);
  if (ok) return { name, ok, detail: said(out.split('\n').pop() ?? '') };
  // A key other than the pinned one: the tool's sentence, not ssh's last line.
  const refused = code === 255 ? hostKeyRefusal(stderr, args[2] ?? '') : undefined;
  return { name, ok, detail: refused ?? ['check_remoteFailed', code, (stderr.trim() || out).split('\n').pop() ?? ''] };
}

/** The VPC's ssh_config beside the state, as a lab's (host keys pinned per VPC); undefined without a web server address or a DB server. */
async function vpcSshConfig(ctx: LabContext, s: VpcSnapshot, roles: Roles, key: string, flags: CommonFlags, reporter: Reporter): Promise<{ config: string; dbIp: string } | undefined> {
  const web = instanceOf(s, roles.web);
  const db = instanceOf(s, roles.db);
  const webIp = web && (web.PublicIpAddress || elasticIpOf(s, web));
  if (!web || !db?.PrivateIpAddress || !webIp) return undefined;
  const location = await openStateLocation(flags, reporter, ctx.sts);
  const live = new Map<string, Live>([
    ['webInstance', { id: web.InstanceId!, attrs: {} }],
    ['dbInstance', { id: db.InstanceId!, attrs: {} }],
  ]);
  const { config } = await writeSshConfig(location, roles.vpc, { webPublicIp: webIp, dbPrivateIp: db.PrivateIpAddress }, path.resolve(key), { live, ec2: ctx.ec2 }, flags);
  return { config, dbIp: db.PrivateIpAddress };
}

/** The three probes, at once; undefined when there is no server to ask. */
export async function probeServers(ctx: LabContext, s: VpcSnapshot, roles: Roles, key: string, flags: CommonFlags, reporter: Reporter, timeoutMs: number): Promise<ServerProbes | undefined> {
  const set = await vpcSshConfig(ctx, s, roles, key, flags, reporter);
  if (!set) return undefined;
  const at = (server: 'web' | 'db', command: string[]) => ['-F', set.config, `${roles.vpc}-${server}`, ...command];
  const [ping, mariadb, wayOut] = await Promise.all([
    remoteProbe(['live_ping', set.dbIp], at('web', ['ping', '-c', '1', '-W', '3', set.dbIp]), (out) => /1 received|1 packets received/.test(out), (last) => ['check_pingAnswered', last], timeoutMs),
    remoteProbe(['live_mariadb'], at('db', ['systemctl', 'is-active', 'mariadb']), (out) => out.split('\n').pop() === 'active', () => ['check_mariadbActive'], timeoutMs),
    remoteProbe(['live_wayOut'], at('db', ['curl', '-sS', '-o', '/dev/null', '-m', '5', '-w', '%{http_code}', 'https://aws.amazon.com/']), (out) => /^[23]\d\d$/.test(out.split('\n').pop() ?? ''), () => ['live_wayOutOk'], timeoutMs),
  ]);
  return { ping, mariadb, wayOut };
}
