/**
 * Issue #10 end to end against moto, which serves Scheduler, IAM and STS but never fires a
 * schedule: the test carries a schedule's action out by hand (the same API call with the
 * schedule's Input), as AWS would at the time.
 */
import { DeleteNatGatewayCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import {
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListScheduleGroupsCommand,
  ListSchedulesCommand,
  SchedulerClient,
  type GetScheduleCommandOutput,
} from '@aws-sdk/client-scheduler';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byResource, ec2At, labWorld } from './support/aws.js';
import { AFTER_KILL_MS, runCli, tempDir } from './support/cli.js';
import { startMoto, useMoto, type Moto } from './support/moto.js';
import { mutating, startProxy, type Proxy } from './support/proxy.js';

const SSH = '198.51.100.7/32';
const ACCOUNT = '123456789012';
const HOUR = 3_600_000;
const creds = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const schedulerAt = (url: string) => new SchedulerClient({ endpoint: url, region: 'us-east-1', credentials: creds });
const iamAt = (url: string) => new IAMClient({ endpoint: url, region: 'us-east-1', credentials: creds });
const group = (lab: string) => `aws-lab-setup-${lab}`;
const roleName = (lab: string) => `aws-lab-setup-${lab}-us-east-1`;

/** The time of an at() expression, as epoch ms. */
const atOf = (s: GetScheduleCommandOutput) => Date.parse(`${/^at\((.+)\)$/.exec(s.ScheduleExpression ?? '')![1]}Z`);

async function schedules(url: string, lab: string) {
  const scheduler = schedulerAt(url);
  const get = (Name: string) => scheduler.send(new GetScheduleCommand({ Name, GroupName: group(lab) }));
  return { nat: await get('nat'), servers: await get('servers') };
}

/** How many of each expiry resource exist for the lab, as AWS (moto) lists them. */
async function expiryCounts(url: string, lab: string) {
  const scheduler = schedulerAt(url);
  const groups = (await scheduler.send(new ListScheduleGroupsCommand({ NamePrefix: group(lab) }))).ScheduleGroups ?? [];
  const inGroup = groups.length ? ((await scheduler.send(new ListSchedulesCommand({ GroupName: group(lab) }))).Schedules ?? []) : [];
  const roles = ((await iamAt(url).send(new ListRolesCommand({ PathPrefix: '/aws-lab-setup/' }))).Roles ?? []).filter((r) => r.RoleName === roleName(lab));
  return { groups: groups.filter((g) => g.Name === group(lab)).length, schedules: inGroup.length, roles: roles.length };
}

describe('the lab expires inside AWS (against moto)', () => {
  let moto: Moto;
  let proxy: Proxy;
  const cwd = tempDir();
  const lab = 'e2e-expiry';
  const args = (cmd: string, ...more: string[]) => [cmd, '--yes', '--name', lab, '--endpoint-url', proxy.url, ...more];
  const stateFile = () => path.join(cwd, '.aws-lab-setup', `${lab}.json`);

  beforeAll(async () => {
    moto = await startMoto();
    // AWS refuses a role IAM has not spread yet; moto never does: the proxy does, once.
    proxy = await startProxy(moto.url, { roleNotReadyFor: 1 });
  });
  afterAll(async () => {
    await proxy?.close();
    await moto?.stop();
  });

  it('up --expires-in 4h arms the schedules with the right targets, inputs and time, run as the lab\'s role', async () => {
    const before = Date.now();
    const res = await runCli(args('up', '--ssh-cidr', SSH, '--expires-in', '4h'), { cwd, timeoutMs: 90_000 });
    expect(res.code, res.stderr).toBe(0);
    expect(proxy.served.roleRefused).toBe(1);
    expect(res.stderr).toMatch(/not usable by Scheduler yet/);

    const w = await labWorld(ec2At(moto.url), lab);
    const nat = byResource(w.natGateways, 'natGateway');
    const web = byResource(w.instances, 'webInstance');
    const db = byResource(w.instances, 'dbInstance');
    const { nat: natSchedule, servers } = await schedules(moto.url, lab);
    const { Role: role } = await iamAt(moto.url).send(new GetRoleCommand({ RoleName: roleName(lab) }));
    for (const s of [natSchedule, servers]) {
      expect(s.FlexibleTimeWindow?.Mode).toBe('OFF');
      expect(s.ActionAfterCompletion).toBe('DELETE');
      expect(s.ScheduleExpressionTimezone).toBe('UTC');
      expect(s.Target?.RoleArn).toBe(role!.Arn);
      expect(atOf(s)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 4 * HOUR);
      expect(atOf(s)).toBeLessThanOrEqual(Date.now() + 4 * HOUR);
    }
    expect(natSchedule.Target?.Arn).toBe('arn:aws:scheduler:::aws-sdk:ec2:deleteNatGateway');
    expect(JSON.parse(natSchedule.Target!.Input!)).toEqual({ NatGatewayId: nat.NatGatewayId });
    expect(servers.Target?.Arn).toBe('arn:aws:scheduler:::aws-sdk:ec2:stopInstances');
    expect(JSON.parse(servers.Target!.Input!)).toEqual({ InstanceIds: [web.InstanceId, db.InstanceId] });

    // The role: trusts only Scheduler of this account, tagged for the lab, allowed only
    // the two actions on only the lab's NAT gateway and servers.
    expect(role!.Tags).toEqual(expect.arrayContaining([{ Key: 'aws-lab-setup:lab', Value: lab }, { Key: 'ManagedBy', Value: 'aws-lab-setup' }]));
    expect(JSON.parse(decodeURIComponent(role!.AssumeRolePolicyDocument!))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Action: 'sts:AssumeRole',
          // Issue 25: and only for the lab's own schedule group.
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule-group/aws-lab-setup-${lab}` } },
        },
      ],
    });
    // Made with the one boundary (issue 25), and moto says so: a rerun finds nothing to put right.
    expect(role!.PermissionsBoundary?.PermissionsBoundaryArn).toBe(`arn:aws:iam::${ACCOUNT}:policy/aws-lab-setup-expiry-boundary`);
    const policy = await iamAt(moto.url).send(new GetRolePolicyCommand({ RoleName: roleName(lab), PolicyName: 'expiry' }));
    const arn = (type: string, id: string) => `arn:aws:ec2:us-east-1:${ACCOUNT}:${type}/${id}`;
    expect(JSON.parse(decodeURIComponent(policy.PolicyDocument!)).Statement).toEqual([
      { Sid: 'StopTheLabServers', Effect: 'Allow', Action: 'ec2:StopInstances', Resource: [arn('instance', web.InstanceId!), arn('instance', db.InstanceId!)] },
      { Sid: 'DeleteTheLabNat', Effect: 'Allow', Action: 'ec2:DeleteNatGateway', Resource: arn('natgateway', nat.NatGatewayId!) },
    ]);
    expect(await expiryCounts(moto.url, lab)).toEqual({ groups: 1, schedules: 2, roles: 1 });

    // The end of up says when, and what keeps billing.
    expect(res.stdout).toMatch(/Expires at [^\n]*UTC \(in 4 h 0 m\):\s+AWS\s+will\s+delete\s+the\s+NAT\s+gateway\s+and\s+stop\s+the\s+web\s+and\s+DB\s+servers/);
    expect(res.stdout).toMatch(/only 2 × public IPv4 address and 16 GB of volumes keep billing: \$0\.0118\/h ≈ \$8\.58\/month/);
    const status = await runCli(['status', '--name', lab, '--endpoint-url', proxy.url], { cwd });
    expect(status.stdout).toMatch(/Expires at \d\d:\d\d UTC \(in (3 h 59 m|4 h 0 m)\)|Expires at \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in (3 h 59 m|4 h 0 m)\)/);
    expect(status.stdout).toMatch(/25\/25 resources/);
  });

  it('a second up makes no mutating call', async () => {
    proxy.actions.length = 0;
    const res = await runCli(args('up'), { cwd });
    expect(res.code, res.stderr).toBe(0);
    expect(mutating(proxy.actions)).toEqual([]);
  });

  it('after the schedules\' actions are carried out, status says what still bills, and up restores the lab and re-arms', async () => {
    // Through the proxy: it frees the deleted NAT gateway's address, as AWS does and moto does not.
    const ec2 = ec2At(proxy.url);
    const { nat: natSchedule, servers } = await schedules(moto.url, lab);
    const oldNat = JSON.parse(natSchedule.Target!.Input!).NatGatewayId;
    // What AWS does at the time: the same API calls with the schedules' Input, then
    // each schedule deletes itself (ActionAfterCompletion DELETE).
    await ec2.send(new DeleteNatGatewayCommand(JSON.parse(natSchedule.Target!.Input!)));
    await ec2.send(new StopInstancesCommand(JSON.parse(servers.Target!.Input!)));
    const scheduler = schedulerAt(moto.url);
    for (const Name of ['nat', 'servers']) await scheduler.send(new DeleteScheduleCommand({ Name, GroupName: group(lab) }));
    // And the time has passed.
    const state = JSON.parse(readFileSync(stateFile(), 'utf8'));
    state.settings.expiresAt = new Date(Date.now() - HOUR).toISOString();
    writeFileSync(stateFile(), JSON.stringify(state));

    const status = await runCli(['status', '--name', lab, '--endpoint-url', proxy.url], { cwd });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/Expired at [^\n]*UTC \(1 h 0 m ago\)/);
    expect(status.stdout).toMatch(/Still billing: 2 × public IPv4 address and 16 GB of volumes, \$0\.0118\/h ≈ \$8\.58\/month/);
    // The live bill agrees: addresses and volumes, no NAT gateway, no instance hours.
    const billing = status.stdout.slice(status.stdout.indexOf('Billing now'));
    expect(billing).toMatch(/2 × public IPv4 address/);
    expect(billing).toMatch(/16 x gp3 volume GB/);
    expect(billing).not.toMatch(/NAT gateway\s+\$/);
    expect(billing).not.toMatch(/t3\.micro instance/);

    const before = Date.now();
    const res = await runCli(args('up'), { cwd, timeoutMs: 90_000 });
    expect(res.code, res.stderr).toBe(0);
    const w = await labWorld(ec2, lab);
    const nat = byResource(w.natGateways, 'natGateway');
    expect(nat.NatGatewayId).not.toBe(oldNat);
    expect(w.instances.map((i) => i.State?.Name)).toEqual(['running', 'running']);
    const again = await schedules(moto.url, lab);
    expect(JSON.parse(again.nat.Target!.Input!)).toEqual({ NatGatewayId: nat.NatGatewayId });
    // Re-armed at now + the saved 4 hours.
    expect(atOf(again.nat)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 4 * HOUR);
    expect(atOf(again.servers)).toBeLessThanOrEqual(Date.now() + 4 * HOUR);
    const policy = await iamAt(moto.url).send(new GetRolePolicyCommand({ RoleName: roleName(lab), PolicyName: 'expiry' }));
    expect(decodeURIComponent(policy.PolicyDocument!)).toContain(`natgateway/${nat.NatGatewayId}`);
    expect(decodeURIComponent(policy.PolicyDocument!)).not.toContain(oldNat);
  });

  it('up --expires-in moves the time; never removes the schedules (and the group and role)', async () => {
    const plan = await runCli(['plan', '--name', lab, '--endpoint-url', proxy.url, '--expires-in', '2d'], { cwd });
    expect(plan.stderr).toMatch(/move it from \d{4}-\d\d-\d\d \d\d:\d\d UTC to \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    proxy.actions.length = 0;
    const moved = await runCli(args('up', '--expires-in', '2d'), { cwd });
    expect(moved.code, moved.stderr).toBe(0);
    expect(mutating(proxy.actions).sort()).toEqual(['UpdateSchedule', 'UpdateSchedule']);
    const { nat } = await schedules(moto.url, lab);
    expect(atOf(nat)).toBeGreaterThan(Date.now() + 47 * HOUR);

    const never = await runCli(args('up', '--expires-in', 'never'), { cwd });
    expect(never.code, never.stderr).toBe(0);
    expect(await expiryCounts(moto.url, lab)).toEqual({ groups: 0, schedules: 0, roles: 0 });
    expect(never.stdout).toMatch(/No expiry: the lab bills/);
    const status = await runCli(['status', '--name', lab, '--endpoint-url', proxy.url], { cwd });
    expect(status.stdout).toMatch(/20\/20 resources/);
  });

  it('bad --expires-in: exit 2, naming the value and what is accepted, nothing made', async () => {
    proxy.actions.length = 0;
    const res = await runCli(args('up', '--expires-in', '3 weeks'), { cwd });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/expiry "3 weeks" is not accepted/);
    expect(res.stderr).toMatch(/90m, 4h or 2d/);
    expect(mutating(proxy.actions)).toEqual([]);
  });

  it('destroy leaves no schedule, group or role', async () => {
    const armed = await runCli(args('up', '--expires-in', '90m'), { cwd });
    expect(armed.code, armed.stderr).toBe(0);
    expect(await expiryCounts(moto.url, lab)).toEqual({ groups: 1, schedules: 2, roles: 1 });
    const res = await runCli(args('destroy'), { cwd, timeoutMs: 90_000 });
    expect(res.code, res.stderr).toBe(0);
    expect(await expiryCounts(moto.url, lab)).toEqual({ groups: 0, schedules: 0, roles: 0 });
    const w = await labWorld(ec2At(moto.url), lab);
    for (const [kind, items] of Object.entries(w)) expect(items, kind).toEqual([]);
  });
});

describe('crash-safe expiry (against moto)', () => {
  const moto = useMoto();
  const killPoints = [/✔ IAM role .* created/, /✔ schedule group .* created/, /✔ at [^\n]*: delete the NAT gateway .* created/];
  for (const point of killPoints) {
    it(`SIGKILL during up (${point.source}) and a rerun give exactly one of each`, async () => {
      const cwd = tempDir();
      const lab = `xkill-${killPoints.indexOf(point)}`;
      const args = ['up', '--yes', '--name', lab, '--endpoint-url', moto.url, '--ssh-cidr', SSH];
      const killed = await runCli(args, { cwd, killWhen: point, timeoutMs: 90_000 });
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      // The role is made beside the VPC and the Elastic IPs, whose creates carry no token.
      const again = await runCli(args, { cwd, timeoutMs: AFTER_KILL_MS });
      expect(again.code, again.stderr).toBe(0);
      expect(await expiryCounts(moto.url, lab)).toEqual({ groups: 1, schedules: 2, roles: 1 });
    }, AFTER_KILL_MS + 90_000);
  }

  it('answers lost on the way back (CreateRole, CreateScheduleGroup, CreateSchedule) make nothing twice', async () => {
    const proxy = await startProxy(moto.url, { dropFirst: ['CreateRole', 'CreateScheduleGroup', 'CreateSchedule'] });
    try {
      const cwd = tempDir();
      const lab = 'xdrop';
      const res = await runCli(['up', '--yes', '--name', lab, '--endpoint-url', proxy.url, '--ssh-cidr', SSH], { cwd, timeoutMs: 90_000 });
      expect(res.code, res.stderr).toBe(0);
      expect(proxy.served.dropped).toBe(3);
      expect(await expiryCounts(moto.url, lab)).toEqual({ groups: 1, schedules: 2, roles: 1 });
    } finally {
      await proxy.close();
    }
  });
});
