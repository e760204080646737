import { promises as fs } from 'node:fs';
import { consoleHostKeys } from '../../aws/console-output.js';
import type { StateLocation } from '../../engine/state.js';
import { keyFilePath } from '../../engine/store/folder.js';
import type { LabContext } from '../core/context.js';
import { hostKeyAlias, type HostKeys, type SshRole } from './ssh-config.js';

/** The lab's known-hosts, kept with the state as its keys are (in S3 too). */
export const knownHostsName = (lab: string) => `${lab}.known_hosts`;

const SERVERS: [SshRole, string][] = [
  ['web', 'webInstance'],
  ['db', 'dbInstance'],
  ['nat', 'natInstance'],
];

const linesOf = (text: string, alias: string) => text.split('\n').filter((l) => l.startsWith(`${alias} `));

/**
 * Each server's alias, and its keys pinned when first seen, kept with the lab: a key already
 * kept stays; else the console's (the first boot prints them; later boots may not); else one
 * ssh took on first use (accept-new) into the local copy of the lab's file — for a state in
 * S3 that copy is rewritten from the bucket, so what ssh added is carried back here. Keys of
 * replaced instances are dropped. `lines`: the file's lines (a hand-out's known_hosts).
 */
export async function pinHostKeys(location: StateLocation, lab: string, ctx: Pick<LabContext, 'live' | 'ec2'>): Promise<HostKeys & { lines: string[] }> {
  const name = knownHostsName(lab);
  const before = (await location.readKey(name)) ?? '';
  const local = await fs.readFile(keyFilePath(location.localDir, name), 'utf8').catch(() => '');
  const aliases: HostKeys['aliases'] = {};
  const lines: string[] = [];
  for (const [role, key] of SERVERS) {
    const id = ctx.live.get(key)?.id;
    if (!id) continue;
    const alias = hostKeyAlias(lab, role, id);
    aliases[role] = alias;
    let known = linesOf(before, alias);
    // None kept: the console's (none while the first boot has not printed them, or not allowed).
    if (known.length === 0) known = (await consoleHostKeys(ctx.ec2, id).catch(() => [])).map((k) => `${alias} ${k}`);
    if (known.length === 0) known = linesOf(local, alias);
    lines.push(...known);
  }
  const text = lines.length ? `${lines.join('\n')}\n` : '';
  if (text !== before) await location.saveKey(name, text);
  const file = await location.keyFile(name);
  return { file, aliases, pinned: new Set(lines.map((l) => l.split(' ')[0])), lines };
}
