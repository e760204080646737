import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitLines, layOutIn } from '../../src/ui/wrap.js';
import type { Live } from '../../src/engine/resource.js';
import { LAB } from '../../src/lab/chapters/lab.js';
import { estimate, FULL_LAB, fullLab } from '../../src/lab/core/cost.js';
import { settingsOf } from '../../src/lab/core/settings.js';
import { planDestroy, planUp } from '../../src/lab/views/plan.js';
import { chapterProgress, expiryInfo, statusRows } from '../../src/lab/views/status.js';
import { topologyOf } from '../../src/lab/views/topology.js';
import { buildProgram } from '../../src/cli/program.js';
import { resolveUpSettings, shortChoice, type Prompter } from '../../src/cli/wizard.js';
import { renderClassPlan, renderClassQuotas, renderClassReach, renderClassResults, renderClassStatus, renderLeftovers } from '../../src/ui/class-views.js';
import { renderDiagram } from '../../src/ui/diagram.js';
import { t } from '../../src/ui/i18n.js';
import { currentLang, msg, useLang } from '../../src/ui/messages/index.js';
import { makeChalk } from '../../src/ui/style.js';
import { renderChapters, renderCost, renderExpiry, renderPlan, renderStatus } from '../../src/ui/views.js';
import { wideWidth } from '../../src/ui/width.js';
import { faultsEitherWay, layoutFaults } from '../support/screen-rules.js';
import { ambiguousIn } from '../support/ambiguous.js';
import { Writable } from 'node:stream';
import { renderLeftovers as renderRegionLeftovers } from '../../src/cli/commands/leftovers.js';
import { groupLeftovers } from '../../src/lab/views/leftovers.js';
import { labEvents } from '../../src/ui/class-progress.js';
import { Reporter } from '../../src/ui/reporter.js';
import { context, describedLab, SETTINGS } from '../support/view-fixtures.js';

/**
 * Every screen the views draw, in English and in Japanese, at 80 columns by display width:
 * measured as most terminals draw ambiguous characters (one column) and as Tera Term and
 * RLogin do (two), with no line starting where Japanese does not start one and no word broken.
 * One table: a new screen (check --vpc, destroy --vpc, leftovers) is one more line.
 */
const plain = makeChalk(false);
const NOW = Date.parse('2026-12-07T01:00:00.000Z');
const ctx = () => context({ sshCidr: '0.0.0.0/0', expiresAt: '2026-12-07T09:00:00.000Z', region: 'ap-northeast-1' });
/** Every resource of the lab found, with IDs as long as AWS's (the expiry's schedule name the longest). */
const found = () => new Map<string, Live | undefined>(LAB.map((r) => [r.key, { id: r.kind === 'Schedule' ? 'aws-lab-setup-aws-lab-ap-northeast-1/expiry' : `${r.key.slice(0, 8).toLowerCase()}-0123456789abcdef0`, state: 'available', attrs: {} }]));

/** Every command's --help: the program and each command under it. */
function helps(): string[] {
  const all = (cmd: Command): Command[] => [cmd, ...cmd.commands.flatMap(all)];
  return all(buildProgram()).map((cmd) => cmd.helpInformation());
}

/**
 * The wizard's screen as @inquirer draws it, without a terminal: each explanation, each
 * question ("? question"), each choice of a select ("❯ choice") and the answer line once one
 * is taken ("✔ question answer", the choice shortened as the CLI's prompter shortens it), for
 * every question the wizard asks, with the SSH source given as the whole internet (its
 * warning and yes/no) and the last question's choices (cli/commands/up.ts confirmRun).
 */
async function wizardScreen(): Promise<string> {
  const lines: string[] = [];
  const prompter: Prompter = {
    input: async (o) => {
      const v = o.default ?? '0.0.0.0/0';
      lines.push(`? ${o.message} (${v})`, `✔ ${o.message} ${v}`);
      return v;
    },
    select: async (o) => {
      lines.push(`? ${o.message}`, ...o.choices.map((c) => `❯ ${c.name}`));
      const taken = o.choices.find((c) => c.value === o.default) ?? o.choices[0];
      for (const c of o.choices) lines.push(`✔ ${o.message} ${shortChoice(c.name)}`);
      return taken.value;
    },
    confirm: async (o) => {
      lines.push(`? ${o.message} ${msg().confirmKeys(false)}`, `✔ ${o.message} ${msg().confirmAnswer(true)}`);
      return true;
    },
  };
  await resolveUpSettings({}, 'aws-lab', {}, { lang: currentLang(), prompter, say: (text) => lines.push(text), detectIp: async () => undefined });
  const m = msg();
  await prompter.select({ message: m.confirm, choices: [m.confirmAll, m.confirmStep, m.confirmNo].map((name) => ({ name, value: name })) });
  await prompter.select({ message: m.stepAsk, choices: [m.stepContinue, m.stepStop].map((name) => ({ name, value: name })) });
  return lines.join('\n');
}


/** What a Reporter wrote, at a terminal of 80 columns (its lines fitted, as the CLI's are). */
class Sink extends Writable {
  text = '';
  isTTY = true;
  columns = 80;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** A run's progress lines, piped (plain): a step started, waiting, done, kept, failed; and a class's lab's line. */
function progressLines(): string {
  const err = new Sink();
  const r = new Reporter('plain', new Sink(), err);
  r.started('webInstance', ['res_webInstance', 't3.micro']);
  r.progress('webInstance', ['progress_waitServer', 'web', 'i-0123456789abcdef0', 'running', {}]);
  r.finished('webInstance', 'created', 'i-0123456789abcdef0', 2500);
  r.started('vpc', ['res_vpc', '10.0.0.0/16']);
  r.finished('vpc', 'kept', 'vpc-0123456789abcdef0', 10);
  r.started('natGateway', ['res_natGateway']);
  r.failed('natGateway', new Error('boom'));
  const lab = labEvents(r, 'lab-tanaka');
  lab.started('vpc', ['res_vpc', '10.0.0.0/16']);
  lab.finished('vpc', 'created', 'vpc-0123456789abcdef0', 10);
  return err.text;
}

/** `leftovers` in one region: a hand-built VPC with a NAT gateway, a running instance and an idle Elastic IP. */
function leftoversScreen(): string {
  const found = groupLeftovers(
    [
      {
        region: 'ap-northeast-1',
        vpcs: [{ VpcId: 'vpc-0123456789abcdef0', Tags: [{ Key: 'Name', Value: 'my-lab' }] }],
        natGateways: [{ NatGatewayId: 'nat-0123456789abcdef0', VpcId: 'vpc-0123456789abcdef0', State: 'available' }],
        addresses: [{ AllocationId: 'eipalloc-0123456789abcdef0', PublicIp: '203.0.113.2' }],
        interfaces: [],
        instances: [{ InstanceId: 'i-0123456789abcdef0', VpcId: 'vpc-0123456789abcdef0', InstanceType: 't3.micro', State: { Name: 'running' } }],
        volumes: [],
      },
    ],
    new Map(),
  );
  // Written as reporter.result writes it at a terminal.
  return fitLines(renderRegionLeftovers({ c: plain }, found, 1, undefined), 80);
}

const SCREENS: { name: string; render: () => string | string[] | Promise<string>; box?: boolean }[] = [
  { name: "the wizard's questions, choices and answers", render: wizardScreen },
  { name: '--help of every command', render: helps },
  { name: 'plan (a new lab, SSH open to the world)', render: () => renderPlan(plain, planUp(ctx(), new Map()), settingsOf(ctx().settings).map((s) => ({ chapter: s.chapter, label: t(currentLang(), s.ask), value: s.value, caution: s.caution && t(currentLang(), s.caution.mark) }))) },
  { name: 'destroy plan', render: () => renderPlan(plain, planDestroy(ctx(), found())) },
  { name: 'cost (NAT gateway)', render: () => renderCost(plain, estimate('ap-northeast-1', 't3.micro', FULL_LAB)) },
  { name: 'cost (NAT instance)', render: () => renderCost(plain, estimate('ap-northeast-1', 't3.micro', fullLab('instance'))) },
  { name: 'cost (no prices)', render: () => renderCost(plain, estimate('af-south-1', 't3.micro', FULL_LAB)) },
  { name: 'status table', render: () => renderStatus(plain, 'aws-lab', 'ap-northeast-1', statusRows(ctx(), found()), 2.5, 0.25) },
  { name: 'status chapters', render: () => renderChapters(plain, chapterProgress(statusRows(ctx(), new Map([...found()].slice(0, 9))))) },
  { name: 'expiry', render: () => renderExpiry(plain, expiryInfo(ctx(), found(), NOW), NOW) },
  { name: 'expiry, expired', render: () => renderExpiry(plain, expiryInfo(ctx(), found(), NOW + 86_400_000), NOW + 86_400_000) },
  { name: 'diagram (--ascii)', render: () => renderDiagram(topologyOf(describedLab().snapshot, describedLab().roles), SETTINGS, 'ascii') },
  { name: 'diagram (box)', render: () => renderDiagram(topologyOf(describedLab().snapshot, describedLab().roles), SETTINGS, 'box'), box: true },
  { name: 'diagram of nothing yet', render: () => renderDiagram(undefined, SETTINGS, 'ascii') },
  {
    name: 'class plan',
    render: () => renderClassPlan([{ lab: 'lab-tanaka', target: '123456789012/ap-northeast-1', create: 25, update: 0, hourly: 0.1013 }]),
  },
  {
    name: 'class status',
    render: () =>
      renderClassStatus(plain, 'kurasu', [{ learner: 'tanaka', lab: 'lab-tanaka', target: '123456789012/ap-northeast-1', chapters: 4, of: 4, webUrl: 'http://ec2-203-0-113-10.ap-northeast-1.compute.amazonaws.com', nat: 'gateway nat-0123456789abcdef0', costSoFar: 1.25, expires: '2026-12-07T09:00:00.000Z' }], NOW),
  },
  {
    name: 'class quotas',
    render: () =>
      renderClassQuotas(plain, [{ target: '123456789012/ap-northeast-1', quota: 'standardVcpus', serviceCode: 'ec2', quotaCode: 'L-1216C47A', need: 60, used: 2, limit: 32, short: 30, limitFrom: 'applied' } as never]),
  },
  {
    name: 'class failures',
    render: () => renderClassResults(plain, [{ lab: 'lab-tanaka', where: '123456789012/ap-northeast-1', reason: 'You are not authorized to perform this operation. User: arn:aws:sts::123456789012:assumed-role/OrganizationAccountAccessRole/aws-lab-setup is not authorized to perform: ec2:RunInstances' }]),
  },
  { name: 'class leftovers', render: () => renderLeftovers(plain, ['123456789012/ap-northeast-1'], [{ kind: 'natGateways', id: 'nat-0123456789abcdef0', lab: 'lab-tanaka', target: '123456789012/ap-northeast-1' }]) },
  { name: 'progress lines (a lab and a class)', render: progressLines },
  { name: 'leftovers', render: leftoversScreen },
  { name: "the select prompt's key help", render: () => msg().keys_help([['↑↓', 'navigate'], ['⏎', 'select']]) },
  { name: 'class reach', render: () => renderClassReach([{ account: '123456789012', profile: 'kurasu-admin', labs: 30 }], 'OrganizationAccountAccessRole') },
];

// Laid out for an 80-column terminal (the CLI: its terminal's width; piped: lines whole).
layOutIn(80);
beforeAll(() => layOutIn(80));
afterAll(() => layOutIn(Number.POSITIVE_INFINITY));

describe.each(['en', 'ja'] as const)('every screen fits 80 columns (%s)', (lang) => {
  afterAll(() => useLang('en'));
  it.each(SCREENS)('$name', async ({ render, box }) => {
    await useLang(lang);
    const screens = [await render()].flat();
    for (const screen of screens) {
      expect(screen.length).toBeGreaterThan(0);
      // Box drawing is ambiguous width: the box picture is for terminals that draw it narrow (--ascii for the others).
      expect(box ? layoutFaults(screen) : faultsEitherWay(screen), screen).toEqual([]);
      // A Japanese screen has no ambiguous-width mark, the code's own included (—, •, …, ·).
      if (lang === 'ja' && !box) expect(ambiguousIn(screen.split('\n'))).toEqual([]);
    }
  });
});

describe('the checks fail on what they look for', () => {
  it('a line too wide, one starting with ー or 。, a katakana word or an ID broken', () => {
    expect(layoutFaults('x'.repeat(60) + ' ' + 'y'.repeat(30))).toHaveLength(1);
    expect(layoutFaults('ルート 0.0.0.0/0\nー')).toHaveLength(1);
    expect(layoutFaults('作成しました\n。')).toHaveLength(1);
    expect(layoutFaults(`${'あ'.repeat(28)}インターネットゲートウェ\nイ (VPC にアタッチ)`)).toHaveLength(1);
    expect(layoutFaults('ネ\nットワーク')).toHaveLength(1); // a small kana first
    // A table's state cell at a line's end is a word of its own; the label's next line is not its other half.
    expect(layoutFaults(`  ✔ あり     ルート 0.0.0.0/0 ->${' '.repeat(38)}アクティブ\n             インターネットゲートウェイ`)).toEqual([]);
    expect(layoutFaults(`${'a'.repeat(60)} vpc-0123\n456789abcdef0`)).toHaveLength(1);
    expect(layoutFaults(`${'a'.repeat(75)} 1234\n567 GB`)).toHaveLength(1); // a number
    expect(layoutFaults('  • Elastic IP アドレス 127.160.212.171 eipalloc-e89ac946ad7807a50  0.0050\n     USD/時間')).toHaveLength(1); // a price and its unit
    expect(layoutFaults('✔ ルート 0.0.0.0/0\n-> インターネットゲートウェイ')).toHaveLength(1);
    // A path longer than a line passes 80, whole; a sentence of words does not.
    expect(layoutFaults(`  /tmp/${'d/'.repeat(40)}key.pem`)).toEqual([]);
    // ─ is one column here and two on Tera Term: the wide measure sees 81.
    expect(layoutFaults('─'.repeat(41), { measure: wideWidth })).toHaveLength(1);
    expect(layoutFaults('─'.repeat(41))).toEqual([]);
  });
});
