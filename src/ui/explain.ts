import type { ExplainScript } from '../lab/views/explain.js';
import { chapterTitle, type Lang } from './i18n.js';

/** A comment per chapter: what it builds and why, as the wizard explains it. */
const CHAPTER_COMMENTS: Record<number, Record<Lang, string>> = {
  1: {
    en: 'Chapter 1 — Network: a VPC (your own network), a public and a private subnet, an internet gateway, and a public route table whose default route goes to it.',
    ja: '第 1 章 — ネットワーク: VPC (自分専用のネットワーク)、パブリックとプライベートのサブネット、インターネットゲートウェイ、そこへのデフォルトルートを持つパブリックルートテーブル。',
  },
  2: {
    en: 'Chapter 2 — Web server: a key pair for SSH, a security group (SSH from you, HTTP from anywhere), an instance in the public subnet, and a fixed public address (Elastic IP).',
    ja: '第 2 章 — Web サーバー: SSH 用のキーペア、セキュリティグループ (SSH はあなたから、HTTP は全員から)、パブリックサブネットのインスタンス、固定のパブリック IP (Elastic IP)。',
  },
  3: {
    en: 'Chapter 3 — Apache: installed by the web server\'s user-data at its first boot.',
    ja: '第 3 章 — Apache: Web サーバーのユーザーデータが初回起動時にインストールします。',
  },
  4: {
    en: 'Chapter 4 — Private DB server: a security group open only to the web server, a NAT gateway (bills by the hour) so the private subnet can download packages, the private route table through it, and the MariaDB instance with no public address.',
    ja: '第 4 章 — プライベート DB サーバー: Web サーバーからだけ開くセキュリティグループ、プライベートサブネットがパッケージを取得するための NAT ゲートウェイ (時間課金)、それを通るプライベートルートテーブル、パブリック IP のない MariaDB インスタンス。',
  },
};

const HEADER: Record<Lang, string[]> = {
  en: [
    'The AWS CLI commands that build this lab, as `aws-lab-setup up` does, in order.',
    'Run it with bash; it needs the AWS CLI, credentials and nothing else. Remove it all with `aws-lab-setup destroy`',
    '(it finds the resources by their tags).',
  ],
  ja: [
    'このラボを `aws-lab-setup up` と同じ順序で作る AWS CLI コマンドです。',
    'bash で実行できます (AWS CLI と認証情報が必要です)。削除は `aws-lab-setup destroy` で (タグで見つけます)。',
  ],
};

const rule = (text: string) => `# ${'─'.repeat(3)} ${text}`;

/** The runnable script: header, settings, then a commented block per chapter. */
export function renderExplain(script: ExplainScript, lang: Lang, lab: string, until: number): string {
  const lines = [
    '#!/usr/bin/env bash',
    `# aws-lab-setup explain — lab "${lab}", chapters 1-${until}`,
    ...HEADER[lang].map((l) => `# ${l}`),
    'set -euo pipefail',
    '',
    ...script.head,
  ];
  for (const section of script.sections) {
    lines.push('', rule(`${section.chapter}. ${chapterTitle(section.chapter)}`), `# ${CHAPTER_COMMENTS[section.chapter]?.[lang] ?? ''}`, ...section.lines);
  }
  lines.push('', ...script.tail, '');
  return lines.join('\n');
}
