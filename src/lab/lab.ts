import type { Resource } from '../engine/resource.js';
import type { LabContext } from './context.js';
import { database } from './database.js';
import { expiry } from './expiry.js';
import { network } from './network.js';
import { web } from './web.js';

/** The whole lab, chapter by chapter. The engine derives every order from `dependsOn`. */
const BUILT: readonly Resource<LabContext>[] = [...network, ...web, ...database];
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
