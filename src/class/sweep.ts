import { ListRolesCommand, ListRoleTagsCommand, type Role } from '@aws-sdk/client-iam';
import { ListScheduleGroupsCommand, ListTagsForResourceCommand, type ScheduleGroupSummary } from '@aws-sdk/client-scheduler';
import { EXPIRY_NAME_PREFIX } from '../lab/chapters/expiry.js';
import { listTagged } from '../lab/core/inventory.js';
import { TAG_LAB, tagValue } from '../lab/core/tags.js';
import { ROLE_PATH } from '../lab/kinds/iam-role.js';
import type { SweptKind } from '../ui/messages/en-class.js';
import { TAG_CLASS } from './labs.js';
import type { Target } from './targets.js';

/** The kinds the sweep looks for: EC2's, and the expiry's schedule group and IAM role (named in ui/messages). */
export type { SweptKind };

/** Something in AWS still tagged with the class. */
export interface Tagged {
  kind: SweptKind;
  id: string;
  /** The lab it was made for (its aws-lab-setup:lab tag). */
  lab?: string;
  target: string;
}

/** The calls the sweep makes besides the lab's own look-ups (`policy --class` adds them). */
export const SWEEP_ACTIONS = ['scheduler:ListScheduleGroups', 'scheduler:ListTagsForResource', 'iam:ListRoles', 'iam:ListRoleTags'];

type Tags = { Key?: string; Value?: string }[] | undefined;
const ofClass = (tags: Tags, klass: string) => tagValue(tags, TAG_CLASS) === klass;

/** The expiry's schedule groups of the region (named aws-lab-setup-<lab>) tagged with the class. */
async function scheduleGroups(t: Target, klass: string): Promise<Tagged[]> {
  const { scheduler } = t.clients;
  const groups: ScheduleGroupSummary[] = [];
  let NextToken: string | undefined;
  do {
    const out = await scheduler.send(new ListScheduleGroupsCommand({ NamePrefix: EXPIRY_NAME_PREFIX, NextToken }));
    groups.push(...(out.ScheduleGroups ?? []).filter((g) => g.State !== 'DELETING'));
    NextToken = out.NextToken;
  } while (NextToken);
  const tagged = await Promise.all(groups.map(async (g) => ({ g, tags: (await scheduler.send(new ListTagsForResourceCommand({ ResourceArn: g.Arn }))).Tags })));
  return tagged.filter(({ tags }) => ofClass(tags, klass)).map(({ g, tags }) => ({ kind: 'scheduleGroups', id: g.Name!, lab: tagValue(tags, TAG_LAB), target: t.id }));
}

/**
 * The expiry's IAM roles of the region tagged with the class. IAM is global to the account:
 * a role's name ends with the region of its lab (aws-lab-setup-<lab>-<region>), so each
 * target sweeps only its region's. ListRoles gives no tags: ListRoleTags, role by role.
 */
async function iamRoles(t: Target, klass: string): Promise<Tagged[]> {
  const { iam } = t.clients;
  const roles: Role[] = [];
  let Marker: string | undefined;
  do {
    const out = await iam.send(new ListRolesCommand({ PathPrefix: ROLE_PATH, Marker }));
    roles.push(...(out.Roles ?? []).filter((r) => r.RoleName?.startsWith(EXPIRY_NAME_PREFIX) && r.RoleName.endsWith(`-${t.region}`)));
    Marker = out.IsTruncated ? out.Marker : undefined;
  } while (Marker);
  const tagged = await Promise.all(roles.map(async (r) => ({ r, tags: (await iam.send(new ListRoleTagsCommand({ RoleName: r.RoleName }))).Tags })));
  return tagged.filter(({ tags }) => ofClass(tags, klass)).map(({ r, tags }) => ({ kind: 'iamRoles', id: r.RoleName!, lab: tagValue(tags, TAG_LAB), target: t.id }));
}

/**
 * Everything in the target still tagged with the class: what a class's teardown must leave
 * empty. EC2's kinds (terminated instances and deleted NAT gateways are gone, whatever
 * their tags), the expiry's schedule groups and IAM roles.
 */
export async function taggedWithClass(t: Target, klass: string): Promise<Tagged[]> {
  const [listed, groups, roles] = await Promise.all([listTagged(t.clients.ec2, TAG_CLASS, klass), scheduleGroups(t, klass), iamRoles(t, klass)]);
  const ec2 = listed.flatMap(({ kind, items, id }) => items.map((i): Tagged => ({ kind, id: id(i), lab: tagValue(i.Tags, TAG_LAB), target: t.id })));
  return [...ec2, ...groups, ...roles];
}
