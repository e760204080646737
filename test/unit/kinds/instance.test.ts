/** The servers (kinds/instance.ts): launched and waited for, stopped by hand and started again by converge, terminated. */
import { StopInstancesCommand } from '@aws-sdk/client-ec2';
import { afterEach, expect, it } from 'vitest';
import { kindCycle, type KindRun, type KindWorld } from '../../support/kind-harness.js';

let run: KindRun | undefined;
afterEach(() => run?.fake.restore());

const stopped = {
  make: (w: KindWorld, live: { id: string }) => w.fake.ec2.send(new StopInstancesCommand({ InstanceIds: [live.id] })),
  restored: (w: KindWorld, live: { id: string }) => expect(w.fake.world.instances.get(live.id)?.State?.Name).toBe('running'),
};

for (const [key, subnet, sg] of [
  ['webInstance', 'publicSubnet', 'webSecurityGroup'],
  ['dbInstance', 'privateSubnet', 'dbSecurityGroup'],
] as const) {
  it(`${key}: in ${subnet} with ${sg}; stopped by hand, converge starts it; terminated on delete`, async () => {
    run = await kindCycle({ key, change: stopped });
    expect(run.changes).toContainEqual(['changed_started']);
    const i = [...run.fake.world.instances.values()].find((x) => x.InstanceId === run!.created.id);
    expect(i, 'terminated: no longer among the live instances').toBeUndefined();
    const launch = run.fake.calls.find((c) => c.name === 'RunInstances')!;
    expect(launch.input.NetworkInterfaces[0]).toMatchObject({ SubnetId: run.ctx.live.get(subnet)!.id, Groups: [run.ctx.live.get(sg)!.id] });
  });
}
