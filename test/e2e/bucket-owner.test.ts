/**
 * Issue 25 item 6, end to end against moto (through the test proxy, which answers
 * ExpectedBucketOwner as S3 does: support/bucket-owner.ts): a state bucket in another
 * account — a mistyped or re-registered name — is refused with exit 1 and nothing written;
 * the caller's own bucket works as before; and the printed state policy, by the IAM
 * evaluator the project uses, allows every S3 call the state made on the caller's own
 * bucket and none on the same bucket in another account.
 */
import { CreateBucketCommand, ListObjectsV2Command, PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2At, labWorld } from './support/aws.js';
import { labEnv, runCli, tempDir, type CliResult } from './support/cli.js';
import { awsCallerArn, describeVerdict, distinct, evaluate } from './support/iam-requests.js';
import { startMoto, TEST_ACCOUNT_QUOTAS, type Moto } from './support/moto.js';
import { startProxy, type Proxy } from './support/proxy.js';
import { initActionOf, s3IamRequest } from './support/s3-requests.js';

const SSH = '198.51.100.7/32';
const OTHER = '222222222222';
const OWN_BUCKET = 'own-labs';
const THEIR_BUCKET = 'their-labs';
const creds = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const s3With = (url: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => new S3Client({ endpoint: url, forcePathStyle: true, region: 'us-east-1', credentials });

describe('a state bucket must belong to the expected account (moto, two accounts)', () => {
  let moto: Moto;
  let proxy: Proxy;
  let account: string;
  let caller: string;
  let theirs: S3Client;
  const cwd = tempDir('bucket-owner-');
  const env = labEnv({ HOME: tempDir('bucket-owner-home-') });
  const run = (args: string[], timeoutMs = 120_000): Promise<CliResult> => runCli([...args, '--endpoint-url', proxy.url], { cwd, env, timeoutMs });
  const objectsIn = async (bucket: string) => ((await theirs.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key!);
  const nothingBuilt = async (lab: string) => Object.values(await labWorld(ec2At(moto.url), lab)).every((list) => list.length === 0);

  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startProxy(moto.url, { quotas: TEST_ACCOUNT_QUOTAS });
    const sts = new STSClient({ endpoint: moto.url, region: 'us-east-1', credentials: creds });
    const me = await sts.send(new GetCallerIdentityCommand({}));
    account = me.Account!;
    caller = awsCallerArn(me.Arn!);
    // Another account's bucket, set up as a careful owner would (Block Public Access on):
    // the old check (public access blocked) passes, and only the owner tells it apart.
    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${OTHER}:role/OrganizationAccountAccessRole`, RoleSessionName: 'other-account' }));
    theirs = s3With(moto.url, { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! });
    expect((await new STSClient({ endpoint: moto.url, region: 'us-east-1', credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! } }).send(new GetCallerIdentityCommand({}))).Account).toBe(OTHER);
    await theirs.send(new CreateBucketCommand({ Bucket: THEIR_BUCKET }));
    await theirs.send(new PutPublicAccessBlockCommand({ Bucket: THEIR_BUCKET, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }));
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    await moto?.stop();
  });

  it('up into a bucket of another account: one line saying so and what to do, exit 1, nothing written to it and nothing built; status and ssh-config are refused the same', async () => {
    const up = await run(['up', '--yes', '--name', 'stray', '--ssh-cidr', SSH, '--state-dir', `s3://${THEIR_BUCKET}/labs`]);
    expect(up.code, up.stderr).toBe(1);
    expect(up.stderr).toMatch(new RegExp(`refusing to keep the state in s3://${THEIR_BUCKET}/labs: the bucket ${THEIR_BUCKET} belongs to another account than ${account}`));
    expect(up.stderr).toMatch(/--state-bucket-owner ACCOUNT/);
    expect(up.stderr.trim().split('\n')).toHaveLength(2); // the line and its next step
    expect(up.stderr).not.toMatch(/stack|Error:/);
    expect(await objectsIn(THEIR_BUCKET)).toEqual([]);
    expect(await nothingBuilt('stray')).toBe(true);
    // Every call that reached for it named the owner and was refused, but the probe (a read of its settings).
    const calls = proxy.s3.filter((c) => c.bucket === THEIR_BUCKET);
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
    for (const command of [['status'], ['ssh-config']]) {
      const res = await run([...command, '--name', 'stray', '--state-dir', `s3://${THEIR_BUCKET}/labs`]);
      expect(res.code, `${command}: ${res.stderr}`).toBe(1);
      expect(res.stderr).toMatch(/belongs to another account than/);
    }
    expect(await objectsIn(THEIR_BUCKET)).toEqual([]);
    expect(existsSync(path.join(cwd, '.aws-lab-setup'))).toBe(false);
  });

  it('--state-bucket-owner names the account the bucket is meant to be in (and is bad input, exit 2, when it is no account ID)', async () => {
    const named = await run(['status', '--name', 'stray', '--state-dir', `s3://${THEIR_BUCKET}/labs`, '--state-bucket-owner', OTHER]);
    expect(named.code, named.stderr).toBe(0);
    const mine = await run(['status', '--name', 'stray', '--state-dir', `s3://${THEIR_BUCKET}/labs`, '--state-bucket-owner', account]);
    expect(mine.code, mine.stderr).toBe(1);
    const bad = await run(['up', '--yes', '--name', 'stray', '--ssh-cidr', SSH, '--state-dir', `s3://${THEIR_BUCKET}/labs`, '--state-bucket-owner', '12345']);
    expect(bad.code, bad.stderr).toBe(2);
    expect(bad.stderr).toMatch(/--state-bucket-owner "12345" is not an AWS account ID/);
    expect(bad.stderr).toMatch(/12 digits/);
    expect(await objectsIn(THEIR_BUCKET)).toEqual([]);
    expect(await nothingBuilt('stray')).toBe(true);
  });

  it('state init on a name another account holds is refused as before (exit 2), its bucket left as it was', async () => {
    const init = await run(['state', 'init', `s3://${THEIR_BUCKET}/labs`]);
    expect(init.code, init.stderr).toBe(2);
    expect(init.stderr).toMatch(new RegExp(`the bucket name ${THEIR_BUCKET} is taken by another account`));
    expect(await objectsIn(THEIR_BUCKET)).toEqual([]);
  });

  it('the caller\'s own bucket works as before; the printed state policy allows each of its calls (IAM evaluator) and none on a bucket of that name in another account', async () => {
    const before = proxy.s3.length;
    const where = `s3://${OWN_BUCKET}/labs`;
    for (const args of [
      ['state', 'init', where],
      ['up', '--yes', '--name', 'own', '--ssh-cidr', SSH, '--until', 'network', '--state-dir', where],
      ['status', '--name', 'own', '--state-dir', where],
      ['destroy', '--yes', '--name', 'own', '--state-dir', where],
      ['state', 'move', '--state-dir', where, '--to', './back'], // lists the labs there (none left)
    ]) {
      const res = await run(args);
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(0);
    }
    expect(await nothingBuilt('own')).toBe(true);
    const calls = proxy.s3.slice(before).filter((c) => c.bucket === OWN_BUCKET);
    expect(calls.every((c) => c.status < 500)).toBe(true);
    expect(calls.filter((c) => c.status === 403)).toEqual([]);

    const printed = await runCli(['policy', '--state-dir', where, '--state-init'], { cwd: tempDir() });
    expect(printed.code, printed.stderr).toBe(0);
    const identityPolicy = JSON.parse(printed.stdout);
    const asked = distinct(calls.map((c) => s3IamRequest(c, account, account)));
    // The runs reached every kind of call the policy is about (else this could not fail on them).
    for (const action of ['s3:CreateBucket', 's3:PutBucketVersioning', 's3:PutLifecycleConfiguration', 's3:GetBucketPublicAccessBlock', 's3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket']) {
      expect(asked.some((r) => r.action === action), action).toBe(true);
    }
    const own = await Promise.all(asked.map((r) => evaluate(r, { principal: caller, identityPolicy, account })));
    expect(own.filter((v) => v.result !== 'Allowed').map(describeVerdict)).toEqual([]);

    // The same calls on a bucket of that name in another account whose bucket policy invites
    // the caller's account (the review's re-registered bucket): each refused by the policy itself.
    const invites = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 's3:*', Resource: [`arn:aws:s3:::${OWN_BUCKET}`, `arn:aws:s3:::${OWN_BUCKET}/*`] }],
    };
    const elsewhere = await Promise.all(calls.map((c) => evaluate(s3IamRequest(c, OTHER, account), { principal: caller, identityPolicy, resourcePolicy: invites, account: OTHER })));
    expect(elsewhere.filter((v) => v.result === 'Allowed').map(describeVerdict)).toEqual([]);

    // Named with --state-bucket-owner, the other account's bucket is the one allowed (its bucket policy inviting the caller, as cross-account access needs).
    const named = await runCli(['policy', '--state-dir', where, '--state-bucket-owner', OTHER], { cwd: tempDir() });
    expect(named.code, named.stderr).toBe(0);
    const store = calls.filter((c) => !initActionOf(c));
    const there = await Promise.all(store.map((c) => evaluate(s3IamRequest(c, OTHER, account), { principal: caller, identityPolicy: JSON.parse(named.stdout), resourcePolicy: invites, account: OTHER })));
    expect(there.filter((v) => v.result !== 'Allowed').map(describeVerdict)).toEqual([]);
    const bad = await runCli(['policy', '--state-dir', where, '--state-bucket-owner', 'x1'], { cwd: tempDir() });
    expect(bad.code).toBe(2);
  }, 240_000);
});
