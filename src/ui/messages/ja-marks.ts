import type { Catalog } from './types.js';
import type { enMarks } from './en-marks.js';

/**
 * 日本語 (ja.ts が読み込みます): en-marks.ts の各項目の日本語です。—、•、…、· は East Asian
 * Ambiguous の文字で、Tera Term や RLogin では 2 桁幅で表示されるため使いません。
 */

/** inquirer のキーの名前。 */
const KEY: Record<string, string> = { '↑↓': '上下キー', '⏎': 'Enter' };
/** inquirer のキーの操作。 */
const ACTION: Record<string, string> = { navigate: '移動', select: '選択' };
/** ラテン文字で終わる語と日本語の間には空白を入れます (「Enter で選択」)。 */
const withDe = (key: string) => `${key}${/[A-Za-z0-9]$/.test(key) ? ' ' : ''}で`;

export const jaMarks = {
  line_then: (what, then) => `${what}: ${then}`,
  mark_started: '...',
  mark_bullet: '-',
  mark_unjudged: '-',
  mark_rule: '---',
  keys_help: (keys) => keys.map(([key, action]) => `${withDe(KEY[key] ?? key)}${ACTION[action] ?? action}`).join('、'),
} satisfies Pick<Catalog, keyof typeof enMarks>;
