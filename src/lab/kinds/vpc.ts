import { CreateVpcCommand, DeleteVpcCommand, DescribeVpcAttributeCommand, ModifyVpcAttributeCommand } from '@aws-sdk/client-ec2';
import { conflicting, drifted } from '../../engine/finding.js';
import type { Resource } from '../../engine/resource.js';
import type { LabContext } from '../core/context.js';
import { choose } from '../core/inventory.js';
import { tagSpec } from '../core/tags.js';
import { label, type Labelled } from '../core/label.js';

const DNS_ATTRIBUTES = [
  { attribute: 'enableDnsSupport', field: 'EnableDnsSupport' },
  // Off on a new VPC; without it the web server gets no public DNS name.
  { attribute: 'enableDnsHostnames', field: 'EnableDnsHostnames' },
] as const;

export function vpc(spec: { key: Labelled<[cidr: string]>; chapter: number }): Resource<LabContext> {
  const { key } = spec;
  return {
    key,
    kind: 'VPC',
    actions: ['ec2:DescribeVpcs', 'ec2:CreateVpc', 'ec2:CreateTags', 'ec2:DescribeVpcAttribute', 'ec2:ModifyVpcAttribute', 'ec2:DeleteVpc'],
    chapter: spec.chapter,
    dependsOn: [],
    label: (ctx) => label(key, ctx.settings.vpcCidr),
    async find(ctx) {
      const v = choose(ctx, await ctx.inventory.vpcs(), key, (v) => v.VpcId);
      return v && { id: v.VpcId!, state: v.State, attrs: { cidr: v.CidrBlock } };
    },
    async create(ctx) {
      const out = await ctx.ec2Once.send(
        new CreateVpcCommand({ CidrBlock: ctx.settings.vpcCidr, TagSpecifications: tagSpec('vpc', ctx.settings.name, key, 'vpc', ctx.settings.extraTags) }),
      );
      // A new VPC resolves DNS but gives no hostnames: known without asking.
      return { id: out.Vpc!.VpcId!, state: out.Vpc!.State, attrs: { cidr: out.Vpc!.CidrBlock, enableDnsSupport: 'true', enableDnsHostnames: 'false' } };
    },
    check(ctx, live) {
      const cidr = live.attrs.cidr;
      // Known off only right after a create (find does not ask): converge turns it on.
      const dnsOff = DNS_ATTRIBUTES.filter((a) => live.attrs[a.attribute] === 'false');
      return [
        ...(cidr && cidr !== ctx.settings.vpcCidr ? [conflicting('lab.vpc-cidr', 1, live.id, ['conflict_vpcCidr', live.id, cidr, ctx.settings.vpcCidr])] : []),
        ...dnsOff.map((a) => drifted('network.dns-hostnames', 1, live.id, ['drift_vpcDns', a.attribute])),
      ];
    },
    async converge(ctx, live, step) {
      for (const a of DNS_ATTRIBUTES) {
        const known = live.attrs[a.attribute];
        const on = known !== undefined ? known === 'true' : (await ctx.ec2.send(new DescribeVpcAttributeCommand({ VpcId: live.id, Attribute: a.attribute })))[a.field]?.Value;
        if (on) continue;
        // One attribute per call: AWS refuses both at once.
        await ctx.ec2.send(new ModifyVpcAttributeCommand({ VpcId: live.id, [a.field]: { Value: true } }));
        step.changed(['changed_vpcDns', a.attribute]);
      }
      return { ...live, attrs: { cidr: live.attrs.cidr, enableDnsSupport: 'true', enableDnsHostnames: 'true' } };
    },
    async delete(ctx, live) {
      await ctx.ec2.send(new DeleteVpcCommand({ VpcId: live.id }));
    },
  };
}
