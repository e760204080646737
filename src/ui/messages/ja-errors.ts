import type { Catalog } from './types.js';
import type { enErrors } from './en-errors.js';

/** 日本語 (ja.ts が読み込みます): en-errors.ts の各メッセージの日本語です。用語と文体は docs/glossary-ja.md に従います。 */
export const jaErrors = {
} satisfies Pick<Catalog, keyof typeof enErrors>;
