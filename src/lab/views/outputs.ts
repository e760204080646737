import { inEnglish, LabError, type Words } from '../../engine/errors.js';
import type { Live } from '../../engine/resource.js';

export const SSH_USER = 'ec2-user';

export interface LabOutputs {
  webPublicIp?: string;
  webPublicDns?: string;
  webUrl?: string;
  dbPrivateIp?: string;
  natPublicIp?: string;
  /** Which NAT the lab has now (none after `destroy --nat-only`), and its ID. */
  nat?: { kind: 'gateway' | 'instance'; id: string; privateIp?: string };
  privateKeyPath: string;
  sshWeb?: string;
  sshDb?: string;
  /** The same hop with ProxyJump, for a key held by ssh-agent or ~/.ssh/config. */
  sshDbJump?: string;
}

/** Addresses and ready-to-paste SSH commands, from what the run found or made. */
export function labOutputs(live: ReadonlyMap<string, Live>, privateKeyPath: string): LabOutputs {
  const association = live.get('webAddressAssociation');
  const webInstance = live.get('webInstance');
  const webPublicIp = association?.attrs.publicIp ?? live.get('webElasticIp')?.attrs.publicIp ?? webInstance?.attrs.publicIp;
  const webPublicDns = association?.attrs.publicDns ?? webInstance?.attrs.publicDns;
  const dbPrivateIp = live.get('dbInstance')?.attrs.privateIp;
  const natGateway = live.get('natGateway');
  const natInstance = live.get('natInstance');
  const key = privateKeyPath.includes(' ') ? `"${privateKeyPath}"` : privateKeyPath;
  const web = webPublicIp && `${SSH_USER}@${webPublicIp}`;
  return {
    webPublicIp,
    webPublicDns,
    webUrl: webPublicDns ? `http://${webPublicDns}/` : undefined,
    dbPrivateIp,
    natPublicIp: live.get('natGateway')?.attrs.publicIp ?? live.get('natElasticIp')?.attrs.publicIp ?? natInstance?.attrs.publicIp,
    nat: natGateway ? { kind: 'gateway', id: natGateway.id } : natInstance ? { kind: 'instance', id: natInstance.id, privateIp: natInstance.attrs.privateIp } : undefined,
    privateKeyPath,
    sshWeb: web && `ssh -i ${key} ${web}`,
    // -J alone would not hand the key to the hop (command-line options apply to the
    // destination only): spell the hop out so the command works as pasted.
    sshDb: web && dbPrivateIp ? `ssh -i ${key} -o ProxyCommand="ssh -i ${key} -W %h:%p ${web}" ${SSH_USER}@${dbPrivateIp}` : undefined,
    sshDbJump: web && dbPrivateIp ? `ssh -J ${web} ${SSH_USER}@${dbPrivateIp}` : undefined,
  };
}

/** The private key that opens the servers: ours, or the one beside an imported .pub. */
export function identityFile(privateKeyPathIfCreated: string, publicKeyFile?: string): string {
  return publicKeyFile ? publicKeyFile.replace(/\.pub$/, '') : privateKeyPathIfCreated;
}

const SSH_OPTIONS = ['-o', 'StrictHostKeyChecking=accept-new', '-o', 'ConnectTimeout=10'];

/** ssh's arguments for the web server, or the DB server through it. */
export function sshArgs(target: 'web' | 'db', o: LabOutputs, identity: string, command: string[] = []): string[] {
  if (!o.webPublicIp) throw new LabError('NotReady', ['err_webNoAddress'], ['hint_upFirst']);
  const web = `${SSH_USER}@${o.webPublicIp}`;
  if (target === 'web') return ['-i', identity, ...SSH_OPTIONS, web, ...command];
  if (!o.dbPrivateIp) throw new LabError('NotReady', ['err_dbNotThere'], ['hint_upFirst']);
  const hop = `ssh -i ${identity} ${SSH_OPTIONS.join(' ')} -W %h:%p ${web}`;
  return ['-i', identity, ...SSH_OPTIONS, '-o', `ProxyCommand=${hop}`, `${SSH_USER}@${o.dbPrivateIp}`, ...command];
}

/**
 * Host blocks for ~/.ssh/config: `ssh <lab>-web`, and `ssh <lab>-db` through it. Its
 * comment (and a host not known yet) are words by key: `say` says them (English by default).
 */
export function sshConfig(lab: string, o: LabOutputs, identity: string, say: (words: Words) => string = inEnglish): string {
  const block = (host: string, hostName: string | undefined, extra: string[] = []) =>
    [`Host ${host}`, `  HostName ${hostName ?? say(['sshConfigUnknown'])}`, `  User ${SSH_USER}`, `  IdentityFile ${identity}`, '  IdentitiesOnly yes', ...extra].join('\n');
  const blocks = [block(`${lab}-web`, o.webPublicIp), block(`${lab}-db`, o.dbPrivateIp, [`  ProxyJump ${lab}-web`])];
  // The NAT instance is a server too (its security group lets in the VPC only: through the web server).
  if (o.nat?.kind === 'instance') blocks.push(block(`${lab}-nat`, o.nat.privateIp, [`  ProxyJump ${lab}-web`]));
  const head = say(o.nat ? ['sshConfigHead', lab, o.nat.kind, o.nat.id] : ['sshConfigHeadNoNat', lab]);
  return [head, ...blocks].join('\n\n');
}
