/**
 * A lab's host keys and ssh_config live and die with its state (issue 25, item 5):
 * a full destroy removes them (a rebuilt lab pins its new keys, no stale warning), a
 * NAT-only destroy keeps them, and `state move` carries the known hosts with the keys.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stateMoveCommand } from '../../src/cli/commands/state.js';
import { createHarness, type Harness } from '../support/drive.js';
import '../support/speak-english.js';
import { annHandout } from '../support/handout.js';

let h: Harness | undefined;
const extra: string[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const dir of extra.splice(0)) await fs.rm(dir, { recursive: true, force: true });
});

/** What `ssh`/`ssh-config` leave beside the state: the pinned keys and the lab's config. */
function sshFiles(dir: string, lab: string) {
  const knownHosts = path.join(dir, `${lab}.known_hosts.pem`);
  const config = path.join(dir, `${lab}.ssh_config`);
  writeFileSync(knownHosts, `${lab}-web-i-0abc ssh-ed25519 AAAAC3Nza\n`, { mode: 0o600 });
  writeFileSync(config, `Host ${lab}-web\n`, { mode: 0o600 });
  return { knownHosts, config };
}

describe('the lab\'s known hosts and ssh_config', () => {
  it('a full destroy removes them with the state; another lab\'s stay', async () => {
    h = createHarness();
    await h.up();
    const lab = h.readStateJson().lab;
    const mine = sshFiles(h.stateDir, lab);
    const other = sshFiles(h.stateDir, 'other');
    await h.destroy();
    expect(existsSync(h.stateFile())).toBe(false);
    expect(existsSync(mine.knownHosts)).toBe(false);
    expect(existsSync(mine.config)).toBe(false);
    expect(existsSync(other.knownHosts)).toBe(true);
    expect(existsSync(other.config)).toBe(true);
  });

  it('a NAT-only destroy keeps them (the servers and their keys stay)', async () => {
    h = createHarness();
    await h.up();
    const mine = sshFiles(h.stateDir, h.readStateJson().lab);
    await h.destroy({ natOnly: true });
    expect(existsSync(mine.knownHosts)).toBe(true);
    expect(existsSync(mine.config)).toBe(true);
  });

  it('state move carries the known hosts with the private key, and leaves neither behind', async () => {
    h = createHarness();
    await h.up();
    const lab = h.readStateJson().lab;
    const keyName = String(h.readStateJson().settings.keyName);
    const mine = sshFiles(h.stateDir, lab);
    const pinned = readFileSync(mine.knownHosts, 'utf8');
    const to = mkdtempSync(path.join(os.tmpdir(), 'aws-lab-move-'));
    extra.push(to);
    await stateMoveCommand({ stateDir: h.stateDir, to }, h.reporter);
    expect(readFileSync(path.join(to, `${lab}.known_hosts.pem`), 'utf8')).toBe(pinned);
    expect(existsSync(path.join(to, `${keyName}.pem`))).toBe(true);
    expect(existsSync(mine.knownHosts)).toBe(false);
    expect(existsSync(path.join(h.stateDir, `${keyName}.pem`))).toBe(false);
  });
});

describe('the state read again under the lock', () => {
  it('is validated as the first read was: a value changed in between stops with exit 2 naming the field, nothing created', async () => {
    const { FolderLocation } = await import('../../src/engine/store/folder.js');
    const { vi } = await import('vitest');
    const { labErrorOf } = await import('../support/drive.js');
    h = createHarness();
    await h.up();
    const file = h.stateFile();
    const lock = FolderLocation.prototype.lock;
    // Another operator writes the state after this run's first (checked) read, before its lock.
    const spy = vi.spyOn(FolderLocation.prototype, 'lock').mockImplementation(async function (this: InstanceType<typeof FolderLocation>, lab, opts) {
      const held = await lock.call(this, lab, opts);
      const data = JSON.parse(readFileSync(file, 'utf8'));
      data.settings.publicKeyFile = 'k$(id>PWNED).pub';
      writeFileSync(file, JSON.stringify(data));
      return held;
    });
    try {
      const before = h.attempts.names.length;
      const err = await labErrorOf(h.up());
      expect(err.exitCode).toBe(2);
      expect(err.message).toContain(file);
      expect(err.message).toContain('settings.publicKeyFile');
      // Not one EC2 call after the lock: the run stops on opening the state.
      expect(h.attempts.names.slice(before).filter((n) => !n.startsWith('Describe'))).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('the commands `up` prints', () => {
  it('go through the lab\'s own ssh_config (its key, its known hosts), never the global known_hosts', async () => {
    const { shellQuote } = await import('../../src/lab/views/ssh-config.js');
    h = createHarness();
    await h.up();
    const lab = h.readStateJson().lab;
    const config = path.join(h.stateDir, `${lab}.ssh_config`);
    expect(h.stdout()).toContain(`ssh -F ${shellQuote(config)} ${lab}-web`);
    expect(h.stdout()).toContain(`ssh -F ${shellQuote(config)} ${lab}-db`);
    expect(h.stdout()).not.toContain('ssh -i');
    const text = readFileSync(config, 'utf8');
    expect(text).toContain(`Host ${lab}-web`);
    expect(text).toMatch(/UserKnownHostsFile .*known_hosts/);
    expect(text).not.toMatch(/UserKnownHostsFile\s+~\/\.ssh\/known_hosts/);
  });

  it('in --json too', async () => {
    h = createHarness();
    await h.up({ json: true });
    const lab = h.readStateJson().lab;
    const out = JSON.parse(h.stdout());
    expect(out.outputs.sshWeb).toMatch(new RegExp(`^ssh -F \\S+${lab}\\.ssh_config'? ${lab}-web$`));
    expect(out.outputs.sshDb).toMatch(new RegExp(` ${lab}-db$`));
  });
});

describe('a class hand-out with keys read from the consoles', () => {
  it('pins them in the learner\'s known_hosts (StrictHostKeyChecking yes); a server none is known of stays accept-new', async () => {
    const { writeHandouts } = await import('../../src/class/handouts.js');
    const { handout, outputs } = annHandout();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aws-lab-class-'));
    extra.push(dir);
    const line = 'week1-ann-web-i-0web ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFake';
    await writeHandouts(dir, 'week1', [{ handout, outputs, knownHosts: [line] }], 'en');
    expect(readFileSync(path.join(dir, 'ann', 'known_hosts'), 'utf8')).toBe(`${line}\n`);
    const config = readFileSync(path.join(dir, 'ann', 'ssh_config'), 'utf8');
    const block = (host: string) => config.split(/\n(?=Host )/).find((b) => b.startsWith(`Host ${host}\n`)) ?? '';
    expect(block('week1-ann-web')).toContain('StrictHostKeyChecking yes');
    expect(block('week1-ann-db')).toContain('StrictHostKeyChecking accept-new');
  });
});

describe('pinning a lab\'s host keys', () => {
  const WEB = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIWeb';
  const OTHER = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOther';
  const live = new Map([
    ['webInstance', { id: 'i-0web', attrs: {} }],
    ['dbInstance', { id: 'i-0db', attrs: {} }],
  ]);
  /** A state kept in a bucket (as S3 keeps it): keyFile rewrites the local copy from the bucket. */
  function bucketLocation() {
    const localDir = mkdtempSync(path.join(os.tmpdir(), 'aws-lab-pin-'));
    extra.push(localDir);
    const bucket = new Map<string, string>();
    const local = (name: string) => path.join(localDir, `${name}.pem`);
    return {
      bucket,
      local,
      location: {
        localDir,
        readKey: async (name: string) => bucket.get(name),
        saveKey: async (name: string, text: string) => void bucket.set(name, text),
        keyFile: async (name: string) => (bucket.has(name) && writeFileSync(local(name), bucket.get(name)!), local(name)),
      } as never,
    };
  }
  /** EC2 whose consoles print these keys (none: a first boot not there yet), or refuse. */
  const consoles = (keys: string[] | 'refused') => {
    const asked: string[] = [];
    const ec2 = {
      send: async (cmd: { input: { InstanceId: string } }) => {
        asked.push(cmd.input.InstanceId);
        if (keys === 'refused') throw Object.assign(new Error('not allowed'), { name: 'UnauthorizedOperation' });
        const text = `-----BEGIN SSH HOST KEY KEYS-----\n${keys.join('\n')}\n-----END SSH HOST KEY KEYS-----\n`;
        return { Output: keys.length ? Buffer.from(text).toString('base64') : undefined };
      },
    };
    return { ec2: ec2 as never, asked };
  };

  it('a key ssh took on first use (accept-new, no key on the console) is carried back to the bucket and pinned from then on', async () => {
    const { pinHostKeys } = await import('../../src/lab/views/host-keys.js');
    const { bucket, local, location } = bucketLocation();
    const first = await pinHostKeys(location, 'lab', { live: live as never, ...consoles([]) });
    expect(first.pinned.size).toBe(0);
    // ssh, told accept-new, wrote the web server's key into the local copy of the lab's file.
    writeFileSync(first.file, `lab-web-i-0web ${WEB}\n`);
    const again = await pinHostKeys(location, 'lab', { live: live as never, ...consoles([]) });
    expect(bucket.get('lab.known_hosts')).toBe(`lab-web-i-0web ${WEB}\n`);
    expect(readFileSync(local('lab.known_hosts'), 'utf8')).toBe(`lab-web-i-0web ${WEB}\n`);
    expect([...again.pinned]).toEqual(['lab-web-i-0web']);
  });

  it("the console's key beats one taken on first use; a key kept is not asked for again", async () => {
    const { pinHostKeys } = await import('../../src/lab/views/host-keys.js');
    const { bucket, location } = bucketLocation();
    const first = await pinHostKeys(location, 'lab', { live: live as never, ...consoles([]) });
    writeFileSync(first.file, `lab-web-i-0web ${OTHER}\n`);
    const printed = consoles([WEB]);
    const got = await pinHostKeys(location, 'lab', { live: live as never, ...printed });
    expect(got.lines).toEqual([`lab-web-i-0web ${WEB}`, `lab-db-i-0db ${WEB}`]);
    expect(bucket.get('lab.known_hosts')).toBe(`lab-web-i-0web ${WEB}\nlab-db-i-0db ${WEB}\n`);
    const later = consoles([OTHER]);
    expect((await pinHostKeys(location, 'lab', { live: live as never, ...later })).lines).toEqual(got.lines);
    expect(later.asked).toEqual([]);
  });

  it('a console read refused (or failing) pins nothing and does not fail', async () => {
    const { pinHostKeys } = await import('../../src/lab/views/host-keys.js');
    const { bucket, location } = bucketLocation();
    const refused = consoles('refused');
    const got = await pinHostKeys(location, 'lab', { live: live as never, ...refused });
    expect(refused.asked).toEqual(['i-0web', 'i-0db']);
    expect(got.pinned.size).toBe(0);
    expect(got.aliases).toEqual({ web: 'lab-web-i-0web', db: 'lab-db-i-0db' });
    expect(bucket.has('lab.known_hosts')).toBe(false);
  });
});
