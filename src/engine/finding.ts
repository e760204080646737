import { inEnglish, type Words } from './errors.js';

/**
 * What one rule found of one resource: passed, failed, or not judged (null: what it needs
 * is not there, or a live rule ran without its probe). The lab's own differences from its
 * settings (a kind's `check`) and the tutorial's rules (lab/rules) both answer with these;
 * plan, status, `up`'s refusal and `check` read them.
 */
export interface Finding {
  /** A stable id: the tutorial's ("network.public-route") or the lab's own ("lab.vpc-cidr"). */
  rule: string;
  chapter: number;
  ok: boolean | null;
  severity: Severity;
  /** The ID of the resource it is about. */
  resource?: string;
  /** Why it passed or failed, by message key (ui/ says it). */
  reason: Words;
  /** What to do about it, in the console's words (ui/ says it). */
  fix?: Words;
  /** The same fix as an AWS CLI command, IDs filled in (lab/rules/cli.ts); undefined where none does it. */
  cli?: string;
  /** `up`'s converge can put it right; false: a conflict, `up` refuses to go on. */
  fixable?: boolean;
}

export type Severity = 'error' | 'warning';

/** A difference `up` puts right (the kinds' drift). */
export function drifted(rule: string, chapter: number, resource: string, reason: Words): Finding {
  return { rule, chapter, ok: false, severity: 'error', resource, reason, fixable: true };
}

/** A difference `up` cannot put right (a VPC's CIDR): it refuses to go on. */
export function conflicting(rule: string, chapter: number, resource: string, reason: Words): Finding {
  return { rule, chapter, ok: false, severity: 'error', resource, reason, fixable: false };
}

/** The failed findings `up` cannot put right. */
export const conflictsOf = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.ok === false && f.fixable === false);

/** The failed findings `up` puts right. */
export const driftOf = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.ok === false && f.fixable !== false);

/** A finding as --json writes it: its reason and fix in English. */
export type FindingJson = ReturnType<typeof findingJson>;

export function findingJson(f: Finding) {
  return { rule: f.rule, chapter: f.chapter, ok: f.ok, severity: f.severity, resource: f.resource, reason: inEnglish(f.reason), fix: f.fix && inEnglish(f.fix), fixable: f.fixable };
}

/** A failed finding that fails the run: an error (a warning only warns). */
export const isFailure = (f: Finding): boolean => f.ok === false && f.severity === 'error';

/**
 * A finding as `check --json` writes it (issue 26): its fix as the console's path and the
 * AWS CLI command, both null when there is nothing to fix.
 */
export function checkFindingJson(f: Finding) {
  const { fix, fixable, ...rest } = findingJson(f);
  return { ...rest, fix: fix || f.cli ? { console: fix ?? null, cli: f.cli ?? null } : null, ...(fixable === undefined ? {} : { fixable }) };
}

export type CheckFindingJson = ReturnType<typeof checkFindingJson>;
