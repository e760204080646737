import { CreateVpcPeeringConnectionCommand, DescribeRouteTablesCommand, DescribeVpcsCommand, AllocateAddressCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2At, labWorld } from './support/aws.js';
import { runCli, tempDir } from './support/cli.js';
import { addressIds, buildByHand, keyNames, whatIsLeft } from './support/hand-built-teardown.js';
import { startMoto, type Moto } from './support/moto-server.js';
import { mutating, startProxy, type Proxy } from './support/proxy.js';
import { teardownFaults } from './support/proxy-teardown.js';
import { TEST_ACCOUNT_QUOTAS } from './support/moto.js';

const NOTHING = { vpcs: 0, subnets: 0, internetGateways: 0, routeTables: 0, securityGroups: 0, networkAcls: 0, interfaces: 0, instances: 0, natGateways: 0 };

describe('destroy --vpc: a VPC built by hand, torn down to nothing (against moto)', () => {
  let moto: Moto;
  /** Plays EC2's DependencyViolations, and a NAT gateway that takes 3 s to go. */
  let proxy: Proxy;
  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startProxy(moto.url, teardownFaults({ natDeletingMs: 3_000 }, { quotas: TEST_ACCOUNT_QUOTAS }));
  });
  afterAll(async () => {
    await proxy?.close();
    await moto?.stop();
  });
  const ec2 = () => ec2At(moto.url);
  const destroy = (args: string[], cwd: string, onStart?: (c: ChildProcess) => void) => runCli(['destroy', '--endpoint-url', proxy.url, ...args], { cwd, timeoutMs: 120_000, onStart });

  it('shows every resource with its price, asks, then deletes it all; the rest of the account stays whole', async () => {
    const cwd = tempDir();
    const mine = await buildByHand(ec2(), moto.url, 'my', '10.30');
    const other = await buildByHand(ec2(), moto.url, 'other', '10.40');
    const lab = await runCli(['up', '--yes', '--name', 'toolslab', '--endpoint-url', proxy.url, '--ssh-cidr', '198.51.100.7/32'], { cwd, timeoutMs: 120_000 });
    expect(lab.code, lab.stderr).toBe(0);
    const labBefore = await labWorld(ec2(), 'toolslab');
    const idle = (await ec2().send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
    const otherBefore = await whatIsLeft(ec2(), other.vpc);

    // Without a terminal and without --yes: the plan, then exit 2, nothing deleted.
    const before = proxy.actions.length;
    const asked = await destroy(['--vpc', 'my-vpc'], cwd);
    expect(asked.code, asked.stderr).toBe(2);
    expect(mutating(proxy.actions.slice(before))).toEqual([]);
    for (const seen of ['my-vpc', '10.30.0.0/16', 'my-nat', '$0.0450/h', 'my-web', 't3.micro', 'my-private-acl', 'my-web-sg', 'my-db-sg', 'my spare interface', 'my-key', idle]) expect(asked.stderr).toContain(seen);
    expect(asked.stderr).toMatch(/This stops \$0\.\d{4}\/h ≈ \$\d+\.\d\d\/month/);
    expect(asked.stderr).toContain(`--also-delete ${idle}`);

    const res = await destroy(['--vpc', 'my-vpc', '--yes'], cwd);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/VPC vpc-\w+ and what was in it are gone/);
    // AWS's refusals were met and waited out, not blindly retried into an error.
    expect(await whatIsLeft(ec2(), mine.vpc)).toEqual(NOTHING);
    const addresses = await addressIds(ec2());
    expect(addresses).not.toContain(mine.natAddress);
    expect(addresses).not.toContain(mine.webAddress);
    // Left alone: the idle address (not named), the key pair, the other VPC, the tool's lab, the default VPC.
    expect(addresses).toContain(idle);
    expect(addresses).toContain(other.natAddress);
    expect(await keyNames(ec2())).toContain(mine.keyName);
    expect(await whatIsLeft(ec2(), other.vpc)).toEqual(otherBefore);
    const labAfter = await labWorld(ec2(), 'toolslab');
    expect(Object.fromEntries(Object.entries(labAfter).map(([k, v]) => [k, v.length]))).toEqual(Object.fromEntries(Object.entries(labBefore).map(([k, v]) => [k, v.length])));
    const vpcs = (await ec2().send(new DescribeVpcsCommand({}))).Vpcs ?? [];
    expect(vpcs.some((v) => v.IsDefault)).toBe(true);

    // Named, the idle address goes too; the rerun finds nothing else.
    const idleToo = await destroy(['--vpc', other.vpc, '--yes', '--also-delete', idle, '--key-pair'], cwd);
    expect(idleToo.code, idleToo.stderr).toBe(0);
    expect(await addressIds(ec2())).not.toContain(idle);
    expect(await keyNames(ec2())).not.toContain(other.keyName);
    expect(await whatIsLeft(ec2(), other.vpc)).toEqual(NOTHING);
  }, 300_000);

  it('refuses the default VPC (exit 2), and a VPC with what it does not remove (exit 1), deleting nothing', async () => {
    const cwd = tempDir();
    const vpcs = (await ec2().send(new DescribeVpcsCommand({}))).Vpcs ?? [];
    const before = proxy.actions.length;
    const def = await destroy(['--vpc', vpcs.find((v) => v.IsDefault)!.VpcId!, '--yes'], cwd);
    expect(def.code, def.stderr).toBe(2);
    expect(def.stderr).toMatch(/default VPC/);

    const mine = await buildByHand(ec2(), moto.url, 'lb', '10.50');
    const loadBalancer = { vpcId: mine.vpc, subnetId: 'subnet-0', id: 'eni-0e1b0000000000001', interfaceType: 'network_load_balancer', requesterManaged: true, description: 'ELB net/my-nlb/50dc6c495c0c9188' };
    const lbProxy = await startProxy(moto.url, teardownFaults({ foreign: [loadBalancer] }));
    try {
      const made = proxy.actions.length;
      const refused = await runCli(['destroy', '--endpoint-url', lbProxy.url, '--vpc', mine.vpc, '--yes'], { cwd, timeoutMs: 60_000 });
      expect(refused.code, refused.stderr).toBe(1);
      expect(refused.stderr).toContain(loadBalancer.id);
      expect(refused.stderr).toContain('network_load_balancer');
      expect(mutating(lbProxy.actions)).toEqual([]);
      expect(proxy.actions.length).toBe(made);
    } finally {
      await lbProxy.close();
    }

    // A peering connection, as moto makes one.
    const peer = (await ec2().send(new CreateVpcCommand({ CidrBlock: '10.60.0.0/16' }))).Vpc!.VpcId!;
    const pcx = (await ec2().send(new CreateVpcPeeringConnectionCommand({ VpcId: mine.vpc, PeerVpcId: peer }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
    const peered = await destroy(['--vpc', mine.vpc, '--yes'], cwd);
    expect(peered.code, peered.stderr).toBe(1);
    expect(peered.stderr).toContain(pcx);
    expect(mutating(proxy.actions.slice(before))).toEqual([]);
    expect((await whatIsLeft(ec2(), mine.vpc)).instances).toBe(2);
  }, 120_000);

  it('--nat-only: the NAT gateway and its address only; the private route is left a blackhole, with how to make it again', async () => {
    const cwd = tempDir();
    const mine = await buildByHand(ec2(), moto.url, 'nat', '10.70');
    const res = await destroy(['--vpc', mine.vpc, '--nat-only', '--yes'], cwd);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/NAT gateway nat-\w+ "nat-nat"/);
    expect(res.stderr).not.toMatch(/instance i-/);
    expect(res.stderr).toMatch(/blackhole/);
    const left = await whatIsLeft(ec2(), mine.vpc);
    expect(left.natGateways).toBe(0);
    expect(left.instances).toBe(2);
    const addresses = await addressIds(ec2());
    expect(addresses).not.toContain(mine.natAddress);
    expect(addresses).toContain(mine.webAddress);
    const tables = (await ec2().send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [mine.vpc] }] }))).RouteTables ?? [];
    expect(tables.some((t) => t.Routes?.some((r) => r.DestinationCidrBlock === '0.0.0.0/0' && r.NatGatewayId === mine.natGateway))).toBe(true);
  }, 120_000);

  // A run killed (SIGKILL) as the call is answered, then run again: it finishes, the addresses included.
  for (const at of ['DeleteNatGateway', 'TerminateInstances', 'ReleaseAddress', 'DeleteSecurityGroup', 'DeleteSubnet']) {
    it(`killed at ${at}, run again: nothing of the VPC is left, and no error of what was gone`, async () => {
      const cwd = tempDir();
      const mine = await buildByHand(ec2(), moto.url, `kill${at.length}`, `10.${80 + at.length}`);
      let child: ChildProcess | undefined;
      proxy.onServed = (action) => {
        if (action === at) child?.kill('SIGKILL');
      };
      try {
        const killed = await destroy(['--vpc', mine.vpc, '--yes'], cwd, (c) => (child = c));
        expect(killed.signal, killed.stderr).toBe('SIGKILL');
      } finally {
        proxy.onServed = undefined;
      }
      const again = await destroy(['--vpc', mine.vpc, '--yes'], cwd);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toMatch(/was stopped: finishing it/);
      expect(await whatIsLeft(ec2(), mine.vpc)).toEqual(NOTHING);
      const addresses = await addressIds(ec2());
      expect(addresses).not.toContain(mine.natAddress);
      expect(addresses).not.toContain(mine.webAddress);
    }, 180_000);
  }
});
