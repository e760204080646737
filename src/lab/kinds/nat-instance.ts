import { ModifyInstanceAttributeCommand } from '@aws-sdk/client-ec2';
import { drifted } from '../../engine/finding.js';
import type { Resource } from '../../engine/resource.js';
import { NAT_INSTANCE_FALLBACK_TYPE, NAT_INSTANCE_TYPE } from '../core/config.js';
import type { LabContext } from '../core/context.js';
import { latestAl2023, perRun, zonesOffering } from '../core/lookups.js';
import { label, type Labelled } from '../core/label.js';
import { instance, METADATA_RULE, type InstanceSpec } from './instance.js';

/** t4g.nano where the lab's zone offers Graviton, else t3.nano; with the matching AL2023 image. */
const natLaunch = perRun(async (ctx) => {
  const zone = await ctx.zone();
  const instanceType = (await zonesOffering(ctx, NAT_INSTANCE_TYPE)).includes(zone) ? NAT_INSTANCE_TYPE : NAT_INSTANCE_FALLBACK_TYPE;
  // Always the latest AL2023 of its architecture: a pinned --ami is for the lab's servers.
  return { instanceType, imageId: await latestAl2023(ctx, instanceType, ['hint_noAmiNat']) };
});

/**
 * A NAT instance: an instance in the public subnet, with a public address, that forwards
 * and masquerades the private subnet's traffic (its user-data), with the source/
 * destination check off (else AWS drops packets not addressed to it). The private route
 * points at its network interface (`attrs.networkInterfaceId`).
 */
export function natInstance(spec: Omit<InstanceSpec, 'launch' | 'publicIp' | 'key'> & { key: Labelled<[type: string, fallback: string]> }): Resource<LabContext> {
  // Its label is its own (below), not the instance's: the key need not name an instance's label.
  const base = instance({ ...spec, key: spec.key as unknown as InstanceSpec['key'], publicIp: true, launch: natLaunch });
  const checkOn = (attrs: Record<string, string | undefined>) => attrs.sourceDestCheck !== 'false';
  return {
    ...base,
    kind: 'NatInstance',
    natPart: true,
    actions: ['ec2:DescribeInstances', 'ec2:RunInstances', 'ec2:CreateTags', 'ec2:StartInstances', 'ec2:TerminateInstances', 'ec2:ModifyInstanceAttribute', 'ec2:ModifyInstanceMetadataOptions', 'ec2:DescribeInstanceTypeOfferings', 'ssm:GetParameter'],
    label: () => label(spec.key, NAT_INSTANCE_TYPE, NAT_INSTANCE_FALLBACK_TYPE),
    // A NAT instance's differences are the tutorial's db.nat (running, check off); its metadata service is the lab's own rule.
    check: (ctx, live) => [
      ...(base.check?.(ctx, live) ?? []).map((f) => (f.rule === METADATA_RULE ? f : { ...f, rule: 'db.nat' })),
      ...(checkOn(live.attrs) ? [drifted('db.nat', spec.chapter, live.id, ['drift_sourceDestCheck'])] : []),
    ],
    async converge(ctx, live, step) {
      const running = await base.converge!(ctx, live, step);
      if (!checkOn(running.attrs)) return running;
      // On the instance, which AWS applies to its primary network interface.
      await ctx.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: running.id, SourceDestCheck: { Value: false } }));
      step.changed(['changed_sourceDestCheck']);
      return { ...running, attrs: { ...running.attrs, sourceDestCheck: 'false' } };
    },
  };
}
