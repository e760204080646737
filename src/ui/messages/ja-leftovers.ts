import type { Catalog } from './types.js';
import type { enLeftovers } from './en-leftovers.js';
import { awsStateJa } from './ja-terms.js';

/** 日本語 (ja.ts が読み込みます): en-leftovers.ts の各メッセージの日本語です。用語と文体は docs/glossary-ja.md に従います。 */

export const jaLeftovers = {
  help_leftovers: '有効なすべてのリージョンで、まだ料金が発生しているリソースを探します。対象は NAT ゲートウェイ、Elastic IP アドレス、インスタンス (実行中と停止済み)、パブリック IPv4 アドレス、ボリュームです。VPC ごとに、それぞれの料金と削除するコマンドを表示します',
  help_leftoversRegion: 'このリージョンだけを調べます (デフォルト: アカウントで有効なすべてのリージョン)',
  left_looking: (n) => `${n} 個のリージョンで、まだ料金が発生しているリソースを探しています`,
  left_nothing: (n) => `${n} 個のリージョンに、料金が発生しているリソースは見つかりませんでした。`,
  left_groupLab: (lab, vpc, region) => `aws-lab-setup のラボ「${lab}」 (${vpc}、${region})`,
  left_groupVpc: (vpc, name, region) => `VPC ${vpc}${name ? ` 「${name}」` : ''} (${region}。aws-lab-setup が作ったものではありません)`,
  left_groupDefault: (vpc, region) => `デフォルト VPC ${vpc} (${region})`,
  left_groupStandalone: (region) => `どの VPC にも属さないもの (${region})`,
  left_natGateway: (id, state) => `NAT ゲートウェイ ${id}${state ? `。状態は${awsStateJa(state)}です` : ''}`,
  left_elasticIp: (id, ip, idle) => `Elastic IP アドレス ${ip ?? ''} ${id}${idle ? '。未使用です。何にも関連付けられていません' : ''}`,
  left_publicIp: (ip, eni) => `パブリック IPv4 アドレス ${ip ?? ''} (${eni})`,
  left_instance: (id, type, state, name, stopped) =>
    `インスタンス ${id}${name ? ` 「${name}」` : ''} ${type ?? ''}。${state ? `状態は${awsStateJa(state)}です` : '状態は不明です'}${stopped ? '。ボリュームと Elastic IP アドレスの料金は引き続き発生します' : ''}`,
  left_volume: (id, gb, type, idle) => `ボリューム ${id} ${gb ?? '?'} GB ${type ?? ''}${idle ? '。どのインスタンスにもアタッチされていません' : ''}`,
  left_free: '停止中は料金が発生しません',
  left_unknownPrice: '料金は不明です',
  left_groupCost: (hourly, monthly) => `このグループの料金: ${hourly} ${monthly}`,
  left_removeWith: '削除するコマンド:',
  left_total: (hourly, monthly, groups) => `まだ発生している料金 (${groups} グループ): ${hourly} ${monthly}`,
  left_unpriced: (n) => `${n} 個のリソースは料金が分からないため、この金額に含まれていません。`,
  left_pricesApi: '料金は AWS が公開するオンデマンド (Linux) の料金です (`pricing:GetProducts`)。データ転送と NAT ゲートウェイのデータ処理の料金は含みません。パブリック IPv4 アドレスの料金は、どのリージョンでも 0.0050 USD/時間です。',
  left_pricesTable: (takenOn, why) => `料金はこのツールの料金表 (${takenOn} 時点) の料金です。${why ? `AWS が公開する料金 (\`pricing:GetProducts\`) は読み取れませんでした (${why})。` : ''}データ転送と NAT ゲートウェイのデータ処理の料金は含みません。パブリック IPv4 アドレスの料金は、どのリージョンでも 0.0050 USD/時間です。`,
  left_pricesBoth: (takenOn) => `料金は AWS が公開する料金です (\`pricing:GetProducts\`)。AWS から料金を取得できなかったものには、このツールの料金表 (${takenOn} 時点) を使いました。データ転送と NAT ゲートウェイのデータ処理の料金は含みません。パブリック IPv4 アドレスの料金は、どのリージョンでも 0.0050 USD/時間です。`,
  left_unread: (region, reason) => `${region} を調べることができませんでした。理由: ${reason}`,
  left_unreadHint: (n) => (n === 1 ? 'そのリージョン' : 'それらのリージョン') + 'で料金が発生しているリソースは、この一覧に含まれていません。対象のリージョンでの読み取りを許可する (aws-lab-setup policy) か、コンソールで確認することをお勧めします。',
  help_classLeftovers: '名簿のすべてのアカウントで、有効なすべてのリージョンを調べます。まだ料金が発生しているリソースを探します。各アカウントは、受講者のリージョンにかかわらず 1 回だけ調べます',
  left_classAccount: (account, learners) => `アカウント ${account} (受講者: ${learners.join('、')})`,
  left_classProfile: (profile, role) => `このアカウントの削除コマンドは、プロファイル ${profile} を使います。このプロファイルは、このアカウントの IAM ロール ${role} を引き受けます。最初に 1 回だけ、次のコマンドでプロファイルを作成してください:`,
  left_classTotal: (hourly, monthly, accounts) => `クラスのアカウントの合計 (${accounts} アカウント): ${hourly} ${monthly}`,
  left_classUnreached: (learners, reason) => `${learners.join('、')} のアカウントに接続できませんでした。理由: ${reason}`,
} satisfies Pick<Catalog, keyof typeof enLeftovers>;
