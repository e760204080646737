import { ModifyInstanceAttributeCommand } from '@aws-sdk/client-ec2';
import type { Resource } from '../../engine/resource.js';
import { NAT_INSTANCE_FALLBACK_TYPE, NAT_INSTANCE_TYPE } from '../config.js';
import type { LabContext } from '../context.js';
import { latestAl2023, zonesOffering } from '../session.js';
import { instance, type InstanceSpec } from './instance.js';

type Launch = { instanceType: string; imageId: string };
/** One look-up per run: the preflight makes it, the create reuses it. */
const launches = new WeakMap<LabContext, Promise<Launch>>();

function natLaunch(ctx: LabContext): Promise<Launch> {
  let launch = launches.get(ctx);
  if (!launch) launches.set(ctx, (launch = lookUpLaunch(ctx)));
  return launch;
}

/** t4g.nano where the lab's zone offers Graviton, else t3.nano; with the matching AL2023 image. */
async function lookUpLaunch(ctx: LabContext): Promise<Launch> {
  const zone = await ctx.zone();
  const instanceType = (await zonesOffering(ctx.ec2, NAT_INSTANCE_TYPE)).includes(zone) ? NAT_INSTANCE_TYPE : NAT_INSTANCE_FALLBACK_TYPE;
  // Always the latest AL2023 of its architecture: a pinned --ami is for the lab's servers.
  return { instanceType, imageId: await latestAl2023(ctx, instanceType, 'use --nat gateway in this region') };
}

/**
 * A NAT instance: an instance in the public subnet, with a public address, that forwards
 * and masquerades the private subnet's traffic (its user-data), with the source/
 * destination check off (else AWS drops packets not addressed to it). The private route
 * points at its network interface (`attrs.networkInterfaceId`).
 */
export function natInstance(spec: Omit<InstanceSpec, 'launch' | 'publicIp'>): Resource<LabContext> {
  const base = instance({ ...spec, publicIp: true, launch: natLaunch });
  const checkOn = (attrs: Record<string, string | undefined>) => attrs.sourceDestCheck !== 'false';
  return {
    ...base,
    kind: 'NatInstance',
    natPart: true,
    actions: ['ec2:DescribeInstances', 'ec2:RunInstances', 'ec2:CreateTags', 'ec2:StartInstances', 'ec2:TerminateInstances', 'ec2:ModifyInstanceAttribute', 'ec2:DescribeInstanceTypeOfferings', 'ssm:GetParameter'],
    label: () => `NAT instance (${NAT_INSTANCE_TYPE} or ${NAT_INSTANCE_FALLBACK_TYPE}, ${spec.describe})`,
    drift: (ctx, live) => [...(base.drift?.(ctx, live) ?? []), ...(checkOn(live.attrs) ? ['turn the source/destination check off'] : [])],
    async converge(ctx, live, step) {
      const running = await base.converge!(ctx, live, step);
      if (!checkOn(running.attrs)) return running;
      // On the instance, which AWS applies to its primary network interface.
      await ctx.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: running.id, SourceDestCheck: { Value: false } }));
      step.changed('source/destination check off');
      return { ...running, attrs: { ...running.attrs, sourceDestCheck: 'false' } };
    },
  };
}
