/**
 * A VPC built by hand, as `check --vpc` reads it: which VPC the learner means (an ID, a
 * Name tag, or a pick from the account's VPCs that are not a lab of the tool's), and its
 * snapshot through the inventory's VPC scope (everything in it, whoever made it) with the
 * DNS attributes and network ACLs — one Describe call per kind, all at once where they do
 * not depend on each other. Every call here reads; the context's clients refuse any other.
 */
import { DescribeVpcsCommand, type EC2Client, type Vpc } from '@aws-sdk/client-ec2';
import { described, type Ec2KindName } from '../../aws/ec2-kinds.js';
import type { Sender } from '../../aws/retry.js';
import { UsageError } from '../../engine/errors.js';
import type { LabContext } from '../core/context.js';
import type { VpcSnapshot } from '../core/snapshot.js';
import { TAG_LAB, tagValue } from '../core/tags.js';
import { extrasOf, snapshotOfLab } from './lab.js';

/** The kinds a check lists (the inventory's, in a VPC's scope, and the network ACLs extrasOf asks). */
const CHECK_KINDS: Ec2KindName[] = ['vpc', 'subnet', 'internetGateway', 'routeTable', 'securityGroup', 'keyPair', 'instance', 'address', 'natGateway', 'networkAcl'];

/**
 * Every IAM action `check` calls (a VPC built by hand or a lab of the tool's), all reads:
 * the Describe of each kind it lists, the VPC's DNS attributes, and the console output the
 * servers' host keys are pinned from. `policy --check` prints them.
 */
export function checkActions(): string[] {
  const describes = CHECK_KINDS.map((k) => `ec2:${described(k).command.name.replace(/Command$/, '')}`);
  return [...new Set([...describes, 'ec2:DescribeVpcAttribute', 'ec2:GetConsoleOutput'])].sort();
}

/** A VPC the learner can pick: its ID, Name tag, CIDR and whether it is the region's default. */
export interface VpcChoice {
  id: string;
  name?: string;
  cidr?: string;
  isDefault: boolean;
}

const choiceOf = (v: Vpc): VpcChoice => ({ id: v.VpcId!, name: tagValue(v.Tags, 'Name'), cidr: v.CidrBlock, isDefault: v.IsDefault === true });

/** The account's VPCs that are not a lab of the tool's, the default VPC last (a learner may have built there). */
export async function vpcsToCheck(ec2: Sender<EC2Client>): Promise<VpcChoice[]> {
  const out = await ec2.send(new DescribeVpcsCommand({}));
  const mine = (out.Vpcs ?? []).filter((v) => tagValue(v.Tags, TAG_LAB) === undefined).map(choiceOf);
  return [...mine.filter((v) => !v.isDefault), ...mine.filter((v) => v.isDefault)];
}

/** A VPC's ID looks like this; anything else is a Name tag. */
export const isVpcId = (value: string): boolean => /^vpc-[0-9a-f]{8,17}$/.test(value);

/**
 * The VPC the learner named: by ID as it is (its snapshot says whether it exists), by Name
 * tag among the account's VPCs (one DescribeVpcs): none is exit 2 naming it, several exit 2
 * with their IDs.
 */
export async function resolveVpc(ec2: Sender<EC2Client>, value: string): Promise<string> {
  if (isVpcId(value)) return value;
  const out = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: [value] }] }));
  // Some endpoints ignore a tag filter: checked item by item too.
  const ids = (out.Vpcs ?? []).filter((v) => tagValue(v.Tags, 'Name') === value).map((v) => v.VpcId!);
  if (ids.length === 0) throw new UsageError(['err_vpcUnknown', value], ['hint_vpcUnknown']);
  if (ids.length > 1) throw new UsageError(['err_vpcAmbiguous', value, ids], ['hint_vpcAmbiguous']);
  return ids[0];
}

/**
 * Everything in one VPC as EC2 describes it, from a context whose inventory looks at that
 * VPC (scope `{by:'vpc'}`): the lists and the extras all at once. An unknown VPC is exit 2.
 */
export async function snapshotOfVpc(ctx: LabContext, vpcId: string): Promise<VpcSnapshot> {
  const snapshot = await snapshotOfLab(ctx, vpcId, extrasOf(ctx, vpcId).catch(() => undefined));
  if (!snapshot) throw new UsageError(['err_vpcUnknown', vpcId], ['hint_vpcUnknown']);
  return snapshot;
}
