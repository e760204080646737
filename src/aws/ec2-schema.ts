// The SDK's schemas as @aws-sdk/client-ec2 declares them (@smithy/core's compact form):
// [3, namespace, name, traits, member names, member schemas] a structure, [1, …, member]
// a list, [0, …, target] a simple schema with traits, a number a simple type (SCHEMA), a
// function a schema not yet made. Read by the short path's writer (ec2-query.ts) and
// reader (ec2-xml.ts).

export type Schema = unknown;
/** A member's traits: an object ({xmlName, ec2QueryName, …}) or a bit mask. */
export type Traits = Record<string, unknown> | number | undefined;

/** A thunk's schema; a simple schema ([0, ns, name, traits, ref]) its target. */
export function resolveSchema(s: Schema): Schema {
  let r = typeof s === 'function' ? (s as () => Schema)() : s;
  while (Array.isArray(r) && r[0] === 0 && r.length === 5) r = typeof r[4] === 'function' ? (r[4] as () => Schema)() : r[4];
  return r;
}

/** A member entry: `ref`, or `[ref, traits]`. */
export function memberOf(m: Schema): { ref: Schema; traits: Traits } {
  return Array.isArray(m) && m.length === 2 ? { ref: m[0], traits: m[1] as Traits } : { ref: m, traits: undefined };
}

export const xmlNameOf = (traits: Traits) => (traits && typeof traits === 'object' ? (traits.xmlName as string | undefined) : undefined);

/** A shape the short path leaves to the SDK: thrown while compiling, never while reading or writing. */
export class Unread extends Error {}
