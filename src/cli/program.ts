import { Command, Help } from 'commander';
import { readFileSync } from 'node:fs';
import { commonOptions, pageWaitOption, settingOptions, stateLocationOf, type ClassFlags, type CommonFlags, type DestroyFlags, type UpFlags } from './flags.js';
import { runAction } from './run.js';
import { CHECK_PARALLEL, DEFAULT_PARALLEL } from '../class/parallel.js';
import { currentLang, msg } from '../ui/messages/index.js';
import type { Reporter } from '../ui/reporter.js';
import { wideWidth } from '../ui/width.js';
import { wrap } from '../ui/wrap.js';
import type { Deps } from './session.js';
import type { CheckFlags } from './commands/check.js';
import type { StatusFlags } from './commands/status.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Each action imports its command when it runs: `--help` and `--version` load no AWS
 * SDK code, and every command gets the real outside world (defaultDeps).
 */
function act<F extends CommonFlags>(run: (flags: F, reporter: Reporter, deps: Deps) => Promise<void>) {
  return async (flags: F) =>
    runAction(flags, async (reporter) => {
      sayRenamed(flags, reporter);
      const { defaultDeps } = await import('./session.js');
      await run(flags, reporter, defaultDeps());
    });
}

/** An old spelling given (flags.ts, Renamed): what it now is, or that this command never waits for a lock. */
function sayRenamed(flags: CommonFlags, reporter: Reporter): void {
  for (const r of flags.renamed ?? []) reporter.warn(r.now ? msg().flagRenamed(r.old, r.now) : msg().flagNoLock(r.old));
}

/** Run options of `up`, `plan` and `explain` (not lab settings, so not in the settings table). */
function untilOption(cmd: Command): Command {
  return cmd.option('--until <chapter>', msg().help_until);
}

/**
 * A look at every account a roster reaches (class check, class leftovers): the roster, the
 * role to assume, and the connection flags; no settings, no state.
 */
function rosterLook(cmd: Command, rosterHelp: string): Command {
  const m = msg();
  cmd
    .requiredOption('--roster <file>', rosterHelp)
    .option('--role-name <name>', m.help_roleName, 'OrganizationAccountAccessRole')
    .option('--name <name>', m.help_className);
  return lookOptions(cmd, m.help_region);
}

/** A look with no lab and no state (leftovers, a roster's look): where to look, how to answer. */
function lookOptions(cmd: Command, regionHelp: string): Command {
  const m = msg();
  return cmd
    .option('--region <region>', regionHelp)
    .option('--profile <profile>', m.help_profile)
    .option('--endpoint-url <url>', m.help_endpointUrl)
    .option('--json', m.help_json)
    .option('--debug', m.help_debug)
    .option('--lang <lang>', m.help_lang);
}

/** `class plan|up|status|destroy --roster FILE`: a lab for every learner of a roster. */
function classCommands(program: Command): void {
  const m = msg();
  const klass = program.command('class').description(m.help_class);
  const subs: [string, string][] = [
    ['plan', m.help_classPlan],
    ['up', m.help_classUp],
    ['status', m.help_classStatus],
    ['destroy', m.help_classDestroy],
    ['quotas', m.help_classQuotas],
  ];
  for (const [sub, help] of subs) {
    let cmd = commonOptions(klass.command(sub).description(help), { yes: sub === 'up' || sub === 'destroy', name: m.help_className })
      .requiredOption('--roster <file>', m.help_roster)
      .option('--role-name <name>', m.help_roleName, 'OrganizationAccountAccessRole')
      .option('--parallel <n>', m.help_parallel(DEFAULT_PARALLEL));
    if (sub === 'plan' || sub === 'up' || sub === 'quotas') cmd = untilOption(settingOptions(cmd));
    if (sub === 'quotas') cmd.option('--request', m.help_classRequest);
    if (sub === 'up') cmd.option('--out <dir>', m.help_out);
    cmd.action(act<ClassFlags>(async (flags, reporter, deps) => (await import('./commands/class.js')).classCommand(sub as 'plan', flags, reporter, deps)));
  }
  // `class check`: a look at every learner's lab (or VPC built by hand); no settings, no state.
  rosterLook(klass.command('check').description(m.classcheck_help), m.classcheck_helpRoster)
    .option('--parallel <n>', m.classcheck_helpParallel(CHECK_PARALLEL))
    .option('--out <dir>', m.classcheck_helpOut)
    .option('--from <cidr>', m.help_from)
    .option('--timeout <seconds>', m.help_timeout)
    .action(act<ClassFlags>(async (flags, reporter, deps) => (await import('./commands/class-check.js')).classCheckCommand(flags, reporter, deps)));
  // `class leftovers`: not a lab's command (no settings, no state); every account the roster reaches.
  rosterLook(klass.command('leftovers').description(m.help_classLeftovers), m.help_roster)
    .action(act<ClassFlags>(async (flags, reporter) => (await import('./commands/leftovers.js')).classLeftoversCommand(flags, reporter)));
}

/**
 * commander's own words in this run's language: its headings, "(default: …)", the help
 * option, command and version option, and its errors. English keeps commander's own.
 * Both languages are laid out by display width (a Japanese character takes two columns;
 * commander counts characters) and wrapped where the language allows (ui/wrap.ts: never a
 * line starting with 、 or a particle, never inside a katakana word or a flag).
 * configureHelp and configureOutput are inherited by every command added after this.
 */
function speak(cmd: Command): void {
  const layout = {
    displayWidth: wideWidth,
    boxWrap: (text: string, columns: number) => wrap(text, columns).join('\n'),
    // commander leaves a description unwrapped beside a term wider than this leaves room for.
    minWidthToWrap: 20,
  };
  if (currentLang() === 'en') {
    cmd.configureHelp(layout);
    return;
  }
  const m = msg();
  const own = new Help();
  cmd
    .configureHelp({
      ...layout,
      styleTitle: (title) => m.commanderTitle(title),
      optionDescription: (o) => {
        if (o.long === '--help') return m.help_help;
        if (o.long === '--version') return m.help_version;
        return own.optionDescription(o).replace('(default: ', `(${m.commanderDefault('')}`);
      },
      subcommandDescription: (sub) => (sub.name() === 'help' ? m.help_help : own.subcommandDescription(sub)),
    })
    .configureOutput({ outputError: (text, write) => write(m.commanderError(text)) });
}

export function buildProgram(): Command {
  const m = msg();
  const program = new Command('aws-lab-setup')
    .description(m.help_program)
    .version(version(), '-v, --version')
    .showHelpAfterError();
  // Every command inherits the program's help settings: set them before any is added.
  speak(program);
  // Bad flags are bad input: exit 2, as for every other bad value.
  program.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
  // `--lang ja` before the command as well as after it: the command's own flag wins.
  program.option('--lang <lang>', m.help_lang);
  program.hook('preAction', (top, command) => {
    if (command.getOptionValue('lang') === undefined && top.opts().lang !== undefined) command.setOptionValue('lang', top.opts().lang);
  });

  pageWaitOption(untilOption(settingOptions(commonOptions(program.command('up').description(m.help_up), { yes: true, lock: true }))).option('--step', m.help_step))
    .action(
    act<UpFlags>(async (flags, reporter, deps) => (await import('./commands/up.js')).upCommand(flags, reporter, deps)),
  );

  untilOption(settingOptions(commonOptions(program.command('plan').description(m.help_plan), { yes: false }))).action(
    act<UpFlags>(async (flags, reporter, deps) => (await import('./commands/up.js')).upCommand({ ...flags, yes: true }, reporter, deps, { planOnly: true })),
  );

  untilOption(settingOptions(commonOptions(program.command('explain').description(m.help_explain), { yes: false }))).action(
    act<UpFlags>(async (flags, reporter, deps) => (await import('./commands/explain.js')).explainCommand(flags, reporter, deps)),
  );

  commonOptions(program.command('destroy').description(m.help_destroy), { yes: true, lock: true })
    .option('--nat-only', m.help_natOnly)
    .option('--also-delete <ids>', m.help_alsoDelete)
    .option('--vpc <vpc>', m.help_destroyVpc)
    .option('--key-pair', m.help_destroyKeyPair)
    .action(act<DestroyFlags>(async (flags, reporter, deps) => (await import('./commands/destroy.js')).destroyCommand(flags, reporter, deps)));

  commonOptions(program.command('status').description(m.help_status), { yes: false })
    .option('--ascii', m.help_ascii)
    .option('--svg <file>', m.help_svg)
    .action(
    act<StatusFlags>(async (flags, reporter, deps) => (await import('./commands/status.js')).statusCommand(flags, reporter, deps)),
  );

  commonOptions(program.command('ssh').argument('<server>', m.help_sshServer).argument('[command...]', m.help_sshCommand).description(m.help_ssh), { yes: false })
    .action(async (server: string, command: string[], flags: CommonFlags) =>
      act<CommonFlags>(async (f, reporter, deps) => (await import('./commands/ssh.js')).sshCommand(server, command, f, reporter, deps))(flags),
    );

  commonOptions(program.command('ssh-config').description(m.help_sshConfig), { yes: false }).action(
    act<CommonFlags>(async (flags, reporter, deps) => (await import('./commands/ssh.js')).sshConfigCommand(flags, reporter, deps)),
  );

  commonOptions(program.command('check').description(m.help_check), { yes: false })
    .option('--web-url <url>', m.help_webUrl)
    .option('--timeout <seconds>', m.help_timeout, '10')
    .option('--vpc [vpc]', m.help_vpc)
    .option('--web <instance-id>', m.help_web)
    .option('--db <instance-id>', m.help_db)
    .option('--from <cidr>', m.help_from)
    .option('--key <file>', m.help_key)
    .option('--svg <file>', m.help_checkSvg)
    .action(act<CheckFlags>(async (flags, reporter, deps) => (await import('./commands/check.js')).checkCommand(flags, reporter, deps)));

  // Not a lab's command: no --name, no state; --region narrows the look to one region.
  lookOptions(program.command('leftovers').description(m.help_leftovers), m.help_leftoversRegion).action(
    act<CommonFlags>(async (flags, reporter, deps) => (await import('./commands/leftovers.js')).leftoversCommand(flags, reporter, deps)),
  );

  classCommands(program);

  program
    .command('policy')
    .description(m.help_policy)
    .option('--state-dir <where>', m.help_policyStateDir)
    .option('--state-init', m.help_policyStateInit)
    .option('--state-bucket-owner <account>', m.help_policyStateBucketOwner)
    .option('--class', m.help_classPolicy)
    .option('--roster <file>', m.help_policyRoster)
    .option('--role-name <name>', m.help_roleName, 'OrganizationAccountAccessRole')
    .option('--boundary', m.help_policyBoundary)
    .option('--check', m.help_policyCheck)
    .option('--region <region>', m.help_policyRegion)
    .option('--vpc <vpc>', m.help_policyVpc)
    .option('--endpoint-url <url>', m.help_policyEndpoint)
    .option('--profile <name>', m.help_policyProfile)
    .action(async (flags: { stateDir?: string; stateInit?: boolean; stateBucketOwner?: string; class?: boolean; roster?: string; roleName: string; boundary?: boolean; check?: boolean; region?: string; vpc?: string; endpointUrl?: string; profile?: string }) =>
      runAction({}, async (reporter) => {
        const { labPolicy, boundaryPolicy, checkPolicy } = await import('../lab/views/policy.js');
        const { statePolicy } = await import('../lab/views/state-policy.js');
        if (flags.region !== undefined) (await import('../lab/core/config.js')).validateRegion(flags.region);
        if (flags.boundary) return reporter.result(JSON.stringify(boundaryPolicy({ region: flags.region }), null, 2));
        // With --class: the caller's (the check's reads where learners share its account, and the member roles assumed).
        if (flags.check && (flags.class || flags.roster)) return reporter.result(JSON.stringify(await (await import('./commands/class-check.js')).classCheckPolicy(flags.roster, flags.roleName, flags.region), null, 2));
        if (flags.check) return reporter.result(JSON.stringify(checkPolicy({ region: flags.region }), null, 2));
        const policy = labPolicy({ region: flags.region });
        policy.Statement.push(...statePolicy(stateLocationOf(flags), { init: flags.stateInit, owner: flags.stateBucketOwner }));
        if (flags.class || flags.roster) policy.Statement.push(...(await (await import('./commands/class.js')).classPolicy(flags.roster, flags.roleName)));
        // The teardown of a VPC built by hand (destroy --vpc): looked up in it, with reads only.
        if (flags.vpc) policy.Statement.push(...(await (await import('./commands/destroy-vpc.js')).vpcPolicy(flags, (await import('./session.js')).defaultDeps())));
        reporter.result(JSON.stringify(policy, null, 2));
      }),
    );

  const state = program.command('state').description(m.help_state);
  commonOptions(state.command('init').argument('<where>', m.help_stateWhere).description(m.help_stateInit), { yes: false }).action(
    async (where: string, flags: CommonFlags) => act<CommonFlags>(async (f, reporter) => (await import('./commands/state.js')).stateInitCommand(where, f, reporter))(flags),
  );
  commonOptions(state.command('move').description(m.help_stateMove), { yes: false, lock: true })
    .requiredOption('--to <where>', m.help_to)
    .action(act<CommonFlags & { to?: string }>(async (flags, reporter) => (await import('./commands/state.js')).stateMoveCommand(flags, reporter)));

  commonOptions(program.command('unlock').description(m.help_unlock)).action(
    act<CommonFlags>(async (flags, reporter, deps) => (await import('./commands/unlock.js')).unlockCommand(flags, reporter, deps)),
  );

  return program;
}
