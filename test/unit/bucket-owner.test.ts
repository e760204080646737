/**
 * Issue 25 item 6: a state in S3 is kept only in a bucket of the expected account (the
 * caller's, or --state-bucket-owner's): ExpectedBucketOwner on every S3 call the store and
 * `state init` make, a bucket of another account refused in one line (exit 1) with nothing
 * written, and the printed state policy holding only on that account's bucket.
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketLifecycleConfigurationCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  ListObjectsV2Command,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { locationDeps, validateCommonFlags } from '../../src/cli/session.js';
import { LabError } from '../../src/engine/errors.js';
import { StateStore } from '../../src/engine/state.js';
import { initBucket } from '../../src/engine/store/s3-init.js';
import { S3Location } from '../../src/engine/store/s3.js';
import { statePolicy } from '../../src/lab/views/state-policy.js';

const s3 = mockClient(S3Client);
const OWNER = '111122223333';
const awsErr = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
const body = (text: string) => ({ transformToString: async () => text }) as never;
const ALL_BLOCKED = { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } };
const rejection = (p: Promise<unknown>) => p.then(() => expect.fail('expected a rejection'), (e: unknown) => e as LabError);
const noTakeover = () => {
  throw new Error('no takeover expected');
};

/** Each S3 call sent, by command name, with its input. */
const sent = () => s3.calls().map((c) => ({ command: (c.args[0] as object).constructor.name, input: (c.args[0] as unknown as { input: Record<string, unknown> }).input }));

function location(owner: string | (() => Promise<string>) = OWNER): S3Location {
  return new S3Location(new S3Client({ region: 'us-east-1' }), { bucket: 'team-state', prefix: 'labs' }, { owner, localDir: mkdtempSync(path.join(os.tmpdir(), 's3-owner-')), lease: 60 });
}

beforeEach(() => s3.reset());

describe('every S3 call the state makes names the bucket\'s owner', () => {
  it('a lab\'s whole life in S3 (check, lock, state writes, list, key, discard, set aside, unlock): each call carries ExpectedBucketOwner, the caller\'s account asked once', async () => {
    const objects = new Map<string, string>();
    s3.on(GetPublicAccessBlockCommand).resolves(ALL_BLOCKED);
    s3.on(PutObjectCommand).callsFake((input) => {
      objects.set(input.Key, input.Body);
      return { ETag: `"${objects.size}"` };
    });
    s3.on(GetObjectCommand).callsFake((input) => {
      if (!objects.has(input.Key)) throw awsErr('NoSuchKey', 404);
      return { Body: body(objects.get(input.Key)!), ETag: `"${objects.size}"`, LastModified: new Date() };
    });
    s3.on(DeleteObjectCommand).callsFake((input) => (objects.delete(input.Key), {}));
    s3.on(ListObjectsV2Command).callsFake(() => ({ Contents: [...objects.keys()].map((Key) => ({ Key })) }));
    let asked = 0;
    const loc = location(async () => (asked++, OWNER));

    await loc.prepare();
    const lock = await loc.lock('lab1', { command: 'up', onTakeover: noTakeover });
    const state = await StateStore.open(loc, 'lab1');
    await state.setId('vpc', 'vpc-1');
    await state.setId('subnet', 'subnet-1');
    await state.saveKey('lab1-key', 'PRIVATE');
    expect(await loc.hasKey('lab1-key')).toBe(true);
    await loc.keyFile('lab1-key');
    expect(await loc.labs()).toEqual(['lab1']);
    await state.removeKey('lab1-key');
    await state.discard();
    await lock.release();
    await loc.setAside('lab1');
    const other = await loc.lock('lab2', { command: 'up', onTakeover: noTakeover });
    const held = await loc.lockOf('lab2');
    await loc.unlock('lab2', held!.version);
    await other.release();

    const calls = sent();
    expect(new Set(calls.map((c) => c.command))).toEqual(new Set(['GetPublicAccessBlockCommand', 'PutObjectCommand', 'GetObjectCommand', 'DeleteObjectCommand', 'ListObjectsV2Command']));
    const without = calls.filter((c) => c.input.ExpectedBucketOwner !== OWNER || c.input.Bucket !== 'team-state');
    expect(without).toEqual([]);
    expect(asked).toBe(1);
  });

  it('state init: every call that takes it carries it (CreateBucket takes none: a name another account holds answers BucketAlreadyExists)', async () => {
    s3.on(CreateBucketCommand).resolves({});
    s3.on(GetBucketLifecycleConfigurationCommand).rejects(awsErr('NoSuchLifecycleConfiguration', 404));
    await initBucket(new S3Client({ region: 'us-east-1' }), { bucket: 'team-state', prefix: 'labs' }, 'us-east-1', OWNER);
    const calls = sent();
    for (const c of [PutPublicAccessBlockCommand, PutBucketVersioningCommand, PutBucketEncryptionCommand, GetBucketLifecycleConfigurationCommand, PutBucketLifecycleConfigurationCommand]) {
      expect(calls.filter((x) => x.command === c.name).map((x) => x.input.ExpectedBucketOwner), c.name).toEqual([OWNER]);
    }
    expect(calls.filter((c) => c.command !== 'CreateBucketCommand').every((c) => c.input.ExpectedBucketOwner === OWNER)).toBe(true);
  });
});

describe('a bucket of another account', () => {
  /** S3 as AWS answers: 403 to a call naming another owner; answered when the owner is not named (the probe). */
  function foreignBucket() {
    const refuseNamed = (input: { ExpectedBucketOwner?: string }) => {
      if (input.ExpectedBucketOwner) throw awsErr('AccessDenied', 403);
    };
    s3.on(GetPublicAccessBlockCommand).callsFake((input) => (refuseNamed(input), ALL_BLOCKED));
    s3.on(GetObjectCommand).callsFake((input) => (refuseNamed(input), { Body: body('{}'), ETag: '"x"' }));
    s3.on(PutObjectCommand).callsFake((input) => (refuseNamed(input), { ETag: '"x"' }));
    s3.on(ListObjectsV2Command).callsFake((input) => (refuseNamed(input), { Contents: [] }));
  }

  it('reading a lab, checking the bucket, taking the lock, listing: one line saying whose it is not and what to do, exit 1, and nothing written', async () => {
    foreignBucket();
    for (const attempt of [(l: S3Location) => l.read('lab1'), (l: S3Location) => l.prepare(), (l: S3Location) => l.lock('lab1', { command: 'up', onTakeover: noTakeover }), (l: S3Location) => l.labs()]) {
      const err = await rejection(attempt(location()));
      expect([err.code, err.exitCode], String(err)).toEqual(["BucketNotOwned", 1]);
      expect(err.message).toMatch(/s3:\/\/team-state\/labs: the bucket team-state belongs to another account than 111122223333/);
      expect(err.message.split('\n')).toHaveLength(1);
      expect(err.hint).toMatch(/--state-bucket-owner/);
    }
    // The only calls without the owner are the probes, and they are reads of the bucket's settings.
    expect(sent().filter((c) => !c.input.ExpectedBucketOwner).map((c) => c.command)).toEqual(Array(4).fill('GetPublicAccessBlockCommand'));
    expect(sent().filter((c) => c.command === 'PutObjectCommand' && !c.input.ExpectedBucketOwner)).toEqual([]);
    expect(s3.commandCalls(PutObjectCommand).every((c) => c.args[0].input.ExpectedBucketOwner === OWNER)).toBe(true);
  });

  it('the owner\'s own bucket refusing one call (a permission missing) is not called another account\'s: exit 2, naming the call', async () => {
    s3.on(GetPublicAccessBlockCommand).resolves(ALL_BLOCKED);
    s3.on(GetObjectCommand).rejects(awsErr('AccessDenied', 403));
    const err = await rejection(location().read('lab1'));
    expect([err.code, err.exitCode]).toEqual(['StateUnwritable', 2]);
    expect(err.message).toMatch(/access denied to/);
    // The probe asked with the owner first, and was answered: the bucket is the owner's.
    expect(s3.commandCalls(GetPublicAccessBlockCommand).map((c) => c.args[0].input.ExpectedBucketOwner)).toEqual([OWNER]);
  });

  it('a refusal that is a missing permission (the probe refused too) stays that: exit 2, naming the call, the owner flag in the next step', async () => {
    s3.on(GetPublicAccessBlockCommand).rejects(awsErr('AccessDenied', 403));
    const err = await rejection(location().prepare());
    expect([err.code, err.exitCode]).toEqual(['StateUnwritable', 2]);
    expect(err.message).toContain('s3:GetBucketPublicAccessBlock');
    expect(err.hint).toMatch(/policy --state-dir s3:\/\/team-state\/labs.*--state-bucket-owner/);
  });
});

describe('--state-bucket-owner and the printed policy', () => {
  it('the caller\'s account is asked of the command\'s own STS client where it has made its clients (check --vpc --key, destroy --vpc)', async () => {
    const asked: unknown[] = [];
    const sts = { send: async (c: unknown) => (asked.push(c), { Account: OWNER }) };
    const deps = locationDeps({ stateDir: 's3://team-state/labs' }, undefined, sts as never);
    expect(await deps.bucketOwner()).toBe(OWNER);
    expect(asked.map((c) => (c as object).constructor.name)).toEqual(['GetCallerIdentityCommand']);
    expect(await locationDeps({ stateDir: 's3://team-state/labs', stateBucketOwner: '444455556666' }, undefined, sts as never).bucketOwner()).toBe('444455556666');
    expect(asked).toHaveLength(1);
  });

  it('a value that is not 12 digits is bad input (exit 2) naming it and what is taken', () => {
    for (const bad of ['12345', '1111222233334', 'abcdefghijkl', '']) {
      let err: LabError | undefined;
      try {
        validateCommonFlags({ stateBucketOwner: bad });
      } catch (e) {
        err = e as LabError;
      }
      expect([err?.code, err?.exitCode], bad).toEqual(['BadInput', 2]);
      expect(err!.message).toContain(`--state-bucket-owner "${bad}" is not an AWS account ID`);
      expect(err!.hint).toMatch(/12 digits/);
    }
    expect(() => validateCommonFlags({ stateBucketOwner: OWNER })).not.toThrow();
  });

  it('every statement of the state policy holds only on a bucket of the holder\'s own account, or of the named owner', () => {
    const own = statePolicy('s3://team-state/labs', { init: true });
    expect(own.map((s) => s.Sid)).toEqual(['LabStateObjects', 'LabStateList', 'LabStateBucketCheck', 'LabStateInit']);
    for (const st of own) expect(st.Condition?.StringEquals, st.Sid).toEqual({ 's3:ResourceAccount': ['${aws:PrincipalAccount}'] });
    expect(own.find((s) => s.Sid === 'LabStateList')?.Condition?.StringLike).toEqual({ 's3:prefix': ['labs/*'] });
    for (const st of statePolicy('s3://team-state', { owner: OWNER })) expect(st.Condition?.StringEquals).toEqual({ 's3:ResourceAccount': [OWNER] });
    expect(() => statePolicy('s3://team-state', { owner: 'nope' })).toThrow(/not an AWS account ID/);
  });
});
