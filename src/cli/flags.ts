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
  json?: boolean;
  debug?: boolean;
  lang?: string;
  yes?: boolean;
  rediscover?: boolean;
  wait?: boolean;
}

/**
 * `up` and `plan`: the common options, one flag per entry of the settings table
 * (lab/settings.ts), and the run options (not lab settings): how far this run goes
 * (`--until`), whether it pauses after each chapter (`--step`), and whether it waits for
 * the web page at the end (`--no-wait`).
 */
export type UpFlags = CommonFlags & { [K in SettingKey]?: string } & {
  until?: string;
  step?: boolean;
  /** `up` waits for the web page to answer at the end; `--no-wait` sets this false. */
  wait?: boolean;
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

/** `name`: the help of --name where it names something else than the lab (a class). */
export function commonOptions(cmd: Command, opts: { yes?: boolean; name?: string } = { yes: true }): Command {
  cmd
    .option('--name <name>', opts.name ?? msg().help_name)
    .option('--region <region>', msg().help_region)
    .option('--profile <profile>', msg().help_profile)
    .option('--endpoint-url <url>', msg().help_endpointUrl)
    .option('--state-dir <dir>', msg().help_stateDir(DEFAULT_STATE_DIR))
    .option('--wait', msg().help_wait)
    .option('--rediscover', msg().help_rediscover)
    .option('--json', msg().help_json)
    .option('--debug', msg().help_debug)
    .option('--lang <lang>', msg().help_lang);
  if (opts.yes) cmd.option('-y, --yes', msg().help_yes);
  return cmd;
}

/** The flags of `up` and `plan`: one per entry of the settings table, with its help. */
export function settingOptions(cmd: Command): Command {
  for (const s of SETTINGS) cmd.option(s.flag, msg()[`flag_${s.key}`]);
  return cmd;
}
