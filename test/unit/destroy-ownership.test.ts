/**
 * `destroy` deletes only what is the lab's (issue 25, item 4; security review finding 4):
 * a resource found by the lab's tags that the state did not record, or that does not fit
 * the lab's settings, is shown as it really is and deleted only when confirmed on its own.
 */
import { CreateSubnetCommand, CreateTagsCommand, CreateVpcCommand, RunInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { promises as fs } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { answering } from '../support/prompter.js';
import { labTags } from '../../src/lab/core/tags.js';
import { callsNamed, counts, createHarness, labErrorOf, type Harness } from '../support/drive.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const MUTATING = ['TerminateInstances', 'DeleteVpc', 'DeleteSubnet', 'DeleteSecurityGroup', 'ReleaseAddress', 'DeleteInternetGateway'];
const mutatingCalls = (h: Harness) => MUTATING.flatMap((n) => callsNamed(h.fake, n));

/** The review's reproduction: an untagged m5.large in a 172.31.0.0/16 VPC, then tagged by hand as lab `victim`. */
async function victim(h: Harness) {
  const ec2 = h.fake.ec2;
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '172.31.0.0/16' }))).Vpc!.VpcId!;
  const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '172.31.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
  const instance = (await ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, ImageId: 'ami-0fake2023', InstanceType: 'm5.large', SubnetId: subnet }))).Instances![0].InstanceId!;
  // Only the lab's three tags, as the review added them (its Name is its own: "production-db").
  const tag = (id: string, key: string) =>
    ec2.send(new CreateTagsCommand({ Resources: [id], Tags: labTags('victim', key, 'x').filter((t) => t.Key !== 'Name') }));
  await tag(vpc, 'vpc');
  await tag(subnet, 'publicSubnet');
  await tag(instance, 'webInstance');
  await ec2.send(new CreateTagsCommand({ Resources: [instance], Tags: [{ Key: 'Name', Value: 'production-db' }] }));
  return { vpc, subnet, instance };
}

const AZS = ['us-east-1a', 'us-east-1b'];
/** The fake offers the lab's types, and the m5.large of the reproduction. */
const withM5 = () => createHarness({ fake: { offerings: { 't3.micro': AZS, 't4g.nano': AZS, 't3.nano': AZS, 'm5.large': AZS } } });

describe('destroy of a lab whose resources were tagged by hand (the review reproduction)', () => {
  it('--yes terminates nothing and deletes no VPC; it says what it left and why, with the real CIDR and type', async () => {
    h = withM5();
    const { vpc, subnet, instance } = await victim(h);
    await h.destroy({ name: 'victim' });
    expect(mutatingCalls(h)).toEqual([]);
    expect(h.fake.world.vpcs.has(vpc)).toBe(true);
    expect(counts(h.fake)).toMatchObject({ vpcs: 1, subnets: 1, instances: 1 });
    const err = h.stderr();
    // The plan shows it as it is, not as the lab's settings say.
    expect(err).toContain(`VPC ${vpc} 172.31.0.0/16`);
    expect(err).not.toContain('VPC 10.0.0.0/16');
    expect(err).toContain(`Instance ${instance} m5.large (Name "production-db")`);
    // One line per resource left, each with why (its real CIDR or type) and how to delete it too.
    const left = err.split('\n').filter((l) => l.includes('Left alone:'));
    expect(left).toHaveLength(3);
    expect(left.find((l) => l.includes(instance))).toMatch(/is a m5\.large, not a t3\.micro.*--also-delete i-/);
    expect(left.find((l) => l.includes(`VPC ${vpc}`))).toMatch(/is 172\.31\.0\.0\/16, not 10\.0\.0\.0\/16/);
    expect(left.find((l) => l.includes(`Subnet ${subnet}`))).toContain('172.31.1.0/24');
  });

  it('--json lists what it left, in English', async () => {
    h = withM5();
    const { instance } = await victim(h);
    await h.destroy({ name: 'victim', json: true });
    const json = JSON.parse(h.stdout());
    expect(json.deleted).toEqual([]);
    expect(json.left.map((l: { id: string }) => l.id)).toContain(instance);
    expect(json.left.find((l: { id: string }) => l.id === instance).seen).toContain('m5.large');
  });

  it('--also-delete naming them all deletes them: the confirmation of their own, for scripts', async () => {
    h = withM5();
    const { vpc, subnet, instance } = await victim(h);
    await h.destroy({ name: 'victim', alsoDelete: `${instance},${subnet},${vpc}` });
    expect(callsNamed(h.fake, 'TerminateInstances')).toHaveLength(1);
    expect(counts(h.fake)).toMatchObject({ vpcs: 0, subnets: 0, instances: 0 });
    expect(h.stderr()).not.toContain('Left alone');
  });

  it('--also-delete naming only the instance keeps the VPC and subnet (the instance is not what holds them)', async () => {
    h = withM5();
    const { instance } = await victim(h);
    await h.destroy({ name: 'victim', alsoDelete: instance });
    expect(counts(h.fake)).toMatchObject({ vpcs: 1, subnets: 1, instances: 0 });
  });

  it('on a terminal, --yes still asks about each one on its own; "no" leaves it', async () => {
    h = withM5();
    await victim(h);
    const { asked, prompter } = answering(false);
    h.deps.interactive = true;
    h.deps.prompter = async () => prompter;
    await h.destroy({ name: 'victim' });
    expect(asked).toHaveLength(3);
    expect(asked.join('\n')).toMatch(/Delete Instance i-\S+ m5\.large \(Name "production-db"\) too\? It is not surely the lab's/);
    expect(mutatingCalls(h)).toEqual([]);
  });

  it('an ID that is not one is refused before anything runs (exit 2)', async () => {
    h = withM5();
    await victim(h);
    const err = await labErrorOf(h.destroy({ name: 'victim', alsoDelete: 'i-123,$(id)' }));
    expect(err.exitCode).toBe(2);
    expect(callsNamed(h.fake, 'DescribeVpcs')).toEqual([]);
  });
});

describe('destroy of a lab of its own', () => {
  it('whose state file was lost is still destroyed with --rediscover when everything fits', async () => {
    h = createHarness();
    await h.up();
    await fs.rm(h.stateFile());
    await h.destroy({ rediscover: true });
    expect(counts(h.fake)).toEqual({ vpcs: 0, subnets: 0, igws: 0, routeTables: 0, securityGroups: 0, keyPairs: 0, instances: 0, addresses: 0, natGateways: 0 });
    expect(h.stderr()).not.toContain('Left alone');
  });

  it('leaves a server the state did not record in the lab\'s subnet (its own was replaced by hand), and the subnet and VPC that hold it', async () => {
    h = createHarness();
    await h.up();
    const state = h.readStateJson();
    const subnet = state.resources.publicSubnet.id;
    const ec2 = h.fake.ec2;
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [state.resources.webInstance.id] }));
    h.clock.advance(10 * 60_000);
    const stray = (await ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, ImageId: 'ami-0fake2023', InstanceType: 't3.micro', SubnetId: subnet }))).Instances![0].InstanceId!;
    await ec2.send(new CreateTagsCommand({ Resources: [stray], Tags: labTags('aws-lab', 'webInstance', 'web') }));
    await h.destroy();
    expect(h.fake.world.instances.get(stray)?.State?.Name).toBe('running');
    expect(h.fake.world.subnets.has(subnet)).toBe(true);
    expect(h.fake.world.vpcs.has(state.resources.vpc.id)).toBe(true);
    expect(h.stderr()).toMatch(new RegExp(`Left alone: Instance ${stray} t3\\.micro \\(Name "aws-lab-web"\\): not in the lab's state file`));
    expect(h.stderr()).toContain(`kept: ${stray}, left alone, still uses it`);
    // The rest of the lab went: the DB server, the NAT.
    expect(h.fake.world.instances.get(state.resources.dbInstance.id)?.State?.Name ?? 'gone').not.toBe('running');
    expect(callsNamed(h.fake, 'TerminateInstances').flatMap((c) => (c.input as { InstanceIds: string[] }).InstanceIds)).not.toContain(stray);
    expect(counts(h.fake).natGateways).toBe(0);
  });
});
