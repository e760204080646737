/**
 * Chapter 5 — the expiry: AWS itself stops the lab at a set time, with none of the
 * user's machines switched on. EventBridge Scheduler, in the lab's own schedule group,
 * holds one-time schedules that delete the NAT gateway and stop the servers; they run as
 * an IAM role that may do only that, to only the lab's resources.
 *
 * A NAT instance (issue #9) is stopped instead of a NAT gateway deleted: the NAT schedule
 * takes its shape from whichever NAT resource the lab has (see `natTarget`).
 */
import { EC2_KINDS } from '../../aws/ec2-kinds.js';
import { isWanted } from '../../engine/graph.js';
import type { Resource } from '../../engine/resource.js';
import type { Account, LabContext } from '../core/context.js';
import { parent } from '../core/context.js';
import { iamRole, rolePolicy, type PolicyDocument } from '../kinds/iam-role.js';
import { schedule, scheduleGroup } from '../kinds/schedule.js';

export const EXPIRY_CHAPTER = 5;
export const SERVERS = ['webInstance', 'dbInstance'] as const;

/** What expiry does to the lab's NAT: the API the schedule calls, and on what. */
interface NatTarget {
  key: 'natInstance' | 'natGateway';
  api: string;
  iamAction: string;
  input: (ctx: LabContext) => Record<string, unknown>;
  arn: (ctx: LabContext, a: Account) => string;
}

const ec2Arn = (ctx: LabContext, a: Account, type: string, id: string) => `arn:${a.partition}:ec2:${ctx.settings.region}:${a.id}:${type}/${id}`;

/**
 * What can take the private subnet out: a NAT instance (issue #9, resource `natInstance`)
 * is stopped; a NAT gateway is deleted, as it bills by the hour even idle. First match wins.
 */
const NAT_TARGETS: readonly NatTarget[] = [
  {
    key: 'natInstance',
    api: 'ec2:stopInstances',
    iamAction: 'ec2:StopInstances',
    input: (ctx) => ({ InstanceIds: [parent(ctx, 'natInstance').id] }),
    arn: (ctx, a) => ec2Arn(ctx, a, EC2_KINDS.instance.iamResource, parent(ctx, 'natInstance').id),
  },
  {
    key: 'natGateway',
    api: 'ec2:deleteNatGateway',
    iamAction: 'ec2:DeleteNatGateway',
    input: (ctx) => ({ NatGatewayId: parent(ctx, 'natGateway').id }),
    arn: (ctx, a) => ec2Arn(ctx, a, EC2_KINDS.natGateway.iamResource, parent(ctx, 'natGateway').id),
  },
];

/** The NAT resources a lab made of `lab` can have (the settings pick one at run time). */
function natCandidates(lab: readonly Resource<LabContext>[]): NatTarget[] {
  const found = NAT_TARGETS.filter((t) => lab.some((r) => r.key === t.key));
  if (found.length === 0) throw new Error('internal: the lab has no NAT resource for the expiry to act on');
  return found;
}

/** The NAT this run's settings give the lab: the first candidate its resource wants. */
export function natTarget(lab: readonly Resource<LabContext>[], ctx: LabContext): NatTarget {
  const candidates = natCandidates(lab);
  const wanted = (t: NatTarget) => isWanted(lab.find((r) => r.key === t.key)!, ctx);
  return candidates.find(wanted) ?? candidates[candidates.length - 1];
}

/** How the expiry's role and schedule group are named: the printed policy allows no other names. */
export const EXPIRY_NAME_PREFIX = 'aws-lab-setup-';
/** IAM role names are per account: the lab's name and region make it unique (at most 60 characters). */
export const expiryRoleName = (ctx: LabContext) => `${EXPIRY_NAME_PREFIX}${ctx.settings.name}-${ctx.settings.region}`;
export const expiryGroupName = (ctx: LabContext) => `${EXPIRY_NAME_PREFIX}${ctx.settings.name}`;
/** The lab's schedule group: the only one whose schedules may take the expiry's role on (its trust's aws:SourceArn). */
export const expiryGroupArn = (ctx: LabContext, a: Account) => `arn:${a.partition}:scheduler:${ctx.settings.region}:${a.id}:schedule-group/${expiryGroupName(ctx)}`;
const expiresAt = (ctx: LabContext) => ctx.settings.expiresAt;
// A lab that does not expire may be run by credentials with no IAM or Scheduler rights at
// all: a refused look then means there is nothing of the expiry to find.
const noExpiry = (ctx: LabContext) => expiresAt(ctx) === undefined;

/** The expiry's resources, for a lab made of `lab` (which must hold the NAT and the servers). */
export function expiry(lab: readonly Resource<LabContext>[]): Resource<LabContext>[] {
  const natKeys = natCandidates(lab).map((t) => t.key);
  const nat = (ctx: LabContext) => natTarget(lab, ctx);
  const serversArns = (ctx: LabContext, a: Account) => SERVERS.map((k) => ec2Arn(ctx, a, EC2_KINDS.instance.iamResource, parent(ctx, k).id));
  const document = (ctx: LabContext, a: Account): PolicyDocument => {
    const n = nat(ctx);
    // A NAT instance is stopped with the same action as the servers: one statement.
    const stopsNat = n.iamAction === 'ec2:StopInstances';
    return {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'StopTheLabServers', Effect: 'Allow', Action: 'ec2:StopInstances', Resource: stopsNat ? [...serversArns(ctx, a), n.arn(ctx, a)] : serversArns(ctx, a) },
        ...(stopsNat ? [] : [{ Sid: 'DeleteTheLabNat', Effect: 'Allow', Action: n.iamAction, Resource: n.arn(ctx, a) }]),
      ],
    };
  };
  // The NAT kind not chosen is an unwanted dependency: the engine does not wait on it.
  const resources: Resource<LabContext>[] = [
    iamRole({ key: 'expiryRole', chapter: EXPIRY_CHAPTER, service: 'scheduler.amazonaws.com', name: expiryRoleName, optional: noExpiry, sourceArn: expiryGroupArn }),
    rolePolicy({
      key: 'expiryPolicy',
      chapter: EXPIRY_CHAPTER,
      role: 'expiryRole',
      name: 'expiry',
      dependsOn: [...natKeys, ...SERVERS],
      document,
      label: (ctx) => ['res_expiryPolicy', nat(ctx).key],
    }),
    scheduleGroup({ key: 'expiryGroup', chapter: EXPIRY_CHAPTER, name: expiryGroupName, optional: noExpiry }),
    schedule({
      key: 'natExpiry',
      chapter: EXPIRY_CHAPTER,
      name: 'nat',
      group: 'expiryGroup',
      role: 'expiryRole',
      dependsOn: ['expiryPolicy', ...natKeys],
      api: (ctx) => nat(ctx).api,
      input: (ctx) => nat(ctx).input(ctx),
      at: expiresAt,
      label: (ctx) => ['res_natExpiry', expiresAt(ctx), nat(ctx).key],
      // `destroy --nat-only` takes it too: left, it would retry a call on a NAT that is gone.
      natPart: true,
    }),
    schedule({
      key: 'serversExpiry',
      chapter: EXPIRY_CHAPTER,
      name: 'servers',
      group: 'expiryGroup',
      role: 'expiryRole',
      dependsOn: ['expiryPolicy', ...SERVERS],
      api: () => 'ec2:stopInstances',
      input: (ctx) => ({ InstanceIds: SERVERS.map((k) => parent(ctx, k).id) }),
      at: expiresAt,
      label: (ctx) => ['res_serversExpiry', expiresAt(ctx)],
    }),
  ];
  // `--expires-in never`: none of it is wanted (up removes what exists).
  return resources.map((r) => ({ ...r, wanted: r.wanted ?? ((ctx: LabContext) => expiresAt(ctx) !== undefined) }));
}
