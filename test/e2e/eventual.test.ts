/**
 * Issue #8 end to end: the built CLI against moto through a proxy that behaves as EC2 does
 * (eventual consistency for a few seconds after each create, ClientToken idempotency).
 */
import type { ChildProcess } from 'node:child_process';
import { CreateRouteTableCommand, CreateVpcCommand, DescribeRouteTablesCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { ec2At, labWorld } from './support/aws.js';
import { runCli, tempDir } from './support/cli.js';
import { useMoto } from './support/moto.js';
import { mutating, startProxy, type Proxy } from './support/proxy.js';

const SSH = '198.51.100.7/32';
const EVENTUAL_MS = 2_500;
/** One of each: the full lab. */
const FULL = { vpcs: 1, subnets: 2, igws: 1, routeTables: 2, securityGroups: 2, keyPairs: 1, instances: 2, addresses: 2, natGateways: 1 };
const NOTHING = Object.fromEntries(Object.keys(FULL).map((k) => [k, 0]));

async function counts(url: string, lab: string): Promise<Record<string, number>> {
  const w = await labWorld(ec2At(url), lab);
  return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v.length]));
}

describe('against eventually consistent EC2 (moto behind an eventual proxy)', () => {
  const moto = useMoto();
  let proxy: Proxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('the proxy honours ClientToken as AWS does (moto does not), and hides new IDs', async () => {
    proxy = await startProxy(moto.url, { eventualMs: 60_000 });
    const ec2 = ec2At(proxy.url);
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    const code = (p: Promise<unknown>) => p.then(() => 'ok', (err: Error) => err.name);
    expect(await code(ec2.send(new DescribeVpcsCommand({ VpcIds: [Vpc!.VpcId!] })))).toBe('InvalidVpcID.NotFound');
    expect((await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'cidr', Values: ['10.9.0.0/16'] }] }))).Vpcs).toEqual([]);
    proxy.faults.eventualMs = 0;
    const first = await ec2.send(new CreateRouteTableCommand({ VpcId: Vpc!.VpcId, ClientToken: 'tok-1' }));
    const again = await ec2.send(new CreateRouteTableCommand({ VpcId: Vpc!.VpcId, ClientToken: 'tok-1' }));
    expect(again.RouteTable?.RouteTableId).toBe(first.RouteTable?.RouteTableId);
    expect(proxy.served.replayed).toBe(1);
    expect(await code(ec2.send(new CreateRouteTableCommand({ VpcId: 'vpc-other', ClientToken: 'tok-1' })))).toBe('IdempotentParameterMismatch');
    const tables = await ec2At(moto.url).send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [Vpc!.VpcId!] }] }));
    expect(tables.RouteTables).toHaveLength(2); // the main table and one made with the token
  });
  const upArgs = (lab: string) => ['up', '--yes', '--name', lab, '--endpoint-url', proxy!.url, '--ssh-cidr', SSH];
  const destroyArgs = (lab: string) => ['destroy', '--yes', '--name', lab, '--endpoint-url', proxy!.url];

  it('up makes one of each; a no-op up right after changes nothing; destroy right after leaves nothing', async () => {
    proxy = await startProxy(moto.url, { eventualMs: EVENTUAL_MS });
    const cwd = tempDir();
    const lab = 'ev-basic';
    const res = await runCli(upArgs(lab), { cwd, timeoutMs: 150_000 });
    expect(res.code, res.stderr).toBe(0);
    expect(proxy.served.hidden).toBeGreaterThan(0);
    expect(res.stderr).toMatch(/AWS does not show vpc-\w+ yet/);
    expect(await counts(moto.url, lab)).toEqual(FULL);

    const before = proxy.actions.length;
    const again = await runCli(upArgs(lab), { cwd, timeoutMs: 150_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(mutating(proxy.actions.slice(before))).toEqual([]);

    const down = await runCli(destroyArgs(lab), { cwd, timeoutMs: 150_000 });
    expect(down.code, down.stderr).toBe(0);
    expect(await counts(moto.url, lab)).toEqual(NOTHING);
  }, 400_000);

  it('a rerun started at once after a failure makes no duplicate', async () => {
    // The VPC is made and recorded, then its first change is refused: the run stops with
    // the VPC seconds old, not yet in filtered listings.
    proxy = await startProxy(moto.url, { eventualMs: EVENTUAL_MS, refuseFirst: { ModifyVpcAttribute: 'UnauthorizedOperation' } });
    const cwd = tempDir();
    const lab = 'ev-failed';
    const failed = await runCli(upArgs(lab), { cwd, timeoutMs: 150_000 });
    expect(failed.code).toBe(1);
    const again = await runCli(upArgs(lab), { cwd, timeoutMs: 150_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(await counts(moto.url, lab)).toEqual(FULL);
  }, 400_000);

  // Killed the moment AWS has made it, before the CLI hears of it: the rerun knows only the
  // saved token, and the filtered listing does not show the new resource yet.
  for (const action of ['RunInstances', 'CreateNatGateway', 'CreateRouteTable']) {
    it(`a rerun at once after SIGKILL right after ${action} makes no duplicate`, async () => {
      proxy = await startProxy(moto.url, { eventualMs: EVENTUAL_MS });
      let child: ChildProcess | undefined;
      let killed = false;
      proxy.onServed = (a) => {
        if (a !== action || killed) return;
        killed = true;
        child?.kill('SIGKILL');
      };
      const cwd = tempDir();
      const lab = `ev-kill-${action.toLowerCase()}`;
      const first = await runCli(upArgs(lab), { cwd, timeoutMs: 150_000, onStart: (c) => (child = c) });
      expect(first.signal).toBe('SIGKILL');
      proxy.onServed = undefined;
      // A token-less create the kill caught between noting it and sending it cannot be told
      // from one whose answer was lost: the rerun may look for it for up to two minutes.
      const again = await runCli(upArgs(lab), { cwd, timeoutMs: 300_000 });
      expect(again.code, again.stderr).toBe(0);
      expect(await counts(moto.url, lab)).toEqual(FULL);
    }, 400_000);
  }
});
