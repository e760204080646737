import type { TeardownKind } from '../../lab/views/teardown.js';
import type { Catalog } from './types.js';
import type { enTeardown } from './en-teardown.js';
import { awsStateJa } from './ja-terms.js';

/** 日本語 (ja.ts が読み込みます): en-teardown.ts の各メッセージの日本語です。用語は docs/glossary-ja.md (コンソールの表示) に従います。 */

const KIND: Record<TeardownKind, string> = {
  natGateway: 'NAT ゲートウェイ',
  instance: 'インスタンス',
  volume: 'EBS ボリューム',
  address: 'Elastic IP',
  networkInterface: 'ネットワークインターフェイス',
  internetGateway: 'インターネットゲートウェイ',
  routeTable: 'ルートテーブル',
  groupRules: '他のグループを参照するルール (セキュリティグループ)',
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

export const jaTeardown = {
  help_policyVpc: '手作業で作成した VPC (ID か Name タグ) の削除 (destroy --vpc) に必要な権限を加えます。AWS を読み取りだけで調べます',
  help_policyEndpoint: '--vpc と一緒に使います: 調べる先のエンドポイント (エミュレーター)',
  help_policyProfile: '--vpc と一緒に使います: 調べるときの AWS プロファイル',
  help_destroyVpc: '手作業で作成した VPC (ID か Name タグ) とその中のものを、Elastic IP も含めてすべて削除します',
  help_destroyKeyPair: '--vpc と一緒に使います: インスタンスのキーペアも削除します',
  teardown_item: (kind, id, name, detail) => `${KIND[kind]} ${id}${named(name)}${detail ? ` (${detail})` : ''}`,
  teardown_head: (vpc, name, cidr, region) => `${region} の VPC ${vpc}${named(name)} ${cidr ?? ''}: 削除するもの`,
  teardown_headNat: (vpc, name, region) => `${region} の VPC ${vpc}${named(name)}: NAT だけを削除します`,
  teardown_price: (usd) => (usd ? `${usd}/時間` : '料金不明'),
  teardown_free: '時間料金なし',
  teardown_state: (state) => awsStateJa(state),
  teardown_stops: (hourly, monthly) => `これで ${hourly}/時間、月におよそ ${monthly} の課金が止まります。データ転送料金は含みません。`,
  teardown_unpriced: (n) => `そのうち ${n} 個は料金がわかりません。料金表にそのタイプかリージョンの料金がありません。`,
  teardown_leftHead: '削除しないもの:',
  teardown_leftKeyPair: (name, id) => `キーペア ${name ?? id} (無料です。--key-pair を付けると一緒に削除します)`,
  teardown_leftIdle: (id, ip, price) => `Elastic IP ${ip ?? ''} ${id}: どこにも関連付けられておらず、この VPC のものではありません。${price ?? '?'}/時間 課金されます。--also-delete ${id} を付けると一緒に解放します`,
  teardown_confirm: (vpc, name) => `VPC ${vpc}${named(name)} と上に挙げたものをすべて削除しますか?`,
  teardown_done: (count, vpc) => `${count} 個のリソースを削除しました。VPC ${vpc} とその中のものはなくなり、課金は止まります。`,
  teardown_natDone: (count, vpc) => `${count} 個のリソースを削除しました。VPC ${vpc} の NAT とその Elastic IP です。`,
  teardown_natBack: (tables) =>
    `プライベートのルート (ルートテーブル ${tables.join('、') || '?'} の 0.0.0.0/0) は作ったときのまま残しました。今はブラックホールです。もう一度使うには、パブリックサブネットに新しい Elastic IP で NAT ゲートウェイを作成し (VPC > NAT ゲートウェイ > NAT ゲートウェイを作成)、そのルートのターゲットを編集してください。`,
  teardown_nothing: (vpc) => `VPC ${vpc} に削除するものは残っていません。`,
  teardown_finishing: (vpc) => `前回の ${vpc} の削除が途中で止まりました。続きを行います。`,
  teardown_foreign: (kind, id, what) => `${FOREIGN[kind] ?? kind} ${id}${what ? ` (${what})` : ''}`,
  err_teardownDefault: (vpc) => `${vpc} はこのリージョンのデフォルト VPC です。destroy --vpc では削除しません`,
  hint_teardownDefault: 'デフォルト VPC は AWS が用意したものです。その中に作成したものはコンソールから削除してください',
  err_teardownForeign: (vpc, found) => `${vpc} には destroy --vpc が削除しないものがあります。何も削除していません:\n  ${found.join('\n  ')}`,
  hint_teardownForeign: 'それらを先に削除してから (ロードバランサー、RDS、エンドポイント、ピアリング、Transit Gateway はそれぞれのコンソールのページで)、もう一度 destroy --vpc を実行してください',
  err_teardownIsLab: (vpc, lab) => `${vpc} はこのツールが作成したラボ ${lab} です`,
  hint_teardownIsLab: (lab) => `\`aws-lab-setup destroy --name ${lab}\` を実行してください。ラボのものを正しく削除します`,
  err_vpcNotFound: (what, region) => `${region} に VPC ${what} はありません`,
  hint_vpcNotFound: 'ID (vpc-…) か Name タグと、その VPC があるリージョン (--region) を指定してください',
  err_vpcAmbiguous: (name, ids) => `${name} という名前の VPC が複数あります: ${ids.join('、')}`,
  hint_vpcAmbiguous: '削除する VPC の ID を指定してください',
  hint_noTerminalTeardown: (command) => `上に挙げたものを削除するには \`${command}\` を実行してください`,
} satisfies Pick<Catalog, keyof typeof enTeardown>;
