import {
  DescribeInstanceAttributeCommand,
  ModifyInstanceAttributeCommand,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { LabError } from '../../engine/errors.js';
import type { Live, Resource, StepHandle } from '../../engine/resource.js';
import { waitUntil } from '../../engine/wait.js';
import { parent, type LabContext } from '../core/context.js';
import { label, type Labelled } from '../core/label.js';
import { describeInstance, RUNNING_WAIT, TERMINATED_WAIT } from './instance.js';

export interface UserDataSpec {
  key: Labelled;
  chapter: number;
  /** Key of the instance whose user-data this is. */
  instance: string;
  /** The instance's name, as its progress lines say it ("web"). */
  name: string;
  /** A line only this script has: the instance runs it already when its user-data holds it. */
  marker: string;
  /** The script; applied later it runs at every boot (see everyBoot). */
  script: (ctx: LabContext) => string;
}

/**
 * User-data runs once, at an instance's first boot (cloud-init's scripts-user is "once per
 * instance"). To add a script later, AWS's own recipe: a MIME multipart user-data whose
 * cloud-config part sets scripts-user to run "always", so the script part runs at the
 * next boot (and every boot after: the script must be idempotent, as ours are).
 */
export function everyBoot(script: string): string {
  return [
    'Content-Type: multipart/mixed; boundary="//"',
    'MIME-Version: 1.0',
    '',
    '--//',
    'Content-Type: text/cloud-config; charset="us-ascii"',
    'MIME-Version: 1.0',
    'Content-Transfer-Encoding: 7bit',
    'Content-Disposition: attachment; filename="cloud-config.txt"',
    '',
    '#cloud-config',
    'cloud_final_modules:',
    '- [scripts-user, always]',
    '',
    '--//',
    'Content-Type: text/x-shellscript; charset="us-ascii"',
    'MIME-Version: 1.0',
    'Content-Transfer-Encoding: 7bit',
    'Content-Disposition: attachment; filename="userdata.txt"',
    '',
    script.trimEnd(),
    '--//--',
    '',
  ].join('\n');
}

async function waitFor(ctx: LabContext, server: string, id: string, want: string, step: StepHandle): Promise<void> {
  await waitUntil(
    (s) => ['progress_waitServer', server, id, want, s],
    async () => {
      const state = (await describeInstance(ctx, id))?.State?.Name;
      if (state === want) return { done: true, value: undefined };
      if (!state || state === 'terminated' || state === 'shutting-down') {
        throw new LabError('InstanceGone', ['err_instanceGone', id, state], ['hint_instanceGone']);
      }
      return { done: false, status: state };
    },
    { clock: ctx.clock, signal: ctx.signal, policy: want === 'running' ? RUNNING_WAIT : TERMINATED_WAIT, errors: ctx.errors, onProgress: (w) => step.progress(w) },
  );
}

/**
 * A script in an instance's user-data, as a step of its own (a later chapter's software on
 * an earlier chapter's server). An instance launched in the same run already has it (found,
 * nothing to do). One launched without it (up --until web) gets it the way AWS allows on
 * an existing instance: stop, set the user-data, start — the disk, the instance ID and
 * the Elastic IP stay; the script runs at that boot.
 */
export function instanceUserData(spec: UserDataSpec): Resource<LabContext> {
  const { key } = spec;
  return {
    key,
    kind: 'InstanceUserData',
    chapter: spec.chapter,
    dependsOn: [spec.instance],
    actions: ['ec2:DescribeInstanceAttribute', 'ec2:DescribeInstances', 'ec2:StopInstances', 'ec2:ModifyInstanceAttribute', 'ec2:StartInstances'],
    label: () => label(spec.key),
    async find(ctx) {
      const instance = ctx.live.get(spec.instance);
      if (!instance || instance.leaving) return undefined;
      // Remembered like the listings: discovery and the step ask once between them.
      const out = await ctx.inventory.remember(`userData:${instance.id}`, () =>
        ctx.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instance.id, Attribute: 'userData' })),
      );
      const text = Buffer.from(out.UserData?.Value ?? '', 'base64').toString('utf8');
      return text.includes(spec.marker) ? ({ id: instance.id, attrs: {} } satisfies Live) : undefined;
    },
    async create(ctx, step) {
      const id = parent(ctx, spec.instance).id;
      // AWS changes user-data only on a stopped instance.
      if ((await describeInstance(ctx, id))?.State?.Name !== 'stopped') {
        await ctx.ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
        step.progress(['progress_stoppingWeb']);
        await waitFor(ctx, spec.name, id, 'stopped', step);
      }
      // The form AWS documents for the CLI (--attribute userData --value <base64>): the
      // value base64-encoded by us, once. (Through the UserData blob, emulators disagree
      // on whether the SDK's encoding counts: see docs/moto-behaviour.md.)
      const Value = Buffer.from(everyBoot(spec.script(ctx))).toString('base64');
      await ctx.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, Attribute: 'userData', Value }));
      await ctx.ec2.send(new StartInstancesCommand({ InstanceIds: [id] }));
      step.changed(['changed_userData']);
      await waitFor(ctx, spec.name, id, 'running', step);
      return { id, attrs: {} };
    },
    // Nothing of its own to remove: it goes with the instance.
    async delete() {},
  };
}
