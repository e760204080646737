/** Elastic IPs (kinds/elastic-ip.ts): the address itself, and its association with the web server. */
import { afterEach, expect, it } from 'vitest';
import type { Labelled } from '../../../src/lab/core/label.js';
import { TAG_RESOURCE } from '../../../src/lab/core/tags.js';
import { elasticIp } from '../../../src/lab/kinds/elastic-ip.js';
import { kindCycle, type KindRun } from '../../support/kind-harness.js';

let run: KindRun | undefined;
afterEach(() => run?.fake.restore());

for (const key of ['webElasticIp', 'natElasticIp']) {
  it(`${key}: allocated, found, released`, async () => {
    run = await kindCycle({ key, unchangeable: 'an address has no converge: allocated or not' });
    expect(run.created.attrs.publicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(run.fake.count('addresses')).toBe(0);
  });
}

it('webAddressAssociation: the address on the running web server, and off it again', async () => {
  run = await kindCycle({ key: 'webAddressAssociation', unchangeable: 'an association has no converge: made or not' });
  const web = run.fake.world.instances.get(run.ctx.live.get('webInstance')!.id)!;
  const eip = run.fake.world.addresses.get(run.ctx.live.get('webElasticIp')!.id)!;
  expect(eip.AssociationId).toBeUndefined();
  expect(web.PublicIpAddress).not.toBe(eip.PublicIp);
});

it('an address made directly with the kind and a spec (as a new chapter would use it): the same cycle', async () => {
  run = await kindCycle({ key: 'spareElasticIp', resource: elasticIp({ key: 'spareElasticIp' as Labelled, name: 'spare', chapter: 2 }), unchangeable: 'an address has no converge' });
  const tags = run.fake.calls.find((c) => c.name === 'AllocateAddress')!.input.TagSpecifications[0].Tags;
  expect(tags).toContainEqual({ Key: TAG_RESOURCE, Value: 'spareElasticIp' });
  expect(run.fake.count('addresses')).toBe(0);
});
