import type { Catalog } from './types.js';
import type { enRules } from './en-rules.js';
import { awsStateJa, SERVER_NAME, SUBNET_NAME } from './ja-terms.js';

/** 日本語 (ja.ts が読み込みます): en-rules.ts の各メッセージの日本語です。用語と文体は docs/glossary-ja.md に、修正の手順はコンソールのメニューの表示に従います。 */

/** 通信の呼び方: プロトコルとポート。 */
const flowName = (protocol: string, port: number | undefined) =>
  ({ icmp: 'ICMP (ping)' } as Record<string, string>)[protocol] ?? `${{ 22: 'SSH', 80: 'HTTP', 3306: 'MariaDB' }[port ?? 0] ?? 'ポート'} (${port})`;

/** インバウンドルールの「タイプ」(コンソールの表示のとおり)。 */
const consoleType = (protocol: string, port: number | undefined) =>
  ({ icmp: 'すべての ICMP - IPv4' } as Record<string, string>)[protocol] ?? { 22: 'SSH', 80: 'HTTP', 3306: 'MYSQL/Aurora' }[port ?? 0] ?? `カスタム (ポート ${port})`;

/** インバウンドルールの「ソース」。 */
const consoleSource = (source: string, webGroup: string | undefined) =>
  ({ myIp: 'マイ IP', anywhere: '任意の場所 - IPv4 (0.0.0.0/0)' } as Record<string, string>)[source] ?? `カスタム: Web サーバーのセキュリティグループ ${webGroup}`;

/** VPC の DNS の属性。 */
const DNS_ATTRIBUTE: Record<string, string> = { enableDnsHostnames: 'ホスト名', enableDnsSupport: '解決' };

/** ルートのターゲットの種類 (ID の形から)。 */
const natTarget = (nat: string) => (/^nat-/.test(nat) ? 'NAT ゲートウェイ' : 'インスタンス');

const server = (name: string) => SERVER_NAME[name] ?? name;
const state = (s: string | undefined) => (s ? awsStateJa(s) : '不明な状態');

export const jaRules = {
  // --- 第 1 章: ネットワーク
  rule_igwNone: (vpc) => `${vpc} にアタッチされたインターネットゲートウェイがありません`,
  rule_igwAttached: (id, vpc) => `インターネットゲートウェイ ${id} は ${vpc} にアタッチされています`,
  rule_igwDetached: (id, vpc) => `インターネットゲートウェイ ${id} は ${vpc} にアタッチされていません`,
  rule_noSubnet: (which) => `${SUBNET_NAME[which] ?? which}が見つかりません`,
  rule_noTable: (subnet) => `サブネット ${subnet} のルートテーブルが見つかりません (VPC のメインルートテーブルもありません)`,
  rule_publicUsesMain: (subnet, table) => `サブネット ${subnet} はどのルートテーブルにも明示的に関連付けられていないため、メインルートテーブル ${table ?? ''} を使います。そこにはインターネットゲートウェイへのルートがありません`,
  rule_noDefaultRoute: (subnet, table) => `サブネット ${subnet} のルートテーブル ${table} に 0.0.0.0/0 のルートがありません`,
  rule_routeBlackhole: (table, target) => `ルートテーブル ${table} の 0.0.0.0/0 のルートは、もう存在しない ${target} を指しています (ブラックホール)`,
  rule_publicRouteElsewhere: (subnet, table, target) => `ルートテーブル ${table} (サブネット ${subnet}) の 0.0.0.0/0 のルートは、インターネットゲートウェイではなく ${target} を指しています`,
  rule_publicRoute: (subnet, table, target) => `サブネット ${subnet} は 0.0.0.0/0 を ${target} に送ります (ルートテーブル ${table})`,
  rule_privateToIgw: (subnet, table, igw) => `プライベートサブネット ${subnet} にインターネットゲートウェイ ${igw} へのルートがあります (ルートテーブル ${table})。これではパブリックサブネットです`,
  rule_privateSubnet: (subnet) => `サブネット ${subnet} にはインターネットゲートウェイへのルートがありません`,
  rule_dnsUnknown: '判定していません: VPC の DNS の属性を読めませんでした',
  rule_dnsOn: (vpc) => `${vpc} の DNS ホスト名と DNS 解決は有効です`,
  rule_dnsOff: (vpc, hostnames, support) => `${vpc} の${[!hostnames && ' DNS ホスト名', !support && ' DNS 解決'].filter(Boolean).join('と')}が無効です`,
  rule_subnetSize: (id, cidr) => `サブネット ${id} は ${cidr} です (VPC の中の /24)`,
  rule_subnetSizeOff: (id, cidr, vpcCidr) => `サブネット ${id} は ${cidr} で、VPC の ${vpcCidr} の中の /24 ではありません`,
  drift_vpcDns: (attribute) => `DNS ${DNS_ATTRIBUTE[attribute] ?? DNS_ATTRIBUTE.enableDnsSupport}を有効にします`,

  // --- サーバー (第 2 章と第 4 章)
  rule_blockedBy: (rule) => `判定していません: 先に ${rule} を満たす必要があります`,
  rule_noServer: (name) => `${server(name)}が見つかりません`,
  rule_serverState: (name, id, s) => `${server(name)} ${id} は実行中ではなく、${state(s)}です`,
  rule_serverSubnet: (name, id, subnet, want) => `${server(name)} ${id} は ${want} ではなくサブネット ${subnet} にあります`,
  rule_serverRunning: (name, id, subnet) => `${server(name)} ${id} はサブネット ${subnet} で実行中です`,
  rule_flowOpen: (name, id, protocol, port) => `${server(name)} ${id} は ${flowName(protocol, port)} を受け付けます`,
  rule_flowClosed: (name, id, protocol, port) => `${server(name)} ${id} のどのセキュリティグループも ${flowName(protocol, port)} を許可していません`,
  rule_openToWorld: (name, id, protocol, port) => `${server(name)} ${id} はインターネット全体 (0.0.0.0/0) から ${flowName(protocol, port)} を受け付けます`,
  rule_notOpenToWorld: (name, id, protocol, port) => `${server(name)} ${id} はインターネット全体からの ${flowName(protocol, port)} を受け付けません`,

  // --- 第 2 章: Web サーバー
  rule_publicAddress: (id, ip) => `Web サーバー ${id} にはパブリックアドレス ${ip} があります`,
  rule_noPublicAddress: (id) => `Web サーバー ${id} にパブリック IPv4 アドレスがありません`,
  rule_elasticIp: (id, ip) => `Web サーバー ${id} には Elastic IP アドレス ${ip} があります`,
  rule_noElasticIp: (id) => `Web サーバー ${id} に Elastic IP アドレスがありません。停止するとパブリックアドレスが変わります`,
  rule_noKeyPair: (id) => `Web サーバー ${id} はキーペアなしで起動されています`,
  rule_keyPair: (id, name) => `Web サーバー ${id} はキーペア ${name} を使います`,
  rule_keyPairGone: (id, name) => `Web サーバー ${id} のキーペア ${name} はもう存在しません`,
  rule_flowOpenToAll: (id, protocol, port) => `Web サーバー ${id} は任意の場所 (0.0.0.0/0) からの ${flowName(protocol, port)} を許可しています`,
  rule_flowNotOpenToAll: (id, protocol, port) => `Web サーバー ${id} は任意の場所 (0.0.0.0/0) からの ${flowName(protocol, port)} を許可していません`,
  rule_dnsName: (id, name) => `Web サーバー ${id} にはパブリック DNS 名 ${name} があります`,
  rule_noDnsName: (id) => `Web サーバー ${id} にパブリック DNS 名がありません`,

  // --- サーバーに尋ねる規則 (check)
  rule_liveNotRun: '判定していません: サーバーに尋ねるのは `check` だけです',
  rule_probe: (name, detail) => `${name}: ${detail}`,

  // --- 第 4 章: DB サーバー
  rule_dbPublic: (id, ip) => `DB サーバー ${id} にパブリックアドレス ${ip} があります。Web サーバーからだけ届くようにしてください`,
  rule_dbPrivate: (id) => `DB サーバー ${id} にパブリックアドレスはありません`,
  rule_fromWeb: (id, protocol, port) => `DB サーバー ${id} は Web サーバーからの ${flowName(protocol, port)} を受け付けます`,
  rule_notFromWeb: (id, protocol, port) => `DB サーバー ${id} は Web サーバー (そのセキュリティグループ、またはプライベートアドレス) からの ${flowName(protocol, port)} を受け付けません`,
  rule_noNat: 'NAT ゲートウェイも NAT インスタンスも見つかりません',
  rule_natState: (id, s) => `NAT ${id} は利用可能ではなく、${state(s)}です`,
  rule_natSubnet: (id, subnet, want) => `NAT ${id} はパブリックサブネット ${want} ではなく、サブネット ${subnet} にあります`,
  rule_natNotPublic: (id) => `NAT ${id} にパブリックアドレスがありません (パブリック NAT には Elastic IP アドレスが必要です)`,
  rule_natGateway: (id, subnet, ip) => `NAT ゲートウェイ ${id} はパブリックサブネット ${subnet} で利用可能です (${ip})`,
  rule_natCheck: (id) => `NAT インスタンス ${id} の送信元/送信先チェックが有効のままです。転送するパケットが捨てられます`,
  rule_natInstance: (id, subnet) => `NAT インスタンス ${id} はパブリックサブネット ${subnet} で実行中で、送信元/送信先チェックは無効です`,
  rule_privateRouteElsewhere: (subnet, table, target, nat) => `ルートテーブル ${table} (サブネット ${subnet}) の 0.0.0.0/0 のルートは、NAT ${nat} ではなく ${target} を指しています`,
  rule_privateRoute: (subnet, table, nat) => `サブネット ${subnet} は 0.0.0.0/0 を NAT ${nat} に送ります (ルートテーブル ${table})`,

  // --- 直し方 (コンソールのメニュー)
  fix_igwCreate: (vpc) => `VPC コンソール > インターネットゲートウェイ > インターネットゲートウェイの作成、次に アクション > VPC にアタッチ: ${vpc}`,
  fix_igwAttach: (id, vpc) => `VPC コンソール > インターネットゲートウェイ > ${id} > アクション > VPC にアタッチ: ${vpc}`,
  fix_subnetCreate: (which) => `VPC コンソール > サブネット > サブネットを作成: ${SUBNET_NAME[which] ?? which}を VPC の中の /24 で作ってください`,
  fix_associate: (subnet) => `VPC コンソール > ルートテーブル > (${subnet} 用のルートテーブル) > サブネットの関連付け > サブネットの関連付けを編集: ${subnet} を選んでください`,
  fix_publicRoute: (table, igw) => `VPC コンソール > ルートテーブル > ${table} > ルート > ルートを編集 > ルートを追加: 送信先 0.0.0.0/0、ターゲット インターネットゲートウェイ ${igw ?? ''}`,
  fix_privateNoIgw: (table) => `VPC コンソール > ルートテーブル > ${table} > ルート > ルートを編集: インターネットゲートウェイへのルートを削除してください (プライベートサブネットは NAT 経由でインターネットに接続します)`,
  fix_dns: (vpc) => `VPC コンソール > お使いの VPC > ${vpc} > アクション > VPC の設定を編集: 「DNS 解決を有効化」と「DNS ホスト名を有効化」を選んでください (CLI: \`aws ec2 modify-vpc-attribute --vpc-id ${vpc} --enable-dns-hostnames\`)`,
  fix_subnetSize: (vpcCidr) => `VPC コンソール > サブネット > サブネットを作成: ${vpcCidr} の中の /24 で作ってください (サブネットの CIDR は変更できません)`,
  fix_launch: (name, subnet) => `EC2 コンソール > インスタンス > インスタンスを起動: ${server(name)}をキーペア付きでサブネット ${subnet ?? ''} に起動してください`,
  fix_startServer: (id) => `EC2 コンソール > インスタンス > ${id} > インスタンスの状態 > インスタンスを開始`,
  fix_elasticIp: (id) => `EC2 コンソール > Elastic IP > Elastic IP アドレスを割り当てる、次に アクション > Elastic IP アドレスの関連付け: インスタンス ${id}`,
  fix_inbound: (group, protocol, port, source, webGroup) =>
    `EC2 コンソール > セキュリティグループ > ${group} > インバウンドルール > インバウンドのルールを編集 > ルールを追加: タイプ ${consoleType(protocol, port)}、ソース ${consoleSource(source, webGroup)}`,
  fix_closeWorld: (group, protocol, port, source, webGroup) =>
    `EC2 コンソール > セキュリティグループ > ${group} > インバウンドルール > インバウンドのルールを編集: ${consoleType(protocol, port)} のソースを 0.0.0.0/0 から ${consoleSource(source, webGroup)} に変えてください`,
  fix_dbPublic: (id) => `EC2 コンソール > Elastic IP: ${id} に関連付けられたアドレスの関連付けを解除してください。パブリックアドレス付きで起動した DB サーバーは、プライベートサブネットにパブリックアドレスなしで起動し直してください`,
  fix_natCreate: (subnet) => `VPC コンソール > NAT ゲートウェイ > NAT ゲートウェイを作成: サブネット ${subnet ?? '(パブリックサブネット)'}、接続タイプ「パブリック」、Elastic IP を割り当て`,
  fix_sourceDestCheck: (id) => `EC2 コンソール > インスタンス > ${id} > アクション > ネットワーキング > 送信元/送信先チェックを変更: 停止`,
  fix_privateRoute: (table, nat) => `VPC コンソール > ルートテーブル > ${table} > ルート > ルートを編集: 送信先 0.0.0.0/0、ターゲット ${natTarget(nat)} ${nat}`,
  fix_apache: 'Web サーバーで `sudo dnf install -y httpd && sudo systemctl enable --now httpd` を実行してください。このツールのラボなら `aws-lab-setup up` が行います',
  fix_ping: 'EC2 コンソール > セキュリティグループ > (DB サーバーのセキュリティグループ) > インバウンドのルールを編集: Web サーバーのセキュリティグループから「すべての ICMP - IPv4」を許可してください',
  fix_mariadb: 'DB サーバーで `sudo dnf install -y mariadb105-server && sudo systemctl enable --now mariadb` を実行してください',

  // --- check の規則の行
  rules_head: (passed, failed, warnings, notJudged) => `チュートリアルの規則: 合格 ${passed}、不合格 ${failed}、警告 ${warnings}、判定なし ${notJudged}`,
  rules_line: (mark, rule, reason) => `${mark} ${rule}: ${reason}`,
  rules_fix: (fix) => `直し方: ${fix}`,
  err_rulesFailed: (failed) => `チュートリアルの規則のうち ${failed} 件を満たしていません`,
  hint_rulesFailed: '満たしていない規則ごとに、コンソールでの直し方を上に示しました。このツールが作ったものは `aws-lab-setup up` で直せます',
} satisfies Pick<Catalog, keyof typeof enRules>;
