/** The internet gateway (kinds/internet-gateway.ts): made, attached by converge, re-attached, detached and deleted. */
import { DetachInternetGatewayCommand } from '@aws-sdk/client-ec2';
import { afterEach, expect, it } from 'vitest';
import { kindCycle, type KindRun } from '../../support/kind-harness.js';

let run: KindRun | undefined;
afterEach(() => run?.fake.restore());

it('internetGateway: find → create (attached) → find → detached, converge re-attaches → delete → gone', async () => {
  run = await kindCycle({
    key: 'internetGateway',
    change: {
      make: (w, live) => w.fake.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: live.id, VpcId: w.ctx.live.get('vpc')!.id })),
      restored: (w, live) => expect(w.fake.world.igws.get(live.id)?.Attachments?.map((a) => a.VpcId)).toEqual([w.ctx.live.get('vpc')!.id]),
    },
  });
  expect(run.fake.count('igws')).toBe(0);
});
