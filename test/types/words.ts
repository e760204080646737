/**
 * What the compiler accepts as a sentence (engine/errors.ts Words, checked against
 * ui/messages/en.ts) and what it refuses. `npm run typecheck` checks this file with the
 * rest of test/; test/unit/words-types.test.ts checks it alone and shows that each refused
 * line fails without its @ts-expect-error. Every line under a directive must be refused
 * for the reason it names.
 */
import { CancelledError, inner, LabError, UsageError, type ErrorCode, type Words } from '../../src/engine/errors.js';
import { label } from '../../src/lab/core/label.js';
import { msg, say, sayIn } from '../../src/ui/messages/index.js';
import type { Outcome } from '../../src/engine/resource.js';
import type { Reporter } from '../../src/ui/reporter.js';
import type { CheckJson } from '../../src/cli/commands/check.js';

// --- accepted: a constant sentence; values of the types en.ts names; a sentence as a value; optional values
export const accepted: Words[] = [
  ['err_cancelled'],
  ['err_waitTimeout', 12, 'the VPC'],
  ['err_waitStopped', inner(['drift_attachIgw'])],
  ['classNothingLeft', ['us-east-1', inner(['err_cancelled'])]],
  ['classUpDone', 'k', 1, 2, '$1'],
  ['classUpDone', 'k', 1, 2, '$1', 'out/'],
  ['res_keyPair', 'lab-key', undefined, '/home/me/.ssh/lab.pem'],
];
export const errors = [new LabError('NotReady', ['err_cancelled'], ['hint_cancelled']), new UsageError(['err_sshTarget', 'x'], ['hint_sshTarget']), new CancelledError(['hint_cancelledStep'])];
export const labels: Words[] = [label('vpc', '10.0.0.0/16'), label('internetGateway'), label('natInstance', 't4g.nano', 't3.nano')];
export const said: string[] = [say(['err_cancelled']), sayIn('en', ['err_waitStopped', 'x'])];
export const code: ErrorCode = 'CheckFailed';

// --- refused
// @ts-expect-error a key the catalog does not have (a typo)
export const typo: Words = ['err_canceled'];
// @ts-expect-error a sentence's value missing
export const tooFew: Words = ['err_waitTimeout', 12];
// @ts-expect-error a value too many
export const tooMany: Words = ['err_waitStopped', 'x', 'y'];
// @ts-expect-error a value given to a constant sentence
export const toConstant: Words = ['err_cancelled', 'x'];
// @ts-expect-error a value of the wrong type (a number where en.ts takes text)
export const wrongType: Words = ['err_waitStopped', 3];
// @ts-expect-error undefined where the sentence needs a value
export const undefinedValue: Words = ['conflict_keyName', undefined, 'lab-key'];
// @ts-expect-error an error's reason by a key the catalog lacks
export const errorTypo = new LabError('NotReady', ['err_notThere']);
// @ts-expect-error an error's next step with a value too few
export const hintTooFew = new UsageError(['err_sshTarget', 'x'], ['hint_proxyLogin']);
// @ts-expect-error an error code that is not in ErrorCode
export const codeTypo = new LabError('NotRedy', ['err_cancelled']);
// @ts-expect-error a resource label of a lab key with no res_ sentence
export const labelTypo = label('vpcc', '10.0.0.0/16');
// @ts-expect-error a resource label missing its value
export const labelTooFew = label('vpc');
// @ts-expect-error ui/ saying a key the catalog lacks
export const sayTypo = say(['err_canceled']);

// --- a command's --json document is of its declared type, named at the call
declare const reporter: Reporter;
reporter.json<CheckJson>({ ok: true, command: 'check', lab: 'l', vpc: null, roles: null, because: [], paths: [], live: [], nat: undefined, results: [{ name: 'web page', ok: true, detail: '200' }], findings: [] });
// @ts-expect-error a document without its type named
reporter.json({ ok: true, command: 'check' });
// @ts-expect-error a field its type does not declare
reporter.json<CheckJson>({ ok: true, command: 'check', lab: 'l', nat: undefined, results: [], extra: 1 });

// --- a key built from a typed name (`outcome_${o}` in ui/): every name must have its sentence
declare const outcome: Outcome;
export const outcomeSaid: string = msg()[`outcome_${outcome}`];
declare const notAnOutcome: Outcome | 'vanished';
// @ts-expect-error a name with no sentence (outcome_vanished is not in the catalog)
export const outcomeTypo = msg()[`outcome_${notAnOutcome}`];
