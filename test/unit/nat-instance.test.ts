/**
 * Issue 9: `--nat instance` builds a NAT instance in place of the NAT gateway, the two
 * swap both ways with the private route moved before the old one goes, and
 * `destroy --nat-only` / `up` remove and restore it. Driven through the stateful fake.
 */
import type { Instance, RouteTable, SecurityGroup } from '@aws-sdk/client-ec2';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { callsNamed, createHarness, labErrorOf, type Harness } from '../support/drive.js';
import { ARM_AMI_ID } from '../support/fake-ec2.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const tagOf = (r: { Tags?: { Key?: string; Value?: string }[] }, key: string) => r.Tags?.find((t) => t.Key === key)?.Value;
function one<T extends { Tags?: { Key?: string; Value?: string }[] }>(items: Map<string, T>, key: string): T | undefined {
  const found = [...items.values()].filter((r) => tagOf(r, 'aws-lab-setup:resource') === key);
  expect(found.length, key).toBeLessThanOrEqual(1);
  return found[0];
}
const world = (h: Harness) => ({
  instances: h.fake.world.instances as unknown as Map<string, Instance>,
  routeTables: h.fake.world.routeTables as unknown as Map<string, RouteTable>,
  securityGroups: h.fake.world.securityGroups as unknown as Map<string, SecurityGroup>,
  nats: () => h!.fake.count('natGateways'),
});
const defaultRoute = (h: Harness) => one(world(h).routeTables, 'privateRouteTable')?.Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0');
const liveNatInstance = (h: Harness) => {
  const i = one(world(h).instances, 'natInstance');
  return i && i.State?.Name !== 'terminated' && i.State?.Name !== 'shutting-down' ? i : undefined;
};
const MUTATING = /^(Create|Delete|Run|Terminate|Start|Stop|Modify|Replace|Associate|Disassociate|Allocate|Release|Authorize|Revoke|Attach|Detach|Import)/;

describe('up --nat instance', () => {
  it('builds a t4g.nano NAT instance (arm64 image, public address, check off, own group) and routes the private subnet to its interface', async () => {
    h = createHarness();
    await h.up({ nat: 'instance' });
    const w = world(h);
    expect(w.nats()).toBe(0);
    expect(one(h.fake.world.addresses as never, 'natElasticIp')).toBeUndefined();
    const nat = liveNatInstance(h)!;
    expect(nat.InstanceType).toBe('t4g.nano');
    expect(nat.ImageId).toBe(ARM_AMI_ID);
    expect(nat.SubnetId).toBe(one(h.fake.world.subnets as never, 'publicSubnet')!['SubnetId' as never]);
    expect(nat.PublicIpAddress).toBeTruthy();
    expect(nat.SourceDestCheck).toBe(false);
    const sg = one(w.securityGroups, 'natSecurityGroup')!;
    expect(nat.NetworkInterfaces?.[0]?.Groups?.map((g) => g.GroupId)).toEqual([sg.GroupId]);
    expect(sg.IpPermissions).toHaveLength(1);
    expect(sg.IpPermissions![0]).toMatchObject({ IpProtocol: '-1', IpRanges: [expect.objectContaining({ CidrIp: '10.0.0.0/16' })] });
    expect(sg.IpPermissions![0].UserIdGroupPairs ?? []).toEqual([]);
    expect(defaultRoute(h)?.NetworkInterfaceId).toBe(nat.NetworkInterfaces![0].NetworkInterfaceId);
    expect(defaultRoute(h)?.State).toBe('active');
    // Crash safety: launched with the token saved in the state before the call.
    const launch = callsNamed(h.fake, 'RunInstances').find((c) => c.input.InstanceType === 't4g.nano')!;
    expect(launch.input.ClientToken).toBe(h.readStateJson().tokens.natInstance);
    // The user-data forwards and masquerades the VPC out of the default route's interface.
    const userData = Buffer.from(launch.input.UserData, 'base64').toString('utf8');
    expect(userData).toContain("vpc_cidr='10.0.0.0/16'");
    expect(userData).toMatch(/masquerade/);
    expect(h.readStateJson().settings).toMatchObject({ nat: 'instance' });
  });

  it('takes t3.nano and the x86_64 image where the zone offers no t4g.nano', async () => {
    h = createHarness({ fake: { offerings: { 't3.micro': ['us-east-1a'], 't3.nano': ['us-east-1a'], 't4g.nano': ['us-east-1b'] } } });
    await h.up({ nat: 'instance' });
    const nat = liveNatInstance(h)!;
    expect(nat.InstanceType).toBe('t3.nano');
    expect(nat.ImageId).not.toBe(ARM_AMI_ID);
  });

  it("looks up the NAT instance's type and image before the first create: without an image, nothing is made", async () => {
    h = createHarness();
    // --ami covers the servers; the NAT instance always asks for the latest arm64 image.
    h.fake.failNext('GetParameter', Object.assign(new Error('Parameter not found.'), { name: 'ParameterNotFound' }), { times: 5 });
    const err = await labErrorOf(h.up({ nat: 'instance', ami: 'ami-0123456789abcdef0' }));
    expect(err.code).toBe('NoAmi');
    expect(err.message).toContain('al2023-ami-kernel-default-arm64');
    expect(err.hint).toBe('use --nat gateway in this region');
    expect(h.fake.mutatingCalls()).toEqual([]);
  });

  it('a second up changes nothing; a turned-on source/destination check is turned off again', async () => {
    h = createHarness();
    await h.up({ nat: 'instance' });
    const before = h.fake.calls.length;
    await h.up();
    expect(h.fake.calls.slice(before).map((c) => c.name).filter((n) => MUTATING.test(n))).toEqual([]);
    const nat = liveNatInstance(h)!;
    await h.fake.ec2.send(new (await import('@aws-sdk/client-ec2')).ModifyInstanceAttributeCommand({ InstanceId: nat.InstanceId, SourceDestCheck: { Value: true } }));
    await h.up();
    expect(liveNatInstance(h)!.SourceDestCheck).toBe(false);
  });

  it('switches both ways: the route moves to the new NAT before the old one is deleted', async () => {
    h = createHarness();
    await h.up({ nat: 'gateway' });
    const gatewayId = defaultRoute(h)!.NatGatewayId!;
    let from = h.fake.calls.length;
    await h.up({ nat: 'instance' });
    const toInstance = h.fake.calls.slice(from);
    const replace = toInstance.findIndex((c) => c.name === 'ReplaceRoute');
    const deleteNat = toInstance.findIndex((c) => c.name === 'DeleteNatGateway');
    expect(replace).toBeGreaterThanOrEqual(0);
    expect(deleteNat).toBeGreaterThan(replace);
    expect(toInstance[deleteNat].input.NatGatewayId).toBe(gatewayId);
    expect(toInstance.some((c) => c.name === 'ReleaseAddress')).toBe(true);
    expect(world(h).nats()).toBe(0);
    expect(defaultRoute(h)?.NetworkInterfaceId).toBe(liveNatInstance(h)!.NetworkInterfaces![0].NetworkInterfaceId);
    expect(h.stderr()).toMatch(/replaced by the NAT instance|deleted/);

    from = h.fake.calls.length;
    await h.up({ nat: 'gateway' });
    const toGateway = h.fake.calls.slice(from);
    const replaceBack = toGateway.findIndex((c) => c.name === 'ReplaceRoute');
    const terminate = toGateway.findIndex((c) => c.name === 'TerminateInstances');
    expect(replaceBack).toBeGreaterThanOrEqual(0);
    expect(terminate).toBeGreaterThan(replaceBack);
    expect(liveNatInstance(h)).toBeUndefined();
    expect(one(world(h).securityGroups, 'natSecurityGroup')).toBeUndefined();
    expect(defaultRoute(h)?.NatGatewayId).toMatch(/^nat-/);
    expect(world(h).nats()).toBe(1);
  });

  it('with the state file lost, up adopts the NAT instance instead of swapping it for a gateway', async () => {
    h = createHarness();
    await h.up({ nat: 'instance' });
    const nat = liveNatInstance(h)!.InstanceId;
    rmSync(h.stateFile());
    await h.up();
    expect(liveNatInstance(h)!.InstanceId).toBe(nat);
    expect(world(h).nats()).toBe(0);
    expect(h.readStateJson().settings).toMatchObject({ nat: 'instance' });
    // Asked for by flag, the swap happens.
    rmSync(h.stateFile());
    await h.up({ nat: 'gateway' });
    expect(liveNatInstance(h)).toBeUndefined();
    expect(world(h).nats()).toBe(1);
  });

  it('destroy --nat-only removes the NAT instance and its route; up brings them back; destroy leaves nothing', async () => {
    h = createHarness();
    await h.up({ nat: 'instance' });
    await h.destroy({ natOnly: true });
    expect(liveNatInstance(h)).toBeUndefined();
    expect(defaultRoute(h)).toBeUndefined();
    expect(h.stdout()).toMatch(/the NAT instance \(with its address\) and its route/);
    await h.up();
    expect(liveNatInstance(h)!.SourceDestCheck).toBe(false);
    expect(defaultRoute(h)?.NetworkInterfaceId).toBe(liveNatInstance(h)!.NetworkInterfaces![0].NetworkInterfaceId);
    await h.destroy();
    expect(liveNatInstance(h)).toBeUndefined();
    expect(h.fake.count('securityGroups') + h.fake.count('vpcs')).toBe(0);
  });
});
