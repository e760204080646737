/**
 * The expiry's schedule group and schedules (kinds/schedule.ts) on the fake scheduler
 * (test/support/fake-expiry.ts): made, moved by hand and moved back, deleted.
 */
import { afterEach, expect, it } from 'vitest';
import { kindCycle, type KindRun, type KindWorld } from '../../support/kind-harness.js';

let run: KindRun | undefined;
afterEach(() => run?.fake.restore());

const EXPIRES = { expiresAt: '2030-01-01T00:00:00.000Z' };

it('expiryGroup: made, found, deleted', async () => {
  run = await kindCycle({ key: 'expiryGroup', settings: EXPIRES, unchangeable: 'a schedule group has no converge: made or not' });
  expect(run.fake.expiry.groups.size).toBe(0);
});

for (const key of ['natExpiry', 'serversExpiry']) {
  it(`${key}: at the lab's expiry; moved by hand, converge moves it back`, async () => {
    const schedule = (w: KindWorld) => [...w.fake.expiry.schedules.values()][0];
    run = await kindCycle({
      key,
      settings: EXPIRES,
      change: {
        make: (w) => void (schedule(w).ScheduleExpression = 'at(2031-06-01T00:00:00)'),
        restored: (w) => expect(schedule(w).ScheduleExpression).toBe('at(2030-01-01T00:00:00)'),
      },
    });
    expect(run.fake.expiry.schedules.size).toBe(0);
  });
}
