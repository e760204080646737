/**
 * English, part of the source catalog (en.ts spreads it): the marks and joins that code puts
 * between the words of a line (progress lines, bullets, the select prompt's key help).
 * English keeps its dash, bullet and ellipsis; Japanese (ja-marks.ts) writes none of them,
 * as they are East Asian Ambiguous: Tera Term, RLogin and iTerm2 "ambiguous = wide" draw
 * them two columns wide, and the lines they are in stop lining up.
 */
export const enMarks = {
  /** A step's line: what, then what happened to it or what it is doing ("VPC vpc-1 — created"). */
  line_then: (what: string, then: string) => `${what} — ${then}`,
  /** Before a step that has started, in plain (piped) output. */
  mark_started: '…',
  /** Before each item of a list (leftovers). */
  mark_bullet: '•',
  /** A check that could not be judged. */
  mark_unjudged: '·',
  /** The rule before each chapter of the `explain` script. */
  mark_rule: '───',
  /** The select prompt's key help: inquirer's own keys and words. */
  keys_help: (keys: [key: string, action: string][]) => keys.map(([key, action]) => `${key} ${action}`).join(' • '),
};
