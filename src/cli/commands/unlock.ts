import { UsageError } from '../../engine/errors.js';
import { t } from '../../ui/i18n.js';
import { msg } from '../../ui/messages/index.js';
import { renderAge, renderHolder } from '../../ui/views.js';
import type { Reporter } from '../../ui/reporter.js';
import type { CommonFlags } from '../flags.js';
import { openLab, type Deps } from '../session.js';
import type { LockRecord } from '../../engine/store/location.js';

/** `unlock --json`: the lock removed, and who held it (null: unreadable). */
export interface UnlockJson {
  ok: true;
  command: 'unlock';
  lab: string;
  where: string;
  holder: LockRecord | null;
}

/** `unlock --name LAB`: remove a lab's lock by hand (its run is gone), after a confirmation. */
export async function unlockCommand(flags: CommonFlags, reporter: Reporter, deps: Deps): Promise<void> {
  const opened = await openLab(flags, reporter, deps, { ask: true });
  const lock = await opened.location.lockOf(opened.name);
  if (!lock) {
    reporter.result(msg().unlockNotLocked(opened.name, opened.location.where));
    return;
  }
  const h = lock.record;
  reporter.info(h ? msg().unlockHeld(opened.name, renderHolder(h), h.command, h.startedAt, lock.age === undefined ? undefined : renderAge(lock.age)) : msg().unlockUnreadable(opened.name));
  if (!flags.yes) {
    if (!opened.io.prompter) throw new UsageError(['err_noTerminal'], ['hint_noTerminalUnlock', opened.name]);
    reporter.stopSpinner();
    if (!(await opened.io.prompter.confirm({ message: t(opened.io.lang, 'confirmUnlock'), default: false }))) {
      reporter.info(msg().unlockLeft);
      return;
    }
  }
  await opened.location.unlock(opened.name, lock.version);
  if (flags.json) reporter.json<UnlockJson>({ ok: true, command: 'unlock', lab: opened.name, where: opened.location.where, holder: h ?? null });
  else reporter.result(msg().unlockRemoved(opened.name));
}
