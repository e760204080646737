import type { Catalog } from './types.js';
import type { enExplain } from './en-explain.js';
import { SERVER_NAME } from './ja-terms.js';

/** 日本語 (ja.ts が読み込みます): en-explain.ts の各メッセージの日本語です。 */
export const jaExplain = {
  explain_userDataFile: (server) =>
    `${SERVER_NAME[server] ?? server}のユーザーデータです。初回起動時にサーバー上で実行されるスクリプトで、AWS が保管する内容のとおりです。サーバー上のファイルのため、スクリプト内のコメントは英語のままです。`,
} satisfies Pick<Catalog, keyof typeof enExplain>;
