import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ec2At, labWorld } from './support/aws.js';
import { BIN, runCli, tempDir } from './support/cli.js';
import { useMoto } from './support/moto.js';

const ROOT = path.resolve(path.dirname(BIN), '..');
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the package as users get it (npm pack, npm install)', () => {
  const moto = useMoto();

  it('bundles only the SDK code the lab calls reach, and no prompt it does not ask', () => {
    const dir = path.join(ROOT, 'dist');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    const code = files.map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
    // Schemas of calls the lab makes are there; EC2's other ~700 operations' are not.
    expect(code).toContain('"DescribeNatGatewaysResult"');
    for (const unused of ['WithdrawByoipCidrResult', 'AcceptAddressTransferRequest', 'ModifyVpnTunnelOptionsResult']) expect(code).not.toContain(`"${unused}"`);
    // The editor prompt's character-set tables (iconv-lite) are not.
    expect(code).not.toContain('iconv-lite');
    expect(code).not.toMatch(/shift_jis|cp936/i);
    const bytes = files.reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
    // 1.68 MB on 2026-12-07: the SDK clients the lab calls, both catalogs, the check, teardown, leftovers and
    // picture commands, BudouX's Japanese model (a chunk loaded only for Japanese); one whole SDK client's schemas would not fit.
    expect(bytes).toBeLessThan(1_800_000);
  });

  it('installs from its tarball with nothing else to resolve, and runs --help, up and destroy', { timeout: 240_000 }, async () => {
    // Pack what `npm test` built (--ignore-scripts: no rebuild under the other test files' feet).
    const packDir = tempDir('lab-pack-');
    const tarball = path.join(packDir, npm(['pack', '--ignore-scripts', '--pack-destination', packDir], ROOT).trim().split('\n').at(-1)!);
    const prefix = tempDir('lab-prefix-');
    npm(['install', '--prefix', prefix, tarball, '--prefer-offline', '--no-audit', '--no-fund'], prefix);
    // Bundled: the package is all that is installed, so no later SDK release can reach it.
    expect(readdirSync(path.join(prefix, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['aws-lab-setup']);
    const bin = path.join(prefix, 'node_modules', '.bin', 'aws-lab-setup');

    const cwd = tempDir();
    const help = await runCli(['--help'], { cwd, bin });
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/Usage: aws-lab-setup/);

    const base = ['--yes', '--name', 'packed', '--endpoint-url', moto.url];
    const up = await runCli(['up', ...base, '--ssh-cidr', '198.51.100.7/32'], { cwd, bin });
    expect(up.code, up.stderr).toBe(0);
    const ec2 = ec2At(moto.url);
    const built = await labWorld(ec2, 'packed');
    expect(built.vpcs).toHaveLength(1);
    expect(built.natGateways).toHaveLength(1);
    expect(built.instances).toHaveLength(2);

    const destroy = await runCli(['destroy', ...base], { cwd, bin });
    expect(destroy.code, destroy.stderr).toBe(0);
    const gone = await labWorld(ec2, 'packed');
    expect(Object.values(gone).every((items) => items.length === 0)).toBe(true);
  });
});
