/** The VPC (kinds/vpc.ts): made, found, its DNS hostnames turned back on, deleted. */
import { ModifyVpcAttributeCommand } from '@aws-sdk/client-ec2';
import { afterEach, expect, it } from 'vitest';
import { kindCycle, type KindRun } from '../../support/kind-harness.js';

let run: KindRun | undefined;
afterEach(() => run?.fake.restore());

it('vpc: find → create → find → DNS hostnames off, converge turns them on → delete → gone', async () => {
  run = await kindCycle({
    key: 'vpc',
    change: {
      make: (w, live) => w.fake.ec2.send(new ModifyVpcAttributeCommand({ VpcId: live.id, EnableDnsHostnames: { Value: false } })),
      restored: (w, live) => expect(w.fake.world.vpcs.get(live.id)?.EnableDnsHostnames).toBe(true),
      unseen: 'find does not read the DNS attributes; converge asks for them',
    },
  });
  expect(run.changes).toContainEqual(['changed_vpcDns', 'enableDnsHostnames']);
  expect(run.fake.count('vpcs')).toBe(0);
});
