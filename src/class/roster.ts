import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { LabError, UsageError } from '../engine/errors.js';
import { validateLabName, validatePublicKeyFile, validateRegion } from '../lab/core/config.js';

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
  /** A public key to import (resolved against the roster's folder) instead of a key pair made for them. */
  publicKey?: string;
  /** Where the learner's row is, for messages. */
  row: number;
}

export const ROSTER_COLUMNS = ['learner', 'account', 'profile', 'region', 'public_key'] as const;
type Column = (typeof ROSTER_COLUMNS)[number];

const LEARNER = /^[A-Za-z0-9-]+$/;
const ACCOUNT = /^\d{12}$/;
const PROFILE = /^[A-Za-z0-9_.+@-]+$/;

/** The class's name: --name, else the roster file's name without its extension. */
export function className(rosterFile: string, name?: string): string {
  const value = name ?? path.basename(rosterFile).replace(/\.[^.]*$/, '').toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]{0,19}$/.test(value)) {
    throw new UsageError(
      name ? `class name "${value}" is not accepted` : `the roster's file name gives the class name "${value}", which is not accepted`,
      'use 1 to 20 lower-case letters, digits and hyphens, starting with a letter or digit (pass --name NAME)',
    );
  }
  return value;
}

function bad(file: string, row: number, column: string, what: string, accepted: string): UsageError {
  return new UsageError(`${file}, row ${row}, column "${column}": ${what}`, `${accepted}; nothing was created`);
}

async function readText(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`roster "${file}" cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'give the path of a CSV file whose first row is learner[,account,profile,region,public_key]');
  }
}

function records(file: string, text: string): { cells: string[]; row: number }[] {
  try {
    const out = parse(text, { bom: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: true }) as unknown as { record: string[]; info: { lines: number } }[];
    return out.map((r) => ({ cells: r.record, row: r.info.lines }));
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new UsageError(`${file}${line ? `, row ${line}` : ''}: not valid CSV (${(err as Error).message})`, 'save it as CSV with a header row; quote a value that holds a comma');
  }
}

function header(file: string, cells: string[], row: number): Column[] {
  const columns = cells.map((c) => c.toLowerCase());
  columns.forEach((c, i) => {
    if (!(ROSTER_COLUMNS as readonly string[]).includes(c)) throw bad(file, row, cells[i] || `#${i + 1}`, 'unknown column', `the columns are ${ROSTER_COLUMNS.join(', ')} (learner is required)`);
    if (columns.indexOf(c) !== i) throw bad(file, row, cells[i], 'the column is named twice', 'name each column once');
  });
  if (!columns.includes('learner')) throw new UsageError(`${file}, row ${row}: no "learner" column`, `the first row names the columns: learner (required), ${ROSTER_COLUMNS.slice(1).join(', ')}`);
  return columns as Column[];
}

/** One row, checked cell by cell. */
async function learnerOf(file: string, klass: string, columns: Column[], cells: string[], row: number): Promise<Learner> {
  if (cells.length > columns.length) throw bad(file, row, `#${columns.length + 1}`, `${cells.length} values for ${columns.length} columns`, 'one value per column of the header');
  const cell = (c: Column) => cells[columns.indexOf(c)] || undefined;
  const learner = cell('learner');
  if (!learner || !LEARNER.test(learner)) throw bad(file, row, 'learner', learner ? `"${learner}" is not accepted` : 'empty', 'use letters, digits and "-" (alice, bob-2)');
  const lab = `${klass}-${learner.toLowerCase()}`;
  try {
    validateLabName(lab);
  } catch {
    throw bad(file, row, 'learner', `"${learner}" makes the lab name "${lab}", longer than 31 characters`, 'use a shorter learner name or class name (--name)');
  }
  const account = cell('account');
  if (account && !ACCOUNT.test(account)) throw bad(file, row, 'account', `"${account}" is not an AWS account ID`, 'write the 12 digits of the account, e.g. 123456789012 (keep leading zeros: quote it)');
  const profile = cell('profile');
  if (profile && !PROFILE.test(profile)) throw bad(file, row, 'profile', `"${profile}" is not a profile name`, 'write the name of a profile of ~/.aws/config');
  if (account && profile) throw bad(file, row, 'profile', 'both an account and a profile are given', 'give one: the account (reached with --role-name) or a profile');
  const region = cell('region');
  if (region) {
    try {
      validateRegion(region);
    } catch (err) {
      throw bad(file, row, 'region', `"${region}" is not a region name`, (err as LabError).hint ?? 'use a code like ap-northeast-1');
    }
  }
  const key = cell('public_key');
  const publicKey = key ? path.resolve(path.dirname(file), key) : undefined;
  if (publicKey) {
    try {
      await validatePublicKeyFile(publicKey);
    } catch (err) {
      throw bad(file, row, 'public_key', (err as LabError).message, (err as LabError).hint ?? 'give an OpenSSH public key file');
    }
  }
  return { learner, lab, account, profile, region, publicKey, row };
}

/** Read and check the whole roster: a bad row throws a UsageError (exit 2) before anything is made. */
export async function readRoster(file: string, klass: string): Promise<Learner[]> {
  const rows = records(file, await readText(file));
  if (rows.length === 0) throw new UsageError(`roster "${file}" is empty`, 'write a header row (learner,…) and a row per learner');
  const columns = header(file, rows[0].cells, rows[0].row);
  const learners: Learner[] = [];
  for (const { cells, row } of rows.slice(1)) {
    const l = await learnerOf(file, klass, columns, cells, row);
    const twin = learners.find((o) => o.lab === l.lab);
    if (twin) throw bad(file, row, 'learner', `"${l.learner}" is already on row ${twin.row}`, 'give every learner a name of their own (names differ in more than upper and lower case)');
    learners.push(l);
  }
  if (learners.length === 0) throw new UsageError(`roster "${file}" has a header but no learner`, 'add a row per learner');
  return learners;
}
