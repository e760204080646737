import { inner, type Words } from '../../engine/errors.js';
import type { Finding, Severity } from '../../engine/finding.js';
import type { Roles, VpcSnapshot } from '../core/snapshot.js';

/**
 * What a live rule needs that the API cannot tell (`check` asks the servers): each a
 * probe's name and answer by message key, as `check --json`'s `results` write them.
 */
export interface Probe {
  name: Words;
  ok: boolean;
  detail: Words;
}

/** The probes `check` ran; a live rule without its probe is not judged (ok null). */
export interface Probes {
  /** The web page answers 200 (HTTP GET). */
  page?: Probe;
  /** The DB server answers ping from the web server. */
  ping?: Probe;
  /** MariaDB is active on the DB server. */
  mariadb?: Probe;
}

/** One requirement of the tutorial: a stable id (issue 26's), its chapter, and a check over what was found. */
export interface Rule {
  id: string;
  chapter: number;
  severity: Severity;
  /** Judged from a probe of the servers (`check`), not from what AWS describes. */
  live?: boolean;
  check(snapshot: VpcSnapshot, roles: Roles, probes?: Probes): Finding[];
}

/** One verdict of a rule on one resource: the rule's id, chapter and severity are added. */
export interface Verdict {
  ok: boolean | null;
  resource?: string;
  reason: Words;
  fix?: Words;
}

/** A rule from its verdicts (one, or one per resource it judges). */
export function rule(id: string, chapter: number, severity: Severity, judge: (s: VpcSnapshot, roles: Roles, probes: Probes) => Verdict | Verdict[]): Rule {
  return {
    id,
    chapter,
    severity,
    check: (s, roles, probes = {}) => {
      const v = judge(s, roles, probes);
      return (Array.isArray(v) ? v : [v]).map((one) => ({ rule: id, chapter, severity, ...one }));
    },
  };
}

/** Passed, with why. */
export const pass = (resource: string | undefined, reason: Words): Verdict => ({ ok: true, resource, reason });
/** Failed: why, and what to do in the console. */
export const fail = (resource: string | undefined, reason: Words, fix: Words): Verdict => ({ ok: false, resource, reason, fix });
/** Not judged: what it needs is missing (another rule says so) or was not asked. */
export const notJudged = (resource: string | undefined, reason: Words): Verdict => ({ ok: null, resource, reason });

/** A live rule: the probe's answer, or not judged without it. */
export function live(id: string, chapter: number, probe: (p: Probes) => Probe | undefined, server: (r: Roles) => string | undefined, fix: Words): Rule {
  return { ...rule(id, chapter, 'error', (_s, roles, probes) => {
    const p = probe(probes);
    if (!p) return notJudged(server(roles), ['rule_liveNotRun']);
    const reason: Words = ['rule_probe', inner(p.name), inner(p.detail)];
    return p.ok ? pass(server(roles), reason) : fail(server(roles), reason, fix);
  }), live: true };
}
