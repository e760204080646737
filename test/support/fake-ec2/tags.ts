/** Tags: TagSpecifications at create, CreateTags/DeleteTags on any resource, and AWS's omission of empty Tags. */
import type { Tag, TagSpecification } from '@aws-sdk/client-ec2';
import { awsError, need, notFound, type Kind } from './errors.js';
import type { Base } from './records.js';
import type { Store } from './store.js';

/** Tags for `want` from TagSpecifications; a spec for a type this call cannot tag is an error, as in AWS. */
export function tagsFromSpecs(specs: TagSpecification[] | undefined, want: string, allowed: readonly string[] = [want]): Tag[] {
  const out: Tag[] = [];
  for (const spec of specs ?? []) {
    if (!spec.ResourceType || !allowed.includes(spec.ResourceType)) {
      throw awsError(
        'InvalidParameterValue',
        `'${spec.ResourceType}' is not a valid taggable resource type for this operation.`,
      );
    }
    if (spec.ResourceType === want) mergeTags(out, spec.Tags ?? []);
  }
  return out;
}

export function mergeTags(into: Tag[], add: Tag[]): void {
  for (const t of add) {
    if (!t.Key) throw awsError('InvalidParameterValue', 'Tag keys must not be empty');
    if (t.Key.toLowerCase().startsWith('aws:')) {
      throw awsError('InvalidParameterValue', "Tag keys starting with 'aws:' are reserved for internal use");
    }
    const existing = into.find((x) => x.Key === t.Key);
    if (existing) existing.Value = t.Value ?? '';
    else into.push({ Key: t.Key, Value: t.Value ?? '' });
  }
}

/** AWS omits Tags entirely on untagged resources: code must cope with `Tags` undefined. */
export function tagsOut(tags: Tag[]): Tag[] | undefined {
  return tags.length ? tags.map((t) => ({ ...t })) : undefined;
}

/** CreateTags / DeleteTags on any resource this fake knows, found by ID prefix. */
export class TagService {
  constructor(private readonly s: Store) {}

  private resource(id: string): Base {
    const prefix = id.slice(0, id.lastIndexOf('-'));
    const table: Record<string, [Map<string, Base>, Kind]> = {
      vpc: [this.s.vpcs, 'vpc'],
      subnet: [this.s.subnets, 'subnet'],
      igw: [this.s.igws, 'igw'],
      rtb: [this.s.routeTables, 'rtb'],
      sg: [this.s.securityGroups, 'sg'],
      key: [this.s.keyPairs, 'key'],
      i: [this.s.instances, 'instance'],
      eipalloc: [this.s.addresses, 'address'],
      nat: [this.s.natGateways, 'nat'],
    };
    const entry = table[prefix];
    if (!entry) throw awsError('InvalidID', `The ID '${id}' is not valid`);
    const rec = entry[0].get(id);
    // Terminated instances and deleted NATs can still be tagged while they are listed.
    if (!rec || rec.goneAt !== undefined) throw notFound(entry[1], id);
    return rec;
  }

  createTags(i: any) {
    const recs = (need<string[]>(i.Resources, 'ResourceId') ?? []).map((id) => this.resource(id));
    const tags: Tag[] = need(i.Tags, 'Tag');
    for (const r of recs) mergeTags(r.tags, tags);
    return {};
  }

  deleteTags(i: any) {
    const recs = (need<string[]>(i.Resources, 'ResourceId') ?? []).map((id) => this.resource(id));
    for (const r of recs) {
      r.tags = i.Tags?.length
        ? r.tags.filter((t) => !i.Tags.some((d: Tag) => d.Key === t.Key && (d.Value === undefined || d.Value === t.Value)))
        : [];
    }
    return {};
  }
}
