import { translate } from '../aws/errors.js';
import { inTurn } from '../aws/rate-limit.js';
import { LabError } from '../engine/errors.js';
import type { Learner } from './roster.js';
import type { Target, Unreached } from './targets.js';

/** How one learner's lab came out. */
export interface LabResult<T> {
  learner: Learner;
  target?: Target;
  value?: T;
  /** The one-line reason it failed (absent when it worked). */
  error?: LabError;
}


/**
 * Run `work` for every learner: the labs of each target (account and region) a bounded
 * number at a time, all targets at once. A lab that fails is recorded and the others go
 * on; after Ctrl-C (`signal`) no new lab starts. Results come back in roster order.
 */
export async function eachLab<T>(
  targets: Target[],
  unreached: Unreached[],
  parallel: number,
  signal: AbortSignal,
  work: (learner: Learner, target: Target) => Promise<T>,
): Promise<LabResult<T>[]> {
  const results = new Map<Learner, LabResult<T>>();
  for (const u of unreached) for (const l of u.learners) results.set(l, { learner: l, error: u.error });
  await Promise.all(
    targets.map(async (target) => {
      const queue = [...target.learners];
      let place = 0;
      const worker = async () => {
        for (let l = queue.shift(); l; l = queue.shift()) {
          if (signal.aborted) {
            results.set(l, { learner: l, target, error: new LabError('Cancelled', ['err_labNotStarted'], undefined, 130) });
            continue;
          }
          try {
            const lab = l;
            // The first of a target's labs goes first anyway (no turn is turn 0): entering a
            // turn turns on Node's promise hooks for every promise in the process (a learner's
            // check pays about a millisecond of CPU for them), so one lab an account never does.
            const turn = place++;
            results.set(l, { learner: l, target, value: await (turn === 0 ? work(lab, target) : inTurn(turn, () => work(lab, target))) });
          } catch (err) {
            results.set(l, { learner: l, target, error: err instanceof LabError ? err : translate(err) });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, queue.length)) }, worker));
    }),
  );
  const order = [...targets.flatMap((t) => t.learners), ...unreached.flatMap((u) => u.learners)].sort((a, b) => a.row - b.row);
  return order.map((l) => results.get(l)!);
}
