/**
 * Issue #10: the lab expires inside AWS. `up` arms EventBridge Scheduler schedules that
 * delete the NAT gateway and stop the servers, run as an IAM role made for the lab and
 * allowed only that; a rerun keeps the time, `--expires-in` moves it, `never` removes it
 * all, `destroy` leaves nothing of it. Driven through the fake EC2 and the fake
 * Scheduler/IAM/STS (test/support/fake-expiry.ts), on aws-sdk-client-mock.
 */
import { DeleteNatGatewayCommand } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAtExpression, parseExpiresIn, resolveExpiresAt } from '../../src/lab/core/expiry-time.js';
import { createHarness, expectFullLab, labErrorOf, type Harness } from '../support/drive.js';
import { ACCOUNT } from '../support/fake-expiry.js';
import type { Words } from '../../src/engine/errors.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ROLE = 'aws-lab-setup-aws-lab-us-east-1';
const GROUP = 'aws-lab-setup-aws-lab';
const HOUR = 3_600_000;

function expiryOf(h: Harness) {
  const x = h.fake.expiry;
  const role = x.roles.get(ROLE);
  const nat = x.schedules.get(`${GROUP}/nat`);
  const servers = x.schedules.get(`${GROUP}/servers`);
  return { x, role, nat, servers, policy: role && JSON.parse(role.policies.get('expiry') ?? 'null') };
}

describe('the expiry as up makes it', () => {
  it('arms one-time schedules in the lab\'s group: delete the NAT gateway, stop both servers, at now + 8 h', async () => {
    h = createHarness();
    const before = Date.now();
    await h.up();
    const lab = expectFullLab(h.fake);
    const { x, nat, servers, role } = expiryOf(h);
    expect([...x.groups.keys()]).toEqual([GROUP]);
    expect(x.groups.get(GROUP)!.Tags).toContainEqual({ Key: 'aws-lab-setup:lab', Value: 'aws-lab' });
    expect([...x.schedules.keys()].sort()).toEqual([`${GROUP}/nat`, `${GROUP}/servers`]);
    for (const s of [nat!, servers!]) {
      expect(s.ScheduleExpression).toMatch(/^at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\)$/);
      expect(s.ScheduleExpressionTimezone).toBe('UTC');
      expect(s.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
      expect(s.ActionAfterCompletion).toBe('DELETE');
      expect(s.Target.RoleArn).toBe(role!.Arn);
      const at = Date.parse(parseAtExpression(s.ScheduleExpression)!);
      expect(at).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 8 * HOUR);
      expect(at).toBeLessThanOrEqual(Date.now() + 8 * HOUR);
    }
    expect(nat!.Target.Arn).toBe('arn:aws:scheduler:::aws-sdk:ec2:deleteNatGateway');
    expect(JSON.parse(nat!.Target.Input!)).toEqual({ NatGatewayId: lab.nat.NatGatewayId });
    expect(servers!.Target.Arn).toBe('arn:aws:scheduler:::aws-sdk:ec2:stopInstances');
    expect(JSON.parse(servers!.Target.Input!)).toEqual({ InstanceIds: [lab.web.InstanceId, lab.db.InstanceId] });
    // The time is saved, so that a rerun keeps it.
    const saved = h.readStateJson().settings as { expiresIn?: string; expiresAt?: string };
    expect(saved.expiresIn).toBe('8h');
    expect(parseAtExpression(nat!.ScheduleExpression)).toBe(saved.expiresAt);
    // The end of up says when, and what keeps billing.
    expect(h.stdout()).toMatch(/Expires at \d\d:\d\d UTC \(in 8 h 0 m\)|Expires at \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 8 h 0 m\)/);
    expect(h.stdout()).toMatch(/delete the NAT gateway and stop the web and DB servers/);
    expect(h.stdout()).toMatch(/2 × public IPv4 address and 16 GB of volumes keep billing: \$0\.0118\/h ≈ \$8\.58\/month/);
  });

  it('runs them as a role trusting only Scheduler of this account, allowed only those two actions on the lab\'s own resources', async () => {
    h = createHarness();
    await h.up();
    const lab = expectFullLab(h.fake);
    const { role, policy } = expiryOf(h);
    expect(role!.Path).toBe('/aws-lab-setup/');
    expect(role!.Tags).toEqual(expect.arrayContaining([
      { Key: 'ManagedBy', Value: 'aws-lab-setup' },
      { Key: 'aws-lab-setup:lab', Value: 'aws-lab' },
    ]));
    expect(JSON.parse(decodeURIComponent(role!.AssumeRolePolicyDocument))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule-group/aws-lab-setup-aws-lab` } },
        },
      ],
    });
    // Made with the one boundary: no inline policy it is given can make it more than the expiry.
    expect(role!.PermissionsBoundary?.PermissionsBoundaryArn).toBe(`arn:aws:iam::${ACCOUNT}:policy/aws-lab-setup-expiry-boundary`);
    const arn = (type: string, id: string) => `arn:aws:ec2:us-east-1:${ACCOUNT}:${type}/${id}`;
    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'StopTheLabServers', Effect: 'Allow', Action: 'ec2:StopInstances', Resource: [arn('instance', lab.web.InstanceId!), arn('instance', lab.db.InstanceId!)] },
        { Sid: 'DeleteTheLabNat', Effect: 'Allow', Action: 'ec2:DeleteNatGateway', Resource: arn('natgateway', lab.nat.NatGatewayId!) },
      ],
    });
    // Nothing but the lab's role and policy in IAM.
    expect([...h.fake.expiry.roles.keys()]).toEqual([ROLE]);
    expect([...role!.policies.keys()]).toEqual(['expiry']);
  });

  it('a second up changes nothing of it', async () => {
    h = createHarness();
    await h.up();
    const before = h.fake.expiry.calls.length;
    await h.up();
    const second = h.fake.expiry.calls.slice(before).map((c) => c.name);
    expect(second.filter((n) => !/^Get/.test(n))).toEqual([]);
    expect(second.sort()).toEqual(['GetRole', 'GetRolePolicy', 'GetSchedule', 'GetSchedule', 'GetScheduleGroup']);
  });

  it('waits, with backoff, while Scheduler refuses a role IAM has not spread yet', async () => {
    h = createHarness({ fake: { expiry: { roleNotReadyFor: 3 } } });
    await h.up();
    const creates = h.fake.expiry.calls.filter((c) => c.name === 'CreateSchedule');
    expect(creates.length).toBe(2 + 3); // two schedules, three refusals between them
    expect(h.fake.expiry.schedules.size).toBe(2);
    expect(h.stderr()).toMatch(/not usable by Scheduler yet/);
  });

  it('makes nothing twice when answers are lost: Scheduler\'s ClientToken, and IAM found by name', async () => {
    h = createHarness();
    h.fake.expiry.loseAnswer('CreateRole', 'CreateScheduleGroup', 'CreateSchedule', 'PutRolePolicy');
    await h.up();
    const x = h.fake.expiry;
    expect([x.roles.size, x.groups.size, x.schedules.size]).toEqual([1, 1, 2]);
    // Each was sent again (or looked up) and answered as done.
    expect(x.calls.filter((c) => c.name === 'CreateSchedule').length).toBeGreaterThanOrEqual(3);
    const tokens = x.calls.filter((c) => c.name === 'CreateSchedule').map((c) => `${c.input.Name}:${c.input.ClientToken}`);
    expect(new Set(tokens).size).toBe(2); // the resend carried the same token
  });

  it('declares the actions its resources call, for the preflight', async () => {
    const { LAB } = await import('../../src/lab/chapters/lab.js');
    const actions = LAB.filter((r) => ['IamRole', 'IamRolePolicy', 'ScheduleGroup', 'Schedule'].includes(r.kind)).flatMap((r) => r.actions ?? []);
    for (const a of ['scheduler:CreateSchedule', 'scheduler:CreateScheduleGroup', 'iam:CreateRole', 'iam:PassRole', 'iam:PutRolePolicy', 'iam:DeleteRole', 'scheduler:DeleteScheduleGroup']) {
      expect(actions).toContain(a);
    }
  });
});

describe('after the expiry, and moving it', () => {
  it('up restores a lab whose NAT gateway the schedule deleted, and re-arms for the new ID', async () => {
    h = createHarness();
    await h.up();
    const { nat } = expiryOf(h);
    // What the schedule would do: the same call with its Input; then it deletes itself.
    await h.fake.ec2.send(new DeleteNatGatewayCommand(JSON.parse(nat!.Target.Input!)));
    h.fake.expiry.schedules.delete(`${GROUP}/nat`);
    h.clock.advance(120_000);
    await h.up();
    const lab = expectFullLab(h.fake);
    const after = expiryOf(h);
    expect(JSON.parse(after.nat!.Target.Input!)).toEqual({ NatGatewayId: lab.nat.NatGatewayId });
    expect(JSON.parse(nat!.Target.Input!).NatGatewayId).not.toBe(lab.nat.NatGatewayId);
    expect(after.policy.Statement[1].Resource).toBe(`arn:aws:ec2:us-east-1:${ACCOUNT}:natgateway/${lab.nat.NatGatewayId}`);
    // The time did not pass here: the saved one stands.
    expect(after.nat!.ScheduleExpression).toBe(nat!.ScheduleExpression);
  });

  it('a rerun after the expiry passed arms it again at now + the saved duration', async () => {
    h = createHarness();
    await h.up({ expiresIn: '4h' });
    // Make the saved time lie in the past, as on the morning after.
    const file = h.stateFile();
    const { readFileSync, writeFileSync } = await import('node:fs');
    const state = JSON.parse(readFileSync(file, 'utf8'));
    state.settings.expiresAt = new Date(Date.now() - HOUR).toISOString();
    writeFileSync(file, JSON.stringify(state));
    const before = Date.now();
    await h.up();
    const at = Date.parse(parseAtExpression(expiryOf(h).nat!.ScheduleExpression)!);
    expect(at).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 4 * HOUR);
    expect(at).toBeLessThanOrEqual(Date.now() + 4 * HOUR);
  });

  it('--expires-in moves the time (UpdateSchedule, nothing made twice); never removes schedules, group and role', async () => {
    h = createHarness();
    await h.up();
    const first = expiryOf(h).nat!.ScheduleExpression;
    const before = h.fake.expiry.calls.length;
    await h.up({ expiresIn: '2d' });
    const moved = expiryOf(h);
    expect(moved.nat!.ScheduleExpression).not.toBe(first);
    expect(Date.parse(parseAtExpression(moved.servers!.ScheduleExpression)!)).toBeGreaterThan(Date.now() + 47 * HOUR);
    expect(h.fake.expiry.mutatingCalls().slice(h.fake.expiry.mutatingCalls().length - 2)).toEqual(['UpdateSchedule', 'UpdateSchedule']);
    expect(h.fake.expiry.calls.slice(before).filter((c) => /^Create/.test(c.name))).toEqual([]);
    expect((h.readStateJson().settings as { expiresIn: string }).expiresIn).toBe('2d');

    await h.up({ expiresIn: 'never' });
    const x = h.fake.expiry;
    expect([x.schedules.size, x.groups.size, x.roles.size]).toEqual([0, 0, 0]);
    expect(h.stdout()).toMatch(/No expiry: the lab bills \$0\.0776\/h/);
    const state = h.readStateJson();
    expect(Object.keys(state.resources).filter((k) => /expiry|Expiry/.test(k))).toEqual([]);
    // And a rerun keeps it so, asking nothing of Scheduler but whether anything is there.
    await h.up();
    expect(x.schedules.size + x.groups.size + x.roles.size).toBe(0);
  });

  it('refuses a bad --expires-in before anything is made, naming it and what is accepted', async () => {
    for (const bad of ['8', '3w', '5m', '90d', 'soon', '-1h']) {
      h = createHarness();
      const err = await labErrorOf(h.up({ expiresIn: bad }));
      expect(err.exitCode, bad).toBe(2);
      expect(err.message).toContain(`"${bad}"`);
      expect(err.hint).toMatch(/90m, 4h or 2d.*never/);
      expect(h.fake.mutatingCalls()).toEqual([]);
      expect(h.fake.expiry.mutatingCalls()).toEqual([]);
      await h.close();
      h = undefined;
    }
  });

  it('refuses to adopt an IAM role of the same name that is not the lab\'s', async () => {
    h = createHarness();
    const { CreateRoleCommand } = await import('@aws-sdk/client-iam');
    await h.fake.iam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: '{}' }));
    const err = await labErrorOf(h.up());
    expect(err.message).toMatch(/already exists and is not this lab's/);
    expect(err.exitCode).toBe(2);
    // Nor is it changed, or removed by `never` or destroy.
    await h.up({ expiresIn: 'never' });
    await h.destroy();
    expect(JSON.parse(decodeURIComponent(h.fake.expiry.roles.get(ROLE)!.AssumeRolePolicyDocument))).toEqual({});
  });
});

describe('destroy', () => {
  it('leaves no schedule, group, role or policy; schedules before their group, the policy before the role', async () => {
    h = createHarness();
    await h.up();
    const before = h.fake.expiry.calls.length;
    await h.destroy();
    const x = h.fake.expiry;
    expect([x.schedules.size, x.groups.size, x.roles.size]).toEqual([0, 0, 0]);
    const order = x.calls.slice(before).map((c) => c.name).filter((n) => n.startsWith('Delete'));
    expect(order.indexOf('DeleteSchedule')).toBeLessThan(order.indexOf('DeleteScheduleGroup'));
    expect(order.lastIndexOf('DeleteSchedule')).toBeLessThan(order.indexOf('DeleteScheduleGroup'));
    expect(order.indexOf('DeleteRolePolicy')).toBeLessThan(order.indexOf('DeleteRole'));
  });
});

describe('expiry times', () => {
  it('reads 90m, 4h, 2d and never; refuses anything else', () => {
    expect(parseExpiresIn('90m')).toBe(90 * 60_000);
    expect(parseExpiresIn('4h')).toBe(4 * HOUR);
    expect(parseExpiresIn('2d')).toBe(48 * HOUR);
    expect(parseExpiresIn('never')).toBeUndefined();
    for (const bad of ['', '4', 'h', '4 h', '1.5h', '9m', '31d', 'forever']) expect(() => parseExpiresIn(bad), bad).toThrow(/not accepted/);
  });

  it('keeps a saved time still ahead; moves it when the flag is given or the time has passed', () => {
    const now = Date.parse('2026-11-29T10:00:00.000Z');
    const ahead = '2026-11-29T15:00:00.000Z';
    expect(resolveExpiresAt('8h', false, ahead, now)).toBe(ahead);
    expect(resolveExpiresAt('8h', true, ahead, now)).toBe('2026-11-29T18:00:00.000Z');
    expect(resolveExpiresAt('8h', false, '2026-11-29T09:00:00.000Z', now)).toBe('2026-11-29T18:00:00.000Z');
    expect(resolveExpiresAt('8h', false, undefined, now)).toBe('2026-11-29T18:00:00.000Z');
    expect(resolveExpiresAt('never', false, ahead, now)).toBeUndefined();
  });
});

describe('the NAT the expiry acts on (the seam for --nat instance, issue #9)', () => {
  it('deletes a NAT gateway; stops a NAT instance when the lab has one and the settings want it', async () => {
    const { natTarget } = await import('../../src/lab/chapters/expiry.js');
    const stub = (key: string, wanted?: (ctx: any) => boolean) => ({ key, kind: 'X', chapter: 4, dependsOn: [], actions: [], label: (): Words => ['res_vpc', key], find: async () => undefined, create: async () => ({ id: key, attrs: {} }), delete: async () => {}, wanted });
    const ctx = (nat: string) => ({ settings: { nat } }) as any;
    const gatewayOnly = [stub('natGateway')];
    expect(natTarget(gatewayOnly, ctx('gateway')).api).toBe('ec2:deleteNatGateway');
    const both = [stub('natGateway', (c) => c.settings.nat !== 'instance'), stub('natInstance', (c) => c.settings.nat === 'instance')];
    expect(natTarget(both, ctx('instance'))).toMatchObject({ key: 'natInstance', api: 'ec2:stopInstances', iamAction: 'ec2:StopInstances' });
    expect(natTarget(both, ctx('gateway'))).toMatchObject({ key: 'natGateway', api: 'ec2:deleteNatGateway' });
  });
});

describe('a lab without expiry', () => {
  it('needs no IAM or Scheduler rights: a refused look counts as nothing there', async () => {
    h = createHarness();
    const { IAMServiceException } = await import('@aws-sdk/client-iam');
    const { SchedulerServiceException } = await import('@aws-sdk/client-scheduler');
    const denied = (Base: any) => Object.assign(new Base({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'not authorized' }), { Code: 'AccessDenied' });
    const { GetRoleCommand } = await import('@aws-sdk/client-iam');
    const { GetScheduleGroupCommand } = await import('@aws-sdk/client-scheduler');
    const { mockClient } = await import('aws-sdk-client-mock');
    // The fake's stubs are class-level: a later stub for the look-ups wins.
    mockClient(h.fake.iam).on(GetRoleCommand).rejects(denied(IAMServiceException));
    mockClient(h.fake.scheduler).on(GetScheduleGroupCommand).rejects(denied(SchedulerServiceException));
    await h.up({ expiresIn: 'never' });
    expectFullLab(h.fake);
    await h.destroy();
    // With an expiry wanted, the same refusal stops up, with the reason and what to do.
    const { translate } = await import('../../src/aws/errors.js');
    const err = translate(await h.up({ expiresIn: '4h' }).then(() => undefined, (e: unknown) => e));
    expect(err.message).toMatch(/may not do this/);
    expect(err.hint).toMatch(/iam:PassRole/);
  });
});

describe('with a NAT instance (--nat instance)', () => {
  it('the NAT schedule stops the NAT instance, and the role may stop it too (and delete no NAT gateway)', async () => {
    h = createHarness();
    await h.up({ nat: 'instance' });
    const { nat, servers, policy } = expiryOf(h);
    const state = h.readStateJson();
    const natInstanceId = state.resources.natInstance!.id;
    expect(nat!.Target.Arn).toBe('arn:aws:scheduler:::aws-sdk:ec2:stopInstances');
    expect(JSON.parse(nat!.Target.Input!)).toEqual({ InstanceIds: [natInstanceId] });
    expect(JSON.parse(servers!.Target.Input!).InstanceIds).toEqual([state.resources.webInstance!.id, state.resources.dbInstance!.id]);
    const arn = (id: string) => `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${id}`;
    expect(policy.Statement).toEqual([
      { Sid: 'StopTheLabServers', Effect: 'Allow', Action: 'ec2:StopInstances', Resource: [arn(state.resources.webInstance!.id), arn(state.resources.dbInstance!.id), arn(natInstanceId)] },
    ]);
    expect(h.stdout()).toMatch(/AWS will stop the NAT instance and stop the web and DB servers/);
  });
});
