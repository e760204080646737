import type { Catalog } from './types.js';
import type { enCommands } from './en-commands.js';
import { ageJa, awsStateJa, holderJa, NAT_KIND, RESOURCE_NAME, scheduleTime, SERVER_NAME, SUBNET_NAME, waitStillJa } from './ja-terms.js';
import { localTime } from '../time.js';


/** 日本語 (ja.ts が読み込みます): en-commands.ts の各メッセージの日本語です。用語と文体は docs/glossary-ja.md に従います。 */
/** NAT ゲートウェイの待ち先 (AWS の状態から)。 */
const NAT_GOAL: Record<string, string> = { available: '利用可能になる', deleted: '削除される' };
/** VPC の DNS の属性。 */
const DNS_ATTRIBUTE: Record<string, string> = { enableDnsHostnames: 'ホスト名', enableDnsSupport: '解決' };

export const jaCommands = {
  // --- ステップの進み具合 (エンジンとリソースの種類から)。リソースの名前のあとに表示します
  progress_retryCreate: (code) => `AWS が ${code} を返しました。作成し直す前に、もう一度確認しています`,
  progress_recentCreate: (began, seconds) => `${localTime(began)} に開始した作成が、まだ AWS の一覧に反映されていない可能性があります。重複して作成しないよう、${seconds} 秒後に再確認します`,
  progress_dependents: (id, code, attempt, of) => `${id} にまだ依存するリソースがあります (${code})。再試行 ${attempt}/${of} です`,
  progress_notVisible: (id, code, seconds) => `AWS にまだ ${id} が表示されません (${code}。作成した直後です)。${seconds} 秒後にもう一度確認します`,
  progress_waitNat: (id, goal, s) => `NAT ゲートウェイ ${id} が${NAT_GOAL[goal] ?? NAT_GOAL.deleted}のを待っています${waitStillJa(s)}`,
  progress_waitServer: (name, id, goal, s) => `${SERVER_NAME[name] ?? name} ${id} が${awsStateJa(goal)}になるのを待っています${waitStillJa(s)}`,
  progress_waitPage: (url) => `Web ページ ${url} を待っています`,
  progress_waitGroupDeleted: (id, s) => `スケジュールグループ ${id} が削除されるのを待っています${waitStillJa(s)}`,
  progress_roleNotReady: (attempt) => `新しい IAM ロールは、まだ EventBridge Scheduler から使用できません (IAM に反映中です)。再試行しています (${attempt} 回目)`,
  progress_privateKeyMissing: (path) => `警告: プライベートキー ${path} がありません。このキーでは SSH 接続できません`,
  progress_stoppingWeb: 'スクリプトを追加するために Web サーバーを停止しています',

  // --- ステップが変更したこと
  changed_started: '開始しました (停止していました)',
  changed_userData: 'ユーザーデータを設定して、もう一度開始しました (この起動でスクリプトが実行されます)',
  changed_keyPairAgain: 'プライベートキーが失われていたため、作り直しました',
  changed_attachedIgw: (vpc) => `${vpc} にアタッチしました`,
  changed_instanceMetadata: 'インスタンスメタデータ: セッショントークンを必須 (IMDSv2)、ホップ制限を 1 にしました',
  changed_sourceDestCheck: '送信元/送信先チェックを無効にしました',
  changed_routeTarget: (id) => `${id} を指すようにしました`,
  changed_roleTrust: (service) => `このアカウントの ${service} だけを、このラボのスケジュールグループについてのみ信頼するように戻しました`,
  changed_roleBoundary: (policy) => `アクセス許可の境界 ${policy} を設定しました`,
  changed_rolePolicy: 'ラボの現在の NAT とサーバーを指定するようにしました',
  changed_vpcDns: (attribute) => `DNS ${DNS_ATTRIBUTE[attribute] ?? DNS_ATTRIBUTE.enableDnsSupport}を有効にしました`,
  changed_rulesAllowed: (n) => `インバウンドルールを ${n} 件追加しました`,
  changed_rulesRemoved: (n) => `インバウンドルールを ${n} 件削除しました`,
  changed_scheduleMove: (from, to) => `${scheduleTime(from)} から ${scheduleTime(to)} に移しました`,
  changed_scheduleTarget: (input) => `${input} を指すようにしました`,
  changed_scheduleRole: 'ラボの IAM ロールで実行するようにしました',

  // --- 差分: up が変更すること (plan、status)
  drift_startServer: (state) => `開始します (現在の状態: ${awsStateJa(state)})`,
  drift_attachIgw: 'VPC にアタッチします',
  drift_instanceMetadata: (tokens, hopLimit) => `メタデータのセッショントークンを必須 (IMDSv2)、ホップ制限を 1 にします (現在: トークン ${tokens}、ホップ制限 ${hopLimit})`,
  drift_sourceDestCheck: '送信元/送信先チェックを無効にします',
  drift_routeTarget: (target, id) => `${RESOURCE_NAME[target] ?? target} ${id} を指すようにします`,
  drift_routeNewTarget: (target) => `新しい ${RESOURCE_NAME[target] ?? target} を指すようにします`,
  drift_roleTrust: (service) => `このアカウントの ${service} だけを、このラボのスケジュールグループについてのみ信頼するようにします`,
  drift_roleBoundary: (policy) => `アクセス許可の境界 ${policy} を設定します`,
  drift_rolePolicy: 'ラボの現在の NAT とサーバーのみを許可するようにします',
  drift_ruleAllow: (rule) => `インバウンドルール (${rule}) を追加します`,
  drift_ruleRemove: (rule) => `インバウンドルール (${rule}) を削除します`,
  drift_scheduleMove: (from, to) => `${scheduleTime(from)} から ${scheduleTime(to)} に移します`,
  drift_scheduleTarget: (input) => `${input} を指すようにします`,
  drift_scheduleRole: 'ラボの IAM ロールで実行するようにします',

  // --- 競合: up が直せない違い
  conflict_vpcCidr: (id, cidr, want) => `ラボの VPC ${id} は ${want} ではなく ${cidr} です`,
  conflict_subnetCidr: (name, id, cidr, want) => `ラボの${SUBNET_NAME[name] ?? name} ${id} は ${want} ではなく ${cidr} です`,
  conflict_keyName: (name, want) => `ラボのキーペアは "${want}" ではなく "${name}" です`,
  conflict_instanceType: (name, id, type, want) => `ラボの ${SERVER_NAME[name] ?? name} ${id} は ${want} ではなく ${type} です`,

  // --- destroy: ラボのものと確かではないもの (lab/views/ownership.ts)
  seen_resource: (kind, id, detail, name) => `${kind} ${id}${detail ? ` ${detail}` : ''}${name ? ` (Name "${name}")` : ''}`,
  doubt_notRecorded: 'ラボのステートファイルに記録されていません (タグだけで見つかりました)',
  doubt_inDoubted: (id) => `ラボのものと確かではない ${id} の中にあります`,
  doubt_holds: (id) => `残します: 残す ${id} がまだ使用しています`,
  doubt_leftUnless: (id) => `個別に確認しない限り残します (--also-delete ${id})`,
  leftAlone: (seen, reasons, id) => `残しました: ${seen}: ${reasons}。これも削除するには aws-lab-setup destroy --also-delete ${id} を実行してください`,
  confirmAlsoDelete: (seen, reasons) => `${seen} も削除しますか? ラボのものと確かではありません: ${reasons}。`,
  err_alsoDeleteId: (id) => `--also-delete: "${id}" はリソース ID ではありません`,
  hint_alsoDeleteId: '計画に表示される ID をカンマ区切りで指定してください: --also-delete i-0abc123,vpc-0def456',
  help_alsoDelete: 'ラボのタグで見つかったが、ステートに記録がないか設定に合わないリソースも削除します (ID をカンマ区切りで)。--yes だけでは残します',

  endpointInClear: (url) => `${url} はこのコンピューターの外への暗号化されない http です。リクエストの署名、セッショントークン、プライベートキーが平文で送信されます。https か、127.0.0.1 のエミュレーターを使用してください`,

  // --- check
  check_head: (lab, nat, id) => `ラボ "${lab}": NAT ${NAT_KIND[nat]} ${id}`,
  check_headNoNat: (lab) => `ラボ "${lab}": NAT がありません (DB サーバーはインターネットに接続できません)`,
  check_http: (url) => `Web ページ ${url}`,
  check_ping: (ip) => `Web サーバーから ${ip} への ping`,
  check_mariadb: 'DB サーバーの MariaDB の稼働',
  // ping の最後の行は ping 自身の英語なので、日本語では言いません。
  check_pingAnswered: (_line) => '応答がありました',
  check_mariadbActive: '稼働しています',
  check_remoteFailed: (code, line) => `終了コード ${code}: ${line}`,
  check_line: (mark, name, detail) => `${mark} ${name}: ${detail}`,

  // --- ssh-config
  sshConfigHead: (lab, nat, id) => `# ラボ "${lab}": NAT ${NAT_KIND[nat]} ${id}`,
  sshConfigHeadNoNat: (lab) => `# ラボ "${lab}": NAT がありません (destroy --nat-only で削除済み。\`up\` で元に戻せます)`,
  sshConfigUnknown: '(未確定)',

  // --- state
  stateInitMade: (where, region) => `${where} (${region}) のバケットを作成しました: バージョニング、デフォルトの暗号化、ブロックパブリックアクセス、古いバージョンと古いロックのライフサイクルルールを設定しました。`,
  stateInitSetUp: (where, region) => `${where} (${region}) のバケットを設定しました: バージョニング、デフォルトの暗号化、ブロックパブリックアクセス、古いバージョンと古いロックのライフサイクルルールです。`,
  stateInitShare: (where) => `ラボを共有するには --state-dir ${where} を使ってください (または AWS_LAB_SETUP_STATE=${where})。`,
  stateMoved: (n, from, to, labs) => `${from} から ${to} にラボを ${n} 件移動しました: ${labs.join('、')}。`,
  stateMovedUse: (to) => `これからは --state-dir ${to} を使ってください。`,
  stateNothingMoved: (from) => `${from} にラボのステートは見つかりませんでした。`,

  // --- ラボのロック
  lockHolder: holderJa,
  lockAge: ageJa,
  unlockNotLocked: (lab, where) => `ラボ "${lab}" は ${where} でロックされていません。`,
  unlockHeld: (lab, holder, command, since, age) =>
    `ラボ "${lab}" は別の実行 (${holder}) がロックしています。${localTime(since)} から "${command}" を実行中です${age === undefined ? '' : ` (最終更新: ${age}前)`}。`,
  unlockUnreadable: (lab) => `ラボ "${lab}" は読み取れないロックでロックされています。`,
  unlockLeft: 'ロックはそのままにしました。',
  unlockRemoved: (lab) => `ラボ "${lab}" のロックを削除しました。`,
  lockTakeoverLease: (lab, holder, command, since) => `リース期限が切れた実行からラボ "${lab}" のロックを引き継ぎます (${holder}、"${command}"、開始 ${localTime(since)})`,
  lockTakeoverGone: (pid, since) => `終了した実行のロックを引き継ぎます (プロセス ${pid}、開始 ${localTime(since)})`,
  lockWaiting: (lab, holder, command, since) => `ラボ "${lab}" を使用している実行の終了を待っています (${holder}、"${command}"、開始 ${localTime(since)})`,

  // --- explain: スクリプトのコメントと echo (AWS CLI のコマンドはそのままです)
  explain_dnsHostnames: '新しい VPC では DNS ホスト名が無効です。Web サーバーにはパブリック DNS 名が必要です',
  explain_zone: '両方のサブネットを、インスタンスタイプを提供する最初のアベイラビリティーゾーンに作成します',
  explain_zoneSetting: '両方のサブネットを、--zone で指定したアベイラビリティーゾーンに作成します',
  explain_keyPair: 'AWS はパブリックキーを保管します。プライベートキーは一度だけ表示されるので保存してください (モード 0600)',
  explain_userData: 'AWS が保管しているユーザーデータ:',
  explain_natWait: '1～2 分かかります。NAT ゲートウェイへのルートは、利用可能になってから使えます',
  explain_natType: (type, fallback) => `アベイラビリティーゾーンが提供していれば ${type} (Arm)、なければ ${fallback} です。そのアーキテクチャの最新の Amazon Linux 2023 を使います`,
  explain_sourceDest: '自分宛てではないパケットを転送するため、送信元/送信先チェックを無効にします (有効のままだと、そのパケットは破棄されます)',
  explain_yourAddress: 'あなたのパブリック IP アドレス',
  explain_latestAmi: '最新の Amazon Linux 2023',
  explain_tags: 'タグ: リソースタイプ、aws-lab-setup 内でのリソース名、Name タグの末尾 (aws-lab-setup が付けるタグと同じ)',
  explain_webAddress: (address) => `Web サーバー: ${address}`,

  // --- 計画
  plan_replacedBy: (key) => `${RESOURCE_NAME[key] ?? key}に置き換わります`,
} satisfies Pick<Catalog, keyof typeof enCommands>;
