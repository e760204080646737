/** The NAT gateway (kinds/nat-gateway.ts): made with its address, waited for until available, deleted and waited for. */
import { afterEach, expect, it } from 'vitest';
import { kindCycle, type KindRun } from '../../support/kind-harness.js';

let run: KindRun | undefined;
afterEach(() => run?.fake.restore());

it('natGateway: find → create (available) → find → delete (deleted) → gone', async () => {
  run = await kindCycle({ key: 'natGateway', unchangeable: 'its converge only waits until it is available; nothing on it can be changed by hand' });
  expect(run.created.state).toBe('available');
  expect(run.fake.count('natGateways')).toBe(0);
  // Its address is free again: deleted means deleted, not deleting.
  const eip = run.fake.world.addresses.get(run.ctx.live.get('natElasticIp')!.id)!;
  expect(eip.NetworkInterfaceId).toBeUndefined();
});
