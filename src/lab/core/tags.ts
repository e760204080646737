import type { Tag, TagSpecification, ResourceType } from '@aws-sdk/client-ec2';
import { EC2_KINDS, type Ec2Kind, type Ec2KindName } from '../../aws/ec2-kinds.js';

export const TOOL = 'aws-lab-setup';
export const TAG_MANAGED_BY = 'ManagedBy';
export const TAG_LAB = 'aws-lab-setup:lab';
export const TAG_RESOURCE = 'aws-lab-setup:resource';

/** Tags whoever runs the lab asks for on every resource of it (settings.extraTags). */
export type ExtraTags = Readonly<Record<string, string>>;

/**
 * Tags that say: made by this tool, for this lab, as this resource of it; then the extra
 * tags asked for (never in place of these four).
 */
export function labTags(lab: string, key: string, name: string, extra: ExtraTags = {}): { Key: string; Value: string }[] {
  const own = [
    { Key: 'Name', Value: `${lab}-${name}` },
    { Key: TAG_MANAGED_BY, Value: TOOL },
    { Key: TAG_LAB, Value: lab },
    { Key: TAG_RESOURCE, Value: key },
  ];
  const taken = new Set(own.map((t) => t.Key));
  return [...own, ...Object.entries(extra).filter(([k]) => !taken.has(k)).map(([Key, Value]) => ({ Key, Value }))];
}

/** The TagSpecifications ResourceType of an EC2 kind (its descriptor's). */
export function tagResource(kind: Ec2KindName): ResourceType {
  const type = (EC2_KINDS[kind] as Ec2Kind).tagResource;
  if (!type) throw new Error(`internal: EC2 kind ${kind} cannot be tagged at its create`);
  return type;
}

/** The lab's tags on a new resource of an EC2 kind, at its create. */
export function tagSpec(kind: Ec2KindName, lab: string, key: string, name: string, extra?: ExtraTags): TagSpecification[] {
  return [{ ResourceType: tagResource(kind), Tags: labTags(lab, key, name, extra) }];
}

export function tagValue(tags: Tag[] | undefined, key: string): string | undefined {
  return tags?.find((t) => t.Key === key)?.Value;
}

/**
 * Ours, for this lab. Checked on every item AWS returns: some endpoints (and moto on
 * DescribeNatGateways) ignore a tag filter, and another lab may share the account.
 */
export function isLab(tags: Tag[] | undefined, lab: string): boolean {
  return tagValue(tags, TAG_MANAGED_BY) === TOOL && tagValue(tags, TAG_LAB) === lab;
}

/** The server-side filter; results are still checked with isLab. */
export function labFilter(lab: string) {
  return [{ Name: `tag:${TAG_LAB}`, Values: [lab] }];
}
