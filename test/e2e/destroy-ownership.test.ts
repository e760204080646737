/**
 * The security review's reproduction of finding 4, as a user would run it: the built CLI
 * against moto. An untagged m5.large in a 172.31.0.0/16 VPC, tagged by hand as lab
 * `victim`: `destroy --name victim --yes` terminates nothing, deletes no VPC, and says
 * what it left and why (the real CIDR and type).
 */
import { CreateSubnetCommand, CreateTagsCommand, CreateVpcCommand, DescribeInstancesCommand, DescribeVpcsCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { al2023Image, ec2At } from './support/aws.js';
import { runCli, tempDir } from './support/cli.js';
import { useMoto } from './support/moto.js';

describe('destroy of resources tagged by hand as a lab (security review, finding 4)', () => {
  const moto = useMoto();
  const cwd = tempDir();

  it('terminates nothing and deletes no VPC; says what it left, with the real CIDR and type', async () => {
    const ec2 = ec2At(moto.direct);
    const image = await al2023Image(moto.direct);
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '172.31.0.0/16' }))).Vpc!.VpcId!;
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '172.31.1.0/24' }))).Subnet!.SubnetId!;
    const instance = (await ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, ImageId: image, InstanceType: 'm5.large', SubnetId: subnet }))).Instances![0].InstanceId!;
    const tag = (id: string, key: string) =>
      ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'ManagedBy', Value: 'aws-lab-setup' }, { Key: 'aws-lab-setup:lab', Value: 'victim' }, { Key: 'aws-lab-setup:resource', Value: key }] }));
    await tag(vpc, 'vpc');
    await tag(subnet, 'publicSubnet');
    await tag(instance, 'webInstance');

    const res = await runCli(['destroy', '--yes', '--name', 'victim', '--endpoint-url', moto.url], { cwd });
    expect(res.code, res.stderr).toBe(0);
    const state = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instance] }))).Reservations?.[0]?.Instances?.[0]?.State?.Name;
    expect(state).toBe('running');
    expect((await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpc] }))).Vpcs?.[0]?.CidrBlock).toBe('172.31.0.0/16');

    const said = res.stdout + res.stderr;
    expect(said).not.toContain('VPC 10.0.0.0/16');
    const left = said.split('\n').filter((l) => l.includes('Left alone:'));
    expect(left).toHaveLength(3);
    expect(left.find((l) => l.includes(instance))).toMatch(/m5\.large.*is a m5\.large, not a t3\.micro.*--also-delete/);
    expect(left.find((l) => l.includes(vpc))).toContain('172.31.0.0/16');
  });
});
