import type { Catalog } from './types.js';
import type { enClass } from './en-class.js';

/** 日本語 (ja.ts が読み込みます): en-class.ts の各メッセージの日本語です。用語と文体は docs/glossary-ja.md に従います。 */
import type { SweptKind } from './en-class.js';

/** クォータの名前 (Service Quotas のコンソールの表示のとおり)。 */
const QUOTA: Record<string, string> = { vpcs: 'VPC', elasticIps: 'Elastic IP アドレス', standardVcpus: 'オンデマンド標準インスタンスの vCPU', natGatewaysPerZone: 'NAT ゲートウェイ', internetGateways: 'インターネットゲートウェイ' };
const quota = (q: string, zone?: string) => `${zone ? `${zone} の ` : ''}${QUOTA[q] ?? q}`;
/** 掃除で見つかったものの種類。 */
const KIND: Record<SweptKind, string> = {
  vpcs: 'VPC', subnets: 'サブネット', internetGateways: 'インターネットゲートウェイ', routeTables: 'ルートテーブル', securityGroups: 'セキュリティグループ', keyPairs: 'キーペア',
  instances: 'インスタンス', addresses: 'Elastic IP アドレス', natGateways: 'NAT ゲートウェイ', scheduleGroups: 'スケジュールグループ (EventBridge Scheduler)', iamRoles: 'IAM ロール',
};
const ja = (n: number) => `${n} 件`;

export const jaClass = {
  help_className: 'クラス名: ラボの名前は <class>-<learner> になります (デフォルト: 名簿のファイル名から拡張子を除いたもの)',
  help_classPolicy: 'ラボ以外にクラスが呼ぶものを追加します: `class quotas --request` (Service Quotas) と `class destroy` の掃除 (スケジュールグループ、IAM ロール)',
  help_policyRoster: 'クラスの名簿: account 列があれば、その各アカウントの --role-name のロールへの `sts:AssumeRole` を許可します',
  err_classNoRoster: '名簿が指定されていません',
  hint_classNoRoster: '--roster FILE を指定してください: 見出し行 learner[,account,profile,region,public_key] のある CSV ファイルです',
  err_classParallel: (value) => `--parallel "${value}" は指定できません`,
  hint_classParallel: '1 から 50 までの整数を指定してください: 1 つのアカウントとリージョンで同時に作るラボの数です',
  err_classKeyName: '--key-name を指定すると、クラスのすべてのラボが同じキーペアになります',
  hint_classKeyName: '省いてください: ラボごとに自分のキー (<lab>-key) を作ります。または名簿に public_key 列を指定してください',
  err_classUpYes: '`class up` は確認なしで名簿の受講者全員のラボを作ります',
  hint_classUpYes: '先に `aws-lab-setup class plan --roster FILE` で内容を確かめ、それから `class up --yes` を実行してください',
  err_classDestroyYes: '`class destroy` は確認なしでクラスのすべてのラボを削除します',
  hint_classDestroyYes: '`aws-lab-setup class destroy --roster FILE --yes` を実行してください',
  err_classQuotaShort: (short) => `クラスに必要な数がクォータを超えます: 不足は ${short.map((q) => `${q.target}${q.zone ? ` (${q.zone})` : ''} の ${q.code} が ${q.short}`).join('、')} です。何も作成していません`,
  hint_classQuotaShort: '使っていないものを削除するか、--nat instance か受講者ごとのアカウントを使う (上を参照) か、`aws-lab-setup class quotas --roster FILE --request` を実行して AWS が引き上げるのを待ってください',
  err_classLeftBehind: (n, klass) => `クラス "${klass}" のタグが付いたリソースが ${n} 件残っています`,
  hint_classLeftBehind: 'もう一度 `class destroy` を実行してください。それでも残る場合は、コンソールで削除してください (上の一覧)',
  classUpDone: (klass: string, built: number, total: number, hourly: string, out?: string) => `クラス "${klass}": ${total} 件中 ${built} 件のラボができました。合計 ${hourly}/h です。${out ? `配布資料: ${out}` : ''}`,
  classPlanDone: (klass, labs, hourly) => `クラス "${klass}": ラボ ${labs} 件。すべてできると ${hourly}/h です。`,
  classDestroyDone: (klass, deleted, labs) => `クラス "${klass}": ラボ ${labs} 件のリソースを ${deleted} 件削除しました。`,
  classLockTakeover: (lab, why, pid, startedAt) => `${lab}: ${why === 'lease' ? 'リースの切れた' : 'もう存在しない'}実行のロックを引き継ぎます (pid ${pid}、開始 ${startedAt})`,
  classSecondCopy: (lab, n) => `${lab}: このラボのタグが付いた別のリソース (2 つ目のコピー) を ${n} 件削除しました`,

  err_className: (name) => `クラス名 "${name}" は使えません`,
  err_classNameFromFile: (name) => `名簿のファイル名から決まるクラス名 "${name}" は使えません`,
  hint_className: '英小文字、数字、ハイフンで 1 から 20 文字 (先頭は英小文字か数字) にしてください (--name NAME で指定できます)',
  err_rosterUnreadable: (file, why) => `名簿 "${file}" を読み込めません (${why})`,
  hint_rosterUnreadable: '1 行目が learner[,account,profile,region,public_key] の CSV ファイルのパスを指定してください',
  err_rosterCsv: (file, row, why) => `${file}${row ? ` の ${row} 行目` : ''}: CSV として読めません (${why})`,
  hint_rosterCsv: '見出し行のある CSV で保存してください。カンマを含む値は引用符で囲んでください',
  err_rosterEmpty: (file) => `名簿 "${file}" が空です`,
  hint_rosterEmpty: '見出し行 (learner,…) と、受講者ごとに 1 行を書いてください',
  err_rosterNoLearners: (file) => `名簿 "${file}" には見出し行しかなく、受講者がいません`,
  hint_rosterNoLearners: '受講者ごとに 1 行を追加してください',
  err_rosterNoLearnerColumn: (file, row) => `${file} の ${row} 行目: "learner" 列がありません`,
  hint_rosterNoLearnerColumn: (columns) => `1 行目に列の名前を書きます: learner (必須)、${columns.filter((c) => c !== 'learner').join('、')}`,
  err_rosterUnknownColumn: (file, row, column) => `${file} の ${row} 行目、列 "${column}": 知らない列です`,
  hint_rosterUnknownColumn: (columns) => `列は ${columns.join('、')} です (learner は必須)。何も作成していません`,
  err_rosterColumnTwice: (file, row, column) => `${file} の ${row} 行目、列 "${column}": 同じ列が 2 回あります`,
  hint_rosterColumnTwice: '各列は 1 回だけ書いてください。何も作成していません',
  err_rosterTooMany: (file, row, column, values, columns) => `${file} の ${row} 行目、列 "${column}": 列が ${columns} 個なのに値が ${values} 個あります`,
  hint_rosterTooMany: '見出しの列ごとに値を 1 つ書いてください。何も作成していません',
  err_rosterLearner: (file, row, learner) => `${file} の ${row} 行目、列 "learner": ${learner ? `"${learner}" は使えません` : '空です'}`,
  hint_rosterLearner: '英字、数字、"-" を使ってください (alice、bob-2 など)。何も作成していません',
  err_rosterLabName: (file, row, learner, lab) => `${file} の ${row} 行目、列 "learner": "${learner}" ではラボ名 "${lab}" が 31 文字を超えます`,
  hint_rosterLabName: '短い受講者名かクラス名 (--name) を使ってください。何も作成していません',
  err_rosterTwice: (file, row, learner, first) => `${file} の ${row} 行目、列 "learner": "${learner}" はすでに ${first} 行目にあります`,
  hint_rosterTwice: '受講者ごとに別の名前を付けてください (大文字と小文字の違いだけでは別の名前になりません)。何も作成していません',
  err_rosterAccount: (file, row, account) => `${file} の ${row} 行目、列 "account": "${account}" は AWS アカウント ID ではありません`,
  hint_rosterAccount: 'アカウントの 12 桁の数字を書いてください (例: 123456789012。先頭の 0 を残すには引用符で囲みます)。何も作成していません',
  err_rosterProfile: (file, row, profile) => `${file} の ${row} 行目、列 "profile": "${profile}" はプロファイル名ではありません`,
  hint_rosterProfile: '~/.aws/config のプロファイル名を書いてください。何も作成していません',
  err_rosterBoth: (file, row) => `${file} の ${row} 行目、列 "profile": アカウントとプロファイルの両方が指定されています`,
  hint_rosterBoth: 'どちらか 1 つにしてください: アカウント (--role-name のロールで入ります) かプロファイルです。何も作成していません',
  err_rosterRegion: (file, row, region) => `${file} の ${row} 行目、列 "region": "${region}" はリージョン名ではありません`,
  hint_rosterRegion: 'ap-northeast-1 や us-east-1 のようなコードを使ってください。何も作成していません',
  err_rosterPublicKey: (file, row, key) => `${file} の ${row} 行目、列 "public_key": "${key}" を読み込めないか、OpenSSH のパブリックキーではありません`,
  hint_rosterPublicKey: 'ssh-ed25519、ssh-rsa、ecdsa-sha2-… で始まる .pub ファイル (例: ~/.ssh/id_ed25519.pub) を指定してください。何も作成していません',

  err_assumeRole: (roleArn, why) => `${roleArn} を引き受けられません: ${why}`,
  hint_assumeRole: 'ロールが存在し、あなたのアカウントを信頼していることを確かめるか、--role-name NAME を指定してください',

  classStatusHead: ['受講者', 'アカウント/リージョン', '章', 'Web の URL', 'NAT', 'これまでの料金', '有効期限'],
  classStatusTitle: (klass, labs, soFar) => `クラス "${klass}": ラボ ${labs} 件、これまでに約 ${soFar}`,
  classNatNone: 'なし',
  classExpired: (time) => `${time} (期限切れ)`,
  classNever: 'なし',
  classFailed: (n) => `${ja(n)}のラボが失敗しました:`,
  classFailedNext: '示された問題を直してから、同じコマンドをもう一度実行してください: 終わっていないものだけを進めます',
  classNothingLeft: (targets) => `${targets.join('、')} にクラスのタグが付いたものは残っていません。`,
  classStillTagged: 'クラスのタグが付いたまま残っているもの:',
  classLeft: (target: string, kind: SweptKind, id: string, lab?: string) => `  ${target}  ${KIND[kind] ?? kind} ${id}${lab ? ` (ラボ ${lab})` : ''}`,
  classQuotasHead: ['アカウント/リージョン', 'クォータ', 'コード', '必要', '使用中', '上限', '不足', '上限の出どころ'],
  classQuota: (q: string, zone?: string) => quota(q, zone),
  classLimitFrom: (from) => {
    if (from === 'Service Quotas') return from;
    if (from === "AWS's default") return 'AWS のデフォルト';
    const refused = /^AWS's default \(Service Quotas: (.*)\)$/.exec(from);
    if (refused) return `AWS のデフォルト (Service Quotas: \`${refused[1]}\`)`;
    return `\`${from}\``;
  },
  classWhatElse: 'ほかに収まる方法:',
  classNatInstanceFits: '  --nat instance: 収まります (NAT インスタンスには Elastic IP アドレスも NAT ゲートウェイも要りませんが、ラボごとに vCPU が 2 つ増えます)。',
  classNatInstanceShort: (short) => `  --nat instance (NAT に Elastic IP アドレスも NAT ゲートウェイも使わず、ラボごとに vCPU が 2 つ増えます): それでも ${short.map((r) => `${r.target} の${quota(r.quota, r.zone)}が ${r.short}`).join('、')} 不足します。`,
  classPerLearnerFits: '  受講者ごとのアカウント (名簿の account 列、AWS Organizations を使用): それぞれのアカウントにクォータがあり、ラボ 1 つは新しいアカウントのデフォルトに収まります。',
  classPerLearnerShort: (over) => `  受講者ごとのアカウント (名簿の account 列): それぞれにクォータがありますが、ラボ 1 つで新しいアカウントのデフォルトを超えます: ${over.map((q) => `${QUOTA[q.quota] ?? q.quota} (${q.newAccount} に対して ${q.need})`).join('、')}。`,
  classZoneNote: '  (NAT ゲートウェイはゾーンごとに数えます: クラスは新しいラボを、インスタンスタイプを提供するゾーンに分散します。--zone を指定するとすべて 1 つのゾーンに入ります。)',
  classAskMore: '  または AWS に引き上げを申請します: `aws-lab-setup class quotas --roster FILE --request` (Elastic IP アドレスの小さな引き上げは数分で承認されることが多く、VPC の引き上げは数日かかることがあります)。',
  classNoneShort: '不足しているクォータはありません: 申請するものはありません。',
  classRequestFiled: (target, q, code, desired, id, status) => `${target} ${quota(q)} (${code}): ${desired} を申請しました。申請 ${id ?? '?'} ${status ?? ''}`.trimEnd(),
  classRequestOpen: (target, q, code, id, status, desired, wanted) =>
    `${target} ${quota(q)} (${code}): 申請がすでにあります: ${id} ${status}、${desired}${desired !== undefined && desired < wanted ? ` (クラスには ${wanted} 必要です。AWS はクォータごとに未完了の申請を 1 つしか受け付けません)` : ''}`,
  classRequestNone: (target, q, code, wanted) => `${target} ${quota(q)} (${code}): 不足していますが、申請はありません (クラスには ${wanted} 必要です。--request で申請します)`,

  handoutTitle: 'あなたの AWS ラボ',
  handoutCardsTitle: 'ラボカード',
  handoutLearner: '受講者',
  handoutLab: 'ラボ',
  handoutRegion: 'リージョン',
  handoutWeb: 'Web ページ',
  handoutSshWeb: 'Web サーバーへの SSH',
  handoutSshDb: 'DB サーバーへの SSH (Web サーバー経由)',
  handoutKeyMade: (key) => `プライベートキーはこのフォルダーのファイル ${key} です。コマンドはこのフォルダーで実行してください。`,
  handoutKeyOwn: (key) => `提出したパブリックキーと対になる、あなたのプライベートキーを使います: ${key}`,
  handoutSshConfig: (lab) => `または: ssh -F ssh_config ${lab}-web (${lab}-db も同様)。`,
  handoutCost: '稼働中の料金',
  handoutExpires: '自動停止の時刻',
  handoutNever: 'なし (講師が削除します)',
  handoutNotYet: '(まだ作成されていません)',

  hint_classOtherRegion: (lab: string) => `先にそのリージョンで削除する (aws-lab-setup destroy --name ${lab}) か、受講者にそのリージョンを指定してください`,
  zoneAsk: 'アベイラビリティーゾーン',
  flag_zone: 'ラボのサブネット、サーバー、NAT を置くアベイラビリティーゾーン (デフォルト: インスタンスタイプを提供するゾーンのうち、名前順で最初のもの)',
  err_zoneName: (zone: string) => `ゾーン "${zone}" はアベイラビリティーゾーンの名前ではありません`,
  hint_zoneName: 'ap-northeast-1a のように (リージョンと英字 1 文字で) 指定するか、--zone を省いてください',
  err_zoneRegion: (zone: string, region: string) => `ゾーン "${zone}" はラボのリージョン ${region} のものではありません`,
  hint_zoneRegion: (region: string) => `${region} のゾーン (${region}a、${region}c など) を指定するか、そのゾーンのリージョンを --region で指定してください`,
  err_zoneMoved: (lab: string, existing: string, asked: string) => `ラボ "${lab}" のサブネットは ${asked} ではなく ${existing} にあります`,
  hint_zoneMoved: (lab: string, existing: string) => `--zone を省く (または ${existing} を指定する) か、先にラボを削除してください (aws-lab-setup destroy --name ${lab})`,
  err_zoneNotOffered: (zone: string, type: string, region: string) => `ゾーン "${zone}" は、インスタンスタイプ "${type}" を提供する ${region} のゾーンではありません`,
  hint_zoneNotOffered: (zones: string[]) => (zones.length ? `次のいずれかを指定してください: ${zones.join('、')}` : '別の --instance-type または --region を指定してください'),
} satisfies Pick<Catalog, keyof typeof enClass>;
