import type { LimitFrom } from '../../aws/quotas.js';
import type { Catalog, En, SameParams } from './types.js';
import { jaErrors } from './ja-errors.js';
import { jaCommands } from './ja-commands.js';
import { jaClass } from './ja-class.js';
import { jaRules } from './ja-rules.js';
import { jaPicture } from './ja-picture.js';
import { jaClasscheck } from './ja-classcheck.js';
import { jaVpccheck } from './ja-vpccheck.js';
import { jaReport } from './ja-report.js';
import { jaPaths } from './ja-paths.js';
import { jaLeftovers } from './ja-leftovers.js';
import { jaTeardown } from './ja-teardown.js';
import { jaMarks } from './ja-marks.js';
import { jaExplain } from './ja-explain.js';
import { awsStateJa, NAT_KIND, QUOTA_NAME, RESOURCE_NAME, scheduleTime } from './ja-terms.js';
import { centsFigure, hourlyFigure, type Removal } from './figures.js';
import type { SettingKey } from '../../lab/core/settings.js';
import type { NatKind } from '../../lab/core/config.js';
import { NEVER } from '../../lab/core/expiry-time.js';

/**
 * 日本語のメッセージ: en.ts の英語が原文で、キーと引数はすべて同じです (コンパイラが確認します)。
 * 用語と文体は docs/glossary-ja.md (AWS マネジメントコンソールの用語、です/ます) に従います。
 * このファイルは日本語が選ばれたときだけ読み込まれます (dynamic import)。
 */
/** 有効期限が NAT に行うこと (NAT のリソースのキーから)。 */
const NAT_ACT: Record<string, string> = { natInstance: 'NAT インスタンスの停止', natGateway: 'NAT ゲートウェイの削除' };
/** destroy --nat-only が削除するもの (NAT の種類から)。 */
const NAT_PARTS = { instance: 'NAT インスタンス、そのパブリック IP アドレスとルート', gateway: 'NAT ゲートウェイ、そのルートと Elastic IP アドレス' };
/** 料金の書き方 (AWS の日本語の料金ページのとおり): 「0.1013 USD/時間」「(月額 約 73.95 USD)」。丸めは figures.ts の 1 か所です。 */
const perHour = (usd: number) => `${hourlyFigure(usd)} USD/時間`;
const perMonth = (usd: number) => `(月額 約 ${centsFigure(usd)} USD)`;
/** リソースがなくなるときの動詞 (コンソールのとおり): インスタンスは終了、Elastic IP アドレスは解放、関連付けは解除。 */
const REMOVED: Record<Removal, string> = { terminate: '終了しました', release: '解放しました', disassociate: '関連付けを解除しました', delete: '削除しました' };
const REMOVE_ACTION: Record<Removal, string> = { terminate: '終了', release: '解放', disassociate: '解除', delete: '削除' };
/** 計画に示す設定値: NAT の種類と有効期限の長さは日本語で (それ以外は値のままです)。 */
const DURATION_UNIT: Record<string, string> = { m: '分', h: '時間', d: '日' };
const durationValue = (value: string): string => {
  if (value === NEVER) return 'なし';
  const m = /^(\d+)([mhd])$/.exec(value);
  return m ? `${m[1]} ${DURATION_UNIT[m[2]]}` : value;
};
const SETTING_SHOWN: Partial<Record<SettingKey, (value: string) => string>> = { nat: (value) => NAT_NAME[value as NatKind] ?? value, expiresIn: durationValue };
const settingValue = (key: SettingKey, value: string): string => SETTING_SHOWN[key]?.(value) ?? value;
const NAT_NAME: Record<NatKind, string> = { instance: 'NAT インスタンス', gateway: 'NAT ゲートウェイ' };
/** 期間: 0 の部分は言いません (「8 時間」、「1 日 2 時間」)。 */
/**
 * A quantity as Japanese counts it, after the thing (「t3.micro インスタンス 2 台」, 「パブリック
 * IPv4 アドレス 2 個」, 「EBS ボリューム 24 GB」), not 「2 × …」: × reads as a formula and is
 * East Asian Ambiguous, one column or two depending on the terminal.
 */
const counted = (quantity: number, item: string): string => {
  if (item.endsWith(' (GB)')) return `${item.slice(0, -' (GB)'.length)} ${quantity} GB`;
  return `${item} ${quantity} ${/インスタンス/.test(item) ? '台' : '個'}`;
};
const hoursMinutes = (h: number, m: number) => `${h} 時間${m ? ` ${m} 分` : ''}`;
const daysHours = (d: number, h: number) => `${d} 日${h ? ` ${h} 時間` : ''}`;
/** クォータの上限の出どころ (aws/quotas.ts LimitFrom)。 */
const LIMIT_FROM: Record<string, (detail: string) => string> = {
  applied: () => 'Service Quotas',
  default: () => 'AWS のデフォルト',
  refused: (code) => `AWS のデフォルト (Service Quotas: \`${code}\`)`,
};
const limitFrom = (from: LimitFrom): string => {
  const [kind, detail] = from.split(/:(.*)/s);
  return LIMIT_FROM[kind]?.(detail) ?? `\`${detail}\``;
};

/** commander's own errors (it writes them in English), in Japanese; one it does not know stays as it is. */
const COMMANDER_ERRORS: [RegExp, (...m: string[]) => string][] = [
  [/^error: unknown option '([^']*)'(?:\n\(Did you mean (\S+)\?\))?/, (flag, like) => `エラー: 不明なオプション '${flag}' です${like ? ` (${like} のことですか?)` : ''}`],
  [/^error: unknown command '([^']*)'(?:\n\(Did you mean (\S+)\?\))?/, (cmd, like) => `エラー: 不明なコマンド '${cmd}' です${like ? ` (${like} のことですか?)` : ''}`],
  [/^error: option '([^']*)' argument missing/, (flag) => `エラー: オプション '${flag}' の値がありません`],
  [/^error: required option '([^']*)' not specified/, (flag) => `エラー: 必須のオプション '${flag}' が指定されていません`],
  [/^error: missing required argument '([^']*)'/, (arg) => `エラー: 必須の引数 '${arg}' がありません`],
  [/^error: too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\./, (cmd, want, got) => `エラー: 引数が多すぎます${cmd ? ` ('${cmd}')` : ''}。引数は ${want} 個までですが、${got} 個指定されています。`],
];

function commanderJa(message: string): string {
  for (const [pattern, say] of COMMANDER_ERRORS) {
    const m = pattern.exec(message);
    if (m) return `${say(...m.slice(1))}\n`;
  }
  return message;
}

/** What each quota counts (aws/quotas.ts), as the console's Service Quotas page names it. */
const QUOTA_WHAT: Record<string, string> = { ...QUOTA_NAME, natGatewaysPerZone: 'アベイラビリティーゾーンあたりの NAT ゲートウェイ' };

export const ja = {
  ...jaErrors,
  ...jaCommands,
  ...jaClass,
  ...jaRules,
  ...jaPicture,
  ...jaVpccheck,
  ...jaReport,
  ...jaClasscheck,
  ...jaPaths,
  ...jaLeftovers,
  ...jaTeardown,
  ...jaMarks,
  ...jaExplain,
  intro: 'aws-lab-setup はチュートリアルの 2 層構成ラボを構築します: VPC、パブリックな Web サーバー (Apache)、プライベートな DB サーバー (MariaDB)。',
  regionWhy: 'リージョン: ラボを作る場所です。すべて 1 つのリージョンに作られます (東京は ap-northeast-1)。',
  regionAsk: 'リージョン',
  nameWhy: 'ラボ名: 作成するすべてのリソースにこの名前のタグを付けます。同じアカウントに複数のラボを作成でき、destroy はこのタグで削除対象を確実に見つけます。',
  nameAsk: 'ラボ名',
  vpcWhy: '第 1 章 (ネットワーク): VPC は AWS アカウント専用の仮想ネットワークです。CIDR ブロックは、その中で使用するプライベート IP アドレスの範囲です。',
  vpcAsk: 'VPC の CIDR ブロック',
  subnetWhy: 'サブネットは VPC の IP アドレス範囲を分割したものです。パブリックサブネットはデフォルトルート (0.0.0.0/0) がインターネットゲートウェイを向いているため、インターネットと直接通信できます。プライベートサブネットはできません。',
  publicSubnetAsk: 'パブリックサブネットの CIDR',
  privateSubnetAsk: 'プライベートサブネットの CIDR',
  keyWhy: '第 2 章 (Web サーバー): SSH ではパスワードの代わりにキーペアでログインします。パブリックキーは AWS が保管し、プライベートキーはあなたが保管します。',
  keyModeAsk: 'キーペア',
  keyModeCreate: '新しく作成する (プライベートキーはステートファイルと同じフォルダーに保存)',
  keyModeImport: '自分のパブリックキーをインポートする',
  keyNameAsk: 'キーペア名',
  publicKeyAsk: 'パブリックキーのファイル',
  sshWhy: 'セキュリティグループ: Web サーバーの仮想ファイアウォールです。SSH (ポート 22) は指定したソースからのみ、HTTP (ポート 80) は任意の場所 (0.0.0.0/0) からのアクセスを許可します。',
  sshAsk: 'Web サーバーへの SSH を許可するソース (CIDR)',
  sshWorldMark: 'インターネット全体に公開',
  sshWorldWarn: 'ソースが 0.0.0.0/0 のため、Web サーバーの SSH (ポート 22) がインターネット全体に公開されます。誰でもログインを試行でき、SSH を狙うボットは数分以内にアクセスを試み始めます。ログインできるのはラボのプライベートキーを持つ人だけですが、ソースは自分の IP アドレス (/32) に限定することをお勧めします。',
  sshWorldConfirm: 'それでも SSH をインターネット全体に公開しますか?',
  typeWhy: 'インスタンスタイプ: サーバーのサイズです。t3.micro は新しいアカウントで無料利用枠の対象です。2025 年 7 月以降に作成された無料プランのアカウントでは t2.micro を使用できません。',
  typeAsk: 'インスタンスタイプ',
  typeT3Micro: 't3.micro (無料利用枠)',
  typeT4gMicro: 't4g.micro (無料利用枠、Arm: arm64 の AMI を使用)',
  typeT3Small: 't3.small (1 つ上のサイズ)',
  typeT2Micro: 't2.micro (旧世代、新しい無料プランのアカウントでは使用不可)',
  other: 'その他 (直接入力)',
  amiAsk: 'AMI ID (デフォルト: 最新の Amazon Linux 2023)',
  dbWhy: '第 4 章 (プライベート DB サーバー): DB サーバーにはパブリック IP アドレスがないため、Web サーバーからしかアクセスできません。パッケージは NAT ゲートウェイ経由で取得します。NAT ゲートウェイには時間単位の料金が発生し、1 時間未満の利用も 1 時間分として請求されます。不要になったら destroy --nat-only で削除できます。',
  expiryWhy: '第 5 章 (有効期限): 指定した時刻に AWS (EventBridge Scheduler) が NAT ゲートウェイを削除し、両方のサーバーを停止します。PC の電源が切れていても実行されます。`up` で元に戻せます。',
  expiryAsk: 'ラボを停止するまでの時間',
  expiry8h: '8 時間 (午後いっぱい)',
  expiry4h: '4 時間',
  expiry1d: '1 日',
  expiryNever: '停止しない (destroy するまで料金が発生します)',
  natWhy: 'NAT: プライベートサブネットのインスタンスがインターネットに接続するための仕組みです。チュートリアルでは NAT ゲートウェイを使用します。NAT インスタンス (t4g.nano) を使うと、約 10 分の 1 の料金で同じことができます。NAT ゲートウェイは 1 時間未満の利用も 1 時間分として請求されます。',
  natAsk: 'プライベートサブネットの NAT',
  natGateway: 'NAT ゲートウェイ (チュートリアルどおり)',
  natInstance: 'NAT インスタンス (t4g.nano)',
  confirm: 'ラボを作成しますか?',
  confirmAll: 'はい、すべての章を一度に作成する',
  confirmStep: 'はい、1 章ずつ作成する (章ごとに一時停止して内容を確認する)',
  confirmNo: 'いいえ',
  stepAsk: '次の章に進みますか?',
  stepContinue: '続ける',
  stepStop: 'ここで停止する (ラボは残ります。続きは aws-lab-setup up で作成できます)',
  confirmDestroy: 'これらのリソースを削除しますか? インスタンスは終了され (ルートボリュームも削除されます)、Elastic IP アドレスは解放されます。この操作は元に戻せません。',
  confirmUnlock: 'このロックを削除しますか? その実行が終了している場合にのみ削除してください。同じラボで 2 つの実行が同時に動くと、リソースが重複して作成されることがあります。',


  refused: (reason, hint) => `${reason}。${hint}`,
  savedSettingsOf: (lab) => `ラボ "${lab}" の保存済みの設定を使います。`,
  askWithDetail: (question, detail) => `${question} (${detail})`,
  choiceWithDetail: (label, detail) => `${label}: ${detail}`,
  stopping: '実行中のステップが終わったら停止します。すぐに終了するには、もう一度 Ctrl-C を押してください。',
  page_apache: 'aws-lab-setup が構築した Amazon Linux 2023 上の Apache です。',
  confirmKeys: (yesByDefault) => (yesByDefault ? '(Y: はい / n: いいえ)' : '(y: はい / N: いいえ)'),
  confirmAnswer: (yes) => (yes ? 'はい' : 'いいえ'),

  flag_vpcCidr: 'VPC の CIDR ブロック (/16～/27、デフォルト: 10.0.0.0/16)',
  flag_publicSubnetCidr: 'パブリックサブネット (デフォルト: VPC の x.x.1.0/24)',
  flag_privateSubnetCidr: 'プライベートサブネット (デフォルト: VPC の x.x.2.0/24)',
  flag_keyName: 'キーペア名 (デフォルト: <lab>-key)',
  flag_publicKeyFile: 'キーペアを作成する代わりに、この OpenSSH のパブリックキーをインポートします',
  flag_sshCidr: 'Web サーバーへの SSH を許可するソース (デフォルト: あなたのパブリック IP アドレス/32)',
  flag_instanceType: '両サーバーのインスタンスタイプ (デフォルト: t3.micro)',
  flag_ami: '起動する AMI (デフォルト: 最新の Amazon Linux 2023)',
  flag_expiresIn: 'AWS がラボを停止するまでの時間 (90m、4h、2d、または never。デフォルト: 8h)。もう一度指定すると時刻を変更します',
  flag_nat: 'プライベートサブネットの NAT: gateway (チュートリアルの NAT ゲートウェイ) または instance (t4g.nano の NAT インスタンス、料金は約 10 分の 1)。デフォルト: gateway',

  chapter_network: 'ネットワーク',
  chapter_web: 'Web サーバー',
  chapter_apache: 'Apache',
  chapter_db: 'プライベート DB サーバー',
  chapter_expiry: '有効期限',

  explainTitle: (lab, until) => `aws-lab-setup explain (ラボ "${lab}"、第 1 章から第 ${until} 章まで)`,
  explainHeader: [
    'このラボを `aws-lab-setup up` と同じ順序で作成する AWS CLI コマンドです。',
    'bash で実行できます (AWS CLI と認証情報が必要です)。削除には `aws-lab-setup destroy` を使用します (タグでリソースを見つけます)。',
  ],
  explain_1: '第 1 章 (ネットワーク): VPC (AWS アカウント専用の仮想ネットワーク)、パブリックサブネットとプライベートサブネット、インターネットゲートウェイ、インターネットゲートウェイへのデフォルトルートを持つパブリックルートテーブルです。',
  explain_2: '第 2 章 (Web サーバー): SSH 用のキーペア、セキュリティグループ (SSH は自分の IP アドレスから、HTTP は任意の場所から許可)、パブリックサブネットのインスタンス、固定のパブリック IP アドレス (Elastic IP アドレス) です。',
  explain_3: '第 3 章 (Apache): Web サーバーの初回起動時に、ユーザーデータのスクリプトが Apache をインストールします。',
  explain_4: '第 4 章 (プライベート DB サーバー): Web サーバーからのアクセスのみを許可するセキュリティグループ、プライベートサブネットがパッケージを取得するための NAT ゲートウェイ (時間単位の料金)、NAT ゲートウェイへのルートを持つプライベートルートテーブル、パブリック IP アドレスのない MariaDB のインスタンスです。',

  action_create: '作成',
  action_update: '変更',
  action_keep: '維持',
  action_replace: '相違',
  action_delete: '削除',
  action_removed: (how) => REMOVE_ACTION[how],
  action_absent: 'なし',
  action_later: '後で',
  planCount: (n, action) =>
    ({ create: `作成 ${n} 件`, update: `変更 ${n} 件`, keep: `維持 ${n} 件`, replace: `相違 ${n} 件`, delete: `削除 ${n} 件`, absent: `存在しない ${n} 件`, later: `後の章 ${n} 件` })[action],
  planLine: (counts) => `計画: ${counts.join('、')}。`,
  settingShown: (label, value) => `${label}: ${value}`,
  settingCaution: (label, value, mark, caution) => `${label}: ${value} ${mark} ${caution}`,
  listSep: '、',

  costWhileUp: 'ラボの稼働中に発生する料金',
  costOnceUpTo: (until) => `第 1 章～第 ${until} 章を作成したあとに発生する料金`,
  costBillingNow: '現在発生している料金',
  costStillBilling: '引き続き料金が発生するインスタンス、EBS ボリューム、Web サーバーの Elastic IP アドレス',
  labelled: (label, text) => `${label}: ${text}`,
  costHead: (title, region, takenOn) => `${title} (${region}、${takenOn} 時点のオンデマンド料金):`,
  costItem: (quantity, item) => counted(quantity, item),
  costTotal: '合計',
  perHour,
  perMonth,
  amount: (usd) => `${centsFigure(usd)} USD`,
  costPerGb: '  (データ転送と NAT ゲートウェイのデータ処理には、GB 単位の料金が別途発生します。NAT ゲートウェイは 1 時間未満の利用も 1 時間分として請求されます)',

  costPart: (part, type) =>
    ({ instance: `${type} インスタンス`, natGateway: 'NAT ゲートウェイ', natInstance: `NAT インスタンス (${type})`, publicIp: 'パブリック IPv4 アドレス', volumeGb: 'EBS ボリューム (GB)' })[part],
  expiryAct_natGateway: 'NAT ゲートウェイの削除',
  expiryAct_natInstance: 'NAT インスタンスの停止',
  expiryAct_servers: 'Web サーバーと DB サーバーの停止',

  notYet: '(まだありません)',
  labUp: 'ラボができました。',
  labUpTo: (chapter, title) => `ラボは第 ${chapter} 章 (${title}) までできました。`,
  labGoesOn: '続きは `aws-lab-setup up` で作成できます。',
  out_webPublicIp: 'Web サーバーのパブリック IPv4 アドレス',
  out_webPublicDns: 'Web サーバーのパブリック IPv4 DNS',
  out_webUrl: 'Web ページ',
  out_dbPrivateIp: 'DB サーバーのプライベート IPv4 アドレス',
  out_privateKey: 'プライベートキー',
  sshWebHead: 'Web サーバーへの SSH:',
  sshDbHead: 'DB サーバーへの SSH (Web サーバー経由):',
  sshDbAgent: (keyPath, command) => `  または、ssh-agent にキーを登録してから (ssh-add ${keyPath}): ${command}`,

  awsState: awsStateJa,
  health_found: 'あり',
  health_missing: 'なし',
  health_drifted: '相違',
  statusNothing: (lab, region) => `ラボ "${lab}" (${region}): リソースはありません。`,
  statusHead: (lab, region, present, total, up, soFar) =>
    `ラボ "${lab}" (${region}): リソース ${present}/${total}${up ? `、稼働 ${up}` : ''}${soFar !== undefined ? `、これまでの料金 約 ${soFar}` : ''}。`,
  durationMinutes: (m) => `${m} 分`,
  durationHours: hoursMinutes,
  durationDays: daysHours,
  progress_partly: '一部',
  progress_notYet: '未作成',
  chaptersLine: (parts) => `章: ${parts.join('、')}`,
  chapterProgress: (n, title, state) => `${n} ${title}${state === undefined ? '' : ` (${state})`}`,
  chaptersRest: '。残りは `aws-lab-setup up` で作成できます',

  chapterDone: (n, title) => `第 ${n} 章 (${title}) が完了しました。作成したリソースと確認方法は次のとおりです:`,
  outcome_created: '作成しました',
  outcome_kept: '作成済み',
  outcome_updated: '変更しました',
  outcome_deleted: '削除しました',
  outcome_absent: 'ありません',
  outcome_skipped: 'スキップしました',
  outcome_removed: (how) => REMOVED[how],
  lookConsole: 'コンソール:',
  lookCli: 'CLI:       ',

  preflight: '事前チェック:',
  permissionsRefused: (n, actions) => `アクセス許可: ${n} 件の API 呼び出しが拒否されました: ${actions.join('、')}`,
  permissionsAllowed: (n) => `アクセス許可: ドライランで ${n} 件の API 呼び出しが許可されました`,
  permissionsUnknown: (n) => ` (ほかの ${n} 件は事前に確認できません)`,
  quotaWhat: (key, _counts) => QUOTA_WHAT[key],
  quotaCounted: (what, used, needed) => `${what}: 使用中 ${used} + ラボ用 ${needed}`,
  quotaOf: (counted, limit, from, service, code) => `${counted}、上限 ${limit} (${limitFrom(from)}、${service} ${code})`,
  limitFrom,
  quotaUnreadable: (counted, service, code, why) => `${counted}。クォータ (${service} ${code}) を Service Quotas から読み取れませんでした (${why})`,
  quotaWarn: (unknown, newAccount) => `${unknown}。新しいアカウントでは上限が ${newAccount} の場合があり、その場合は作成の途中で AWS にリクエストを拒否されます。up を実行する前にクォータの引き上げを申請してください`,
  quotaFits: (unknown, newAccount) => `${unknown}。新しいアカウントのデフォルトの上限 (${newAccount}) 内に収まります`,

  spanMinutes: (m) => `${m} 分`,
  spanHours: hoursMinutes,
  spanDays: daysHours,
  perHourAndMonth: (hourly, monthly) => `${perHour(hourly)} ${perMonth(monthly)}`,
  cost_noPrices: (region, known) => `${region} の料金の情報がありません (料金があるリージョン: ${known.join('、')})`,
  cost_noPrice: (type, region) => `${region} の ${type} の料金の情報がありません`,
  setting_value: settingValue,
  progress_elapsed: (s) => `、${s} 秒`,
  progress_took: (s) => `(${s} 秒)`,
  unknownCost: (reason) => `不明 (${reason})`,
  billsItem: (quantity, item) => counted(quantity, item),
  billsGb: (gb) => `EBS ボリューム ${gb} GB`,
  billsAnd: (parts) => parts.join('、'),
  billsAddressesVolumes: 'パブリック IPv4 アドレスと EBS ボリューム',
  noExpiry: '有効期限なし:',
  noExpiryBills: (cost) => `destroy するまで ${cost} の料金が発生し続けます`,
  noExpiryHow: '(有効期限は up --expires-in 8h で設定できます)',
  expiredAt: (when, ago) => `有効期限: ${when}、${ago}前に期限切れ`,
  expiredDid: (head, does) => `${head}。この時刻に AWS が次の処理を行う予定でした: ${does.join('、')}。`,
  expiredStill: (bills, cost) => `  引き続き料金が発生するのは、${bills} です: ${cost}。\`aws-lab-setup up\` でラボを元に戻せます。`,
  expiresAt: (when, within) => `有効期限: ${when}、あと ${within}`,
  expiresWill: (head, does) => `${head}。この時刻に AWS が次の処理を行います: ${does.join('、')}。`,
  expiresAfter: (bills, cost, now) => `  停止後も料金が発生し続けるのは、${bills} のみです: ${cost}。${now}。`,
  expiresNow: (cost) => `現在は ${cost}`,

  seconds: (s) => `${s} 秒`,
  minutesSeconds: (m, s) => `${m} 分 ${s} 秒`,
  pageAnswered: (status) => `${status} を返しました`,
  pageNoAnswerYet: (error) => `まだ応答がありません (${error})`,
  pageNoAnswerIn: (seconds, error) => `${seconds} 秒以内に応答がありません (${error})`,
  pageSkipped: (env) => `--endpoint-url で指定したエンドポイント (エミュレーター) ではサーバーが起動しないため、Web ページの応答は待ちません。待機する URL は ${env}=<url> で指定できます`,
  pageWaiting: (url, bound) => `Web ページ ${url} の応答を待っています (最大 ${bound}、--no-wait-for-page で省略できます)`,
  pageAnswered200: (url, waited, boot) => `Web ページ ${url} が ${waited} 後に 200 を返しました${boot === undefined ? '' : `。初回起動にかかった時間は ${boot} です`}`,
  pageLate: (url, waited, said) => `Web ページ ${url} は ${waited} 以内に 200 を返しませんでした${said ?? ''}。`,
  pageLateAnswered: (status) => ` (${status} を返しました)`,
  pageLateNoAnswer: (error) => ` (応答なし: ${error})`,
  pageLateWhy: '  ラボの作成は完了しています。初回起動時のパッケージのインストール (dnf による Apache と MariaDB) がまだ終わっていないと考えられます。小さいインスタンスでは数分かかります。',
  pageLateNext: '数分後に `aws-lab-setup check` を実行してください。それでも失敗する場合は、`aws-lab-setup ssh web sudo tail /var/log/cloud-init-output.log` で初回起動のログを確認できます',

  dMissing: '(なし)',
  dPublicSubnet: (cidr) => `パブリックサブネット ${cidr}`,
  dPrivateSubnet: (cidr) => `プライベートサブネット ${cidr}`,
  dWebServer: (id) => `Web サーバー ${id}`,
  dWebApache: (address, elastic) => `Apache、${address ? `${address} (${elastic ? 'Elastic IP' : 'パブリック IP'})` : 'パブリックアドレスなし'}`,
  dPrivateIp: (ip) => `プライベート IP ${ip}`,
  dNatInstance: (id) => `NAT インスタンス ${id}`,
  dNatInstanceDetail: (type, ip) => `${type}、${ip}`,
  dNatGateway: (id) => `NAT ゲートウェイ ${id}`,
  dElasticIp: (ip) => `${ip} (Elastic IP)`,
  dRoute: (to) => `ルート 0.0.0.0/0 -> ${to}`,
  dBlackhole: '(ブラックホール)',
  dToIgw: 'インターネットゲートウェイ',
  dToNatInstance: 'NAT インスタンス',
  dToNatGateway: 'NAT ゲートウェイ',
  dDbServer: (id) => `DB サーバー ${id}`,
  dDbMariadb: (address) => `MariaDB、${address ? `${address} (パブリック IP)` : 'パブリックアドレスなし'}`,
  dAllTraffic: 'すべて',
  dInternetGateway: (id) => `インターネットゲートウェイ ${id}`,
  dInternet: 'インターネット',

  next: '次の手順:',
  requestId: (id) => `  AWS リクエスト ID: ${id}`,
  inFlight: (n, names) => `実行中 ${n} 件: ${names.join('、')}`,

  err_langUnknown: (lang) => `言語 "${lang}" には対応していません`,
  hint_langUnknown: '--lang en または --lang ja を指定してください',
  err_endpointUrl: (url) => `エンドポイント URL "${url}" は http(s) の URL ではありません`,
  hint_endpointUrl: 'http://127.0.0.1:5000 のように指定してください',
  err_chapterUnknown: (value) => `章 "${value}" はありません`,
  hint_chapterUnknown: (accepted) => `--until には次のいずれかを指定してください: ${accepted.map((c) => `${c.n} または ${c.name}`).join('、')}`,
  err_quotaShort: (short, region) =>
    `${short.map((q) => `ラボには ${QUOTA_WHAT[q.quota]} があと ${q.needed} 必要ですが、${region} では上限 ${q.limit} のうち ${q.used} が使用中です (${q.service} のクォータ ${q.code}、${limitFrom(q.from)})`).join('。')}。何も作成していません`,
  err_cancelledPrompt: '入力を中止しました。何も変更していません。',
  hint_cancelledPrompt: '準備ができたら同じコマンドをもう一度実行してください',
  err_cancelled: 'Ctrl-C で中断しました。ステートファイルには中断時点までの内容が保存されています。',
  hint_cancelled: '同じコマンドをもう一度実行すると続きを行います',
  hint_cancelledStep: '`aws-lab-setup up` を実行すると、この章の続きから進めます',

  err_stepYes: '--step と --yes は同時に指定できません (--step は章ごとに確認し、--yes は確認を省略します)',
  hint_stepYes: '--yes を外すか、確認なしで章の後に止めるには --until <chapter> を使ってください',
  err_stepNoTerminal: '--step は章ごとに確認するため端末が必要です',
  hint_stepNoTerminal: '端末で実行するか、--until <chapter> (1～4 または network、web、apache、db) でその章まで作成して停止してください',
  err_otherRegion: (lab, saved, asked) => `ラボ "${lab}" は ${asked} ではなく ${saved} にあります`,
  hint_otherRegion: (lab, asked) => `先にそちらのラボを削除する (aws-lab-setup destroy --name ${lab}) か、${asked} のラボには別の --name を指定してください`,
  err_noTerminal: '端末がないため確認できません',
  hint_noTerminalUp: '上の計画どおりに進めるには `aws-lab-setup up --yes` を実行してください',
  hint_noTerminalDestroy: (command) => `上に挙げたものを削除するには \`${command}\` を実行してください`,
  nothingCreated: '何も作成していません。',
  nothingDeleted: '何も削除していません。',
  secondCopy: (n, lab) => `ラボ "${lab}" のタグが付いたリソースをさらに ${n} 件削除しました (同じラボのタグが付いた重複リソース)`,
  deleted: (n, lab, natOnly) =>
    `ラボ "${lab}" のリソースを ${n} 件削除しました${natOnly === undefined ? '' : `: ${NAT_PARTS[natOnly]}`}。`,
  nothingLeft: (lab) => `ラボ "${lab}" には削除するものが残っていません。`,
  natBack: (nat) => `NAT ${NAT_KIND[nat]}を元に戻すには \`aws-lab-setup up\` を実行してください。`,

  help_program: 'チュートリアルの 2 層構成の AWS ラボ (VPC、Apache の Web サーバー、NAT ゲートウェイ経由で外部に接続するプライベートな MariaDB サーバー) を構築・削除します。',
  help_until: 'この章まで構築します: 1～4 または network、web、apache、db (デフォルト: すべて)',
  help_class: '名簿 (CSV) の受講者ごとのラボ: plan、up、status、destroy',
  help_classPlan: '`class up` が受講者ごとに構築するリソースと、クラス全体の 1 時間あたりの料金を表示します',
  help_classUp: 'AWS の制限の範囲で全受講者のラボを一度に構築 (または完成) し、配布資料を書き出します',
  help_classStatus: '受講者ごとに 1 行で表示します: 完了した章、Web ページの URL、NAT、これまでの料金、有効期限',
  help_classDestroy: 'クラスのすべてのラボを削除し、各アカウントとリージョンにタグ付きのものが残っていないか確認します',
  help_roster: 'クラス: ヘッダー行のある CSV ファイル (learner、必要に応じて account、profile、region、public_key)',
  help_roleName: '名簿のアカウントで引き受ける IAM ロール',
  help_parallel: (n) => `1 つのアカウントとリージョンで同時に構築するラボの数 (デフォルト: ${n}。CreateNatGateway API のレート制限 (トークンバケット) に基づく値)`,
  help_out: '配布資料の出力先 (デフォルト: ./<class>/)',
  help_classQuotas: 'クラスに必要な各クォータを、アカウントとリージョンごとに、使用中の数と上限に照らして表示します',
  help_classRequest: '不足分を Service Quotas に申請します (申請中のものを先に確認します)',
  help_lang: '言語: en または ja (デフォルト: ロケールから)',
  help_up: 'ラボを作成します (途中まで作成したラボは続きから作成します)。何度実行しても問題ありません',
  help_step: '章ごとに一時停止し、作成したリソースと確認方法を表示します。続けるか停止するかを選択できます',
  help_noWaitForPage: '最後のリソースを作成したら、Web ページの応答を待たずに終了します (通常は最大 5 分待ちます)',
  help_plan: '`up` が作成、維持、変更するリソースと、その料金を表示します',
  help_explain: 'このラボを構築する AWS CLI コマンド (bash スクリプト) を表示します。何も変更しません',
  help_destroy: 'ラボのすべてのリソースを、依存関係の順に削除します',
  help_natOnly: 'NAT (ゲートウェイまたはインスタンス)、そのルートとアドレスのみを削除します (使用していなくても時間単位の料金が発生するリソースです)',
  help_status: 'すべてのリソースの現在の状態、アドレス、これまでの料金、構成図を表示します',
  help_ascii: '構成図を + - | で描きます (罫線文字が全角幅で表示される端末向け)',
  help_ssh: 'Web サーバーに、または Web サーバー経由で DB サーバーに SSH 接続します',
  help_sshServer: 'web または db',
  help_sshCommand: '接続先で実行するコマンド',
  help_sshConfig: '~/.ssh/config 用の Host ブロックを表示します (web と、それを経由する db)',
  help_check: 'チュートリアルの確認を行います: Web ページの応答、DB サーバーの ping への応答、MariaDB の稼働',
  help_webUrl: 'Web サーバーのパブリック DNS 名の代わりにこの URL を確認します',
  help_timeout: '各確認にかけてよい時間 (秒)',
  help_policy: 'このツールが行うすべての AWS API 呼び出しを許可する最小権限の IAM ポリシー (JSON) を表示します',
  help_policyStateDir: 's3://BUCKET/PREFIX に置くステートのための S3 API 呼び出しを追加します (デフォルト: AWS_LAB_SETUP_STATE)',
  help_policyStateBucketOwner: '--state-dir と一緒に: バケットを所有する 12 桁のアカウント (デフォルト: このポリシーを持つ人のアカウント)',
  help_policyBoundary: '代わりに、管理者が一度だけマネージドポリシーとして作成するアクセス許可の境界を表示します',
  help_policyRegion: '変更をこのリージョンでだけ許可します (参照はすべてのリージョンで許可されたままです)',
  help_policyStateInit: '--state-dir と一緒に: `state init` がバケットを作るのに必要なものを追加します',
  help_state: 'ラボのステートの保存先を管理します (ラボを共有する S3 バケットの作成、ステートの移動)',
  help_stateInit: '共有ステート用の S3 バケットを作成 (または設定を修正) します: バージョニング、暗号化、ブロックパブリックアクセス、ライフサイクル',
  help_stateWhere: 's3://BUCKET/PREFIX',
  help_stateMove: 'ラボのステートを --state-dir (すべてのラボ、または --name) から --to へ、キーも含めて移動します',
  help_to: '移動先: s3://BUCKET/PREFIX、またはフォルダー',
  help_unlock: 'ロックを持っていた実行が終了しているとき、ラボのロックを手動で削除します (先に確認します)',
  help_name: 'ラボ名: すべてのリソースのタグとステートファイルの名前になります (デフォルト: aws-lab)',
  help_region: 'AWS リージョン (デフォルト: AWS_REGION またはプロファイルのリージョン)',
  help_profile: '~/.aws/config の AWS プロファイル',
  help_endpointUrl: 'AWS API の呼び出し先をこの URL に変更します (moto などのローカルエミュレーター用)。AWS_ENDPOINT_URL でも指定できます',
  help_waitForLock: '別の実行がラボをロックしている場合、エラーにせず終了を待ちます',
  flagRenamed: (old, now) => `${old} は ${now} に変わりました。古い書き方はこのリリースでのみ使えます`,
  flagNoLock: (old) => `${old} はこのコマンドでは何もしません。このコマンドはラボのロックを待ちません (このオプションは次のリリースで削除されます)`,
  help_rediscover: 'ステートファイルを無視し、ラボのタグから作り直します',
  help_json: '標準出力に JSON ドキュメントを 1 つ出力します',
  help_debug: 'エラー時にスタックトレースと AWS リクエスト ID を表示します',
  help_yes: '確認せずに実行します (フラグ、保存済みの設定、デフォルトの順に値を決めます)',
  help_help: 'コマンドのヘルプを表示します',
  help_version: 'バージョン番号を表示します',
  help_stateBucketOwner: 'S3 のステートのバケットが属すべき 12 桁のアカウント (デフォルト: この認証情報のアカウント)。別のアカウントのバケットは使いません',
  help_stateDir: (dir) => `ステートファイルの保存先: フォルダー、またはラボを共有する s3://BUCKET/PREFIX (デフォルト: AWS_LAB_SETUP_STATE、なければ ./${dir})`,
  commanderTitle: (title) => ({ 'Usage:': '使い方:', 'Options:': 'オプション:', 'Commands:': 'コマンド:', 'Arguments:': '引数:', 'Global Options:': '共通オプション:' })[title] ?? title,
  commanderDefault: (value) => `デフォルト: ${value}`,
  commanderError: (message) => commanderJa(message),

  res_vpc: (cidr) => `VPC ${cidr} (DNS ホスト名: 有効)`,
  res_publicSubnet: (cidr) => `パブリックサブネット ${cidr}`,
  res_privateSubnet: (cidr) => `プライベートサブネット ${cidr}`,
  res_internetGateway: 'インターネットゲートウェイ (VPC にアタッチ)',
  res_publicRouteTable: 'パブリックルートテーブル',
  res_privateRouteTable: 'プライベートルートテーブル',
  res_publicRoute: (target) => `ルート 0.0.0.0/0 -> ${RESOURCE_NAME[target] ?? target}`,
  res_privateRoute: (target) => `ルート 0.0.0.0/0 -> ${RESOURCE_NAME[target] ?? target}`,
  res_publicRouteAssociation: 'パブリックサブネットとパブリックルートテーブルの関連付け',
  res_privateRouteAssociation: 'プライベートサブネットとプライベートルートテーブルの関連付け',
  res_keyPair: (name, importedFrom, keyPath) =>
    importedFrom ? `キーペア ${name} (${importedFrom} からインポート)` : `キーペア ${name} (プライベートキーの保存先: ${keyPath})`,
  res_webSecurityGroup: (sshCidr) => `Web サーバーのセキュリティグループ: SSH は ${sshCidr}、HTTP は任意の場所 (0.0.0.0/0) から許可`,
  res_webInstance: (type) => `Web サーバー (${type}、パブリックサブネット)`,
  res_webElasticIp: 'Web サーバーの Elastic IP アドレス',
  res_webAddressAssociation: 'Elastic IP アドレスと Web サーバーの関連付け',
  res_webApache: 'Web サーバーの Apache (ユーザーデータでインストール)',
  res_dbSecurityGroup: 'DB サーバーのセキュリティグループ: Web サーバーからの MariaDB、ping、SSH',
  res_natElasticIp: 'NAT ゲートウェイの Elastic IP アドレス',
  res_natGateway: 'パブリックサブネットの NAT ゲートウェイ (時間単位の料金)',
  res_natSecurityGroup: (vpcCidr) => `NAT インスタンスのセキュリティグループ: VPC ${vpcCidr} からのすべてのトラフィック`,
  res_natInstance: (type, fallback) => `NAT インスタンス (${type} または ${fallback}、パブリックサブネット、プライベートサブネットの通信を転送)`,
  res_dbInstance: (type) => `DB サーバー (${type}、プライベートサブネット、MariaDB、パブリックアドレスなし)`,
  res_expiryRole: (name) => `IAM ロール ${name} (有効期限による自動停止で使用)`,
  res_expiryPolicy: (nat) => `IAM ロールのアクセス許可 (ラボのサーバーの停止と ${NAT_ACT[nat] ?? NAT_ACT.natGateway}のみ)`,
  res_expiryGroup: (name) => `スケジュールグループ ${name}`,
  res_natExpiry: (at, nat) => `${scheduleTime(at)}: ${NAT_ACT[nat] ?? NAT_ACT.natGateway}`,
  res_serversExpiry: (at) => `${scheduleTime(at)}: Web サーバーと DB サーバーの停止`,
} satisfies Catalog;

/** A message here that takes fewer (or other) values than the English one fails to compile, naming its key. */
type Exact<T extends { [K in keyof En]: true }> = T;
export type JaMatchesEn = Exact<{ [K in keyof En]: SameParams<Parameters<Extract<(typeof ja)[K], (...a: never[]) => unknown>>, Parameters<Extract<En[K], (...a: never[]) => unknown>>> }>;
