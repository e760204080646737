import { CreateNatGatewayCommand, DeleteNatGatewayCommand, DescribeNatGatewaysCommand, type NatGateway } from '@aws-sdk/client-ec2';
import { unlessNotFound } from '../../aws/errors.js';
import { LabError } from '../../engine/errors.js';
import type { Live, Resource, StepHandle } from '../../engine/resource.js';
import { waitUntil, type WaitPolicy } from '../../engine/wait.js';
import { parent, vpcId, type LabContext } from '../core/context.js';
import { choose } from '../core/inventory.js';
import { tagSpec } from '../core/tags.js';
import { label, type Labelled } from '../core/label.js';

// A NAT gateway takes about a minute to come up and 40 s to go (up to a few minutes):
// first look at about a third of that, then every second (within Describe*'s 20 a second
// with room to spare), so a wait overshoots the real moment by half a second on average;
// once it is minutes late, every 10 s.
export const AVAILABLE_WAIT: WaitPolicy = { firstMs: 20_000, everyMs: 1_000, lateMs: 4 * 60_000, maxEveryMs: 10_000, timeoutMs: 15 * 60_000 };
export const DELETED_WAIT: WaitPolicy = { firstMs: 15_000, everyMs: 1_000, lateMs: 3 * 60_000, maxEveryMs: 10_000, timeoutMs: 15 * 60_000 };

function toLive(n: NatGateway): Live {
  return {
    id: n.NatGatewayId!,
    state: n.State,
    leaving: n.State === 'deleting' || n.State === 'deleted' || n.State === 'failed',
    attrs: { publicIp: n.NatGatewayAddresses?.[0]?.PublicIp, subnetId: n.SubnetId },
  };
}

async function describe(ctx: LabContext, id: string): Promise<NatGateway | undefined> {
  const out = await unlessNotFound(ctx.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] })));
  return out?.NatGateways?.[0];
}

/**
 * Delete a NAT gateway (unless it is deleting already) and wait until it is deleted: its
 * Elastic IP, its subnet and the internet gateway's detach stay in use until then, not
 * while it is deleting. Also `destroy --vpc`'s (lab/views/teardown-run.ts).
 */
export async function deleteNatGateway(ctx: LabContext, live: Live, step: StepHandle): Promise<void> {
  if (live.state !== 'deleting') await ctx.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: live.id }));
  await waitUntil(
    (s) => ['progress_waitNat', live.id, 'deleted', s],
    async () => {
      const state = (await describe(ctx, live.id))?.State;
      return state === 'deleted' || state === undefined ? { done: true, value: undefined } : { done: false, status: state };
    },
    { clock: ctx.clock, signal: ctx.signal, errors: ctx.errors, policy: DELETED_WAIT, onProgress: (w) => step.progress(w) },
  );
}

/** A NAT gateway in the subnet `subnet` of the VPC `vpc`, with the Elastic IP `address` (keys). */
export function natGateway(spec: { key: Labelled; chapter: number; vpc: string; subnet: string; address: string; dependsOn: string[] }): Resource<LabContext> {
  const { key } = spec;
  return {
    key,
    kind: 'NatGateway',
    settleMs: 60_000, // pending to available, about (see AVAILABLE_WAIT)
    actions: ['ec2:DescribeNatGateways', 'ec2:CreateNatGateway', 'ec2:CreateTags', 'ec2:DeleteNatGateway'],
    chapter: spec.chapter,
    natPart: true,
    dependsOn: [spec.subnet, spec.address, ...spec.dependsOn],
    label: () => label(key),
    async find(ctx) {
      const vpc = vpcId(ctx, spec.vpc);
      const subnetId = ctx.live.get(spec.subnet)?.id;
      const inVpc = (await ctx.inventory.natGateways()).filter((n) => n.VpcId === vpc);
      const n = choose(ctx, inVpc, key, (n) => n.NatGatewayId, { parents: [spec.subnet], holds: (n) => n.SubnetId === subnetId });
      return n && toLive(n);
    },
    async create(ctx) {
      const out = await ctx.ec2.send(
        new CreateNatGatewayCommand({
          SubnetId: parent(ctx, spec.subnet).id,
          AllocationId: parent(ctx, spec.address).id,
          ConnectivityType: 'public',
          ClientToken: await ctx.state.token(key),
          TagSpecifications: tagSpec('natGateway', ctx.settings.name, key, 'nat', ctx.settings.extraTags),
        }),
      );
      return toLive(out.NatGateway!);
    },
    async converge(ctx, live, step) {
      if (live.state === 'available') return live;
      return waitUntil(
        (s) => ['progress_waitNat', live.id, 'available', s],
        async () => {
          const n = await describe(ctx, live.id);
          if (n?.State === 'available') return { done: true, value: toLive(n) };
          if (!n || n.State === 'failed' || n.State === 'deleting' || n.State === 'deleted') {
            throw new LabError('NatFailed', ['err_natFailed', live.id, n?.State, n?.FailureMessage], ['hint_natFailed']);
          }
          return { done: false, status: n.State };
        },
        { clock: ctx.clock, signal: ctx.signal, errors: ctx.errors, policy: AVAILABLE_WAIT, onProgress: (w) => step.progress(w) },
      );
    },
    delete: deleteNatGateway,
  };
}
