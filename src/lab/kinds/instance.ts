import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  ModifyInstanceMetadataOptionsCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  TerminateInstancesCommand,
  type Instance,
  type _InstanceType,
} from '@aws-sdk/client-ec2';
import { unlessNotFound } from '../../aws/errors.js';
import { LabError } from '../../engine/errors.js';
import { conflicting, drifted } from '../../engine/finding.js';
import type { Finding } from '../../engine/finding.js';
import type { Live, Resource, StepHandle } from '../../engine/resource.js';
import { waitUntil, type WaitPolicy } from '../../engine/wait.js';
import { parent, type LabContext } from '../core/context.js';
import { choose } from '../core/inventory.js';
import { label, type Labelled } from '../core/label.js';
import { labTags, tagResource } from '../core/tags.js';
import { ROOT_VOLUME_GB } from '../core/cost.js';

// An instance is usually running 10-30 s after launch and terminated 30-60 s after
// the call: first look at about a third of the shortest, then every second while it is
// expected, so a wait overshoots the real moment by half a second on average. Describe*
// allows a burst of 100 and 20 a second: a lab's two or three waits take a few a second.
export const RUNNING_WAIT: WaitPolicy = { firstMs: 4_000, everyMs: 1_000, lateMs: 2 * 60_000, maxEveryMs: 5_000, timeoutMs: 10 * 60_000 };
export const TERMINATED_WAIT: WaitPolicy = { firstMs: 10_000, everyMs: 1_000, lateMs: 3 * 60_000, maxEveryMs: 5_000, timeoutMs: 10 * 60_000 };

/**
 * Terminate an instance (unless it is going already) and wait until it is terminated: its
 * security group, subnet and Elastic IP cannot go before it has. `name` says which server
 * in the wait's progress. Also `destroy --vpc`'s (lab/views/teardown-run.ts).
 */
export async function terminateInstance(ctx: LabContext, live: Live, step: StepHandle, name: string): Promise<void> {
  if (live.state !== 'terminated' && live.state !== 'shutting-down') await ctx.ec2.send(new TerminateInstancesCommand({ InstanceIds: [live.id] }));
  await waitUntil(
    (s) => ['progress_waitServer', name, live.id, 'terminated', s],
    async () => {
      const state = (await describeInstance(ctx, live.id))?.State?.Name;
      return state === 'terminated' || state === undefined ? { done: true, value: undefined } : { done: false, status: state };
    },
    { clock: ctx.clock, signal: ctx.signal, errors: ctx.errors, policy: TERMINATED_WAIT, onProgress: (w) => step.progress(w) },
  );
}

export interface InstanceSpec {
  key: Labelled<[type: string]>;
  name: string;
  chapter: number;
  subnet: string;
  securityGroup: string;
  /** Key of the key pair it is launched with. */
  keyPair: string;
  publicIp: boolean;
  dependsOn: string[];
  /** Its first boot's script; none when undefined. */
  userData: (ctx: LabContext) => string | undefined;
  /** Its own type and image instead of the lab's (the NAT instance); chosen at launch. */
  launch?: (ctx: LabContext) => Promise<{ instanceType: string; imageId: string }>;
}

function toLive(i: Instance): Live {
  const state = i.State?.Name;
  return {
    id: i.InstanceId!,
    state,
    leaving: state === 'shutting-down' || state === 'terminated',
    attrs: {
      privateIp: i.PrivateIpAddress,
      publicIp: i.PublicIpAddress || undefined,
      publicDns: i.PublicDnsName || undefined,
      type: i.InstanceType,
      imdsTokens: i.MetadataOptions?.HttpTokens,
      imdsHopLimit: i.MetadataOptions?.HttpPutResponseHopLimit === undefined ? undefined : String(i.MetadataOptions.HttpPutResponseHopLimit),
      sourceDestCheck: i.SourceDestCheck === undefined ? undefined : String(i.SourceDestCheck),
      networkInterfaceId: i.NetworkInterfaces?.find((n) => n.Attachment?.DeviceIndex === 0)?.NetworkInterfaceId ?? i.NetworkInterfaces?.[0]?.NetworkInterfaceId,
    },
  };
}

/** One instance by ID; undefined once AWS no longer knows it. */
export async function describeInstance(ctx: LabContext, id: string): Promise<Instance | undefined> {
  const out = await unlessNotFound(ctx.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] })));
  return out?.Reservations?.[0]?.Instances?.[0];
}

/**
 * The instance metadata service as every server of the lab has it: session tokens
 * required (IMDSv2), and answers that go no further than the instance itself (hop limit
 * 1: a container or a forwarded packet cannot reach it). AL2023's images default to 2.
 */
export const METADATA_OPTIONS = { HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1 } as const;

/** The finding of a server whose metadata service differs. */
export const METADATA_RULE = 'lab.instance-metadata';

/** Amazon Linux 2023's root device: the images the tool picks (SSM's latest AL2023). */
export const AL2023_ROOT_DEVICE = '/dev/xvda';

/** An image's root volume: its device and size. */
interface RootOf {
  device: string;
  sizeGb: number;
}

/**
 * The image's root volume: AL2023's (the images the tool picks), or, for an image pinned
 * with --ami, the image's own device and size (asked; AL2023's where AWS does not say).
 * The size is given because a mapping must carry one (or a snapshot) to be accepted.
 */
async function rootOf(ctx: LabContext, imageId: string, own: boolean): Promise<RootOf> {
  const al2023 = { device: AL2023_ROOT_DEVICE, sizeGb: ROOT_VOLUME_GB };
  if (own || !ctx.settings.ami) return al2023;
  const image = (await unlessNotFound(ctx.ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }))))?.Images?.[0];
  const device = image?.RootDeviceName ?? al2023.device;
  const size = image?.BlockDeviceMappings?.find((m) => m.DeviceName === device)?.Ebs?.VolumeSize;
  return { device, sizeGb: size ?? al2023.sizeGb };
}

/** The root volume, encrypted and gp3, whatever the account's EBS defaults. */
export const rootVolume = (root: RootOf) => [{ DeviceName: root.device, Ebs: { Encrypted: true, VolumeType: 'gp3' as const, VolumeSize: root.sizeGb, DeleteOnTermination: true } }];

/** A found server whose metadata service is not as METADATA_OPTIONS: `up` sets it (drift). */
function metadataDrift(chapter: number, live: Live): Finding[] {
  const { imdsTokens, imdsHopLimit } = live.attrs;
  const off = (imdsTokens !== undefined && imdsTokens !== METADATA_OPTIONS.HttpTokens) || (imdsHopLimit !== undefined && imdsHopLimit !== String(METADATA_OPTIONS.HttpPutResponseHopLimit));
  return off ? [drifted(METADATA_RULE, chapter, live.id, ['drift_instanceMetadata', imdsTokens ?? '?', imdsHopLimit ?? '?'])] : [];
}

/** Put the metadata service right (tokens required, hop limit 1): a running or stopped instance takes it at once. */
async function fixMetadata(ctx: LabContext, live: Live, step: StepHandle): Promise<Live> {
  if (!metadataDrift(0, live).length) return live;
  await ctx.ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: live.id, ...METADATA_OPTIONS }));
  step.changed(['changed_instanceMetadata']);
  return { ...live, attrs: { ...live.attrs, imdsTokens: METADATA_OPTIONS.HttpTokens, imdsHopLimit: String(METADATA_OPTIONS.HttpPutResponseHopLimit) } };
}

export function instance(spec: InstanceSpec): Resource<LabContext> {
  const { key } = spec;
  return {
    key,
    kind: 'Instance',
    settleMs: 15_000, // pending to running, about (today's AWS)
    // GetConsoleOutput: the host keys the first boot prints, pinned by ssh, check and ssh-config.
    actions: ['ec2:DescribeInstances', 'ec2:RunInstances', 'ec2:CreateTags', 'ec2:StartInstances', 'ec2:TerminateInstances', 'ec2:ModifyInstanceMetadataOptions', 'ec2:DescribeImages', 'ssm:GetParameter', 'ec2:DescribeInstanceTypeOfferings', 'ec2:GetConsoleOutput'],
    chapter: spec.chapter,
    dependsOn: [spec.subnet, spec.securityGroup, spec.keyPair, ...spec.dependsOn],
    label: (ctx) => label(key, ctx.settings.instanceType),
    prepare: (ctx) => (spec.launch ? spec.launch(ctx) : Promise.all([ctx.zone(), ctx.ami()])),
    async find(ctx) {
      const subnetId = ctx.live.get(spec.subnet)?.id;
      const mine = (await ctx.inventory.instances()).filter((i) => i.SubnetId === subnetId);
      // By its place: the instance in its subnet (the subnet bound by the user).
      const i = choose(ctx, mine, key, (i) => i.InstanceId, { parents: [spec.subnet], holds: () => true });
      return i && toLive(i);
    },
    async create(ctx) {
      const { settings } = ctx;
      const userData = spec.userData(ctx);
      const own = await spec.launch?.(ctx);
      const imageId = own?.imageId ?? (await ctx.ami());
      const out = await ctx.ec2.send(
        new RunInstancesCommand({
          // Saved before the call: a rerun after a crash sends the same token and AWS
          // answers with the instance it already launched instead of a second one.
          ClientToken: await ctx.state.token(key),
          MinCount: 1,
          MaxCount: 1,
          ImageId: imageId,
          InstanceType: (own?.instanceType ?? settings.instanceType) as _InstanceType,
          KeyName: settings.keyName,
          NetworkInterfaces: [
            {
              DeviceIndex: 0,
              SubnetId: parent(ctx, spec.subnet).id,
              Groups: [parent(ctx, spec.securityGroup).id],
              // The web server needs the internet for `dnf install` before its Elastic IP
              // is attached; the DB server never gets a public address.
              AssociatePublicIpAddress: spec.publicIp,
              DeleteOnTermination: true,
            },
          ],
          MetadataOptions: { ...METADATA_OPTIONS },
          BlockDeviceMappings: rootVolume(await rootOf(ctx, imageId, Boolean(own))),
          UserData: userData === undefined ? undefined : Buffer.from(userData).toString('base64'),
          TagSpecifications: [
            { ResourceType: tagResource('instance'), Tags: labTags(settings.name, key, spec.name, settings.extraTags) },
            { ResourceType: 'volume', Tags: labTags(settings.name, `${key}Volume`, `${spec.name}-root`, settings.extraTags) },
          ],
        }),
      );
      return toLive(out.Instances![0]);
    },
    check(ctx, live) {
      // The tutorial's "running" rule of the server (web.instance, db.instance).
      const stopped = live.state === 'stopped' || live.state === 'stopping' ? [drifted(`${spec.name}.instance`, spec.chapter, live.id, ['drift_startServer', live.state])] : [];
      const type = live.attrs.type;
      // A server of its own launch (the NAT instance) has its own type, not the setting.
      const otherType = !spec.launch && type && type !== ctx.settings.instanceType;
      return [
        ...(otherType ? [conflicting('lab.instance-type', spec.chapter, live.id, ['conflict_instanceType', spec.name, live.id, type, ctx.settings.instanceType])] : []),
        ...stopped,
        ...metadataDrift(spec.chapter, live),
      ];
    },
    async converge(ctx, found, step) {
      const live = await fixMetadata(ctx, found, step);
      if (live.state === 'running') return live;
      // A stopped server (stopped to save money, say) is started again; a stopping one
      // once it has stopped: AWS refuses to start it before.
      const start = async () => {
        await ctx.ec2.send(new StartInstancesCommand({ InstanceIds: [live.id] }));
        step.changed(['changed_started']);
      };
      let started = false;
      if (live.state === 'stopped') {
        await start();
        started = true;
      }
      return waitUntil(
        (s) => ['progress_waitServer', spec.name, live.id, 'running', s],
        async () => {
          const i = await describeInstance(ctx, live.id);
          const state = i?.State?.Name;
          if (state === 'running') return { done: true, value: toLive(i!) };
          if (state === 'terminated' || state === 'shutting-down' || !i) {
            throw new LabError('InstanceGone', ['err_serverGone', spec.name, live.id, state, i?.StateReason?.Message], ['hint_serverGone']);
          }
          if (state === 'stopped' && !started) {
            await start();
            started = true;
          }
          return { done: false, status: state };
        },
        { clock: ctx.clock, signal: ctx.signal, errors: ctx.errors, policy: RUNNING_WAIT, onProgress: (w) => step.progress(w) },
      );
    },
    delete: (ctx, live, step) => terminateInstance(ctx, live, step, spec.name),
  };
}
