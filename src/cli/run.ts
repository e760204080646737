import { translate } from '../aws/errors.js';
import { LabError } from '../engine/errors.js';
import { pickLang } from '../ui/i18n.js';
import { msg, useLang } from '../ui/messages/index.js';
import { Reporter } from '../ui/reporter.js';
import type { CommonFlags } from './flags.js';

/** Any command's --json when it fails: the error's code, and its reason and next step in English. */
export interface ErrorJson {
  ok: false;
  error: { code: LabError['code']; message: string; hint: string | undefined };
}

/** A person is there to answer: stdin is a terminal, and so is stderr where prompts go. */
export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/**
 * Ctrl-C once: stop starting steps, let those in flight finish, save state, exit 130.
 * Twice: exit at once (the state file is written atomically, so it stays valid).
 */
export function onInterrupt(stop: AbortController, reporter: Reporter): () => void {
  let count = 0;
  const handler = () => {
    count++;
    if (count === 1) {
      reporter.warn(msg().stopping);
      stop.abort();
    } else {
      reporter.stopSpinner();
      process.exit(130);
    }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

function isPromptExit(err: unknown): boolean {
  return err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError');
}

/** Run a command: every failure becomes a one-line reason, a next step, and an exit code. */
export async function runAction(flags: CommonFlags, action: (reporter: Reporter) => Promise<void>): Promise<void> {
  const reporter = Reporter.forProcess({ json: flags.json, debug: flags.debug });
  try {
    // The language of every word this run says, chosen once (--lang, else the locale).
    await useLang(pickLang(flags.lang));
    await reporter.prepare();
    await action(reporter);
    reporter.stopSpinner();
  } catch (err) {
    const labError = isPromptExit(err)
      ? new LabError('Cancelled', ['err_cancelledPrompt'], ['hint_cancelledPrompt'], 130)
      : translate(err);
    reporter.error(labError);
    if (flags.json) reporter.json<ErrorJson>({ ok: false, error: { code: labError.code, message: labError.message, hint: labError.hint } });
    process.exitCode = labError.exitCode;
  }
}
