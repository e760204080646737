import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { commonOptions, type DestroyFlags, type UpFlags } from './flags.js';
import { runAction } from './run.js';

// The SDK warns on every run that its 2027 releases will need Node 22: nothing a lab
// user can act on mid-run, and it would bury the progress. Other warnings still show.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (!`${w.name} ${w.message}`.includes('NodeVersionSupportWarning')) process.stderr.write(`${w.name}: ${w.message}\n`);
});

// Commands are imported when they run: `--help` and `--version` load no AWS SDK code.
const load = {
  up: () => import('./commands/up.js'),
  destroy: () => import('./commands/destroy.js'),
  session: () => import('./session.js'),
};

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(): Command {
  const program = new Command('aws-lab-setup')
    .description('Build the two-tier AWS lab of the tutorial (VPC, Apache web server, private MariaDB server behind a NAT gateway) and tear it down again.')
    .version(version(), '-v, --version')
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) });
  program.exitOverride((err) => {
    // Bad flags are bad input: exit 2, as for every other bad value.
    process.exit(err.exitCode === 0 ? 0 : 2);
  });

  const up = commonOptions(program.command('up').description('create the lab (or finish creating it): safe to run again'));
  up.option('--vpc-cidr <cidr>', 'VPC CIDR block, /16 to /27 (default: 10.0.0.0/16)')
    .option('--public-subnet-cidr <cidr>', 'public subnet (default: the VPC\'s x.x.1.0/24)')
    .option('--private-subnet-cidr <cidr>', 'private subnet (default: the VPC\'s x.x.2.0/24)')
    .option('--key-name <name>', 'key pair name (default: <lab>-key)')
    .option('--public-key-file <file>', 'import this OpenSSH public key instead of creating a key pair')
    .option('--ssh-cidr <cidr>', 'who may SSH to the web server (default: your public IP /32)')
    .option('--instance-type <type>', 'instance type for both servers (default: t3.micro)')
    .option('--ami <id>', 'AMI to launch (default: the latest Amazon Linux 2023)')
    .action(async (flags: UpFlags) => {
      await runAction(flags, async (reporter) => {
        const [{ upCommand }, { defaultDeps }] = await Promise.all([load.up(), load.session()]);
        await upCommand(flags, reporter, defaultDeps());
      });
    });

  const destroy = commonOptions(program.command('destroy').description('delete everything of the lab, children before parents'));
  destroy.addOption(new Option('--nat-only', 'delete only the NAT gateway, its route and its Elastic IP (what bills by the hour while idle)')).action(
    async (flags: DestroyFlags) => {
      await runAction(flags, async (reporter) => {
        const [{ destroyCommand }, { defaultDeps }] = await Promise.all([load.destroy(), load.session()]);
        await destroyCommand(flags, reporter, defaultDeps());
      });
    },
  );

  return program;
}

await buildProgram().parseAsync(process.argv);
