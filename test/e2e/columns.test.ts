import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { labEnv, runCli, tempDir } from './support/cli.js';
import { useMoto } from './support/moto.js';
import { ec2At } from './support/aws.js';
import { makeHandBuiltLab, type HandBuiltLab } from './support/hand-built.js';
import { openTerminal, type Terminal } from './support/tmux.js';
import { faultsEitherWay, layoutFaults } from '../support/screen-rules.js';

/**
 * Every command's screens in a real 80-column terminal (tmux), in English and in Japanese
 * (issue 29): no line wider than 80 display columns (measured as most terminals draw
 * ambiguous characters, and as Tera Term does with --ascii), none starting where Japanese
 * does not start a line, no word broken inside. The terminal's own wraps are joined back
 * (capture-pane -J), so a line the CLI wrote too wide is seen whole.
 *
 * ONE TABLE: a new screen (check --vpc, destroy --vpc, leftovers) is one line of SCREENS.
 */
type Lang = 'en' | 'ja';

/**
 * The wizard's questions as a person answers them at the terminal, in order: what the screen
 * shows once the prompt is there (English, Japanese), then the keys. The SSH source is the
 * whole internet first (its warning and the yes/no, answered no), then a /32; the last
 * question is answered no, so nothing is made.
 */
const WIZARD: [en: RegExp, ja: RegExp, keys: string[]][] = [
  [/\? VPC CIDR block/, /\? VPC の CIDR ブロック/, ['Enter']],
  [/\? Public subnet CIDR/, /\? パブリックサブネットの CIDR/, ['Enter']],
  [/\? Private subnet CIDR/, /\? プライベートサブネットの CIDR/, ['Enter']],
  [/create a new one/, /新しく作成する/, ['Enter']],
  [/\? Key pair name/, /\? キーペア名/, ['Enter']],
  [/\? Who may SSH/, /\? Web サーバーへの SSH を許可するソース/, ['0.0.0.0/0', 'Enter']],
  [/anyway\?/, /公開しますか\?/, ['Enter']],
  [/anyway\?[^\n]*\n[\s\S]*\? Who may SSH/, /公開しますか\?[^\n]*\n[\s\S]*\? Web サーバーへの SSH を許可するソース/, ['203.0.113.9/32', 'Enter']],
  [/t3\.micro \(free tier\)/, /t3\.micro \(無料利用枠\)/, ['Enter']],
  [/NAT gateway \(the tutorial's/, /NAT ゲートウェイ \(チュートリアルどおり/, ['Enter']],
  [/\? Stop the lab after/, /\? ラボを停止するまでの時間/, ['Enter']],
  [/\? Create the lab now\?/, /\? ラボを作成しますか\?/, ['Down', 'Down', 'Enter']],
];

async function answerWizard(term: Terminal, lang: Lang): Promise<void> {
  for (const [en, ja, keys] of WIZARD) {
    await term.waitFor(lang === 'ja' ? ja : en, 60_000);
    term.type(...keys);
  }
  // The plan and its cost were on the screen before the last question (not an error in their place).
  expect(term.joined()).toMatch(lang === 'ja' ? /合計\s+0\.\d{4} USD\/時間/ : /total\s+\$0\.\d{4}\/h/);
}

/** A class of two learners, one in the caller's account and one in a member account (reached by its role). */
function rosterFile(): string {
  const file = path.join(tempDir('cols-class-'), 'cols.csv');
  writeFileSync(file, 'learner,account\nann,\nben,111111111111\n');
  return file;
}
const ROSTER = rosterFile();
/** The class is named after the lab, so each language's run has a class of its own. */
const klass = (lab: string, sub: string, ...more: string[]) => ['class', sub, '--roster', ROSTER, '--name', lab, ...more];

const SCREENS: { name: string; args: (lab: string, byHand: HandBuiltLab) => string[]; exit?: number; box?: boolean; answer?: (term: Terminal, lang: Lang) => Promise<void> }[] = [
  ...['', 'up', 'plan', 'explain', 'destroy', 'status', 'ssh', 'ssh-config', 'check', 'leftovers', 'class', 'class plan', 'class up', 'class status', 'class destroy', 'class quotas', 'class leftovers', 'policy', 'state', 'state init', 'state move', 'unlock'].map((command) => ({
    name: `${command || 'aws-lab-setup'} --help`,
    args: () => [...command.split(' ').filter(Boolean), '--help'],
  })),
  { name: 'plan', args: (lab) => ['plan', '--name', lab, '--ssh-cidr', '0.0.0.0/0'] },
  { name: 'plan, NAT instance', args: (lab) => ['plan', '--name', `${lab}-n`, '--nat', 'instance', '--ssh-cidr', '203.0.113.9/32'] },
  { name: 'status', args: (lab) => ['status', '--name', lab], box: true },
  { name: 'status --ascii', args: (lab) => ['status', '--name', lab, '--ascii'] },
  { name: 'check', args: (lab) => ['check', '--name', lab, '--timeout', '1'], exit: -1 },
  { name: 'class check --help', args: () => ['class', 'check', '--help'] },
  // The class "cols": the learner "en"/"ja" is the lab `up` built (cols-en), "hand" the VPC built by hand.
  { name: 'class check', args: (lab, byHand) => ['class', 'check', '--name', 'cols', '--from', '203.0.113.7/32', '--roster', roster(`learner,vpc\n${lab.slice('cols-'.length)},\nhand,${byHand.vpc}\n`)], exit: 1 },
  // The wizard (`up` with no flags at a terminal): each explanation, question, choice and answer, the plan and the cost table before the last question, answered no.
  { name: 'the wizard', args: (lab) => ['up', '--name', `${lab}-w`], answer: answerWizard, exit: -1 },
  // The class's tables, for a roster across two accounts.
  { name: 'class plan', args: (lab) => klass(lab, 'plan', '--ssh-cidr', '203.0.113.9/32') },
  { name: 'class quotas', args: (lab) => klass(lab, 'quotas', '--ssh-cidr', '203.0.113.9/32') },
  { name: 'class up', args: (lab) => klass(lab, 'up', '--yes', '--until', '2', '--ssh-cidr', '203.0.113.9/32') },
  { name: 'class status', args: (lab) => klass(lab, 'status') },
  { name: 'class leftovers', args: (lab) => ['class', 'leftovers', '--roster', ROSTER, '--name', lab] },
  { name: 'class destroy', args: (lab) => klass(lab, 'destroy', '--yes') },
  { name: 'an error (a /8 VPC)', args: (lab) => ['up', '--yes', '--name', `${lab}-e`, '--vpc-cidr', '10.0.0.0/8'], exit: 2 },
  { name: 'destroy', args: (lab) => ['destroy', '--yes', '--name', lab] },
  // A VPC built by hand with a mistake (no ping from the web server): its check, what still bills, its teardown.
  { name: 'check --vpc', args: (_lab, byHand) => ['check', '--vpc', byHand.vpc, '--from', '203.0.113.7/32'], exit: 1 },
  { name: 'leftovers', args: () => ['leftovers', '--region', 'us-east-1'] },
  { name: 'destroy --vpc', args: (_lab, byHand) => ['destroy', '--vpc', byHand.vpc, '--yes'] },
];

/** A roster file of its own, for a screen that reads one. */
function roster(text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cols-roster-')), 'roster.csv');
  writeFileSync(file, text);
  return file;
}

describe('every screen in an 80-column terminal', () => {
  const moto = useMoto();

  it.each(['en', 'ja'] as const)('%s', async (lang) => {
    const cwd = tempDir();
    const lab = `cols-${lang}`;
    // A Japanese learner's machine: its clock in JST, which every time on the screens is shown in.
    const env = labEnv({ TERM: 'xterm-256color', ...(lang === 'ja' ? { LANG: 'ja_JP.UTF-8', TZ: 'Asia/Tokyo' } : { LANG: 'en_US.UTF-8' }) });
    const flags = ['--lang', lang, '--endpoint-url', moto.url];
    // `up` itself at a terminal: its progress lines, the result and the expiry.
    const screens: { name: string; text: string; box?: boolean }[] = [];
    const run = async (name: string, args: string[], exit = 0, box = false, answer?: (term: Terminal, lang: Lang) => Promise<void>) => {
      const term = openTerminal([...args, ...flags], { cwd, env, columns: 80 });
      try {
        await answer?.(term, lang);
        const code = await term.exitCode(120_000);
        if (exit >= 0) expect(code, `${name}\n${term.joined()}`).toBe(exit);
        screens.push({ name, text: term.joined(), box });
      } finally {
        term.close();
      }
    };
    await run('up', ['up', '--yes', '--name', lab, '--ssh-cidr', '203.0.113.9/32']);
    const byHand = await makeHandBuiltLab(ec2At(moto.url), { mistake: 'no-icmp-from-web', name: `hand-${lang}`, cidr: lang === 'ja' ? '10.41.0.0/16' : '10.40.0.0/16' });
    for (const s of SCREENS) await run(s.name, s.args(lab, byHand), s.exit ?? 0, s.box, s.answer);
    const faults = screens.flatMap((s) => (s.box ? layoutFaults(s.text) : faultsEitherWay(s.text)).map((f) => `${s.name}: ${f}`));
    expect(faults, screens.map((s) => `=== ${s.name}\n${s.text}`).join('\n')).toEqual([]);
    // The screens are the commands' own (not an error in their place).
    expect(screens.map((s) => s.text).join('\n')).toMatch(lang === 'ja' ? /ラボ "cols-ja"/ : /Lab "cols-en"/);
  }, 600_000);

  // A control: the same check fails on what a piped run (lines whole, for programs) writes.
  it('is not blind: the plan as a piped run writes it has faults', async () => {
    const res = await runCli(['plan', '--name', 'wide', '--lang', 'ja', '--ssh-cidr', '0.0.0.0/0', '--endpoint-url', moto.url], { cwd: tempDir(), env: labEnv() });
    expect(faultsEitherWay(`${res.stderr}${res.stdout}`).length, res.stderr).toBeGreaterThan(0);
  });
});
