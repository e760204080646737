import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byResource, ec2At, labWorld } from './support/aws.js';
import { BIN, labEnv, PAGE_URL, runCli, tempDir } from './support/cli.js';
import { useMoto } from './support/moto.js';
import { fakeSsh, sshCalls } from '../support/fake-ssh.js';

const SSH = '198.51.100.7/32';
const ESC = /\x1b\[/;

describe('the CLI as a person (or a script) meets it', () => {
  const moto = useMoto();

  it('without a terminal and without --yes it prompts nothing, hangs not, and creates nothing (exit 2)', async () => {
    const cwd = tempDir();
    const started = Date.now();
    const res = await runCli(['up', '--name', 'noterm', '--endpoint-url', moto.url, '--ssh-cidr', SSH], { cwd, timeoutMs: 30_000 });
    expect(res.signal).toBeNull();
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/Plan: 25 to create/); // it says what it would do
    expect(res.stderr).toMatch(/--yes/);
    expect(res.stdout + res.stderr).not.toMatch(ESC);
    const w = await labWorld(ec2At(moto.url), 'noterm');
    expect(Object.values(w).every((items) => items.length === 0)).toBe(true);
  });

  it('bad input: one line naming the value and one with what is accepted, exit 2, nothing created', async () => {
    const cwd = tempDir();
    const cases: [string[], RegExp][] = [
      [['--vpc-cidr', '10.0.0.0/8'], /10\.0\.0\.0\/8/],
      [['--vpc-cidr', '10.0.0.0/16', '--public-subnet-cidr', '10.9.1.0/24'], /10\.9\.1\.0\/24.*not inside/],
      [['--region', 'mars-1'], /mars-1/],
      [['--key-name', 'bad key!'], /bad key!/],
      [['--instance-type', 'huge'], /huge/],
      [['--ssh-cidr', '1.2.3.4'], /1\.2\.3\.4/],
      [['--ssh-cidr', '::/0'], /"::\/0" is IPv6/],
      [['--lang', 'fr'], /"fr"/],
      [['--endpoint-url', 'moto:5000'], /moto:5000/],
    ];
    for (const [flags, named] of cases) {
      const res = await runCli(['up', '--yes', '--name', 'badinput', '--endpoint-url', moto.url, '--ssh-cidr', SSH, ...flags], { cwd });
      expect(res.code, flags.join(' ')).toBe(2);
      const lines = res.stderr.trim().split('\n');
      expect(lines, res.stderr).toHaveLength(2);
      expect(lines[0]).toMatch(named);
      expect(lines[1]).toMatch(/^\s+next: /);
    }
    // An instance type the zone does not offer is bad input too, found before anything is made.
    const res = await runCli(['up', '--yes', '--name', 'badinput', '--endpoint-url', moto.url, '--ssh-cidr', SSH, '--instance-type', 'zz9.nonesuch'], { cwd });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/zz9\.nonesuch.*not offered/);
    const w = await labWorld(ec2At(moto.url), 'badinput');
    expect(Object.values(w).every((items) => items.length === 0)).toBe(true);
  });

  it('bad run options: --until names a chapter, --step needs a terminal and no --yes (exit 2, nothing created)', async () => {
    const cwd = tempDir();
    const cases: [string[], RegExp][] = [
      [['--yes', '--until', 'nat'], /chapter "nat" does not exist/],
      [['--yes', '--step'], /--step asks after each chapter, --yes asks nothing/],
      [['--step'], /--step needs a terminal/],
    ];
    for (const [flags, named] of cases) {
      const res = await runCli(['up', '--name', 'badrun', '--endpoint-url', moto.url, '--ssh-cidr', SSH, ...flags], { cwd });
      expect(res.code, flags.join(' ')).toBe(2);
      const lines = res.stderr.trim().split('\n');
      expect(lines, res.stderr).toHaveLength(2);
      expect(lines[0]).toMatch(named);
      expect(lines[1]).toMatch(/^\s+next: /);
    }
    const w = await labWorld(ec2At(moto.url), 'badrun');
    expect(Object.values(w).every((items) => items.length === 0)).toBe(true);
  });

  it('refuses to open SSH to the world when it cannot tell the caller\'s address', async () => {
    const res = await runCli(['up', '--yes', '--name', 'noip', '--endpoint-url', moto.url], { cwd: tempDir() });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/could not detect your public IP/);
    expect(res.stderr).toMatch(/--ssh-cidr/);
  });

  it('detects the caller\'s address for the SSH rule (a loopback stand-in for the look-up service)', async () => {
    const server = http.createServer((_req, res) => res.end('203.0.113.77\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    try {
      const res = await runCli(['plan', '--name', 'detect', '--endpoint-url', moto.url, '--json'], {
        cwd: tempDir(),
        env: labEnv({ AWS_LAB_SETUP_IP_URL: `http://127.0.0.1:${port}/` }),
      });
      expect(res.code, res.stderr).toBe(0);
      const doc = JSON.parse(res.stdout);
      const sg = doc.plan.find((p: { key: string }) => p.key === 'webSecurityGroup');
      expect(sg.label).toContain('SSH from 203.0.113.77/32');
    } finally {
      server.close();
    }
  });

  it('--json: plan, up, status and destroy each print one parseable document with the IDs', async () => {
    const cwd = tempDir();
    const base = ['--name', 'jsonlab', '--endpoint-url', moto.url, '--json'];
    const plan = await runCli(['plan', ...base, '--ssh-cidr', SSH], { cwd });
    expect(plan.code, plan.stderr).toBe(0);
    const planDoc = JSON.parse(plan.stdout);
    expect(planDoc.plan).toHaveLength(25);
    expect(planDoc.cost.known).toBe(true);

    const up = await runCli(['up', '--yes', ...base, '--ssh-cidr', SSH], { cwd });
    expect(up.code, up.stderr).toBe(0);
    const upDoc = JSON.parse(up.stdout);
    const w = await labWorld(ec2At(moto.url), 'jsonlab');
    const id = <T extends { Tags?: { Key?: string; Value?: string }[] }>(items: T[], key: string, field: keyof T) => byResource(items, key)[field];
    expect(upDoc.resources.vpc.id).toBe(w.vpcs[0].VpcId);
    expect(upDoc.resources.natGateway.id).toBe(w.natGateways[0].NatGatewayId);
    // The commands go through the lab's own ssh_config. moto's consoles print no host key (a
    // first boot not there yet): each server's first key goes into the lab's own file (accept-new).
    const config = path.join(cwd, '.aws-lab-setup', 'jsonlab.ssh_config');
    expect(upDoc.outputs.sshWeb).toBe(`ssh -F ${config} jsonlab-web`);
    expect(upDoc.outputs.sshDb).toBe(`ssh -F ${config} jsonlab-db`);
    expect(upDoc.outputs.sshDbJump).toBeUndefined();
    const configText = readFileSync(config, 'utf8');
    expect(configText).toContain(`HostKeyAlias jsonlab-web-${id(w.instances, 'webInstance', 'InstanceId')}\n`);
    expect(configText).toContain(`UserKnownHostsFile "${path.join(cwd, '.aws-lab-setup', 'jsonlab.known_hosts.pem')}"\n`);
    expect(configText.match(/StrictHostKeyChecking \S+/g)).toEqual(['StrictHostKeyChecking accept-new', 'StrictHostKeyChecking accept-new']);

    const status = await runCli(['status', ...base], { cwd });
    expect(status.code, status.stderr).toBe(0);
    const statusDoc = JSON.parse(status.stdout);
    expect(statusDoc.resources.every((r: { health: string }) => r.health === 'found')).toBe(true);
    expect(statusDoc.resources.find((r: { key: string }) => r.key === 'vpc').id).toBe(w.vpcs[0].VpcId);
    // A look prints the same commands as up: through the lab's own ssh_config, never the global known_hosts.
    expect([statusDoc.outputs.sshWeb, statusDoc.outputs.sshDb]).toEqual([`ssh -F ${config} jsonlab-web`, `ssh -F ${config} jsonlab-db`]);
    // The lab's picture as data: its parts by the IDs AWS gave, the flows as the groups AWS holds let them.
    const topo = statusDoc.topology;
    expect(topo.vpc.id).toBe(w.vpcs[0].VpcId);
    expect(topo.subnets.map((s: { id: string; role: string }) => `${s.role} ${s.id}`).sort()).toEqual([`private ${id(w.subnets, 'privateSubnet', 'SubnetId')}`, `public ${id(w.subnets, 'publicSubnet', 'SubnetId')}`]);
    expect(topo.servers.web.id).toBe(id(w.instances, 'webInstance', 'InstanceId'));
    expect(topo.nat).toMatchObject({ kind: 'gateway', id: w.natGateways[0].NatGatewayId });
    const webSg = id(w.securityGroups, 'webSecurityGroup', 'GroupId');
    const held = (byResource(w.securityGroups, 'dbSecurityGroup').IpPermissions ?? [])
      .filter((p) => p.UserIdGroupPairs?.some((g) => g.GroupId === webSg))
      .map((p) => (p.IpProtocol === 'tcp' ? `tcp ${p.FromPort}` : p.IpProtocol))
      .sort();
    type RuleFlow = { kind: string; from: string; protocol: string; ports?: { from: number }; source: { group?: string } };
    const webToDb = (topo.flows as RuleFlow[]).filter((f) => f.kind === 'rule' && f.from === 'web');
    expect(webToDb.map((f) => (f.ports ? `${f.protocol} ${f.ports.from}` : f.protocol)).sort()).toEqual(held);
    expect(webToDb.length).toBe(3);
    expect(webToDb.every((f) => f.source.group === webSg)).toBe(true);
    expect(topo.flows.at(-1)).toEqual({ kind: 'route', from: 'db', to: 'internet', via: [{ kind: 'nat-gateway', id: w.natGateways[0].NatGatewayId }, { kind: 'internet-gateway', id: w.igws[0].InternetGatewayId }], state: 'active' });
    // The tutorial's rules over what AWS describes (not the live ones: status does not probe): all pass on a finished lab.
    const findings = statusDoc.findings as { rule: string; ok: boolean | null }[];
    expect(findings.length).toBeGreaterThan(10);
    expect(findings.filter((f) => f.ok !== true)).toEqual([]);
    expect(findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['network.public-route', 'db.icmp-from-web']));

    const destroy = await runCli(['destroy', '--yes', ...base], { cwd });
    expect(destroy.code, destroy.stderr).toBe(0);
    const destroyDoc = JSON.parse(destroy.stdout);
    expect(destroyDoc.deleted.map((d: { id: string }) => d.id)).toContain(w.vpcs[0].VpcId);
    // The lab's ssh_config goes with it (a rebuilt lab gets a new one).
    expect(existsSync(config)).toBe(false);
    for (const r of [plan, up, status, destroy]) expect(r.stdout + r.stderr).not.toMatch(ESC);
  });

  describe('up ends when the web page answers (loopback stand-ins for the page)', () => {
    const servers: http.Server[] = [];
    const serve = async (handler: http.RequestListener): Promise<string> => {
      const server = http.createServer(handler);
      servers.push(server);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
    };
    /** Accepts the connection, never answers: a server still booting behind a silent firewall. */
    const silent = () => serve(() => undefined);
    afterAll(() => {
      for (const s of servers) s.closeAllConnections();
      for (const s of servers) s.close();
    });
    const cwd = tempDir();
    const base = () => ['up', '--yes', '--name', 'pagewait', '--endpoint-url', moto.url, '--ssh-cidr', SSH];

    it('waits, with a progress line, until the page answers 200, and says how long the first boot took', async () => {
      // 503 for the first 4 seconds after the first ask (Apache up, the page not yet written), then 200.
      let first: number | undefined;
      const url = await serve((_req, res) => {
        first ??= Date.now();
        res.writeHead(Date.now() - first < 4_000 ? 503 : 200).end('<h1>pagewait</h1>');
      });
      const res = await runCli(base(), { cwd, env: labEnv({ AWS_LAB_SETUP_WEB_URL: url }) });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stderr).toContain(`waiting for the web page ${url} to answer (up to 5 min 0 s; --no-wait-for-page skips this)`);
      expect(res.stderr).toMatch(/answered 503/);
      const done = new RegExp(`the web page ${url.replace(/[./]/g, '\\$&')} answered 200 after (\\d+) s — the first boot took (\\d+) s`);
      const m = done.exec(res.stderr);
      expect(m, res.stderr).not.toBeNull();
      expect(Number(m![1])).toBeGreaterThanOrEqual(4);
      expect(Number(m![2])).toBeGreaterThanOrEqual(Number(m![1]));
      expect(res.stdout).toMatch(/The lab is up\./);
    });

    it('a page that does not answer in time: what it means, run check later, exit 0', async () => {
      const url = await silent();
      const res = await runCli(base(), { cwd, env: labEnv({ AWS_LAB_SETUP_WEB_URL: url, AWS_LAB_SETUP_PAGE_WAIT: '3' }) });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stderr).toMatch(/did not answer 200 within [3-9] s \(no answer: timed out\)\./);
      expect(res.stderr).toMatch(/first boot is probably still installing Apache and MariaDB/);
      expect(res.stderr).toMatch(/next: run `aws-lab-setup check` in a few minutes/);
      expect(res.stdout).toMatch(/The lab is up\./);
    });

    it('--no-wait-for-page ends without asking the page (the old --no-wait too, told its new name); --json says how the wait went', async () => {
      let asked = 0;
      const url = await serve((_req) => void asked++);
      const started = Date.now();
      const res = await runCli([...base(), '--no-wait-for-page'], { cwd, env: labEnv({ AWS_LAB_SETUP_WEB_URL: url }) });
      expect(res.code, res.stderr).toBe(0);
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(asked).toBe(0);
      expect(res.stderr).not.toMatch(/waiting for the web page/);
      expect(res.stderr).not.toMatch(/old spelling/);
      const old = await runCli([...base(), '--no-wait'], { cwd, env: labEnv({ AWS_LAB_SETUP_WEB_URL: url }) });
      expect(old.code, old.stderr).toBe(0);
      expect(asked).toBe(0);
      expect(old.stderr).toContain('--no-wait is now --no-wait-for-page; the old spelling works for this release only');

      // An emulator's servers do not boot: without a page named for it, none is waited for.
      const env = labEnv();
      delete env.AWS_LAB_SETUP_WEB_URL;
      const emulated = await runCli(base(), { cwd, env });
      expect(emulated.code, emulated.stderr).toBe(0);
      expect(emulated.stderr).toMatch(/not waiting for the web page: the AWS calls went to an endpoint of their own \(--endpoint-url\)/);
      expect(emulated.stderr).not.toMatch(/waiting for the web page http/);

      const json = await runCli([...base(), '--json'], { cwd });
      expect(json.code, json.stderr).toBe(0);
      expect(JSON.parse(json.stdout).page).toEqual({ url: PAGE_URL, answered: true, waitedSeconds: 0 });

      const bad = await runCli(base(), { cwd, env: labEnv({ AWS_LAB_SETUP_PAGE_WAIT: 'later' }) });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/AWS_LAB_SETUP_PAGE_WAIT="later" is not a number of seconds/);
    });
  });

  it('SSH open to the whole internet given by hand: the plan marks it and a warning line says what it means', async () => {
    const res = await runCli(['plan', '--name', 'world', '--endpoint-url', moto.url, '--ssh-cidr', '0.0.0.0/0'], { cwd: tempDir() });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/Who may SSH to the web server \(CIDR\): 0\.0\.0\.0\/0 ! open to the whole internet/);
    expect(res.stderr).toMatch(/! SSH \(port 22\) of the web server is open to the whole internet: anyone can try to log in/);
    const json = await runCli(['plan', '--name', 'world', '--endpoint-url', moto.url, '--ssh-cidr', '0.0.0.0/0', '--json'], { cwd: tempDir() });
    expect(JSON.parse(json.stdout).warnings).toEqual([{ setting: 'sshCidr', value: '0.0.0.0/0', warning: expect.stringMatching(/open to the whole internet/) }]);
  });

  describe('after up: status, ssh, ssh-config, check', () => {
    const cwd = tempDir();
    const base = ['--name', 'after', '--endpoint-url', ''];
    beforeAll(async () => {
      base[3] = moto.url;
      const res = await runCli(['up', '--yes', ...base, '--ssh-cidr', SSH], { cwd });
      expect(res.code, res.stderr).toBe(0);
    });

    it('status shows every resource, the addresses and the diagram', async () => {
      const res = await runCli(['status', ...base], { cwd });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toMatch(/25\/25 resources/);
      expect(res.stdout).toMatch(/Chapters: ✔ 1 Network · ✔ 2 Web server · ✔ 3 Apache · ✔ 4 Private DB server/);
      expect(res.stdout).toMatch(/┌─ VPC 10\.0\.0\.0\/16 vpc-/);
      expect(res.stdout).toMatch(/public subnet 10\.0\.1\.0\/24/);
      expect(res.stdout).toMatch(/internet gateway igw-/);
      // The arrow from the web server to the DB server: drawn from the DB group's rules as AWS holds them.
      expect(res.stdout).toMatch(/│ ──▶  │/);
      expect(res.stdout).toMatch(/Billing now/);
    });

    it('ssh-config prints Host blocks with the Elastic IP and a ProxyJump for the DB', async () => {
      const res = await runCli(['ssh-config', ...base], { cwd });
      expect(res.code, res.stderr).toBe(0);
      const w = await labWorld(ec2At(moto.url), 'after');
      const eip = w.addresses.find((a) => a.InstanceId)!.PublicIp!;
      const db = w.instances.find((i) => !i.PublicIpAddress)!.PrivateIpAddress!;
      expect(res.stdout).toContain(`Host after-web\n  HostName ${eip}`);
      expect(res.stdout).toContain(`Host after-db\n  HostName ${db}`);
      expect(res.stdout).toContain('ProxyJump after-web');
    });

    it('ssh db runs ssh with the saved key, through the web server', async () => {
      const fake = fakeSsh(tempDir(), { mariadb: 'active' });
      const res = await runCli(['ssh', 'db', ...base, 'hostname'], { cwd, env: labEnv({ AWS_LAB_SETUP_SSH: fake.bin }) });
      expect(res.code, res.stderr).toBe(0);
      const [args] = sshCalls(fake.log);
      const key = path.join(cwd, '.aws-lab-setup', 'after-key.pem');
      // No shell line: ssh is given the lab's own config (-F) and the host's alias.
      const config = path.join(cwd, '.aws-lab-setup', 'after.ssh_config');
      expect(args.slice(0, 3)).toEqual(['-F', config, 'after-db']);
      const text = readFileSync(config, 'utf8');
      expect(text).toContain(`IdentityFile "${key}"`);
      expect(text).toMatch(/^Host after-db\n(  .*\n)*  ProxyCommand \S+ -F \S+after\.ssh_config -W %h:%p after-web$/m);
      expect(args.at(-1)).toBe('hostname');
      const bad = await runCli(['ssh', 'mail', ...base], { cwd });
      expect(bad.code).toBe(2);
    });

    it('check reports the web page, ping and MariaDB, and fails with a clear line when one is down', async () => {
      let status = 200;
      const web = http.createServer((_req, res) => res.writeHead(status).end('<h1>after</h1>'));
      await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
      const url = `http://127.0.0.1:${(web.address() as net.AddressInfo).port}/`;
      try {
        const good = fakeSsh(tempDir(), { mariadb: 'active' });
        const ok = await runCli(['check', ...base, '--web-url', url], { cwd, env: labEnv({ AWS_LAB_SETUP_SSH: good.bin }) });
        expect(ok.code, ok.stderr + ok.stdout).toBe(0);
        expect(ok.stdout).toMatch(/✔ HTTP GET .* answered 200/);
        expect(ok.stdout).toMatch(/✔ ping 10\.0\.2\.\d+ from the web server/);
        expect(ok.stdout).toMatch(/✔ MariaDB running on the DB server/);

        status = 503;
        const down = fakeSsh(tempDir(), { mariadb: 'inactive' });
        const bad = await runCli(['check', ...base, '--web-url', url], { cwd, env: labEnv({ AWS_LAB_SETUP_SSH: down.bin }) });
        expect(bad.code).toBe(1);
        expect(bad.stdout).toMatch(/✖ HTTP GET .* answered 503/);
        expect(bad.stdout).toMatch(/✖ MariaDB running on the DB server/);
        expect(bad.stderr).toMatch(/2 of 3 checks failed/);
      } finally {
        web.close();
      }
    });
  });

  it('--help and --version load no AWS SDK code', async () => {
    // The bundle (scripts/build.mjs) has no '@aws-sdk/' imports left to trace: the SDK is
    // in some of its chunks. A load hook logs every module file the CLI loads; the chunks
    // that carry the SDK are those holding its package name.
    const distDir = path.resolve(path.dirname(BIN), '../dist');
    const files = readdirSync(distDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    const sdkChunks = files.map((f) => path.join(distDir, f)).filter((f) => readFileSync(f, 'utf8').includes('@aws-sdk/client-ec2'));
    expect(sdkChunks.length, 'no chunk of the bundle holds the SDK').toBeGreaterThan(0);
    expect(sdkChunks).not.toContain(path.join(distDir, 'cli/main.js'));

    const dir = tempDir();
    const trace = path.join(dir, 'loads.txt');
    const hooks = path.join(dir, 'hooks.mjs');
    writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(${JSON.stringify(trace)}, url + '\\n');
  return next(url, context);
}`,
    );
    const register = path.join(dir, 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`);
    const env = labEnv({ NODE_OPTIONS: `--import=${register}` });
    const loaded = () => readFileSync(trace, 'utf8').trim().split('\n').map((u) => fileURLToPath(u));
    for (const args of [['--help'], ['--version'], ['up', '--help']]) {
      rmSync(trace, { force: true });
      const res = await runCli(args, { cwd: dir, env });
      expect(res.code, res.stderr).toBe(0);
      expect(loaded(), 'the tracer saw the CLI load').toContain(path.join(distDir, 'cli/main.js'));
      expect(loaded().filter((f) => sdkChunks.includes(f)), `${args.join(' ')} loaded the SDK`).toEqual([]);
    }
    // The tracer itself works: a command that talks to AWS does load the SDK's chunks.
    rmSync(trace, { force: true });
    await runCli(['status', '--name', 'none', '--endpoint-url', moto.url], { cwd: dir, env });
    expect(loaded().filter((f) => sdkChunks.includes(f)).length).toBeGreaterThan(0);
  });
});
