import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ec2At, labWorld } from './support/aws.js';
import { AFTER_KILL_MS, runCli, tempDir } from './support/cli.js';
import { useMoto } from './support/moto.js';
import { startProxy, type Proxy } from './support/proxy.js';

const SSH = '198.51.100.7/32';
/** One of each: the full lab. */
const FULL = { vpcs: 1, subnets: 2, igws: 1, routeTables: 2, securityGroups: 2, keyPairs: 1, instances: 2, addresses: 2, natGateways: 1 };

async function counts(url: string, lab: string): Promise<Record<string, number>> {
  const w = await labWorld(ec2At(url), lab);
  return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v.length]));
}

describe('crash-safe, lost-state-safe, throttle-safe (against moto)', () => {
  const moto = useMoto();

  // Each point: the CLI is killed (SIGKILL) as soon as it reports that step done.
  const killPoints = [
    /✔ VPC .* created/,
    /✔ web security group.* created/,
    /✔ NAT gateway .* created/,
    /✔ web server .* created/,
  ];
  for (const point of killPoints) {
    it(`a killed up (${point.source}) is finished by the next up, with one of each`, async () => {
      const cwd = tempDir();
      const lab = `kill-${killPoints.indexOf(point)}`;
      const args = ['up', '--yes', '--name', lab, '--endpoint-url', moto.url, '--ssh-cidr', SSH];
      const killed = await runCli(args, { cwd, killWhen: point });
      expect(killed.signal).toBe('SIGKILL');
      const again = await runCli(args, { cwd, timeoutMs: AFTER_KILL_MS });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toMatch(/taking over the lock/);
      expect(await counts(moto.url, lab)).toEqual(FULL);
    }, AFTER_KILL_MS + 90_000);
  }

  it('Ctrl-C during up stops after the steps in flight, exits 130 with valid state; up again finishes', async () => {
    const cwd = tempDir();
    const lab = 'ctrl-c';
    const args = ['up', '--yes', '--name', lab, '--endpoint-url', moto.url, '--ssh-cidr', SSH];
    const stopped = await runCli(args, { cwd, killWhen: /✔ VPC .* created/, killWith: 'SIGINT' });
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toMatch(/stopping after the steps in flight/);
    expect(stopped.stderr).toMatch(/stopped by Ctrl-C/);
    const state = JSON.parse(readFileSync(path.join(cwd, '.aws-lab-setup', `${lab}.json`), 'utf8'));
    expect(state.resources.vpc.id).toMatch(/^vpc-/);
    expect(existsSync(path.join(cwd, '.aws-lab-setup', `${lab}.lock`))).toBe(false);
    const again = await runCli(args, { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(await counts(moto.url, lab)).toEqual(FULL);
  });

  it('destroy with the state file deleted finds the lab by its tags', async () => {
    const cwd = tempDir();
    const lab = 'lost-state';
    expect((await runCli(['up', '--yes', '--name', lab, '--endpoint-url', moto.url, '--ssh-cidr', SSH], { cwd })).code).toBe(0);
    rmSync(path.join(cwd, '.aws-lab-setup'), { recursive: true, force: true });
    // up adopts rather than duplicating...
    const adopt = await runCli(['up', '--yes', '--name', lab, '--endpoint-url', moto.url, '--ssh-cidr', SSH], { cwd });
    expect(adopt.code, adopt.stderr).toBe(0);
    expect(await counts(moto.url, lab)).toEqual(FULL);
    rmSync(path.join(cwd, '.aws-lab-setup'), { recursive: true, force: true });
    // ...and destroy removes everything.
    const res = await runCli(['destroy', '--yes', '--name', lab, '--endpoint-url', moto.url], { cwd });
    expect(res.code, res.stderr).toBe(0);
    expect(Object.values(await counts(moto.url, lab)).every((n) => n === 0)).toBe(true);
  });

  it('two labs side by side: destroying one leaves the other whole', async () => {
    const cwd = tempDir();
    for (const lab of ['twin-a', 'twin-b']) {
      const res = await runCli(['up', '--yes', '--name', lab, '--endpoint-url', moto.url, '--ssh-cidr', SSH], { cwd });
      expect(res.code, res.stderr).toBe(0);
    }
    const res = await runCli(['destroy', '--yes', '--name', 'twin-a', '--endpoint-url', moto.url], { cwd });
    expect(res.code, res.stderr).toBe(0);
    expect(Object.values(await counts(moto.url, 'twin-a')).every((n) => n === 0)).toBe(true);
    expect(await counts(moto.url, 'twin-b')).toEqual(FULL);
    const status = await runCli(['status', '--name', 'twin-b', '--endpoint-url', moto.url], { cwd });
    expect(status.stdout).toMatch(/25\/25 resources/);
  });

  it('destroy --nat-only removes just the NAT gateway, its route and address; up restores them', async () => {
    const cwd = tempDir();
    const lab = 'nat-only';
    const base = ['--yes', '--name', lab, '--endpoint-url', moto.url];
    expect((await runCli(['up', ...base, '--ssh-cidr', SSH], { cwd })).code).toBe(0);
    const res = await runCli(['destroy', '--nat-only', ...base], { cwd });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/NAT gateway, its route and its Elastic IP/);
    expect(res.stderr).toMatch(/Still billing/);
    const w = await labWorld(ec2At(moto.url), lab);
    expect(w.natGateways).toEqual([]);
    expect(w.addresses.map((a) => a.Tags?.find((t) => t.Key === 'aws-lab-setup:resource')?.Value)).toEqual(['webElasticIp']);
    expect(w.instances).toHaveLength(2);
    const privateRt = w.routeTables.find((t) => t.Tags?.some((x) => x.Value === 'privateRouteTable'));
    expect(privateRt?.Routes?.some((r) => r.DestinationCidrBlock === '0.0.0.0/0')).toBe(false);
    expect(existsSync(path.join(cwd, '.aws-lab-setup', `${lab}.json`))).toBe(true);
    const back = await runCli(['up', ...base], { cwd });
    expect(back.code, back.stderr).toBe(0);
    expect(await counts(moto.url, lab)).toEqual(FULL);
  });

  describe('through a proxy that throttles and drops answers', () => {
    let proxy: Proxy | undefined;
    afterEach(async () => {
      await proxy?.close();
    });

    it('survives RequestLimitExceeded on every fifth call', async () => {
      proxy = await startProxy(moto.url, { throttleEvery: 5 });
      const cwd = tempDir();
      const lab = 'throttled';
      const res = await runCli(['up', '--yes', '--name', lab, '--endpoint-url', proxy.url, '--ssh-cidr', SSH], { cwd, timeoutMs: 120_000 });
      expect(res.code, res.stderr).toBe(0);
      expect(proxy.served.throttled).toBeGreaterThan(5);
      expect(await counts(moto.url, lab)).toEqual(FULL);
      const down = await runCli(['destroy', '--yes', '--name', lab, '--endpoint-url', proxy.url], { cwd, timeoutMs: 120_000 });
      expect(down.code, down.stderr).toBe(0);
      expect(Object.values(await counts(moto.url, lab)).every((n) => n === 0)).toBe(true);
    }, 240_000);

    it('a create whose answer is lost is not made twice', async () => {
      // The creates AWS gives no idempotency token, plus ones it answers "already so".
      proxy = await startProxy(moto.url, {
        dropFirst: ['CreateVpc', 'CreateSubnet', 'CreateInternetGateway', 'AllocateAddress', 'CreateSecurityGroup', 'CreateKeyPair', 'AttachInternetGateway', 'CreateRoute'],
      });
      const cwd = tempDir();
      const lab = 'dropped';
      const res = await runCli(['up', '--yes', '--name', lab, '--endpoint-url', proxy.url, '--ssh-cidr', SSH], { cwd, timeoutMs: 120_000 });
      expect(res.code, res.stderr).toBe(0);
      expect(proxy.served.dropped).toBeGreaterThanOrEqual(8);
      expect(await counts(moto.url, lab)).toEqual(FULL);
    });
  });
});
