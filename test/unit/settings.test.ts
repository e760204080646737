/**
 * The settings table (lab/settings.ts): every entry complete, commander's flags are the
 * table's, and each setting resolves flag > saved > prompt (a person is there) > default.
 */
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { settingOptions, type UpFlags } from '../../src/cli/flags.js';
import { resolveSetting, type Prompter, type WizardIO } from '../../src/cli/wizard.js';
import { UsageError } from '../../src/engine/errors.js';
import type { LabSettings } from '../../src/lab/core/config.js';
import { CHAPTERS } from '../../src/lab/core/chapters.js';
import { SETTINGS, setting, type SettingContext } from '../../src/lab/core/settings.js';
import { en } from '../../src/ui/messages/en.js';
import { load } from '../../src/ui/messages/index.js';

// The wizard speaks Japanese only once that catalog is loaded (as runAction does).
const ja = await load('ja');

const hasJapanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('the settings table', () => {
  it('gives every entry a flag with help, a prompt in English and Japanese, a validation and a chapter', () => {
    expect(SETTINGS.length).toBeGreaterThanOrEqual(9);
    for (const s of SETTINGS) {
      expect(s.flag, s.key).toMatch(/^--[a-z][a-z-]* <[a-z]+>$/);
      expect(en[`flag_${s.key}`], s.key).toMatch(/\w/);
      expect(en[s.ask], s.key).toMatch(/\w/);
      expect(ja[s.ask], s.key).toMatch(hasJapanese);
      if (s.why) expect(ja[s.why], s.key).toMatch(hasJapanese);
      expect(s.validate, s.key).toBeTypeOf('function');
      expect(CHAPTERS.map((c) => c.n), s.key).toContain(s.chapter);
      expect(['input', 'select', 'none'], s.key).toContain(s.prompt);
      if (s.prompt === 'select') expect(s.choices, s.key).toBeTypeOf('function');
    }
  });

  it('names each setting once, and lists them chapter by chapter', () => {
    const keys = SETTINGS.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    const chapters = SETTINGS.map((s) => s.chapter);
    expect(chapters).toEqual([...chapters].sort((a, b) => a - b));
  });

  it('validations refuse a bad value with a UsageError naming it', async () => {
    const values = { name: 'aws-lab', vpcCidr: '10.0.0.0/16', publicSubnetCidr: '10.0.1.0/24' };
    for (const s of SETTINGS) {
      const bad = 'not valid!';
      let err: unknown;
      try {
        await s.validate(bad, values);
      } catch (e) {
        err = e;
      }
      expect(err, s.key).toBeInstanceOf(UsageError);
      expect((err as UsageError).message, s.key).toContain(bad);
    }
  });

  it('commander registers exactly the table\'s flags, under the entries\' keys, with their help', () => {
    const cmd = settingOptions(new Command('up'));
    expect(cmd.options.map((o) => o.attributeName())).toEqual(SETTINGS.map((s) => s.key));
    expect(cmd.options.map((o) => o.description)).toEqual(SETTINGS.map((s) => en[`flag_${s.key}`]));
    const parsed = cmd.parse(['node', 'up', '--vpc-cidr', '10.1.0.0/16', '--nat', 'instance'], { from: 'node' }).opts() as UpFlags;
    expect(parsed).toEqual({ vpcCidr: '10.1.0.0/16', nat: 'instance' });
  });

  it('the select choices have labels in both languages', () => {
    const ctx = context({});
    for (const s of SETTINGS.filter((e) => e.choices)) {
      for (const c of s.choices!(ctx)) {
        expect(en[c.label], c.value).toMatch(/\w/);
        expect(ja[c.label], c.value).toMatch(hasJapanese);
      }
    }
  });
});

// --- flag > saved > prompt > default ----------------------------------------------------

function context(saved: Partial<LabSettings>, values: Record<string, string> = {}): SettingContext {
  return { values: { name: 'lab1', vpcCidr: '10.0.0.0/16', ...values }, saved, priceRegion: 'ap-northeast-1', detectIp: async () => undefined };
}

/** A person who answers every question with `answer`, recording the messages. */
function person(answer: string) {
  const asked: string[] = [];
  const prompter: Prompter = {
    input: vi.fn(async (o) => {
      asked.push(o.message);
      return answer;
    }),
    select: vi.fn(async (o) => {
      asked.push(o.message);
      return answer as never;
    }),
    confirm: vi.fn(async () => true),
  };
  const io: WizardIO = { prompter, lang: 'en', say: () => {}, detectIp: async () => undefined };
  return { io, asked };
}
const nobody: WizardIO = { lang: 'en', say: () => {}, detectIp: async () => undefined };

describe('resolveSetting: flag > saved > prompt > default', () => {
  const cases: { key: 'vpcCidr' | 'instanceType' | 'nat'; flag: string; saved: string; asked: string; fallback: string }[] = [
    { key: 'vpcCidr', flag: '10.1.0.0/16', saved: '10.2.0.0/16', asked: '10.3.0.0/16', fallback: '10.0.0.0/16' },
    { key: 'instanceType', flag: 't3.small', saved: 't3.medium', asked: 't4g.micro', fallback: 't3.micro' },
    { key: 'nat', flag: 'instance', saved: 'instance', asked: 'instance', fallback: 'gateway' },
  ];
  for (const c of cases) {
    const s = setting(c.key);
    it(`${c.key}: the flag wins over all, and nobody is asked`, async () => {
      const p = person(c.asked);
      expect(await resolveSetting(s, { [c.key]: c.flag } as UpFlags, context({ [c.key]: c.saved }), p.io)).toBe(c.flag);
      expect(p.asked).toEqual([]);
    });
    it(`${c.key}: else the saved setting, unasked`, async () => {
      const p = person(c.asked);
      expect(await resolveSetting(s, {}, context({ vpcCidr: '10.0.0.0/16', [c.key]: c.saved }), p.io)).toBe(c.saved);
      expect(p.asked).toEqual([]);
    });
    it(`${c.key}: else the person's answer`, async () => {
      const p = person(c.asked);
      expect(await resolveSetting(s, {}, context({}), p.io)).toBe(c.asked);
      expect(p.asked).toHaveLength(1);
      expect(p.asked[0]).toContain(en[s.ask]);
    });
    it(`${c.key}: else, with nobody there, the default`, async () => {
      expect(await resolveSetting(s, {}, context({}), nobody)).toBe(c.fallback);
    });
  }

  it('a bad flag is refused, not asked about', async () => {
    const p = person('10.3.0.0/16');
    await expect(resolveSetting(setting('vpcCidr'), { vpcCidr: '10.0.0.0/8' }, context({}), p.io)).rejects.toThrow(/10\.0\.0\.0\/8/);
    expect(p.asked).toEqual([]);
  });

  it('a saved subnet stands only while the VPC is the saved one; the default follows the VPC', async () => {
    const s = setting('publicSubnetCidr');
    const saved = { vpcCidr: '10.5.0.0/16', publicSubnetCidr: '10.5.7.0/24' };
    expect(await resolveSetting(s, {}, context(saved, { vpcCidr: '10.5.0.0/16' }), nobody)).toBe('10.5.7.0/24');
    expect(await resolveSetting(s, {}, context(saved, { vpcCidr: '10.9.0.0/16' }), nobody)).toBe('10.9.1.0/24');
  });

  it('a derived default: the key name from the lab name', async () => {
    expect(await setting('keyName').default(context({}))).toBe('lab1-key');
  });

  it('a required setting without a default, and nobody to ask, is refused', async () => {
    const err = await resolveSetting(setting('sshCidr'), {}, context({}), nobody).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).hint).toContain('--ssh-cidr');
  });
});
