import type { Command } from 'commander';
import { SETTINGS, type SettingKey } from '../lab/core/settings.js';
import { msg } from '../ui/messages/index.js';

/** Options every command that talks to AWS takes. */
export interface CommonFlags {
  name?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  stateDir?: string;
  /** --state-bucket-owner: the account an S3 state bucket must belong to (default: the caller's). */
  stateBucketOwner?: string;
  json?: boolean;
  debug?: boolean;
  lang?: string;
  yes?: boolean;
  rediscover?: boolean;
  /** `--wait-for-lock` (up, destroy, state move): another run holds the lab's lock; wait for it instead of stopping. */
  waitForLock?: boolean;
  /** Old spellings this run was given (said once, as a warning naming the new one). */
  renamed?: Renamed[];
}

/**
 * `up` and `plan`: the common options, one flag per entry of the settings table
 * (lab/settings.ts), and the run options (not lab settings): how far this run goes
 * (`--until`), whether it pauses after each chapter (`--step`), and whether it waits for
 * the web page at the end (`--no-wait-for-page`).
 */
export type UpFlags = CommonFlags & { [K in SettingKey]?: string } & {
  until?: string;
  step?: boolean;
  /** `up` waits for the web page to answer at the end; `--no-wait-for-page` sets this false. */
  waitForPage?: boolean;
};

/** `class plan|up|status|destroy`: --name is the class's; the setting flags apply to every lab. */
export type ClassFlags = UpFlags & { roster?: string; roleName?: string; parallel?: string; out?: string };

export interface DestroyFlags extends CommonFlags {
  natOnly?: boolean;
  /** --also-delete: IDs of doubted resources confirmed on their own. */
  alsoDelete?: string;
}

const DEFAULT_STATE_DIR = '.aws-lab-setup';

/** --state-dir, else AWS_LAB_SETUP_STATE, else the folder here. */
export function stateLocationOf(flags: { stateDir?: string }, env: NodeJS.ProcessEnv = process.env): string {
  return flags.stateDir ?? (env.AWS_LAB_SETUP_STATE || DEFAULT_STATE_DIR);
}

/** `--lang ja` or `--lang=ja` anywhere on the command line: --help is built in that language, before commander parses. */
export function langOfArgv(argv: readonly string[]): string | undefined {
  let lang: string | undefined;
  argv.forEach((a, i) => {
    if (a === '--lang') lang = argv[i + 1];
    else if (a.startsWith('--lang=')) lang = a.slice('--lang='.length);
  });
  return lang;
}

/**
 * An old spelling, kept for a release (issue 24): `--wait` and `--no-wait` were one
 * commander option, so `up --wait --no-wait` could not be said. Each only ever meant what
 * its new name says — `--wait` the lock (on every command; only up, destroy and state move
 * wait for one), `--no-wait` the web page (only `up` had it) — so each is read as its new
 * flag, with a warning naming it. Hidden from --help.
 */
export interface Renamed {
  old: '--wait' | '--no-wait';
  /** The flag it now is; undefined where the command has none (it never waits for a lab's lock). */
  now?: '--wait-for-lock' | '--no-wait-for-page';
}

/** Read an old spelling as its new flag (`key` set to `value`), and note it for the warning. */
function oldSpelling(cmd: Command, flags: string, renamed: Renamed, key: string | undefined, value: boolean): void {
  const event = flags.replace(/^--/, '');
  cmd.addOption(cmd.createOption(flags).hideHelp());
  cmd.on(`option:${event}`, () => {
    if (key) cmd.setOptionValueWithSource(key, value, 'cli');
    const before = (cmd.getOptionValue('renamed') as Renamed[] | undefined) ?? [];
    if (!before.some((r) => r.old === renamed.old)) cmd.setOptionValue('renamed', [...before, renamed]);
  });
}

/**
 * `name`: the help of --name where it names something else than the lab (a class).
 * `lock`: the command takes the lab's lock (up, destroy, state move), so it can wait for it.
 */
export function commonOptions(cmd: Command, opts: { yes?: boolean; name?: string; lock?: boolean } = { yes: true }): Command {
  cmd
    .option('--name <name>', opts.name ?? msg().help_name)
    .option('--region <region>', msg().help_region)
    .option('--profile <profile>', msg().help_profile)
    .option('--endpoint-url <url>', msg().help_endpointUrl)
    .option('--state-dir <dir>', msg().help_stateDir(DEFAULT_STATE_DIR));
  if (opts.lock) cmd.option('--wait-for-lock', msg().help_waitForLock);
  oldSpelling(cmd, '--wait', { old: '--wait', now: opts.lock ? '--wait-for-lock' : undefined }, opts.lock ? 'waitForLock' : undefined, true);
  cmd
    .option('--rediscover', msg().help_rediscover)
    .option('--json', msg().help_json)
    .option('--debug', msg().help_debug)
    .option('--state-bucket-owner <account>', msg().help_stateBucketOwner)
    .option('--lang <lang>', msg().help_lang);
  if (opts.yes) cmd.option('-y, --yes', msg().help_yes);
  return cmd;
}

/** `up --no-wait-for-page`: end at the last resource; the old `--no-wait` reads as it. */
export function pageWaitOption(cmd: Command): Command {
  cmd.option('--no-wait-for-page', msg().help_noWaitForPage);
  oldSpelling(cmd, '--no-wait', { old: '--no-wait', now: '--no-wait-for-page' }, 'waitForPage', false);
  return cmd;
}

/** The flags of `up` and `plan`: one per entry of the settings table, with its help. */
export function settingOptions(cmd: Command): Command {
  for (const s of SETTINGS) cmd.option(s.flag, msg()[`flag_${s.key}`]);
  return cmd;
}
