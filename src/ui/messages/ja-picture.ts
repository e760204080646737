import type { Catalog } from './types.js';
import type { enPicture } from './en-picture.js';
import { awsStateJa } from './ja-terms.js';

/** 日本語 (ja.ts が読み込みます): en-picture.ts の各ラベルの日本語です。構成図の箱に入る短さにします。用語は docs/glossary-ja.md に従います。 */
export const jaPicture: Pick<Catalog, keyof typeof enPicture> = {
  pic_title: (vpc) => `${vpc} の構成図`,
  pic_awsCloud: 'AWS クラウド',
  pic_region: (region) => `リージョン ${region}`,
  pic_zone: (zone) => `アベイラビリティーゾーン ${zone}`,
  pic_zoneUnknown: 'アベイラビリティーゾーン (不明)',
  pic_vpc: 'VPC',
  pic_publicSubnet: 'パブリックサブネット',
  pic_privateSubnet: 'プライベートサブネット',
  pic_otherSubnet: 'サブネット',
  pic_internet: 'インターネット',
  pic_internetGateway: 'インターネットゲートウェイ',
  pic_igwDetached: 'VPC にアタッチされていません',
  pic_natGateway: 'NAT ゲートウェイ',
  pic_natInstance: 'NAT インスタンス',
  pic_webServer: 'Web サーバー',
  pic_dbServer: 'DB サーバー',
  pic_privateIp: 'プライベート IP',
  pic_publicIp: 'パブリック IP',
  pic_elasticIp: 'Elastic IP',
  pic_state: (state) => `状態: ${awsStateJa(state)}`,
  pic_allTraffic: 'すべてのトラフィック',
  pic_flowFrom: (flow, cidr) => `${flow} (${cidr} から)`,
  pic_routeOut: 'インターネットへ',
  pic_blackhole: 'ルートの宛先がありません (ブラックホール)',
  pic_shouldBeClosed: (flow) => `${flow}: 閉じる必要があります`,
  pic_legendFindings: 'チェックの結果 (番号はチェックの一覧と同じです):',
  pic_legendPaths: '通れない経路:',
  pic_legendFinding: (n, rule, reason) => `${n}. ${rule}: ${reason}`,
  pic_legendPath: (path, reason) => `✕ ${path}: ${reason}`,
};
