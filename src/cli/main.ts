import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { commonOptions, LANG_HELP, settingOptions, type ClassFlags, type CommonFlags, type DestroyFlags, type UpFlags } from './flags.js';
import { runAction } from './run.js';
import type { Reporter } from '../ui/reporter.js';
import type { Deps } from './session.js';
import type { CheckFlags } from './commands/check.js';
import type { StatusFlags } from './commands/status.js';

// The SDK warns on every run that its 2027 releases will need Node 22: nothing a lab
// user can act on mid-run, and it would bury the progress. Other warnings still show.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (!`${w.name} ${w.message}`.includes('NodeVersionSupportWarning')) process.stderr.write(`${w.name}: ${w.message}\n`);
});

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
      const { defaultDeps } = await import('./session.js');
      await run(flags, reporter, defaultDeps());
    });
}

/** Run options of `up`, `plan` and `explain` (not lab settings, so not in the settings table). */
function untilOption(cmd: Command): Command {
  return cmd.option('--until <chapter>', 'build only through this chapter: 1-4 or network, web, apache, db (default: all)');
}

/** `class plan|up|status|destroy --roster FILE`: a lab for every learner of a roster. */
function classCommands(program: Command): void {
  const klass = program.command('class').description('a lab for every learner of a roster (CSV): plan, up, status, destroy, quotas');
  const subs: [string, string][] = [
    ['plan', 'what `class up` would build for each learner, and what the class costs per hour'],
    ['up', 'build (or finish) every learner\'s lab at once, within AWS\'s limits, and write the hand-outs'],
    ['status', 'one line per learner: chapters done, web URL, NAT, cost so far, expiry'],
    ['destroy', 'delete every lab of the class, then sweep each account and region for anything still tagged with it'],
    ['quotas', 'what the class needs of each quota, per account and region, against what is in use and the limits'],
  ];
  for (const [sub, help] of subs) {
    let cmd = commonOptions(klass.command(sub).description(help), { yes: sub === 'up' || sub === 'destroy' })
      .requiredOption('--roster <file>', 'the class: a CSV file with a header row (learner, and optionally account, profile, region, public_key)')
      .option('--role-name <name>', 'the role to assume in an account of the roster', 'OrganizationAccountAccessRole')
      .option('--parallel <n>', 'labs of one account and region built at once (default: 10)');
    if (sub === 'plan' || sub === 'up' || sub === 'quotas') cmd = untilOption(settingOptions(cmd));
    if (sub === 'quotas') cmd.option('--request', 'ask Service Quotas for the shortfall (after looking for requests already open)');
    if (sub === 'up') cmd.option('--out <dir>', 'where the hand-outs go (default: ./<class>/)');
    cmd.action(act<ClassFlags>(async (flags, reporter, deps) => (await import('./commands/class.js')).classCommand(sub as 'plan', flags, reporter, deps)));
  }
}

export function buildProgram(): Command {
  const program = new Command('aws-lab-setup')
    .description('Build the two-tier AWS lab of the tutorial (VPC, Apache web server, private MariaDB server behind a NAT gateway) and tear it down again.')
    .version(version(), '-v, --version')
    .showHelpAfterError();
  // Bad flags are bad input: exit 2, as for every other bad value.
  program.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
  // `--lang ja` before the command as well as after it: the command's own flag wins.
  program.option('--lang <lang>', LANG_HELP);
  program.hook('preAction', (top, command) => {
    if (command.getOptionValue('lang') === undefined && top.opts().lang !== undefined) command.setOptionValue('lang', top.opts().lang);
  });

  untilOption(settingOptions(commonOptions(program.command('up').description('create the lab, or finish creating it; safe to run again'))))
    .option('--step', 'pause after each chapter: show what it made and how to see it, then continue or stop')
    .option('--no-wait', 'end when the last resource is made, without waiting (up to 5 min) for the web page to answer')
    .action(
    act<UpFlags>(async (flags, reporter, deps) => (await import('./commands/up.js')).upCommand(flags, reporter, deps)),
  );

  untilOption(settingOptions(commonOptions(program.command('plan').description('show what `up` would create, keep or change, and what it costs'), { yes: false }))).action(
    act<UpFlags>(async (flags, reporter, deps) => (await import('./commands/up.js')).upCommand({ ...flags, yes: true }, reporter, deps, { planOnly: true })),
  );

  untilOption(settingOptions(commonOptions(program.command('explain').description('print the AWS CLI commands (a bash script) that build this lab; changes nothing'), { yes: false }))).action(
    act<UpFlags>(async (flags, reporter, deps) => (await import('./commands/explain.js')).explainCommand(flags, reporter, deps)),
  );

  commonOptions(program.command('destroy').description('delete everything of the lab, children before parents'))
    .option('--nat-only', 'delete only the NAT (gateway or instance), its route and its address (what bills by the hour while idle)')
    .action(act<DestroyFlags>(async (flags, reporter, deps) => (await import('./commands/destroy.js')).destroyCommand(flags, reporter, deps)));

  commonOptions(program.command('status').description('every resource with its live state, the addresses, the cost so far, and a diagram'), { yes: false })
    .option('--ascii', 'draw the diagram with + - | (for terminals that draw box-drawing characters two columns wide)')
    .action(
    act<StatusFlags>(async (flags, reporter, deps) => (await import('./commands/status.js')).statusCommand(flags, reporter, deps)),
  );

  commonOptions(program.command('ssh').argument('<server>', 'web or db').argument('[command...]', 'a command to run there').description('ssh to the web server, or to the DB server through it'), { yes: false })
    .action(async (server: string, command: string[], flags: CommonFlags) =>
      act<CommonFlags>(async (f, reporter, deps) => (await import('./commands/ssh.js')).sshCommand(server, command, f, reporter, deps))(flags),
    );

  commonOptions(program.command('ssh-config').description('print Host blocks for ~/.ssh/config (web, and db through it)'), { yes: false }).action(
    act<CommonFlags>(async (flags, reporter, deps) => (await import('./commands/ssh.js')).sshConfigCommand(flags, reporter, deps)),
  );

  commonOptions(program.command('check').description("the tutorial's checks: the web page answers, the DB answers ping and runs MariaDB"), { yes: false })
    .option('--web-url <url>', "check this URL instead of the web server's public DNS name")
    .option('--timeout <seconds>', 'how long each check may take', '10')
    .action(act<CheckFlags>(async (flags, reporter, deps) => (await import('./commands/check.js')).checkCommand(flags, reporter, deps)));

  classCommands(program);

  program
    .command('policy')
    .description('print the least-privilege IAM policy (JSON) that covers every AWS call this tool makes')
    .option('--state-dir <where>', 'add the S3 calls of a state kept in s3://BUCKET/PREFIX (default: AWS_LAB_SETUP_STATE)')
    .option('--state-init', 'with --state-dir: add what `state init` needs to make the bucket')
    .option('--class', 'add what `class quotas --request` calls (Service Quotas requests)')
    .action(async (flags: { stateDir?: string; stateInit?: boolean; class?: boolean }) =>
      runAction({}, async (reporter) => {
        const { labPolicy } = await import('../lab/views/policy.js');
        const { statePolicy } = await import('../lab/views/state-policy.js');
        const { stateLocationOf } = await import('./flags.js');
        const policy = labPolicy();
        policy.Statement.push(...statePolicy(stateLocationOf(flags), { init: flags.stateInit }));
        if (flags.class) policy.Statement.push((await import('../class/quotas.js')).classPolicyStatement());
        reporter.result(JSON.stringify(policy, null, 2));
      }),
    );

  const state = program.command('state').description('where labs\' state lives: make a bucket to share labs, move a state there and back');
  commonOptions(state.command('init').argument('<where>', 's3://BUCKET/PREFIX').description('make (or set right) an S3 bucket for shared state: versioning, encryption, Block Public Access, lifecycle'), { yes: false }).action(
    async (where: string, flags: CommonFlags) => act<CommonFlags>(async (f, reporter) => (await import('./commands/state.js')).stateInitCommand(where, f, reporter))(flags),
  );
  commonOptions(state.command('move').description('move the labs\' state from --state-dir (each lab, or --name) to --to, keys included'), { yes: false })
    .requiredOption('--to <where>', 'where the state goes: s3://BUCKET/PREFIX, or a folder')
    .action(act<CommonFlags & { to?: string }>(async (flags, reporter) => (await import('./commands/state.js')).stateMoveCommand(flags, reporter)));

  commonOptions(program.command('unlock').description("remove a lab's lock by hand, when the run that held it is gone (asks first)")).action(
    act<CommonFlags>(async (flags, reporter, deps) => (await import('./commands/unlock.js')).unlockCommand(flags, reporter, deps)),
  );

  return program;
}

await buildProgram().parseAsync(process.argv);
