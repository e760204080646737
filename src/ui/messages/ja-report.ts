import type { Catalog } from './types.js';
import type { enReport, ReportLabel } from './en-report.js';

/** 日本語 (ja.ts が読み込みます): en-report.ts (class check の HTML レポート) の各メッセージの日本語です。 */

const LABEL: Record<ReportLabel, string> = {
  learner: '受講者',
  where: 'アカウント / リージョン',
  built: '作成方法',
  handBuilt: '手作業',
  toolLab: 'このツール',
  chapters: '完了した章',
  first: '最初に直すこと',
  nothing: 'ありません。すべてチュートリアルのとおりです。',
  lab: 'ラボ',
  vpc: 'VPC',
  picture: '作成された構成です。要件を満たしていない項目を赤で示し、一覧と同じ番号を付けています。',
  roles: '各リソースの役割',
  findings: 'チュートリアルの要件',
  paths: '通信経路 (それぞれを最初にブロックしている箇所)',
  live: 'このマシンからの確認',
  notCheckedHead: 'この受講者のラボはチェックできませんでした。',
  toSummary: '一覧に戻る',
};

export const jaReport = {
  report_title: (klass) => `クラス ${klass}: ラボのチェック結果`,
  report_checkedAt: (at) => `チェック日時: ${at}。読み取りのみで、作成、変更、削除したものはありません。`,
  report_okCount: (ok, total) => `受講者 ${total} 人のうち ${ok} 人は、チュートリアルの要件をすべて満たしています。`,
  report_notChecked: (why) => `チェックできませんでした: ${why}`,
  report_label: (which) => LABEL[which],
} satisfies Pick<Catalog, keyof typeof enReport>;
