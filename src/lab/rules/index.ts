import type { Finding } from '../../engine/finding.js';
import type { Roles, VpcSnapshot } from '../core/snapshot.js';
import { APACHE_RULES } from './apache.js';
import { DB_RULES } from './db.js';
import { NETWORK_RULES } from './network.js';
import type { Probes, Rule } from './rule.js';
import { WEB_RULES } from './web.js';

export type { Probe, Probes, Rule } from './rule.js';

/** The tutorial's rules, chapter by chapter (their ids are issue 26's). */
export const RULES: readonly Rule[] = [...NETWORK_RULES, ...WEB_RULES, ...APACHE_RULES, ...DB_RULES];

/** The rules judged from `check`'s probes (apache.page, db.ping, db.mariadb). */
export const LIVE_RULES: ReadonlySet<string> = new Set(RULES.filter((r) => r.live).map((r) => r.id));

/** Every rule's findings over what was found; the live ones judged only with their probes. */
export function evaluate(snapshot: VpcSnapshot, roles: Roles, probes?: Probes): Finding[] {
  return RULES.flatMap((r) => r.check(snapshot, roles, probes));
}
