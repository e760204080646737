/**
 * Errors that carry what a person needs: a code (for --json and tests), a one-line
 * reason, the next step to take, and the exit code. Anything else that escapes is a bug
 * or an AWS error, and goes through aws/errors.ts to become one of these.
 *
 * The engine and the lab know no words: an error names its sentences by key and values
 * (Words), and ui/messages says them — in the run's language to the person, in English
 * for `.message`, logs and --json (ui registers its English catalog with speakWith when
 * it loads; before that, `.message` is the key and its values).
 */

/**
 * The sentences there are, by key: empty here (the engine cannot import ui), and declared
 * by ui/messages/index.ts to be its English catalog. Every file compiled with ui in the
 * program (tsconfig: all of src/, test/ and bench/) then gets Words checked.
 */
export interface Messages {}

/** A key of the catalog. */
export type MessageKey = keyof Messages;

/** What a sentence's value may be: its own type, or, where it is text, a sentence said first (Inner). */
type Value<P> = P extends string ? P | Inner : P extends readonly (infer E)[] ? readonly Value<E>[] : P;

/** The values message K takes: none for a constant sentence, else its function's parameters. */
export type ValuesOf<K extends MessageKey> = Messages[K] extends (...values: infer P) => string ? { [I in keyof P]: Value<P[I]> } : [];

/**
 * A sentence named by a message key of ui/messages and its values. A key the catalog does
 * not have, or values of the wrong number or type, do not compile (test/types/words.ts).
 * Before a catalog is declared (the engine compiled alone) any key and values.
 */
export type Words = [MessageKey] extends [never]
  ? readonly [key: string, ...values: unknown[]]
  : readonly [key: ConstantKey] | { [K in SentenceKey]: readonly [key: K, ...values: ValuesOf<K>] }[SentenceKey];

/**
 * The keys of the sentences that take no value, all in one member of Words: a union of a
 * member per key grew past what TypeScript's subtype reduction takes (TS2590 at about 1,400
 * members, where `a ?? b` or `c ? a : b` meets Words), while it checks a key as well in one.
 */
type ConstantKey = { [K in MessageKey]: ValuesOf<K> extends [] ? K : never }[MessageKey];
/** The Words of some keys only (a kind's own drift sentences, say): `Extract<Words, …>` no longer finds a constant one. */
export type WordsOf<K extends MessageKey> = K extends MessageKey ? readonly [key: K, ...values: ValuesOf<K>] : never;
/** The keys of the sentences that take values: a member each, so each is checked with its own values. */
type SentenceKey = Exclude<MessageKey, ConstantKey>;

/**
 * The codes of the tool's own errors (LabError.code: --json and tests read it). A new
 * error adds its code here.
 */
export type ErrorCode =
  | 'AssociationElsewhere'
  | 'AssumeRoleFailed'
  | 'BadInput'
  | 'BucketNotOwned'
  | 'BucketTaken'
  | 'Cancelled'
  | 'CheckFailed'
  | 'DependencyViolation'
  | 'InstanceGone'
  | 'Interrupted'
  | 'KeyPairTaken'
  | 'LeftBehind'
  | 'LockChanged'
  | 'LockLost'
  | 'Locked'
  | 'NatFailed'
  | 'NoAmi'
  | 'NoRegion'
  | 'NoSsh'
  | 'NotReady'
  | 'PermissionDenied'
  | 'QuotaShort'
  | 'RoleTaken'
  | 'StateChanged'
  | 'StateCorrupt'
  | 'StateExists'
  | 'StateUnreadable'
  | 'StateUnwritable'
  | 'TeardownRefused'
  | 'Unexpected'
  | 'WaitTimeout';

/** A code as AWS or Node gave it (aws/errors.ts passes an error it translates on with its own code): not one of ours. */
export type ForeignCode = string & { readonly foreign: true };
export const foreignCode = (code: string): ForeignCode => code as ForeignCode;

let english: (words: Words) => string | undefined = () => undefined;

/** ui/messages registers how a sentence reads in English (the engine cannot import ui). */
export function speakWith(say: (words: Words) => string | undefined): void {
  english = say;
}

/** A sentence inside another's values (a drift line in an error): ui says it first, in the same language. */
export type Inner = { readonly inner: Words };
export const inner = (words: Words): Inner => ({ inner: words });

/** A sentence in English: the catalog's, or its key and values before ui/messages registered it. */
export function inEnglish(words: Words): string {
  return english(words) ?? [words[0], ...words.slice(1).map((v) => JSON.stringify(v))].join(' ');
}

export class LabError extends Error {
  /** The reason and the next step, by key: ui says them. */
  readonly words: { message: Words; hint?: Words };

  constructor(
    readonly code: ErrorCode | ForeignCode,
    message: Words,
    hint?: Words,
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message[0], options);
    this.name = 'LabError';
    this.words = { message, hint };
    // Said when read, so that a catalog registered after the throw still speaks.
    Object.defineProperty(this, 'message', { get: () => inEnglish(this.words.message), configurable: true });
  }

  /** The next step, in English. */
  get hint(): string | undefined {
    return this.words.hint && inEnglish(this.words.hint);
  }
}

/** Bad input: exit 2, and nothing has been created. */
export class UsageError extends LabError {
  constructor(message: Words, hint?: Words) {
    super('BadInput', message, hint, 2);
    this.name = 'UsageError';
  }
}

/** Ctrl-C: the run stopped cleanly after the steps in flight. */
export class CancelledError extends LabError {
  constructor(hint: Words = ['hint_cancelled']) {
    super('Cancelled', ['err_cancelled'], hint, 130);
    this.name = 'CancelledError';
  }
}
