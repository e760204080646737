/**
 * Issue 26 against moto: `check --vpc` over labs built BY HAND in the test (plain SDK
 * calls, the learner's own Name tags and CIDRs, no tool tags) — one correct, one per
 * common mistake — each asserting exactly which findings fail and nothing else; the
 * request log holds only reads; bad input is refused with exit 2.
 */
import { DeleteNatGatewayCommand, DescribeRouteTablesCommand } from '@aws-sdk/client-ec2';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2At } from './support/aws.js';
import { labEnv, runCli, tempDir } from './support/cli.js';
import { makeHandBuiltLab, type HandBuiltLab, type HandBuiltMistake } from './support/hand-built.js';
import { freePort, TEST_ACCOUNT_QUOTAS, useMoto } from './support/moto.js';
import { mutating, startProxy, type Proxy } from './support/proxy.js';
import { fakeSsh, sshCalls } from '../support/fake-ssh.js';

const FROM = '203.0.113.7/32';

interface CheckDoc {
  ok: boolean;
  command: string;
  vpc: string;
  roles: Record<string, string | null>;
  because: { role: string; resource: string; reason: string }[];
  findings: { rule: string; ok: boolean | null; severity: string; resource?: string; reason: string; fix: { console: string | null; cli: string | null } | null }[];
  paths: { path: string; ok: boolean | null; blockedAt: { gate: string; resource?: string; code: string; direction: string } | null; reason: string; fix: { console: string; cli: string | null } | null }[];
  live: { probe: string; ok: boolean | null; detail: string }[];
}

/** Each path not as the tutorial wants it, and the gate, resource and code that block it. */
const blockedPaths = (d: CheckDoc) => Object.fromEntries(d.paths.filter((p) => p.ok !== true).map((p) => [p.path, p.blockedAt && [p.blockedAt.gate, p.blockedAt.resource, p.blockedAt.code]]));

/** The path that must stay closed (internet to the DB server): closed at the DB server's missing public address. */
const DB_CLOSED = (lab: HandBuiltLab) => ['public-address', lab.db, 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS'];

describe('check --vpc: a lab built by hand (against moto)', () => {
  const moto = useMoto();
  let proxy: Proxy;
  const cwd = tempDir();
  beforeAll(async () => {
    proxy = await startProxy(moto.direct, { quotas: TEST_ACCOUNT_QUOTAS });
  });
  afterAll(async () => proxy?.close());

  let n = 0;
  const build = (mistake?: HandBuiltMistake) => makeHandBuiltLab(ec2At(moto.direct), { mistake, name: `learner${++n}`, cidr: `10.${20 + n}.0.0/16` });
  const run = (args: string[]) => runCli(['check', '--endpoint-url', proxy.url, ...args], { cwd, env: labEnv() });

  /** The check's JSON, with the calls it made (every one a read). */
  async function check(vpc: string, extra: string[] = []): Promise<{ doc: CheckDoc; code: number | null; calls: string[] }> {
    const before = proxy.actions.length;
    const r = await run(['--vpc', vpc, '--from', FROM, '--json', ...extra]);
    expect(r.stderr).not.toMatch(/internal/);
    return { doc: JSON.parse(r.stdout) as CheckDoc, code: r.code, calls: proxy.actions.slice(before) };
  }

  const failing = (d: CheckDoc, severity = 'error') => d.findings.filter((f) => f.ok === false && f.severity === severity).map((f) => f.rule).sort();
  const notJudged = (d: CheckDoc) => d.findings.filter((f) => f.ok === null).map((f) => f.rule).sort();
  /** Without --key the servers are not asked: these are never judged. */
  const LIVE_ONLY = ['db.mariadb', 'db.ping'];

  it('a correct lab: every finding passes, roles by what things do, exit 0, reads only (about one per kind)', async () => {
    const lab = await build();
    const { doc, code, calls } = await check(lab.vpc);
    expect(code).toBe(0);
    expect(doc.ok).toBe(true);
    expect(doc.command).toBe('check');
    expect(doc.roles).toEqual({ vpc: lab.vpc, publicSubnet: lab.publicSubnet, privateSubnet: lab.privateSubnet, internetGateway: lab.internetGateway, web: lab.web, db: lab.db, nat: lab.natGateway });
    expect(failing(doc)).toEqual([]);
    expect(failing(doc, 'warning')).toEqual([]);
    expect(notJudged(doc)).toEqual(LIVE_ONLY);
    expect(doc.findings.find((f) => f.rule === 'db.mariadb')!.reason).toMatch(/give --key FILE/);
    expect(doc.findings.find((f) => f.rule === 'apache.page')!.ok).toBe(true);
    expect(blockedPaths(doc)).toEqual({});
    expect(doc.paths.map((p) => p.path)).toEqual(['internet-web-http', 'you-web-ssh', 'web-db-icmp', 'web-db-ssh', 'web-db-mysql', 'db-internet', 'internet-db']);
    expect(doc.paths.find((p) => p.path === 'internet-db')!.blockedAt).toEqual({ gate: 'public-address', resource: lab.db, code: 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', direction: 'request' });
    expect(doc.because.find((b) => b.role === 'publicSubnet')!.reason).toMatch(/sends 0\.0\.0\.0\/0 to the internet gateway/);
    expect(mutating(calls)).toEqual([]);
    // One Describe per kind (and the VPC's two attributes), whatever the lab holds.
    expect(calls.length).toBeLessThanOrEqual(13);
    expect(new Set(calls).size).toBe(calls.filter((c) => c !== 'DescribeVpcAttribute').length + 1);
  });

  it('by its Name tag, in Japanese, as a person reads it: the same verdict', async () => {
    const lab = await build();
    const r = await run(['--vpc', lab.vpcName, '--from', FROM, '--lang', 'ja']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`VPC ${lab.vpc} \\(${lab.vpcName}\\) をチェックします`));
    expect(r.stdout).toMatch(/第 1 章 \(ネットワーク\)/);
    expect(r.stdout).toMatch(/チュートリアルで必要なものはすべてそろっています。/);
    // No --from and this machine's address not told (the look-up is closed here): SSH from you is not judged.
    const unknown = await run(['--vpc', lab.vpc, '--json']);
    expect(unknown.code, unknown.stderr).toBe(0);
    expect((JSON.parse(unknown.stdout) as CheckDoc).paths.find((p) => p.path === 'you-web-ssh')).toMatchObject({ ok: null, blockedAt: null, reason: expect.stringMatching(/give --from CIDR/) });
  });

  /** A mistake: the errors and warnings that fail, the paths it blocks (gate, resource, code), more to check. */
  type Paths = (lab: HandBuiltLab) => Record<string, (string | undefined)[] | null>;
  const mainTable = async (lab: HandBuiltLab) =>
    (await ec2At(moto.direct).send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [lab.vpc] }, { Name: 'association.main', Values: ['true'] }] }))).RouteTables![0].RouteTableId!;
  let main = '';
  const MISTAKES: [HandBuiltMistake, string[], string[], Paths, (lab: HandBuiltLab, d: CheckDoc) => void][] = [
    [
      'public-table-not-associated',
      ['network.public-route'],
      [],
      () => ({
        'internet-web-http': ['route-table', main, 'NO_ROUTE_TO_DESTINATION'],
        'you-web-ssh': ['route-table', main, 'NO_ROUTE_TO_DESTINATION'],
        'db-internet': ['route-table', main, 'NO_ROUTE_TO_DESTINATION'],
      }),
      (lab, d) => {
        // No subnet routes to the gateway: the web server's subnet is taken, and says why.
        expect(d.roles.publicSubnet).toBe(lab.publicSubnet);
        expect(d.because.find((b) => b.role === 'publicSubnet')!.reason).toMatch(/no subnet routes to the internet gateway/);
        const f = d.findings.find((x) => x.rule === 'network.public-route')!;
        expect(f.fix!.cli).toBe(`aws ec2 associate-route-table --route-table-id ${lab.publicRouteTable} --subnet-id ${lab.publicSubnet}`);
        expect(f.fix!.console).toBe(`VPC console > Route tables > ${lab.publicRouteTable} > Subnet associations > Edit subnet associations: tick ${lab.publicSubnet}`);
        // Apache is not judged behind a blocked path: the stand-in page must not pass it.
        expect(d.findings.find((x) => x.rule === 'apache.page')!.reason).toMatch(/the path internet-web-http is blocked/);
      },
    ],
    [
      'nat-in-private-subnet',
      ['db.nat'],
      [],
      (lab) => ({ 'db-internet': ['nat', lab.natGateway, 'NO_ROUTE_TO_DESTINATION'] }),
      (lab, d) => {
        expect(d.roles.nat).toBe(lab.natGateway);
        expect(d.findings.find((x) => x.rule === 'db.nat')!.fix!.cli).toMatch(new RegExp(`create-nat-gateway --subnet-id ${lab.publicSubnet}`));
      },
    ],
    [
      'no-public-address',
      ['web.public-address'],
      ['web.elastic-ip'],
      (lab) => ({
        'internet-web-http': ['public-address', lab.web, 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS'],
        'you-web-ssh': ['public-address', lab.web, 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS'],
      }),
      (lab, d) => {
        expect(d.roles.web).toBe(lab.web);
        expect(d.findings.find((x) => x.rule === 'web.public-address')!.fix!.cli).toBe(
          `ALLOC=$(aws ec2 allocate-address --domain vpc --query AllocationId --output text) && aws ec2 associate-address --allocation-id "$ALLOC" --instance-id ${lab.web}`,
        );
      },
    ],
    [
      'dns-hostnames-off',
      ['network.dns-hostnames'],
      [],
      () => ({}),
      (lab, d) => {
        expect(d.findings.find((x) => x.rule === 'network.dns-hostnames')!.fix!.cli).toMatch(new RegExp(`modify-vpc-attribute --vpc-id ${lab.vpc} --enable-dns-hostnames`));
        // No public DNS name with DNS hostnames off (as AWS; moto gives one): TCP 22 is asked of the address.
        expect(d.live.find((l) => l.probe.startsWith('TCP 22'))!.probe).toMatch(/^TCP 22 to 127\.\d+\.\d+\.\d+$/);
      },
    ],
    [
      'no-icmp-from-web',
      ['db.icmp-from-web'],
      [],
      (lab) => ({ 'web-db-icmp': ['security-group', lab.dbGroup, 'ENI_SG_RULES_MISMATCH'] }),
      (lab, d) => {
        expect(d.findings.find((x) => x.rule === 'db.icmp-from-web')!.fix!.cli).toBe(
          `aws ec2 authorize-security-group-ingress --group-id ${lab.dbGroup} --ip-permissions 'IpProtocol=icmp,FromPort=-1,ToPort=-1,UserIdGroupPairs=[{GroupId=${lab.webGroup}}]'`,
        );
      },
    ],
  ];

  it.each(MISTAKES)('%s: exactly these findings fail and these gates block these paths, exit 1', async (mistake, errors, warnings, paths, more) => {
    const lab = await build(mistake);
    main = await mainTable(lab);
    const { doc, code, calls } = await check(lab.vpc);
    expect(blockedPaths(doc)).toEqual(paths(lab));
    expect(doc.paths.find((p) => p.path === 'internet-db')!.blockedAt?.gate).toBe('public-address');
    expect(code).toBe(1);
    expect(doc.ok).toBe(false);
    expect(failing(doc)).toEqual(errors);
    expect(failing(doc, 'warning')).toEqual(warnings);
    expect(mutating(calls)).toEqual([]);
    more(lab, doc);
  });

  it('a NAT gateway deleted: its route is a blackhole (as AWS says; moto says active)', async () => {
    const lab = await build();
    await ec2At(moto.direct).send(new DeleteNatGatewayCommand({ NatGatewayId: lab.natGateway }));
    const { doc, code } = await check(lab.vpc);
    expect(code).toBe(1);
    expect(failing(doc)).toEqual(['db.nat', 'db.private-route']);
    expect(doc.findings.find((f) => f.rule === 'db.private-route')!.reason).toMatch(/blackhole/);
    expect(blockedPaths(doc)).toEqual({ 'db-internet': ['route-table', lab.privateRouteTable, 'BAD_STATE_ROUTE'] });
  });

  it('--svg: the picture of what the learner built, the failing findings marked on their resources and numbered, the blocked path broken at its gate', async () => {
    const lab = await build('no-icmp-from-web');
    const file = path.join(cwd, `${lab.vpc}.svg`);
    const r = await run(['--vpc', lab.vpc, '--from', FROM, '--svg', file]);
    expect(r.code).toBe(1);
    const svg = readFileSync(file, 'utf8');
    for (const id of [lab.vpc, lab.publicSubnet, lab.privateSubnet, lab.web, lab.db, lab.natGateway, lab.internetGateway]) expect(svg).toContain(`data-id="${id}"`);
    // The one failing finding, numbered 1, on what it is about (the DB server's group: its rules' arrows, or the server).
    expect(svg.match(/data-finding="([^"]*)"/g)!.every((m) => m.includes('db.icmp-from-web'))).toBe(true);
    // The blocked path: its gate drawn on the DB server's group.
    expect(svg).toMatch(new RegExp(`class="gate" data-gate="security-group" data-id="${lab.dbGroup}" data-path="web-db-icmp"`));
    expect(svg).not.toMatch(/data-gate="[^"]*"[^>]*data-path="(?!web-db-icmp)/);
    // `-`: the SVG alone on stdout; beside --json it is refused before AWS is asked.
    const out = await run(['--vpc', lab.vpc, '--from', FROM, '--svg', '-']);
    expect(out.stdout.trimStart()).toMatch(/^<svg/);
    expect(out.stdout.trimEnd()).toMatch(/<\/svg>$/);
    const before = proxy.actions.length;
    const both = await run(['--vpc', lab.vpc, '--svg', '-', '--json']);
    expect(both.code).toBe(2);
    expect(proxy.actions.length).toBe(before);
  });

  it('bad input is refused with exit 2, naming it, and nothing is asked but reads', async () => {
    const lab = await build();
    const before = proxy.actions.length;
    const unknown = await run(['--vpc', 'vpc-0000000000000000f']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no VPC vpc-0000000000000000f was found/);
    const noName = await run(['--vpc', 'nobody-built-this']);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toMatch(/no VPC nobody-built-this was found/);
    // Two VPCs under one Name: refused with both IDs.
    const twin = await makeHandBuiltLab(ec2At(moto.direct), { name: 'twin', vpcName: lab.vpcName, cidr: '10.99.0.0/16' });
    const ambiguous = await run(['--vpc', lab.vpcName]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain(lab.vpc);
    expect(ambiguous.stderr).toContain(twin.vpc);
    const web = await run(['--vpc', lab.vpc, '--web', 'i-0123456789abcdef0']);
    expect(web.code).toBe(2);
    expect(web.stderr).toMatch(/--web i-0123456789abcdef0 is not an instance of/);
    const from = await run(['--vpc', lab.vpc, '--from', '300.1.2.3']);
    expect(from.code).toBe(2);
    expect(from.stderr).toMatch(/--from 300\.1\.2\.3 is not an IPv4/);
    // No value, no terminal: the list to pick from (the lab's VPCs among them), exit 2.
    const pick = await run(['--vpc']);
    expect(pick.code).toBe(2);
    expect(pick.stderr).toContain(`${lab.vpc}  ${lab.vpcName}  10.`);
    const list = await run(['--vpc', '--json']);
    expect(list.code).toBe(2);
    const vpcs = (JSON.parse(list.stdout) as { vpcs: { vpc: string; isDefault: boolean }[] }).vpcs;
    expect(vpcs.map((v) => v.vpc)).toContain(lab.vpc);
    // The default VPC (a learner may have built there) is last.
    expect(vpcs.findIndex((v) => v.isDefault)).toBe(vpcs.some((v) => v.isDefault) ? vpcs.length - 1 : -1);
    expect(mutating(proxy.actions.slice(before))).toEqual([]);
  });

  it('--key: ping, MariaDB and the way out asked over SSH (a stand-in ssh), TCP 22 refused by a closed stand-in port; host keys kept per VPC', async () => {
    const lab = await build();
    const dir = tempDir('check-key-');
    // Answers as the servers would, and notes what it was asked.
    const ssh = fakeSsh(dir);
    const key = path.join(dir, 'my-key.pem');
    writeFileSync(key, 'not a real key', { mode: 0o600 });
    const closed = await freePort();
    const before = proxy.actions.length;
    const r = await runCli(['check', '--endpoint-url', proxy.url, '--vpc', lab.vpc, '--from', FROM, '--key', key, '--json', '--state-dir', dir], {
      cwd,
      env: labEnv({ AWS_LAB_SETUP_SSH: ssh.bin, AWS_LAB_SETUP_SSH_TARGET: `127.0.0.1:${closed}` }),
    });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as CheckDoc;
    expect(notJudged(doc)).toEqual([]);
    expect(doc.live.map((l) => l.ok)).toEqual([true, false, true, true, true]);
    expect(doc.live.map((l) => l.probe)).toEqual([
      `HTTP GET ${labEnv().AWS_LAB_SETUP_WEB_URL}`,
      expect.stringMatching(/^TCP 22 to ec2-127-\d+-\d+-\d+\.compute-1\.amazonaws\.com$/),
      expect.stringMatching(/^ping 10\.\d+\.2\.\d+ from the web server$/),
      'MariaDB on the DB server',
      "the DB server's way out (HTTPS to the internet)",
    ]);
    // Refused, not timed out: the packets arrive, so it is the server, not AWS's gates.
    expect(doc.live[1].detail).toMatch(/^connection refused/);
    expect(sshCalls(ssh.log).map((args) => `${args[2]} ${args.slice(3).join(' ')}`).sort()).toEqual([
      `${lab.vpc}-db curl -sS -o /dev/null -m 5 -w %{http_code} https://aws.amazon.com/`,
      `${lab.vpc}-db systemctl is-active mariadb`,
      `${lab.vpc}-web ping -c 1 -W 3 ${doc.live[2].probe.split(' ')[1]}`,
    ]);
    // The VPC's own ssh_config and host keys, beside the state, as a lab's.
    expect(readFileSync(path.join(dir, `${lab.vpc}.ssh_config`), 'utf8')).toMatch(new RegExp(`Host ${lab.vpc}-db[\\s\\S]*ProxyCommand`));
    expect(mutating(proxy.actions.slice(before))).toEqual([]);
  });

  it('--web overrides what was found', async () => {
    const lab = await build();
    const { doc } = await check(lab.vpc, ['--web', lab.db, '--db', lab.web]);
    expect(doc.roles.web).toBe(lab.db);
    expect(doc.because.find((b) => b.role === 'web')!.reason).toBe(`${lab.db} was given with --web.`);
    // The DB server as web server: it is not in the public subnet.
    expect(failing(doc)).toContain('web.instance');
  });
});
