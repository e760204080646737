/**
 * Issue 25 (items 3 and 5) against moto and a real OpenSSH server: the built CLI's `ssh
 * web`, `ssh db` (through the hop), `check` and `ssh-config`, with the key and the state
 * in folders whose paths hold spaces, quotes, `$`, `%` and non-ASCII letters; host keys
 * pinned from the console output (the test proxy answers GetConsoleOutput with the sshd's
 * keys, as cloud-init prints them), per lab, under an alias per instance.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labEnv, runCli, tempDir } from './support/cli.js';
import { startMoto, TEST_ACCOUNT_QUOTAS, type Moto } from './support/moto.js';
import { startProxy, type Proxy } from './support/proxy.js';
import { hasSshd, newKey, startSshd, type Sshd } from '../support/sshd.js';
import { shellQuote } from '../../src/lab/views/ssh-config.js';

const SSH_CIDR = '198.51.100.7/32';
const AWKWARD = `my "labs" 'q' $HOME %h ünï 日本`;
const NOISE = /WARNING|IDENTIFICATION HAS CHANGED|Permanently added|Host key verification failed/;

describe.runIf(hasSshd())('ssh with host keys known per lab (moto + a real sshd)', () => {
  let moto: Moto;
  let proxy: Proxy;
  let sshd: Sshd;
  let home: string;
  let stateDir: string;
  let pub: string;
  let pubKey: string;
  const cwd = tempDir();

  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startProxy(moto.url, { quotas: TEST_ACCOUNT_QUOTAS });
    const root = path.join(tempDir(), AWKWARD);
    mkdirSync(root, { recursive: true });
    stateDir = path.join(root, 'state dir');
    const identity = path.join(root, 'my key');
    pubKey = newKey(identity);
    pub = `${identity}.pub`;
    sshd = await startSshd(tempDir(), pubKey);
    proxy.faults.consoleHostKeys = [sshd.hostKey];
    home = tempDir();
  });
  afterAll(async () => {
    await sshd?.stop();
    await proxy?.close();
    await moto?.stop();
  });

  const env = () => labEnv({ HOME: home, AWS_LAB_SETUP_SSH_TARGET: sshd.target });
  const base = (lab: string) => ['--name', lab, '--endpoint-url', proxy.url, '--state-dir', stateDir];
  const up = async (lab: string) => {
    const r = await runCli(['up', '--yes', ...base(lab), '--ssh-cidr', SSH_CIDR, '--public-key-file', pub], { cwd, env: env() });
    expect(r.code, r.stderr).toBe(0);
  };
  const ssh = (lab: string, target: string) => runCli(['ssh', target, ...base(lab), '--', 'echo', `hello-${target}`], { cwd, env: env() });

  it('ssh web and ssh db (through the hop) connect with the key pinned from the console, no warning', async () => {
    await up('keys-a');
    for (const target of ['web', 'db']) {
      const r = await ssh('keys-a', target);
      expect(r.stderr).not.toMatch(NOISE);
      expect(r.stdout.trim(), r.stderr).toBe(`hello-${target}`);
      expect(r.code).toBe(0);
    }
    const known = readFileSync(path.join(stateDir, 'keys-a.known_hosts.pem'), 'utf8');
    expect(known).toMatch(new RegExp(`^keys-a-web-i-[0-9a-f]+ ${sshd.hostKey.replace(/[+/]/g, '\\$&')}$`, 'm'));
    expect(known).toMatch(/^keys-a-db-i-[0-9a-f]+ ssh-ed25519 /m);
    // Nothing went into the user's own known_hosts.
    expect(existsSync(path.join(home, '.ssh', 'known_hosts'))).toBe(false);
    expect(readFileSync(path.join(stateDir, 'keys-a.ssh_config'), 'utf8')).toMatch(/StrictHostKeyChecking yes/);
  });

  /** A command as a person pastes it into a POSIX shell, with a command for the server after it. */
  const pasted = (command: string, then: string, at = cwd) => spawnSync('sh', ['-c', `${command} ${then}`], { cwd: at, encoding: 'utf8', env: env(), timeout: 60_000 });

  it("the commands up prints, pasted into a shell, connect with the pinned key from an awkward state folder (the DB's hop too)", async () => {
    const r = await runCli(['up', '--yes', '--json', ...base('keys-a')], { cwd, env: env() });
    expect(r.code, r.stderr).toBe(0);
    const { outputs } = JSON.parse(r.stdout) as { outputs: { sshWeb: string; sshDb: string } };
    const config = shellQuote(path.join(stateDir, 'keys-a.ssh_config'));
    expect([outputs.sshWeb, outputs.sshDb]).toEqual([`ssh -F ${config} keys-a-web`, `ssh -F ${config} keys-a-db`]);
    for (const [target, command] of [['web', outputs.sshWeb], ['db', outputs.sshDb]]) {
      const p = pasted(command, `echo pasted-${target}`);
      expect(p.stderr).not.toMatch(NOISE);
      expect(p.stdout.trim(), p.stderr).toBe(`pasted-${target}`);
      expect(p.status).toBe(0);
    }
    expect(existsSync(path.join(home, '.ssh', 'known_hosts'))).toBe(false);
  });

  it("a class hand-out's commands, run from the learner's folder (an awkward path, a key named with a space), connect with the keys pinned from the consoles", async () => {
    const root = path.dirname(stateDir);
    const roster = path.join(root, 'keyclass.csv');
    writeFileSync(roster, 'learner,public_key\nann,my key.pub\n');
    const out = path.join(root, 'hand outs');
    const r = await runCli(['class', 'up', '--yes', '--roster', roster, '--out', out, '--endpoint-url', proxy.url, '--state-dir', stateDir, '--ssh-cidr', SSH_CIDR], { cwd, env: env(), timeoutMs: 300_000 });
    expect(r.code, r.stderr).toBe(0);
    const folder = path.join(out, 'ann');
    expect(readFileSync(path.join(folder, 'known_hosts'), 'utf8')).toMatch(new RegExp(`^keyclass-ann-web-i-[0-9a-f]+ ${sshd.hostKey.replace(/[+/]/g, '\\$&')}$`, 'm'));
    // The learner's own key (the pair of the public key in the roster), beside the hand-out.
    copyFileSync(pub.replace(/\.pub$/, ''), path.join(folder, 'my key'));
    chmodSync(path.join(folder, 'my key'), 0o600);
    const commands = readFileSync(path.join(folder, 'handout.txt'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.startsWith('ssh '));
    expect(commands).toEqual(['ssh -F ssh_config keyclass-ann-web', 'ssh -F ssh_config keyclass-ann-db']);
    for (const [target, command] of [['web', commands[0]], ['db', commands[1]]]) {
      const p = pasted(command, `echo handout-${target}`, folder);
      expect(p.stderr).not.toMatch(NOISE);
      expect(p.stdout.trim(), p.stderr).toBe(`handout-${target}`);
      expect(p.status).toBe(0);
    }
    expect(existsSync(path.join(home, '.ssh', 'known_hosts'))).toBe(false);
  });

  it('check runs its ssh probes through the same config (they reach the server: no host-key or quoting failure)', async () => {
    const r = await runCli(['check', ...base('keys-a'), '--json', '--web-url', 'http://127.0.0.1:9/'], { cwd, env: env() });
    const json = JSON.parse(r.stdout) as { results: { name: string; ok: boolean; detail: string }[] };
    // This machine is no DB server: ping and MariaDB may fail, but as commands that ran there (not exit 255).
    for (const probe of json.results.slice(1)) expect(probe.detail, JSON.stringify(probe)).not.toMatch(/exit 255|host key/i);
  });

  it('ssh-config is read whole by ssh -G (quoted paths, alias, the lab known-hosts file)', async () => {
    const r = await runCli(['ssh-config', ...base('keys-a')], { cwd, env: env() });
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(tempDir(), 'config');
    writeFileSync(file, r.stdout);
    const g = execFileSync('ssh', ['-G', '-F', file, 'keys-a-db'], { encoding: 'utf8' });
    expect(g).toContain(`userknownhostsfile ${path.join(stateDir, 'keys-a.known_hosts.pem')}`);
    expect(g).toMatch(/^hostkeyalias keys-a-db-i-[0-9a-f]+$/m);
    expect(g).toMatch(/^proxyjump keys-a-web$/m);
    expect(g).toMatch(/^stricthostkeychecking true$/m);
  });

  it('a second lab at the same addresses, and a lab rebuilt with a new host key at the same address, connect with no warning', async () => {
    await up('keys-b');
    const b = await ssh('keys-b', 'web');
    expect(b.stderr).not.toMatch(NOISE);
    expect(b.stdout.trim(), b.stderr).toBe('hello-web');

    const destroyed = await runCli(['destroy', '--yes', ...base('keys-a')], { cwd, env: env() });
    expect(destroyed.code, destroyed.stderr).toBe(0);
    // The rebuilt server: the same address and port, a new host key (its console shows the new one).
    const port = sshd.port;
    await sshd.stop();
    sshd = await startSshd(tempDir(), pubKey, port);
    proxy.faults.consoleHostKeys = [sshd.hostKey];
    await up('keys-a');
    for (const target of ['web', 'db']) {
      const r = await ssh('keys-a', target);
      expect(r.stderr).not.toMatch(NOISE);
      expect(r.stdout.trim(), r.stderr).toBe(`hello-${target}`);
    }
  });

  it('a server whose key is not the one its console printed is refused, with the tool line', async () => {
    proxy.faults.consoleHostKeys = [newKey(path.join(tempDir(), 'other')).split(' ').slice(0, 2).join(' ')];
    await up('keys-c');
    const r = await ssh('keys-c', 'web');
    expect(r.code).toBe(255);
    expect(r.stdout).not.toContain('hello-web');
    expect(r.stderr).toMatch(/keys-c-web answered with a host key other than the one AWS printed on its console/);
  });

  it("the review's reproduction: a saved publicKeyFile of k$(id>PWNED).pub, or a keyName leading out of the folder, stops ssh, check and ssh-config with exit 2 and runs nothing", async () => {
    // A lab's state as `up` saves it (it needs no servers: nothing may be asked of AWS).
    const dir = tempDir();
    const file = path.join(dir, 'keys-x.json');
    const settings = { name: 'keys-x', region: 'us-east-1', vpcCidr: '10.0.0.0/16', publicSubnetCidr: '10.0.1.0/24', privateSubnetCidr: '10.0.2.0/24', keyName: 'aws-lab-keys-x', sshCidr: SSH_CIDR, instanceType: 't3.micro', nat: 'gateway' };
    const good = JSON.stringify({ version: 1, lab: 'keys-x', region: 'us-east-1', settings, resources: {}, tokens: {}, createdAt: new Date().toISOString() });
    const at = ['--name', 'keys-x', '--endpoint-url', proxy.url, '--state-dir', dir];
    const pwned = path.join(dir, 'PWNED');
    try {
      for (const [field, value] of [['publicKeyFile', `${dir}/k$(id>${pwned}).pub`], ['keyName', '../../../../x']]) {
        const state = JSON.parse(good);
        state.settings[field] = value;
        writeFileSync(file, JSON.stringify(state));
        for (const args of [['ssh', 'db'], ['check'], ['ssh-config']]) {
          const before = proxy.actions.length;
          const r = await runCli([...args, ...at], { cwd, env: env() });
          expect(r.code, r.stderr).toBe(2);
          expect(r.stderr).toContain(`${file}: settings.${field}:`);
          expect(proxy.actions.length, 'no AWS call').toBe(before);
        }
      }
      expect(existsSync(pwned)).toBe(false);
      // The same state with good values is taken (the refusals were the values').
      writeFileSync(file, good);
      const fine = await runCli(['ssh-config', ...at], { cwd, env: env() });
      expect(fine.code, fine.stderr).toBe(0);
    } finally {
      writeFileSync(file, good);
    }
  });
});
