import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import type { Words, WordsOf } from '../../engine/errors.js';
import { isAccessDenied, isAlreadyExists, isNotFound, isRoleNotReady, unlessNotFound } from '../../aws/errors.js';
import { retryWhile } from '../../aws/retry.js';
import { drifted } from '../../engine/finding.js';
import type { Live, Resource, StepHandle } from '../../engine/resource.js';
import { waitUntil, type WaitPolicy } from '../../engine/wait.js';
import { knowable, parent, type LabContext } from '../core/context.js';
import { atExpression, parseAtExpression } from '../core/expiry-time.js';
import { labTags } from '../core/tags.js';
import { label, type Labelled } from '../core/label.js';

// A group's deletion runs in the background (state DELETING) for a few seconds.
export const GROUP_DELETED_WAIT: WaitPolicy = { firstMs: 1_000, everyMs: 1_000, lateMs: 10_000, maxEveryMs: 3_000, timeoutMs: 5 * 60_000 };

/** EventBridge Scheduler's group for the lab's schedules: one call removes what is left in it. */
export function scheduleGroup(spec: {
  key: Labelled<[name: string]>;
  chapter: number;
  name: (ctx: LabContext) => string;
  /** May a refusal to look be taken as "not there"? (A lab without expiry needs no Scheduler rights.) */
  optional?: (ctx: LabContext) => boolean;
}): Resource<LabContext> {
  const { key } = spec;
  const lookup = async (ctx: LabContext): Promise<Live | undefined> => {
    try {
      const g = await ctx.scheduler.send(new GetScheduleGroupCommand({ Name: spec.name(ctx) }));
      return { id: g.Name!, state: g.State, leaving: g.State === 'DELETING', attrs: { arn: g.Arn } };
    } catch (err) {
      if (isNotFound(err) || (isAccessDenied(err) && spec.optional?.(ctx))) return undefined;
      throw err;
    }
  };
  const find = (ctx: LabContext) => ctx.inventory.remember(`schedule-group:${spec.name(ctx)}`, () => lookup(ctx));
  return {
    key,
    kind: 'ScheduleGroup',
    chapter: spec.chapter,
    dependsOn: [],
    actions: ['scheduler:GetScheduleGroup', 'scheduler:CreateScheduleGroup', 'scheduler:TagResource', 'scheduler:DeleteScheduleGroup'],
    label: (ctx) => label(key, spec.name(ctx)),
    find,
    async create(ctx) {
      try {
        const out = await ctx.scheduler.send(
          new CreateScheduleGroupCommand({ Name: spec.name(ctx), ClientToken: await ctx.state.token(key), Tags: labTags(ctx.settings.name, key, 'expiry', ctx.settings.extraTags) }),
        );
        return { id: spec.name(ctx), state: 'ACTIVE', attrs: { arn: out.ScheduleGroupArn } };
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        const found = await lookup(ctx); // the name is the lab's: ours from an earlier run
        if (found && !found.leaving) return found;
        throw err;
      }
    },
    async delete(ctx, live, step) {
      if (live.state !== 'DELETING') await ctx.scheduler.send(new DeleteScheduleGroupCommand({ Name: live.id }));
      await waitUntil(
        (s) => ['progress_waitGroupDeleted', live.id, s],
        async () => ((await lookup(ctx)) ? { done: false, status: 'DELETING' } : { done: true, value: undefined }),
        { clock: ctx.clock, signal: ctx.signal, policy: GROUP_DELETED_WAIT, errors: ctx.errors, onProgress: (w) => step.progress(w) },
      );
    },
  };
}

/** What a schedule's check can find different, each said again as done once converge has changed it. */
type ScheduleDrift = WordsOf<'drift_scheduleMove' | 'drift_scheduleTarget' | 'drift_scheduleRole'>;

export interface ScheduleSpec {
  key: string;
  chapter: number;
  /** Its name in the group. */
  name: string;
  group: string;
  role: string;
  dependsOn: string[];
  /** The universal target's API: `ec2:deleteNatGateway`, `ec2:stopInstances`. */
  api: (ctx: LabContext) => string;
  /** The API call's parameters, from the live resources it acts on. */
  input: (ctx: LabContext) => Record<string, unknown>;
  /** When it fires (ISO), or undefined: then the schedule is not wanted. */
  at: (ctx: LabContext) => string | undefined;
  /** Its label by key and values (Resource.label): ['res_natExpiry', at, natKey]. */
  label: (ctx: LabContext) => Words;
  natPart?: boolean;
}

/**
 * One one-time EventBridge Scheduler schedule that makes one AWS API call as the lab's
 * role, then deletes itself. Scheduler's CreateSchedule takes a ClientToken.
 */
/** The lab's own rule of each difference a schedule can have (its findings' ids). */
const SCHEDULE_RULE: Record<string, string> = { drift_scheduleMove: 'lab.schedule-time', drift_scheduleTarget: 'lab.schedule-target', drift_scheduleRole: 'lab.schedule-role' };

export function schedule(spec: ScheduleSpec): Resource<LabContext> {
  const { key } = spec;
  const target = (ctx: LabContext) => ({
    Arn: `arn:${ctx.live.get(spec.role)?.attrs.arn?.split(':')[1] ?? 'aws'}:scheduler:::aws-sdk:${spec.api(ctx)}`,
    RoleArn: parent(ctx, spec.role).attrs.arn!,
    Input: JSON.stringify(spec.input(ctx)),
  });
  const request = (ctx: LabContext) =>
    ({
      Name: spec.name,
      GroupName: parent(ctx, spec.group).id,
      ScheduleExpression: atExpression(spec.at(ctx)!),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      // AWS's own text, not the label: the API it calls, and the lab (ASCII).
      Description: `aws-lab-setup: ${spec.api(ctx)} when lab ${ctx.settings.name} expires`,
      Target: target(ctx),
    }) satisfies CreateScheduleCommandInput;
  const toLive = (ctx: LabContext, s: { Name?: string; ScheduleExpression?: string; Target?: { Arn?: string; RoleArn?: string; Input?: string } }): Live => ({
    id: `${ctx.live.get(spec.group)?.id}/${s.Name}`,
    attrs: { at: parseAtExpression(s.ScheduleExpression), target: s.Target?.Arn, roleArn: s.Target?.RoleArn, input: s.Target?.Input },
  });
  /** What differs from the wanted schedule, in words; [] when nothing. */
  const differences = (ctx: LabContext, live: Live): ScheduleDrift[] => {
    // The plan of a lab still to be made (or re-made) has no servers or NAT to name yet.
    // (Not every dependency need be there: the NAT kind not chosen never is.)
    const want = knowable(() => target(ctx));
    if (!want) return [];
    const out: ScheduleDrift[] = [];
    if (live.attrs.at !== spec.at(ctx)) out.push(['drift_scheduleMove', live.attrs.at, spec.at(ctx)]);
    if (live.attrs.input !== want.Input || live.attrs.target !== want.Arn) out.push(['drift_scheduleTarget', want.Input]);
    if (live.attrs.roleArn !== want.RoleArn) out.push(['drift_scheduleRole']);
    return out;
  };
  /** A difference said as done, with the same values: drift_scheduleMove becomes changed_scheduleMove. */
  const done = (words: ScheduleDrift): Words => {
    switch (words[0]) {
      case 'drift_scheduleMove':
        return ['changed_scheduleMove', words[1], words[2]];
      case 'drift_scheduleTarget':
        return ['changed_scheduleTarget', words[1]];
      case 'drift_scheduleRole':
        return ['changed_scheduleRole'];
    }
  };
  const lookup = async (ctx: LabContext): Promise<Live | undefined> => {
    const group = ctx.live.get(spec.group);
    if (!group || group.leaving) return undefined;
    const s = await unlessNotFound(ctx.scheduler.send(new GetScheduleCommand({ Name: spec.name, GroupName: group.id })));
    return s && toLive(ctx, s);
  };
  const find = (ctx: LabContext) => ctx.inventory.remember(`schedule:${ctx.live.get(spec.group)?.id}/${spec.name}`, () => lookup(ctx));
  // A role made seconds ago is refused until IAM has spread it (aws-sdk-js-v3#6494).
  const send = <T>(ctx: LabContext, step: StepHandle, call: () => Promise<T>) =>
    retryWhile(call, isRoleNotReady, {
      clock: ctx.clock,
      signal: ctx.signal,
      onRetry: (n) => step.progress(['progress_roleNotReady', n + 1]),
    });
  return {
    key,
    kind: 'Schedule',
    chapter: spec.chapter,
    natPart: spec.natPart,
    dependsOn: [spec.group, spec.role, ...spec.dependsOn],
    actions: ['scheduler:GetSchedule', 'scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule', 'iam:PassRole'],
    wanted: (ctx) => spec.at(ctx) !== undefined,
    label: spec.label,
    find,
    async create(ctx, step) {
      const input = { ...request(ctx), ClientToken: await ctx.state.token(key) };
      try {
        await send(ctx, step, () => ctx.scheduler.send(new CreateScheduleCommand(input)));
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        // Made by an earlier run that crashed before saving it: converge makes it right.
        const found = await lookup(ctx);
        if (found) return found;
        throw err;
      }
      return toLive(ctx, { Name: input.Name, ScheduleExpression: input.ScheduleExpression, Target: input.Target });
    },
    check: (ctx, live) => differences(ctx, live).map((w) => drifted(SCHEDULE_RULE[w[0]] ?? 'lab.schedule', spec.chapter, live.id, w)),
    async converge(ctx, live, step) {
      const changes = differences(ctx, live);
      if (changes.length === 0) return live;
      const input = request(ctx);
      // UpdateSchedule replaces the whole schedule.
      await send(ctx, step, () => ctx.scheduler.send(new UpdateScheduleCommand(input)));
      for (const words of changes) step.changed(done(words));
      return toLive(ctx, input);
    },
    async delete(ctx, live) {
      await ctx.scheduler.send(new DeleteScheduleCommand({ Name: spec.name, GroupName: live.id.split('/')[0] }));
    },
  };
}
