import { UsageError } from '../../engine/errors.js';
import { ageText, holderText } from '../../engine/state.js';
import { t } from '../../ui/i18n.js';
import type { Reporter } from '../../ui/reporter.js';
import type { CommonFlags } from '../flags.js';
import { openLab, type Deps } from '../session.js';

/** `unlock --name LAB`: remove a lab's lock by hand (its run is gone), after a confirmation. */
export async function unlockCommand(flags: CommonFlags, reporter: Reporter, deps: Deps): Promise<void> {
  const opened = await openLab(flags, reporter, deps, { ask: true });
  const lock = await opened.location.lockOf(opened.name);
  if (!lock) {
    reporter.result(`Lab "${opened.name}" is not locked in ${opened.location.where}.`);
    return;
  }
  const h = lock.record;
  const who = h ? `${holderText(h)}, running "${h.command}" since ${h.startedAt}` : 'an unreadable lock';
  reporter.info(`Lab "${opened.name}" is locked by ${who}${lock.age !== undefined ? ` (last renewed ${ageText(lock.age)} ago)` : ''}.`);
  if (!flags.yes) {
    if (!opened.io.prompter) throw new UsageError(['err_noTerminal'], ['hint_noTerminalUnlock', opened.name]);
    reporter.stopSpinner();
    if (!(await opened.io.prompter.confirm({ message: t(opened.io.lang, 'confirmUnlock'), default: false }))) {
      reporter.info('The lock was left as it is.');
      return;
    }
  }
  await opened.location.unlock(opened.name, lock.version);
  if (flags.json) reporter.json({ ok: true, command: 'unlock', lab: opened.name, where: opened.location.where, holder: h ?? null });
  else reporter.result(`Removed the lock of lab "${opened.name}".`);
}
