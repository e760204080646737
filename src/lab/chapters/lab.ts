import { withDependencies } from '../../engine/graph.js';
import type { Resource } from '../../engine/resource.js';
import { LAST_CHAPTER, TUTORIAL_CHAPTERS } from '../core/chapters.js';
import type { LabContext } from '../core/context.js';
import { apache } from './apache.js';
import { database } from './database.js';
import { expiry } from './expiry.js';
import { network } from './network.js';
import { web } from './web.js';

/** The whole lab, chapter by chapter. The engine derives every order from `dependsOn`. */
const BUILT: readonly Resource<LabContext>[] = [...network, ...web, ...apache, ...database];
export const LAB: readonly Resource<LabContext>[] = [...BUILT, ...expiry(BUILT)];

/** What `destroy --nat-only` removes: the parts that bill by the hour while the lab idles. */
export const NAT_PARTS: ReadonlySet<string> = new Set(LAB.filter((r) => r.natPart).map((r) => r.key));

/** The resources of chapters 1..until, with whatever they depend on. */
export function labThrough(until: number): Resource<LabContext>[] {
  const through = until >= TUTORIAL_CHAPTERS ? LAST_CHAPTER : until;
  return withDependencies(LAB, LAB.filter((r) => r.chapter <= through).map((r) => r.key));
}
