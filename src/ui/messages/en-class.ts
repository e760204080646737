/**
 * English, part of the source catalog (en.ts spreads it): the class: its commands, progress, status, quotas and hand-outs (src/class, ui/class-*.ts, ui/handout.ts).
 * Its Japanese is ja-class.ts, checked against this by the compiler.
 */
export const enClass = {
};
