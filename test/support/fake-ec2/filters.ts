/** EC2's Describe semantics: explicit ID lists and Filters. */
import type { Filter, Tag } from '@aws-sdk/client-ec2';
import { awsError, need, notFound, type Kind } from './errors.js';

export type Scalar = string | number | boolean | undefined | null;
export type FilterFields<R> = Record<string, (r: R) => Scalar | Scalar[]>;

export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/**
 * EC2 filter semantics: filters AND together, values within one filter OR together, `*` and
 * `?` are wildcards. An unknown filter name is an error in real EC2 (InvalidParameterValue),
 * which catches typos that a permissive fake would hide.
 */
export function applyFilters<R>(
  recs: R[],
  filters: Filter[] | undefined,
  fields: FilterFields<R>,
  tagsOf: (r: R) => Tag[],
): R[] {
  if (!filters?.length) return recs;
  const preds = filters.map((f) => {
    const name = need(f.Name, 'Filter.Name');
    const values = f.Values ?? [];
    if (!values.length) throw awsError('InvalidParameterValue', `The filter '${name}' requires at least one value`);
    let get: (r: R) => Scalar | Scalar[];
    if (name.startsWith('tag:')) {
      const key = name.slice(4);
      get = (r) => tagsOf(r).filter((t) => t.Key === key).map((t) => t.Value ?? '');
    } else if (name === 'tag-key') {
      get = (r) => tagsOf(r).map((t) => t.Key);
    } else if (name === 'tag-value') {
      get = (r) => tagsOf(r).map((t) => t.Value);
    } else {
      const field = fields[name];
      if (!field) throw awsError('InvalidParameterValue', `The filter '${name}' is invalid`);
      get = field;
    }
    const res = values.map(globToRegExp);
    return (r: R) => {
      const v = get(r);
      const got = (Array.isArray(v) ? v : [v]).filter((x) => x !== undefined && x !== null).map(String);
      return got.some((s) => res.some((re) => re.test(s)));
    };
  });
  return recs.filter((r) => preds.every((p) => p(r)));
}

/** Explicit ID lists: every ID must exist, else the kind's NotFound error (as AWS does). */
export function pickIds<R>(pool: R[], ids: string[] | undefined, idOf: (r: R) => string, kind: Kind): R[] {
  if (!ids?.length) return pool;
  const known = new Set(pool.map(idOf));
  const missing = ids.find((id) => !known.has(id));
  if (missing !== undefined) throw notFound(kind, missing);
  const wanted = new Set(ids);
  return pool.filter((r) => wanted.has(idOf(r)));
}
