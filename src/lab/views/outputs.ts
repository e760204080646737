import { inEnglish, LabError, type Words } from '../../engine/errors.js';
import type { Live } from '../../engine/resource.js';
import { hostKeyAlias, labSshConfig, shellQuote, SSH_USER, type ConfigOptions, type HostKeys } from './ssh-config.js';

export { SSH_USER };

export interface LabOutputs {
  webPublicIp?: string;
  webPublicDns?: string;
  webUrl?: string;
  dbPrivateIp?: string;
  natPublicIp?: string;
  /** Which NAT the lab has now (none after `destroy --nat-only`), and its ID. */
  nat?: { kind: 'gateway' | 'instance'; id: string; privateIp?: string };
  privateKeyPath: string;
  /** The servers' instance IDs: each one's host-key alias is made of its ID. */
  instanceIds: { web?: string; db?: string; nat?: string };
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
  // Commands for a person to paste into a POSIX shell: every path single-quoted, and the
  // hop's own command quoted again inside its -o (ssh runs ProxyCommand with a shell; `%` is ssh's).
  const key = shellQuote(privateKeyPath);
  const web = webPublicIp && `${SSH_USER}@${webPublicIp}`;
  return {
    webPublicIp,
    webPublicDns,
    webUrl: webPublicDns ? `http://${webPublicDns}/` : undefined,
    dbPrivateIp,
    natPublicIp: live.get('natGateway')?.attrs.publicIp ?? live.get('natElasticIp')?.attrs.publicIp ?? natInstance?.attrs.publicIp,
    nat: natGateway ? { kind: 'gateway', id: natGateway.id } : natInstance ? { kind: 'instance', id: natInstance.id, privateIp: natInstance.attrs.privateIp } : undefined,
    privateKeyPath,
    instanceIds: { web: webInstance?.id, db: live.get('dbInstance')?.id, nat: natInstance?.id },
    sshWeb: web && `ssh -i ${key} ${web}`,
    // -J alone would not hand the key to the hop (command-line options apply to the
    // destination only): spell the hop out so the command works as pasted.
    sshDb: web && dbPrivateIp ? `ssh -i ${key} -o ${shellQuote(`ProxyCommand=ssh -i ${key.replace(/%/g, '%%')} -W %h:%p ${web}`)} ${SSH_USER}@${dbPrivateIp}` : undefined,
    sshDbJump: web && dbPrivateIp ? `ssh -J ${web} ${SSH_USER}@${dbPrivateIp}` : undefined,
  };
}

/**
 * The commands a person pastes, made through a lab's own ssh_config (`ssh -F '<config>'
 * <lab>-web`): its key, its hop, its known hosts under an alias per instance — never the
 * global known_hosts by address, where labs at the same 10.0.x.0/24s clash. The
 * ProxyJump-with-ssh-agent variant goes too: it would land in the global file.
 */
export function throughConfig(o: LabOutputs, lab: string, config: string): LabOutputs {
  const via = (host: string) => ['ssh', '-F', config, host].map(shellQuote).join(' ');
  return { ...o, sshWeb: o.sshWeb && via(`${lab}-web`), sshDb: o.sshDb && via(`${lab}-db`), sshDbJump: undefined };
}

/** The private key that opens the servers: ours, or the one beside an imported .pub. */
export function identityFile(privateKeyPathIfCreated: string, publicKeyFile?: string): string {
  return publicKeyFile ? publicKeyFile.replace(/\.pub$/, '') : privateKeyPathIfCreated;
}

/**
 * The aliases of a lab's servers in its own known-hosts file `file`, nothing pinned:
 * the first key of each goes into that file only (a hand-out's ssh_config).
 */
export function ownKnownHosts(lab: string, o: LabOutputs, file: string): HostKeys {
  const aliases: HostKeys['aliases'] = {};
  for (const role of ['web', 'db', 'nat'] as const) {
    const id = o.instanceIds[role];
    if (id) aliases[role] = hostKeyAlias(lab, role, id);
  }
  return { file, aliases, pinned: new Set() };
}

/** Refuse before ssh runs when a server is not there yet. */
export function assertReachable(target: 'web' | 'db', o: LabOutputs): void {
  if (!o.webPublicIp) throw new LabError('NotReady', ['err_webNoAddress'], ['hint_upFirst']);
  if (target === 'db' && !o.dbPrivateIp) throw new LabError('NotReady', ['err_dbNotThere'], ['hint_upFirst']);
}

/**
 * Host blocks for ~/.ssh/config: `ssh <lab>-web`, and `ssh <lab>-db` through it. Its
 * comment (and a host not known yet) are words by key: `say` says them (English by default).
 */
export function sshConfig(lab: string, o: LabOutputs, identity: string, say: (words: Words) => string = inEnglish, hostKeys?: HostKeys, target?: ConfigOptions['target']): string {
  return labSshConfig(lab, o, { identity, hostKeys, hop: { jump: true }, say, target });
}
