import type { NetworkReason } from '../../aws/errors.js';
import type { S3Doing } from '../../engine/store/s3.js';
import type { QuotaKey } from '../../aws/quotas.js';
import type { CidrField } from '../../lab/core/config.js';
import type { Catalog } from './types.js';
import type { enErrors } from './en-errors.js';
import { ageJa, holderJa, SUBNET_NAME } from './ja-terms.js';

/** 接続先に届かなかった理由 (aws/errors.ts が理由を名指しします)。 */
const NETWORK_REASON: Record<NetworkReason, string> = {
  unresolved: '名前を解決できません',
  refused: '接続を拒否されました',
  noAnswer: '応答がありません',
  cut: '接続が切れました',
};
/** ホストが分からないときの呼び方です。 */
const hostOr = (host: string | undefined) => host ?? 'AWS のエンドポイント';

/** 日本語 (ja.ts が読み込みます): en-errors.ts の各メッセージの日本語です。用語と文体は docs/glossary-ja.md に従います。 */
/** 拒否された S3 の呼び出しが何をしていたか (engine/store/s3.ts)、必要なアクションとともに示します。 */
const S3_DOING: Record<S3Doing, (object: string | undefined) => string> = {
  readBlock: () => 'バケットのパブリックアクセスブロックの読み取り (s3:GetBucketPublicAccessBlock)',
  read: (object) => `${object} の読み取り (s3:GetObject、s3:ListBucket)`,
  write: (object) => `${object} の書き込み (s3:PutObject)`,
  list: (object) => `${object} の一覧の取得 (s3:ListBucket)`,
  lock: (object) => `ロック ${object} の取得 (s3:PutObject)`,
  unlock: () => 'ロックの削除 (s3:DeleteObject)',
  writeKey: () => 'プライベートキーの書き込み (s3:PutObject)',
};
/** フォルダーにステートを置けない理由 (errno のコードごと) です。 */
const FOLDER_REASON: Record<string, string> = {
  EROFS: 'ファイルシステムが読み取り専用です',
  EACCES: 'アクセスが拒否されました',
  EPERM: 'アクセスが拒否されました',
  ENOTDIR: 'ファイルが邪魔をしています',
  EEXIST: 'ファイルが邪魔をしています',
  ENOENT: 'そこには作成できません',
  ENOSPC: 'ディスクがいっぱいです',
};
/** リソースの種類 (エンジンの名前) をコンソールの呼び方で示します。 */
const KIND: Record<string, string> = {
  VPC: 'VPC', Subnet: 'サブネット', InternetGateway: 'インターネットゲートウェイ', RouteTable: 'ルートテーブル', Route: 'ルート',
  RouteTableAssociation: 'ルートテーブルの関連付け', SecurityGroup: 'セキュリティグループ', KeyPair: 'キーペア', Instance: 'インスタンス',
  InstanceUserData: 'ユーザーデータ', ElasticIp: 'Elastic IP アドレス', AddressAssociation: 'Elastic IP アドレスの関連付け',
  NatGateway: 'NAT ゲートウェイ', NatInstance: 'NAT インスタンス', IamRole: 'IAM ロール', IamRolePolicy: 'IAM ロールのポリシー',
  ScheduleGroup: 'スケジュールグループ', Schedule: 'スケジュール',
};
/** 経過時間 (秒) を「3 分 20 秒」のように示します。 */

/** 足りないクォータの空け方 (lab/views/readiness.ts) です。 */
const FREE_SOME: Record<QuotaKey, string> = {
  standardVcpus: '不要なインスタンスを停止または終了する',
  elasticIps: '使っていない Elastic IP アドレスを解放する',
  vpcs: '使っていない VPC を削除する',
  internetGateways: '使っていないインターネットゲートウェイを削除する',
  natGatewaysPerZone: '使っていない NAT ゲートウェイを削除する',
};
/** EC2 のインスタンスの状態 (なし: 存在しません) です。 */
const gone = (state: string | undefined) => (state ? `${state} の状態です` : 'ありません');

/** 拒否した CIDR がどのブロックのものか (lab/core/config.ts) です。 */
const CIDR_FIELD: Record<CidrField, string> = { vpc: 'VPC の CIDR', publicSubnet: 'パブリックサブネットの CIDR', privateSubnet: 'プライベートサブネットの CIDR', sshSource: 'SSH の接続元 CIDR' };

export const jaErrors = {
  // --- aws/: リージョン、ネットワーク、プロキシ、CA バンドル、ページの待機
  err_noRegion: 'AWS リージョンが設定されていません',
  hint_noRegion: '--region を指定する (例: --region ap-northeast-1) か、AWS_REGION を設定してください',
  err_proxyUrl: (variable, value) => `${variable} の "${value}" はプロキシの URL ではありません`,
  err_proxyScheme: (variable, scheme) => `${variable} は ${scheme} のプロキシを指しています。使えるのは http:// と https:// のプロキシだけです`,
  hint_proxyUrl: (variable) => `${variable}=http://proxy.example.com:3128 のように指定してください`,
  err_caUnreadable: (variable, file, code) => `${variable} が指す ${file} を読み取れません (${code ?? 'エラー'})`,
  hint_caBundle: (variable) => `${variable} に CA 証明書の PEM ファイルを指定するか、設定を外してください`,
  err_caNoPem: (variable, file) => `${variable} が指す ${file} には PEM の証明書がありません`,
  hint_caNoPem: (variable) => `${variable} に CA 証明書の PEM ファイル (\`-----BEGIN CERTIFICATE-----\`) を指定するか、設定を外してください`,
  err_pageWaitEnv: (variable, raw) => `${variable}="${raw}" は秒数ではありません`,
  hint_pageWaitEnv: (seconds) => `1 から 3600 の秒数 (デフォルト ${seconds}) を指定するか、--no-wait-for-page を指定してください`,
  err_proxyRefused: (proxy, host, answer) => `プロキシ ${proxy} が ${hostOr(host)} への接続を断りました (応答: ${answer})`,
  hint_proxyLogin: (variable) => `プロキシにはログインが必要です: ${variable} に指定してください (http://USER:PASSWORD@proxy:port)`,
  hint_proxyRefused: 'ホスト (--endpoint-url、--region) と、プロキシがそのホストへの接続を通すかを確認してください。直接つなぐには NO_PROXY にホストを指定してください',
  err_tls: (host, proxy, text) => `${hostOr(host)} との信頼できる TLS 接続ができません${proxy ? ` (プロキシ ${proxy} 経由)` : ''}: ${text}`,
  hint_tls: 'TLS を検査するプロキシの内側では、AWS_CA_BUNDLE にその CA の PEM ファイルを設定してください。--endpoint-url がそのホストの https サーバーを指しているかも確認してください',
  err_proxyUnreachable: (proxy, variable, host, reason, code) => `${hostOr(host)} へ向かう途中のプロキシ ${proxy} (${variable}) に届きません: ${NETWORK_REASON[reason]} (${code})`,
  hint_proxyUnreachable: (variable) => `${variable} を確認するか、直接つなぐには NO_PROXY にホストを指定してください`,
  err_unreachable: (host, reason, code) => `${hostOr(host)} に届きません: ${NETWORK_REASON[reason]} (${code})`,
  hint_unreachable: 'ネットワーク、--endpoint-url (または AWS_ENDPOINT_URL)、--region を確認してください。プロキシ経由で AWS につなぐ場合は HTTPS_PROXY、HTTP_PROXY、NO_PROXY を設定してください',

  // --- aws/errors.ts: 学習者が出会う AWS の拒否 (text は AWS 自身のメッセージの 1 行目で、英語のまま示します)
  err_sessionExpired: 'AWS のセッションの有効期限が切れています',
  hint_sessionExpired: '`aws sso login` を実行してから (プロファイルを使う場合は --profile NAME を付けます)、同じコマンドをもう一度実行してください',
  err_noCredentials: 'AWS の認証情報が見つかりません',
  hint_noCredentials: '`aws configure` (または `aws sso login`) を実行するか、--profile NAME を指定してください',
  err_badCredentials: 'AWS がこの認証情報を受け付けませんでした',
  hint_badCredentials: 'アクセスキー (または --profile) と、このマシンの時計が正しいかを確認してください',
  err_accessDenied: (code, text) => `この認証情報にはこの操作のアクセス許可がありません (AWS の応答 ${code}: ${text})`,
  hint_accessDenied: 'EC2 のフルアクセス (と `ssm:GetParameter`、有効期限には EventBridge Scheduler と `iam:CreateRole`、`iam:PutRolePolicy`、`iam:PassRole`) を持つロールまたはユーザーを使うか、--profile NAME を指定してください',
  err_roleNotReady: 'EventBridge Scheduler はまだラボの新しい有効期限用 IAM ロールを使えません (IAM が新しいロールを行き渡らせるには少し時間がかかります)',
  hint_roleNotReady: '1 分ほど待って同じコマンドをもう一度実行してください。有効期限なしで進めるには --expires-in never を指定してください',
  err_vpcLimit: 'このアカウントはこのリージョンの VPC の上限 (デフォルトは 5) に達しています',
  hint_vpcLimit: '使っていない VPC を削除するか、別の --region を使うか、Service Quotas でクォータの引き上げを申請してください',
  err_addressLimit: 'このアカウントはこのリージョンの Elastic IP アドレスの上限 (デフォルトは 5) に達しています',
  hint_addressLimit: '使っていない Elastic IP アドレスを解放するか、別の --region を使うか、クォータの引き上げを申請してください',
  err_instanceLimit: 'このアカウントはこのリージョンでこの種類のインスタンスをこれ以上実行できません',
  hint_instanceLimit: '他のインスタンスを停止または終了するか、Service Quotas で vCPU のクォータの引き上げを申請してください',
  err_typeRefused: (code, text) => `このインスタンスタイプはここでは提供されていません (AWS の応答 ${code}: ${text})`,
  hint_typeNotOffered: '別の --instance-type (t3.micro はほぼどこでも提供されています) か、別の --region を指定してください',
  err_noCapacity: 'AWS には今、このアベイラビリティーゾーンでこのインスタンスタイプの空き容量がありません',
  hint_noCapacity: '数分待って同じコマンドをもう一度実行するか、別の --instance-type を指定してください',
  err_keptRefusing: (code) => `AWS は何度か試してもリクエストを拒否し続けました (${code})`,
  hint_keptRefusing: '1 分ほど待って同じコマンドをもう一度実行してください。止まったところから続けます',
  err_awsRefused: (code, text) => `AWS がエラー ${code} を返しました: ${text}`,
  hint_awsRefused: '詳しくは --debug を付けてもう一度実行してください。ここまでに作成したものはステートファイルにあります',
  err_unexpected: (text) => `予期しないエラーです: ${text}`,
  hint_unexpected: '--debug を付けてもう一度実行し、スタックトレースを報告してください',

  // --- engine/: ステートとその保存先 (フォルダー、S3)、ロック、待機、削除
  err_folderUnwritable: (dir, code, text) => `${dir} にステートを置けません: ${FOLDER_REASON[code ?? ''] ?? text}`,
  err_folderFileInWay: (dir, at) => `${dir} にステートを置けません: ${at} はファイルで、邪魔をしています`,
  hint_stateDir: '書き込めるフォルダー (または s3://BUCKET/PREFIX) を --state-dir で指定してください',
  err_lockedFolder: (lab, pid, command, startedAt) => `別の aws-lab-setup の実行 (プロセス ${pid}、${command}、${startedAt} に開始) がラボ "${lab}" を操作中です`,
  hint_lockedFolder: (file) => `終わるまで待つ (または --wait-for-lock を付けてもう一度実行する) か、そのプロセスがもうない場合は ${file} を削除してください`,
  err_lockNotTaken: (file) => `ロック ${file} を取得できませんでした`,
  hint_lockNotTaken: (file) => `${file} を削除してからもう一度試してください`,
  err_stateUnreadable: (file, text) => `ステートファイル ${file} を読み取れません: ${text}`,
  hint_stateUnreadable: 'ファイルのアクセス許可を確認するか、--rediscover を付けてもう一度実行し、ラボのタグからステートを作り直してください',
  err_stateCorrupt: (name, why) => `ステートファイル ${name} が壊れています (${why ?? '内容が想定と違います'})`,
  hint_stateCorrupt: (name) => `\`${name}.bak\` を戻すか、--rediscover を付けてもう一度実行し、ラボのタグからステートを作り直してください`,
  err_s3NotOffered: (where) => `ここでは S3 のステート (${where}) は使えません`,
  hint_s3NotOffered: 'フォルダーを使ってください',
  err_notS3: (where) => `"${where}" は S3 のアドレスではありません`,
  hint_notS3: 's3://BUCKET/PREFIX の形で指定してください',
  err_s3Address: (where) => `ステートの場所 "${where}" は、このツールが使える S3 のアドレスではありません`,
  hint_s3Address: 's3://BUCKET/PREFIX の形で指定してください: バケット名は小文字、数字、ドット、ハイフンの 3-63 文字で、その後に必要ならプレフィックス (フォルダー) を続けます',
  err_stateExists: (name, lab) => `${name} にはすでにラボ "${lab}" のステートがあります`,
  hint_stateExists: '別の --name で移動するか、先にそのステートを削除してください',
  err_bucketMissing: (where, bucket) => `${where} にステートを置けません: バケット ${bucket} がありません`,
  hint_bucketMissing: (bucket, prefix) => `\`aws-lab-setup state init s3://${bucket}/${prefix}\` で作成してください`,
  err_bucketDenied: (where, doing, object) => `${where} にステートを置けません: ${S3_DOING[doing](object)} のアクセスが拒否されました`,
  hint_bucketDenied: (where) => `この認証情報に \`aws-lab-setup policy --state-dir ${where}\` の S3 のステートメントを与えてください (別のアカウントのバケットも拒否されます: そのアカウントを --state-bucket-owner で指定してください)`,
  err_bucketPublic: (where, bucket) => `${where} にステートを置けません: バケット ${bucket} はパブリックアクセスをブロックしていませんが、ステートにはプライベートキーが入ります`,
  hint_bucketPublic: 'バケットのパブリックアクセスブロックの 4 つの設定をすべてオンにする (`aws s3api put-public-access-block`) か、`aws-lab-setup state init s3://BUCKET/PREFIX` で正しく設定されたバケットを作成してください',
  err_bucketForeign: (where, bucket, owner) => `${where} にステートを置きません: バケット ${bucket} は ${owner} 以外のアカウントのもので、ラボのステートとプライベートキーがそこに渡ってしまいます`,
  hint_bucketForeign: 'バケット名を確認してください (打ち間違えた名前や作り直された名前は、別のアカウントのものかもしれません)。別のアカウントのバケットを使うつもりなら、そのアカウントの ID を --state-bucket-owner で指定してください',
  err_bucketOwnerFlag: (value) => `--state-bucket-owner "${value}" は AWS アカウント ID ではありません`,
  hint_bucketOwnerFlag: 'ステートのバケットを所有するアカウントの 12 桁の数字を指定してください (例: --state-bucket-owner 111122223333)',
  warn_stateFolderOpen: (dir, mode, foreign) =>
    `ステートのフォルダー ${dir} (モード ${mode}${foreign ? '、別のユーザーの所有' : ''}) は他のユーザーが変更でき、ラボのキーを読まれたり置き換えられたりするおそれがあります: 自分だけが書き込めるフォルダーを使ってください`,
  err_bucketTaken: (bucket) => `バケット名 ${bucket} は別のアカウントが使っています`,
  hint_bucketTaken: '別のバケット名を選んでください (バケット名は AWS 全体で一意です)',
  err_stateChanged: (name) => `ステート ${name} は、この実行が読み取った後に別の実行によって変更されました`,
  hint_stateChangedWrite: 'その実行の内容は失われていません: コマンドをもう一度実行すると、ステートを読み直します',
  hint_seeStatus: '`status` を実行して、ラボの今の状態を確認してください',
  err_lockedS3: (lab, h, ageSeconds, leaseSeconds) =>
    `ラボ "${lab}" は ${holderJa(h.owner, h.host, h.pid)} がロックしており、${h.startedAt} から "${h.command}" を実行中です (${ageJa(ageSeconds)}前に更新、リース ${leaseSeconds} 秒)`,
  hint_lockedS3: (lab, where) => `終わるまで待ってください (--wait-for-lock を付けてもう一度実行します)。その実行がもうない場合は、リースが切れると次の実行が引き継ぎます。または削除してください: aws-lab-setup unlock --name ${lab} --state-dir ${where}`,
  err_lockLost: (where) => `${where} のこのラボのロックを別の実行が引き継ぎました (この実行のリースが切れていました)`,
  hint_lockLost: 'その実行が終わるのを待ってから、`status` を実行してラボの今の状態を確認してください',
  err_lockChanged: (lab) => `確認している間に、ラボ "${lab}" のロックが変わりました (その実行が更新したか、別の実行が取得しました)`,
  hint_lockChanged: 'unlock をもう一度実行して、今だれがロックしているかを確認してください',
  err_stillInUse: (kind, id, text) => `${KIND[kind] ?? kind} ${id} はまだ使用中です (AWS の応答: ${text})`,
  hint_stillInUse: 'ラボの外の何かが使っている可能性があります。それを削除してから、destroy をもう一度実行してください',
  err_waitTimeout: (seconds, waiting) => `${seconds} 秒で待機を打ち切りました: ${waiting}`,
  hint_waitTimeout: 'AWS が遅いだけかもしれません: 同じコマンドをもう一度実行すると、待機を再開します',
  err_waitStopped: (waiting) => `待機を中止しました: ${waiting}`,
  hint_waitStopped: '同じコマンドをもう一度実行すると再開します',

  // --- lab/: 種類ごとの拒否、検索、違いのあるラボ、事前チェック
  err_roleTaken: (name) => `"${name}" という IAM ロールがすでにあり、このラボのものではありません`,
  hint_roleTaken: 'そのロールを削除するか、別の --name を使ってください',
  err_noBoundary: (arn) => `有効期限のロールに必要なアクセス許可の境界 ${arn} が、このアカウントにありません`,
  hint_noBoundary: (command) => `管理者が一度だけ作成してください: ${command} (または --expires-in never を使ってください)`,
  err_roleBoundary: (name) => `IAM ロール "${name}" はアクセス許可の境界がなかった頃に作られたもので、この認証情報では境界を設定できません`,
  hint_roleBoundary: (command) => `管理者に次のコマンドを実行してもらってください: ${command} (境界そのものは aws-lab-setup policy --boundary で表示できます)`,
  err_serverGone: (server, id, state, reason) => `${server} サーバー ${id} は${gone(state)} (${reason ?? '理由は示されていません'})`,
  hint_serverGone: '同じコマンドをもう一度実行すると、新しいインスタンスを起動します',
  err_instanceGone: (id, state) => `インスタンス ${id} は${gone(state)}`,
  hint_instanceGone: '`up` をもう一度実行すると、新しいインスタンスを起動します',
  err_keyPairTaken: (name) => `"${name}" というキーペアがこのリージョンにすでにあり、このラボのものではありません`,
  hint_keyPairTaken: '別の --key-name を指定するか、--public-key-file で自分のキーをインポートしてください',
  err_associationElsewhere: (side) => `${SUBNET_NAME[side] ?? side}は別のルートテーブルに関連付けられています`,
  hint_associationElsewhere: 'コンソールでその関連付けを解除してから、`up` をもう一度実行してください',
  err_natFailed: (id, state, failure) => `NAT ゲートウェイ ${id} は${gone(state)}${failure ? ` (AWS の応答: ${failure})` : ''}`,
  hint_natFailed: '`aws-lab-setup destroy --nat-only` を実行してから、`up` をもう一度実行してください',
  err_typeNotInZone: (type, zone) => `インスタンスタイプ "${type}" は、ラボのサブネットのアベイラビリティーゾーン ${zone} では提供されていません`,
  hint_typeNotInZone: 'そこで提供されているタイプ (たいてい t3.micro は提供されています) を選ぶか、ラボを削除して最初からやり直してください',
  err_typeNotInRegion: (type, region) => `インスタンスタイプ "${type}" は ${region} のどのアベイラビリティーゾーンでも提供されていません`,
  err_noAmi: (region, parameter) => `${region} には Amazon Linux 2023 の AMI が公開されていません (${parameter})`,
  hint_noAmi: 'このリージョンの AMI ID を --ami で指定してください',
  hint_noAmiNat: 'このリージョンでは --nat gateway を使ってください',
  err_labDiffers: (lab, conflicts) => `ラボ "${lab}" はすでにあり、次の点が違います: ${conflicts.join('。')}`,
  hint_labDiffers: 'ラボをそのままにするにはそのフラグを付けずに実行するか、先に `destroy` するか、別の --name を使ってください',
  err_permissionDenied: (actions) => `この認証情報には ${actions.join('、')} を呼び出すアクセス許可がありません。何も作成していません`,
  hint_permissionDenied: '`aws-lab-setup policy` が出力するポリシーを IAM ユーザーまたはロールにアタッチしてから (または --profile NAME を指定して)、同じコマンドをもう一度実行してください',
  hint_quotaShort: (quotas, commands, vpcEnv) =>
    `${quotas.map((q) => FREE_SOME[q]).join('、')}か、別の --region を使うか、Service Quotas に引き上げを申請してください (コンソールで、または: ${commands.map((c) => `\`${c}\``).join(' ')})${vpcEnv ? `。VPC のクォータがすでに上がっている場合は ${vpcEnv}=N を設定してください` : ''}`,

  // --- lab/core: 設定の検証 (ウィザードは回答を受け付けない理由として示します)
  err_notCidr: (what, value) => `${CIDR_FIELD[what]} "${value}" は IPv4 の CIDR ブロックではありません`,
  hint_notCidr: '10.0.0.0/16 のように指定してください',
  err_hostBits: (what, value) => `${CIDR_FIELD[what]} "${value}" にはホスト部のビットが立っています`,
  hint_hostBits: (network) => `${network} のことですか?`,
  err_vpcPrefix: (value, prefix) => `VPC の CIDR "${value}" は /${prefix} です`,
  hint_vpcPrefix: 'AWS が VPC に受け付けるのは /16 から /28 で、ラボには 2 つのサブネットの余地が必要です: /16 から /27 (例: 10.0.0.0/16) を使ってください',
  err_subnetTooSmall: (what, value) => `${CIDR_FIELD[what]} "${value}" は /28 より小さいです`,
  hint_subnetTooSmall: 'AWS のサブネットは /16 から /28 です。ラボは /24 を使います',
  err_subnetOutside: (what, value, vpcCidr) => `${CIDR_FIELD[what]} "${value}" は VPC ${vpcCidr} の中にありません`,
  hint_subnetOutside: (vpcCidr, example) => `${vpcCidr} の中のブロック (例: ${example}) を選んでください`,
  err_subnetsOverlap: (publicCidr, privateCidr) => `パブリックサブネット ${publicCidr} とプライベートサブネット ${privateCidr} が重なっています`,
  hint_subnetsOverlap: '別々のブロック (例: 10.0.1.0/24 と 10.0.2.0/24) を指定してください',
  err_sshIpv6: (value) => `SSH の接続元 CIDR "${value}" は IPv6 ですが、ラボの VPC とサーバーには IPv4 アドレスしかありません`,
  hint_sshIpv6: (world) => `IPv4 のブロックを使ってください: 自分のアドレスを x.x.x.x/32 の形で (またはインターネット全体の ${world})`,
  err_labName: (value) => `ラボ名 "${value}" は受け付けられません`,
  hint_labName: '英小文字、数字、ハイフンの 1-31 文字で、英字か数字で始めてください',
  err_keyName: (value) => `キー名 "${value}" は受け付けられません`,
  hint_keyName: '英字、数字、"."、"_"、"-" の 255 文字までで、英字か数字で始めてください',
  err_region: (value) => `リージョン "${value}" はリージョン名ではありません`,
  hint_region: 'ap-northeast-1 や us-east-1 のようなコードを使ってください',
  err_instanceType: (value) => `インスタンスタイプ "${value}" はインスタンスタイプ名ではありません`,
  hint_instanceType: 't3.micro のような名前を使ってください',
  err_ami: (value) => `AMI "${value}" は AMI ID ではありません`,
  hint_ami: 'ami-0123456789abcdef0 のような ID を使うか、最新の Amazon Linux 2023 を使うには --ami を省いてください',
  err_natKind: (value) => `NAT の種類 "${value}" は受け付けられません`,
  hint_natKind: '--nat gateway (チュートリアルの NAT ゲートウェイ) か --nat instance (t4g.nano の NAT インスタンス、費用は約 10 分の 1) を指定してください',
  err_publicKeyUnreadable: (file) => `パブリックキーのファイル "${file}" を読み取れません`,
  hint_publicKeyUnreadable: 'OpenSSH のパブリックキーのパス (例: ~/.ssh/id_ed25519.pub) を指定してください',
  err_notPublicKey: (file) => `"${file}" は OpenSSH のパブリックキーではありません`,
  hint_notPublicKey: '`ssh-ed25519`、`ssh-rsa`、`ecdsa-sha2-…` で始まる `.pub` ファイルを指定してください',
  err_expiresIn: (value) => `有効期限 "${value}" は受け付けられません`,
  hint_expiresIn: '10m から 30d までの分、時間、日 (90m、4h、2d など) を指定するか、有効期限のないラボには "never" を指定してください',
  err_noPublicIp: 'SSH のルールに使うあなたのパブリック IP アドレスを検出できませんでした',
  hint_noPublicIp: '--ssh-cidr YOUR.IP.ADDRESS/32 を指定してください (aws-lab-setup が自分から SSH をインターネット全体に開くことはありません)',

  // --- cli/ とラボの出力: ssh、check、explain、unlock、state
  err_webNoAddress: 'Web サーバーにはまだパブリックアドレスがありません',
  err_dbNotThere: 'DB サーバーはまだありません',
  err_labIncomplete: 'ラボはまだできあがっていません',
  hint_upFirst: '先に `aws-lab-setup up` を実行してください',
  err_noSsh: (binary, text) => `${binary} を実行できません: ${text}`,
  hint_noSsh: 'OpenSSH のクライアントをインストールしてください',
  err_sshTarget: (target) => `"${target}" はラボのサーバーではありません`,
  hint_sshTarget: '`aws-lab-setup ssh web` または `aws-lab-setup ssh db` を使ってください',
  err_checkTimeout: (value) => `タイムアウト "${value}" は秒数ではありません`,
  hint_checkTimeout: '--timeout には 1 から 600 の秒数を指定してください',
  err_checksFailed: (failed, total) => `${total} 件のチェックのうち ${failed} 件が失敗しました`,
  hint_checksFailed: '作成したばかりのラボは最初の起動 (`dnf install`) に数分かかります。もう一度試すか、`aws-lab-setup status` を確認してください',
  err_noRegionScript: 'スクリプトの AWS リージョンが分かりません',
  hint_noTerminalUnlock: (lab) => `そのロックを削除するには \`aws-lab-setup unlock --name ${lab} --yes\` を実行してください`,
  hint_notS3Init: 's3://BUCKET/PREFIX の形で指定してください (フォルダーには init は不要です)',
  err_moveNoTo: 'state move には --to が必要です',
  hint_moveNoTo: 'ステートの移動先を指定してください: --to s3://BUCKET/PREFIX、または元に戻すには --to ./.aws-lab-setup',
  err_moveSame: (where) => `ステートはすでに ${where} にあります`,
  hint_moveSame: '--state-dir には今ステートがある場所を指定してください',
} satisfies Pick<Catalog, keyof typeof enErrors>;
