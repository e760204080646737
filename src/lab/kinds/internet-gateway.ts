import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  DeleteInternetGatewayCommand,
  DetachInternetGatewayCommand,
} from '@aws-sdk/client-ec2';
import { errorCode, unlessAlready } from '../../aws/errors.js';
import type { Resource } from '../../engine/resource.js';
import { parent, vpcId, type LabContext } from '../core/context.js';
import { pick } from '../core/inventory.js';
import { tagSpec } from '../core/tags.js';
import { label, type Labelled } from '../core/label.js';

export function internetGateway(key: Labelled): Resource<LabContext> {
  return {
    key,
    kind: 'InternetGateway',
    actions: ['ec2:DescribeInternetGateways', 'ec2:CreateInternetGateway', 'ec2:CreateTags', 'ec2:AttachInternetGateway', 'ec2:DetachInternetGateway', 'ec2:DeleteInternetGateway'],
    chapter: 1,
    dependsOn: ['vpc'],
    label: () => label(key),
    async find(ctx) {
      const igw = pick(await ctx.inventory.internetGateways(), key, (g) => g.InternetGatewayId, ctx.state.id(key));
      if (!igw) return undefined;
      const attachedTo = igw.Attachments?.find((a) => a.State !== 'detached' && a.State !== 'detaching')?.VpcId;
      // A gateway attached to another VPC is not this lab's gateway.
      if (attachedTo && vpcId(ctx) && attachedTo !== vpcId(ctx)) return undefined;
      return { id: igw.InternetGatewayId!, attrs: { attachedTo } };
    },
    async create(ctx) {
      const out = await ctx.ec2Once.send(
        new CreateInternetGatewayCommand({ TagSpecifications: tagSpec('internet-gateway', ctx.settings.name, key, 'igw', ctx.settings.extraTags) }),
      );
      return { id: out.InternetGateway!.InternetGatewayId!, attrs: {} };
    },
    drift: (_ctx, live) => (live.attrs.attachedTo ? [] : [['drift_attachIgw']]),
    async converge(ctx, live, step) {
      if (live.attrs.attachedTo) return live;
      const vpc = parent(ctx, 'vpc').id;
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
