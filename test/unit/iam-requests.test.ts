/**
 * The model the IAM evaluator test (test/e2e/iam-policy.test.ts) stands on: recorded
 * requests turned into the IAM requests AWS authorizes, checked on hand-made requests.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, iamRequestsOf, UNNAMED } from '../e2e/support/iam-requests.js';
import type { RecordedRequest } from '../e2e/support/recorded.js';
import { labPolicy } from '../../src/lab/views/policy.js';

const ACCOUNT = '123456789012';
const call = (iamAction: string, params: Record<string, unknown>, status = 200): RecordedRequest => ({ iamAction, region: 'us-east-1', params, status });
const ROLE = 'aws-lab-setup-lab-us-east-1';

describe('recorded requests as IAM requests', () => {
  it('a role is named without its path until it is made, with it after, and without it again once deleted', async () => {
    const requests = await iamRequestsOf(
      [
        call('iam:GetRole', { RoleName: ROLE }, 404),
        call('iam:CreateRole', { RoleName: ROLE, Path: '/aws-lab-setup/', 'Tags.member.1.Key': 'ManagedBy', 'Tags.member.1.Value': 'aws-lab-setup' }),
        call('iam:GetRole', { RoleName: ROLE }),
        call('iam:DeleteRole', { RoleName: ROLE }),
        call('iam:GetRole', { RoleName: ROLE }, 404),
      ],
      ACCOUNT,
    );
    expect(requests.filter((r) => r.action === 'iam:GetRole').map((r) => r.resource)).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/${ROLE}`,
      `arn:aws:iam::${ACCOUNT}:role/aws-lab-setup/${ROLE}`,
      `arn:aws:iam::${ACCOUNT}:role/${ROLE}`,
    ]);
    // Tags on create are an iam:TagRole; both forms of a role being made are asked.
    expect(requests.filter((r) => r.action === 'iam:TagRole').map((r) => r.resource)).toEqual([`arn:aws:iam::${ACCOUNT}:role/aws-lab-setup/${ROLE}`, `arn:aws:iam::${ACCOUNT}:role/${ROLE}`]);
  });

  it('a create with TagSpecifications is also an ec2:CreateTags with ec2:CreateAction, and the resources it names are authorized', async () => {
    const requests = await iamRequestsOf(
      [call('ec2:RunInstances', { ImageId: 'ami-0123456789abcdef0', SubnetId: 'subnet-12345678', 'SecurityGroupId.1': 'sg-12345678', KeyName: 'lab-key', 'TagSpecification.1.ResourceType': 'instance', 'TagSpecification.1.Tag.1.Key': 'Name', 'TagSpecification.1.Tag.1.Value': 'web' })],
      ACCOUNT,
    );
    const resources = requests.filter((r) => r.action === 'ec2:RunInstances').map((r) => r.resource);
    expect(resources).toEqual(
      expect.arrayContaining([
        'arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0',
        `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-12345678`,
        `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-12345678`,
        `arn:aws:ec2:us-east-1:${ACCOUNT}:key-pair/lab-key`,
        `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${UNNAMED}`,
        `arn:aws:ec2:us-east-1:${ACCOUNT}:network-interface/${UNNAMED}`,
      ]),
    );
    expect(requests.find((r) => r.action === 'ec2:CreateTags')).toMatchObject({ resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${UNNAMED}`, context: { 'ec2:CreateAction': 'RunInstances', 'aws:TagKeys': ['Name'] } });
  });

  it('a schedule passes its role to Scheduler: iam:PassRole with iam:PassedToService', async () => {
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/aws-lab-setup/${ROLE}`;
    const requests = await iamRequestsOf([call('scheduler:CreateSchedule', { Name: 'nat', GroupName: 'aws-lab-setup-lab', Target: { RoleArn: roleArn } })], ACCOUNT);
    expect(requests).toMatchObject([
      { action: 'scheduler:CreateSchedule', resource: `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/aws-lab-setup-lab/nat` },
      { action: 'iam:PassRole', resource: roleArn, context: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    ]);
  });

  it('the evaluator holds the printed policy to the ARN: another role, another schedule group, denied', async () => {
    const as = { principal: `arn:aws:iam::${ACCOUNT}:user/u`, identityPolicy: labPolicy(), account: ACCOUNT };
    const result = async (action: string, resource: string) => (await evaluate({ action, resource, context: {}, why: 'test' }, as)).result;
    expect(await result('iam:GetRole', `arn:aws:iam::${ACCOUNT}:role/${ROLE}`)).toBe('Allowed');
    expect(await result('iam:DeleteRole', `arn:aws:iam::${ACCOUNT}:role/aws-lab-setup/${ROLE}`)).toBe('Allowed');
    expect(await result('iam:DeleteRole', `arn:aws:iam::${ACCOUNT}:role/${ROLE}`)).toBe('ImplicitlyDenied');
    expect(await result('iam:PutRolePolicy', `arn:aws:iam::${ACCOUNT}:role/Admin`)).toBe('ImplicitlyDenied');
    expect(await result('scheduler:DeleteScheduleGroup', `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule-group/other`)).toBe('ImplicitlyDenied');
  });
});
