import { promises as fs } from 'node:fs';
import path from 'node:path';
import { makeFolder, writePrivate } from '../engine/store/folder.js';
import { ownKnownHosts, sshConfig, type LabOutputs } from '../lab/views/outputs.js';
import type { ConfigOptions } from '../lab/views/ssh-config.js';
import { cardsHtml, handoutHtml, handoutText, type Handout } from '../ui/handout.js';
import type { Lang } from '../ui/i18n.js';
import { load } from '../ui/messages/index.js';
import { pictureSvg } from '../ui/svg/index.js';
import type { Topology } from '../lab/views/topology.js';

/** The learner's ssh files, beside the hand-out: its commands name them relative to that folder. */
export const HANDOUT_FILES = { sshConfig: 'ssh_config', knownHosts: 'known_hosts' } as const;

/** A built lab, as its hand-out needs it. */
export interface HandoutInput {
  handout: Handout;
  /** The commands of the hand-out, naming the key by its file name in the learner's folder. */
  outputs: LabOutputs;
  /** The private key made for the learner (instructor's copy), to put in their folder. */
  privateKey?: string;
  /** The servers' host keys as the lab's state pinned them (known_hosts lines under each alias): the learner's known_hosts. */
  knownHosts?: string[];
  /** The lab as it was read once built: the hand-out and the card carry its picture. */
  topology?: Topology;
}

/**
 * Write the hand-outs: a folder per learner (only its owner may read it) with their
 * private key when one was made, an ssh_config and a one-page hand-out (HTML and text);
 * and cards.html, the whole class on A4. The class's folder, when made here, is 0700 with
 * a `.gitignore` of `*` (it holds private keys); every file is written as the state's are
 * (engine/store/folder.ts: a random name opened O_EXCL, then renamed: no planted link is
 * followed). `target`: the ssh test seam (a local sshd), as the lab's own ssh_config takes it. Returns the folder.
 */
export async function writeHandouts(dir: string, klass: string, labs: HandoutInput[], lang: Lang, target?: ConfigOptions['target']): Promise<string> {
  await load(lang); // the hand-outs' language, whatever the run's
  await makeFolder(dir);
  // Each learner's picture, in the hand-outs' language.
  const drawn = labs.map(({ handout, topology }) => (topology ? { ...handout, picture: pictureSvg(topology, { lang }) } : handout));
  for (const [i, { outputs, privateKey, knownHosts = [] }] of labs.entries()) {
    const h = drawn[i];
    const mine = path.join(dir, h.learner);
    await fs.mkdir(mine, { recursive: true, mode: 0o700 });
    await fs.chmod(mine, 0o700); // an existing folder too
    if (privateKey) await writePrivate(path.join(mine, h.keyFile), await fs.readFile(privateKey));
    // Host keys: the learner's own known_hosts beside it, an alias per instance (no clash with another lab's addresses).
    // Keys read from the consoles are pinned (StrictHostKeyChecking yes); accept-new only for a server none is known of.
    const hostKeys = { ...ownKnownHosts(h.lab, outputs, HANDOUT_FILES.knownHosts), pinned: new Set(knownHosts.map((l) => l.split(' ')[0])) };
    if (knownHosts.length) await writePrivate(path.join(mine, HANDOUT_FILES.knownHosts), `${knownHosts.join('\n')}\n`);
    await writePrivate(path.join(mine, HANDOUT_FILES.sshConfig), `${sshConfig(h.lab, outputs, h.keyFile, undefined, hostKeys, target)}\n`);
    await writePrivate(path.join(mine, 'handout.html'), handoutHtml(h, lang));
    await writePrivate(path.join(mine, 'handout.txt'), handoutText(h, lang));
  }
  await writePrivate(path.join(dir, 'cards.html'), cardsHtml(klass, drawn, lang));
  return dir;
}
