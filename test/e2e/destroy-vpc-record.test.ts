/**
 * `destroy --vpc`'s record, read by a rerun, against moto: a run killed after its first
 * delete leaves the record (what it will delete, under the VPC's ID); a record edited to
 * name another VPC's subnet and address is refused on the rerun (exit 1, both named,
 * nothing deleted, the other VPC whole); put back as written, the rerun finishes.
 */
import { DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2At } from './support/aws.js';
import { runCli, tempDir } from './support/cli.js';
import { addressIds, buildByHand, whatIsLeft } from './support/hand-built-teardown.js';
import { TEST_ACCOUNT_QUOTAS } from './support/moto.js';
import { startMoto, type Moto } from './support/moto-server.js';
import { mutating, startProxy, type Proxy } from './support/proxy.js';
import { teardownFaults } from './support/proxy-teardown.js';

describe("destroy --vpc's record: a rerun deletes only what is still the VPC's (against moto)", () => {
  let moto: Moto;
  let proxy: Proxy;
  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startProxy(moto.url, teardownFaults({ natDeletingMs: 1_000 }, { quotas: TEST_ACCOUNT_QUOTAS }));
  });
  afterAll(async () => {
    await proxy?.close();
    await moto?.stop();
  });

  it("a record edited to name another VPC's subnet and address: refused, named, exit 1, nothing deleted; the record as written is finished", async () => {
    const cwd = tempDir();
    const ec2 = ec2At(moto.url);
    const mine = await buildByHand(ec2, moto.url, 'rec', '10.110');
    const other = await buildByHand(ec2, moto.url, 'oth', '10.120');
    const destroy = (onStart?: (c: ChildProcess) => void) => runCli(['destroy', '--endpoint-url', proxy.url, '--vpc', mine.vpc, '--yes'], { cwd, timeoutMs: 120_000, onStart });

    let child: ChildProcess | undefined;
    proxy.onServed = (action) => {
      if (action === 'DeleteNatGateway') child?.kill('SIGKILL');
    };
    try {
      const killed = await destroy((c) => (child = c));
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
    } finally {
      proxy.onServed = undefined;
    }

    const file = path.join(cwd, '.aws-lab-setup', `${mine.vpc}.json`);
    const written = readFileSync(file, 'utf8');
    const saved = JSON.parse(written);
    const subnet = ((await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [other.vpc] }] }))).Subnets ?? [])[0].SubnetId!;
    saved.settings.teardown.items.push({ kind: 'subnet', id: subnet }, { kind: 'address', id: other.webAddress });
    writeFileSync(file, JSON.stringify(saved));
    const otherBefore = await whatIsLeft(ec2, other.vpc);

    const from = proxy.actions.length;
    const refused = await destroy();
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain(subnet);
    expect(refused.stderr).toContain(other.webAddress);
    expect(refused.stderr).toContain(other.vpc);
    expect(mutating(proxy.actions.slice(from))).toEqual([]);
    expect(await whatIsLeft(ec2, other.vpc)).toEqual(otherBefore);
    expect(await addressIds(ec2)).toContain(other.webAddress);

    writeFileSync(file, written);
    const again = await destroy();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/was stopped: finishing it/);
    expect((await whatIsLeft(ec2, mine.vpc)).vpcs).toBe(0);
    expect(await whatIsLeft(ec2, other.vpc)).toEqual(otherBefore);
  }, 300_000);
});
