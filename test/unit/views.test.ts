/**
 * What a person reads: the plan, the cost, the outputs and SSH commands, the diagram,
 * and the rule that colour and escape codes appear only at a real terminal.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layOutIn } from '../../src/ui/wrap.js';
import { inEnglish, LabError } from '../../src/engine/errors.js';
import type { Live } from '../../src/engine/resource.js';
import type { LabSettings } from '../../src/lab/core/config.js';
import { estimate, FULL_LAB } from '../../src/lab/core/cost.js';
import { LAB, labThrough } from '../../src/lab/chapters/lab.js';
import { TUTORIAL_CHAPTERS } from '../../src/lab/core/chapters.js';
import { assertReachable, labOutputs, sshConfig } from '../../src/lab/views/outputs.js';
import { planDestroy, planUp, type PlanItem } from '../../src/lab/views/plan.js';
import { chapterProgress, expiryJson, plannedCost, statusRows } from '../../src/lab/views/status.js';
import { renderDiagram, type Charset } from '../../src/ui/diagram.js';
import { topologyOf } from '../../src/lab/views/topology.js';
import type { Roles, VpcSnapshot } from '../../src/lab/core/snapshot.js';
import { Reporter } from '../../src/ui/reporter.js';
import { fancy, makeChalk } from '../../src/ui/style.js';
import { renderChapterDone, renderChapters, renderCost, renderOutputs, renderPlan, renderStatus } from '../../src/ui/views.js';
import { lookAt } from '../../src/lab/views/console.js';
import { say, useLang } from '../../src/ui/messages/index.js';
import { en } from '../../src/ui/messages/en.js';

import { context, DB_IP, describedLab, SETTINGS, WEB_IP } from '../support/view-fixtures.js';
import { layoutFaults } from '../support/screen-rules.js';
import { inJapanese } from '../support/in-japanese.js';

const ESC = '\x1b';
const plain = makeChalk(false);
const coloured = makeChalk(true);

// --- the plan -------------------------------------------------------------------------

// Laid out for an 80-column terminal (the CLI: its terminal's width; piped: lines whole).
layOutIn(80);
beforeAll(() => layOutIn(80));
afterAll(() => layOutIn(Number.POSITIVE_INFINITY));

describe('renderPlan for a new lab', () => {
  const items = planUp(context(), new Map());
  const text = renderPlan(plain, items);
  // A label wrapped to 80 columns goes on under its own column (14 spaces or more): read back whole.
  const lines = text.split('\n').reduce<string[]>((all, l) => (/^ {14,}\S/.test(l) && all.length ? [...all.slice(0, -1), `${all.at(-1)} ${l.trim()}`] : [...all, l]), []);
  /** The line index of the first line matching. */
  const line = (re: RegExp) => {
    const i = lines.findIndex((l) => re.test(l));
    expect(i, `no line matches ${re}`).toBeGreaterThanOrEqual(0);
    return i;
  };

  it('creates all 20 resources and says so', () => {
    expect(items).toHaveLength(20);
    expect(items.every((i) => i.action === 'create')).toBe(true);
    expect(lines.filter((l) => /^\s+\+ create\s/.test(l))).toHaveLength(20);
    expect(lines.at(-1)).toBe('Plan: 20 to create.');
  });

  it('groups the steps under the headings of chapters 1 to 4 (Apache, chapter 3, is the web server\'s user-data)', () => {
    const headings = lines.filter((l) => /^\d+\. /.test(l));
    expect(headings).toEqual(['1. Network', '2. Web server', '3. Apache', '4. Private DB server']);
    expect(line(/Apache on the web server/)).toBeGreaterThan(line(/^3\. /));
    expect(line(/Apache on the web server/)).toBeLessThan(line(/^4\. /));
    expect(line(/^1\. /)).toBe(0);
    expect(line(/^1\. /)).toBeLessThan(line(/^2\. /));
    expect(line(/^2\. /)).toBeLessThan(line(/^4\. /));
    // Chapter 1 holds the network, chapter 2 the web server, chapter 4 the DB server and NAT.
    expect(line(/VPC 10\.0\.0\.0\/16/)).toBeLessThan(line(/^2\. /));
    expect(line(/web server \(t3\.micro/)).toBeGreaterThan(line(/^2\. /));
    expect(line(/web server \(t3\.micro/)).toBeLessThan(line(/^4\. /));
    expect(line(/NAT gateway in the public subnet/)).toBeGreaterThan(line(/^4\. /));
    expect(line(/db server \(t3\.micro/)).toBeGreaterThan(line(/^4\. /));
  });

  it('names the settings: CIDRs, the SSH source, the key pair', () => {
    expect(text).toContain('VPC 10.0.0.0/16');
    expect(text).toMatch(/public subnet 10\.0\.1\.0\/24/);
    expect(text).toMatch(/private subnet 10\.0\.2\.0\/24/);
    expect(text).toContain('SSH from 203.0.113.7/32');
    expect(lines.join('\n')).toMatch(/key pair aws-lab-key .*\/tmp\/aws-lab-state\/aws-lab-key\.pem/);
    // Every line fits 80 columns (the plan's lines ran to 135): the path is whole, on a line of its own.
    expect(text.split('\n').filter((l) => columns(l) > 80)).toEqual([]);
    expect(text).toMatch(/\n {14}\/tmp\/aws-lab-state\/aws-lab-key\.pem\)/);
  });

  it('lists parents before children', () => {
    const before = (a: RegExp, b: RegExp) => expect(line(a), `${a} before ${b}`).toBeLessThan(line(b));
    before(/VPC 10\.0\.0\.0/, /public subnet 10\.0\.1\.0/);
    before(/VPC 10\.0\.0\.0/, /private subnet 10\.0\.2\.0/);
    before(/VPC 10\.0\.0\.0/, /internet gateway, attached/);
    before(/internet gateway, attached/, /route 0\.0\.0\.0\/0 -> internet gateway/);
    before(/public route table/, /route 0\.0\.0\.0\/0 -> internet gateway/);
    before(/key pair aws-lab-key/, /web server \(/);
    before(/web security group/, /web server \(/);
    before(/route 0\.0\.0\.0\/0 -> internet gateway/, /web server \(/);
    before(/web server \(/, /Elastic IP attached to the web server/);
    before(/Elastic IP for the web server/, /Elastic IP attached to the web server/);
    before(/Elastic IP for the NAT gateway/, /NAT gateway in the public subnet/);
    before(/NAT gateway in the public subnet/, /route 0\.0\.0\.0\/0 -> NAT gateway/);
    before(/private route table/, /route 0\.0\.0\.0\/0 -> NAT gateway/);
    before(/web security group/, /db security group/);
    before(/db security group/, /db server \(/);
    before(/private subnet uses the private route table/, /db server \(/);
  });

  it('respects every declared dependency', () => {
    const at = new Map(items.map((i) => [i.key, lines.findIndex((l) => l.includes(say(i.label)))]));
    // Only the NAT kind not chosen (gateway is the default) and the expiry (no expiresAt in
    // SETTINGS) are left out of the plan.
    expect(LAB.filter((r) => !at.has(r.key)).map((r) => r.key)).toEqual(['natSecurityGroup', 'natInstance', 'expiryRole', 'expiryPolicy', 'expiryGroup', 'natExpiry', 'serversExpiry']);
    for (const r of LAB.filter((r) => at.has(r.key))) {
      for (const dep of r.dependsOn.filter((d) => at.has(d))) expect(at.get(dep)!, `${dep} before ${r.key}`).toBeLessThan(at.get(r.key)!);
    }
  });

  it('has no escape codes in plain text, and colour with a colour chalk', () => {
    expect(text).not.toContain(ESC);
    expect(renderPlan(coloured, items)).toContain(ESC);
  });
});

describe('renderPlan summaries', () => {
  const item = (action: PlanItem['action'], n: number): PlanItem => ({ key: `k${n}`, kind: 'X', chapter: 1, label: ['res_publicSubnet', `thing ${n}`], action, changes: [], depth: 0 });

  it('counts each kind of action', () => {
    const text = renderPlan(plain, [item('create', 1), item('keep', 2), item('keep', 3), item('update', 4)]);
    expect(text.split('\n').at(-1)).toMatch(/^Plan: /);
    expect(text).toContain('1 to create');
    expect(text).toContain('2 kept');
    expect(text).toContain('1 to update');
  });

  it('shows a changed resource with its ID and what changes', () => {
    const text = renderPlan(plain, [{ ...item('update', 1), id: 'sg-0abc', changes: [['drift_ruleAllow', 'tcp:22-22:198.51.100.7/32']] }]);
    expect(text).toContain('sg-0abc');
    // Under the label's column, marked with a plain dash (· is drawn two columns wide on some terminals).
    expect(text).toContain('\n              - allow tcp:22-22:198.51.100.7/32');
  });

  it('destroy plan: 25 deletes (the expiry\'s too), children before parents', () => {
    const ctx = context({ expiresAt: '2030-01-01T00:00:00.000Z' });
    const found = new Map<string, Live | undefined>(LAB.filter((r) => r.wanted?.(ctx) ?? true).map((r) => [r.key, { id: `id-${r.key}`, attrs: {} }]));
    const items = planDestroy(ctx, found);
    expect(items.filter((i) => i.action === 'delete')).toHaveLength(25);
    const pos = (k: string) => items.findIndex((i) => i.key === k);
    // The schedules, then their group; the role's policy, then the role.
    expect(pos('natExpiry')).toBeLessThan(pos('expiryGroup'));
    expect(pos('serversExpiry')).toBeLessThan(pos('expiryGroup'));
    expect(pos('serversExpiry')).toBeLessThan(pos('expiryPolicy'));
    expect(pos('expiryPolicy')).toBeLessThan(pos('expiryRole'));
    expect(pos('serversExpiry')).toBeLessThan(pos('dbInstance'));
    expect(pos('dbInstance')).toBeLessThan(pos('privateSubnet'));
    expect(pos('natGateway')).toBeLessThan(pos('natElasticIp'));
    expect(pos('publicSubnet')).toBeLessThan(pos('vpc'));
    expect(renderPlan(plain, items).split('\n').at(-1)).toBe('Plan: 25 to delete.');
  });
});

// --- cost -------------------------------------------------------------------------------

describe('cost', () => {
  // The full lab: two instances, one NAT gateway, two public IPv4 addresses, two 8 GB gp3 roots.
  const hourlyOf = (p: { instance: number; nat: number; ipv4: number; gp3: number }) => 2 * p.instance + p.nat + 2 * p.ipv4 + (16 * p.gp3) / 730;

  it('us-east-1, t3.micro: $0.078 an hour, about $56.61 a month', () => {
    const expected = hourlyOf({ instance: 0.0104, nat: 0.045, ipv4: 0.005, gp3: 0.08 });
    expect(expected.toFixed(3)).toBe('0.078');
    const cost = estimate('us-east-1', 't3.micro', FULL_LAB);
    expect(cost.known).toBe(true);
    if (!cost.known) return;
    expect(cost.hourly).toBeCloseTo(expected, 10);
    expect(cost.monthly).toBeCloseTo(expected * 730, 8);

    const text = renderCost(plain, cost);
    expect(text).toContain('us-east-1');
    expect(text).toContain(`$${expected.toFixed(4)}/h`);
    expect(text).toContain('$0.0776/h');
    expect(text).toContain(`$${(expected * 730).toFixed(2)}/month`);
    expect(text).toMatch(/2 x t3\.micro instance\s+\$0\.0208\/h/);
    expect(text).toMatch(/1 x NAT gateway\s+\$0\.0450\/h/);
    expect(text).toMatch(/2 x public IPv4 address\s+\$0\.0100\/h/);
    expect(text).toMatch(/16 x gp3 volume GB\s+\$0\.0018\/h/);
    expect(text).not.toContain(ESC);
  });

  it('ap-northeast-1, t3.micro: Tokyo prices', () => {
    const expected = hourlyOf({ instance: 0.0136, nat: 0.062, ipv4: 0.005, gp3: 0.096 });
    const cost = estimate('ap-northeast-1', 't3.micro', FULL_LAB);
    expect(cost.known && cost.hourly).toBeCloseTo(expected, 10);
    const text = renderCost(plain, cost);
    expect(text).toContain('ap-northeast-1');
    expect(text).toContain(`$${expected.toFixed(4)}/h`);
    expect(text).toContain('$0.1013/h');
    expect(text).toContain(`$${(expected * 730).toFixed(2)}/month`);
  });

  it('only what exists bills: without the NAT gateway and its address', () => {
    const cost = estimate('us-east-1', 't3.micro', { instances: 2, natGateways: 0, publicIps: 1, volumesGb: 16 });
    const expected = 2 * 0.0104 + 0.005 + (16 * 0.08) / 730;
    expect(cost.known && cost.hourly).toBeCloseTo(expected, 10);
    expect(renderCost(plain, cost)).not.toContain('NAT gateway  ');
  });

  it('an unknown region says unknown rather than guessing', () => {
    const cost = estimate('eu-north-9', 't3.micro', FULL_LAB);
    expect(cost.known).toBe(false);
    const text = renderCost(plain, cost);
    expect(text).toMatch(/unknown/);
    expect(text).toContain('eu-north-9');
    expect(text).not.toMatch(/\$\d/);
  });

  it('an instance type without a price says unknown too', () => {
    const cost = estimate('us-east-1', 'm7i.48xlarge', FULL_LAB);
    expect(cost.known).toBe(false);
    const text = renderCost(plain, cost);
    expect(text).toMatch(/unknown/);
    expect(text).toContain('m7i.48xlarge');
    expect(text).not.toMatch(/\$\d/);
  });
});

// --- outputs and SSH ----------------------------------------------------------------------

const KEY = '/home/me/lab/aws-lab-key.pem';

/** A whole gateway lab as `discover` finds it: each kind's find() attrs, by the lab's keys. */
function liveLab(): Map<string, Live> {
  return new Map<string, Live>([
    ['vpc', { id: 'vpc-0a1b2c3d4e5f60718', state: 'available', attrs: { cidr: '10.0.0.0/16' } }],
    ['publicSubnet', { id: 'subnet-0aaa', state: 'available', attrs: { cidr: '10.0.1.0/24', zone: 'us-east-1a' } }],
    ['privateSubnet', { id: 'subnet-0bbb', state: 'available', attrs: { cidr: '10.0.2.0/24', zone: 'us-east-1a' } }],
    ['internetGateway', { id: 'igw-0a1b2c3d4e5f60718', attrs: { attachedTo: 'vpc-0a1b2c3d4e5f60718' } }],
    ['publicRouteTable', { id: 'rtb-0aaa', attrs: {} }],
    ['publicRoute', { id: 'rtb-0aaa:0.0.0.0/0', state: 'active', attrs: { target: 'igw-0a1b2c3d4e5f60718' } }],
    ['publicRouteAssociation', { id: 'rtbassoc-0aaa', attrs: {} }],
    ['webSecurityGroup', { id: 'sg-0web', attrs: { rules: 'tcp:22-22:203.0.113.7/32 tcp:80-80:0.0.0.0/0' } }],
    ['webInstance', { id: 'i-0123456789abcdef0', state: 'running', attrs: { publicIp: '198.51.100.99', privateIp: '10.0.1.23', publicDns: 'ec2-198-51-100-99.compute-1.amazonaws.com' } }],
    ['webElasticIp', { id: 'eipalloc-0123456789abcdef0', attrs: { publicIp: WEB_IP } }],
    ['webAddressAssociation', { id: 'eipassoc-0123456789abcdef0', attrs: { publicIp: WEB_IP, publicDns: 'ec2-203-0-113-10.compute-1.amazonaws.com' } }],
    ['dbSecurityGroup', { id: 'sg-0db', attrs: { rules: 'tcp:3306-3306:sg-0web icmp:-1--1:sg-0web tcp:22-22:sg-0web' } }],
    ['natElasticIp', { id: 'eipalloc-0fedcba9876543210', attrs: { publicIp: '203.0.113.20' } }],
    ['natGateway', { id: 'nat-0123456789abcdef0', state: 'available', attrs: { publicIp: '203.0.113.20', subnetId: 'subnet-0aaa' } }],
    ['privateRouteTable', { id: 'rtb-0bbb', attrs: {} }],
    ['privateRoute', { id: 'rtb-0bbb:0.0.0.0/0', state: 'active', attrs: { target: 'nat-0123456789abcdef0' } }],
    ['privateRouteAssociation', { id: 'rtbassoc-0bbb', attrs: {} }],
    ['dbInstance', { id: 'i-0fedcba9876543210', state: 'running', attrs: { privateIp: DB_IP } }],
  ]);
}

describe('outputs', () => {
  it('labOutputs prefers the Elastic IP over the instance address', () => {
    const o = labOutputs(liveLab(), KEY);
    expect(o.webPublicIp).toBe(WEB_IP);
    expect(o.webUrl).toBe('http://ec2-203-0-113-10.compute-1.amazonaws.com/');
    expect(o.dbPrivateIp).toBe(DB_IP);
    expect(o.natPublicIp).toBe('203.0.113.20');
  });

  it('renderOutputs shows both SSH commands, the DB one hopping through the web server', () => {
    const o = labOutputs(liveLab(), KEY);
    const text = renderOutputs(plain, o);
    expect(text).toContain(`ssh -i ${KEY} ec2-user@${WEB_IP}`);
    // The DB's command is 100 columns: it goes on in lines ending in " \\", as the shell reads it
    // whole; only its quoted ProxyCommand, one word, may pass 80.
    expect(layoutFaults(text), text).toEqual([]);
    expect(text).toContain(" \\\n      'ProxyCommand=");
    const dbLine = text.replace(/ \\\n +/g, ' ').split('\n').find((l) => l.includes(`ec2-user@${DB_IP}`) && l.includes('ProxyCommand'));
    expect(dbLine, text).toBeDefined();
    expect(dbLine).toMatch(/^  ssh -i \S+ -o 'ProxyCommand=[^']+' ec2-user@10\.0\.2\.57$/);
    expect(dbLine).toContain(`ssh -i ${KEY} -W %h:%p ec2-user@${WEB_IP}`);
    expect(text).toContain(`http://ec2-203-0-113-10.compute-1.amazonaws.com/`);
    expect(text).toContain(DB_IP);
    expect(text).not.toContain('(not yet)');
    expect(text).not.toContain(ESC);
  });

  it('renderOutputs says "(not yet)" for what is not there yet', () => {
    const text = renderOutputs(plain, labOutputs(new Map(), KEY));
    expect(text).toContain('(not yet)');
    expect(text).not.toContain('ssh -i');
  });

  it('quotes a key path with a space in the pasted commands', () => {
    const o = labOutputs(liveLab(), '/home/me/My Labs/aws-lab-key.pem');
    expect(o.sshWeb).toBe(`ssh -i '/home/me/My Labs/aws-lab-key.pem' ec2-user@${WEB_IP}`);
  });

  it('assertReachable refuses when the servers are not there yet', () => {
    expect(() => assertReachable('web', labOutputs(new Map(), KEY))).toThrow(/public address/);
    const noDb = liveLab();
    noDb.delete('dbInstance');
    expect(() => assertReachable('db', labOutputs(noDb, KEY))).toThrow(/DB server/);
  });

  it('sshConfig: a web host and a db host that jumps through it', () => {
    const text = sshConfig('lab1', labOutputs(liveLab(), KEY), KEY);
    const [head, web, db] = text.split('\n\n');
    expect(head).toMatch(/^# lab "lab1": NAT gateway nat-/);
    expect(web).toMatch(/^Host lab1-web$/m);
    expect(web).toMatch(new RegExp(`^\\s+HostName ${WEB_IP.replace(/\./g, '\\.')}$`, 'm'));
    expect(web).toMatch(/^\s+User ec2-user$/m);
    expect(web).toContain(`IdentityFile "${KEY}"`);
    expect(web).not.toContain('ProxyJump');
    expect(db).toMatch(/^Host lab1-db$/m);
    expect(db).toMatch(new RegExp(`^\\s+HostName ${DB_IP.replace(/\./g, '\\.')}$`, 'm'));
    expect(db).toMatch(/^\s+ProxyJump lab1-web$/m);
    expect(db).toContain(`IdentityFile "${KEY}"`);
  });
});

// --- diagram ----------------------------------------------------------------------------

/** The status diagram: the topology of what was found (none: no VPC yet), the settings naming what is missing. */
const drawLab = (lab: { snapshot: VpcSnapshot; roles: Roles } | undefined, charset?: Charset) => renderDiagram(lab && topologyOf(lab.snapshot, lab.roles), SETTINGS, charset);

describe('renderDiagram', () => {

  it('draws the whole lab with CIDRs, IDs and addresses', () => {
    const text = drawLab(describedLab());
    for (const s of [
      '10.0.0.0/16',
      '10.0.1.0/24',
      '10.0.2.0/24',
      'vpc-0a1b2c3d4e5f60718',
      'igw-0a1b2c3d4e5f60718',
      'i-0123456789abcdef0',
      'i-0fedcba9876543210',
      'nat-0123456789abcdef0',
      WEB_IP,
      '10.0.1.23',
      DB_IP,
      '203.0.113.20',
    ]) {
      expect(text, s).toContain(s);
    }
    expect(text).not.toContain('(missing)');
    // The web server's public address is the Elastic IP, not the one it booted with.
    expect(text).not.toContain('198.51.100.99');
  });

  it('draws boxes whose edges line up', () => {
    const lines = drawLab(describedLab()).split('\n');
    const boxed = lines.filter((l) => /^[┌│└]/.test(l));
    expect(boxed.length).toBeGreaterThan(8);
    const width = [...boxed[0]].length;
    for (const l of boxed) expect([...l].length, l).toBe(width);
  });

  it('marks absent parts (missing)', () => {
    const lab = describedLab();
    const s = lab.snapshot;
    // No DB server, NAT gateway, private route or internet gateway.
    s.instances = s.instances.filter((i) => i.InstanceId !== lab.roles.db);
    s.natGateways = [];
    s.routeTables[1].Routes!.pop();
    s.internetGateways = [];
    lab.roles = { ...lab.roles, db: undefined, nat: undefined, internetGateway: undefined };
    const text = drawLab(lab);
    expect(text).toContain('i-0123456789abcdef0');
    expect(text).not.toContain('i-0fedcba9876543210');
    expect(text).toMatch(/DB server \(missing\)/);
    expect(text).toMatch(/NAT gateway \(missing\)/);
    expect(text).toMatch(/internet gateway \(missing\)/);
    expect(text).toMatch(/-> \(missing\)/);
    // Still names the subnets' CIDRs when nothing exists at all.
    const empty = drawLab(undefined);
    expect(empty).toContain('10.0.1.0/24');
    expect(empty).toContain('10.0.2.0/24');
    expect(empty.match(/\(missing\)/g)!.length).toBeGreaterThanOrEqual(6);
  });
});

// --- status -------------------------------------------------------------------------------

describe('renderStatus', () => {
  it('says nothing exists when nothing was found', () => {
    const ctx = context();
    const text = renderStatus(plain, 'aws-lab', 'us-east-1', statusRows(ctx, new Map()), 0, undefined);
    expect(text.split('\n')[0]).toBe('Lab "aws-lab" in us-east-1: nothing of it exists.');
    // One row per resource (a long label wraps onto lines of its own, under it).
    expect(text.split('\n').filter((l) => /^ {2}\S/.test(l))).toHaveLength(20);
    expect(text.match(/missing/g)!.length).toBeGreaterThanOrEqual(19);
  });

  it('counts what exists, with time up and cost so far', () => {
    const ctx = context();
    const found = new Map<string, Live | undefined>([
      ['keyPair', { id: 'key-0123', attrs: { name: 'aws-lab-key' } }],
      ['natElasticIp', { id: 'eipalloc-0abc', attrs: { publicIp: '203.0.113.20' } }],
    ]);
    const text = renderStatus(plain, 'aws-lab', 'us-east-1', statusRows(ctx, found), 2.5, 0.125);
    expect(text.split('\n')[0]).toBe('Lab "aws-lab" in us-east-1: 2/20 resources, up 2h 30m, about $0.13 so far.');
    expect(text).toContain('key-0123');
    expect(text).not.toContain(ESC);
  });
});

// --- reporter and style -----------------------------------------------------------------

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

function exercise(r: Reporter): void {
  r.info('hello');
  r.warn('careful');
  r.started('vpc', ['res_vpc', '10.0.0.0/16']);
  r.progress('vpc', 'waiting for available');
  r.finished('vpc', 'created', 'vpc-0123', 2500);
  r.started('igw', 'internet gateway');
  r.failed('igw', new Error('boom\nsecond line'));
  r.finished('kp', 'kept', 'key-1', 10);
  r.result('done');
  r.error(new LabError('NotReady', ['err_moveNoTo'], ['hint_upFirst']));
}

describe('Reporter', () => {
  it('plain mode writes no escape codes, one line per event', () => {
    const out = new Sink();
    const err = new Sink();
    exercise(new Reporter('plain', out, err));
    expect(err.text).not.toContain(ESC);
    expect(out.text).not.toContain(ESC);
    expect(out.text).toBe('done\n');
    expect(err.text).toContain('… VPC 10.0.0.0/16');
    expect(err.text).toContain('VPC 10.0.0.0/16 (DNS hostnames on): waiting for available');
    expect(err.text).toMatch(/VPC 10\.0\.0\.0\/16 \(DNS hostnames on\) vpc-0123 — created \(2\.5s\)/);
    expect(err.text).toContain('internet gateway: unexpected error: boom\n'); // only the first line of a failure, said as the run's last line says it
    expect(err.text).not.toContain('second line');
    expect(err.text).toMatch(/state move needs --to\n\s+next: run `aws-lab-setup up` first\n/);
  });

  it('fancy mode does colour (the control for the test above)', () => {
    const out = new Sink();
    const err = new Sink();
    const r = new Reporter('fancy', out, err);
    r.warn('careful');
    r.error(new LabError('NotReady', ['err_moveNoTo'], ['hint_upFirst']));
    expect(err.text).toContain(ESC);
  });

  it('json mode writes one parseable document to stdout', () => {
    const out = new Sink();
    const r = new Reporter('json', out, new Sink());
    r.json<{ ok: boolean; n: number }>({ ok: true, n: 1 });
    expect(JSON.parse(out.text)).toEqual({ ok: true, n: 1 });
  });
});

describe('fancy()', () => {
  const tty = { isTTY: true } as NodeJS.WriteStream;
  const pipe = { isTTY: false } as unknown as NodeJS.WriteStream;
  const noFlag = {} as NodeJS.WriteStream;

  it('is true at a terminal with a clean environment', () => {
    expect(fancy(tty, {})).toBe(true);
    expect(fancy(tty, { TERM: 'xterm-256color' })).toBe(true);
  });

  it('is false with NO_COLOR set to anything but empty', () => {
    expect(fancy(tty, { NO_COLOR: '1' })).toBe(false);
    expect(fancy(tty, { NO_COLOR: 'true' })).toBe(false);
    // no-color.org: "when present and not an empty string"
    expect(fancy(tty, { NO_COLOR: '' })).toBe(true);
  });

  it('is false with TERM=dumb', () => {
    expect(fancy(tty, { TERM: 'dumb' })).toBe(false);
  });

  it('is false when the stream is not a terminal', () => {
    expect(fancy(pipe, {})).toBe(false);
    expect(fancy(noFlag, {})).toBe(false);
  });
});

// --- chapter by chapter (issue #11) ----------------------------------------------------

describe('plan --until', () => {
  it('shows the chapters after N as "later", and the cost of what will exist', () => {
    const ctx = context();
    const items = planUp(ctx, new Map(), labThrough(2));
    const later = items.filter((i) => i.action === 'later');
    expect(new Set(later.map((i) => i.chapter))).toEqual(new Set([3, 4]));
    expect(items.filter((i) => i.action === 'create').every((i) => i.chapter <= 2)).toBe(true);
    expect(renderPlan(plain, items).split('\n').at(-1)).toBe('Plan: 12 to create, 8 for later.');
    const cost = plannedCost(ctx, new Map(), labThrough(2));
    expect(cost.known && cost.lines.map((l) => `${l.quantity} ${l.item}`)).toEqual(['1 t3.micro instance', '1 public IPv4 address', '8 gp3 volume GB']);
    expect(plannedCost(ctx, new Map(), labThrough(1))).toMatchObject({ known: true, hourly: 0 });
    expect(plannedCost(ctx, new Map())).toEqual(estimate('us-east-1', 't3.micro', FULL_LAB));
  });

  it('what exists of a later chapter is kept, not "later", and counts in the cost', () => {
    const ctx = context();
    const found = new Map<string, Live | undefined>([['natGateway', { id: 'nat-1', attrs: {} }]]);
    const items = planUp(ctx, found, labThrough(1));
    expect(items.find((i) => i.key === 'natGateway')).toMatchObject({ action: 'keep', id: 'nat-1' });
    const cost = plannedCost(ctx, found, labThrough(1));
    expect(cost.known && cost.lines.map((l) => l.item)).toEqual(['NAT gateway']);
  });
});

describe('status: chapters done', () => {
  it('done when all of a chapter is there, partly when some is, not yet when none', () => {
    const ctx = context();
    const there = (keys: string[]) => new Map<string, Live | undefined>(keys.map((k) => [k, { id: `id-${k}`, attrs: {} }]));
    const chapter1 = LAB.filter((r) => r.chapter === 1).map((r) => r.key);
    const rows = statusRows(ctx, there([...chapter1, 'keyPair']));
    expect(chapterProgress(rows).map((c) => c.done)).toEqual(['done', 'partly', 'not yet', 'not yet']);
    // Wrapped to 80 columns, the rest under it.
    expect(renderChapters(plain, chapterProgress(rows))).toBe(
      'Chapters: ✔ 1 Network · ! 2 Web server (partly) · . 3 Apache (not yet) · .\n  4 Private DB server (not yet)  — `aws-lab-setup up` builds the rest',
    );
    const all = statusRows(ctx, there(LAB.map((r) => r.key)));
    expect(renderChapters(plain, chapterProgress(all))).toBe('Chapters: ✔ 1 Network · ✔ 2 Web server · ✔ 3 Apache · ✔ 4 Private DB server');
  });
});

describe('up --step: what a chapter made, and how to see it', () => {
  it('every kind of the lab has a console page in the lab\'s region and a describe command', () => {
    // The chapters --step pauses after: the article's (the expiry follows the last without a pause).
    for (const r of LAB.filter((r) => r.chapter <= TUTORIAL_CHAPTERS)) {
      const look = lookAt(r.kind, { id: r.kind === 'Route' ? 'rtb-1:0.0.0.0/0' : 'x-1', attrs: { name: 'k' } }, 'ap-northeast-1');
      expect(look, r.kind).toBeDefined();
      expect(look!.url).toMatch(/^https:\/\/ap-northeast-1\.console\.aws\.amazon\.com\/\w+\/home\?region=ap-northeast-1#/);
      expect(look!.cli).toMatch(/^aws ec2 describe-[a-z-]+ .*--region ap-northeast-1/);
    }
    expect(lookAt('Route', { id: 'rtb-1:0.0.0.0/0', attrs: {} }, 'us-east-1')!.cli).toContain('--route-table-ids rtb-1 ');
  });

  it('lists each resource with its ID, outcome, console link and command', () => {
    const text = renderChapterDone(plain, 1, [
      { label: ['res_vpc', '10.0.0.0/16'], outcome: 'created', id: 'vpc-1', look: lookAt('VPC', { id: 'vpc-1', attrs: {} }, 'us-east-1') },
      { label: ['res_publicSubnet', '10.0.1.0/24'], outcome: 'kept', id: 'subnet-1' },
    ]);
    expect(text.split('\n')).toEqual([
      '✔ Chapter 1 — Network: done. What it made, and how to see it:',
      '  VPC 10.0.0.0/16 (DNS hostnames on) vpc-1 (created)',
      '      console: https://us-east-1.console.aws.amazon.com/vpcconsole/home?region=us-east-1#VpcDetails:VpcId=vpc-1',
      '      cli:     aws ec2 describe-vpcs --vpc-ids vpc-1 --region us-east-1',
      '  public subnet 10.0.1.0/24 subnet-1 (already there)',
    ]);
  });
});

// --- display width ----------------------------------------------------------------------

/**
 * Columns as a fixed-width terminal draws them, measured independently of the code under
 * test: CJK ideographs, kana and full-width forms take two columns, everything else one.
 */
function columns(line: string): number {
  let n = 0;
  for (const ch of line.replace(/\x1b\[[0-9;]*m/g, '')) {
    const cp = ch.codePointAt(0)!;
    const wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6);
    n += wide ? 2 : 1;
  }
  return n;
}

describe('alignment by display width', () => {
  it('status columns line up with Japanese labels', () => {
    const ctx = context();
    const rows = statusRows(ctx, new Map()).slice(0, 4);
    // Labels of any width: awsState says its value as it is.
    rows[0] = { ...rows[0], label: ['awsState', 'VPC 10.0.0.0/16 (ラボのネットワーク)'], id: 'vpc-0a1b2c3d', state: 'available', health: 'found' };
    rows[1] = { ...rows[1], label: ['awsState', 'パブリックサブネット 10.0.1.0/24'], id: 'subnet-0a1b2c3d', state: 'available', health: 'found' };
    rows[2] = { ...rows[2], label: ['awsState', 'とても長い名前のリソースはここで切り詰められて省略記号で終わります'], id: 'igw-0a1b2c3d', state: 'available', health: 'found' };
    const all = renderStatus(plain, 'aws-lab', 'us-east-1', rows, 0, undefined).split('\n');
    const lines = all.filter((l) => /(vpc|subnet|igw)-0a1b2c3d/.test(l));
    // The ID column starts at the same terminal column on every row.
    const idAt = lines.map((l) => columns(l.slice(0, l.search(/(vpc|subnet|igw)-0a1b2c3d/))));
    expect(new Set(idAt).size, lines.join('\n')).toBe(1);
    // A long Japanese label is wrapped under itself, whole: not cut, no ellipsis.
    const at = all.findIndex((l) => l.includes('igw-0a1b2c3d'));
    const label = [all[at].slice(13, all[at].indexOf('igw-')).trim(), all[at + 1].trim()].join('');
    expect(label).toBe('とても長い名前のリソースはここで切り詰められて省略記号で終わります');
    expect(all[at + 1]).toMatch(/^ {13}\S/);
    expect(all.join('\n')).not.toContain('…');
  });

  it('status rows of a whole lab, in Japanese, fit an 80-column terminal; wrapped labels stay whole', async () => {
    const ctx = context({ expiresAt: '2026-11-29T23:00:00.000Z' });
    const found = new Map(LAB.map((r) => [r.key, { id: r.key === 'publicRoute' ? 'rtb-0123456789abcdef0:0.0.0.0/0' : `eipalloc-0123456789abcdef${r.key.length % 10}`, state: 'available', attrs: {} } as Live]));
    await useLang('ja');
    try {
      const text = renderStatus(plain, 'aws-lab', 'us-east-1', statusRows(ctx, found), 0, undefined);
      const rows = text.split('\n').slice(1);
      expect(rows.filter((l) => columns(l) > 80), text).toEqual([]);
      // Each label, read back across its lines, is the catalog's sentence whole.
      const said = say(LAB.find((r) => r.key === 'webSecurityGroup')!.label(ctx))!;
      const at = rows.findIndex((l) => l.includes(said.slice(0, 8)));
      let back = rows[at].replace(/^ {2}\S \S+ +/, '').replace(/ +(eipalloc|rtb)-.*$/, '');
      for (let i = at + 1; rows[i]?.startsWith(' '.repeat(13)) && !rows[i].startsWith(`${' '.repeat(13)}- `); i++) back += rows[i].trim();
      // (A line breaks at a space, which it drops.)
      expect(back.replace(/ /g, '')).toBe(said.replace(/ /g, ''));
      expect(at + 1 < rows.length && rows[at + 1].startsWith(' '.repeat(13))).toBe(true);
    } finally {
      await useLang('en');
    }
  });

  it('diagram boxes line up with wide text inside', () => {
    const lab = describedLab();
    lab.snapshot.vpc.VpcId = 'vpc-ラボ';
    lab.snapshot.instances[0].InstanceId = 'i-ウェブサーバー';
    lab.roles = { ...lab.roles, vpc: 'vpc-ラボ', web: 'i-ウェブサーバー' };
    const lines = drawLab(lab).split('\n');
    expect(lines.join('\n')).toContain('i-ウェブサーバー');
    const boxed = lines.filter((l) => /^[┌│└]/.test(l));
    expect(new Set(boxed.map(columns)).size, boxed.join('\n')).toBe(1);
  });

  it('draws the same diagram in ASCII, aligned, with no box-drawing character', () => {
    const text = drawLab(describedLab(), 'ascii');
    expect(text).toMatch(/^[\x20-\x7e\n]+$/);
    const boxed = text.split('\n').filter((l) => /^[+|]/.test(l));
    expect(boxed.length).toBeGreaterThan(8);
    expect(new Set(boxed.map(columns)).size).toBe(1);
    expect(text).toContain('i-0123456789abcdef0');
  });
});

describe('in Japanese: the catalog\'s own words, aligned by display width', () => {

  it('the diagram, whole or empty, box or ASCII: every edge lines up and every label is Japanese', async () => {
    for (const charset of ['box', 'ascii'] as const) {
      for (const lab of [describedLab(), undefined]) {
        const text = await inJapanese(() => drawLab(lab, charset));
        const boxed = text.split('\n').filter((l) => /^[┌│└+|]/.test(l));
        expect(boxed.length).toBeGreaterThan(8);
        expect(new Set(boxed.map(columns)).size, text).toBe(1);
        expect(text).toContain('パブリックサブネット 10.0.1.0/24');
        expect(text).toContain('インターネットゲートウェイ');
        expect(text).not.toMatch(/missing|server|route|private|public|internet/);
      }
    }
  });

  it('the status table: the health words are Japanese and the ID column starts at one column', async () => {
    const ctx = context();
    const rows = statusRows(ctx, new Map()).slice(0, 3);
    rows[0] = { ...rows[0], id: 'vpc-0a1b2c3d', state: 'available', health: 'found' };
    rows[1] = { ...rows[1], id: 'subnet-0a1b2c3d', state: 'available', health: 'drifted' };
    rows[2] = { ...rows[2], id: 'subnet-0e1f2a3b', health: 'missing' };
    const text = await inJapanese(() => renderStatus(plain, 'aws-lab', 'us-east-1', rows, 1.5, 0.12));
    // The heading is 81 columns wide: wrapped (between phrases), the rows under it.
    const [head, more, ...lines] = text.split('\n');
    expect(`${head}${more}`).toBe('ラボ "aws-lab" (us-east-1): リソース 2/3、稼働 1 時間 30 分、これまでの料金 約 0.12 USD。');
    expect([head, more].map(columns).every((n) => n <= 80)).toBe(true);
    lines.unshift(head);
    expect(lines.slice(1).map((l) => l.match(/あり|相違|なし/)?.[0])).toEqual(['あり', '相違', 'なし']);
    const idAt = lines.slice(1).map((l) => columns(l.slice(0, l.search(/(vpc|subnet)-0/))));
    expect(new Set(idAt).size, text).toBe(1);
  });

  it('the plan: Japanese action words padded so that every label starts at one column; the count line in Japanese', async () => {
    const item = (action: PlanItem['action'], n: number): PlanItem => ({ key: `k${n}`, kind: 'X', chapter: 1, label: ['res_publicSubnet', `thing${n}`], action, changes: [], depth: 0 });
    const text = await inJapanese(() => renderPlan(plain, [item('create', 1), item('keep', 2), item('absent', 3), item('replace', 4)]));
    const rows = text.split('\n').filter((l) => /thing\d/.test(l));
    expect(new Set(rows.map((l) => columns(l.slice(0, l.indexOf('thing'))))).size, text).toBe(1);
    expect(text.split('\n').at(-1)).toBe('計画: 作成 1 件、維持 1 件、相違 1 件、存在しない 1 件。');
  });
});

describe('each resource\'s label is its words: res_<key> and its values (ui/messages)', () => {
  const variants: Partial<LabSettings>[] = [
    {},
    { nat: 'instance', publicKeyFile: '/home/me/.ssh/id_ed25519.pub', instanceType: 't3.small' },
    { expiresAt: '2026-11-29T23:00:00.000Z', sshCidr: '0.0.0.0/0', vpcCidr: '10.1.0.0/16', publicSubnetCidr: '10.1.1.0/24', privateSubnetCidr: '10.1.2.0/24' },
    { expiresAt: undefined },
  ];
  const english = (key: string) => (en as Record<string, unknown>)[key];

  it('every resource names its own sentence, with as many values as the English sentence takes, for every kind of settings', () => {
    for (const v of variants) {
      const ctx = context(v);
      for (const r of LAB) {
        const [key, ...values] = r.label(ctx);
        expect(key, r.key).toBe(`res_${r.key}`);
        const entry = english(key);
        expect(typeof entry === 'function' ? entry.length : 0, `${r.key} ${JSON.stringify(v)}`).toBe(values.length);
        expect(inEnglish(r.label(ctx)), r.key).toBe(say(r.label(ctx)));
      }
    }
  });

  it('the values come from the settings: in English, each label says them', () => {
    const ctx = context(variants[1]);
    const said = (key: string) => inEnglish(LAB.find((r) => r.key === key)!.label(ctx));
    expect(said('vpc')).toBe('VPC 10.0.0.0/16 (DNS hostnames on)');
    expect(said('privateSubnet')).toBe('private subnet 10.0.2.0/24');
    expect(said('webSecurityGroup')).toContain(SETTINGS.sshCidr);
    expect(said('keyPair')).toContain('/home/me/.ssh/id_ed25519.pub');
    expect(said('webInstance')).toContain('t3.small');
    expect(said('publicRoute')).toBe('route 0.0.0.0/0 -> internet gateway');
    expect(said('privateRoute')).toBe('route 0.0.0.0/0 -> NAT instance');
    expect(inEnglish(LAB.find((r) => r.key === 'privateRoute')!.label(context()))).toBe('route 0.0.0.0/0 -> NAT gateway');
    const expiring = context(variants[2]);
    expect(inEnglish(LAB.find((r) => r.key === 'natExpiry')!.label(expiring))).toBe('at 2026-11-29 23:00 UTC: delete the NAT gateway');
    expect(inEnglish(LAB.find((r) => r.key === 'natSecurityGroup')!.label(expiring))).toContain('10.1.0.0/16');
  });

  it('in Japanese every resource has a sentence of its own, and the plan and the status table say them', async () => {
    const ctx = context({ expiresAt: '2026-11-29T23:00:00.000Z' });
    await useLang('ja');
    try {
      for (const r of LAB) {
        const said = say(r.label(ctx));
        expect(said, r.key).toBeDefined();
        expect(said, r.key).not.toBe(inEnglish(r.label(ctx)));
      }
      const plan = renderPlan(plain, planUp(ctx, new Map()), []);
      expect(plan).toContain('パブリックサブネット 10.0.1.0/24');
      expect(plan).toContain('2026-11-29 23:00 UTC: NAT ゲートウェイの削除');
      expect(plan).not.toContain('public subnet');
      const status = renderStatus(plain, 'aws-lab', 'us-east-1', statusRows(ctx, new Map()), 0, undefined);
      expect(status).toContain('プライベートルートテーブル');
      expect(status).not.toContain('route table');
    } finally {
      await useLang('en');
    }
  });
});

describe('the expiry in --json', () => {
  it('says what AWS does in English, from the catalog, whatever the run\'s language; its names beside', async () => {
    const cost = estimate('us-east-1', 't3.micro', FULL_LAB);
    await useLang('ja');
    try {
      const json = expiryJson({ at: '2026-11-29T23:00:00Z', expired: false, acts: ['natInstance', 'servers'], after: cost, now: cost });
      expect(json.does).toEqual(['stop the NAT instance', 'stop the web and DB servers']);
      expect(Object.keys(json)).toEqual(['at', 'expired', 'does', 'acts', 'after', 'now']);
    } finally {
      await useLang('en');
    }
  });
});
