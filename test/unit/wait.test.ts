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
    () => ['progress_waitPage', 'http://it'],
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
      await expect(waitFor(policy, policy.timeoutMs * 2)).rejects.toThrow(/gave up after \d+s: waiting for the web page http:\/\/it/);
    });
  }

  it('looks once at the start, then first after firstMs', async () => {
    const { endedAt, looks } = await waitFor(AVAILABLE_WAIT, 1);
    expect(endedAt).toBe(AVAILABLE_WAIT.firstMs);
    expect(looks).toBe(2);
  });
});

describe('a wait that gives up says what it waited for, where it stood, in the run\'s language', () => {
  it('names the NAT gateway and its last state, in English (.message) and in Japanese', async () => {
    const { LabError } = await import('../../src/engine/errors.js');
    const { sayError } = await import('../../src/ui/reporter.js');
    const { useLang } = await import('../../src/ui/messages/index.js');
    const clock = new VirtualClock();
    const err = await waitUntil((s) => ['progress_waitNat', 'nat-0abc', 'available', s], async () => ({ done: false, status: 'pending' }), { clock, policy: AVAILABLE_WAIT, errors }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabError);
    expect((err as InstanceType<typeof LabError>).message).toMatch(/^gave up after \d+s: waiting for NAT gateway nat-0abc to become available \(pending\)$/);
    await useLang('ja');
    try {
      expect(sayError(err as InstanceType<typeof LabError>).message).toMatch(/^\d+ 秒で待機を打ち切りました: NAT ゲートウェイ nat-0abc が利用可能になるのを待っています \(保留中\)$/);
    } finally {
      await useLang('en');
    }
  });
});
