import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  DescribeInstancesCommand,
  DisassociateAddressCommand,
  ReleaseAddressCommand,
  type Address,
} from '@aws-sdk/client-ec2';
import { errorCode } from '../../aws/errors.js';
import type { Resource } from '../../engine/resource.js';
import { knownId, parent, type LabContext } from '../core/context.js';
import { choose } from '../core/inventory.js';
import { tagSpec } from '../core/tags.js';
import { label, type Labelled } from '../core/label.js';

/** What AWS answers when an address to release is still associated. */
const IN_USE = new Set(['InvalidIPAddress.InUse', 'AuthFailure']);

/**
 * A fixed public IPv4 address. It bills $0.005 an hour whether in use or not. `on`: the key
 * of the instance it is put on, which places it when the user bound that instance.
 */
export function elasticIp(spec: { key: Labelled; name: string; chapter: number; natPart?: boolean; on?: string }): Resource<LabContext> {
  const { key } = spec;
  return {
    key,
    kind: 'ElasticIp',
    actions: ['ec2:DescribeAddresses', 'ec2:AllocateAddress', 'ec2:CreateTags', 'ec2:DisassociateAddress', 'ec2:ReleaseAddress'],
    chapter: spec.chapter,
    natPart: spec.natPart,
    dependsOn: [],
    label: () => label(key),
    async find(ctx) {
      const on = spec.on && knownId(ctx, spec.on);
      const place = spec.on ? { parents: [spec.on], holds: (a: Address) => Boolean(on) && a.InstanceId === on } : undefined;
      const a = choose(ctx, await ctx.inventory.addresses(), key, (a) => a.AllocationId, place);
      return a && { id: a.AllocationId!, attrs: { publicIp: a.PublicIp, associationId: a.AssociationId || undefined, instanceId: a.InstanceId || undefined } };
    },
    async create(ctx) {
      const out = await ctx.ec2Once.send(
        new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: tagSpec('address', ctx.settings.name, key, `${spec.name}-eip`, ctx.settings.extraTags) }),
      );
      return { id: out.AllocationId!, attrs: { publicIp: out.PublicIp } };
    },
    async delete(ctx, live) {
      const release = () => ctx.ec2.send(new ReleaseAddressCommand({ AllocationId: live.id }));
      try {
        await release();
      } catch (err) {
        // Its association normally went first (it depends on this address); one made by
        // hand, or to a server outside the lab, is undone here.
        if (!IN_USE.has(errorCode(err)) || !live.attrs.associationId) throw err;
        await ctx.ec2.send(new DisassociateAddressCommand({ AssociationId: live.attrs.associationId }));
        await release();
      }
    },
  };
}

/** The Elastic IP put on an instance. AWS refuses this while the instance is pending. */
export function addressAssociation(spec: { key: Labelled; chapter: number; address: string; instance: string; dependsOn: string[] }): Resource<LabContext> {
  const { key } = spec;
  return {
    key,
    kind: 'AddressAssociation',
    actions: ['ec2:DescribeAddresses', 'ec2:DescribeInstances', 'ec2:AssociateAddress', 'ec2:DisassociateAddress'],
    chapter: spec.chapter,
    dependsOn: [spec.address, spec.instance, ...spec.dependsOn],
    label: () => label(key),
    async find(ctx) {
      const allocationId = ctx.live.get(spec.address)?.id;
      const instanceId = ctx.live.get(spec.instance)?.id;
      const a = (await ctx.inventory.addresses()).find((a) => a.AllocationId === allocationId && allocationId);
      if (!a?.AssociationId || a.InstanceId !== instanceId) return undefined;
      const i = (await ctx.inventory.instances()).find((i) => i.InstanceId === instanceId);
      return { id: a.AssociationId, attrs: { publicIp: a.PublicIp, publicDns: i?.PublicDnsName || undefined } };
    },
    async create(ctx) {
      const address = parent(ctx, spec.address);
      const InstanceId = parent(ctx, spec.instance).id;
      const out = await ctx.ec2.send(new AssociateAddressCommand({ AllocationId: address.id, InstanceId }));
      // The public DNS name follows the new address: read it back once.
      const described = await ctx.ec2.send(new DescribeInstancesCommand({ InstanceIds: [InstanceId] }));
      const i = described.Reservations?.[0]?.Instances?.[0];
      return { id: out.AssociationId!, attrs: { publicIp: address.attrs.publicIp, publicDns: i?.PublicDnsName || undefined } };
    },
    async delete(ctx, live) {
      await ctx.ec2.send(new DisassociateAddressCommand({ AssociationId: live.id }));
    },
  };
}
