/**
 * A stateful fake of the slice of EventBridge Scheduler, IAM and STS the lab's expiry
 * uses, wired into aws-sdk-client-mock. As strict as AWS where moto is not (see
 * docs/moto-behaviour.md): a second group of the same name is a ConflictException, a
 * repeated CreateSchedule with the same ClientToken is answered as the first, a schedule
 * in a group that does not exist is ResourceNotFound, a role with a policy cannot be
 * deleted, and a schedule's role must exist (and can be made to be "not yet assumable"
 * for the first few calls, as IAM's eventual consistency does).
 */
import { randomUUID } from 'node:crypto';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  IAMServiceException,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  SchedulerClient,
  SchedulerServiceException,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';

export const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

export interface FakeRole {
  RoleName: string;
  Arn: string;
  Path: string;
  AssumeRolePolicyDocument: string;
  PermissionsBoundary?: { PermissionsBoundaryType: string; PermissionsBoundaryArn: string };
  Tags: { Key: string; Value: string }[];
  /** Inline policies by name. */
  policies: Map<string, string>;
}

export interface FakeSchedule {
  Name: string;
  GroupName: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  FlexibleTimeWindow?: { Mode?: string };
  ActionAfterCompletion?: string;
  State?: string;
  Target: { Arn: string; RoleArn: string; Input?: string };
  ClientToken?: string;
}

export interface FakeExpiryOptions {
  /** CreateSchedule/UpdateSchedule refuse a role for this many calls after it is made. */
  roleNotReadyFor?: number;
}

export interface FakeExpiry {
  scheduler: SchedulerClient;
  iam: IAMClient;
  sts: STSClient;
  roles: Map<string, FakeRole>;
  groups: Map<string, { Name: string; Arn: string; Tags: { Key: string; Value: string }[]; ClientToken?: string }>;
  /** By "group/name". */
  schedules: Map<string, FakeSchedule>;
  /** Every call served, by name. */
  calls: { name: string; input: any }[];
  mutatingCalls(): string[];
  /** The next call of each named action is carried out, and its answer lost. */
  loseAnswer(...names: string[]): void;
  restore(): void;
}

function err(Base: typeof SchedulerServiceException | typeof IAMServiceException, code: string, message: string, status = 400): Error {
  const e = new Base({ name: code, $fault: 'client', $metadata: { httpStatusCode: status, requestId: randomUUID(), attempts: 1, totalRetryDelay: 0 }, message } as never);
  return Object.assign(e, { Code: code });
}
const schedErr = (code: string, message: string, status = 400) => err(SchedulerServiceException, code, message, status);
const iamErr = (code: string, message: string, status = 400) => err(IAMServiceException, code, message, status);

export function createFakeExpiry(opts: FakeExpiryOptions = {}): FakeExpiry {
  const roles = new Map<string, FakeRole>();
  const groups: FakeExpiry['groups'] = new Map();
  const schedules = new Map<string, FakeSchedule>();
  const calls: FakeExpiry['calls'] = [];
  // How many more schedule writes each role is refused (IAM spreading a new role).
  const notReady = new Map<string, number>();

  const schedulerMock = mockClient(SchedulerClient);
  const iamMock = mockClient(IAMClient);
  const stsMock = mockClient(STSClient);
  const meta = () => ({ $metadata: { httpStatusCode: 200, requestId: randomUUID(), attempts: 1, totalRetryDelay: 0 } });
  const lostAnswers = new Set<string>();
  const serve =
    <I>(name: string, handler: (input: I) => object) =>
    async (input: I) => {
      calls.push({ name, input: structuredClone(input) });
      const out = { ...structuredClone(handler(input)), ...meta() };
      // Done, but the answer is lost on the way back: a dropped connection.
      if (lostAnswers.delete(name)) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET', $metadata: {} });
      return out;
    };

  const role = (name: string) => {
    const r = roles.get(name);
    if (!r) throw iamErr('NoSuchEntityException', `Role ${name} not found`, 404);
    return r;
  };
  const checkTarget = (s: FakeSchedule) => {
    const r = [...roles.values()].find((x) => x.Arn === s.Target.RoleArn);
    const refusals = r ? (notReady.get(r.RoleName) ?? 0) : 0;
    if (!r || refusals > 0) {
      if (r) notReady.set(r.RoleName, refusals - 1);
      throw schedErr('ValidationException', 'The execution role you provide must allow AWS EventBridge Scheduler to assume the role.');
    }
    if (!/^at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\)$/.test(s.ScheduleExpression)) throw schedErr('ValidationException', `Invalid Schedule Expression ${s.ScheduleExpression}.`);
    JSON.parse(s.Target.Input ?? '{}');
  };
  const group = (name: string) => {
    const g = groups.get(name);
    if (!g) throw schedErr('ResourceNotFoundException', `Schedule group ${name} does not exist.`, 404);
    return g;
  };

  stsMock.on(GetCallerIdentityCommand).callsFake(serve('GetCallerIdentity', () => ({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/learner`, UserId: 'AIDAFAKE' })));

  iamMock.on(CreateRoleCommand).callsFake(
    serve('CreateRole', (i: any) => {
      if (roles.has(i.RoleName)) throw iamErr('EntityAlreadyExistsException', `Role with name ${i.RoleName} already exists.`, 409);
      const r: FakeRole = {
        RoleName: i.RoleName,
        Path: i.Path ?? '/',
        Arn: `arn:aws:iam::${ACCOUNT}:role${i.Path ?? '/'}${i.RoleName}`,
        AssumeRolePolicyDocument: encodeURIComponent(i.AssumeRolePolicyDocument),
        Tags: i.Tags ?? [],
        ...(i.PermissionsBoundary ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: i.PermissionsBoundary } } : {}),
        policies: new Map(),
      };
      roles.set(r.RoleName, r);
      if (opts.roleNotReadyFor) notReady.set(r.RoleName, opts.roleNotReadyFor);
      const { policies: _p, ...shown } = r;
      return { Role: shown };
    }),
  );
  iamMock.on(GetRoleCommand).callsFake(
    serve('GetRole', (i: any) => {
      const { policies: _p, ...shown } = role(i.RoleName);
      return { Role: shown };
    }),
  );
  iamMock.on(UpdateAssumeRolePolicyCommand).callsFake(
    serve('UpdateAssumeRolePolicy', (i: any) => {
      role(i.RoleName).AssumeRolePolicyDocument = encodeURIComponent(i.PolicyDocument);
      return {};
    }),
  );
  iamMock.on(PutRolePermissionsBoundaryCommand).callsFake(
    serve('PutRolePermissionsBoundary', (i: any) => {
      role(i.RoleName).PermissionsBoundary = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: i.PermissionsBoundary };
      return {};
    }),
  );
  iamMock.on(PutRolePolicyCommand).callsFake(
    serve('PutRolePolicy', (i: any) => {
      JSON.parse(i.PolicyDocument);
      role(i.RoleName).policies.set(i.PolicyName, i.PolicyDocument);
      return {};
    }),
  );
  iamMock.on(GetRolePolicyCommand).callsFake(
    serve('GetRolePolicy', (i: any) => {
      const doc = role(i.RoleName).policies.get(i.PolicyName);
      if (doc === undefined) throw iamErr('NoSuchEntityException', `The role policy with name ${i.PolicyName} cannot be found.`, 404);
      return { RoleName: i.RoleName, PolicyName: i.PolicyName, PolicyDocument: encodeURIComponent(doc) };
    }),
  );
  iamMock.on(DeleteRolePolicyCommand).callsFake(
    serve('DeleteRolePolicy', (i: any) => {
      if (!role(i.RoleName).policies.delete(i.PolicyName)) throw iamErr('NoSuchEntityException', `The role policy with name ${i.PolicyName} cannot be found.`, 404);
      return {};
    }),
  );
  iamMock.on(DeleteRoleCommand).callsFake(
    serve('DeleteRole', (i: any) => {
      if (role(i.RoleName).policies.size > 0) throw iamErr('DeleteConflictException', 'Cannot delete entity, must delete policies first.', 409);
      roles.delete(i.RoleName);
      return {};
    }),
  );

  schedulerMock.on(CreateScheduleGroupCommand).callsFake(
    serve('CreateScheduleGroup', (i: any) => {
      const existing = groups.get(i.Name);
      if (existing && (!i.ClientToken || existing.ClientToken !== i.ClientToken)) throw schedErr('ConflictException', `Schedule group ${i.Name} already exists.`, 409);
      const g = existing ?? { Name: i.Name, Arn: `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule-group/${i.Name}`, Tags: i.Tags ?? [], ClientToken: i.ClientToken };
      groups.set(i.Name, g);
      return { ScheduleGroupArn: g.Arn };
    }),
  );
  schedulerMock.on(GetScheduleGroupCommand).callsFake(
    serve('GetScheduleGroup', (i: any) => {
      const g = group(i.Name);
      return { Name: g.Name, Arn: g.Arn, State: 'ACTIVE' };
    }),
  );
  schedulerMock.on(DeleteScheduleGroupCommand).callsFake(
    serve('DeleteScheduleGroup', (i: any) => {
      group(i.Name);
      groups.delete(i.Name);
      for (const k of [...schedules.keys()]) if (k.startsWith(`${i.Name}/`)) schedules.delete(k);
      return {};
    }),
  );
  schedulerMock.on(CreateScheduleCommand).callsFake(
    serve('CreateSchedule', (i: any) => {
      const g = i.GroupName ?? 'default';
      if (g !== 'default') group(g);
      const k = `${g}/${i.Name}`;
      const existing = schedules.get(k);
      if (existing) {
        if (i.ClientToken && existing.ClientToken === i.ClientToken) return { ScheduleArn: `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/${k}` };
        throw schedErr('ConflictException', `Schedule ${i.Name} already exists.`, 409);
      }
      const s: FakeSchedule = { ...structuredClone(i), GroupName: g };
      checkTarget(s);
      schedules.set(k, s);
      return { ScheduleArn: `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/${k}` };
    }),
  );
  const schedule = (i: any) => {
    const g = i.GroupName ?? 'default';
    if (g !== 'default') group(g);
    const s = schedules.get(`${g}/${i.Name}`);
    if (!s) throw schedErr('ResourceNotFoundException', `Schedule ${i.Name} does not exist.`, 404);
    return s;
  };
  schedulerMock.on(GetScheduleCommand).callsFake(
    serve('GetSchedule', (i: any) => {
      const { ClientToken: _t, ...shown } = schedule(i);
      return shown;
    }),
  );
  schedulerMock.on(UpdateScheduleCommand).callsFake(
    serve('UpdateSchedule', (i: any) => {
      const old = schedule(i);
      const s: FakeSchedule = { ...structuredClone(i), GroupName: old.GroupName, ClientToken: old.ClientToken };
      checkTarget(s);
      schedules.set(`${old.GroupName}/${i.Name}`, s);
      return { ScheduleArn: `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/${old.GroupName}/${i.Name}` };
    }),
  );
  schedulerMock.on(DeleteScheduleCommand).callsFake(
    serve('DeleteSchedule', (i: any) => {
      const s = schedule(i);
      schedules.delete(`${s.GroupName}/${s.Name}`);
      return {};
    }),
  );

  const config = { region: REGION, credentials: { accessKeyId: 'fake', secretAccessKey: 'fake' } };
  return {
    scheduler: new SchedulerClient(config),
    iam: new IAMClient(config),
    sts: new STSClient(config),
    roles,
    groups,
    schedules,
    calls,
    mutatingCalls: () => calls.filter((c) => !/^(Describe|Get|List)/.test(c.name)).map((c) => c.name),
    loseAnswer: (...names) => names.forEach((n) => lostAnswers.add(n)),
    restore: () => {
      schedulerMock.restore();
      iamMock.restore();
      stsMock.restore();
    },
  };
}
