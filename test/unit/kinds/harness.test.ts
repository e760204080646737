/**
 * The kind harness fails a kind that does not do its part: each case below breaks one step
 * of a real kind (the VPC) and the cycle must stop at that step.
 */
import { ModifyVpcAttributeCommand } from '@aws-sdk/client-ec2';
import { expect, it } from 'vitest';
import { kindCycle, type KindCase } from '../../support/kind-harness.js';

const dnsOff: KindCase['change'] = {
  make: (w, live) => w.fake.ec2.send(new ModifyVpcAttributeCommand({ VpcId: live.id, EnableDnsHostnames: { Value: false } })),
  restored: (w, live) => expect(w.fake.world.vpcs.get(live.id)?.EnableDnsHostnames).toBe(true),
  unseen: 'find does not read the DNS attributes; converge asks for them',
};

it('fails a kind whose delete does nothing, at find after delete', async () => {
  await expect(kindCycle({ key: 'vpc', change: dnsOff, wrap: (r) => ({ ...r, delete: async () => {} }) })).rejects.toThrow(/vpc: find after delete/);
});

it('fails a kind whose find does not see what it made, at find after create', async () => {
  let made = false;
  const wrap: KindCase['wrap'] = (r) => ({
    ...r,
    find: async (ctx) => (made ? undefined : r.find(ctx)),
    create: async (ctx, step) => ((made = true), r.create(ctx, step)),
  });
  await expect(kindCycle({ key: 'vpc', change: dnsOff, wrap })).rejects.toThrow(/vpc: find after create/);
});

it('fails a kind whose converge puts nothing back, at the change', async () => {
  await expect(kindCycle({ key: 'vpc', change: dnsOff, wrap: (r) => ({ ...r, converge: async (_ctx, live) => live }) })).rejects.toThrow(/expected false to be true/);
});

it('fails a kind whose find knows it only by the state record, at find without it', async () => {
  const wrap: KindCase['wrap'] = (r) => ({ ...r, find: async (ctx) => (ctx.state.id(r.key) ? r.find(ctx) : undefined) });
  await expect(kindCycle({ key: 'vpc', change: dnsOff, wrap })).rejects.toThrow(/vpc: find without the state's record/);
});

it('asks each case how to change the kind, or why it cannot be', async () => {
  await expect(kindCycle({ key: 'vpc' })).rejects.toThrow(/say either how to change it or why it cannot be/);
  await expect(kindCycle({ key: 'publicSubnet', change: dnsOff })).rejects.toThrow(/has no converge/);
});
