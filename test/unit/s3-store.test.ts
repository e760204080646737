import { DeleteObjectCommand, GetObjectCommand, GetPublicAccessBlockCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { LabError } from '../../src/engine/errors.js';
import { openLocation, StateStore } from '../../src/engine/state.js';
import { FolderLocation } from '../../src/engine/store/folder.js';
import { parseS3, type LockRecord } from '../../src/engine/store/location.js';
import { S3Location } from '../../src/engine/store/s3.js';
import { STATE_OBJECT_ACTIONS, statePolicy } from '../../src/lab/views/state-policy.js';

const s3 = mockClient(S3Client);
const awsErr = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
const body = (text: string) => ({ transformToString: async () => text }) as never;
const ALL_BLOCKED = { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } };

function location(lease = 60): S3Location {
  return new S3Location(new S3Client({ region: 'us-east-1' }), { bucket: 'team-state', prefix: 'labs' }, { owner: '123456789012', localDir: mkdtempSync(path.join(os.tmpdir(), 's3-local-')), lease });
}
const noTakeover = () => {
  throw new Error('no takeover expected');
};
const rejection = (p: Promise<unknown>) => p.then(() => expect.fail('expected a rejection'), (e: unknown) => e as LabError);
const puts = () => s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);

beforeEach(() => {
  s3.reset();
  s3.on(GetPublicAccessBlockCommand).resolves(ALL_BLOCKED);
});

describe('the S3 lock', () => {
  it('is taken with If-None-Match: *, encrypted, naming the run, and released with If-Match on its ETag', async () => {
    s3.on(PutObjectCommand).resolves({ ETag: '"l1"' });
    s3.on(DeleteObjectCommand).resolves({});
    const lock = await location().lock('lab1', { command: 'up', owner: async () => 'arn:aws:iam::123456789012:user/ana', onTakeover: noTakeover });
    const [put] = puts();
    expect(put.Key).toBe('labs/locks/lab1.lock');
    expect(put.IfNoneMatch).toBe('*');
    expect(put.ServerSideEncryption).toBe('AES256');
    const record = JSON.parse(put.Body as string) as LockRecord;
    expect(record).toMatchObject({ owner: 'arn:aws:iam::123456789012:user/ana', host: os.hostname(), pid: process.pid, command: 'up', leaseSeconds: 60 });
    expect(record.token).toMatch(/^[0-9a-f-]{36}$/);
    await lock.release();
    expect(s3.commandCalls(DeleteObjectCommand)[0].args[0].input).toMatchObject({ Key: 'labs/locks/lab1.lock', IfMatch: '"l1"' });
  });

  it('a 412 on our own resent write (our token in the lock) is ours: adopted, with its ETag', async () => {
    let sent = '';
    s3.on(PutObjectCommand).callsFake((input) => {
      sent = input.Body;
      throw awsErr('PreconditionFailed', 412);
    });
    s3.on(GetObjectCommand).callsFake(async () => ({ Body: body(sent), ETag: '"mine"', LastModified: new Date() }));
    s3.on(DeleteObjectCommand).resolves({});
    const lock = await location().lock('lab1', { command: 'up', onTakeover: noTakeover });
    lock.check();
    await lock.release();
    expect(s3.commandCalls(DeleteObjectCommand)[0].args[0].input.IfMatch).toBe('"mine"');
  });

  it("another run's live lock stops this one (exit 1) naming who, where, running what, since when", async () => {
    const holder: LockRecord = { token: 't-other', owner: 'arn:aws:sts::1:assumed-role/ci/job', host: 'ci-runner-7', pid: 4242, command: 'destroy', startedAt: '2026-03-01T09:00:00.000Z', leaseSeconds: 60 };
    s3.on(PutObjectCommand).rejects(awsErr('PreconditionFailed', 412));
    s3.on(GetObjectCommand).resolves({ Body: body(JSON.stringify(holder)), ETag: '"other"', LastModified: new Date(Date.now() - 5000) });
    const err = await rejection(location().lock('lab1', { command: 'up', onTakeover: noTakeover }));
    expect(err.code).toBe('Locked');
    expect(err.exitCode).toBe(1);
    for (const part of ['arn:aws:sts::1:assumed-role/ci/job', 'ci-runner-7', 'pid 4242', '"destroy"', '09:00 UTC', 'renewed 5s ago']) expect(err.message).toContain(part);
    expect(err.hint).toContain('unlock --name lab1 --state-dir s3://team-state/labs');
    expect(puts()).toHaveLength(1); // nothing but the refused take
  });

  it('a lock whose lease ran out is taken over with If-Match on its ETag, and the run is told', async () => {
    const holder: LockRecord = { token: 't-dead', host: 'laptop', pid: 7, command: 'up', startedAt: '2026-03-01T09:00:00.000Z', leaseSeconds: 10 };
    s3.on(PutObjectCommand, { IfNoneMatch: '*' }).rejects(awsErr('PreconditionFailed', 412));
    s3.on(PutObjectCommand, { IfMatch: '"dead"' }).resolves({ ETag: '"new"' });
    s3.on(GetObjectCommand).resolves({ Body: body(JSON.stringify(holder)), ETag: '"dead"', LastModified: new Date(Date.now() - 11_000) });
    const told: LockRecord[] = [];
    const lock = await location().lock('lab1', { command: 'up', onTakeover: (h) => told.push(h) });
    expect(told.map((h) => h.token)).toEqual(['t-dead']);
    expect(puts().at(-1)?.IfMatch).toBe('"dead"');
    s3.on(DeleteObjectCommand).resolves({});
    await lock.release();
  });

  it('two takers of one expired lock: the one refused (412) looks again and finds the winner live', async () => {
    const dead: LockRecord = { token: 't-dead', pid: 7, command: 'up', startedAt: 'then', leaseSeconds: 10 };
    const winner: LockRecord = { token: 't-win', host: 'other', pid: 8, command: 'up', startedAt: 'now', leaseSeconds: 10 };
    s3.on(PutObjectCommand).rejects(awsErr('PreconditionFailed', 412));
    s3.on(GetObjectCommand)
      .resolvesOnce({ Body: body(JSON.stringify(dead)), ETag: '"dead"', LastModified: new Date(Date.now() - 60_000) })
      .resolves({ Body: body(JSON.stringify(winner)), ETag: '"win"', LastModified: new Date() });
    const err = await rejection(location().lock('lab1', { command: 'up', onTakeover: noTakeover }));
    expect(err.code).toBe('Locked');
    expect(err.message).toContain('on other');
  });

  it('409 ConditionalRequestConflict is tried again', async () => {
    s3.on(PutObjectCommand).rejectsOnce(awsErr('ConditionalRequestConflict', 409)).rejectsOnce(awsErr('ConditionalRequestConflict', 409)).resolves({ ETag: '"l"' });
    const lock = await location().lock('lab1', { command: 'up', onTakeover: noTakeover });
    expect(puts()).toHaveLength(3);
    expect(puts().every((p) => p.IfNoneMatch === '*')).toBe(true);
    s3.on(DeleteObjectCommand).resolves({});
    await lock.release();
  });

  it('--wait waits for the holder to release instead of stopping', async () => {
    const holder: LockRecord = { token: 't-other', pid: 9, command: 'up', startedAt: 'now', leaseSeconds: 2 };
    s3.on(PutObjectCommand).rejectsOnce(awsErr('PreconditionFailed', 412)).resolves({ ETag: '"l"' });
    s3.on(GetObjectCommand).resolves({ Body: body(JSON.stringify(holder)), ETag: '"o"', LastModified: new Date() });
    const waited: LockRecord[] = [];
    const lock = await location(2).lock('lab1', { command: 'up', wait: true, onWait: (h) => waited.push(h), onTakeover: noTakeover });
    expect(waited).toHaveLength(1);
    s3.on(DeleteObjectCommand).resolves({});
    await lock.release();
  });

  it('a renewal refused (another run took the lock over) makes the next state write stop with LockLost', async () => {
    s3.on(PutObjectCommand, { IfNoneMatch: '*' }).resolves({ ETag: '"l1"' });
    s3.on(PutObjectCommand, { IfMatch: '"l1"' }).rejects(awsErr('PreconditionFailed', 412));
    s3.on(GetObjectCommand).rejects(awsErr('NoSuchKey', 404));
    const loc = location(2);
    const lock = await loc.lock('lab1', { command: 'up', onTakeover: noTakeover });
    await new Promise((r) => setTimeout(r, 700)); // a renewal every lease/4
    const err = await rejection(StateStore.open(loc, 'lab1', { guard: () => lock.check() }).then((st) => st.setId('vpc', 'vpc-1')));
    expect(err.code).toBe('LockLost');
    await lock.release();
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(0); // not ours to remove
  });
});

describe('the S3 state', () => {
  it('is written with If-None-Match first, then If-Match on the ETag it read, the previous kept as .bak', async () => {
    s3.on(GetObjectCommand).rejects(awsErr('NoSuchKey', 404));
    s3.on(PutObjectCommand).resolvesOnce({ ETag: '"v1"' }).resolves({ ETag: '"v2"' });
    const store = await StateStore.open(location(), 'lab1');
    await store.setId('vpc', 'vpc-1');
    await store.setId('subnet', 'subnet-1');
    const [first, bak, second] = puts();
    expect(first).toMatchObject({ Key: 'labs/lab1.json', IfNoneMatch: '*', ServerSideEncryption: 'AES256' });
    expect(bak).toMatchObject({ Key: 'labs/lab1.json.bak', Body: first.Body });
    expect(second).toMatchObject({ Key: 'labs/lab1.json', IfMatch: '"v1"' });
  });

  it('a 412 on a state write: another run wrote meanwhile, StateChanged (nothing overwritten); our own resent write is adopted', async () => {
    const other = JSON.stringify({ version: 1, lab: 'lab1', settings: {}, resources: {}, tokens: {}, createdAt: 'x', updatedAt: 'y' });
    s3.on(GetObjectCommand).resolvesOnce({ Body: body(other), ETag: '"v1"' }).resolves({ Body: body('{"by":"someone else"}'), ETag: '"v9"' });
    s3.on(PutObjectCommand).resolves({ ETag: '"bak"' });
    s3.on(PutObjectCommand, { Key: 'labs/lab1.json' }).rejects(awsErr('PreconditionFailed', 412));
    const store = await StateStore.open(location(), 'lab1');
    expect((await rejection(store.setId('vpc', 'vpc-1'))).code).toBe('StateChanged');

    s3.reset();
    let sent = '';
    s3.on(GetObjectCommand).resolvesOnce({ Body: body(other), ETag: '"v1"' }).callsFake(async () => ({ Body: body(sent), ETag: '"v2"' }));
    s3.on(PutObjectCommand).resolves({ ETag: '"bak"' });
    s3.on(PutObjectCommand, { Key: 'labs/lab1.json' }).callsFake((input) => {
      sent = input.Body;
      throw awsErr('PreconditionFailed', 412);
    });
    const again = await StateStore.open(location(), 'lab1');
    await again.setId('vpc', 'vpc-1'); // ours: no error
  });

  it('a bucket without Block Public Access is refused before anything is written (exit 2)', async () => {
    for (const answer of [awsErr('NoSuchPublicAccessBlockConfiguration', 404), { PublicAccessBlockConfiguration: { ...ALL_BLOCKED.PublicAccessBlockConfiguration, RestrictPublicBuckets: false } }]) {
      s3.reset();
      if (answer instanceof Error) s3.on(GetPublicAccessBlockCommand).rejects(answer);
      else s3.on(GetPublicAccessBlockCommand).resolves(answer);
      const err = await rejection(location().prepare());
      expect(err.code).toBe('StateUnwritable');
      expect(err.exitCode).toBe(2);
      expect(err.message).toContain('s3://team-state/labs');
      expect(err.message).toMatch(/does not block public access/);
      expect(puts()).toHaveLength(0);
    }
  });

  it('no bucket, or no permission: one line naming it, exit 2', async () => {
    s3.on(GetPublicAccessBlockCommand).rejects(awsErr('NoSuchBucket', 404));
    let err = await rejection(location().prepare());
    expect([err.code, err.exitCode]).toEqual(['StateUnwritable', 2]);
    expect(err.hint).toContain('state init');
    s3.on(GetPublicAccessBlockCommand).rejects(awsErr('AccessDenied', 403));
    err = await rejection(location().prepare());
    expect([err.code, err.exitCode]).toEqual(['StateUnwritable', 2]);
    expect(err.message).toContain('s3:GetBucketPublicAccessBlock');
  });

  it('keys are kept encrypted in the bucket; a local 0600 copy only when asked for', async () => {
    s3.on(PutObjectCommand).resolves({ ETag: '"k"' });
    const loc = location();
    await loc.saveKey('lab1-key', 'PRIVATE');
    expect(puts()[0]).toMatchObject({ Key: 'labs/keys/lab1-key.pem', ServerSideEncryption: 'AES256', Body: 'PRIVATE\n' });
    expect(existsSync(path.join(loc.localDir, 'lab1-key.pem'))).toBe(false);
    s3.on(GetObjectCommand).resolves({ Body: body('PRIVATE\n'), ETag: '"k"' });
    const file = await loc.keyFile('lab1-key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('state locations', () => {
  it('s3:// addresses are checked: a bad one is bad input', () => {
    expect(parseS3('s3://team-state/labs/')).toEqual({ bucket: 'team-state', prefix: 'labs' });
    expect(parseS3('s3://team-state')).toEqual({ bucket: 'team-state', prefix: '' });
    expect(parseS3('./here')).toBeUndefined();
    for (const bad of ['s3://', 's3://UPPER/x', 's3://ab/x', 's3://team-state/../x']) expect(() => parseS3(bad), bad).toThrow(/not an S3 address/);
  });

  it('a folder that cannot be made: one line naming it and why, exit 2, at once (not Node\'s endless mkdir on /proc)', async () => {
    const started = Date.now();
    let err = await rejection(new FolderLocation('/proc/aws-lab-x/y').prepare());
    expect([err.code, err.exitCode]).toEqual(['StateUnwritable', 2]);
    expect(err.message).toContain('/proc/aws-lab-x/y');
    expect(Date.now() - started).toBeLessThan(5000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'in-the-way-'));
    writeFileSync(path.join(dir, 'file'), '');
    err = await rejection(new FolderLocation(path.join(dir, 'file', 'state')).prepare());
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/is a file, in the way/);
  });

  it('a folder lock held by a live run: --wait waits for it, told once, and then takes it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wait-'));
    const folder = new FolderLocation(dir);
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    await new Promise((r) => holder.once('spawn', r));
    writeFileSync(path.join(dir, 'lab.lock'), JSON.stringify({ pid: holder.pid, startedAt: 'now', command: 'up' }));
    const waited: LockRecord[] = [];
    const second = folder.lock('lab', { command: 'destroy', wait: true, onWait: (h) => waited.push(h), onTakeover: noTakeover });
    await new Promise((r) => setTimeout(r, 1500));
    expect(waited.map((h) => h.command)).toEqual(['up']);
    holder.kill();
    rmSync(path.join(dir, 'lab.lock')); // its run ended
    await (await second).release();
    expect(existsSync(path.join(dir, 'lab.lock'))).toBe(false);
  });

  it('openLocation: a folder without any S3 client; s3:// makes its client only then', async () => {
    let made = 0;
    const deps = { s3: async () => (made++, new S3Client({ region: 'us-east-1' })), bucketOwner: async () => '123456789012' };
    expect((await openLocation('./x', deps)).where).toBe('./x');
    expect(made).toBe(0);
    expect((await openLocation('s3://team-state/a/b', deps)).where).toBe('s3://team-state/a/b');
    expect(made).toBe(1);
  });

  it('policy --state-dir: exactly the S3 calls on that bucket and prefix', () => {
    const st = statePolicy('s3://team-state/labs');
    expect(st.find((s) => s.Sid === 'LabStateObjects')).toMatchObject({ Action: STATE_OBJECT_ACTIONS, Resource: 'arn:aws:s3:::team-state/labs/*' });
    expect(st.find((s) => s.Sid === 'LabStateList')).toMatchObject({ Action: ['s3:ListBucket'], Resource: 'arn:aws:s3:::team-state', Condition: { StringLike: { 's3:prefix': ['labs/*'] } } });
    expect(st.some((s) => s.Sid === 'LabStateInit')).toBe(false);
    expect(statePolicy('s3://team-state/labs', { init: true }).find((s) => s.Sid === 'LabStateInit')?.Action).toContain('s3:CreateBucket');
    expect(statePolicy('./folder')).toEqual([]);
  });
});
