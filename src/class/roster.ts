import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { UsageError } from '../engine/errors.js';
import { validateLabName, validatePublicKeyFile, validateRegion } from '../lab/core/config.js';
import { isVpcId } from '../lab/rules/vpc.js';

/**
 * The class's roster: a CSV file with a header row, one learner a row. Every row is
 * checked before anything is made; the first bad one stops the class with its file, row
 * (the line in the file; the header is row 1) and column.
 */
export interface Learner {
  /** As the roster writes it (letters, digits, "-"). */
  learner: string;
  /** `<class>-<learner>` in lower case: an ordinary lab. */
  lab: string;
  /** The learner's lab goes into this account (a role assumed there). */
  account?: string;
  /** …or is reached with this named profile. */
  profile?: string;
  region?: string;
  /**
   * A VPC the learner built by hand (an ID or its Name tag), checked by `class check`
   * instead of a lab of the tool's: in their account (account/profile), else the caller's.
   */
  vpc?: string;
  /** A public key to import (resolved against the roster's folder) instead of a key pair made for them. */
  publicKey?: string;
  /** Where the learner's row is, for messages. */
  row: number;
}

const ROSTER_COLUMNS = ['learner', 'account', 'profile', 'region', 'public_key', 'vpc'] as const;
type Column = (typeof ROSTER_COLUMNS)[number];

const LEARNER = /^[A-Za-z0-9-]+$/;
const ACCOUNT = /^\d{12}$/;
const PROFILE = /^[A-Za-z0-9_.+@-]+$/;

/**
 * A `vpc` cell: a VPC ID, or a Name tag (at most 255 characters, no control characters). A
 * value shaped like an ID but not one (a digit lost in copying) is refused rather than
 * looked up as a name that nothing carries.
 */
function isVpcCell(value: string): boolean {
  if (/^vpc-[0-9a-f]*$/i.test(value)) return isVpcId(value);
  return value.length <= 255 && !/[\u0000-\u001f\u007f]/.test(value);
}

/** The class's name: --name, else the roster file's name without its extension. */
export function className(rosterFile: string, name?: string): string {
  const value = name ?? path.basename(rosterFile).replace(/\.[^.]*$/, '').toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]{0,19}$/.test(value)) {
    throw new UsageError([name ? 'err_className' : 'err_classNameFromFile', value], ['hint_className']);
  }
  return value;
}

async function readText(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(['err_rosterUnreadable', file, (err as NodeJS.ErrnoException).code ?? (err as Error).message], ['hint_rosterUnreadable']);
  }
}

function records(file: string, text: string): { cells: string[]; row: number }[] {
  try {
    const out = parse(text, { bom: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: true }) as unknown as { record: string[]; info: { lines: number } }[];
    return out.map((r) => ({ cells: r.record, row: r.info.lines }));
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new UsageError(['err_rosterCsv', file, line, (err as Error).message], ['hint_rosterCsv']);
  }
}

function header(file: string, cells: string[], row: number): Column[] {
  const columns = cells.map((c) => c.toLowerCase());
  columns.forEach((c, i) => {
    if (!(ROSTER_COLUMNS as readonly string[]).includes(c)) throw new UsageError(['err_rosterUnknownColumn', file, row, cells[i] || `#${i + 1}`], ['hint_rosterUnknownColumn', ROSTER_COLUMNS]);
    if (columns.indexOf(c) !== i) throw new UsageError(['err_rosterColumnTwice', file, row, cells[i]], ['hint_rosterColumnTwice']);
  });
  if (!columns.includes('learner')) throw new UsageError(['err_rosterNoLearnerColumn', file, row], ['hint_rosterNoLearnerColumn', ROSTER_COLUMNS]);
  return columns as Column[];
}

/** One row, checked cell by cell. */
async function learnerOf(file: string, klass: string, columns: Column[], cells: string[], row: number): Promise<Learner> {
  if (cells.length > columns.length) throw new UsageError(['err_rosterTooMany', file, row, `#${columns.length + 1}`, cells.length, columns.length], ['hint_rosterTooMany']);
  const cell = (c: Column) => cells[columns.indexOf(c)] || undefined;
  const learner = cell('learner');
  if (!learner || !LEARNER.test(learner)) throw new UsageError(['err_rosterLearner', file, row, learner], ['hint_rosterLearner']);
  const lab = `${klass}-${learner.toLowerCase()}`;
  try {
    validateLabName(lab);
  } catch {
    throw new UsageError(['err_rosterLabName', file, row, learner, lab], ['hint_rosterLabName']);
  }
  const account = cell('account');
  if (account && !ACCOUNT.test(account)) throw new UsageError(['err_rosterAccount', file, row, account], ['hint_rosterAccount']);
  const profile = cell('profile');
  if (profile && !PROFILE.test(profile)) throw new UsageError(['err_rosterProfile', file, row, profile], ['hint_rosterProfile']);
  if (account && profile) throw new UsageError(['err_rosterBoth', file, row], ['hint_rosterBoth']);
  const region = cell('region');
  if (region) {
    try {
      validateRegion(region);
    } catch {
      throw new UsageError(['err_rosterRegion', file, row, region], ['hint_rosterRegion']);
    }
  }
  const key = cell('public_key');
  const publicKey = key ? path.resolve(path.dirname(file), key) : undefined;
  if (publicKey) {
    try {
      await validatePublicKeyFile(publicKey);
    } catch {
      throw new UsageError(['err_rosterPublicKey', file, row, publicKey], ['hint_rosterPublicKey']);
    }
  }
  const vpc = cell('vpc');
  if (vpc && !isVpcCell(vpc)) throw new UsageError(['classcheck_errRosterVpc', file, row, vpc], ['classcheck_hintRosterVpc']);
  return { learner, lab, account, profile, region, publicKey, row, ...(vpc ? { vpc } : {}) };
}

/** Read and check the whole roster: a bad row throws a UsageError (exit 2) before anything is made. */
export async function readRoster(file: string, klass: string): Promise<Learner[]> {
  const rows = records(file, await readText(file));
  if (rows.length === 0) throw new UsageError(['err_rosterEmpty', file], ['hint_rosterEmpty']);
  const columns = header(file, rows[0].cells, rows[0].row);
  const learners: Learner[] = [];
  for (const { cells, row } of rows.slice(1)) {
    const l = await learnerOf(file, klass, columns, cells, row);
    const twin = learners.find((o) => o.lab === l.lab);
    if (twin) throw new UsageError(['err_rosterTwice', file, row, l.learner, twin.row], ['hint_rosterTwice']);
    learners.push(l);
  }
  if (learners.length === 0) throw new UsageError(['err_rosterNoLearners', file], ['hint_rosterNoLearners']);
  return learners;
}

/** One account or profile a roster's labs go to, and how many. */
export interface Reached {
  /** A member account, reached by assuming the class's role there (from `profile`, or the caller's credentials). */
  account?: string;
  /** The named profile used (undefined: the caller's default credentials). */
  profile?: string;
  labs: number;
}

/**
 * The distinct accounts and profiles the roster's rows reach, as class/targets.ts reaches
 * them (an `account` through the role, from --profile; else the row's `profile`, else
 * --profile): a roster may come from learners, so the instructor confirms these before
 * `class up` uses their credentials (security review finding 8).
 */
export function rosterReach(learners: readonly Learner[], defaultProfile?: string): Reached[] {
  const reached = new Map<string, Reached>();
  for (const l of learners) {
    const where = l.account ? { account: l.account, profile: defaultProfile } : { profile: l.profile ?? defaultProfile };
    const key = `${where.account ?? ''}|${where.profile ?? ''}`;
    const seen = reached.get(key) ?? { ...where, labs: 0 };
    seen.labs++;
    reached.set(key, seen);
  }
  return [...reached.values()];
}
