import { listTagged, type ListedKind } from '../lab/core/inventory.js';
import { TAG_LAB, tagValue } from '../lab/core/tags.js';
import { TAG_CLASS } from './labs.js';
import type { Target } from './targets.js';

/** Something in AWS still tagged with the class. */
export interface Tagged {
  kind: string;
  id: string;
  /** The lab it was made for (its aws-lab-setup:lab tag). */
  lab?: string;
  target: string;
}

/** How the leftovers name each kind. */
const KIND_NAMES: Record<ListedKind, string> = {
  vpcs: 'VPC',
  subnets: 'subnet',
  internetGateways: 'internet gateway',
  routeTables: 'route table',
  securityGroups: 'security group',
  keyPairs: 'key pair',
  instances: 'instance',
  addresses: 'Elastic IP',
  natGateways: 'NAT gateway',
};

/**
 * Everything of EC2 in the target still tagged with the class: what a class's teardown
 * must leave empty. Terminated instances and deleted NAT gateways are gone, whatever their tags.
 */
export async function taggedWithClass(t: Target, klass: string): Promise<Tagged[]> {
  const listed = await listTagged(t.clients.ec2, TAG_CLASS, klass);
  return listed.flatMap(({ kind, items, id }) => items.map((i) => ({ kind: KIND_NAMES[kind], id: id(i), lab: tagValue(i.Tags, TAG_LAB), target: t.id })));
}
