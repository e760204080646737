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
}

export const DEFAULT_STATE_DIR = '.aws-lab-setup';

export const LANG_HELP = 'language: en or ja (default: from the locale)';

/** --state-dir, else AWS_LAB_SETUP_STATE, else the folder here. */
export function stateLocationOf(flags: { stateDir?: string }, env: NodeJS.ProcessEnv = process.env): string {
  return flags.stateDir ?? (env.AWS_LAB_SETUP_STATE || DEFAULT_STATE_DIR);
}

export function commonOptions(cmd: Command, opts: { yes?: boolean } = { yes: true }): Command {
  cmd
    .option('--name <name>', 'lab name: tags every resource and names the state file (default: aws-lab)')
    .option('--region <region>', 'AWS region (default: AWS_REGION or your profile\'s region)')
    .option('--profile <profile>', 'AWS profile from ~/.aws/config')
    .option('--endpoint-url <url>', 'send AWS calls here instead (a local emulator such as moto); AWS_ENDPOINT_URL works too')
    .option('--state-dir <dir>', `where state files live: a folder, or s3://BUCKET/PREFIX to share labs (default: AWS_LAB_SETUP_STATE, else ./${DEFAULT_STATE_DIR})`)
    .option('--wait', 'if another run holds the lab\'s lock, wait for it instead of stopping')
    .option('--rediscover', 'ignore the state file and rebuild it from the lab\'s tags')
    .option('--json', 'print one JSON document on stdout')
    .option('--debug', 'show stack traces and AWS request IDs on errors')
    .option('--lang <lang>', LANG_HELP);
  if (opts.yes) cmd.option('-y, --yes', 'do not prompt: take flags, saved settings or defaults, and go ahead');
  return cmd;
}

/** The flags of `up` and `plan`: one per entry of the settings table, with its help. */
export function settingOptions(cmd: Command): Command {
  for (const s of SETTINGS) cmd.option(s.flag, msg()[`flag_${s.key}`]);
  return cmd;
}
