/**
 * English, part of the source catalog (en.ts spreads it): errors and their next steps, named by key where they are thrown (err_… and hint_…: engine/errors.ts Words).
 * Its Japanese is ja-errors.ts, checked against this by the compiler.
 */
export const enErrors = {
};
