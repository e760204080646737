import { isWanted, topoOrder } from '../../engine/graph.js';
import type { Words } from '../../engine/errors.js';
import { conflictsOf, driftOf } from '../../engine/finding.js';
import type { Live, Resource } from '../../engine/resource.js';
import type { LabContext } from '../core/context.js';
import { LAB } from '../chapters/lab.js';
import { keptWith, type Doubt } from './ownership.js';

export type Action = 'create' | 'update' | 'keep' | 'replace' | 'delete' | 'absent' | 'later';

export interface PlanItem {
  key: string;
  kind: string;
  chapter: number;
  /** The resource's label by key and values (ui/ says it; --json has it in English). */
  label: Words;
  action: Action;
  id?: string;
  /** What changes, by message key (ui/ says them). */
  changes: Words[];
  /** Depth under its first dependency: the plan prints as a tree. */
  depth: number;
}

/** Indent each resource under its first dependency of the same chapter (the plan groups by chapter). */
function depths(): Map<string, number> {
  const depth = new Map<string, number>();
  const chapter = new Map(LAB.map((r) => [r.key, r.chapter]));
  for (const r of topoOrder(LAB)) {
    const parent = r.dependsOn.find((d) => chapter.get(d) === r.chapter);
    depth.set(r.key, parent ? (depth.get(parent) ?? 0) + 1 : 0);
  }
  return depth;
}

/**
 * What `up` would do, given what discovery found (ctx.live filled by it). A resource not
 * wanted with these settings is left out, or shown as deleted (last) when it exists.
 * `run`: the resources this run builds (up --until); the others are left as they are, or
 * "later".
 */
export function planUp(ctx: LabContext, found: Map<string, Live | undefined>, run: readonly Resource<LabContext>[] = LAB): PlanItem[] {
  const depth = depths();
  const building = new Set(run.map((r) => r.key));
  return topoOrder(LAB).flatMap((r): PlanItem[] => {
    const live = found.get(r.key);
    const base = { key: r.key, kind: r.kind, chapter: r.chapter, label: r.label(ctx), depth: depth.get(r.key) ?? 0 };
    const there = live && !live.leaving ? live : undefined;
    if (!isWanted(r, ctx)) {
      if (!live) return [];
      if (!building.has(r.key)) return there ? [{ ...base, action: 'keep', id: there.id, changes: [] }] : [];
      return [{ ...base, action: 'delete', id: live.id, changes: r.replacedBy ? [['plan_replacedBy', r.replacedBy]] : [] }];
    }
    if (!building.has(r.key)) return [there ? { ...base, action: 'keep', id: there.id, changes: [] } : { ...base, action: 'later', changes: [] }];
    if (!live || live.leaving) return [{ ...base, action: 'create', changes: [] }];
    const findings = r.check?.(ctx, live) ?? [];
    const conflicts = conflictsOf(findings);
    if (conflicts.length) return [{ ...base, action: 'replace', id: live.id, changes: conflicts.map((f) => f.reason) }];
    const changes = driftOf(findings).map((f) => f.reason);
    return [{ ...base, action: changes.length ? 'update' : 'keep', id: live.id, changes }];
  });
}

/**
 * What `destroy` would do: children first. A doubt (views/ownership.ts) shows as it
 * really is, with why; it and what it holds are kept unless it is `confirmed`.
 */
export function planDestroy(ctx: LabContext, found: Map<string, Live | undefined>, only?: ReadonlySet<string>, doubts: readonly Doubt[] = [], confirmed: ReadonlySet<string> = new Set()): PlanItem[] {
  const depth = depths();
  const doubtOf = new Map(doubts.map((d) => [d.key, d]));
  const kept = keptWith(doubts.filter((d) => !confirmed.has(d.id)));
  return topoOrder(LAB)
    .reverse()
    .filter((r) => !only || only.has(r.key))
    // The other NAT kind is listed only when it is there (a switch left half done).
    .filter((r) => isWanted(r, ctx) || found.get(r.key))
    .map((r): PlanItem => {
      const live = found.get(r.key);
      const doubt = doubtOf.get(r.key);
      const holder = kept.get(r.key);
      const base = { key: r.key, kind: r.kind, chapter: r.chapter, label: doubt?.seen ?? r.label(ctx), id: live?.id, depth: depth.get(r.key) ?? 0 };
      if (!live) return { ...base, action: 'absent', changes: [] };
      if (!kept.has(r.key)) return { ...base, action: 'delete', changes: doubt?.reasons ?? [] };
      return { ...base, action: 'keep', changes: doubt ? [...doubt.reasons, ['doubt_leftUnless', doubt.id]] : [['doubt_holds', holder!]] };
    });
}

export function countActions(items: PlanItem[]): Record<Action, number> {
  const counts = { create: 0, update: 0, keep: 0, replace: 0, delete: 0, absent: 0, later: 0 };
  for (const i of items) counts[i.action]++;
  return counts;
}
