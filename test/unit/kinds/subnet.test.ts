/** The subnets (kinds/subnet.ts): made in the VPC, found, deleted. */
import { afterEach, expect, it } from 'vitest';
import { kindCycle, type KindRun } from '../../support/kind-harness.js';

let run: KindRun | undefined;
afterEach(() => run?.fake.restore());

for (const [key, cidr] of [['publicSubnet', '10.0.1.0/24'], ['privateSubnet', '10.0.2.0/24']] as const) {
  it(`${key}: find → create → find → delete → gone`, async () => {
    run = await kindCycle({ key, unchangeable: 'a subnet has no converge: a different CIDR is a conflict up refuses, not drift' });
    expect(run.created.attrs.cidr).toBe(cidr);
    expect(run.fake.count('subnets')).toBe(0);
  });
}
