import { CreateSubnetCommand, DeleteSubnetCommand } from '@aws-sdk/client-ec2';
import type { Resource } from '../../engine/resource.js';
import type { LabSettings } from '../core/config.js';
import { parent, vpcId, type LabContext } from '../core/context.js';
import { pick } from '../core/inventory.js';
import { tagSpec } from '../core/tags.js';
import { label, type Labelled } from '../core/label.js';

export interface SubnetSpec {
  key: Labelled<[cidr: string]>;
  name: string;
  chapter: number;
  cidr: (s: LabSettings) => string;
}

export function subnet(spec: SubnetSpec): Resource<LabContext> {
  const { key } = spec;
  return {
    key,
    kind: 'Subnet',
    actions: ['ec2:DescribeSubnets', 'ec2:CreateSubnet', 'ec2:CreateTags', 'ec2:DeleteSubnet', 'ec2:DescribeInstanceTypeOfferings'],
    chapter: spec.chapter,
    dependsOn: ['vpc'],
    label: (ctx) => label(key, spec.cidr(ctx.settings)),
    prepare: (ctx) => ctx.zone(),
    async find(ctx) {
      const vpc = vpcId(ctx);
      const found = (await ctx.inventory.subnets()).filter((s) => s.VpcId === vpc);
      const s = pick(found, key, (s) => s.SubnetId, ctx.state.id(key));
      return s && { id: s.SubnetId!, state: s.State, attrs: { cidr: s.CidrBlock, zone: s.AvailabilityZone } };
    },
    async create(ctx) {
      const out = await ctx.ec2Once.send(
        new CreateSubnetCommand({
          VpcId: parent(ctx, 'vpc').id,
          CidrBlock: spec.cidr(ctx.settings),
          AvailabilityZone: await ctx.zone(),
          TagSpecifications: tagSpec('subnet', ctx.settings.name, key, `${spec.name}-subnet`, ctx.settings.extraTags),
        }),
      );
      const s = out.Subnet!;
      return { id: s.SubnetId!, state: s.State, attrs: { cidr: s.CidrBlock, zone: s.AvailabilityZone } };
    },
    conflict(ctx, live) {
      const want = spec.cidr(ctx.settings);
      return live.attrs.cidr && live.attrs.cidr !== want ? ['conflict_subnetCidr', spec.name, live.id, live.attrs.cidr, want] : undefined;
    },
    async delete(ctx, live) {
      await ctx.ec2.send(new DeleteSubnetCommand({ SubnetId: live.id }));
    },
  };
}
