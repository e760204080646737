/**
 * What moto holds of the resources an EC2 request names, read as the request arrives (before
 * it is served): their tags, an image's owner, the address or route table an association
 * belongs to. The IAM evaluator (iam-requests.ts) takes a request's `ec2:ResourceTag/…` and
 * `ec2:Owner` from it, as AWS does at that moment — so a call on an untagged resource fails.
 */
import { DescribeAddressesCommand, DescribeImagesCommand, DescribeKeyPairsCommand, DescribeRouteTablesCommand, DescribeTagsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { RecordedRequest } from './recorded.js';

export interface Held {
  /** ID (a key pair: its name) -> its tags. */
  tags: Record<string, Record<string, string>>;
  /** AMI ID -> its owner as ec2:Owner names it ("amazon", else the account). */
  owners: Record<string, string>;
  /** Association ID -> the Elastic IP allocation or route table it belongs to. */
  parents: Record<string, string>;
}

const ID = /^([a-z]+)-[0-9a-f]{8,17}$/;
const asTags = (tags: { Key?: string; Value?: string }[] | undefined) => Object.fromEntries((tags ?? []).map((t) => [t.Key!, t.Value ?? '']));

/** The IDs and key names a request names. */
function named(params: Record<string, unknown>): { ids: string[]; keys: string[] } {
  const values = Object.entries(params).filter(([k, v]) => typeof v === 'string' && !k.startsWith('TagSpecification.') && !k.startsWith('Filter.'));
  return {
    ids: [...new Set(values.map(([, v]) => String(v)).filter((v) => ID.test(v)))],
    keys: values.filter(([k]) => k === 'KeyName').map(([, v]) => String(v)),
  };
}

export async function holdOf(target: string, r: RecordedRequest): Promise<Held> {
  const ec2 = new EC2Client({ endpoint: target, region: r.region, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const held: Held = { tags: {}, owners: {}, parents: {} };
  const { ids, keys } = named(r.params);
  const byPrefix = (p: string) => ids.filter((id) => id.startsWith(`${p}-`));
  const quietly = <T>(p: Promise<T>) => p.catch(() => undefined);
  const [tags, images, keyPairs, addresses, tables] = await Promise.all([
    ids.length ? quietly(ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: ids }], MaxResults: 1000 }))) : undefined,
    byPrefix('ami').length ? quietly(ec2.send(new DescribeImagesCommand({ ImageIds: byPrefix('ami') }))) : undefined,
    keys.length ? quietly(ec2.send(new DescribeKeyPairsCommand({ KeyNames: keys }))) : undefined,
    byPrefix('eipassoc').length ? quietly(ec2.send(new DescribeAddressesCommand({ Filters: [{ Name: 'association-id', Values: byPrefix('eipassoc') }] }))) : undefined,
    byPrefix('rtbassoc').length ? quietly(ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.route-table-association-id', Values: byPrefix('rtbassoc') }] }))) : undefined,
  ]);
  for (const t of tags?.Tags ?? []) (held.tags[t.ResourceId!] ??= {})[t.Key!] = t.Value ?? '';
  for (const i of images?.Images ?? []) held.owners[i.ImageId!] = i.ImageOwnerAlias ?? i.OwnerId ?? '';
  for (const k of keyPairs?.KeyPairs ?? []) held.tags[k.KeyName!] = asTags(k.Tags);
  for (const a of addresses?.Addresses ?? []) {
    held.parents[a.AssociationId!] = a.AllocationId!;
    held.tags[a.AllocationId!] = asTags(a.Tags);
  }
  for (const t of tables?.RouteTables ?? []) {
    for (const a of t.Associations ?? []) if (a.RouteTableAssociationId) held.parents[a.RouteTableAssociationId] = t.RouteTableId!;
    held.tags[t.RouteTableId!] = asTags(t.Tags);
  }
  ec2.destroy();
  return held;
}
