/**
 * Errors that carry what a person needs: a code (for --json and tests), a one-line
 * reason, the next step to take, and the exit code. Anything else that escapes is a bug
 * or an AWS error, and goes through aws/errors.ts to become one of these.
 *
 * The engine and the lab know no words: an error names its sentences by key and values
 * (Words), and ui/messages says them — in the run's language to the person, in English
 * for `.message`, logs and --json (ui registers its English catalog with speakWith when
 * it loads; before that, or for a key it lacks, `.message` is the key and its values).
 */

/** A sentence named by a message key of ui/messages and its values. */
export type Words = readonly [key: string, ...values: unknown[]];

let english: (words: Words) => string | undefined = () => undefined;

/** ui/messages registers how a sentence reads in English (the engine cannot import ui). */
export function speakWith(say: (words: Words) => string | undefined): void {
  english = say;
}

/** A sentence inside another's values (a drift line in an error): ui says it first, in the same language. */
export type Inner = { readonly inner: Words };
export const inner = (words: Words): Inner => ({ inner: words });

/** A sentence in English: the catalog's, or its key and values when there is none. */
export function inEnglish(words: Words): string {
  return english(words) ?? [words[0], ...words.slice(1).map((v) => JSON.stringify(v))].join(' ');
}

export class LabError extends Error {
  /** The reason and the next step, by key: ui says them. */
  readonly words: { message: Words; hint?: Words };

  constructor(
    readonly code: string,
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
