/**
 * `npm run picture`: docs/lab.svg and docs/lab.ja.svg, the picture of the default lab (the
 * README shows it), made by the tool itself: `up` builds the default lab on the stateful
 * fake EC2 (test/support/fake-ec2.ts: AWS's answers, no account, IDs the same every run),
 * and `status --svg` draws it, in English and in Japanese.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { statusCommand } from '../src/cli/commands/status.js';
import { upCommand } from '../src/cli/commands/up.js';
import { VirtualClock } from '../src/engine/clock.js';
import { useLang } from '../src/ui/messages/index.js';
import { Reporter } from '../src/ui/reporter.js';
import { createFakeAws } from '../test/support/fake-ec2.js';
import { fakeDeps, SSH_CIDR } from './fake-deps.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** What the commands say: not wanted here, only the files. */
class Quiet extends Writable {
  override _write(_chunk: unknown, _enc: BufferEncoding, done: () => void): void {
    done();
  }
}

async function main(): Promise<void> {
  const clock = new VirtualClock();
  const fake = createFakeAws({ clock });
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'aws-lab-picture-'));
  const deps = fakeDeps(fake, clock);
  const reporter = new Reporter('plain', new Quiet(), new Quiet());
  try {
    await upCommand({ yes: true, stateDir, sshCidr: SSH_CIDR }, reporter, deps);
    for (const [lang, file] of [['en', 'docs/lab.svg'], ['ja', 'docs/lab.ja.svg']] as const) {
      await useLang(lang);
      await statusCommand({ stateDir, svg: path.join(ROOT, file) }, reporter, deps);
      console.log(`wrote ${file}`);
    }
  } finally {
    fake.restore();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
