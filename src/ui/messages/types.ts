import type { En } from './en.js';

export type { En };

/**
 * What every other language's catalog must be: the English keys, each a string where
 * English has one, or a function of the same values where English has one.
 */
export type Catalog = { [K in keyof En]: En[K] extends (...a: infer P) => infer R ? (...a: P) => R : En[K] extends string ? string : En[K] };

/** True when A and B take the same parameters: a Japanese message that drops one is refused. */
export type SameParams<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
