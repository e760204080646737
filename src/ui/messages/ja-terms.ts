import type { WaitStatus } from '../../engine/wait.js';
import { localTime } from '../time.js';

/** 日本語のメッセージ (ja.ts, ja-commands.ts) が共有する用語です。文の断片ではありません。 */

/** ルートの宛先 (または置き換わるリソース) の名前 (リソースのキーから)。 */
export const RESOURCE_NAME: Record<string, string> = { internetGateway: 'インターネットゲートウェイ', natGateway: 'NAT ゲートウェイ', natInstance: 'NAT インスタンス' };

/** ラボのサーバーの名前 (instance.ts の名前 web、db、NAT から)。 */
export const SERVER_NAME: Record<string, string> = { web: 'Web サーバー', db: 'DB サーバー', NAT: 'NAT インスタンス' };

/** NAT の種類。 */
export const NAT_KIND = { instance: 'インスタンス', gateway: 'ゲートウェイ' };

/** AWS の状態 (コンソールの表示のとおり)。知らない状態は AWS の値のままです。 */
const AWS_STATE: Record<string, string> = {
  available: '利用可能', pending: '保留中', running: '実行中', stopping: '停止中', stopped: '停止済み', 'shutting-down': 'シャットダウン中', terminated: '終了済み',
  active: 'アクティブ', blackhole: 'ブラックホール', deleting: '削除中', deleted: '削除済み', failed: '失敗', disabled: '無効', 'in-use': '使用中',
};

/** AWS の状態を日本語で。 */
export const awsStateJa = (state: string) => AWS_STATE[state.toLowerCase()] ?? state;

/** 待っている対象の今の状態: 「 (保留中)」、「 (応答なし: Throttling)」。 */
export const waitStillJa = (s: WaitStatus) => (s.noAnswer ? ` (応答なし: ${s.noAnswer})` : s.state ? ` (${awsStateJa(s.state)})` : '');

/** スケジュールの日時 (日付つき)。 */
export const scheduleTime = (iso: string | undefined) => (iso ? localTime(iso) : 'なし');

/** 経過時間 (秒から): 「3 分 20 秒」。0 の部分は言いません (「2 時間」)。 */
const unitsJa = (a: number, au: string, b: number, bu: string) => `${a} ${au}${b ? ` ${b} ${bu}` : ''}`;
export const ageJa = (s: number) => (s < 60 ? `${s} 秒` : s < 3600 ? unitsJa(Math.floor(s / 60), '分', s % 60, '秒') : unitsJa(Math.floor(s / 3600), '時間', Math.floor(s / 60) % 60, '分'));

/** ロックを持つ実行: 「arn:…、ホスト host-7、プロセス 4242」。 */
export const holderJa = (owner: string | undefined, host: string | undefined, pid: number) => [owner, host && `ホスト ${host}`, `プロセス ${pid}`].filter(Boolean).join('、');

/** サブネットの名前 (subnet.ts の public、private から)。 */
export const SUBNET_NAME: Record<string, string> = { public: 'パブリックサブネット', private: 'プライベートサブネット' };

/** クォータの名前 (AWS の日本語のドキュメントのとおり。Service Quotas のコンソールはクォータ名を英語で表示します)。 */
export const QUOTA_NAME: Record<string, string> = {
  vpcs: 'リージョンあたりの VPC',
  elasticIps: 'Elastic IP アドレス',
  standardVcpus: '実行中のオンデマンド標準インスタンスの vCPU',
  natGatewaysPerZone: 'NAT ゲートウェイ',
  internetGateways: 'リージョンあたりのインターネットゲートウェイ',
};
