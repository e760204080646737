/**
 * The `up` wizard: every answer is the flag, else the saved setting, else a prompt when
 * a person is there, else the default. Driven with a scripted Prompter (and once with
 * the real @inquirer `input` prompt rendered by @inquirer/testing).
 */
import { mkdtempSync, promises as fs, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import input from '@inquirer/input';
import select from '@inquirer/select';
import { render } from '@inquirer/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpFlags } from '../../src/cli/flags.js';
import { runAction } from '../../src/cli/run.js';
import {
  resolveLabName,
  resolveRegionByPrompt,
  resolveUpSettings,
  selectTheme,
  type Prompter,
  type WizardIO,
} from '../../src/cli/wizard.js';
import { UsageError } from '../../src/engine/errors.js';
import { validatePublicKeyFile, type LabSettings } from '../../src/lab/core/config.js';
import { pickLang, type Lang } from '../../src/ui/i18n.js';
import { en } from '../../src/ui/messages/en.js';
import { load, useLang } from '../../src/ui/messages/index.js';
import { englishWords } from '../support/english.js';

// The wizard speaks Japanese only once that catalog is loaded (as runAction does).
const ja = await load('ja');
import { createHarness } from '../support/drive.js';

// --- a scripted person ------------------------------------------------------------------

/** Take the prompt's default. */
const DEFAULT = Symbol('default');

/**
 * One scripted answer: a value; DEFAULT; or, for an input, a list of attempts typed one
 * after the other (the fake runs the prompt's validate on each, as inquirer does, and
 * answers with the first one accepted).
 */
type Scripted = string | typeof DEFAULT | string[] | boolean;

interface Asked {
  kind: 'input' | 'select' | 'confirm';
  message: string;
  default?: unknown;
  choices?: { name: string; value: string }[];
  validate?: (v: string) => true | string;
  /** What validate said to each refused attempt. */
  refusals: string[];
}

/** A Prompter that records every question and answers from a script; plus a say() log. */
function scripted(script: Scripted[], opts: { lang?: Lang; detected?: string } = {}) {
  const queue = [...script];
  const asked: Asked[] = [];
  /** Explanations and questions interleaved, in the order they happened. */
  const log: string[] = [];
  const said: string[] = [];
  const detectIp = vi.fn(async () => opts.detected);
  const take = (message: string): Scripted => {
    if (queue.length === 0) throw new Error(`unexpected prompt: ${message}`);
    return queue.shift()!;
  };
  const prompter: Prompter = {
    async input(o) {
      const a: Asked = { kind: 'input', message: o.message, default: o.default, validate: o.validate as Asked["validate"], refusals: [] };
      asked.push(a);
      log.push(`ask: ${o.message}`);
      const s = take(o.message);
      if (s === DEFAULT) {
        if (o.default === undefined) throw new Error(`no default for ${o.message}`);
        return o.default;
      }
      const attempts = Array.isArray(s) ? s : [String(s)];
      for (const attempt of attempts) {
        const verdict = o.validate ? await o.validate(attempt) : true;
        if (verdict === true) return attempt;
        a.refusals.push(verdict);
      }
      throw new Error(`every attempt for "${o.message}" was refused: ${a.refusals.join(' | ')}`);
    },
    async select(o) {
      asked.push({ kind: 'select', message: o.message, default: o.default, choices: o.choices, refusals: [] });
      log.push(`ask: ${o.message}`);
      const s = take(o.message);
      const value = s === DEFAULT ? o.default : s;
      const choice = o.choices.find((c) => c.value === value);
      if (!choice) throw new Error(`"${String(value)}" is not a choice of ${o.message}`);
      return choice.value;
    },
    async confirm(o) {
      asked.push({ kind: 'confirm', message: o.message, default: o.default, refusals: [] });
      log.push(`ask: ${o.message}`);
      const s = take(o.message);
      return s === DEFAULT ? Boolean(o.default) : Boolean(s);
    },
  };
  const io: WizardIO = {
    prompter,
    lang: opts.lang ?? 'en',
    say: (text) => {
      said.push(text);
      log.push(`say: ${text}`);
    },
    detectIp,
  };
  return { io, asked, said, log, detectIp, left: () => queue.length };
}

/** A run with nobody at the keyboard (--yes, or no terminal). */
function unattended(detected?: string) {
  const said: string[] = [];
  const detectIp = vi.fn(async () => detected);
  const io: WizardIO = { lang: 'en', say: (t) => said.push(t), detectIp };
  return { io, said, detectIp };
}

async function usageErrorOf(p: Promise<unknown>): Promise<UsageError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('expected a UsageError, but it resolved');
}

const MY_IP = '203.0.113.7/32';

// Temporary files and a temporary HOME (the import mode looks in ~/.ssh).
let tmp: string;
const savedHome = process.env.HOME;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'wizard-test-'));
});
afterEach(async () => {
  if (savedHome === undefined) delete process.env.HOME;
  else process.env.HOME = savedHome;
  await fs.rm(tmp, { recursive: true, force: true });
  vi.restoreAllMocks();
});

const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0m0n3y5xJ1b7z9qR3tZ0lYkqf3m8s2w6Qe1uJtX4p me@laptop\n';

function writeFile(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

// --- the tutorial's questions -----------------------------------------------------------

describe('resolveUpSettings with a person at the keyboard', () => {
  it('asks in the tutorial order, offering the tutorial defaults and the detected /32', async () => {
    const s = scripted([DEFAULT, DEFAULT, DEFAULT, 'create', DEFAULT, DEFAULT, 't3.micro', DEFAULT, DEFAULT], { detected: MY_IP });

    const settings = await resolveUpSettings({}, 'aws-lab', {}, s.io);

    expect(s.asked.map((a) => [a.kind, a.message, a.default])).toEqual([
      ['input', 'VPC CIDR block', '10.0.0.0/16'],
      ['input', 'Public subnet CIDR', '10.0.1.0/24'],
      ['input', 'Private subnet CIDR', '10.0.2.0/24'],
      ['select', 'Key pair', 'create'],
      ['input', 'Key pair name', 'aws-lab-key'],
      ['input', 'Who may SSH to the web server (CIDR)', MY_IP],
      ['select', 'Instance type', 't3.micro'],
      ['select', 'NAT for the private subnet (ap-northeast-1)', 'gateway'],
      ['select', 'Stop the lab after', '8h'],
    ]);
    expect(s.left()).toBe(0);
    expect(settings).toEqual({
      nat: 'gateway',
      name: 'aws-lab',
      vpcCidr: '10.0.0.0/16',
      publicSubnetCidr: '10.0.1.0/24',
      privateSubnetCidr: '10.0.2.0/24',
      keyName: 'aws-lab-key',
      publicKeyFile: undefined,
      sshCidr: MY_IP,
      instanceType: 't3.micro',
      ami: undefined,
      expiresIn: '8h',
      expiresAt: expect.any(String),
    });
    // Every input question is checked as it is answered.
    for (const a of s.asked.filter((q) => q.kind === 'input')) expect(a.validate, a.message).toBeTypeOf('function');
  });

  it('explains each chapter before asking about it', async () => {
    const s = scripted([DEFAULT, DEFAULT, DEFAULT, 'create', DEFAULT, DEFAULT, 't3.micro', DEFAULT, DEFAULT], { detected: MY_IP });
    await resolveUpSettings({}, 'aws-lab', {}, s.io);

    const at = (pred: (line: string) => boolean) => {
      const i = s.log.findIndex(pred);
      expect(i, 'expected in the log').toBeGreaterThanOrEqual(0);
      return i;
    };
    const sayVpc = at((l) => l.startsWith('say: Chapter 1') && l.includes('VPC'));
    const askVpc = at((l) => l === 'ask: VPC CIDR block');
    const saySubnets = at((l) => l.startsWith('say: ') && /subnet/i.test(l) && /internet gateway/i.test(l));
    const askPublic = at((l) => l === 'ask: Public subnet CIDR');
    const sayKey = at((l) => l.startsWith('say: Chapter 2') && /key/i.test(l));
    const askKeyMode = at((l) => l === 'ask: Key pair');
    const saySsh = at((l) => l.startsWith('say: ') && /SSH \(22\)/.test(l));
    const askSsh = at((l) => l.startsWith('ask: Who may SSH'));
    const sayType = at((l) => l.startsWith('say: Instance type') && l.includes('t3.micro'));
    const askType = at((l) => l === 'ask: Instance type');
    const sayDb = at((l) => l.startsWith('say: Chapter 4') && /NAT gateway/.test(l));

    expect(sayVpc).toBeLessThan(askVpc);
    expect(askVpc).toBeLessThan(saySubnets);
    expect(saySubnets).toBeLessThan(askPublic);
    expect(askPublic).toBeLessThan(sayKey);
    expect(sayKey).toBeLessThan(askKeyMode);
    expect(askKeyMode).toBeLessThan(saySsh);
    expect(saySsh).toBeLessThan(askSsh);
    expect(askSsh).toBeLessThan(sayType);
    expect(sayType).toBeLessThan(askType);
    expect(askType).toBeLessThan(sayDb);
  });

  it('speaks Japanese with lang ja: questions and explanations', async () => {
    const s = scripted([DEFAULT, DEFAULT, DEFAULT, 'create', DEFAULT, DEFAULT, 't3.micro', DEFAULT, DEFAULT], { lang: 'ja', detected: MY_IP });
    await resolveUpSettings({}, 'aws-lab', {}, s.io);

    expect(s.asked.map((a) => a.message)).toEqual([
      'VPC の CIDR ブロック',
      'パブリックサブネットの CIDR',
      'プライベートサブネットの CIDR',
      'キーペア',
      'キーペア名',
      'Web サーバーへの SSH を許可するソース (CIDR)',
      'インスタンスタイプ',
      'プライベートサブネットの NAT (ap-northeast-1)',
      'ラボを停止するまでの時間',
    ]);
    // The key-mode choices too.
    expect(s.asked[3].choices!.map((c) => c.name).join(' ')).toMatch(/新しく作成する/);
    // Chapters 1, 2 and 4 are explained, in Japanese only.
    const text = s.said.join('\n');
    expect(text).toContain('第 1 章');
    expect(text).toContain('第 2 章');
    expect(text).toContain('第 4 章');
    expect(s.said.length).toBeGreaterThanOrEqual(6);
    for (const line of s.said) {
      expect(line, line).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(line).not.toMatch(/Chapter|Subnets split|Security group:/);
    }
  });

  it('refuses a bad answer in the wizard\'s language: the Japanese wizard in Japanese, naming the value', async () => {
    await useLang('ja');
    try {
      const s = scripted([['10.0.0.0/8', '10.0.0.0/16'], DEFAULT, DEFAULT, 'create', DEFAULT, DEFAULT, 't3.micro', DEFAULT, DEFAULT], { lang: 'ja', detected: MY_IP });
      await resolveUpSettings({}, 'aws-lab', {}, s.io);
      const [refusal] = s.asked[0].refusals;
      expect(refusal).toContain('10.0.0.0/8');
      expect(refusal).toMatch(/[ぁ-んァ-ヶ]/);
      expect(englishWords(refusal)).toEqual([]);
    } finally {
      await useLang('en');
    }
  });

  it('re-asks a bad VPC CIDR: validate names the bad value, accepts good ones; subnet defaults follow the VPC', async () => {
    const s = scripted([['10.0.0.0/8', 'abc', '10.0.0.1/16', '10.1.0.0/16'], DEFAULT, DEFAULT, 'create', DEFAULT, DEFAULT, 't3.micro', DEFAULT, DEFAULT], {
      detected: MY_IP,
    });
    const settings = await resolveUpSettings({}, 'aws-lab', {}, s.io);

    const vpc = s.asked[0];
    expect(vpc.refusals).toHaveLength(3);
    expect(vpc.refusals[0]).toContain('10.0.0.0/8');
    expect(vpc.refusals[0]).toMatch(/\/16/); // says what would be accepted
    expect(vpc.refusals[1]).toContain('"abc"');
    expect(vpc.refusals[2]).toContain('10.0.0.1/16');
    expect(vpc.refusals[2]).toContain('10.0.0.0/16'); // the network it probably meant
    const validate = vpc.validate!;
    expect(validate('10.0.0.0/16')).toBe(true);
    expect(validate('172.16.0.0/20')).toBe(true);
    expect(validate('  10.1.0.0/16  ')).toBe(true); // surrounding spaces are forgiven…
    expect(validate('10.0.0.0/28')).toMatch(/10\.0\.0\.0\/28/); // …a VPC too small for two subnets is not

    // The subnet questions offer blocks inside the chosen VPC.
    expect(s.asked[1].default).toBe('10.1.1.0/24');
    expect(s.asked[2].default).toBe('10.1.2.0/24');
    expect(settings.vpcCidr).toBe('10.1.0.0/16');
    expect(settings.publicSubnetCidr).toBe('10.1.1.0/24');
    expect(settings.privateSubnetCidr).toBe('10.1.2.0/24');
  });

  it('checks the subnet answers against the chosen VPC and each other', async () => {
    const s = scripted(
      [DEFAULT, ['192.168.1.0/24', '10.0.1.0/29', '10.0.3.0/24'], ['10.0.3.0/24', '10.0.3.128/25', '10.0.4.0/24'], 'create', DEFAULT, DEFAULT, 't3.micro', DEFAULT, DEFAULT],
      { detected: MY_IP },
    );
    const settings = await resolveUpSettings({}, 'aws-lab', {}, s.io);

    const [pub, priv] = [s.asked[1], s.asked[2]];
    expect(pub.refusals).toHaveLength(2);
    expect(pub.refusals[0]).toContain('192.168.1.0/24');
    expect(pub.refusals[0]).toContain('10.0.0.0/16');
    expect(pub.refusals[1]).toContain('10.0.1.0/29');
    expect(priv.refusals).toHaveLength(2);
    // Same block, then one inside the public subnet: both overlap the public subnet.
    expect(priv.refusals[0]).toMatch(/overlap/);
    expect(priv.refusals[1]).toContain('10.0.3.128/25');
    expect(settings.publicSubnetCidr).toBe('10.0.3.0/24');
    expect(settings.privateSubnetCidr).toBe('10.0.4.0/24');
  });

  it('re-asks the SSH source and the key name, and takes "other…" instance types', async () => {
    const s = scripted([DEFAULT, DEFAULT, DEFAULT, 'create', ['my key!', 'lab.key_1'], ['abc', '198.51.100.0/24'], '', ['t3 micro', 'm7i.large'], DEFAULT, DEFAULT], {
      detected: undefined,
    });
    const settings = await resolveUpSettings({}, 'aws-lab', {}, s.io);

    const keyName = s.asked[4];
    expect(keyName.refusals).toEqual([expect.stringContaining('my key!')]);
    const ssh = s.asked[5];
    expect(ssh.default).toBeUndefined(); // nothing detected: nothing offered
    expect(ssh.refusals).toEqual([expect.stringContaining('"abc"')]);
    expect(ssh.validate!('0.0.0.0/0')).toBe(true);
    expect(ssh.validate!('198.51.100.7')).toMatch(/198\.51\.100\.7/);
    expect(s.asked[6]).toMatchObject({ kind: 'select', message: 'Instance type' });
    expect(s.asked[7]).toMatchObject({ kind: 'input', message: 'Instance type', default: 't3.micro' });
    expect(s.asked[7].refusals).toEqual([expect.stringContaining('t3 micro')]);
    expect(settings).toMatchObject({ keyName: 'lab.key_1', sshCidr: '198.51.100.0/24', instanceType: 'm7i.large' });
  });

  it('asks gateway or instance for the NAT, each choice with its price per hour and month; the gateway is the default', async () => {
    const s = scripted([DEFAULT, DEFAULT, DEFAULT, 'create', DEFAULT, DEFAULT, 't3.micro', 'instance', DEFAULT], { detected: MY_IP });
    const settings = await resolveUpSettings({}, 'aws-lab', {}, s.io, 'us-east-1');
    const q = s.asked.find((a) => a.message.startsWith('NAT for'))!;
    expect(q.message).toBe('NAT for the private subnet (us-east-1)');
    expect(q.default).toBe('gateway');
    expect(q.choices!.map((c) => c.value)).toEqual(['gateway', 'instance']);
    const price = (name: string) => Number(/\$([\d.]+)\/h/.exec(name)![1]);
    const [gateway, instance] = q.choices!.map((c) => c.name);
    expect(gateway).toMatch(/NAT gateway .*\$0\.0500\/h ≈ \$36\.50\/month/); // 0.045 + 0.005 for its address
    expect(instance).toMatch(/NAT instance .*\/h ≈ \$\d+\.\d\d\/month/);
    expect(price(instance)).toBeLessThan(price(gateway) / 4);
    expect(settings.nat).toBe('instance');
  });

  it('refuses a --nat that is neither gateway nor instance, naming it', async () => {
    await expect(resolveUpSettings({ nat: 'nat-box' }, 'aws-lab', {}, unattended(MY_IP).io)).rejects.toThrow(/NAT kind "nat-box"/);
  });

  it('offers t3.micro first and t2.micro last among instance types', async () => {
    const s = scripted([DEFAULT, DEFAULT, DEFAULT, 'create', DEFAULT, DEFAULT, 't2.micro', DEFAULT, DEFAULT], { detected: MY_IP });
    const settings = await resolveUpSettings({}, 'aws-lab', {}, s.io);
    const values = s.asked[6].choices!.map((c) => c.value).filter((v) => v !== '');
    expect(values[0]).toBe('t3.micro');
    expect(values.at(-1)).toBe('t2.micro');
    expect(settings.instanceType).toBe('t2.micro');
  });
});

describe('SSH open to the whole internet (issue 16)', () => {
  const SSH_ASK = 'Who may SSH to the web server (CIDR)';
  const CONFIRM = 'Open SSH to the whole internet anyway?';
  // The questions before the SSH source: VPC, subnets, key pair, key name.
  const BEFORE: Scripted[] = [DEFAULT, DEFAULT, DEFAULT, 'create', DEFAULT];
  const AFTER: Scripted[] = [DEFAULT, DEFAULT, DEFAULT];

  it('typed in the wizard: says what it means and asks to confirm (default no); no asks the question again', async () => {
    const s = scripted([...BEFORE, '0.0.0.0/0', false, DEFAULT, ...AFTER], { detected: MY_IP });
    const settings = await resolveUpSettings({}, 'aws-lab', {}, s.io);
    expect(settings.sshCidr).toBe(MY_IP);
    const i = s.asked.findIndex((a) => a.message === SSH_ASK);
    expect(s.asked.slice(i, i + 3).map((a) => [a.kind, a.message, a.default])).toEqual([
      ['input', SSH_ASK, MY_IP],
      ['confirm', CONFIRM, false],
      ['input', SSH_ASK, MY_IP],
    ]);
    // The warning came between the answer and the question to confirm.
    const log = s.log.slice(s.log.indexOf(`ask: ${SSH_ASK}`));
    expect(log[1]).toMatch(/^say: SSH \(port 22\) of the web server is open to the whole internet: anyone can try to log in/);
    expect(log[2]).toBe(`ask: ${CONFIRM}`);
  });

  it('typed and confirmed: it stands', async () => {
    const s = scripted([...BEFORE, '0.0.0.0/0', true, ...AFTER], { detected: MY_IP });
    expect((await resolveUpSettings({}, 'aws-lab', {}, s.io)).sshCidr).toBe('0.0.0.0/0');
    expect(s.left()).toBe(0);
  });

  it('given by --ssh-cidr with a person there: asked to confirm too; without one (--yes) it stands unasked', async () => {
    const s = scripted([...BEFORE, false, '198.51.100.0/24', ...AFTER], { detected: MY_IP });
    const settings = await resolveUpSettings({ sshCidr: '0.0.0.0/0' }, 'aws-lab', {}, s.io);
    expect(s.asked.filter((a) => a.kind === 'confirm').map((a) => a.message)).toEqual([CONFIRM]);
    expect(settings.sshCidr).toBe('198.51.100.0/24');

    const u = unattended(MY_IP);
    expect((await resolveUpSettings({ sshCidr: '0.0.0.0/0' }, 'aws-lab', {}, u.io)).sshCidr).toBe('0.0.0.0/0');
  });

  it('an address of one\'s own, or a network, is asked no confirmation', async () => {
    const s = scripted([...BEFORE, '198.51.100.0/24', ...AFTER], { detected: MY_IP });
    await resolveUpSettings({}, 'aws-lab', {}, s.io);
    expect(s.asked.filter((a) => a.kind === 'confirm')).toEqual([]);
  });

  it('::/0 (IPv6) is refused, naming it: the lab has IPv4 addresses only', async () => {
    const err = await usageErrorOf(resolveUpSettings({ sshCidr: '::/0' }, 'aws-lab', {}, unattended(MY_IP).io));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('"::/0" is IPv6');
    expect(err.hint).toMatch(/x\.x\.x\.x\/32.*0\.0\.0\.0\/0/);
  });

  it('up --yes --ssh-cidr 0.0.0.0/0: the plan marks it, a warning line says what it means, and the lab is built as asked', async () => {
    const h = createHarness();
    try {
      await h.up({ sshCidr: '0.0.0.0/0' });
      const err = h.stderr();
      expect(err).toMatch(/Who may SSH to the web server \(CIDR\): 0\.0\.0\.0\/0 [⚠!] open to the whole internet/);
      expect(err).toMatch(/[⚠!] SSH \(port 22\) of the web server is open to the whole internet/);
      // Once, after the plan and before anything is made.
      expect(err.match(/is open to the whole internet/g)).toHaveLength(1);
      expect(err.indexOf('is open to the whole internet')).toBeGreaterThan(err.indexOf('Plan: 25 to create'));
      const web = [...h.fake.world.securityGroups.values()].find((g) => g.GroupName?.endsWith('-web'))!;
      const ssh = web.IpPermissions!.find((p) => p.FromPort === 22)!;
      expect(ssh.IpRanges!.map((r) => r.CidrIp)).toEqual(['0.0.0.0/0']);
    } finally {
      await h.close();
    }
  });

  it('a lab\'s own address: no mark, no warning', async () => {
    const h = createHarness();
    try {
      await h.up();
      expect(h.stderr()).not.toMatch(/whole internet/);
    } finally {
      await h.close();
    }
  });

  it('speaks Japanese with lang ja', async () => {
    const s = scripted([...BEFORE, '0.0.0.0/0', true, ...AFTER], { detected: MY_IP, lang: 'ja' });
    await resolveUpSettings({}, 'aws-lab', {}, s.io);
    expect(s.asked.find((a) => a.kind === 'confirm')!.message).toBe(ja.sshWorldConfirm);
    expect(s.said).toContain(ja.sshWorldWarn);
  });
});

describe('resolveUpSettings: flags and saved settings', () => {
  const allFlags: UpFlags = {
    vpcCidr: '10.1.0.0/16',
    publicSubnetCidr: '10.1.10.0/24',
    privateSubnetCidr: '10.1.20.0/24',
    keyName: 'mykey',
    sshCidr: '198.51.100.0/24',
    instanceType: 't3.small',
    ami: 'ami-0123456789abcdef0',
    nat: 'instance',
  };

  it('asks nothing that a flag answers', async () => {
    const s = scripted([], { detected: MY_IP });
    const settings = await resolveUpSettings({ ...allFlags, expiresIn: '4h' }, 'lab1', {}, s.io);
    expect(s.asked).toEqual([]);
    expect(s.detectIp).not.toHaveBeenCalled();
    expect(settings).toEqual({ name: 'lab1', ...allFlags, publicKeyFile: undefined, expiresIn: '4h', expiresAt: expect.any(String) });
  });

  it('asks only the questions no flag answers', async () => {
    const s = scripted([DEFAULT, DEFAULT, 'create', DEFAULT, 't3.micro', DEFAULT, DEFAULT], { detected: MY_IP });
    const settings = await resolveUpSettings({ vpcCidr: '10.1.0.0/16', sshCidr: '192.0.2.0/24' }, 'lab1', {}, s.io);
    expect(s.asked.map((a) => a.message)).toEqual(['Public subnet CIDR', 'Private subnet CIDR', 'Key pair', 'Key pair name', 'Instance type', 'NAT for the private subnet (ap-northeast-1)', 'Stop the lab after']);
    // Subnet defaults follow the VPC given by flag; key name the lab name.
    expect(s.asked.map((a) => a.default)).toEqual(['10.1.1.0/24', '10.1.2.0/24', 'create', 'lab1-key', 't3.micro', 'gateway', '8h']);
    expect(settings).toMatchObject({ vpcCidr: '10.1.0.0/16', publicSubnetCidr: '10.1.1.0/24', sshCidr: '192.0.2.0/24' });
  });

  it('takes --key-name alone without asking about the key pair', async () => {
    const s = scripted([DEFAULT, DEFAULT, DEFAULT, DEFAULT, 't3.micro', DEFAULT, DEFAULT], { detected: MY_IP });
    const settings = await resolveUpSettings({ keyName: 'existing' }, 'aws-lab', {}, s.io);
    expect(s.asked.map((a) => a.message)).not.toContain('Key pair');
    expect(s.asked.map((a) => a.message)).not.toContain('Key pair name');
    expect(settings.keyName).toBe('existing');
  });

  const saved: Omit<LabSettings, 'region'> = {
    name: 'aws-lab',
    vpcCidr: '10.5.0.0/16',
    publicSubnetCidr: '10.5.7.0/24',
    privateSubnetCidr: '10.5.8.0/24',
    keyName: 'old-key',
    sshCidr: '192.0.2.44/32',
    instanceType: 't3.small',
    nat: 'gateway',
  };

  it('asks nothing when the lab has saved settings, and says it uses them', async () => {
    const s = scripted([DEFAULT], { detected: MY_IP });
    const settings = await resolveUpSettings({}, 'aws-lab', { ...saved, region: 'us-east-1' }, s.io);
    expect(s.asked).toEqual([]);
    // A lab saved before expiry existed gets the default, unasked.
    expect(settings).toEqual({ ...saved, publicKeyFile: undefined, ami: undefined, expiresIn: '8h', expiresAt: expect.any(String) });
    expect(s.said.join('\n')).toContain('"aws-lab"');
    expect(s.said.join('\n')).toMatch(/saved settings/);
    // The saved SSH source stands: the address is not looked up again.
    expect(s.detectIp).not.toHaveBeenCalled();
  });

  it('lets a flag change one saved setting and keeps the rest', async () => {
    const s = scripted([DEFAULT], { detected: MY_IP });
    const settings = await resolveUpSettings({ instanceType: 't3.micro' }, 'aws-lab', saved, s.io);
    expect(s.asked).toEqual([]);
    expect(settings).toMatchObject({ ...saved, instanceType: 't3.micro' });
  });

  it('derives new subnets when a flag moves the VPC away from the saved one', async () => {
    const u = unattended(MY_IP);
    const settings = await resolveUpSettings({ vpcCidr: '10.9.0.0/16' }, 'aws-lab', saved, u.io);
    expect(settings.vpcCidr).toBe('10.9.0.0/16');
    expect(settings.publicSubnetCidr).toBe('10.9.1.0/24');
    expect(settings.privateSubnetCidr).toBe('10.9.2.0/24');
    expect(settings.keyName).toBe('old-key');
  });

  it('keeps an imported public key saved with the lab', async () => {
    const u = unattended(MY_IP);
    const settings = await resolveUpSettings({}, 'aws-lab', { ...saved, publicKeyFile: '/home/me/.ssh/id_ed25519.pub' }, u.io);
    expect(settings.publicKeyFile).toBe('/home/me/.ssh/id_ed25519.pub');
  });
});

describe('resolveUpSettings with nobody at the keyboard', () => {
  it('takes the defaults and the detected address', async () => {
    const u = unattended(MY_IP);
    const settings = await resolveUpSettings({}, 'aws-lab', {}, u.io);
    expect(settings).toEqual({
      name: 'aws-lab',
      vpcCidr: '10.0.0.0/16',
      publicSubnetCidr: '10.0.1.0/24',
      privateSubnetCidr: '10.0.2.0/24',
      keyName: 'aws-lab-key',
      publicKeyFile: undefined,
      sshCidr: MY_IP,
      instanceType: 't3.micro',
      ami: undefined,
      nat: 'gateway',
      expiresIn: '8h',
      expiresAt: expect.any(String),
    });
    expect(u.said).toEqual([]); // no tutorial lines when nobody is asked anything
  });

  it('derives subnets from a changed VPC: 10.1.0.0/16 gives 10.1.1.0/24 and 10.1.2.0/24; a /24 is split in halves', async () => {
    const a = await resolveUpSettings({ vpcCidr: '10.1.0.0/16' }, 'aws-lab', {}, unattended(MY_IP).io);
    expect([a.publicSubnetCidr, a.privateSubnetCidr]).toEqual(['10.1.1.0/24', '10.1.2.0/24']);
    const b = await resolveUpSettings({ vpcCidr: '192.168.10.0/24' }, 'aws-lab', {}, unattended(MY_IP).io);
    expect([b.publicSubnetCidr, b.privateSubnetCidr]).toEqual(['192.168.10.0/25', '192.168.10.128/25']);
  });

  it('refuses to guess the SSH source when the address cannot be detected', async () => {
    const u = unattended(undefined);
    const err = await usageErrorOf(resolveUpSettings({}, 'aws-lab', {}, u.io));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/could not detect/i);
    expect(err.message).not.toContain('\n');
    expect(err.hint).toContain('--ssh-cidr');
    expect(u.detectIp).toHaveBeenCalledTimes(1);
  });

  it('needs no detection when --ssh-cidr is given', async () => {
    const u = unattended(undefined);
    const settings = await resolveUpSettings({ sshCidr: '198.51.100.7/32' }, 'aws-lab', {}, u.io);
    expect(settings.sshCidr).toBe('198.51.100.7/32');
  });

  const bad: [string, UpFlags, string][] = [
    ['a VPC CIDR that is too large', { vpcCidr: '10.0.0.0/8' }, '10.0.0.0/8'],
    ['a VPC CIDR that is no CIDR', { vpcCidr: 'abc' }, 'abc'],
    ['a VPC CIDR with host bits', { vpcCidr: '10.0.0.5/16' }, '10.0.0.5/16'],
    ['a public subnet outside the VPC', { publicSubnetCidr: '192.168.1.0/24' }, '192.168.1.0/24'],
    ['a private subnet outside the VPC', { privateSubnetCidr: '10.1.2.0/24' }, '10.1.2.0/24'],
    ['a subnet smaller than /28', { privateSubnetCidr: '10.0.2.0/29' }, '10.0.2.0/29'],
    ['overlapping subnets', { publicSubnetCidr: '10.0.1.0/24', privateSubnetCidr: '10.0.1.128/25' }, '10.0.1.128/25'],
    ['an SSH source without a prefix', { sshCidr: '1.2.3.4' }, '1.2.3.4'],
    ['a key name with spaces', { keyName: 'my key' }, 'my key'],
    ['an instance type that is no name', { instanceType: 'T3 Micro' }, 'T3 Micro'],
    ['an AMI that is no AMI ID', { ami: 'ami-xyz' }, 'ami-xyz'],
  ];
  for (const [what, flags, value] of bad) {
    it(`refuses ${what}, naming the value`, async () => {
      const err = await usageErrorOf(resolveUpSettings(flags, 'aws-lab', {}, unattended(MY_IP).io));
      expect(err.exitCode).toBe(2);
      expect(err.code).toBe('BadInput');
      expect(err.message).toContain(value);
      expect(err.message).not.toContain('\n');
      expect(err.hint ?? '').not.toBe('');
    });
  }
});

describe('a bad flag with a person at the keyboard', () => {
  it('is refused, not replaced by a question', async () => {
    const s = scripted([DEFAULT, DEFAULT, DEFAULT, 'create', DEFAULT, DEFAULT, 't3.micro', DEFAULT, DEFAULT], { detected: MY_IP });
    const err = await usageErrorOf(resolveUpSettings({ vpcCidr: '10.0.0.0/8' }, 'aws-lab', {}, s.io));
    expect(err.message).toContain('10.0.0.0/8');
    expect(s.asked).toEqual([]);
  });
});

describe('importing a public key', () => {
  it('with --public-key-file: checks the file and asks nothing about the key', async () => {
    const file = writeFile('id_ed25519.pub', ED25519);
    const s = scripted([DEFAULT, DEFAULT, DEFAULT, DEFAULT, 't3.micro', DEFAULT, DEFAULT], { detected: MY_IP });
    const settings = await resolveUpSettings({ publicKeyFile: file }, 'aws-lab', {}, s.io);
    expect(s.asked.map((a) => a.message)).not.toContain('Key pair');
    expect(settings).toMatchObject({ keyName: 'aws-lab-key', publicKeyFile: file });
  });

  it('with --public-key-file naming something that is not a public key: refuses', async () => {
    const file = writeFile('id_ed25519', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n');
    const err = await usageErrorOf(resolveUpSettings({ publicKeyFile: file, sshCidr: MY_IP }, 'aws-lab', {}, unattended().io));
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/not an OpenSSH public key/);
    expect(err.exitCode).toBe(2);
  });

  it('in the wizard: picks one of the .pub files found in ~/.ssh', async () => {
    process.env.HOME = tmp;
    await fs.mkdir(path.join(tmp, '.ssh'));
    const pub = path.join(tmp, '.ssh', 'id_ed25519.pub');
    writeFileSync(pub, ED25519);
    writeFileSync(path.join(tmp, '.ssh', 'id_ed25519'), 'private, not offered');
    const s = scripted([DEFAULT, DEFAULT, DEFAULT, 'import', 'laptop', pub, DEFAULT, 't3.micro', DEFAULT, DEFAULT], { detected: MY_IP });

    const settings = await resolveUpSettings({}, 'aws-lab', {}, s.io);

    const pick = s.asked[5];
    expect(pick).toMatchObject({ kind: 'select', message: 'Public key file' });
    expect(pick.choices!.map((c) => c.value)).toContain(pub);
    expect(pick.choices!.map((c) => c.value)).not.toContain(path.join(tmp, '.ssh', 'id_ed25519'));
    expect(settings).toMatchObject({ keyName: 'laptop', publicKeyFile: pub });
  });

  it('in the wizard: asks for a path when ~/.ssh has no .pub file, offering id_ed25519.pub', async () => {
    process.env.HOME = tmp; // no .ssh directory at all
    const file = writeFile('work.pub', ED25519);
    const s = scripted([DEFAULT, DEFAULT, DEFAULT, 'import', DEFAULT, `  ${file}  `, DEFAULT, 't3.micro', DEFAULT, DEFAULT], { detected: MY_IP });

    const settings = await resolveUpSettings({}, 'aws-lab', {}, s.io);

    expect(s.asked[5]).toMatchObject({ kind: 'input', message: 'Public key file', default: path.join(tmp, '.ssh', 'id_ed25519.pub') });
    expect(settings).toMatchObject({ keyName: 'aws-lab-key', publicKeyFile: file });
  });

  it('in the wizard: an invalid file is refused at the prompt, naming it, and asked again', async () => {
    process.env.HOME = tmp;
    const bad = writeFile('notakey.pub', 'hello world\n');
    const good = writeFile('good.pub', `${ED25519}\n`);
    const s = scripted([DEFAULT, DEFAULT, DEFAULT, 'import', DEFAULT, [bad, good], DEFAULT, 't3.micro', DEFAULT, DEFAULT], { detected: MY_IP });
    const settings = await resolveUpSettings({}, 'aws-lab', {}, s.io);
    expect(settings.publicKeyFile).toBe(good);
    const keyPrompt = s.asked.find((a) => a.message === 'Public key file')!;
    expect(keyPrompt.refusals).toHaveLength(1);
    expect(keyPrompt.refusals[0]).toContain(bad);
    expect(keyPrompt.refusals[0]).toMatch(/ssh-ed25519/);
  });
});

describe('validatePublicKeyFile', () => {
  it('accepts OpenSSH public keys of each kind', async () => {
    for (const line of [
      ED25519,
      'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 me@host',
      'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTY= me',
      '\n  ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==\n',
    ]) {
      await expect(validatePublicKeyFile(writeFile('k.pub', line)), line).resolves.toBeUndefined();
    }
  });

  it('refuses a missing file, a private key and other text', async () => {
    const missing = path.join(tmp, 'nope.pub');
    const e1 = await usageErrorOf(validatePublicKeyFile(missing));
    expect(e1.message).toContain(missing);
    expect(e1.message).toMatch(/cannot be read/);
    for (const text of ['-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n', 'ssh-dss AAAAB3NzaC1kc3M= me', 'ssh-ed25519', '']) {
      const file = writeFile('x.pub', text);
      const e = await usageErrorOf(validatePublicKeyFile(file));
      expect(e.message).toContain(file);
    }
  });
});

describe('resolveLabName and resolveRegionByPrompt', () => {
  it('takes a good --name, refuses a bad one, defaults to aws-lab', async () => {
    expect(await resolveLabName('lab-2', unattended().io)).toBe('lab-2');
    const err = await usageErrorOf(resolveLabName('My_Lab', unattended().io));
    expect(err.message).toContain('My_Lab');
    expect(await resolveLabName(undefined, unattended().io)).toBe('aws-lab');
  });

  it('asks for the name with the default offered, re-asking a bad one', async () => {
    const s = scripted([['Bad Name', '-lab', 'team-a'], DEFAULT]);
    expect(await resolveLabName(undefined, s.io)).toBe('team-a');
    expect(s.asked).toHaveLength(1);
    expect(s.asked[0]).toMatchObject({ message: 'Lab name', default: 'aws-lab' });
    expect(s.asked[0].refusals).toEqual([expect.stringContaining('Bad Name'), expect.stringContaining('-lab')]);
    expect(s.said[0]).toMatch(/tag/);
  });

  it('region: asks with Tokyo offered, and without a person says to pass --region', async () => {
    const s = scripted([['tokyo', 'eu-west-1'], DEFAULT]);
    expect(await resolveRegionByPrompt(s.io)).toBe('eu-west-1');
    expect(s.asked[0].default).toBe('ap-northeast-1');
    expect(s.asked[0].refusals).toEqual([expect.stringContaining('tokyo')]);
    const err = await usageErrorOf(resolveRegionByPrompt(unattended().io));
    expect(err.hint).toContain('--region');
  });
});

describe('i18n', () => {
  it('pickLang: the flag first, then LC_ALL / LC_MESSAGES / LANG / LANGUAGE, then the OS locale, else English', () => {
    expect(pickLang('ja', { LANG: 'en_US.UTF-8' })).toBe('ja');
    expect(pickLang('en', { LANG: 'ja_JP.UTF-8' })).toBe('en');
    expect(pickLang(undefined, { LANG: 'ja_JP.UTF-8' })).toBe('ja');
    expect(pickLang(undefined, { LC_ALL: 'en_GB.UTF-8', LANG: 'ja_JP.UTF-8' })).toBe('en');
    expect(pickLang(undefined, { LC_MESSAGES: 'ja_JP' })).toBe('ja');
    expect(pickLang(undefined, {}, () => 'en-US')).toBe('en');
    // LANGUAGE (a list) when none of the others is set; the OS's locale when nothing is.
    expect(pickLang(undefined, { LANGUAGE: 'ja:en' }, () => 'en-US')).toBe('ja');
    expect(pickLang(undefined, { LANG: 'C.UTF-8', LANGUAGE: 'ja' }, () => 'ja-JP')).toBe('en');
    expect(pickLang(undefined, {}, () => 'ja-JP')).toBe('ja');
    expect(pickLang('fr', { LANG: 'C' })).toBe('en');
  });

  it('every constant text has both languages, and the Japanese one is not the English one', () => {
    // Product names and punctuation read the same in both.
    const same = new Set(['chapter_apache', 'listSep', 'help_stateWhere', 'pic_vpc']);
    for (const [key, v] of Object.entries(en)) {
      if (typeof v !== 'string' || same.has(key)) continue;
      const j = ja[key as keyof typeof ja] as string;
      expect(v.trim(), key).not.toBe('');
      expect(j.trim(), key).not.toBe('');
      expect(j, key).not.toBe(v);
    }
  });
});

// --- Ctrl-C and errors through runAction ------------------------------------------------

describe('runAction', () => {
  let exitCode: typeof process.exitCode;
  let stderr: string;
  beforeEach(() => {
    exitCode = process.exitCode;
    process.exitCode = undefined;
    stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array) => {
      // Colour, should this run at a terminal, is not what is tested here.
      stderr += stripVTControlCharacters(chunk.toString());
      return true;
    }) as typeof process.stderr.write);
  });
  afterEach(() => {
    process.exitCode = exitCode;
  });

  it('turns Ctrl-C at a prompt (ExitPromptError) into exit 130 and a one-line message', async () => {
    class ExitPromptError extends Error {
      override name = 'ExitPromptError';
    }
    const s = scripted([DEFAULT]);
    s.io.prompter!.input = async () => {
      throw new ExitPromptError('User force closed the prompt with SIGINT');
    };
    await runAction({}, async () => {
      await resolveUpSettings({}, 'aws-lab', {}, s.io);
    });
    const code = process.exitCode;
    process.exitCode = undefined;
    expect(code).toBe(130);
    expect(stderr).toMatch(/stopped at a prompt/);
    expect(stderr).toMatch(/next: /);
    expect(stderr).not.toMatch(/User force closed/); // inquirer's words are not shown
  });

  it('turns a bad flag into exit 2 with the reason and a next: line', async () => {
    await runAction({}, async () => {
      await resolveUpSettings({ vpcCidr: '10.0.0.0/8' }, 'aws-lab', {}, unattended(MY_IP).io);
    });
    const code = process.exitCode;
    process.exitCode = undefined;
    expect(code).toBe(2);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('10.0.0.0/8');
    expect(lines[1]).toMatch(/^\s+next: .*\/16/);
  });

  it('leaves the exit code alone when the action succeeds', async () => {
    await runAction({}, async () => {
      await resolveUpSettings({}, 'aws-lab', {}, unattended(MY_IP).io);
    });
    expect(process.exitCode).toBeUndefined();
    expect(stderr).toBe('');
  });
});

// --- the real inquirer prompt -----------------------------------------------------------

type Rendered = Awaited<ReturnType<typeof render<string, Parameters<typeof input>[0]>>>;

/** A Prompter like inquirerPrompter(), but with each input rendered by @inquirer/testing. */
function renderedPrompter() {
  const screens: Rendered[] = [];
  const waiting: ((r: Rendered) => void)[] = [];
  const prompter: Prompter = {
    async input(o) {
      const r = await render(input, o);
      screens.push(r);
      waiting.shift()?.(r);
      return r.answer;
    },
    select: async (o) => {
      throw new Error(`unexpected select: ${o.message}`);
    },
    confirm: async (o) => {
      throw new Error(`unexpected confirm: ${o.message}`);
    },
  };
  let seen = 0;
  /** The next prompt to be rendered (or already rendered and not yet handed out). */
  const next = () =>
    new Promise<Rendered>((resolve) => {
      const i = seen++;
      if (screens[i]) resolve(screens[i]);
      else waiting.push(resolve);
    });
  return { prompter, next };
}

describe('the wizard with the real inquirer input prompt', () => {
  it('shows why a bad CIDR is refused, keeps the prompt open, then takes a good one', async () => {
    const { prompter, next } = renderedPrompter();
    const io: WizardIO = { prompter, lang: 'en', say: () => {}, detectIp: async () => MY_IP };
    const flags: UpFlags = { keyName: 'k', sshCidr: MY_IP, instanceType: 't3.micro', nat: 'gateway', expiresIn: '8h' };
    let settled = false;
    const result = resolveUpSettings(flags, 'aws-lab', {}, io).finally(() => (settled = true));

    const vpc = await next();
    expect(vpc.getScreen()).toContain('VPC CIDR block');
    expect(vpc.getScreen()).toContain('10.0.0.0/16'); // the default on offer

    vpc.events.type('10.0.0.0/8');
    vpc.events.keypress('enter');
    await vpc.nextRender();
    const refused = vpc.getScreen();
    expect(refused).toContain('10.0.0.0/8');
    expect(refused).toMatch(/is a \/8/);
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false); // still asking

    for (let i = 0; i < '10.0.0.0/8'.length; i++) vpc.events.keypress('backspace');
    vpc.events.type('10.2.0.0/16');
    vpc.events.keypress('enter');
    await expect(vpc.answer).resolves.toBe('10.2.0.0/16');

    // The subnet prompts offer blocks in the new VPC; Enter takes them.
    const pub = await next();
    expect(pub.getScreen()).toContain('Public subnet CIDR');
    expect(pub.getScreen()).toContain('10.2.1.0/24');
    pub.events.keypress('enter');
    const priv = await next();
    expect(priv.getScreen()).toContain('10.2.2.0/24');
    priv.events.keypress('enter');

    await expect(result).resolves.toMatchObject({ vpcCidr: '10.2.0.0/16', publicSubnetCidr: '10.2.1.0/24', privateSubnetCidr: '10.2.2.0/24' });
  });

  it('Ctrl-C in the real prompt ends the run with exit 130', async () => {
    const saved = process.exitCode;
    process.exitCode = undefined;
    vi.spyOn(process.stderr, 'write').mockImplementation((() => true) as typeof process.stderr.write);
    try {
      const { prompter, next } = renderedPrompter();
      const io: WizardIO = { prompter, lang: 'en', say: () => {}, detectIp: async () => MY_IP };
      const run = runAction({}, async () => {
        await resolveUpSettings({}, 'aws-lab', {}, io);
      });
      const vpc = await next();
      vpc.events.keypress({ name: 'c', ctrl: true });
      await run;
      expect(process.exitCode).toBe(130);
    } finally {
      process.exitCode = saved;
    }
  });
});

describe('the real inquirer select prompt, in Japanese', () => {
  it('shows its key help in the run\'s language (English keeps inquirer\'s own)', async () => {
    const choices = [{ name: 'a', value: 'a' }, { name: 'b', value: 'b' }];
    expect(selectTheme()).toBeUndefined();
    const english = await render(select, { message: 'x', choices });
    expect(english.getScreen()).toMatch(/↑↓ navigate • ⏎ select/);
    english.events.keypress('enter');
    await english.answer;
    await useLang('ja');
    try {
      const japanese = await render(select, { message: 'x', choices, theme: selectTheme() });
      expect(japanese.getScreen()).toContain('上下キーで移動、Enter で選択');
      expect(japanese.getScreen()).not.toMatch(/navigate|select/);
      japanese.events.keypress('enter');
      await japanese.answer;
    } finally {
      await useLang('en');
    }
  });
});
