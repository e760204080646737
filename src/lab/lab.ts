import { withDependencies } from '../engine/graph.js';
import { UsageError } from '../engine/errors.js';
import type { Resource } from '../engine/resource.js';
import { apache } from './apache.js';
import type { LabContext } from './context.js';
import { database } from './database.js';
import { expiry } from './expiry.js';
import { network } from './network.js';
import { web } from './web.js';

/** The whole lab, chapter by chapter. The engine derives every order from `dependsOn`. */
const BUILT: readonly Resource<LabContext>[] = [...network, ...web, ...apache, ...database];
export const LAB: readonly Resource<LabContext>[] = [...BUILT, ...expiry(BUILT)];

/** What `destroy --nat-only` removes: the parts that bill by the hour while the lab idles. */
export const NAT_PARTS: ReadonlySet<string> = new Set(LAB.filter((r) => r.natPart).map((r) => r.key));

export const CHAPTERS: Record<number, string> = {
  1: 'Network',
  2: 'Web server',
  3: 'Apache',
  4: 'Private DB server',
  5: 'Expiry',
};

/** The chapters' short names, for --until: `--until web` or `--until 2`. */
export const CHAPTER_NAMES: Record<string, number> = { network: 1, web: 2, apache: 3, db: 4 };

/** The article's last chapter; the expiry (chapter 5) comes with it: a whole lab never runs unarmed. */
export const TUTORIAL_CHAPTERS = 4;

export const LAST_CHAPTER = Math.max(...Object.keys(CHAPTERS).map(Number));

/** A chapter given as a number or a name; a UsageError names the bad value and what is accepted. */
export function parseChapter(value: string): number {
  const v = value.trim().toLowerCase();
  const n = /^\d+$/.test(v) ? Number(v) : CHAPTER_NAMES[v];
  if (n === undefined || !CHAPTERS[n] || n > TUTORIAL_CHAPTERS) {
    const accepted = Object.entries(CHAPTER_NAMES).map(([name, k]) => `${k} or ${name}`).join(', ');
    throw new UsageError(`chapter "${value}" does not exist`, `use --until with one of: ${accepted}`);
  }
  return n;
}

/** The resources of chapters 1..until, with whatever they depend on. */
export function labThrough(until: number): Resource<LabContext>[] {
  const through = until >= TUTORIAL_CHAPTERS ? LAST_CHAPTER : until;
  return withDependencies(LAB, LAB.filter((r) => r.chapter <= through).map((r) => r.key));
}
