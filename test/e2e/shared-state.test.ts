import { CreateBucketCommand, GetBucketEncryptionCommand, GetBucketLifecycleConfigurationCommand, GetBucketVersioningCommand, GetObjectCommand, GetPublicAccessBlockCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2At, labWorld } from './support/aws.js';
import { execFile } from 'node:child_process';
import { AFTER_KILL_MS, BIN, labEnv, runCli, tempDir, type CliResult } from './support/cli.js';
import { startMoto, TEST_ACCOUNT_QUOTAS, type Moto } from './support/moto.js';
import { startProxy, type Proxy, type S3Call } from './support/proxy.js';
import { awsCallerArn, describeVerdict, distinct, evaluate } from './support/iam-requests.js';
import { listedPrefix, s3IamRequest } from './support/s3-requests.js';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

const SSH = '198.51.100.7/32';

/** A command that is not the CLI itself, without blocking this process (the proxy answers from it). */
function run_(cmd: string[], opts: { cwd: string; env: Record<string, string> }): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd[0], cmd.slice(1), { ...opts, timeout: 60_000 }, (err, _stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }));
  });
}
const FULL = { vpcs: 1, subnets: 2, igws: 1, routeTables: 2, securityGroups: 2, keyPairs: 1, instances: 2, addresses: 2, natGateways: 1 };
const BUCKET = 'team-labs';

async function counts(url: string, lab: string): Promise<Record<string, number>> {
  const w = await labWorld(ec2At(url), lab);
  return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v.length]));
}

/** Another operator: a HOME and a working folder of their own; only the bucket is shared. */
function machine(extra: Record<string, string> = {}) {
  const home = tempDir('lab-home-');
  return { home, cwd: tempDir('lab-cwd-'), env: labEnv({ HOME: home, ...extra }) };
}
type Machine = ReturnType<typeof machine>;

describe('labs shared through a state in S3 (moto S3, conditional writes)', () => {
  let moto: Moto;
  let proxy: Proxy;
  let s3: S3Client;
  const where = (prefix: string) => `s3://${BUCKET}/${prefix}`;
  const run = (m: Machine, args: string[], opts: { timeoutMs?: number; killWhen?: RegExp; url?: string } = {}): Promise<CliResult> =>
    runCli([...args, '--endpoint-url', opts.url ?? proxy.url], { cwd: m.cwd, env: m.env, timeoutMs: opts.timeoutMs ?? 120_000, killWhen: opts.killWhen });
  const keysUnder = async (prefix: string, bucket = BUCKET) => ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);
  const stateWrites = (key: string): S3Call[] => proxy.s3.filter((c) => c.key === key && (c.method === 'PUT' || c.method === 'DELETE'));

  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startProxy(moto.url, { quotas: TEST_ACCOUNT_QUOTAS });
    s3 = new S3Client({ endpoint: moto.url, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    // The bucket, made by the tool itself.
    const init = await run(machine(), ['state', 'init', where('labs')]);
    expect(init.code, init.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    await moto?.stop();
  });

  it('state init makes a bucket that is right: versioning, encryption, Block Public Access, lifecycle for old versions and locks', async () => {
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: BUCKET }))).Status).toBe('Enabled');
    const pab = (await s3.send(new GetPublicAccessBlockCommand({ Bucket: BUCKET }))).PublicAccessBlockConfiguration!;
    expect([pab.BlockPublicAcls, pab.IgnorePublicAcls, pab.BlockPublicPolicy, pab.RestrictPublicBuckets]).toEqual([true, true, true, true]);
    const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket: BUCKET }));
    expect(enc.ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');
    const rules = (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET }))).Rules ?? [];
    expect(rules.find((r) => r.Filter?.Prefix === 'labs/')?.NoncurrentVersionExpiration?.NoncurrentDays).toBeGreaterThan(0);
    expect(rules.find((r) => r.Filter?.Prefix === 'labs/locks/')?.Expiration?.Days).toBe(1);
    // Twice is fine: the bucket is set right again, nothing duplicated.
    const again = await run(machine(), ['state', 'init', where('labs')]);
    expect(again.code, again.stderr).toBe(0);
    expect((await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET }))).Rules).toHaveLength(rules.length);
  });

  it('two machines run up on one lab at once: exactly one builds, the other exits 1 naming the holder; the second machine then sees and removes it', async () => {
    const [a, b] = [machine(), machine()];
    const lab = 'race';
    const args = ['up', '--yes', '--name', lab, '--ssh-cidr', SSH, '--state-dir', where('labs')];
    const results = await Promise.all([run(a, args), run(b, args)]);
    const codes = results.map((r) => r.code).sort();
    expect(codes, results.map((r) => r.stderr).join('\n---\n')).toEqual([0, 1]);
    const loser = results.find((r) => r.code === 1)!;
    expect(loser.stderr).toMatch(/lab "race" is locked by .*pid \d+, running "up" since \d{4}-/);
    expect(await counts(moto.url, lab)).toEqual(FULL);
    // The state and the key are in the bucket, not in either working folder or HOME.
    expect(await keysUnder('labs/')).toEqual(expect.arrayContaining(['labs/race.json', 'labs/keys/race-key.pem']));
    expect(await keysUnder('labs/locks/')).toEqual([]);
    for (const m of [a, b]) expect(existsSync(path.join(m.cwd, '.aws-lab-setup'))).toBe(false);

    // The other machine (whichever lost) sees the lab, and its ssh-config gets the key 0600.
    const other = results[0].code === 1 ? a : b;
    other.env.AWS_LAB_SETUP_STATE = where('labs'); // the same as --state-dir
    const status = await run(other, ['status', '--name', lab]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/25\/25 resources/);
    const cfg = await run(other, ['ssh-config', '--name', lab]);
    expect(cfg.code, cfg.stderr).toBe(0);
    const keyFile = /IdentityFile\s+"?([^"\n]+)"?/.exec(cfg.stdout)![1];
    expect(keyFile.startsWith(other.home)).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const destroy = await run(other, ['destroy', '--yes', '--name', lab, '--state-dir', where('labs')]);
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(Object.values(await counts(moto.url, lab)).every((n) => n === 0)).toBe(true);
    expect(await keysUnder('labs/race.json')).toEqual(['labs/race.json.bak']);
    expect(await keysUnder('labs/keys/race-')).toEqual([]);
  }, 240_000);

  it('SIGKILL during up: the other machine is told who holds the lock and since when, takes it over once the lease has run out, and converges with no duplicate', async () => {
    const lease = { AWS_LAB_SETUP_LOCK_LEASE: '4' };
    const [a, b] = [machine(lease), machine(lease)];
    const lab = 'killed';
    const args = ['up', '--yes', '--name', lab, '--ssh-cidr', SSH, '--state-dir', where('labs')];
    const killed = await run(a, args, { killWhen: /✔ VPC .* created/ });
    expect(killed.signal).toBe('SIGKILL');
    const refused = await run(b, args);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(/lab "killed" is locked by .*running "up" since .*renewed \d+s ago, lease 4s/);
    await new Promise((r) => setTimeout(r, 4500));
    const again = await run(b, args, { timeoutMs: AFTER_KILL_MS });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/taking over the lock of lab "killed" from a run whose lease ran out/);
    expect(await counts(moto.url, lab)).toEqual(FULL);
    expect(await keysUnder('labs/locks/')).toEqual([]);
  }, AFTER_KILL_MS + 120_000);

  it('a lock left by a killed run is removed by hand with unlock (asked first; --yes skips), then up goes on', async () => {
    const [a, b] = [machine(), machine()];
    const lab = 'unlocked';
    const args = ['up', '--yes', '--name', lab, '--ssh-cidr', SSH, '--state-dir', where('labs')];
    // Killed after it took the lock and before it made anything (the plan is printed first).
    const killed = await run(a, args, { killWhen: /Plan|plan/ });
    expect(killed.signal).toBe('SIGKILL');
    expect(await keysUnder('labs/locks/')).toEqual(['labs/locks/unlocked.lock']);
    const noTerminal = await run(b, ['unlock', '--name', lab, '--state-dir', where('labs')]);
    expect(noTerminal.code).toBe(2);
    expect(await keysUnder('labs/locks/')).toEqual(['labs/locks/unlocked.lock']);
    const unlock = await run(b, ['unlock', '--yes', '--name', lab, '--state-dir', where('labs')]);
    expect(unlock.code, unlock.stderr).toBe(0);
    expect(unlock.stderr + unlock.stdout).toMatch(/locked by .*running "up"/);
    expect(await keysUnder('labs/locks/')).toEqual([]);
    const up = await run(b, args);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).not.toMatch(/taking over/);
    expect(await counts(moto.url, lab)).toEqual(FULL);
    expect((await run(b, ['destroy', '--yes', '--name', lab, '--state-dir', where('labs')])).code).toBe(0);
  }, 300_000);

  it('twenty commands from two machines, interleaved: every state write is made on the version it read (no lost update), and nothing is left after the last destroy', async () => {
    const [a, b] = [machine(), machine()];
    const lab = 'busy';
    const at = ['--name', lab, '--state-dir', where('shared')];
    // The commands that take the lab's lock wait for it; status takes none.
    const locking = [...at, '--wait-for-lock'];
    const up = ['up', '--yes', '--ssh-cidr', SSH, ...locking];
    const nat = ['destroy', '--nat-only', '--yes', ...locking];
    const status = ['status', ...at];
    const seqA = [up, nat, up, status, up, nat, up, status, up];
    const seqB = [status, up, nat, up, status, nat, up, status, up];
    const before = proxy.s3.length;
    const runAll = async (m: Machine, seq: string[][]) => {
      const out: CliResult[] = [];
      for (const args of seq) out.push(await run(m, args, { timeoutMs: 300_000 }));
      return out;
    };
    const all = (await Promise.all([runAll(a, seqA), runAll(b, seqB)])).flat();
    all.push(await run(b, status), await run(a, ['destroy', '--yes', ...locking]));
    expect(all).toHaveLength(20);
    for (const r of all) expect(r.code, r.stderr).toBe(0);
    expect(all.some((r) => /waiting for the run that holds lab "busy"/.test(r.stderr))).toBe(true);

    // The state's writes form one chain: each made on the ETag of the one before it.
    const writes = stateWrites(`shared/${lab}.json`).filter((_, i, list) => proxy.s3.indexOf(list[i]) >= before);
    expect(writes.length).toBeGreaterThan(20);
    let current: string | undefined;
    for (const w of writes) {
      if (w.status >= 300) continue;
      if (current === undefined) expect(w.ifNoneMatch, JSON.stringify(w)).toBe('*');
      else expect(w.ifMatch, JSON.stringify(w)).toBe(current);
      current = w.method === 'DELETE' ? undefined : w.etag;
    }
    expect(current).toBeUndefined(); // the last destroy removed it
    expect(Object.values(await counts(moto.url, lab)).every((n) => n === 0)).toBe(true);
    expect(await keysUnder('shared/locks/')).toEqual([]);
    expect(await keysUnder('shared/keys/')).toEqual([]);
  }, 900_000);

  it('a bucket without Block Public Access is refused in one line (exit 2), with nothing written and nothing created', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'open-bucket' }));
    const m = machine();
    const res = await run(m, ['up', '--yes', '--name', 'open', '--ssh-cidr', SSH, '--state-dir', 's3://open-bucket/labs']);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(/cannot keep the state in s3:\/\/open-bucket\/labs: the bucket open-bucket does not block public access/);
    expect(res.stderr).not.toMatch(/stack|Error:/);
    expect(await keysUnder('', 'open-bucket')).toEqual([]);
    expect(Object.values(await counts(moto.url, 'open')).every((n) => n === 0)).toBe(true);
  });

  it('the first lock write\'s answer lost: the SDK sends it again, gets 412 from our own lock, adopts it and finishes', async () => {
    const lossy = await startProxy(moto.url, { quotas: TEST_ACCOUNT_QUOTAS, dropFirstLockWrite: true });
    try {
      const m = machine();
      const lab = 'own-retry';
      const res = await run(m, ['up', '--yes', '--name', lab, '--ssh-cidr', SSH, '--state-dir', where('labs')], { url: lossy.url });
      expect(res.code, res.stderr).toBe(0);
      expect(lossy.served.dropped).toBe(1);
      const takes = lossy.s3.filter((c) => c.key === `labs/locks/${lab}.lock` && c.method === 'PUT' && c.ifNoneMatch === '*');
      expect(takes.map((c) => [c.status, Boolean(c.dropped)])).toEqual([[200, true], [412, false]]);
      expect(res.stderr).not.toMatch(/locked by|taking over/);
      expect(await keysUnder('labs/locks/')).toEqual([]);
      expect(await counts(moto.url, lab)).toEqual(FULL);
      const state = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `labs/${lab}.json` }))).Body!.transformToString());
      expect(state.resources.vpc.id).toMatch(/^vpc-/);
    } finally {
      await lossy.close();
    }
  }, 240_000);

  it('state move takes a local lab (state and key) to S3, where another machine carries on, and back', async () => {
    const [a, b] = [machine(), machine()];
    const lab = 'moved';
    const local = path.join(a.cwd, '.aws-lab-setup');
    const up = await run(a, ['up', '--yes', '--name', lab, '--ssh-cidr', SSH]);
    expect(up.code, up.stderr).toBe(0);
    expect(existsSync(path.join(local, 'moved-key.pem'))).toBe(true);
    const move = await run(a, ['state', 'move', '--to', where('moved')]);
    expect(move.code, move.stderr).toBe(0);
    expect(move.stdout).toMatch(/Moved 1 lab\(s\).*moved/);
    expect(await keysUnder('moved/')).toEqual(expect.arrayContaining(['moved/moved.json', 'moved/keys/moved-key.pem']));
    expect(existsSync(path.join(local, 'moved.json'))).toBe(false);
    expect(existsSync(path.join(local, 'moved-key.pem'))).toBe(false);
    // The other machine sees it whole (nothing to make), then brings it home to its own folder.
    const again = await run(b, ['up', '--yes', '--name', lab, '--state-dir', where('moved')]);
    expect(again.code, again.stderr).toBe(0);
    expect(await counts(moto.url, lab)).toEqual(FULL);
    const back = await run(b, ['state', 'move', '--state-dir', where('moved'), '--to', './mine']);
    expect(back.code, back.stderr).toBe(0);
    expect(statSync(path.join(b.cwd, 'mine', 'moved-key.pem')).mode & 0o777).toBe(0o600);
    expect(await keysUnder('moved/moved.json')).toEqual(['moved/moved.json.bak']);
    const destroy = await run(b, ['destroy', '--yes', '--name', lab, '--state-dir', './mine']);
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(Object.values(await counts(moto.url, lab)).every((n) => n === 0)).toBe(true);
  }, 240_000);

  it('a state location that cannot be made: one line naming it and why, exit 2, at once and before anything is created', async () => {
    const m = machine();
    const res = await run(m, ['up', '--yes', '--name', 'nowhere', '--ssh-cidr', SSH, '--state-dir', '/proc/aws-lab-setup-x'], { timeoutMs: 20_000 });
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(/cannot keep the state in \/proc\/aws-lab-setup-x: /);
    expect(res.stderr.trim().split('\n')).toHaveLength(2); // the line and its next step
    expect(Object.values(await counts(moto.url, 'nowhere')).every((n) => n === 0)).toBe(true);
  });

  it('a read-only file system: one line naming the folder and why, exit 2, nothing created (was: "unexpected error: ENOENT")', async () => {
    const m = machine();
    const ro = tempDir('lab-ro-');
    // A read-only mount of our own, in user and mount namespaces of our own.
    const script = `mount -t tmpfs -o ro tmpfs ${ro} && exec "${process.execPath}" "${BIN}" up --yes --name readonly --ssh-cidr ${SSH} --endpoint-url ${proxy.url} --state-dir ${ro}/state`;
    const res = await run_(['unshare', '--map-root-user', '--mount', '--propagation', 'private', 'sh', '-c', script], { cwd: m.cwd, env: m.env });
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(new RegExp(`cannot keep the state in ${ro}/state: the file system is read-only`));
    expect(Object.values(await counts(moto.url, 'readonly')).every((n) => n === 0)).toBe(true);
  });

  it('a class keeps its labs in S3 too: built on one machine (keys in its hand-outs), seen and removed from another', async () => {
    const a = machine();
    const b = machine();
    const roster = path.join(a.cwd, 'duo.csv');
    writeFileSync(roster, 'learner\nann\nben\n');
    const state = ['--state-dir', where('classes')];
    const built = await run(a, ['class', 'up', '--roster', roster, '--yes', '--until', 'web', '--ssh-cidr', SSH, ...state], { timeoutMs: 240_000 });
    expect(built.code, built.stderr).toBe(0);
    expect(await keysUnder('classes/')).toEqual(expect.arrayContaining(['classes/duo-ann.json', 'classes/duo-ben.json', 'classes/keys/duo-ann-key.pem']));
    // The key was made and kept in S3; the hand-out has a copy (0600) all the same.
    expect(statSync(path.join(a.cwd, 'duo', 'ann', 'duo-ann-key.pem')).mode & 0o777).toBe(0o600);
    // The other machine has no local state: the roster is all it shares.
    const rosterB = path.join(b.cwd, 'duo.csv');
    writeFileSync(rosterB, 'learner\nann\nben\n');
    const seen = await run(b, ['class', 'status', '--roster', rosterB, '--json', ...state]);
    expect(seen.code, seen.stderr).toBe(0);
    expect(seen.stdout).toMatch(/duo-ann/);
    const gone = await run(b, ['class', 'destroy', '--roster', rosterB, '--yes', ...state], { timeoutMs: 240_000 });
    expect(gone.code, gone.stderr).toBe(0);
    for (const lab of ['duo-ann', 'duo-ben']) expect(Object.values(await counts(moto.url, lab)).every((n) => n === 0), lab).toBe(true);
  }, 600_000);

  it('every S3 call the state made in these tests is allowed by `policy --state-dir` (the IAM evaluator), on that bucket and prefix, in the caller\'s own account only', async () => {
    const policy = await runCli(['policy', '--state-dir', where('labs')], { cwd: tempDir() });
    expect(policy.code, policy.stderr).toBe(0);
    const identityPolicy = JSON.parse(policy.stdout);
    const me = await new STSClient({ endpoint: moto.url, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } }).send(new GetCallerIdentityCommand({}));
    const as = { principal: awsCallerArn(me.Arn!), identityPolicy, account: me.Account! };
    // The calls on labs/ (state init's own calls on the bucket are its own statement, below).
    const calls = proxy.s3.filter((c) => c.bucket === BUCKET && (c.key.startsWith('labs/') || (c.query.includes('publicAccessBlock') && c.method === 'GET') || listedPrefix(c)?.startsWith('labs/')));
    expect(calls.length).toBeGreaterThan(50);
    const asked = distinct(calls.map((c) => s3IamRequest(c, me.Account!, me.Account!)));
    const verdicts = await Promise.all(asked.map((r) => evaluate(r, as)));
    expect(verdicts.filter((v) => v.result !== 'Allowed').map(describeVerdict)).toEqual([]);
    // The same calls on a bucket of that name in another account: none allowed.
    const elsewhere = await Promise.all(calls.map((c) => evaluate(s3IamRequest(c, '222222222222', me.Account!), { ...as, account: '222222222222' })));
    expect(elsewhere.filter((v) => v.result === 'Allowed').map(describeVerdict)).toEqual([]);
    const init = await runCli(['policy', '--state-dir', where('labs'), '--state-init'], { cwd: tempDir() });
    expect(JSON.parse(init.stdout).Statement.find((st: { Sid: string }) => st.Sid === 'LabStateInit').Action).toEqual(expect.arrayContaining(['s3:CreateBucket', 's3:PutBucketVersioning', 's3:PutLifecycleConfiguration']));
  });
});
