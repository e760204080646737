import { chapterOf, type ChapterName } from '../lab/core/chapters.js';
import type { SettingKey, SettingText } from '../lab/core/settings.js';

export type Lang = 'en' | 'ja';

/**
 * English unless asked for Japanese (the tutorial's readers): --lang, else the first of
 * LC_ALL, LC_MESSAGES, LANG and LANGUAGE (a list: its first entry) that is set, else the
 * OS's own locale as Node sees it (Windows and macOS set no variable).
 */
export function pickLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, osLocale: () => string = () => Intl.DateTimeFormat().resolvedOptions().locale): Lang {
  if (flag === 'ja' || flag === 'en') return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || env.LANGUAGE?.split(':')[0] || osLocale();
  return /^ja/i.test(locale) ? 'ja' : 'en';
}

type Texts = Record<string, { en: string; ja: string }>;

/** The wizard's words: each chapter's prompt and one or two lines on why the lab needs it. */
export const TEXTS = {
  intro: {
    en: 'aws-lab-setup builds the two-tier lab of the tutorial: a VPC, a public web server (Apache) and a private DB server (MariaDB).',
    ja: 'aws-lab-setup はチュートリアルの 2 層構成ラボを構築します: VPC、パブリックな Web サーバー (Apache)、プライベートな DB サーバー (MariaDB)。',
  },
  regionWhy: {
    en: 'Region: where the lab lives. Everything is created in one region; Tokyo is ap-northeast-1.',
    ja: 'リージョン: ラボを作る場所です。すべて 1 つのリージョンに作られます (東京は ap-northeast-1)。',
  },
  regionAsk: { en: 'Region', ja: 'リージョン' },
  nameWhy: {
    en: 'Lab name: every resource is tagged with it, so several labs can share an account and `destroy` finds them all.',
    ja: 'ラボ名: すべてのリソースにこの名前のタグが付きます。同じアカウントに複数のラボを置けて、destroy で確実に見つけられます。',
  },
  nameAsk: { en: 'Lab name', ja: 'ラボ名' },
  vpcWhy: {
    en: 'Chapter 1 — VPC: your own private network in AWS. Its CIDR block is the range of private addresses it can hand out.',
    ja: '第 1 章 — VPC: AWS 上のあなた専用のネットワークです。CIDR ブロックはその中で使うプライベート IP アドレスの範囲です。',
  },
  vpcAsk: { en: 'VPC CIDR block', ja: 'VPC の CIDR ブロック' },
  subnetWhy: {
    en: 'Subnets split the VPC: the public one routes to the internet through the internet gateway (its "default gateway"); the private one does not.',
    ja: 'サブネットは VPC を分割したものです。パブリックサブネットはインターネットゲートウェイ (デフォルトゲートウェイ) 経由でインターネットに出られ、プライベートサブネットは出られません。',
  },
  publicSubnetAsk: { en: 'Public subnet CIDR', ja: 'パブリックサブネットの CIDR' },
  privateSubnetAsk: { en: 'Private subnet CIDR', ja: 'プライベートサブネットの CIDR' },
  keyWhy: {
    en: 'Chapter 2 — key pair: SSH logs in with a key, not a password. AWS keeps the public half; you keep the private half.',
    ja: '第 2 章 — キーペア: SSH はパスワードではなく鍵でログインします。AWS が公開鍵を、あなたが秘密鍵を持ちます。',
  },
  keyModeAsk: { en: 'Key pair', ja: 'キーペア' },
  keyModeCreate: { en: 'create a new one (the private key is saved next to the state file)', ja: '新しく作る (秘密鍵はステートファイルの隣に保存)' },
  keyModeImport: { en: 'import my public key', ja: '自分の公開鍵をインポートする' },
  keyNameAsk: { en: 'Key pair name', ja: 'キーペア名' },
  publicKeyAsk: { en: 'Public key file', ja: '公開鍵ファイル' },
  sshWhy: {
    en: 'Security group: the web server\'s firewall. SSH (22) opens only to the address you name; HTTP (80) to everyone.',
    ja: 'セキュリティグループ: Web サーバーのファイアウォールです。SSH (22) は指定したアドレスからだけ、HTTP (80) は全員に開きます。',
  },
  sshAsk: { en: 'Who may SSH to the web server (CIDR)', ja: 'Web サーバーに SSH できる接続元 (CIDR)' },
  typeWhy: {
    en: 'Instance type: the servers\' size. t3.micro is free-tier eligible on new accounts (t2.micro is refused on free-plan accounts made since July 2025).',
    ja: 'インスタンスタイプ: サーバーの大きさです。t3.micro は新しいアカウントの無料枠の対象です (2025 年 7 月以降の無料プランでは t2.micro は使えません)。',
  },
  typeAsk: { en: 'Instance type', ja: 'インスタンスタイプ' },
  typeT3Micro: { en: 't3.micro (free tier)', ja: 't3.micro (無料枠)' },
  typeT4gMicro: { en: 't4g.micro (free tier, Arm: the arm64 image is used)', ja: 't4g.micro (無料枠、Arm: arm64 のイメージを使います)' },
  typeT3Small: { en: 't3.small (one size up)', ja: 't3.small (1 つ上のサイズ)' },
  typeT2Micro: { en: 't2.micro (older; not on new free-plan accounts)', ja: 't2.micro (旧世代。新しい無料プランのアカウントでは使えません)' },
  other: { en: 'other…', ja: 'その他…' },
  amiAsk: { en: 'AMI ID (default: the latest Amazon Linux 2023)', ja: 'AMI の ID (既定: 最新の Amazon Linux 2023)' },
  dbWhy: {
    en: 'Chapter 4 — the DB server has no public address: only the web server can reach it. A NAT gateway lets it download packages; it bills by the hour (destroy --nat-only removes it).',
    ja: '第 4 章 — DB サーバーにはパブリック IP がなく、Web サーバーからしか届きません。NAT ゲートウェイでパッケージを取得できますが、時間課金です (destroy --nat-only で削除できます)。',
  },
  expiryWhy: {
    en: 'Chapter 5 — expiry: at the time you choose, AWS itself deletes the NAT gateway and stops both servers (EventBridge Scheduler), even with your computer off. `up` brings the lab back.',
    ja: '第 5 章 — 有効期限: 指定した時刻に AWS 自身 (EventBridge Scheduler) が NAT ゲートウェイを削除し、両サーバーを停止します。PC の電源が切れていても動きます。`up` で元に戻せます。',
  },
  expiryAsk: { en: 'Stop the lab after', ja: 'ラボを停止するまでの時間' },
  expiry8h: { en: '8 hours (an afternoon)', ja: '8 時間 (午後いっぱい)' },
  expiry4h: { en: '4 hours', ja: '4 時間' },
  expiry1d: { en: '1 day', ja: '1 日' },
  expiryNever: { en: 'never (it bills until you destroy it)', ja: '停止しない (destroy するまで課金されます)' },
  natWhy: {
    en: 'NAT: how the private subnet reaches the internet. The tutorial uses a NAT gateway; a NAT instance (t4g.nano) does the same job for about a tenth of the cost.',
    ja: 'NAT: プライベートサブネットがインターネットに出る方法です。チュートリアルは NAT ゲートウェイを使います。NAT インスタンス (t4g.nano) なら約 10 分の 1 の費用で同じことができます。',
  },
  natAsk: { en: 'NAT for the private subnet', ja: 'プライベートサブネットの NAT' },
  natGateway: { en: 'NAT gateway (the tutorial\'s, managed by AWS)', ja: 'NAT ゲートウェイ (チュートリアル通り、AWS が管理)' },
  natInstance: { en: 'NAT instance (t4g.nano, a tenth of the cost)', ja: 'NAT インスタンス (t4g.nano、約 10 分の 1 の費用)' },
  confirm: { en: 'Create the lab now?', ja: 'ラボを作成しますか?' },
  confirmAll: { en: 'yes, all chapters at once', ja: 'はい、すべての章を一度に作る' },
  confirmStep: { en: 'yes, one chapter at a time (pause after each to look at it)', ja: 'はい、1 章ずつ作る (章ごとに止まって中身を確認する)' },
  confirmNo: { en: 'no', ja: 'いいえ' },
  stepAsk: { en: 'Go on with the next chapter?', ja: '次の章に進みますか?' },
  stepContinue: { en: 'continue', ja: '続ける' },
  stepStop: { en: 'stop here (the lab stays as it is; `aws-lab-setup up` goes on later)', ja: 'ここで止める (ラボはこのまま残り、あとで aws-lab-setup up で続けられます)' },
  confirmDestroy: { en: 'Delete these resources now?', ja: 'これらのリソースを削除しますか?' },
  savedSettings: { en: 'Using the saved settings of lab', ja: '保存済みの設定を使います: ラボ' },
} satisfies Texts & Record<SettingText, { en: string; ja: string }>;

export type TextKey = keyof typeof TEXTS;

/** `--help` of each setting's flag (lab/core/settings.ts), in English like the rest of --help. */
export const FLAG_HELP = {
  vpcCidr: 'VPC CIDR block, /16 to /27 (default: 10.0.0.0/16)',
  publicSubnetCidr: "public subnet (default: the VPC's x.x.1.0/24)",
  privateSubnetCidr: "private subnet (default: the VPC's x.x.2.0/24)",
  keyName: 'key pair name (default: <lab>-key)',
  publicKeyFile: 'import this OpenSSH public key instead of creating a key pair',
  sshCidr: 'who may SSH to the web server (default: your public IP /32)',
  instanceType: 'instance type for both servers (default: t3.micro)',
  ami: 'AMI to launch (default: the latest Amazon Linux 2023)',
  expiresIn: 'AWS stops the lab after this long: 90m, 4h, 2d, or never (default: 8h); given again, it moves the time',
  nat: "the private subnet's way out: gateway (the tutorial's NAT gateway) or instance (a t4g.nano NAT instance, a tenth of the cost) (default: gateway)",
} satisfies Record<SettingKey, string>;

export function t(lang: Lang, key: TextKey): string {
  return TEXTS[key][lang];
}

/** Each chapter's title (lab/core/chapters.ts), as the plan, status and explain head it. */
export const CHAPTER_TITLES = {
  network: 'Network',
  web: 'Web server',
  apache: 'Apache',
  db: 'Private DB server',
  expiry: 'Expiry',
} satisfies Record<ChapterName, string>;

/** The title of chapter n ('' for none). */
export function chapterTitle(n: number): string {
  const chapter = chapterOf(n);
  return chapter ? CHAPTER_TITLES[chapter.name] : '';
}
