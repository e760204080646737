/** The NAT instance (kinds/nat-instance.ts): an instance with its source/destination check off. */
import { ModifyInstanceAttributeCommand } from '@aws-sdk/client-ec2';
import { afterEach, expect, it } from 'vitest';
import { kindCycle, type KindRun } from '../../support/kind-harness.js';

let run: KindRun | undefined;
afterEach(() => run?.fake.restore());

it('natInstance: check off after create; turned back on by hand, converge turns it off → terminated', async () => {
  run = await kindCycle({
    key: 'natInstance',
    settings: { nat: 'instance' },
    change: {
      make: (w, live) => w.fake.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: live.id, SourceDestCheck: { Value: true } })),
      restored: (w, live) => expect(w.fake.world.instances.get(live.id)?.SourceDestCheck).toBe(false),
    },
  });
  expect(run.created.attrs.sourceDestCheck).toBe('false');
  expect(run.changes).toContainEqual(['changed_sourceDestCheck']);
});
