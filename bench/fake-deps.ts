import type { Clock } from '../src/engine/clock.js';
import type { Deps } from '../src/cli/session.js';
import type { FakeAws } from '../test/support/fake-ec2.js';

/** The person doing the lab, as the bench and the picture script give it. */
export const SSH_CIDR = '198.51.100.7/32';

/** What the commands need to run on the fake AWS: its clients, the clock, an address, a page that answers at once (AWS's part is what is timed or drawn, not a first boot). */
export function fakeDeps(fake: FakeAws, clock: Clock): Deps {
  return {
    clients: async () => ({ ec2: fake.ec2, ec2Once: fake.ec2, ssm: fake.ssm, scheduler: fake.scheduler, iam: fake.iam, sts: fake.sts, serviceQuotas: fake.serviceQuotas, region: 'us-east-1' }),
    clock,
    detectIp: async () => SSH_CIDR,
    page: async () => ({ status: 200 }),
    interactive: false,
  };
}
