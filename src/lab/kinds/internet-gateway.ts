import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  DeleteInternetGatewayCommand,
  DetachInternetGatewayCommand,
  type InternetGateway,
} from '@aws-sdk/client-ec2';
import { errorCode, unlessAlready } from '../../aws/errors.js';
import { drifted } from '../../engine/finding.js';
import type { Resource } from '../../engine/resource.js';
import { parent, vpcId, type LabContext } from '../core/context.js';
import { choose } from '../core/inventory.js';
import { tagSpec } from '../core/tags.js';
import { label, type Labelled } from '../core/label.js';

/** An internet gateway, attached to the VPC `vpc` (its key). */
export function internetGateway(spec: { key: Labelled; chapter: number; vpc: string }): Resource<LabContext> {
  const { key } = spec;
  const attachment = (igw: InternetGateway) => igw.Attachments?.find((a) => a.State !== 'detached' && a.State !== 'detaching')?.VpcId;
  return {
    key,
    kind: 'InternetGateway',
    actions: ['ec2:DescribeInternetGateways', 'ec2:CreateInternetGateway', 'ec2:CreateTags', 'ec2:AttachInternetGateway', 'ec2:DetachInternetGateway', 'ec2:DeleteInternetGateway'],
    chapter: spec.chapter,
    dependsOn: [spec.vpc],
    label: () => label(key),
    async find(ctx) {
      const vpc = vpcId(ctx, spec.vpc);
      const igw = choose(ctx, await ctx.inventory.internetGateways(), key, (g) => g.InternetGatewayId, { parents: [spec.vpc], holds: (g) => attachment(g) === vpc });
      if (!igw) return undefined;
      const attachedTo = attachment(igw);
      // A gateway attached to another VPC is not this lab's gateway.
      if (attachedTo && vpc && attachedTo !== vpc) return undefined;
      return { id: igw.InternetGatewayId!, attrs: { attachedTo } };
    },
    async create(ctx) {
      const out = await ctx.ec2Once.send(
        new CreateInternetGatewayCommand({ TagSpecifications: tagSpec('internetGateway', ctx.settings.name, key, 'igw', ctx.settings.extraTags) }),
      );
      return { id: out.InternetGateway!.InternetGatewayId!, attrs: {} };
    },
    check: (_ctx, live) => (live.attrs.attachedTo ? [] : [drifted('network.internet-gateway', 1, live.id, ['drift_attachIgw'])]),
    async converge(ctx, live, step) {
      if (live.attrs.attachedTo) return live;
      const vpc = parent(ctx, spec.vpc).id;
      await unlessAlready(ctx.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: live.id, VpcId: vpc })), 'Resource.AlreadyAssociated');
      step.changed(['changed_attachedIgw', vpc]);
      return { ...live, attrs: { attachedTo: vpc } };
    },
    async delete(ctx, live) {
      const vpc = live.attrs.attachedTo;
      if (vpc) {
        // DependencyViolation while the VPC still has mapped public addresses: the engine retries.
        await ctx.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: live.id, VpcId: vpc })).catch((err) => {
          if (errorCode(err) !== 'Gateway.NotAttached') throw err;
        });
      }
      await ctx.ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: live.id }));
    },
  };
}
