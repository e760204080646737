import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, ListRolesCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { ListScheduleGroupsCommand, ListTagsForResourceCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import { taggedWithClass } from '../../src/class/sweep.js';
import type { Target } from '../../src/class/targets.js';

const creds = { accessKeyId: 'a', secretAccessKey: 'b' };
const tags = (lab: string | undefined, klass: string) => [{ Key: 'ManagedBy', Value: 'aws-lab-setup' }, ...(lab ? [{ Key: 'aws-lab-setup:lab', Value: lab }] : []), { Key: 'aws-lab-setup:class', Value: klass }];

describe("class destroy's sweep: what is still tagged with the class", () => {
  it('finds the expiry\'s schedule groups and IAM roles of the class in the target\'s region (IAM is global: roles end with their region), across pages', async () => {
    const ec2 = new EC2Client({ region: 'us-east-1', credentials: creds });
    mockClient(ec2).onAnyCommand().resolves({});
    const scheduler = new SchedulerClient({ region: 'us-east-1', credentials: creds });
    const s = mockClient(scheduler);
    s.on(ListScheduleGroupsCommand).resolves({ ScheduleGroups: [{ Name: 'aws-lab-setup-w1-ann', Arn: 'arn:g1', State: 'ACTIVE' }, { Name: 'aws-lab-setup-w2-bob', Arn: 'arn:g2', State: 'ACTIVE' }], NextToken: 'p2' });
    s.on(ListScheduleGroupsCommand, { NextToken: 'p2' }).resolves({ ScheduleGroups: [{ Name: 'aws-lab-setup-w1-old', Arn: 'arn:g3', State: 'ACTIVE' }, { Name: 'aws-lab-setup-w1-gone', Arn: 'arn:g4', State: 'DELETING' }] });
    s.on(ListTagsForResourceCommand, { ResourceArn: 'arn:g1' }).resolves({ Tags: tags('w1-ann', 'w1') });
    s.on(ListTagsForResourceCommand, { ResourceArn: 'arn:g2' }).resolves({ Tags: tags('w2-bob', 'w2') });
    s.on(ListTagsForResourceCommand, { ResourceArn: 'arn:g3' }).resolves({ Tags: tags(undefined, 'w1') });
    const iam = new IAMClient({ region: 'us-east-1', credentials: creds });
    const i = mockClient(iam);
    i.on(ListRolesCommand).resolves({
      Roles: [
        { RoleName: 'aws-lab-setup-w1-ann-us-east-1' },
        { RoleName: 'aws-lab-setup-w1-ann-eu-west-1' },
        { RoleName: 'aws-lab-setup-w2-bob-us-east-1' },
      ] as never,
    });
    i.on(ListRoleTagsCommand, { RoleName: 'aws-lab-setup-w1-ann-us-east-1' }).resolves({ Tags: tags('w1-ann', 'w1') as never });
    i.on(ListRoleTagsCommand, { RoleName: 'aws-lab-setup-w2-bob-us-east-1' }).resolves({ Tags: tags('w2-bob', 'w2') as never });
    const t = { id: '123456789012/us-east-1', region: 'us-east-1', clients: { ec2, scheduler, iam } as unknown as AwsClients } as Target;
    const found = await taggedWithClass(t, 'w1');
    expect(found.map((x) => [x.kind, x.id, x.lab])).toEqual([
      ['scheduleGroups', 'aws-lab-setup-w1-ann', 'w1-ann'],
      ['scheduleGroups', 'aws-lab-setup-w1-old', undefined],
      ['iamRoles', 'aws-lab-setup-w1-ann-us-east-1', 'w1-ann'],
    ]);
    // The eu-west-1 role is another target's: never asked about here.
    expect(i.commandCalls(ListRoleTagsCommand).map((c) => c.args[0].input.RoleName)).not.toContain('aws-lab-setup-w1-ann-eu-west-1');
    expect(i.commandCalls(ListRolesCommand)[0].args[0].input).toMatchObject({ PathPrefix: '/aws-lab-setup/' });
  });
});
