/**
 * Issue 9 against moto: `--nat instance` builds a NAT instance instead of the NAT
 * gateway, `up --nat …` swaps the two both ways, `destroy --nat-only` and `up` remove and
 * restore it, a killed `up` is finished without a second NAT instance, and `destroy`
 * leaves nothing. (moto never runs user-data: the script has its own unit test.)
 */
import { DescribeInstanceAttributeCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { byResource, ec2At, labWorld, userData } from './support/aws.js';
import { AFTER_KILL_MS, runCli, tempDir } from './support/cli.js';
import { useMoto } from './support/moto.js';

const SSH = '198.51.100.7/32';
/** The full lab with a NAT instance: a third instance and group, one address, no gateway. */
const WITH_INSTANCE = { vpcs: 1, subnets: 2, igws: 1, routeTables: 2, securityGroups: 3, keyPairs: 1, instances: 3, addresses: 1, natGateways: 0 };
const WITH_GATEWAY = { vpcs: 1, subnets: 2, igws: 1, routeTables: 2, securityGroups: 2, keyPairs: 1, instances: 2, addresses: 2, natGateways: 1 };

async function counts(url: string, lab: string): Promise<Record<string, number>> {
  const w = await labWorld(ec2At(url), lab);
  return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v.length]));
}

async function privateDefaultRoute(url: string, lab: string) {
  const w = await labWorld(ec2At(url), lab);
  return byResource(w.routeTables, 'privateRouteTable').Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0');
}

describe('--nat instance (against moto)', () => {
  const moto = useMoto();

  it('builds the NAT instance, swaps to the gateway and back with a "replace" plan, and destroy leaves nothing', async () => {
    const cwd = tempDir();
    const lab = 'natinst';
    const base = ['--name', lab, '--endpoint-url', moto.url];
    const up = await runCli(['up', '--yes', ...base, '--ssh-cidr', SSH, '--nat', 'instance'], { cwd });
    expect(up.code, up.stderr).toBe(0);

    const ec2 = ec2At(moto.url);
    const w = await labWorld(ec2, lab);
    expect(await counts(moto.url, lab)).toEqual(WITH_INSTANCE);
    const nat = byResource(w.instances, 'natInstance');
    const pub = byResource(w.subnets, 'publicSubnet');
    expect(nat.SubnetId).toBe(pub.SubnetId);
    expect(nat.InstanceType).toBe('t4g.nano');
    expect(nat.PublicIpAddress).toBeTruthy();
    expect(nat.SourceDestCheck).toBe(false);
    const attr = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: nat.InstanceId!, Attribute: 'sourceDestCheck' }));
    expect(attr.SourceDestCheck?.Value).toBe(false);
    const sg = byResource(w.securityGroups, 'natSecurityGroup');
    expect(nat.NetworkInterfaces?.[0]?.Groups?.map((g) => g.GroupId)).toEqual([sg.GroupId]);
    expect(sg.IpPermissions?.map((p) => [p.IpProtocol, p.IpRanges?.map((r) => r.CidrIp), p.UserIdGroupPairs?.length ?? 0])).toEqual([['-1', ['10.0.0.0/16'], 0]]);
    expect((await privateDefaultRoute(moto.url, lab))?.NetworkInterfaceId).toBe(nat.NetworkInterfaces![0].NetworkInterfaceId);
    const script = await userData(ec2, nat.InstanceId!);
    expect(script).toMatch(/net\.ipv4\.ip_forward = 1/);
    expect(script).toMatch(/masquerade/);

    // Everywhere else shows the kind.
    const status = await runCli(['status', ...base], { cwd });
    expect(status.stdout).toMatch(/25\/25 resources/);
    expect(status.stdout).toMatch(/NAT instance i-/);
    expect(status.stdout).toMatch(/route 0\.0\.0\.0\/0 -> NAT instance/);
    expect(status.stdout).toMatch(/t4g\.nano NAT instance/);
    const sshConfig = await runCli(['ssh-config', ...base], { cwd });
    expect(sshConfig.stdout).toContain(`# lab "${lab}": NAT instance ${nat.InstanceId}`);
    expect(sshConfig.stdout).toContain(`Host ${lab}-nat\n  HostName ${nat.PrivateIpAddress}`);

    // To the gateway: the plan shows what replaces what; the route moves, the instance goes.
    const plan = await runCli(['plan', ...base, '--nat', 'gateway'], { cwd });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).toMatch(/delete\s+NAT instance .*\n.*replaced by the NAT gateway/);
    expect(plan.stderr).toMatch(/update\s+route 0\.0\.0\.0\/0 -> NAT gateway/);
    expect(plan.stderr).toMatch(/create\s+NAT gateway/);
    const toGateway = await runCli(['up', '--yes', ...base, '--nat', 'gateway'], { cwd });
    expect(toGateway.code, toGateway.stderr).toBe(0);
    expect(await counts(moto.url, lab)).toEqual(WITH_GATEWAY);
    const gateway = byResource((await labWorld(ec2, lab)).natGateways, 'natGateway');
    expect((await privateDefaultRoute(moto.url, lab))?.NatGatewayId).toBe(gateway.NatGatewayId);
    // The route was moved before the NAT instance was terminated (the progress lines' order).
    expect(toGateway.stderr.indexOf('route 0.0.0.0/0 -> NAT gateway')).toBeLessThan(toGateway.stderr.search(/✔ NAT instance .* deleted/));

    // And back: the setting is saved, so a plain `up` keeps the gateway.
    const again = await runCli(['up', '--yes', ...base], { cwd });
    expect(again.stderr).not.toMatch(/deleted/);
    const toInstance = await runCli(['up', '--yes', ...base, '--nat', 'instance'], { cwd });
    expect(toInstance.code, toInstance.stderr).toBe(0);
    expect(await counts(moto.url, lab)).toEqual(WITH_INSTANCE);
    const newNat = byResource((await labWorld(ec2, lab)).instances, 'natInstance');
    expect((await privateDefaultRoute(moto.url, lab))?.NetworkInterfaceId).toBe(newNat.NetworkInterfaces![0].NetworkInterfaceId);

    const destroy = await runCli(['destroy', '--yes', ...base], { cwd });
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(Object.values(await counts(moto.url, lab)).every((n) => n === 0)).toBe(true);
  }, 120_000);

  it('destroy --nat-only removes the NAT instance and its route; up brings them back', async () => {
    const cwd = tempDir();
    const lab = 'natinst-only';
    const base = ['--yes', '--name', lab, '--endpoint-url', moto.url];
    expect((await runCli(['up', ...base, '--ssh-cidr', SSH, '--nat', 'instance'], { cwd })).code).toBe(0);
    const res = await runCli(['destroy', '--nat-only', ...base], { cwd });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/the NAT instance \(with its address\) and its route/);
    const w = await labWorld(ec2At(moto.url), lab);
    expect(w.instances.map((i) => i.Tags?.find((t) => t.Key === 'aws-lab-setup:resource')?.Value).sort()).toEqual(['dbInstance', 'webInstance']);
    expect(await privateDefaultRoute(moto.url, lab)).toBeUndefined();
    const back = await runCli(['up', ...base], { cwd });
    expect(back.code, back.stderr).toBe(0);
    expect(await counts(moto.url, lab)).toEqual(WITH_INSTANCE);
  }, 120_000);

  it('a killed up (right after the NAT instance is launched) is finished by the next up, with one NAT instance', async () => {
    const cwd = tempDir();
    const lab = 'natinst-kill';
    const args = ['up', '--yes', '--name', lab, '--endpoint-url', moto.url, '--ssh-cidr', SSH, '--nat', 'instance'];
    const killed = await runCli(args, { cwd, killWhen: /✔ NAT instance .* created/ });
    expect(killed.signal).toBe('SIGKILL');
    const again = await runCli(args, { cwd, timeoutMs: AFTER_KILL_MS });
    expect(again.code, again.stderr).toBe(0);
    expect(await counts(moto.url, lab)).toEqual(WITH_INSTANCE);
    expect(byResource((await labWorld(ec2At(moto.url), lab)).instances, 'natInstance').SourceDestCheck).toBe(false);
  }, AFTER_KILL_MS + 90_000);

  it('refuses --nat with another value, naming it, before anything is made', async () => {
    const cwd = tempDir();
    const res = await runCli(['up', '--yes', '--name', 'natinst-bad', '--endpoint-url', moto.url, '--ssh-cidr', SSH, '--nat', 'box'], { cwd });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/NAT kind "box"/);
    expect(res.stderr).toMatch(/--nat gateway .* --nat instance/);
    expect(Object.values(await counts(moto.url, 'natinst-bad')).every((n) => n === 0)).toBe(true);
  });
});
