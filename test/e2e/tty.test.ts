import { describe, expect, it } from 'vitest';
import { ec2At, labWorld } from './support/aws.js';
import { labEnv, tempDir } from './support/cli.js';
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
      term.type('203.0.113.9/32', 'Enter');
      await term.waitFor(/t3\.micro \(free tier\)/);
      term.type('Enter');
      await term.waitFor(/NAT gateway \(the tutorial's/);
      term.type('Enter');
      await term.waitFor(/Stop the lab after/);
      term.type('Down', 'Enter'); // 4h, the second choice after the default 8h
      await term.waitFor(/Create the lab now\?/);
      const screen = term.screen();
      expect(screen).toMatch(/Expires at [^\n]*UTC \(in 4 h 0 m\): AWS will delete the NAT gateway and stop the web and DB servers/);
      expect(screen).toMatch(/Plan: 24 to create/);
      expect(screen).toMatch(/total\s+\$0\.078\/h/);
      expect(term.screen(true)).toMatch(/\x1b\[/); // colour at a terminal
      term.type('Enter');
      await term.waitFor(/The lab is up/, 60_000);
      expect(await term.exitCode()).toBe(0);
      expect(term.screen()).toMatch(/ssh -i \S+wizard-key\.pem ec2-user@/);
    } finally {
      term.close();
    }
    const w = await labWorld(ec2At(moto.url), 'wizard');
    expect(w.vpcs.map((v) => v.CidrBlock)).toEqual(['10.3.0.0/16']);
    expect(w.instances).toHaveLength(2);
  });

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
      await term.waitFor(/第 1 章 — VPC/);
      await term.waitFor(/VPC の CIDR ブロック/);
      term.type('C-c');
      expect(await term.exitCode()).toBe(130);
    } finally {
      term.close();
    }
  });
});
