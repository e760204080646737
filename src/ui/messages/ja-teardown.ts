import type { TeardownKind } from '../../lab/views/teardown.js';
import type { Catalog } from './types.js';
import type { enTeardown } from './en-teardown.js';
import { awsStateJa } from './ja-terms.js';

/** 日本語 (ja.ts が読み込みます): en-teardown.ts の各メッセージの日本語です。用語は docs/glossary-ja.md (コンソールの表示) に従います。 */

const KIND: Record<TeardownKind, string> = {
  natGateway: 'NAT ゲートウェイ',
  instance: 'インスタンス',
  volume: 'EBS ボリューム',
  address: 'Elastic IP アドレス',
  networkInterface: 'ネットワークインターフェイス',
  internetGateway: 'インターネットゲートウェイ',
  routeTable: 'ルートテーブル',
  groupRules: '他のグループを参照するインバウンドルールとアウトバウンドルール (セキュリティグループ)',
  securityGroup: 'セキュリティグループ',
  subnet: 'サブネット',
  networkAcl: 'ネットワーク ACL',
  keyPair: 'キーペア',
  vpc: 'VPC',
};

const FOREIGN: Record<string, string> = {
  interface: '他のサービスのネットワークインターフェイス',
  peering: 'VPC ピアリング接続',
  transitGatewayAttachment: 'Transit Gateway アタッチメント',
  endpoint: 'VPC エンドポイント',
};

const named = (name: string | undefined) => (name ? ` 「${name}」` : '');

/** NAT ゲートウェイの接続タイプ (コンソールの表示のとおり)。 */
const CONNECTIVITY: Record<string, string> = { public: 'パブリック', private: 'プライベート' };

/** ネットワークインターフェイスのタイプ: ふつうのもの (interface) は言いません。ほかのタイプ (nat_gateway など) は AWS の値のままです。 */
const INTERFACE_TYPE: Record<string, string> = { interface: '' };

/**
 * 項目の詳細 (lab/views/teardown.ts の attrs から) のうち、AWS の値をコンソールの日本語で言うもの:
 * NAT ゲートウェイの接続タイプ (「public, 203.0.113.5」)、ネットワークインターフェイスの「タイプ: 説明」
 * (説明は誰かが書いた文なので「」で引用します)。
 */
const DETAIL: Partial<Record<TeardownKind, (detail: string) => string>> = {
  natGateway: (d) => d.replace(/^[a-z]+/, (t) => CONNECTIVITY[t] ?? t),
  networkInterface: (d) => {
    const at = d.indexOf(': ');
    const [type, description] = at < 0 ? [d, ''] : [d.slice(0, at), d.slice(at + 2)];
    return [INTERFACE_TYPE[type] ?? type, description && `説明「${description}」`].filter(Boolean).join('、');
  },
};
const detailJa = (kind: TeardownKind, detail: string) => DETAIL[kind]?.(detail) ?? detail;

export const jaTeardown = {
  help_policyVpc: '手作業で作成した VPC (ID または Name タグ) の削除 (destroy --vpc) に必要なアクセス許可を追加します。VPC の内容は読み取りだけで調べます',
  help_policyEndpoint: '--vpc と一緒に指定します。VPC を調べるエンドポイント (エミュレーター) です',
  help_policyProfile: '--vpc と一緒に指定します。VPC を調べるときの AWS プロファイルです',
  help_destroyVpc: '手作業で作成した VPC (ID または Name タグ) と、その中のすべてのリソースを削除します。インスタンスは終了し、Elastic IP アドレスは解放します',
  help_destroyKeyPair: '--vpc と一緒に指定します。インスタンスのキーペアも削除します',
  teardown_item: (kind, id, name, detail) => `${KIND[kind]} ${id}${named(name)}${detail && detailJa(kind, detail) ? ` (${detailJa(kind, detail)})` : ''}`,
  teardown_head: (vpc, name, cidr, region) => `${region} の VPC ${vpc}${named(name)} ${cidr ?? ''} から削除するリソース:`,
  teardown_headNat: (vpc, name, region) => `${region} の VPC ${vpc}${named(name)} から NAT だけを削除します:`,
  teardown_price: (usd) => (usd ? usd : '料金は不明です'),
  teardown_free: '時間単位の料金は発生しません',
  teardown_state: (state) => awsStateJa(state),
  teardown_stops: (hourly, monthly) => `削除すると、${hourly} ${monthly} の料金が発生しなくなります。データ転送の料金は含みません。`,
  teardown_unpriced: (n) => `そのうち ${n} 個は料金がわかりません。料金表にそのタイプかリージョンの料金がありません。`,
  teardown_leftHead: '削除しないリソース:',
  teardown_leftKeyPair: (name, id) => `キーペア ${name ?? id} (料金は発生しません。--key-pair を指定すると一緒に削除します)`,
  teardown_leftIdle: (id, ip, price) => `Elastic IP アドレス ${ip ?? ''} ${id} はどこにも関連付けられていません。この VPC のものではありません。${price ?? '?'} の料金が発生します。--also-delete ${id} を指定すると一緒に解放します。`,
  teardown_confirm: (vpc, name) => `VPC ${vpc}${named(name)} と上に挙げたリソースをすべて削除しますか? この操作は元に戻せません。`,
  teardown_done: (count, vpc) => `${count} 個のリソースを削除しました。VPC ${vpc} とその中のリソースはなくなりました。これらの料金は発生しなくなります。`,
  teardown_natDone: (count, vpc) => `VPC ${vpc} の NAT を削除し、その Elastic IP アドレスを解放しました (${count} 個のリソース)。`,
  teardown_natBack: (tables) =>
    `プライベートのルート (ルートテーブル ${tables.join('、') || '?'} の 0.0.0.0/0) は作成したときのまま残しました。このルートは現在ブラックホールになっています。もう一度使うには、パブリックサブネットに新しい Elastic IP アドレスで NAT ゲートウェイを作成してください (VPC > NAT ゲートウェイ > NAT ゲートウェイを作成)。次に、そのルートのターゲットを編集してください。`,
  teardown_nothing: (vpc) => `VPC ${vpc} に削除するリソースは残っていません。`,
  teardown_finishing: (vpc) => `前回の ${vpc} の削除は途中で止まりました。残りを削除します。`,
  teardown_foreign: (kind, id, what) => `${FOREIGN[kind] ?? kind} ${id}${what ? ` (${what})` : ''}`,
  err_teardownDefault: (vpc) => `${vpc} はこのリージョンのデフォルト VPC です。destroy --vpc では削除できません`,
  hint_teardownDefault: 'デフォルト VPC は AWS が用意したものです。その中に作成したリソースは、コンソールから削除してください',
  teardown_stranger: (kind, id, where) => `${KIND[kind]} ${id} (${where} のリソースです)`,
  err_teardownStrangers: (vpc, found) => `途中で止まった ${vpc} の削除の記録に、現在この VPC のものではないリソースが含まれています。何も削除していません。該当するリソース:\n  ${found.join('\n  ')}`,
  hint_teardownStrangers: (vpc, where) => `記録 (${where} のステート ${vpc}) が編集されたか、別の VPC の記録です。該当するリソースを確認してください。最初からやり直すには、そのステートを削除してから、もう一度 destroy --vpc を実行してください`,
  err_teardownForeign: (vpc, found) => `${vpc} には destroy --vpc で削除できないリソースがあります。何も削除していません。該当するリソース:\n  ${found.join('\n  ')}`,
  hint_teardownForeign: 'それらのリソースを、それぞれのコンソールのページ (ロードバランサー、RDS、エンドポイント、ピアリング接続、Transit Gateway) で先に削除してください。そのあと、もう一度 destroy --vpc を実行してください',
  err_teardownIsLab: (vpc, lab) => `${vpc} はこのツールが作成したラボ ${lab} です`,
  hint_teardownIsLab: (lab) => `\`aws-lab-setup destroy --name ${lab}\` を実行してください。ラボのリソースを正しく削除します`,
  err_vpcNotFound: (what, region) => `${region} に VPC ${what} が見つかりません`,
  hint_vpcNotFound: 'VPC の ID (vpc-0123abcd など) または Name タグを指定してください。その VPC があるリージョンも --region で指定してください',
  err_vpcAmbiguous: (name, ids) => `${name} という名前の VPC が複数あります: ${ids.join('、')}`,
  hint_vpcAmbiguous: '削除する VPC の ID を指定してください',
  hint_noTerminalTeardown: (command) => `上に挙げたリソースを削除するには、\`${command}\` を実行してください`,
} satisfies Pick<Catalog, keyof typeof enTeardown>;
