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
 * Labs start STARTS_A_TURN at a time, a turn of the event loop apart. Promise jobs run in
 * the order they were queued, so thirty labs started at once each get a step further in
 * turn, and the first lab's first request goes out only once all thirty have made theirs:
 * in a class check, ~15 ms of making, then the CPU idle until all the answers come back
 * together. A few at a time, the first labs' requests go out at once and their answers come
 * back while the last labs are still being made. Six measured best in `npm run bench` (a
 * class check of 30 in 30 accounts: ~7 ms less of ~150, in every run); one at a time lost
 * more to the turns than it gained. A class of six or fewer starts as before, all at once.
 */
export const STARTS_A_TURN = 6;

function startingGate(): () => Promise<void> | undefined {
  let started = 0;
  let turn = Promise.resolve();
  return () => {
    const n = started++;
    if (n > 0 && n % STARTS_A_TURN === 0) turn = turn.then(() => new Promise<void>((go) => setImmediate(go)));
    return n < STARTS_A_TURN ? undefined : turn;
  };
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
  const start = startingGate();
  await Promise.all(
    targets.map(async (target) => {
      const queue = [...target.learners];
      let place = 0;
      const worker = async () => {
        for (let l = queue.shift(); l; l = queue.shift()) {
          const started = start();
          if (started) await started;
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
