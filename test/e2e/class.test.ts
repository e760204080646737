import { CreateSubnetCommand, CreateVpcCommand, EC2Client, RunInstancesCommand, StartInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { CreateScheduleGroupCommand, ListScheduleGroupsCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byResource, ec2In, labWorld, tag } from './support/aws.js';
import { enforceBuckets, type Buckets } from './support/buckets.js';
import { AFTER_KILL_MS, labEnv, runCli, tempDir } from './support/cli.js';
import { startMoto, type Moto } from './support/moto-server.js';
import { TEST_ACCOUNT_QUOTAS } from './support/moto.js';
import { startProxy, type Proxy } from './support/proxy.js';
import { newHostKey } from './support/console-output.js';
import { quotaIncreases, type AccountQuotas } from './support/quotas.js';

const SSH = '198.51.100.7/32';
/** One of each: the whole lab, and the lab through chapter 2 (network and web server). */
const FULL = { vpcs: 1, subnets: 2, igws: 1, routeTables: 2, securityGroups: 2, keyPairs: 1, instances: 2, addresses: 2, natGateways: 1 };
const THROUGH_WEB = { vpcs: 1, subnets: 2, igws: 1, routeTables: 1, securityGroups: 1, keyPairs: 1, instances: 1, addresses: 1, natGateways: 0 };
const NOTHING = Object.fromEntries(Object.keys(FULL).map((k) => [k, 0]));

/**
 * Room for a class, but NAT gateways per zone as moto's Service Quotas says (5): six labs
 * fit only because the class spreads them over the zones.
 */
const CLASS_QUOTAS: AccountQuotas = TEST_ACCOUNT_QUOTAS;

/** moto behind the test proxy, enforcing EC2's token buckets per account and region. */
function useClassMoto(quotas: AccountQuotas = CLASS_QUOTAS) {
  const world: { moto?: Moto; proxy?: Proxy; buckets?: Buckets } = {};
  beforeAll(async () => {
    world.moto = await startMoto();
    world.buckets = enforceBuckets(world.moto.url);
    world.proxy = await startProxy(world.moto.url, { quotas, buckets: world.buckets });
  });
  afterAll(async () => {
    await world.proxy?.close();
    await world.moto?.stop();
  });
  return world as Required<typeof world>;
}

async function counts(ec2: EC2Client, lab: string): Promise<Record<string, number>> {
  const w = await labWorld(ec2, lab);
  return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v.length]));
}

function roster(dir: string, name: string, text: string): string {
  const file = path.join(dir, `${name}.csv`);
  writeFileSync(file, text);
  return file;
}

const refusedTotal = (b: Buckets) => [...b.refused.values()].reduce((s, n) => s + n, 0);

describe("the proxy's EC2 buckets: one per action, as AWS keeps them", () => {
  const world = useClassMoto();

  it('refuses RunInstances past its burst of 5 while StartInstances, CreateVpc and CreateSubnet each still have their whole burst', async () => {
    // Dry runs: metered as AWS meters them, answered by the proxy, nothing made. No retries.
    const ec2 = new EC2Client({ endpoint: world.proxy.url, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, maxAttempts: 1 });
    const refused = async (n: number, make: () => object) => {
      const answers = await Promise.allSettled(Array.from({ length: n }, () => ec2.send(make() as never)));
      return answers.filter((a) => a.status === 'rejected' && (a.reason as Error).name === 'RequestLimitExceeded').length;
    };
    // 10 at once against 5 and 2 a second: some are refused (all but ~5 when they come within a second).
    expect(await refused(10, () => new RunInstancesCommand({ MinCount: 1, MaxCount: 1, ImageId: 'ami-1', DryRun: true }))).toBeGreaterThan(0);
    // RunInstances' bucket is empty; StartInstances' is its own, and full.
    expect(await refused(5, () => new StartInstancesCommand({ InstanceIds: ['i-1'], DryRun: true }))).toBe(0);
    // Two mutating actions: 50 each at once, each within its own bucket.
    const [vpcs, subnets] = await Promise.all([
      refused(50, () => new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', DryRun: true })),
      refused(50, () => new CreateSubnetCommand({ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24', DryRun: true })),
    ]);
    expect([vpcs, subnets]).toEqual([0, 0]);
    expect([...world.buckets.refused.keys()]).toEqual(['123456789012/us-east-1 RunInstances']);
  }, 60_000);
});

describe('a class of six in one account, under EC2\'s token buckets', () => {
  const world = useClassMoto();
  const cwd = tempDir('class-e2e-');
  const learners = ['ann', 'ben', 'cho', 'dev', 'eli', 'fay'];

  it('builds every lab whole, paced so that the buckets refuse (almost) nothing, and hands out what each learner needs', async () => {
    const file = roster(cwd, 'six', `learner\n${learners.join('\n')}\n`);
    // The servers' first boot prints their host keys on the console, as Amazon Linux 2023's does (moto's log has none).
    const hostKey = newHostKey();
    world.proxy.faults.consoleHostKeys = [hostKey];
    const res = await runCli(['class', 'up', '--roster', file, '--yes', '--endpoint-url', world.proxy.url, '--ssh-cidr', SSH], { cwd, timeoutMs: 300_000 });
    world.proxy.faults.consoleHostKeys = undefined;
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).not.toMatch(/\x1b\[/); // plain lines without a terminal
    const ec2 = new EC2Client({ endpoint: world.moto.url, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    for (const l of learners) expect(await counts(ec2, `six-${l}`), l).toEqual(FULL);
    // Spread round-robin over the 5 zones moto offers t3.micro in: each lab's subnets in one zone, the sixth back in the first.
    const zones = await Promise.all(learners.map(async (l) => (await labWorld(ec2, `six-${l}`)).subnets.map((x) => x.AvailabilityZone)));
    for (const z of zones) expect(new Set(z).size).toBe(1);
    expect(zones.map((z) => z[0])).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1f', 'us-east-1a']);
    // 12 RunInstances against a bucket of 5 (2 a second), ~250 other calls: the limiter
    // paced them; without it the bucket would refuse a good part of them.
    const run = world.proxy.actions.filter((a) => a === 'RunInstances').length;
    expect(run).toBe(12);
    expect(refusedTotal(world.buckets), JSON.stringify([...world.buckets.refused])).toBeLessThanOrEqual(2);
    // Every resource carries the class's tag besides the lab's.
    const w = await labWorld(ec2, 'six-ann');
    for (const item of [...w.vpcs, ...w.instances, ...w.natGateways, ...w.addresses]) expect(tag(item.Tags, 'aws-lab-setup:class')).toBe('six');
    // The hand-outs: a private folder per learner with its key, and every learner on the cards.
    const folder = path.join(cwd, 'six', 'ann');
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(folder, 'six-ann-key.pem')).mode & 0o777).toBe(0o600);
    const text = readFileSync(path.join(folder, 'handout.txt'), 'utf8');
    expect(text).toMatch(/http:\/\/ec2-[\d-]+\.compute-1\.amazonaws\.com\//);
    // Its commands go through the ssh_config beside it, the servers' keys pinned in its known_hosts
    // under an alias per instance (as the lab's own state keeps them), never the global known_hosts.
    expect(text).toContain('ssh -F ssh_config six-ann-web\n');
    expect(text).toContain('ssh -F ssh_config six-ann-db\n');
    expect(text).not.toMatch(/ssh -i|ec2-user@/);
    const config = readFileSync(path.join(folder, 'ssh_config'), 'utf8');
    expect(config).toContain('Host six-ann-db');
    expect(config.match(/StrictHostKeyChecking \S+/g)).toEqual(['StrictHostKeyChecking yes', 'StrictHostKeyChecking yes']);
    const ids = { web: byResource(w.instances, 'webInstance').InstanceId, db: byResource(w.instances, 'dbInstance').InstanceId };
    const pinned = `six-ann-web-${ids.web} ${hostKey}\nsix-ann-db-${ids.db} ${hostKey}\n`;
    expect(readFileSync(path.join(folder, 'known_hosts'), 'utf8')).toBe(pinned);
    expect(statSync(path.join(folder, 'known_hosts')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(cwd, '.aws-lab-setup', 'six-ann.known_hosts.pem'), 'utf8')).toBe(pinned);
    const cards = readFileSync(path.join(cwd, 'six', 'cards.html'), 'utf8');
    for (const l of learners) expect(cards).toContain(`six-${l}`);
  }, 320_000);

  it('each lab is an ordinary lab: `status --name` sees it; `class status` has a line per learner', async () => {
    const one = await runCli(['status', '--json', '--name', 'six-ben', '--endpoint-url', world.proxy.url], { cwd });
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout).chapters.every((c: { done: string }) => c.done === 'done')).toBe(true);
    const file = path.join(cwd, 'six.csv');
    const all = await runCli(['class', 'status', '--json', '--roster', file, '--endpoint-url', world.proxy.url], { cwd });
    expect(all.code, all.stderr).toBe(0);
    const doc = JSON.parse(all.stdout);
    expect(doc.labs.map((l: { learner: string }) => l.learner)).toEqual(learners);
    for (const l of doc.labs) {
      expect(l.chapters).toBe(4);
      expect(l.webUrl).toMatch(/^http:\/\//);
      expect(l.nat).toMatch(/^gateway nat-/);
      expect(l.expires).toMatch(/^\d{4}-/);
    }
    const table = await runCli(['class', 'status', '--roster', file, '--endpoint-url', world.proxy.url], { cwd });
    expect(table.stdout).toMatch(/learner\s+account\/region\s+chapters\s+web URL\s+NAT\s+so far\s+expires/);
    expect(table.stdout.split('\n').filter((l) => /^(ann|ben|cho|dev|eli|fay)\s+123456789012\/us-east-1\s+4\/4/.test(l))).toHaveLength(6);
  }, 120_000);

  it('class destroy removes every lab, one whose learner left the roster too (found by the class tag), and says nothing is left', async () => {
    // A learner taken off the roster keeps a lab tagged with the class: destroy finds it by the tag.
    const file = roster(cwd, 'six', `learner\n${learners.slice(1).join('\n')}\n`);
    // …and a lab of the class whose EC2 part is gone, but not its expiry's schedule group and IAM role.
    const creds = { accessKeyId: 'testing', secretAccessKey: 'testing' };
    const scheduler = new SchedulerClient({ endpoint: world.moto.url, region: 'us-east-1', credentials: creds });
    const iam = new IAMClient({ endpoint: world.moto.url, region: 'us-east-1', credentials: creds });
    const tags = [
      { Key: 'ManagedBy', Value: 'aws-lab-setup' },
      { Key: 'aws-lab-setup:lab', Value: 'six-gone' },
      { Key: 'aws-lab-setup:class', Value: 'six' },
    ];
    await scheduler.send(new CreateScheduleGroupCommand({ Name: 'aws-lab-setup-six-gone', Tags: tags }));
    await iam.send(new CreateRoleCommand({ RoleName: 'aws-lab-setup-six-gone-us-east-1', Path: '/aws-lab-setup/', AssumeRolePolicyDocument: '{}', Tags: tags }));
    const res = await runCli(['class', 'destroy', '--yes', '--roster', file, '--endpoint-url', world.proxy.url], { cwd, timeoutMs: 240_000 });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Nothing tagged with the class is left in 123456789012\/us-east-1/);
    // Every lab's expiry too (the six built whole, and the one found by its schedule group and role).
    const groups = (await scheduler.send(new ListScheduleGroupsCommand({ NamePrefix: 'aws-lab-setup-six-' }))).ScheduleGroups ?? [];
    expect(groups.filter((g) => g.State !== 'DELETING').map((g) => g.Name)).toEqual([]);
    const roles = (await iam.send(new ListRolesCommand({ PathPrefix: '/aws-lab-setup/' }))).Roles ?? [];
    expect(roles.map((r) => r.RoleName).filter((n) => n?.startsWith('aws-lab-setup-six-'))).toEqual([]);
    const ec2 = new EC2Client({ endpoint: world.moto.url, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    for (const l of learners) expect(await counts(ec2, `six-${l}`), l).toEqual(NOTHING);
  }, 260_000);
});

describe('a class across accounts, a killed class, a bad roster', () => {
  const world = useClassMoto();
  const accounts = ['111111111111', '222222222222', '333333333333'];

  it('three learners in three accounts: each lab in its own account, reached by the role; destroy empties them all', async () => {
    const cwd = tempDir('class-accounts-');
    const file = roster(cwd, 'org', `learner,account\n${accounts.map((a, i) => `l${i},${a}`).join('\n')}\n`);
    const up = await runCli(['class', 'up', '--roster', file, '--yes', '--until', '1', '--endpoint-url', world.proxy.url, '--ssh-cidr', SSH], { cwd, timeoutMs: 120_000 });
    expect(up.code, up.stderr).toBe(0);
    for (const [i, account] of accounts.entries()) {
      const ec2 = await ec2In(world.moto.url, account);
      expect((await counts(ec2, `org-l${i}`)).vpcs, account).toBe(1);
      // …and not in the others' accounts.
      for (const [j] of accounts.entries()) if (j !== i) expect((await counts(ec2, `org-l${j}`)).vpcs).toBe(0);
    }
    const status = await runCli(['class', 'status', '--json', '--roster', file, '--endpoint-url', world.proxy.url], { cwd });
    expect(JSON.parse(status.stdout).labs.map((l: { target: string }) => l.target)).toEqual(accounts.map((a) => `${a}/us-east-1`));
    const down = await runCli(['class', 'destroy', '--yes', '--roster', file, '--endpoint-url', world.proxy.url], { cwd, timeoutMs: 120_000 });
    expect(down.code, down.stderr).toBe(0);
    for (const a of accounts) expect(down.stdout).toContain(`${a}/us-east-1`);
    for (const [i, account] of accounts.entries()) expect(await counts(await ec2In(world.moto.url, account), `org-l${i}`)).toEqual(NOTHING);
  }, 260_000);

  it('SIGKILL mid-class, then a rerun: one of each per learner', async () => {
    const cwd = tempDir('class-kill-');
    const file = roster(cwd, 'kill', 'learner\nk1\nk2\nk3\nk4\n');
    const args = ['class', 'up', '--roster', file, '--yes', '--until', '2', '--endpoint-url', world.proxy.url, '--ssh-cidr', SSH];
    const killed = await runCli(args, { cwd, killWhen: /✔ web server .* created/ });
    expect(killed.signal).toBe('SIGKILL');
    const again = await runCli(args, { cwd, timeoutMs: AFTER_KILL_MS });
    expect(again.code, again.stderr).toBe(0);
    const ec2 = new EC2Client({ endpoint: world.moto.url, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    for (const l of ['k1', 'k2', 'k3', 'k4']) expect(await counts(ec2, `kill-${l}`), l).toEqual(THROUGH_WEB);
    const down = await runCli(['class', 'destroy', '--yes', '--roster', file, '--endpoint-url', world.proxy.url], { cwd, timeoutMs: 120_000 });
    expect(down.code, down.stderr).toBe(0);
    for (const l of ['k1', 'k2', 'k3', 'k4']) expect(await counts(ec2, `kill-${l}`), l).toEqual(NOTHING);
  }, AFTER_KILL_MS + 200_000);

  it('Ctrl-C mid-class: every lab stops at a safe point, exit 130, state written; a rerun finishes them all', async () => {
    const cwd = tempDir('class-int-');
    const file = roster(cwd, 'int', 'learner\ni1\ni2\ni3\n');
    const args = ['class', 'up', '--roster', file, '--yes', '--until', '2', '--endpoint-url', world.proxy.url, '--ssh-cidr', SSH];
    const stopped = await runCli(args, { cwd, killWhen: /✔ VPC .* created/, killWith: 'SIGINT', timeoutMs: 120_000 });
    expect(stopped.code, stopped.stderr).toBe(130);
    // What each lab made before it stopped is in its state file: the rerun makes no second of anything.
    for (const l of ['i1', 'i2', 'i3']) expect(existsSync(path.join(cwd, '.aws-lab-setup', `int-${l}.json`)), l).toBe(true);
    const again = await runCli(args, { cwd, timeoutMs: 120_000 });
    expect(again.code, again.stderr).toBe(0);
    const ec2 = new EC2Client({ endpoint: world.moto.url, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    for (const l of ['i1', 'i2', 'i3']) expect(await counts(ec2, `int-${l}`), l).toEqual(THROUGH_WEB);
    const down = await runCli(['class', 'destroy', '--yes', '--roster', file, '--endpoint-url', world.proxy.url], { cwd, timeoutMs: 120_000 });
    expect(down.code, down.stderr).toBe(0);
  }, 400_000);

  it('a bad row stops the class with exit 2, naming the file, row and column; nothing is made', async () => {
    const cwd = tempDir('class-bad-');
    const file = roster(cwd, 'bad', 'learner,account\nok1,111111111111\nok2,12345\n');
    const before = world.proxy.actions.length;
    const res = await runCli(['class', 'up', '--roster', file, '--yes', '--endpoint-url', world.proxy.url, '--ssh-cidr', SSH], { cwd, env: labEnv() });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${file}, row 3, column "account": "12345" is not an AWS account ID`);
    expect(world.proxy.actions.length).toBe(before);
    expect(existsSync(path.join(cwd, '.aws-lab-setup'))).toBe(false);
  });
});

describe('a class short of a quota', () => {
  // 5 Elastic IPs (a new account's) for 6 gateway labs (2 each); NAT gateways per zone as moto says (5).
  const quotas: AccountQuotas = { vpcs: 1000, standardVcpus: 1000, elasticIps: 5 };
  const world = useClassMoto(quotas);
  const learners = ['ann', 'ben', 'cho', 'dev', 'eli', 'fay'];
  const MUTATING = /^(Create|Allocate|Run|Import|Associate|Authorize|Modify|Put|Attach)/;

  it('stops `class up` with exit 1 before anything is made, with the table and what else would fit', async () => {
    const cwd = tempDir('class-short-');
    const file = roster(cwd, 'short', `learner\n${learners.join('\n')}\n`);
    // Spread over the 5 zones offering t3.micro, the NAT gateways fit; all in one zone (--zone), they do not.
    const spread = await runCli(['class', 'plan', '--json', '--roster', file, '--endpoint-url', world.proxy.url, '--ssh-cidr', SSH], { cwd });
    const nats = JSON.parse(spread.stdout).quotas.filter((q: { quota: string }) => q.quota === 'natGatewaysPerZone');
    expect(nats.map((q: { zone: string; need: number; short: number }) => [q.zone, q.need, q.short])).toEqual([
      ['us-east-1a', 2, 0],
      ['us-east-1b', 1, 0],
      ['us-east-1c', 1, 0],
      ['us-east-1d', 1, 0],
      ['us-east-1f', 1, 0],
    ]);
    const res = await runCli(['class', 'up', '--roster', file, '--yes', '--zone', 'us-east-1a', '--endpoint-url', world.proxy.url, '--ssh-cidr', SSH], { cwd, timeoutMs: 120_000 });
    expect(res.code, res.stderr).toBe(1);
    expect(world.proxy.actions.filter((a) => MUTATING.test(a)), 'no create, no dry run').toEqual([]);
    expect(world.proxy.dryRuns).toEqual([]);
    expect(existsSync(path.join(cwd, 'short'))).toBe(false); // no hand-outs
    // need / in use / limit / short, with the codes: 12 addresses of 5 (none in use); 6 NAT
    // gateways in the one zone --zone gives, of moto's 5; 6 VPCs next to the default one.
    const line = (re: RegExp) => res.stderr.split('\n').find((l) => re.test(l));
    expect(line(/Elastic IPs/)).toMatch(/123456789012\/us-east-1\s+Elastic IPs\s+ec2 L-0263D0A3\s+12\s+0\s+5\s+7\s/);
    expect(line(/NAT gateways in/)).toMatch(/NAT gateways in us-east-1a\s+vpc L-FE5A380F\s+6\s+0\s+5\s+1\s+Service Quotas/);
    expect(line(/\bVPCs\b/)).toMatch(/VPCs\s+vpc L-F678F1CE\s+6\s+1\s+1000\s+-/);
    expect(line(/vCPUs/)).toMatch(/vCPUs\s+ec2 L-1216C47A\s+24\s+0\s+1000\s+-/);
    // --nat instance: one address a lab (the web server's), still one short; one account per learner fits.
    expect(res.stderr).toMatch(/--nat instance .*still short of Elastic IPs by 1 in 123456789012\/us-east-1/);
    expect(res.stderr).toMatch(/one account per learner .* one lab fits a new account's defaults/);
    expect(res.stderr).toMatch(/short of L-0263D0A3 by 7 in 123456789012\/us-east-1, L-FE5A380F by 1 in 123456789012\/us-east-1 \(us-east-1a\); nothing was created/);
    const plan = await runCli(['class', 'plan', '--json', '--zone', 'us-east-1a', '--roster', file, '--endpoint-url', world.proxy.url, '--ssh-cidr', SSH], { cwd });
    expect(plan.code).toBe(1);
    expect(JSON.parse(plan.stdout).quotas.filter((q: { short: number }) => q.short > 0).map((q: { quotaCode: string }) => q.quotaCode)).toEqual(['L-0263D0A3', 'L-FE5A380F']);
  }, 150_000);

  it('`class quotas --request` asks for the shortfall once, and shows the request open on the next run', async () => {
    const cwd = tempDir('class-request-');
    const file = roster(cwd, 'short', `learner\n${learners.join('\n')}\n`);
    const args = ['class', 'quotas', '--zone', 'us-east-1a', '--roster', file, '--endpoint-url', world.proxy.url, '--ssh-cidr', SSH];
    const look = await runCli(args, { cwd });
    expect(look.code).toBe(1);
    expect(look.stdout).toMatch(/L-0263D0A3\): short, no request open \(the class needs 12/);
    expect(quotaIncreases(quotas)).toEqual([]);
    const ask = await runCli([...args, '--request'], { cwd });
    expect(ask.code, ask.stderr).toBe(0);
    expect(quotaIncreases(quotas).map((r) => [r.QuotaCode, r.DesiredValue])).toEqual([
      ['L-0263D0A3', 12],
      ['L-FE5A380F', 6],
    ]);
    expect(ask.stdout).toMatch(/Elastic IPs \(L-0263D0A3\): asked for 12, request req-\d PENDING/);
    const again = await runCli([...args, '--request', '--json'], { cwd });
    expect(again.code, again.stderr).toBe(0);
    const doc = JSON.parse(again.stdout);
    expect(doc.requests.map((r: { quotaCode: string; filed: boolean; status: string }) => [r.quotaCode, r.filed, r.status])).toEqual([
      ['L-0263D0A3', false, 'PENDING'],
      ['L-FE5A380F', false, 'PENDING'],
    ]);
    expect(quotaIncreases(quotas)).toHaveLength(2); // none filed twice
  }, 120_000);
});
