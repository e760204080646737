import { describe, expect, it } from 'vitest';
import { ec2At, labWorld, userData } from './support/aws.js';
import { labEnv, runCli, tempDir } from './support/cli.js';
import { useMoto } from './support/moto.js';
import { openTerminal } from './support/tmux.js';

/** A terminal user's environment: colour allowed, a real TERM. */
function ttyEnv(): Record<string, string> {
  const env = labEnv({ TERM: 'xterm-256color', LANG: 'C.UTF-8' });
  delete env.NO_COLOR;
  return env;
}

describe('in a real terminal (tmux)', () => {
  const moto = useMoto();

  it('walks through the chapters, shows the plan and cost, asks, and builds the lab', async () => {
    const cwd = tempDir();
    const term = openTerminal(['up', '--name', 'wizard', '--endpoint-url', moto.url], { cwd, env: ttyEnv() });
    try {
      await term.waitFor(/Chapter 1 — VPC/);
      await term.waitFor(/VPC CIDR block/);
      term.type('10.0.0.0/8', 'Enter'); // refused, with the reason; the prompt stays
      await term.waitFor(/"10\.0\.0\.0\/8" is a \/8/);
      for (let i = 0; i < 10; i++) term.type('BSpace');
      term.type('10.3.0.0/16', 'Enter');
      await term.waitFor(/Public subnet CIDR \(10\.3\.1\.0\/24\)/);
      term.type('Enter');
      await term.waitFor(/Private subnet CIDR \(10\.3\.2\.0\/24\)/);
      term.type('Enter');
      await term.waitFor(/create a new one/);
      term.type('Enter');
      await term.waitFor(/Key pair name/);
      term.type('Enter');
      await term.waitFor(/Who may SSH/); // no address detected here: it must be typed
      // The whole internet: what it means, then a question whose default is no; no asks again.
      term.type('0.0.0.0/0', 'Enter');
      await term.waitFor(/Open SSH to the whole internet anyway\? \(y\/N\)/);
      expect(term.screen()).toMatch(/SSH \(port 22\) of the web server is open to the whole internet/);
      term.type('Enter');
      await term.waitFor(/anyway\? No[\s\S]*Who may SSH/);
      term.type('203.0.113.9/32', 'Enter');
      await term.waitFor(/t3\.micro \(free tier\)/);
      term.type('Enter');
      await term.waitFor(/NAT gateway \(the tutorial's/);
      term.type('Enter');
      await term.waitFor(/Stop the lab after/);
      term.type('Down', 'Enter'); // 4h, the second choice after the default 8h
      await term.waitFor(/Create the lab now\?/);
      const screen = term.screen();
      expect(screen).toMatch(/Expires at [^\n]*UTC \(in 4 h 0 m\):\s+AWS\s+will\s+delete\s+the\s+NAT\s+gateway\s+and\s+stop\s+the\s+web\s+and\s+DB\s+servers/);
      expect(screen).toMatch(/Plan: 25 to create/);
      // The wizard offers to go chapter by chapter (up --step); Enter takes "all at once".
      expect(screen).toMatch(/yes, all chapters at once/);
      expect(screen).toMatch(/yes, one chapter at a time \(pause after each to look at it\)/);
      expect(screen).toMatch(/total\s+\$0\.0776\/h/);
      expect(term.screen(true)).toMatch(/\x1b\[/); // colour at a terminal
      term.type('Enter');
      await term.waitFor(/The lab is up/, 60_000);
      expect(await term.exitCode()).toBe(0);
      // The commands to paste go through the lab's own ssh_config (its key, its known hosts).
      expect(term.screen()).toMatch(/ssh -F \S+\/wizard\.ssh_config wizard-web\n[\s\S]*ssh -F \S+\/wizard\.ssh_config wizard-db\n/);
    } finally {
      term.close();
    }
    const w = await labWorld(ec2At(moto.url), 'wizard');
    expect(w.vpcs.map((v) => v.CidrBlock)).toEqual(['10.3.0.0/16']);
    expect(w.instances).toHaveLength(2);
  });

  /** Every setting as a flag: the wizard asks only what these tests are about. */
  const settings = (lab: string) => ['--name', lab, '--vpc-cidr', '10.0.0.0/16', '--public-subnet-cidr', '10.0.1.0/24', '--private-subnet-cidr', '10.0.2.0/24', '--key-name', `${lab}-key`, '--ssh-cidr', '203.0.113.9/32', '--instance-type', 't3.micro', '--nat', 'gateway', '--expires-in', '8h'];

  it('--step pauses after each chapter with what it made and how to see it; continue once, then stop', async () => {
    const cwd = tempDir();
    const term = openTerminal(['up', '--step', '--endpoint-url', moto.url, ...settings('stepper')], { cwd, env: ttyEnv() });
    try {
      await term.waitFor(/Create the lab now\?/);
      term.type('Enter');
      await term.waitFor(/Chapter 1 — Network: done/, 60_000);
      await term.waitFor(/Go on with the next chapter\?/);
      const first = term.screen();
      // Each resource with its console page in the lab's region and the describe command.
      expect(first).toMatch(/VPC 10\.0\.0\.0\/16 \(DNS hostnames on\) vpc-\w+ \(created\)/);
      expect(first).toMatch(/console: https:\/\/us-east-1\.console\.aws\.amazon\.com\/vpcconsole\/home\?region=us-east-1#VpcDetails:VpcId=vpc-\w+/);
      expect(first).toMatch(/cli:\s+aws ec2 describe-vpcs --vpc-ids vpc-\w+ --region us-east-1/);
      expect(first).toMatch(/aws ec2 describe-subnets --subnet-ids subnet-\w+/);
      expect(first.slice(first.indexOf('Chapter 1 — Network: done'))).not.toMatch(/web server \(t3\.micro/); // chapter 2 has not started
      const atPause = await labWorld(ec2At(moto.url), 'stepper');
      expect(atPause.vpcs).toHaveLength(1);
      expect(atPause.instances).toHaveLength(0);
      term.type('Enter'); // continue
      await term.waitFor(/Chapter 2 — Web server: done/, 60_000);
      await term.waitFor(/(Go on with the next chapter\?[\s\S]*){2}/);
      expect(term.screen()).toMatch(/InstanceDetails:instanceId=i-\w+/);
      term.type('Down', 'Enter'); // stop here
      expect(await term.exitCode(60_000)).toBe(0);
      expect(term.screen()).toMatch(/The lab is up to chapter 2 \(Web server\)/);
    } finally {
      term.close();
    }
    let w = await labWorld(ec2At(moto.url), 'stepper');
    expect(w.instances).toHaveLength(1);
    expect(w.natGateways).toHaveLength(0);
    // Stopped before chapter 3: the web server was launched without Apache.
    expect(await userData(ec2At(moto.url), w.instances[0].InstanceId!)).toBe('');
    // What it left is a lab `up` goes on with.
    const rest = await runCli(['up', '--yes', '--name', 'stepper', '--endpoint-url', moto.url], { cwd, env: labEnv() });
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.stderr).toMatch(/Plan: 13 to create, 12 kept\./);
    w = await labWorld(ec2At(moto.url), 'stepper');
    expect(w.instances).toHaveLength(2);
    expect(w.natGateways).toHaveLength(1);
  }, 120_000);

  it('--until web, then `up` goes on from there', async () => {
    const cwd = tempDir();
    const first = openTerminal(['up', '--until', 'web', '--endpoint-url', moto.url, ...settings('later')], { cwd, env: ttyEnv() });
    try {
      await first.waitFor(/Create the lab now\?/);
      const plan = first.screen();
      expect(plan).toMatch(/\. later\s+Apache on the web server/);
      expect(plan).toMatch(/\. later\s+NAT gateway/);
      expect(plan).toMatch(/Plan: 12 to create, 13 for later\./);
      expect(plan).toMatch(/Running cost once chapters 1-2 are up/);
      expect(plan).toMatch(/1 x t3\.micro instance/);
      first.type('Enter'); // all (of chapters 1-2)
      await first.waitFor(/The lab is up to chapter 2/, 60_000);
      expect(await first.exitCode()).toBe(0);
    } finally {
      first.close();
    }
    let w = await labWorld(ec2At(moto.url), 'later');
    expect(w.instances).toHaveLength(1);
    expect(w.natGateways).toHaveLength(0);

    const second = openTerminal(['up', '--name', 'later', '--endpoint-url', moto.url], { cwd, env: ttyEnv() });
    try {
      await second.waitFor(/Create the lab now\?/); // saved settings: no other question
      expect(second.screen()).toMatch(/\+ create\s+Apache on the web server/);
      expect(second.screen()).toMatch(/Plan: 13 to create, 12 kept\./);
      second.type('Enter');
      await second.waitFor(/The lab is up\./, 90_000);
      expect(await second.exitCode()).toBe(0);
    } finally {
      second.close();
    }
    w = await labWorld(ec2At(moto.url), 'later');
    expect(w.instances).toHaveLength(2);
    expect(w.natGateways).toHaveLength(1);
  }, 180_000); // two runs, and the web server stopped and started (waits on the real clock)

  it('Ctrl-C at a prompt exits 130 and creates nothing', async () => {
    const term = openTerminal(['up', '--name', 'ctrlc', '--endpoint-url', moto.url], { cwd: tempDir(), env: ttyEnv() });
    try {
      await term.waitFor(/VPC CIDR block/);
      term.type('C-c');
      expect(await term.exitCode()).toBe(130);
      expect(term.screen()).toMatch(/stopped at a prompt; nothing was changed/);
    } finally {
      term.close();
    }
    const w = await labWorld(ec2At(moto.url), 'ctrlc');
    expect(Object.values(w).every((items) => items.length === 0)).toBe(true);
  });

  it('speaks Japanese with --lang ja', async () => {
    const term = openTerminal(['up', '--name', 'nihongo', '--lang', 'ja', '--endpoint-url', moto.url], { cwd: tempDir(), env: ttyEnv() });
    try {
      await term.waitFor(/第 1 章 \(ネットワーク\): VPC は/);
      await term.waitFor(/VPC の CIDR ブロック/);
      term.type('C-c');
      expect(await term.exitCode()).toBe(130);
    } finally {
      term.close();
    }
  });
});
