/**
 * Issue 12, waits: a look every second while a change is expected, so the wait ends
 * within a second of the real moment; past the expected time, looks back off so that a
 * slow resource costs few calls.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/engine/clock.js';
import { waitUntil, type WaitPolicy } from '../../src/engine/wait.js';
import { AVAILABLE_WAIT, DELETED_WAIT } from '../../src/lab/kinds/nat-gateway.js';
import { RUNNING_WAIT, TERMINATED_WAIT } from '../../src/lab/kinds/instance.js';

const errors = { isTransient: () => false, code: () => 'none' };

/** Wait for a change that is done `doneAtMs` after the wait starts: when the wait ended, and how many looks it took. */
async function waitFor(policy: WaitPolicy, doneAtMs: number): Promise<{ endedAt: number; looks: number }> {
  const clock = new VirtualClock();
  const start = clock.now();
  let looks = 0;
  await waitUntil(
    'it',
    async () => {
      looks++;
      return clock.now() - start >= doneAtMs ? { done: true, value: undefined } : { done: false };
    },
    { clock, policy, errors },
  );
  return { endedAt: clock.now() - start, looks };
}

describe('wait schedules', () => {
  const policies = { AVAILABLE_WAIT, DELETED_WAIT, RUNNING_WAIT, TERMINATED_WAIT };

  for (const [name, policy] of Object.entries(policies)) {
    it(`${name}: sees a change made at its usual time within ${policy.everyMs} ms`, async () => {
      for (const doneAt of [policy.firstMs + 1, policy.firstMs + 12_345, policy.lateMs - 1]) {
        const { endedAt } = await waitFor(policy, doneAt);
        expect(endedAt).toBeGreaterThanOrEqual(doneAt);
        expect(endedAt - doneAt).toBeLessThanOrEqual(policy.everyMs);
      }
    });

    it(`${name}: backs off once the change is late, and still gives up at the bound`, async () => {
      const late = policy.lateMs + 5 * 60_000;
      const expected = await waitFor(policy, policy.lateMs);
      const slow = late < policy.timeoutMs ? await waitFor(policy, late) : undefined;
      if (slow) {
        // Five late minutes cost at most one look per maxEveryMs, plus the back-off's ramp.
        expect(slow.looks - expected.looks).toBeLessThanOrEqual((5 * 60_000) / policy.maxEveryMs + 8);
        expect(slow.endedAt - late).toBeLessThanOrEqual(policy.maxEveryMs);
      }
      await expect(waitFor(policy, policy.timeoutMs * 2)).rejects.toThrow(/gave up waiting for it after/);
    });
  }

  it('looks once at the start, then first after firstMs', async () => {
    const { endedAt, looks } = await waitFor(AVAILABLE_WAIT, 1);
    expect(endedAt).toBe(AVAILABLE_WAIT.firstMs);
    expect(looks).toBe(2);
  });
});
