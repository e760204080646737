/** Eventual consistency (timings.eventualMs): a new ID is NotFound, and left out of filtered listings, for a while. */
import type { Reservation } from '@aws-sdk/client-ec2';
import { notFound, type Kind } from './errors.js';
import type { Base } from './records.js';
import type { Store } from './store.js';

/** Every string anywhere in a request. */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object' && !(value instanceof Uint8Array)) for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

/** Which field is the ID of the items of each Describe answer's list. */
export const LISTED_ID: Record<string, string> = {
  Vpcs: 'VpcId',
  Subnets: 'SubnetId',
  InternetGateways: 'InternetGatewayId',
  RouteTables: 'RouteTableId',
  SecurityGroups: 'GroupId',
  KeyPairs: 'KeyPairId',
  Addresses: 'AllocationId',
  NatGateways: 'NatGatewayId',
};

/** The "eventual" mode (timings.eventualMs): new IDs are invisible for a while. */
export class Eventual {
  constructor(private readonly s: Store) {}

  private get ms(): number {
    return this.s.timings.eventualMs ?? 0;
  }

  private isNew(rec: Base | undefined): boolean {
    return rec !== undefined && this.s.now() - rec.createdAt < this.ms;
  }

  /** The kind of a record made less than eventualMs ago with this ID. */
  private newKind(id: string): Kind | undefined {
    const s = this.s;
    const maps: [Map<string, Base>, Kind][] = [
      [s.vpcs, 'vpc'],
      [s.subnets, 'subnet'],
      [s.igws, 'igw'],
      [s.routeTables, 'rtb'],
      [s.securityGroups, 'sg'],
      [s.instances, 'instance'],
      [s.addresses, 'address'],
      [s.natGateways, 'nat'],
    ];
    return maps.find(([map]) => this.isNew(map.get(id)))?.[1];
  }

  /** A call naming a new ID: that kind's NotFound, as EC2 answers before the ID has spread. */
  refuseNew(input: object): void {
    if (!this.ms) return;
    for (const id of stringsIn(input)) {
      const kind = this.newKind(id);
      if (kind) throw notFound(kind, id);
    }
  }

  /** A filtered listing (no ID list) leaves new resources out. */
  hideNew(input: Record<string, unknown>, out: object): object {
    if (!this.ms) return out;
    const filtered = Boolean(input.Filters ?? input.Filter);
    const byId = Object.entries(input).some(([k, v]) => /Ids$/.test(k) && Array.isArray(v) && v.length > 0);
    if (!filtered || byId) return out;
    const o = out as Record<string, unknown>;
    const visible = (item: Record<string, unknown>, field: string) => !this.newKind(String(item[field])) && !this.isNewKey(item, field);
    for (const [list, field] of Object.entries(LISTED_ID)) {
      if (Array.isArray(o[list])) o[list] = (o[list] as Record<string, unknown>[]).filter((i) => visible(i, field));
    }
    if (Array.isArray(o.Reservations)) {
      o.Reservations = (o.Reservations as Reservation[])
        .map((r) => ({ ...r, Instances: (r.Instances ?? []).filter((i) => !this.newKind(i.InstanceId!)) }))
        .filter((r) => r.Instances.length > 0);
    }
    return out;
  }

  private isNewKey(item: Record<string, unknown>, field: string): boolean {
    return field === 'KeyPairId' && this.isNew(this.s.keyPairs.get(String(item[field])));
  }
}
