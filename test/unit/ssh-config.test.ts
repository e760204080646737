/**
 * The lab's ssh_config, read by the real OpenSSH client (`ssh -G` parses without
 * connecting) and used against a real sshd on loopback: paths with spaces, quotes, `$`,
 * `%`, `$(…)` and non-ASCII letters reach ssh as they are and run nothing; host keys are
 * the lab's own, under an alias per instance.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostKeyRefusal } from '../../src/cli/commands/ssh.js';
import { configPath, hostKeyAlias, labSshConfig, shellQuote, windowsQuote, type ConfigOptions } from '../../src/lab/views/ssh-config.js';
import { hasSshd, newKey, startSshd, type Sshd } from '../support/sshd.js';
import '../support/speak-english.js';
import { annHandout } from '../support/handout.js';

const HOSTS = { webPublicIp: '203.0.113.10', dbPrivateIp: '10.0.2.50', nat: { kind: 'gateway' as const, id: 'nat-1' } };
/** Everything a path may hold that a shell or ssh would read as its own. */
const AWKWARD = `my "labs" 'q' $HOME %h %% $(id>PWNED) ünï 日本`;

function awkwardDir(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ssh-cfg-'));
  const dir = path.join(root, AWKWARD);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** ssh -G's answer for a host of the config: keyword -> values. */
function resolved(config: string, host: string): Map<string, string[]> {
  const out = execFileSync('ssh', ['-G', '-F', config, host], { encoding: 'utf8' });
  const m = new Map<string, string[]>();
  for (const line of out.split('\n')) {
    const i = line.indexOf(' ');
    if (i > 0) m.set(line.slice(0, i), [...(m.get(line.slice(0, i)) ?? []), line.slice(i + 1)]);
  }
  return m;
}

describe('quoting', () => {
  it('shellQuote: a POSIX shell reads back exactly the argument', () => {
    for (const arg of [AWKWARD, "it's", '', 'plain', 'a\\b', '`x`', '!x']) {
      const got = execFileSync('sh', ['-c', `printf %s ${shellQuote(arg)}`], { encoding: 'utf8' });
      expect(got).toBe(arg);
    }
  });

  it('windowsQuote: CreateProcess rules for spaces, quotes and trailing backslashes', () => {
    expect(windowsQuote('C:\\Windows\\System32\\OpenSSH\\ssh.exe')).toBe('C:\\Windows\\System32\\OpenSSH\\ssh.exe');
    expect(windowsQuote('C:\\Users\\Taro Yamada\\lab.ssh_config')).toBe('"C:\\Users\\Taro Yamada\\lab.ssh_config"');
    expect(windowsQuote('C:\\a b\\')).toBe('"C:\\a b\\\\"');
    expect(windowsQuote('say "hi"')).toBe('"say \\"hi\\""');
  });

  it('configPath refuses a line break and ${ (ssh would expand it)', () => {
    expect(() => configPath('/tmp/a\nHost *')).toThrow(/control character/);
    expect(() => configPath('/tmp/${HOME}/k')).toThrow(/control character/);
  });
});

describe('the lab ssh_config, read by OpenSSH', () => {
  it('IdentityFile and UserKnownHostsFile come back whole from an awkward folder; the DB host hops through the web host', () => {
    const dir = awkwardDir();
    const config = path.join(dir, 'lab1.ssh_config');
    const identity = path.join(dir, 'aws-lab-key.pem');
    const file = path.join(dir, 'lab1.known_hosts.pem');
    const web = hostKeyAlias('lab1', 'web', 'i-0abc');
    const db = hostKeyAlias('lab1', 'db', 'i-0def');
    const text = labSshConfig('lab1', HOSTS, { identity, hostKeys: { file, aliases: { web, db }, pinned: new Set([web]) }, hop: { program: 'ssh', config, platform: 'linux' } });
    writeFileSync(config, text);
    const w = resolved(config, 'lab1-web');
    // -G shows IdentityFile before ssh expands its %-tokens (%% -> %): the sshd tests below connect with it.
    expect(w.get('identityfile')).toEqual([identity.replace(/%/g, '%%')]);
    expect(w.get('userknownhostsfile')).toEqual([file]);
    expect(w.get('hostkeyalias')).toEqual([web]);
    expect(w.get('stricthostkeychecking')).toEqual(['true']);
    expect(w.get('hostname')).toEqual([HOSTS.webPublicIp]);
    const d = resolved(config, 'lab1-db');
    expect(d.get('hostkeyalias')).toEqual([db]);
    expect(d.get('stricthostkeychecking')).toEqual(['accept-new']);
    expect(d.get('proxycommand')?.[0]).toBe(`ssh -F ${shellQuote(config).replace(/%/g, '%%')} -W %h:%p lab1-web`);
  });

  it('ssh-config (ProxyJump) parses too', () => {
    const dir = awkwardDir();
    const config = path.join(dir, 'pasted');
    writeFileSync(config, labSshConfig('lab1', HOSTS, { identity: path.join(dir, 'k.pem'), hop: { jump: true } }));
    expect(resolved(config, 'lab1-db').get('proxyjump')).toEqual(['lab1-web']);
    expect(resolved(config, 'lab1-db').get('identityfile')).toEqual([path.join(dir, 'k.pem').replace(/%/g, '%%')]);
  });

  it('the hop runs the program with exactly the config path, and a $(…) in it runs nothing', () => {
    const dir = awkwardDir();
    const config = path.join(dir, 'lab1.ssh_config');
    const record = path.join(dir, 'argv.json');
    // A stand-in for the hop's ssh: writes its arguments, then fails.
    const hop = path.join(dir, 'hop ssh.js');
    writeFileSync(hop, `#!/usr/bin/env node\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));\nprocess.exit(1);\n`, { mode: 0o755 });
    writeFileSync(config, labSshConfig('lab1', HOSTS, { identity: path.join(dir, 'k.pem'), hop: { program: hop, config, platform: 'linux' } }));
    const r = spawnSync('ssh', ['-F', config, 'lab1-db', 'true'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(255);
    expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual(['-F', config, '-W', `${HOSTS.dbPrivateIp}:22`, 'lab1-web']);
    expect(existsSync(path.join(dir, 'PWNED'))).toBe(false);
  });
});

describe.runIf(hasSshd())('against a real sshd', () => {
  let dir: string;
  let sshd: Sshd;
  let identity: string;
  beforeAll(async () => {
    dir = awkwardDir();
    identity = path.join(dir, 'lab key');
    const pub = newKey(identity);
    sshd = await startSshd(mkdtempSync(path.join(os.tmpdir(), 'sshd-')), pub);
  });
  afterAll(() => sshd?.stop());

  /** The lab's config at the sshd, its known-hosts holding `known` (alias -> key). */
  function labAt(lab: string, ids: { web: string; db: string }, known: Record<string, string>, pinned: boolean): string {
    const file = path.join(dir, `${lab}.known_hosts.pem`);
    writeFileSync(file, Object.entries(known).map(([a, k]) => `${a} ${k}\n`).join(''));
    const aliases = { web: hostKeyAlias(lab, 'web', ids.web), db: hostKeyAlias(lab, 'db', ids.db) };
    const config = path.join(dir, `${lab}.ssh_config`);
    const opts: ConfigOptions = { identity, hostKeys: { file, aliases, pinned: new Set(pinned ? Object.keys(known) : []) }, hop: { program: 'ssh', config, platform: 'linux' }, target: { host: '127.0.0.1', port: sshd.port, user: os.userInfo().username } };
    writeFileSync(config, labSshConfig(lab, HOSTS, opts));
    return config;
  }
  const ssh = (config: string, host: string) => spawnSync('ssh', ['-F', config, host, 'echo', 'hello'], { encoding: 'utf8', timeout: 30_000 });

  it('web, and db through the hop, with the pinned key; two labs at the same addresses never clash', () => {
    for (const lab of ['lab1', 'lab2']) {
      const ids = { web: 'i-0aaa', db: 'i-0bbb' };
      const config = labAt(lab, ids, { [hostKeyAlias(lab, 'web', ids.web)]: sshd.hostKey, [hostKeyAlias(lab, 'db', ids.db)]: sshd.hostKey }, true);
      for (const host of [`${lab}-web`, `${lab}-db`]) {
        const r = ssh(config, host);
        expect(r.stderr).not.toMatch(/WARNING|IDENTIFICATION HAS CHANGED|Permanently added/);
        expect(r.stdout.trim(), r.stderr).toBe('hello');
        expect(r.status).toBe(0);
      }
    }
  });

  it('a lab rebuilt (new instance IDs, same addresses) connects with no warning', () => {
    const config = labAt('lab3', { web: 'i-0new', db: 'i-0new2' }, { [hostKeyAlias('lab3', 'web', 'i-0new')]: sshd.hostKey, [hostKeyAlias('lab3', 'db', 'i-0new2')]: sshd.hostKey, 'lab3-web-i-0old': 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOld0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0' }, true);
    const r = ssh(config, 'lab3-web');
    expect(r.stdout.trim(), r.stderr).toBe('hello');
    expect(r.stderr).not.toMatch(/WARNING/);
  });

  it('a server whose key is not the pinned one is refused, and the tool says so', () => {
    const other = newKey(path.join(mkdtempSync(path.join(os.tmpdir(), 'other-')), 'k')).split(' ').slice(0, 2).join(' ');
    const config = labAt('lab4', { web: 'i-0ccc', db: 'i-0ddd' }, { [hostKeyAlias('lab4', 'web', 'i-0ccc')]: other }, true);
    const r = ssh(config, 'lab4-web');
    expect(r.status).toBe(255);
    expect(r.stdout).toBe('');
    const words = hostKeyRefusal(r.stderr, 'lab4-web');
    expect(words).toEqual(['err_hostKeyChanged', 'lab4-web']);
  });

  it('nothing pinned yet: the first key goes into the lab file only (accept-new)', () => {
    const config = labAt('lab5', { web: 'i-0eee', db: 'i-0fff' }, {}, false);
    const r = ssh(config, 'lab5-web');
    expect(r.stdout.trim(), r.stderr).toBe('hello');
    expect(readFileSync(path.join(dir, 'lab5.known_hosts.pem'), 'utf8')).toContain(`lab5-web-i-0eee ${sshd.hostKey}`);
  });
});

describe("a class hand-out's ssh_config", () => {
  it('quotes the key, keeps the learner known_hosts beside it and an alias per instance; ssh -G reads it', async () => {
    const { writeHandouts } = await import('../../src/class/handouts.js');
    const { handout, outputs } = annHandout();
    const dir = path.join(awkwardDir(), 'class');
    await writeHandouts(dir, 'week1', [{ handout, outputs }], 'en');
    const config = path.join(dir, 'ann', 'ssh_config');
    const db = resolved(config, 'week1-ann-db');
    expect(db.get('hostkeyalias')).toEqual(['week1-ann-db-i-0db']);
    expect(db.get('userknownhostsfile')).toEqual(['known_hosts']);
    expect(db.get('stricthostkeychecking')).toEqual(['accept-new']);
    expect(db.get('proxyjump')).toEqual(['week1-ann-web']);
    expect(resolved(config, 'week1-ann-web').get('identityfile')).toEqual(['week1-ann-key.pem']);
  });
});
