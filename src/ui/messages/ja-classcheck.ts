import type { Catalog } from './types.js';
import type { enClasscheck } from './en-classcheck.js';

/** 日本語 (ja.ts が読み込みます): en-classcheck.ts (class check、クラス全員のラボのチェック) の各メッセージの日本語です。 */
export const jaClasscheck = {
  classcheck_errRosterVpc: (file, row, value) => `${file} の ${row} 行目、列 "vpc": "${value}" は VPC ID でも Name タグでもありません`,
  classcheck_hintRosterVpc: 'VPC コンソールに表示される VPC ID (例: vpc-0123456789abcdef0) または Name タグ (255 文字以内) を書いてください。何もチェックしていません',
  classcheck_errNoLab: (lab, target) => `${target} にラボ "${lab}" がありません。このラボのタグが付いたリソースはありません`,
  classcheck_hintNoLab: (lab) => `\`aws-lab-setup class up\` で作成してください。または、受講者が作成した VPC を名簿の vpc 列に書いてください (${lab} はタグで探します)`,
  classcheck_errFailed: (bad, learners) => `受講者 ${learners} 人のうち ${bad} 人のラボが、あるべき状態ではないか、チェックできませんでした`,
  classcheck_hintFailed: '最初に修正する項目を各行に示しました。受講者のアカウントで `aws-lab-setup check --vpc VPC` を実行すると、すべての項目と修正方法を確認できます',
  classcheck_help: '受講者全員のラボを読み取り専用でチェックします。手作業で作成した VPC (名簿の vpc 列) またはこのツールのラボが対象です。結果を 1 つの表で表示し、あるべき状態でないラボがあれば終了コード 1 で終了します',
  classcheck_helpRoster: 'クラス: ヘッダー行のある CSV ファイル (learner、必要に応じて account、profile、region、vpc。vpc は手作業で作成した VPC の ID または Name タグです)',
  classcheck_helpParallel: (n) => `1 つのアカウントとリージョンで同時にチェックする受講者の数 (デフォルト: ${n}。チェックは読み取りだけで、アカウントごとの EC2 API のレート制限に合わせて送ります)`,
  classcheck_helpOut: 'レポート (index.html) と受講者ごとの図 (<learner>.svg) もここに書き込みます',
  classcheck_head: ['受講者', 'アカウント/リージョン', '章', '最初に修正する項目'],
  classcheck_title: (klass, good, learners) => `クラス "${klass}": 受講者 ${learners} 人のうち ${good} 人がチュートリアルどおりです`,
  classcheck_allGood: 'あるべき状態です',
  classcheck_pathCell: (path, code) => `${path} (${code})`,
  classcheck_wrote: (file, pictures) => `レポートを書き込みました: ${file} (図 ${pictures} 件も同じフォルダにあります)`,
} satisfies Pick<Catalog, keyof typeof enClasscheck>;
