/**
 * Issue 25: the expiry's role carries the one permissions boundary. A role from before it
 * (no boundary) is a finding of the kind's check; `up` puts the boundary on with credentials
 * that may (an administrator's), and otherwise stops and names the one command that does.
 */
import { CreateRoleCommand, PutRolePermissionsBoundaryCommand } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { boundaryPolicy, labPolicy } from '../../src/lab/views/policy.js';
import { createHarness, labErrorOf, type Harness } from '../support/drive.js';
import { ACCOUNT } from '../support/fake-expiry.js';
import { awsError } from '../support/fake-ec2.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ROLE = 'aws-lab-setup-aws-lab-us-east-1';
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/aws-lab-setup-expiry-boundary`;

describe('the expiry role\'s boundary', () => {
  it('a role without it (made before issue 25) is given it by up, when the credentials may', async () => {
    h = createHarness();
    await h.up();
    expect(h.fake.expiry.roles.get(ROLE)!.PermissionsBoundary?.PermissionsBoundaryArn).toBe(BOUNDARY);
    delete h.fake.expiry.roles.get(ROLE)!.PermissionsBoundary;
    await h.up();
    expect(h.fake.expiry.roles.get(ROLE)!.PermissionsBoundary?.PermissionsBoundaryArn).toBe(BOUNDARY);
    expect(h.stdout() + h.stderr()).toContain('given the permissions boundary aws-lab-setup-expiry-boundary');
  });

  it('with credentials that may not (the printed policy): exit 1, and the administrator\'s command named', async () => {
    h = createHarness();
    await h.up();
    delete h.fake.expiry.roles.get(ROLE)!.PermissionsBoundary;
    const send = h.fake.iam.send.bind(h.fake.iam) as (...a: unknown[]) => Promise<unknown>;
    (h.fake.iam as { send: unknown }).send = (cmd: unknown, ...rest: unknown[]) =>
      cmd instanceof PutRolePermissionsBoundaryCommand ? Promise.reject(awsError('AccessDenied', 'not authorized to perform: iam:PutRolePermissionsBoundary', 403)) : send(cmd, ...rest);
    const err = await labErrorOf(h.up());
    expect(err.exitCode).toBe(1);
    expect(err.message).toContain(`the IAM role "${ROLE}" was made before roles had a permissions boundary`);
    expect(err.hint).toContain(`aws iam put-role-permissions-boundary --role-name ${ROLE} --permissions-boundary ${BOUNDARY}`);
    expect(h.fake.expiry.roles.get(ROLE)!.PermissionsBoundary).toBeUndefined();
  });
});

describe('an account without the boundary policy', () => {
  it('up stops with the administrator\'s one-time commands; the role is not made', async () => {
    h = createHarness();
    const send = h.fake.iam.send.bind(h.fake.iam) as (...a: unknown[]) => Promise<unknown>;
    (h.fake.iam as { send: unknown }).send = (cmd: unknown, ...rest: unknown[]) =>
      cmd instanceof CreateRoleCommand ? Promise.reject(awsError('NoSuchEntity', `Scheduled for deletion or policy ${BOUNDARY} does not exist`, 404)) : send(cmd, ...rest);
    const err = await labErrorOf(h.up());
    expect(err.message).toContain(`the permissions boundary ${BOUNDARY}`);
    expect(err.hint).toContain('aws-lab-setup policy --boundary');
    expect(h.fake.expiry.roles.has(ROLE)).toBe(false);
  });
});

describe('policy --boundary and --region', () => {
  it('the boundary allows the expiry\'s two calls, on what the tool tagged, and nothing else', () => {
    const [st, ...more] = boundaryPolicy().Statement;
    expect(more).toEqual([]);
    expect(st).toMatchObject({ Effect: 'Allow', Action: ['ec2:StopInstances', 'ec2:DeleteNatGateway'], Condition: { StringEquals: { 'ec2:ResourceTag/ManagedBy': 'aws-lab-setup' } } });
  });

  it('--region pins every EC2 and Scheduler change to the region; look-ups stay everywhere', () => {
    const doc = labPolicy({ region: 'eu-west-1' });
    const changes = doc.Statement.filter((s) => s.Effect === 'Allow' && [s.Action].flat().some((a) => /^(ec2|scheduler):/.test(a)) && s.Sid !== 'LookUp');
    expect(changes.length).toBeGreaterThan(4);
    for (const s of changes) expect(s.Condition?.StringEquals?.['aws:RequestedRegion'], s.Sid).toBe('eu-west-1');
    expect(doc.Statement.find((s) => s.Sid === 'LookUp')?.Condition).toBeUndefined();
    expect(JSON.stringify(doc).replace(/\s/g, '').length).toBeLessThanOrEqual(6144);
  });

  it('grants no boundary or trust change, and no role call without the boundary', () => {
    const doc = labPolicy();
    const granted = doc.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Action].flat());
    for (const a of ['iam:PutRolePermissionsBoundary', 'iam:DeleteRolePermissionsBoundary', 'iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy']) expect(granted).not.toContain(a);
    const withBoundary = doc.Statement.find((s) => [s.Action].flat().includes('iam:CreateRole'))!;
    expect([withBoundary.Action].flat().sort()).toEqual(['iam:CreateRole', 'iam:DeleteRolePolicy', 'iam:PutRolePolicy']);
    expect(withBoundary.Condition?.StringEquals?.['iam:PermissionsBoundary']).toMatch(/:policy\/aws-lab-setup-expiry-boundary$/);
  });
});
