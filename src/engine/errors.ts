/**
 * Errors that carry what a person needs: a code (for --json and tests), a one-line
 * reason, the next step to take, and the exit code. Anything else that escapes is a bug
 * or an AWS error, and goes through aws/errors.ts to become one of these.
 */
/**
 * The sentence of an error as ui/ says it: a message key of ui/messages and its values
 * (the lab names what it says; ui says it, in the run's language).
 */
export type Words = readonly [key: string, ...values: unknown[]];

export class LabError extends Error {
  /** The message and hint by key, when the thrower names them: ui renders these instead of the English text. */
  words?: { message: Words; hint?: Words };

  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LabError';
  }
}

/** Name the error's sentences by key (see Words); the English text stays for --json and logs. */
export function said<E extends LabError>(err: E, message: Words, hint?: Words): E {
  err.words = { message, hint };
  return err;
}

/** Bad input: exit 2, and nothing has been created. */
export class UsageError extends LabError {
  constructor(message: string, hint?: string) {
    super('BadInput', message, hint, 2);
    this.name = 'UsageError';
  }
}

/** Ctrl-C: the run stopped cleanly after the steps in flight. */
export class CancelledError extends LabError {
  constructor(hint = 'run the same command again to finish the job', hintWords: Words = ['hint_cancelled']) {
    super('Cancelled', 'stopped by Ctrl-C; the state file is up to date', hint, 130);
    this.name = 'CancelledError';
    this.words = { message: ['err_cancelled'], hint: hintWords };
  }
}
