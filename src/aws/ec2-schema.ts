// The SDK's schemas as @aws-sdk/client-ec2 declares them (@smithy/core's compact form):
// [3, namespace, name, traits, member names, member schemas] a structure, [1, …, member]
// a list, [0, …, target] a simple schema with traits, a number a simple type (SCHEMA), a
// function a schema not yet made. Read by the short path's writer (ec2-query.ts) and
// reader (ec2-xml.ts).

export type Schema = unknown;
/** A member's traits: an object ({xmlName, ec2QueryName, …}) or a bit mask. */
export type Traits = Record<string, unknown> | number | undefined;

/** A thunk's schema; a simple schema ([0, ns, name, traits, ref]) its target. */
function resolveSchema(s: Schema): Schema {
  let r = typeof s === 'function' ? (s as () => Schema)() : s;
  while (Array.isArray(r) && r[0] === 0 && r.length === 5) r = typeof r[4] === 'function' ? (r[4] as () => Schema)() : r[4];
  return r;
}

/** A member entry: `ref`, or `[ref, traits]`. */
function memberOf(m: Schema): { ref: Schema; traits: Traits } {
  return Array.isArray(m) && m.length === 2 ? { ref: m[0], traits: m[1] as Traits } : { ref: m, traits: undefined };
}

export const xmlNameOf = (traits: Traits) => (traits && typeof traits === 'object' ? (traits.xmlName as string | undefined) : undefined);

/** A shape the short path leaves to the SDK: thrown while compiling, never while reading or writing. */
export class Unread extends Error {}

export interface Member {
  ref: Schema;
  traits: Traits;
}

/** What a compiler makes of a schema: a simple type by its code (@smithy/core's SCHEMA), a list's member, a structure's members. */
export type Shape = { kind: 'value'; code: number } | { kind: 'list'; member: Member } | { kind: 'struct'; members: (Member & { name: string })[] };

/**
 * A schema resolved to its shape, and the key a compiler remembers it by (a structure or
 * list may refer to itself). Maps, documents, unions, errors: Unread.
 */
export function shapeOf(schema: Schema): { key: Schema; shape: Shape } {
  const key = resolveSchema(schema);
  if (typeof key === 'number') {
    // A list of a simple type: the code with the list bit (64).
    const shape: Shape = (key & 0b1100_0000) === 64 ? { kind: 'list', member: { ref: key & 0b0011_1111, traits: undefined } } : { kind: 'value', code: key };
    return { key, shape };
  }
  if (!Array.isArray(key)) throw new Unread();
  if (key[0] === 1) return { key, shape: { kind: 'list', member: memberOf(key[4]) } };
  const traits = key[3] as Traits;
  if (key[0] !== 3 || (traits && typeof traits === 'object' && 'union' in traits)) throw new Unread();
  const [names, members] = [key[4] as string[], key[5] as Schema[]];
  return { key, shape: { kind: 'struct', members: names.map((name, i) => ({ name, ...memberOf(members[i]) })) } };
}

/** What `compile` makes of a schema, or null when it holds a shape left to the SDK. */
export function compiledOrNull<T>(compile: () => T): T | null {
  try {
    return compile();
  } catch (err) {
    if (err instanceof Unread) return null;
    throw err;
  }
}
