import type { Live } from '../engine/resource.js';

export const SSH_USER = 'ec2-user';

export interface LabOutputs {
  webPublicIp?: string;
  webPublicDns?: string;
  webUrl?: string;
  dbPrivateIp?: string;
  natPublicIp?: string;
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
  const key = privateKeyPath.includes(' ') ? `"${privateKeyPath}"` : privateKeyPath;
  const web = webPublicIp && `${SSH_USER}@${webPublicIp}`;
  return {
    webPublicIp,
    webPublicDns,
    webUrl: webPublicDns ? `http://${webPublicDns}/` : undefined,
    dbPrivateIp,
    natPublicIp: live.get('natGateway')?.attrs.publicIp ?? live.get('natElasticIp')?.attrs.publicIp,
    privateKeyPath,
    sshWeb: web && `ssh -i ${key} ${web}`,
    // -J alone would not hand the key to the hop (command-line options apply to the
    // destination only): spell the hop out so the command works as pasted.
    sshDb: web && dbPrivateIp ? `ssh -i ${key} -o ProxyCommand="ssh -i ${key} -W %h:%p ${web}" ${SSH_USER}@${dbPrivateIp}` : undefined,
    sshDbJump: web && dbPrivateIp ? `ssh -J ${web} ${SSH_USER}@${dbPrivateIp}` : undefined,
  };
}
