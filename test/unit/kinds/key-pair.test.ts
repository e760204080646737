/** The key pair (kinds/key-pair.ts): made with its private key kept; the private key lost, converge makes the pair again. */
import { afterEach, expect, it } from 'vitest';
import { kindCycle, KIND_SETTINGS, type KindRun } from '../../support/kind-harness.js';

let run: KindRun | undefined;
afterEach(() => run?.fake.restore());

it('keyPair: find → create → find → private key lost, converge makes the pair again → delete → gone', async () => {
  const name = KIND_SETTINGS.keyName;
  run = await kindCycle({
    key: 'keyPair',
    change: {
      // Not on the fake: what is lost is the tool's copy of the private key (a lost answer, a crash).
      make: (w) => w.ctx.state.removeKey(name),
      restored: async (w) => {
        expect(w.fake.world.keyPairs.has(name)).toBe(true);
        expect(await w.ctx.state.hasKey(name), 'the new private key kept').toBe(true);
      },
      unseen: 'the lost private key is local: find reads AWS, converge looks for the key',
    },
  });
  expect(run.changes).toContainEqual(['changed_keyPairAgain']);
  expect(run.fake.count('keyPairs')).toBe(0);
  expect(await run.ctx.state.hasKey(name)).toBe(false);
});
