import { UsageError } from '../../engine/errors.js';

/** How long a lab lives before AWS stops it: the tutorial is an afternoon's work. */
export const DEFAULT_EXPIRES_IN = '8h';
export const NEVER = 'never';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
// Short enough to catch a typo (9000h), long enough for a lab kept over a long weekend;
// at least 10 minutes, so that AWS has the schedules before they are due.
const MIN_MS = 10 * UNIT_MS.m;
const MAX_MS = 30 * UNIT_MS.d;
const DURATION = /^(\d{1,5})(m|h|d)$/;

/** Milliseconds of "90m", "4h", "2d"; undefined for "never". Anything else is bad input. */
export function parseExpiresIn(value: string): number | undefined {
  const v = value.trim().toLowerCase();
  if (v === NEVER) return undefined;
  const m = DURATION.exec(v);
  const ms = m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : NaN;
  if (!m || ms < MIN_MS || ms > MAX_MS) {
    throw new UsageError(['err_expiresIn', value], ['hint_expiresIn']);
  }
  return ms;
}

export function validateExpiresIn(value: string): void {
  parseExpiresIn(value);
}

/**
 * Closer than this to its expiry, a lab is armed afresh rather than given schedules that
 * would be due before AWS has them (or are already past).
 */
export const REARM_MARGIN_MS = 2 * UNIT_MS.m;

/**
 * When the lab expires, as an ISO time, or undefined for never.
 * - `--expires-in` given: that long from now (moves the time; "never" removes it).
 * - else the saved time while it is still ahead, so that a rerun keeps it;
 * - else (a new lab, or one whose expiry has passed: `up` brings it back) the saved
 *   duration, or the default, from now.
 */
export function resolveExpiresAt(expiresIn: string, flagGiven: boolean, savedAt: string | undefined, now: number): string | undefined {
  const ms = parseExpiresIn(expiresIn);
  if (ms === undefined) return undefined;
  if (!flagGiven && savedAt && Date.parse(savedAt) - now > REARM_MARGIN_MS) return savedAt;
  // Whole seconds: Scheduler's at() has no fractions.
  return new Date(Math.floor((now + ms) / 1000) * 1000).toISOString();
}

/** Scheduler's one-time expression, in UTC: at(2026-11-29T23:00:00). */
export function atExpression(iso: string): string {
  return `at(${new Date(iso).toISOString().slice(0, 19)})`;
}

/** The time of an at() expression (read as UTC), or undefined for any other expression. */
export function parseAtExpression(expression: string | undefined): string | undefined {
  const m = /^at\((\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\)$/.exec(expression ?? '');
  return m ? new Date(`${m[1]}Z`).toISOString() : undefined;
}
