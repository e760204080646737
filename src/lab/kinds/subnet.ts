import { CreateSubnetCommand, DeleteSubnetCommand } from '@aws-sdk/client-ec2';
import { conflicting } from '../../engine/finding.js';
import type { Resource } from '../../engine/resource.js';
import type { LabSettings } from '../core/config.js';
import { parent, vpcId, type LabContext } from '../core/context.js';
import { choose } from '../core/inventory.js';
import { tagSpec } from '../core/tags.js';
import { label, type Labelled } from '../core/label.js';

export interface SubnetSpec {
  key: Labelled<[cidr: string]>;
  name: string;
  chapter: number;
  /** Key of its VPC. */
  vpc: string;
  cidr: (s: LabSettings) => string;
}

export function subnet(spec: SubnetSpec): Resource<LabContext> {
  const { key } = spec;
  return {
    key,
    kind: 'Subnet',
    actions: ['ec2:DescribeSubnets', 'ec2:CreateSubnet', 'ec2:CreateTags', 'ec2:DeleteSubnet', 'ec2:DescribeInstanceTypeOfferings'],
    chapter: spec.chapter,
    dependsOn: [spec.vpc],
    label: (ctx) => label(key, spec.cidr(ctx.settings)),
    prepare: (ctx) => ctx.zone(),
    async find(ctx) {
      const vpc = vpcId(ctx, spec.vpc);
      const found = (await ctx.inventory.subnets()).filter((s) => s.VpcId === vpc);
      const s = choose(ctx, found, key, (s) => s.SubnetId);
      return s && { id: s.SubnetId!, state: s.State, attrs: { cidr: s.CidrBlock, zone: s.AvailabilityZone } };
    },
    async create(ctx) {
      const out = await ctx.ec2Once.send(
        new CreateSubnetCommand({
          VpcId: parent(ctx, spec.vpc).id,
          CidrBlock: spec.cidr(ctx.settings),
          AvailabilityZone: await ctx.zone(),
          TagSpecifications: tagSpec('subnet', ctx.settings.name, key, `${spec.name}-subnet`, ctx.settings.extraTags),
        }),
      );
      const s = out.Subnet!;
      return { id: s.SubnetId!, state: s.State, attrs: { cidr: s.CidrBlock, zone: s.AvailabilityZone } };
    },
    check(ctx, live) {
      const want = spec.cidr(ctx.settings);
      return live.attrs.cidr && live.attrs.cidr !== want ? [conflicting('lab.subnet-cidr', spec.chapter, live.id, ['conflict_subnetCidr', spec.name, live.id, live.attrs.cidr, want])] : [];
    },
    async delete(ctx, live) {
      await ctx.ec2.send(new DeleteSubnetCommand({ SubnetId: live.id }));
    },
  };
}
