import type { Catalog } from './types.js';
import type { enClass } from './en-class.js';

/** 日本語 (ja.ts が読み込みます): en-class.ts の各メッセージの日本語です。用語と文体は docs/glossary-ja.md に従います。 */
export const jaClass = {
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
