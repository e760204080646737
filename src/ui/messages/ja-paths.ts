import type { Catalog } from './types.js';
import type { enPaths } from './en-paths.js';
import { SERVER_NAME } from './ja-terms.js';

/** 日本語 (ja.ts が読み込みます): en-paths.ts の各メッセージの日本語です。通信が止まる場所と、コンソールでの直し方を示します。 */

/** ICMP か (正規表現で: 文字列にすると英単語の検査に数えられます)。 */
const isIcmp = (protocol: string) => /^icmp$/.test(protocol);

const SERVICE: Record<number, string> = { 22: 'SSH', 80: 'HTTP', 443: 'HTTPS', 3306: 'MariaDB' };

/** パケットの呼び方。 */
const packet = (protocol: string, port: number | undefined, reply = false) => {
  if (isIcmp(protocol)) return reply ? 'ICMP エコー応答' : 'ICMP エコー (ping)';
  if (reply) return `ポート ${port} への TCP の応答 (エフェメラルポート 1024-65535)`;
  return `TCP ${port}${SERVICE[port ?? 0] ? ` (${SERVICE[port ?? 0]})` : ''}`;
};

const server = (name: string) => SERVER_NAME[name] ?? name;

/** 相手と助詞: ラボのサーバーは名前で (「Web サーバーからの」)、それ以外はアドレスで (「0.0.0.0/0 からの」)。 */
const peer = (p: string, particle: string) => (SERVER_NAME[p] ? `${SERVER_NAME[p]}${particle}` : `${p} ${particle}`);

/** ルールの「タイプ」(コンソールの表示のとおり)。 */
const consoleType = (protocol: string, port: number | undefined) =>
  isIcmp(protocol) ? 'すべての ICMP - IPv4' : ({ 22: 'SSH', 80: 'HTTP', 443: 'HTTPS', 3306: 'MYSQL/Aurora' }[port ?? 0] ?? 'カスタム TCP');

/** 判定したネットワーク ACL のルール。 */
const ruleName = (rule: number | undefined) => (rule === undefined ? '許可するルールがありません' : rule === 32767 ? '最後のルール *' : `ルール ${rule}`);

export const jaPaths = {
  path_notJudged: (name) => `判定していません。${server(name)}が見つかりません`,
  path_open: (protocol, ports) => `通信できます。${isIcmp(protocol) ? packet(protocol, undefined) : ports.map((p) => packet(protocol, p)).join('、')} を途中で止める箇所はありません`,
  path_reachable: (name, id, ip, protocol, port) => `インターネットから ${server(name)} ${id} (${ip}) に ${packet(protocol, port)} が到達します。途中で止める箇所はありません`,
  path_noPublicAddress: (name, id) => `${server(name)} ${id} にパブリック IPv4 アドレスがありません。そのため、インターネットゲートウェイはこのインスタンスと通信できません`,
  path_noPublicEgress: (id) =>
    `DB サーバー ${id} にはパブリック IPv4 アドレスがありません。しかし、そのサブネットはインターネットゲートウェイに直接ルーティングしています。インターネットゲートウェイは、このインスタンスからのパケットを破棄します。チュートリアルでは NAT を経由します`,
  path_noRoute: (table, subnet, destination) => `ルートテーブル ${table} (サブネット ${subnet}) に ${destination} へのルートがありません`,
  path_routeBlackhole: (table, destination, target) => `ルートテーブル ${table} の ${destination} のルートは、もう存在しない ${target} を指しています (ブラックホール)`,
  path_routeElsewhere: (table, destination, target, want) => `ルートテーブル ${table} の ${destination} のルートのターゲットは ${target} です。${want} である必要があります`,
  path_aclDenies: (acl, subnet, egress, protocol, port, reply, to, rule) =>
    `ネットワーク ACL ${acl} (サブネット ${subnet}) の${egress ? 'アウトバウンド' : 'インバウンド'}ルールが、${peer(to, egress ? 'への' : 'からの')} ${packet(protocol, port, reply)} を拒否しています (${ruleName(rule)})`,
  path_sgIn: (name, id, groups, protocol, port, from) => `${server(name)} ${id} のセキュリティグループ (${groups}) のインバウンドルールはどれも、${peer(from, 'からの')} ${packet(protocol, port)} を許可していません`,
  path_sgOut: (name, id, groups, protocol, port, to) => `${server(name)} ${id} のセキュリティグループ (${groups}) のアウトバウンドルールはどれも、${peer(to, 'への')} ${packet(protocol, port)} を許可していません`,
  path_natInPrivate: (nat, subnet, table) =>
    `NAT ${nat} はサブネット ${subnet} にあります。そのルートテーブル ${table} は 0.0.0.0/0 をインターネットゲートウェイに送りません。NAT はパブリックサブネットにある場合にだけ機能します`,
  path_natPrivate: (nat) => `NAT ゲートウェイ ${nat} の接続タイプは「プライベート」です。インターネットには接続できません`,

  fix_associateTable: (table, subnet) => `VPC コンソール > ルートテーブル > ${table} > サブネットの関連付け > サブネットの関連付けを編集 で、${subnet} を選択してください`,
  fix_removeRoute: (table, destination) => `VPC コンソール > ルートテーブル > ${table} > ルート > ルートを編集 で、${destination} のルートを削除してください`,
  fix_aclAllow: (acl, egress, protocol, port, cidr, rule) =>
    `VPC コンソール > ネットワーク ACL > ${acl} > ${egress ? 'アウトバウンドルール > アウトバウンドルールを編集' : 'インバウンドルール > インバウンドルールを編集'} > 新しいルールを追加: ルール番号 ${rule}、タイプ ${port === undefined && !isIcmp(protocol) ? 'カスタム TCP' : consoleType(protocol, port)}、ポート範囲 ${isIcmp(protocol) ? 'すべて' : (port ?? '1024-65535')}、${egress ? '送信先' : 'ソース'} ${cidr}、「許可」`,
  fix_inboundCidr: (group, protocol, port, cidr) =>
    `EC2 コンソール > セキュリティグループ > ${group} > インバウンドルール > インバウンドのルールを編集 > ルールを追加: タイプ ${consoleType(protocol, port)}、ソース カスタム ${cidr}`,
  fix_outbound: (group, protocol, port, cidr) =>
    `EC2 コンソール > セキュリティグループ > ${group} > アウトバウンドルール > アウトバウンドのルールを編集 > ルールを追加: タイプ ${consoleType(protocol, port)}、送信先 カスタム ${cidr}`,
  fix_natMove: (subnet, table) =>
    `VPC コンソール > NAT ゲートウェイ > NAT ゲートウェイを作成: サブネット ${subnet ?? '(パブリックサブネット)'}、接続タイプ「パブリック」、Elastic IP を割り当て。次に ルートテーブル > ${table} > ルート > ルートを編集: 送信先 0.0.0.0/0、ターゲット 新しい NAT ゲートウェイ`,
} satisfies Pick<Catalog, keyof typeof enPaths>;
