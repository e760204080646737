import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../engine/errors.js';
import {
  DEFAULTS,
  deriveSubnets,
  validateAmi,
  validateInstanceType,
  validateKeyName,
  validateLabName,
  validateRegion,
  validateSshCidr,
  validateSubnet,
  validateSubnets,
  validateVpcCidr,
  validateNat,
  type LabSettings,
  type NatKind,
} from '../lab/config.js';
import { estimate, NAT_PARTS_COST } from '../lab/cost.js';
import { t, type Lang, type TextKey } from '../ui/i18n.js';
import type { UpFlags } from './flags.js';

/** The three kinds of question the wizard asks; @inquirer/prompts in real life, a script in tests. */
export interface Prompter {
  input(o: { message: string; default?: string; validate?: (v: string) => true | string | Promise<true | string> }): Promise<string>;
  select<T extends string>(o: { message: string; choices: { name: string; value: T; description?: string }[]; default?: T }): Promise<T>;
  confirm(o: { message: string; default?: boolean }): Promise<boolean>;
}

/** Prompts go to stderr so that stdout stays for results (and --json). */
export async function inquirerPrompter(): Promise<Prompter> {
  const { input, select, confirm } = await import('@inquirer/prompts');
  const context = { input: process.stdin, output: process.stderr };
  return {
    input: (o) => input(o, context),
    select: (o) => select(o, context) as never,
    confirm: (o) => confirm(o, context),
  };
}

export interface WizardIO {
  /** Present when a person can answer; absent means: take flags, saved settings, defaults. */
  prompter?: Prompter;
  lang: Lang;
  say(text: string): void;
  detectIp(): Promise<string | undefined>;
}

/** A validator as a prompt wants it: true, or the reason and what would be accepted. */
function check(validate: (v: string) => void): (v: string) => true | string {
  return (v) => {
    try {
      validate(v.trim());
      return true;
    } catch (err) {
      const e = err as UsageError;
      return e.hint ? `${e.message} — ${e.hint}` : e.message;
    }
  };
}

/**
 * One answer: the flag (validated as the prompt would), else the saved setting, else a
 * prompt when a person is there, else the default.
 */
async function answer(
  io: WizardIO,
  o: { flag?: string; saved?: string; why?: TextKey; ask: TextKey; fallback: string; validate: (v: string) => void },
): Promise<string> {
  if (o.flag !== undefined) {
    o.validate(o.flag);
    return o.flag;
  }
  if (o.saved !== undefined) return o.saved;
  if (!io.prompter) return o.fallback;
  if (o.why) io.say(t(io.lang, o.why));
  return (await io.prompter.input({ message: t(io.lang, o.ask), default: o.fallback, validate: check(o.validate) })).trim();
}

export async function resolveLabName(flag: string | undefined, io: WizardIO): Promise<string> {
  return answer(io, { flag, why: 'nameWhy', ask: 'nameAsk', fallback: DEFAULTS.name, validate: validateLabName });
}

export async function resolveRegionByPrompt(io: WizardIO): Promise<string> {
  if (!io.prompter) throw new UsageError('no AWS region is configured', 'pass --region (e.g. --region ap-northeast-1) or set AWS_REGION');
  io.say(t(io.lang, 'regionWhy'));
  return (await io.prompter.input({ message: t(io.lang, 'regionAsk'), default: 'ap-northeast-1', validate: check(validateRegion) })).trim();
}

const OPENSSH_KEY = /^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+/;

export async function validatePublicKeyFile(file: string): Promise<void> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new UsageError(`public key file "${file}" cannot be read`, 'give the path of an OpenSSH public key, e.g. ~/.ssh/id_ed25519.pub');
  }
  if (!OPENSSH_KEY.test(text.trim())) {
    throw new UsageError(`"${file}" is not an OpenSSH public key`, 'give a .pub file starting with ssh-ed25519, ssh-rsa or ecdsa-sha2-…');
  }
}

async function publicKeysInHome(): Promise<string[]> {
  const dir = path.join(os.homedir(), '.ssh');
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.pub')).map((n) => path.join(dir, n));
}

async function resolveKey(flags: UpFlags, saved: Partial<LabSettings>, name: string, io: WizardIO): Promise<Pick<LabSettings, 'keyName' | 'publicKeyFile'>> {
  const fallbackName = DEFAULTS.keyName(name);
  if (flags.publicKeyFile !== undefined) await validatePublicKeyFile(flags.publicKeyFile);
  if (flags.keyName !== undefined) validateKeyName(flags.keyName);
  if (flags.keyName !== undefined || flags.publicKeyFile !== undefined || saved.keyName !== undefined || !io.prompter) {
    return {
      keyName: flags.keyName ?? saved.keyName ?? fallbackName,
      publicKeyFile: flags.publicKeyFile ?? (flags.keyName === undefined ? saved.publicKeyFile : undefined),
    };
  }
  const p = io.prompter;
  io.say(t(io.lang, 'keyWhy'));
  const mode = await p.select({
    message: t(io.lang, 'keyModeAsk'),
    choices: [
      { name: t(io.lang, 'keyModeCreate'), value: 'create' },
      { name: t(io.lang, 'keyModeImport'), value: 'import' },
    ],
    default: 'create',
  });
  const keyName = (await p.input({ message: t(io.lang, 'keyNameAsk'), default: fallbackName, validate: check(validateKeyName) })).trim();
  if (mode === 'create') return { keyName };
  const found = await publicKeysInHome();
  let file = found.length
    ? await p.select({ message: t(io.lang, 'publicKeyAsk'), choices: [...found.map((f) => ({ name: f, value: f })), { name: 'other…', value: '' }] })
    : '';
  if (!file) {
    const asked = await p.input({
      message: t(io.lang, 'publicKeyAsk'),
      default: path.join(os.homedir(), '.ssh', 'id_ed25519.pub'),
      validate: (v) => validatePublicKeyFile(v.trim()).then(() => true as const, (e: UsageError) => `${e.message} — ${e.hint}`),
    });
    file = asked.trim();
  }
  await validatePublicKeyFile(file);
  return { keyName, publicKeyFile: file };
}

async function resolveSshCidr(flag: string | undefined, saved: string | undefined, io: WizardIO): Promise<string> {
  if (flag !== undefined) {
    validateSshCidr(flag);
    return flag;
  }
  if (saved !== undefined) return saved;
  const detected = await io.detectIp();
  if (!io.prompter) {
    if (detected) return detected;
    throw new UsageError(
      'could not detect your public IP address for the SSH rule',
      'pass --ssh-cidr YOUR.IP.ADDRESS/32 (aws-lab-setup will not open SSH to the whole internet by itself)',
    );
  }
  io.say(t(io.lang, 'sshWhy'));
  return (await io.prompter.input({ message: t(io.lang, 'sshAsk'), default: detected, validate: check(validateSshCidr) })).trim();
}

async function resolveInstanceType(flag: string | undefined, saved: string | undefined, io: WizardIO): Promise<string> {
  if (flag !== undefined) {
    validateInstanceType(flag);
    return flag;
  }
  if (saved !== undefined) return saved;
  if (!io.prompter) return DEFAULTS.instanceType;
  io.say(t(io.lang, 'typeWhy'));
  const choice = await io.prompter.select({
    message: t(io.lang, 'typeAsk'),
    // Free-tier eligible first; t2.micro last: refused on free-plan accounts made since July 2025.
    choices: [
      { name: 't3.micro (free tier)', value: 't3.micro' },
      { name: 't4g.micro (free tier, Arm: the arm64 image is used)', value: 't4g.micro' },
      { name: 't3.small', value: 't3.small' },
      { name: 't2.micro (older; not on new free-plan accounts)', value: 't2.micro' },
      { name: 'other…', value: '' },
    ],
    default: 't3.micro',
  });
  if (choice) return choice;
  return (await io.prompter.input({ message: t(io.lang, 'typeAsk'), default: DEFAULTS.instanceType, validate: check(validateInstanceType) })).trim();
}

/** "$0.067/h, about $49/month": what one kind of NAT costs on its own. */
function natCost(region: string, kind: NatKind): string {
  const e = estimate(region, '', NAT_PARTS_COST[kind]);
  return e.known ? `$${e.hourly.toFixed(4)}/h, ~$${e.monthly.toFixed(0)}/month` : '?';
}

/** The NAT gateway (the tutorial's, the default) or a NAT instance; each choice with its price. */
async function resolveNat(flag: string | undefined, saved: NatKind | undefined, io: WizardIO, priceRegion = 'ap-northeast-1'): Promise<NatKind> {
  if (flag !== undefined) {
    validateNat(flag);
    return flag;
  }
  if (saved !== undefined) return saved;
  if (!io.prompter) return DEFAULTS.nat;
  io.say(t(io.lang, 'natWhy'));
  return io.prompter.select<NatKind>({
    message: `${t(io.lang, 'natAsk')} (${priceRegion})`,
    choices: [
      { name: `${t(io.lang, 'natGateway')} — ${natCost(priceRegion, 'gateway')}`, value: 'gateway' },
      { name: `${t(io.lang, 'natInstance')} — ${natCost(priceRegion, 'instance')}`, value: 'instance' },
    ],
    default: DEFAULTS.nat,
  });
}

/**
 * Every setting of `up` but the region, chapter by chapter as the tutorial goes.
 * Saved settings of an existing lab stand unless a flag changes them.
 */
export async function resolveUpSettings(flags: UpFlags, name: string, saved: Partial<LabSettings>, io: WizardIO, priceRegion?: string): Promise<Omit<LabSettings, 'region'>> {
  if (saved.vpcCidr) io.say(`${t(io.lang, 'savedSettings')} "${name}".`);
  const vpcCidr = await answer(io, { flag: flags.vpcCidr, saved: saved.vpcCidr, why: 'vpcWhy', ask: 'vpcAsk', fallback: DEFAULTS.vpcCidr, validate: validateVpcCidr });
  // Subnet defaults follow the VPC; saved ones only while the VPC is the saved one.
  const keepSaved = vpcCidr === saved.vpcCidr;
  const derived = deriveSubnets(vpcCidr);
  const publicSubnetCidr = await answer(io, {
    flag: flags.publicSubnetCidr,
    saved: keepSaved ? saved.publicSubnetCidr : undefined,
    why: 'subnetWhy',
    ask: 'publicSubnetAsk',
    fallback: derived.publicSubnetCidr,
    // Only inside the VPC and big enough here: the private subnet is not chosen yet, so
    // overlap is checked with it (below).
    validate: (v) => validateSubnet(vpcCidr, v, 'public subnet CIDR'),
  });
  const privateSubnetCidr = await answer(io, {
    flag: flags.privateSubnetCidr,
    saved: keepSaved ? saved.privateSubnetCidr : undefined,
    ask: 'privateSubnetAsk',
    fallback: publicSubnetCidr === derived.privateSubnetCidr ? derived.publicSubnetCidr : derived.privateSubnetCidr,
    validate: (v) => validateSubnets(vpcCidr, publicSubnetCidr, v),
  });
  validateSubnets(vpcCidr, publicSubnetCidr, privateSubnetCidr);
  const key = await resolveKey(flags, saved, name, io);
  const sshCidr = await resolveSshCidr(flags.sshCidr, saved.sshCidr, io);
  const instanceType = await resolveInstanceType(flags.instanceType, saved.instanceType, io);
  if (flags.ami !== undefined) validateAmi(flags.ami);
  if (io.prompter && !saved.vpcCidr) io.say(t(io.lang, 'dbWhy'));
  const nat = await resolveNat(flags.nat, saved.nat, io, priceRegion);
  return { name, vpcCidr, publicSubnetCidr, privateSubnetCidr, ...key, sshCidr, instanceType, ami: flags.ami ?? saved.ami, nat };
}
