import type { Catalog } from './types.js';
import type { enClass } from './en-class.js';

/** 日本語 (ja.ts が読み込みます): en-class.ts の各メッセージの日本語です。用語と文体は docs/glossary-ja.md に従います。 */
export const jaClass = {
} satisfies Pick<Catalog, keyof typeof enClass>;
