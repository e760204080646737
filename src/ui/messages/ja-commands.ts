import type { Catalog } from './types.js';
import type { enCommands } from './en-commands.js';

/** 日本語 (ja.ts が読み込みます): en-commands.ts の各メッセージの日本語です。用語と文体は docs/glossary-ja.md に従います。 */
export const jaCommands = {
} satisfies Pick<Catalog, keyof typeof enCommands>;
