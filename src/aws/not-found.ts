import { EC2_KIND_LIST, EC2_KINDS, type Ec2Kind, type Ec2KindName } from './ec2-kinds.js';

/**
 * EC2's NotFound codes, by the prefix of the IDs they are about (or do not show yet: see
 * consistency.ts). Derived from the kinds' descriptors (ec2-kinds.ts).
 */

/** Every NotFound code of a kind: its own, then the others meaning the same. */
export function notFoundCodes(name: Ec2KindName): string[] {
  const k: Ec2Kind = EC2_KINDS[name];
  return [k.notFound, ...(k.alsoNotFound ?? [])];
}

/**
 * The prefix of the IDs a NotFound code is about, by code. A kind that calls name by a
 * name of the user's (a key pair's KeyName) has none: '' (any string of the call).
 */
export const NOT_FOUND_PREFIX: ReadonlyMap<string, string> = new Map(
  EC2_KIND_LIST.flatMap(([name, k]) => notFoundCodes(name).map((code) => [code, k.namedBy ? '' : k.prefix] as const)),
);
