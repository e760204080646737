import { readOnly } from '../aws/retry.js';
import type { Clock } from '../engine/clock.js';
import { LabError } from '../engine/errors.js';
import { discover } from '../engine/graph.js';
import type { StepEvents } from '../engine/resource.js';
import { StateStore } from '../engine/state.js';
import { LAB } from '../lab/chapters/lab.js';
import type { InventoryScope } from '../lab/core/inventory.js';
import type { VpcSnapshot } from '../lab/core/snapshot.js';
import { labSnapshot } from '../lab/rules/lab.js';
import { resolveVpc } from '../lab/rules/vpc.js';
import { createContext, knownSettings } from '../lab/session.js';
import { checkVpc, judgeWithLive, type CheckReport, type LiveSeams } from '../lab/views/vpc-check.js';
import type { Learner } from './roster.js';
import type { Target } from './targets.js';

/** What a class check shares between its learners: the probes' reach, where "you" are, the clock. */
export interface ClassCheckRun {
  seams: LiveSeams;
  /** --from, else this machine's public address (asked once for the class); undefined: not known. */
  from: Promise<string | undefined>;
  clock: Clock;
  events: StepEvents;
  signal: AbortSignal;
}

export interface LearnerChecked {
  snapshot: VpcSnapshot;
  report: CheckReport;
}

/**
 * A context that may only read (every client refuses anything but Describe/Get/List), with
 * no lock and no state file: a class check writes nothing, in the learner's account or here.
 */
function lookingContext(t: Target, name: string, r: ClassCheckRun, scope?: InventoryScope) {
  return createContext({ clients: t.clients, settings: knownSettings(name, t.region, undefined), stateDir: '', state: StateStore.inMemory(name), clock: r.clock, events: r.events, signal: r.signal, verifyOnly: true, shared: t.shared, ...(scope ? { scope } : {}) });
}

/**
 * One learner checked as `check` checks: their VPC built by hand (the roster's `vpc`, an ID
 * or Name tag, in their account) as `check --vpc`, else their lab of the tool's
 * (`<class>-<learner>`, found by its tags) as `check --name` — the same findings and paths,
 * the page and TCP 22 live (no key: each learner has their own).
 */
export async function checkLearner(r: ClassCheckRun, l: Learner, t: Target): Promise<LearnerChecked> {
  if (l.vpc) {
    const vpcId = await resolveVpc(readOnly(t.clients.ec2, 'ec2'), l.vpc);
    return checkVpc(lookingContext(t, vpcId, r, { by: 'vpc', vpcId }), vpcId, { from: r.from, seams: r.seams });
  }
  const ctx = lookingContext(t, l.lab, r);
  const judged = await labSnapshot(ctx, await discover(LAB, ctx));
  if (!judged) throw new LabError('NotReady', ['classcheck_errNoLab', l.lab, t.id], ['classcheck_hintNoLab', l.lab]);
  const report = await judgeWithLive(judged.snapshot, judged.roles, r.seams, { from: await r.from, lab: l.lab });
  return { snapshot: judged.snapshot, report };
}
