import type { MessageKey, ValuesOf, Words } from '../../engine/errors.js';

/**
 * Lab keys whose label sentence res_<key> (ui/messages) takes values V. A kind whose
 * label is said by its key takes only such keys, so a key with no label, or a label
 * given the wrong values, does not compile.
 */
export type Labelled<V extends readonly unknown[] = []> = {
  [K in MessageKey]: K extends `res_${infer N}` ? ([...V] extends ValuesOf<K> ? N : never) : never;
}[MessageKey];

/** The label of the resource `key` (Resource.label): res_<key> and its values. */
export function label<N extends Labelled<V>, V extends readonly unknown[]>(key: N, ...values: V): Words {
  return [`res_${key}`, ...values] as unknown as Words;
}
