import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../engine/errors.js';
import { DEFAULTS, validateLabName, validateRegion, type LabSettings } from '../lab/core/config.js';
import { DEFAULT_EXPIRES_IN, resolveExpiresAt } from '../lab/core/expiry-time.js';
import { CHAPTERS } from '../lab/core/chapters.js';
import { SETTINGS, setting, type Setting, type SettingContext, type SettingValues } from '../lab/core/settings.js';
import { t, type Lang } from '../ui/i18n.js';
import { currentLang, msg, sayIn } from '../ui/messages/index.js';
import { sayError } from '../ui/reporter.js';
import { screenColumns, wrap } from '../ui/wrap.js';
import type { UpFlags } from './flags.js';

/** The three kinds of question the wizard asks; @inquirer/{input,select,confirm} in real life, a script in tests. */
export interface Prompter {
  input(o: { message: string; default?: string; validate?: (v: string) => true | string | Promise<true | string> }): Promise<string>;
  select<T extends string>(o: { message: string; choices: { name: string; value: T; description?: string }[]; default?: T }): Promise<T>;
  confirm(o: { message: string; default?: boolean }): Promise<boolean>;
}

/**
 * The select prompt's key help ("↑↓ navigate • ⏎ select") in this run's language, through
 * @inquirer/select's theme; undefined in English, which keeps inquirer's own.
 */
export function selectTheme(): { style: { keysHelpTip: (keys: [string, string][]) => string } } | undefined {
  if (currentLang() === 'en') return undefined;
  const words = msg();
  return { style: { keysHelpTip: (keys) => words.keys_help(keys as [string, string][]) } };
}

/**
 * What the answer line shows once a choice is taken: its name without the explanation in
 * brackets or the price after it ("NAT ゲートウェイ", not the whole 90-column choice), so that
 * "✔ question answer" stays within 80 columns.
 */
export function shortChoice(name: string): string {
  const cut = name.search(/ \(|: | — /);
  return cut > 0 ? name.slice(0, cut) : name;
}

/** Prompts go to stderr so that stdout stays for results (and --json). */
export async function inquirerPrompter(): Promise<Prompter> {
  const { input, select, confirm } = await import('./prompts.js');
  const context = { input: process.stdin, output: process.stderr };
  const theme = selectTheme();
  return {
    input: (o) => input(o, context),
    select: (o) => select({ ...o, choices: o.choices.map((c) => ({ short: shortChoice(c.name), ...c })), theme }, context) as never,
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

/**
 * Words for the person at the prompt, wrapped by the tool at the terminal's width (ui/wrap.ts
 * screenColumns): the terminal would break them anywhere (N|AT, ゲー|トウェイ).
 */
function explain(io: WizardIO, text: string): void {
  io.say(wrap(text, screenColumns()).join('\n'));
}

/** A validator as a prompt wants it: true, or the reason and what would be accepted. */
function check(validate: (v: string) => void | Promise<void>): (v: string) => true | string | Promise<true | string> {
  // In the wizard's language: the validator names its sentences, sayError says them.
  const reason = (err: unknown) => {
    const { message, hint } = sayError(err as UsageError);
    return hint ? msg().refused(message, hint) : message;
  };
  return (v) => {
    try {
      const pending = validate(v.trim());
      return pending ? pending.then(() => true as const, reason) : true;
    } catch (err) {
      return reason(err);
    }
  };
}

/** The lab's name: asked like an entry of the settings table, before it (the state is the name's). */
const LAB_NAME: Entry = { prompt: 'input', why: 'nameWhy', ask: 'nameAsk', default: () => DEFAULTS.name, validate: validateLabName };

export async function resolveLabName(flag: string | undefined, io: WizardIO): Promise<string> {
  const ctx: SettingContext = { values: { name: '' }, saved: {}, priceRegion: '', detectIp: () => io.detectIp() };
  return (await resolveEntry(LAB_NAME, { flag }, ctx, io))!;
}

export async function resolveRegionByPrompt(io: WizardIO): Promise<string> {
  if (!io.prompter) throw new UsageError(['err_noRegion'], ['hint_noRegion']);
  explain(io, t(io.lang, 'regionWhy'));
  return (await io.prompter.input({ message: t(io.lang, 'regionAsk'), default: 'ap-northeast-1', validate: check(validateRegion) })).trim();
}

async function publicKeysInHome(): Promise<string[]> {
  const dir = path.join(os.homedir(), '.ssh');
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.pub')).map((n) => path.join(dir, n));
}

/** What answering one question needs: an entry of the settings table, or the lab's name. */
type Entry = Pick<Setting, 'prompt' | 'ask' | 'why' | 'askDetail' | 'choices' | 'other' | 'default' | 'validate' | 'keepSaved' | 'required' | 'caution'>;

/** The question of an entry, asked of the person there: input, or select (with "other…" as free input). */
async function ask(s: Entry, ctx: SettingContext, io: WizardIO, p: Prompter, fallback: string | undefined): Promise<string> {
  const message = s.askDetail ? msg(io.lang).askWithDetail(t(io.lang, s.ask), s.askDetail(ctx)) : t(io.lang, s.ask);
  if (s.prompt === 'select') {
    const choices = (s.choices?.(ctx) ?? []).map((c) => ({ name: c.detail ? msg(io.lang).choiceWithDetail(t(io.lang, c.label), sayIn(io.lang, c.detail)) : t(io.lang, c.label), value: c.value }));
    if (s.other) choices.push({ name: t(io.lang, 'other'), value: '' });
    const choice = await p.select({ message, choices, default: fallback });
    if (choice || !s.other) return choice;
  }
  return (await p.input({ message, default: fallback, validate: check((v) => s.validate(v, ctx.values)) })).trim();
}

/**
 * One setting, as create-vite does it: the flag (validated), else the saved setting (while
 * the entry keeps it), else a prompt when a person is there, else the default.
 */
export async function resolveSetting(s: Setting, flags: UpFlags, ctx: SettingContext, io: WizardIO): Promise<string | undefined> {
  // What commander parsed for the entry's flag: its long flag's camelCase is the key.
  return resolveEntry(s, { flag: flags[s.key], saved: ctx.saved[s.key] }, ctx, io);
}

async function resolveEntry(s: Entry, given: { flag?: string; saved?: string }, ctx: SettingContext, io: WizardIO): Promise<string | undefined> {
  const { flag, saved } = given;
  if (flag !== undefined) {
    await s.validate(flag, ctx.values);
    return confirmed(s, flag, ctx, io);
  }
  if (saved !== undefined && (s.keepSaved?.(ctx) ?? true)) {
    // Checked again against the settings before it (a saved subnet against a new public one).
    await s.validate(saved, ctx.values);
    return saved;
  }
  const fallback = await s.default(ctx);
  // A setting newer than the lab (its state has settings but not this one): a rerun asks
  // nothing, so the lab gets the default, as a script would.
  const newerThanLab = saved === undefined && ctx.saved.vpcCidr !== undefined;
  if (!io.prompter || s.prompt === 'none' || newerThanLab) {
    if (fallback === undefined && s.required) throw new UsageError(s.required.message, s.required.hint);
    return fallback;
  }
  if (s.why) explain(io, t(io.lang, s.why));
  return confirmed(s, await ask(s, ctx, io, io.prompter, fallback), ctx, io, fallback);
}

/**
 * A risky value given by hand (the entry's `caution`: SSH open to the whole internet)
 * needs a yes from the person there, after the words on what it means; on no, the
 * question again. Nobody to ask (--yes, no terminal): it stands, as given; the plan marks it.
 */
async function confirmed(s: Entry, value: string, ctx: SettingContext, io: WizardIO, fallback?: string): Promise<string> {
  let v = value;
  while (io.prompter && s.caution?.applies(v)) {
    explain(io, t(io.lang, s.caution.warn));
    if (await io.prompter.confirm({ message: t(io.lang, s.caution.confirm), default: false })) return v;
    v = await ask(s, ctx, io, io.prompter, fallback ?? (await s.default(ctx)));
  }
  return v;
}

/** The key pair: create one or import a .pub (listing ~/.ssh/*.pub), then its name. Answers keyName and publicKeyFile. */
async function resolveKeyPair(flags: UpFlags, ctx: SettingContext, io: WizardIO): Promise<Pick<SettingValues, 'keyName' | 'publicKeyFile'>> {
  const nameEntry = setting('keyName');
  const fileEntry = setting('publicKeyFile');
  const saved = ctx.saved;
  const fallbackName = (await nameEntry.default(ctx))!;
  if (flags.publicKeyFile !== undefined) await fileEntry.validate(flags.publicKeyFile, ctx.values);
  if (flags.keyName !== undefined) await nameEntry.validate(flags.keyName, ctx.values);
  if (flags.keyName !== undefined || flags.publicKeyFile !== undefined || saved.keyName !== undefined || !io.prompter) {
    return {
      keyName: flags.keyName ?? saved.keyName ?? fallbackName,
      // Saved absolute: a saved path is checked as one (lab/core/config.ts validateSavedState).
      publicKeyFile: flags.publicKeyFile !== undefined ? path.resolve(flags.publicKeyFile) : flags.keyName === undefined ? saved.publicKeyFile : undefined,
    };
  }
  const p = io.prompter;
  if (nameEntry.why) explain(io, t(io.lang, nameEntry.why));
  const mode = await p.select({
    message: t(io.lang, 'keyModeAsk'),
    choices: [
      { name: t(io.lang, 'keyModeCreate'), value: 'create' },
      { name: t(io.lang, 'keyModeImport'), value: 'import' },
    ],
    default: 'create',
  });
  const keyName = (await p.input({ message: t(io.lang, nameEntry.ask), default: fallbackName, validate: check((v) => nameEntry.validate(v, ctx.values)) })).trim();
  if (mode === 'create') return { keyName };
  const found = await publicKeysInHome();
  let file = found.length
    ? await p.select({ message: t(io.lang, fileEntry.ask), choices: [...found.map((f) => ({ name: f, value: f })), { name: t(io.lang, 'other'), value: '' }] })
    : '';
  if (!file) {
    const validate = check((v) => fileEntry.validate(v, ctx.values));
    file = (await p.input({ message: t(io.lang, fileEntry.ask), default: path.join(os.homedir(), '.ssh', 'id_ed25519.pub'), validate })).trim();
  }
  await fileEntry.validate(file, ctx.values);
  return { keyName, publicKeyFile: path.resolve(file) };
}

/** The escape hatches named by `custom` in lab/settings.ts. */
const CUSTOM: Record<NonNullable<Setting['custom']>, (flags: UpFlags, ctx: SettingContext, io: WizardIO) => Promise<Partial<SettingValues>>> = {
  keyPair: resolveKeyPair,
};

/**
 * Every setting of `up` but the region, entry by entry of the settings table, chapter by
 * chapter as the tutorial goes. Saved settings of an existing lab stand unless a flag
 * changes them.
 */
export async function resolveUpSettings(flags: UpFlags, name: string, saved: Partial<LabSettings>, io: WizardIO, priceRegion = 'ap-northeast-1'): Promise<Omit<LabSettings, 'region'>> {
  if (saved.vpcCidr) explain(io, msg(io.lang).savedSettingsOf(name));
  const values: SettingValues = { name };
  const ctx: SettingContext = { values, saved, priceRegion, detectIp: () => io.detectIp() };
  const ran = new Set<string>();
  let chapter = 0;
  for (const s of SETTINGS) {
    // A new lab, with a person there: the chapter's opening words before its questions.
    for (const c of CHAPTERS.filter((c) => c.n > chapter && c.n <= s.chapter)) {
      if ('intro' in c && io.prompter && !saved.vpcCidr) explain(io, t(io.lang, c.intro));
    }
    chapter = s.chapter;
    if (s.custom) {
      // One resolver answers all the entries that name it.
      if (!ran.has(s.custom)) Object.assign(values, await CUSTOM[s.custom](flags, ctx, io));
      ran.add(s.custom);
      continue;
    }
    (values as Record<string, unknown>)[s.key] = await resolveSetting(s, flags, ctx, io);
  }
  // The expiry time follows from the duration: kept on a rerun, moved when the flag is given.
  values.expiresAt = resolveExpiresAt(values.expiresIn ?? DEFAULT_EXPIRES_IN, flags.expiresIn !== undefined, saved.expiresAt, Date.now());
  return values as Omit<LabSettings, 'region'>;
}
