import type { NetworkReason } from '../../aws/errors.js';
import type { Catalog } from './types.js';
import type { enErrors } from './en-errors.js';

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
  hint_pageWaitEnv: (seconds) => `1 から 3600 の秒数 (デフォルト ${seconds}) を指定するか、--no-wait を指定してください`,
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
} satisfies Pick<Catalog, keyof typeof enErrors>;
