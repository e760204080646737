/**
 * English, part of the source catalog (en.ts spreads it): the commands' own lines: check, explain, ssh, ssh-config, state, unlock, the lock, plan changes and drift.
 * Its Japanese is ja-commands.ts, checked against this by the compiler.
 */
export const enCommands = {
};
