import type { Catalog } from './types.js';
import type { enCommands } from './en-commands.js';
import { awsStateJa, RESOURCE_NAME, scheduleTime, SERVER_NAME, waitStillJa } from './ja-terms.js';

/** サブネットの名前 (subnet.ts の public、private から)。 */
const SUBNET_NAME: Record<string, string> = { public: 'パブリックサブネット', private: 'プライベートサブネット' };
/** 待っているサーバーの状態 (instance.ts、user-data.ts の待つ先)。 */
const SERVER_GOAL: Record<string, string> = { running: '実行中', stopped: '停止済み', terminated: '終了済み' };

/** 日本語 (ja.ts が読み込みます): en-commands.ts の各メッセージの日本語です。用語と文体は docs/glossary-ja.md に従います。 */
export const jaCommands = {
  // --- ステップの進み具合 (エンジンとリソースの種類から)。リソースの名前のあとに表示します
  progress_retryCreate: (code) => `AWS が ${code} を返しました。作り直す前にもう一度確認しています`,
  progress_recentCreate: (began, seconds) => `${began} に始めた作成がまだ見えていない可能性があります。もう 1 つ作る前に、${seconds} 秒後にもう一度確認します`,
  progress_dependents: (id, code, attempt, of) => `${id} にまだ依存するリソースがあります (${code})。再試行 ${attempt}/${of} です`,
  progress_notVisible: (id, code, seconds) => `AWS にまだ ${id} が表示されません (${code}。作成した直後です)。${seconds} 秒後にもう一度確認します`,
  progress_waitNat: (id, goal, s) => `NAT ゲートウェイ ${id} が${goal === 'available' ? '利用可能になる' : '削除される'}のを待っています${waitStillJa(s)}`,
  progress_waitServer: (name, id, goal, s) => `${SERVER_NAME[name] ?? name} ${id} が${SERVER_GOAL[goal] ?? awsStateJa(goal)}になるのを待っています${waitStillJa(s)}`,
  progress_waitGroupDeleted: (id, s) => `スケジュールグループ ${id} が削除されるのを待っています${waitStillJa(s)}`,
  progress_roleNotReady: (attempt) => `新しい IAM ロールはまだ EventBridge Scheduler から使えません (IAM が反映中です)。${attempt} 回目を試します`,
  progress_privateKeyMissing: (path) => `警告: プライベートキー ${path} がありません。このキーでの SSH はできません`,
  progress_stoppingWeb: 'スクリプトを追加するために Web サーバーを停止しています',

  // --- ステップが変更したこと
  changed_started: '開始しました (停止していました)',
  changed_userData: 'ユーザーデータを設定して、もう一度開始しました (この起動でスクリプトが実行されます)',
  changed_keyPairAgain: 'プライベートキーが失われていたため、作り直しました',
  changed_attachedIgw: (vpc) => `${vpc} にアタッチしました`,
  changed_sourceDestCheck: '送信元/送信先チェックをオフにしました',
  changed_routeTarget: (id) => `${id} を指すようにしました`,
  changed_roleTrust: (service) => `このアカウントの ${service} だけを信頼するように戻しました`,
  changed_rolePolicy: 'ラボの今の NAT とサーバーを指定するようにしました',
  changed_vpcDns: (attribute) => `DNS ${attribute === 'enableDnsHostnames' ? 'ホスト名' : '解決'}を有効にしました`,
  changed_rulesAllowed: (n) => `ルールを ${n} 件許可しました`,
  changed_rulesRemoved: (n) => `ルールを ${n} 件削除しました`,
  changed_scheduleMove: (from, to) => `${scheduleTime(from)} から ${scheduleTime(to)} に移しました`,
  changed_scheduleTarget: (input) => `${input} を指すようにしました`,
  changed_scheduleRole: 'ラボの IAM ロールで実行するようにしました',

  // --- 差分: up が変更すること (plan、status)
  drift_startServer: (state) => `開始します (今は${awsStateJa(state)}です)`,
  drift_attachIgw: 'VPC にアタッチします',
  drift_sourceDestCheck: '送信元/送信先チェックをオフにします',
  drift_routeTarget: (target, id) => `${RESOURCE_NAME[target] ?? target} ${id} を指すようにします`,
  drift_routeNewTarget: (target) => `新しい ${RESOURCE_NAME[target] ?? target} を指すようにします`,
  drift_roleTrust: (service) => `このアカウントの ${service} だけを信頼するようにします`,
  drift_rolePolicy: 'ラボの今の NAT とサーバーだけを許可するようにします',
  drift_ruleAllow: (rule) => `${rule} を許可します`,
  drift_ruleRemove: (rule) => `${rule} を削除します`,
  drift_scheduleMove: (from, to) => `${scheduleTime(from)} から ${scheduleTime(to)} に移します`,
  drift_scheduleTarget: (input) => `${input} を指すようにします`,
  drift_scheduleRole: 'ラボの IAM ロールで実行するようにします',

  // --- 競合: up が直せない違い
  conflict_vpcCidr: (id, cidr, want) => `ラボの VPC ${id} は ${want} ではなく ${cidr} です`,
  conflict_subnetCidr: (name, id, cidr, want) => `ラボの${SUBNET_NAME[name] ?? name} ${id} は ${want} ではなく ${cidr} です`,
  conflict_keyName: (name, want) => `ラボのキーペアは "${want}" ではなく "${name}" です`,
  conflict_instanceType: (name, id, type, want) => `ラボの ${SERVER_NAME[name] ?? name} ${id} は ${want} ではなく ${type} です`,

  // --- 計画
  plan_replacedBy: (key) => `${RESOURCE_NAME[key] ?? key}に置き換わります`,
} satisfies Pick<Catalog, keyof typeof enCommands>;
