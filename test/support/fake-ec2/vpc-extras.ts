/**
 * What tearing down a hand-built VPC reads and deletes besides the lab's kinds: network ACLs
 * (a default one per VPC; custom ones, their entries and associations), network interfaces
 * (as EC2 shows an instance's and a NAT gateway's), the instances' root volumes, and the
 * VPC's peering connections, transit gateway attachments and endpoints (none: the fake
 * makes none).
 */
import type { NetworkAclEntry, Tag } from '@aws-sdk/client-ec2';
import { awsError, dependencyViolation, need, notFound } from './errors.js';
import { applyFilters, pickIds } from './filters.js';
import type { Base } from './records.js';
import type { Store } from './store.js';
import { tagsFromSpecs, tagsOut } from './tags.js';

interface AclRec extends Base {
  vpcId: string;
  isDefault: boolean;
  entries: NetworkAclEntry[];
}

const OWNER_ID = '123456789012';
/** A new ACL's entries: a default one allows all (rule 100) then denies (32767); a custom one only denies. */
const entriesOf = (isDefault: boolean): NetworkAclEntry[] =>
  [false, true].flatMap((Egress) => [
    ...(isDefault ? [{ RuleNumber: 100, Protocol: '-1', RuleAction: 'allow' as const, Egress, CidrBlock: '0.0.0.0/0' }] : []),
    { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny' as const, Egress, CidrBlock: '0.0.0.0/0' },
  ]);

export class VpcExtrasService {
  private acls = new Map<string, AclRec>();
  /** Each subnet's association: its ID and ACL (a subnet without one is on its VPC's default ACL). */
  private assocs = new Map<string, { id: string; aclId: string }>();

  constructor(private readonly s: Store) {}

  /** Every live VPC has its default ACL, every live subnet an association; a gone VPC's ACLs go with it. */
  private sync(): void {
    const vpcs = this.s.live(this.s.vpcs);
    for (const a of this.acls.values()) if (a.goneAt === undefined && !vpcs.some((v) => v.id === a.vpcId)) a.goneAt = this.s.now();
    for (const v of vpcs) {
      if (![...this.acls.values()].some((a) => a.vpcId === v.id && a.isDefault)) {
        const id = this.s.newId('acl');
        this.acls.set(id, { id, vpcId: v.id, isDefault: true, entries: entriesOf(true), tags: [], createdAt: this.s.now() });
      }
    }
    const subnets = this.s.live(this.s.subnets);
    for (const sn of this.assocs.keys()) if (!subnets.some((x) => x.id === sn)) this.assocs.delete(sn);
    for (const sn of subnets) {
      if (this.assocs.has(sn.id)) continue;
      const def = [...this.acls.values()].find((a) => a.vpcId === sn.vpcId && a.isDefault && a.goneAt === undefined)!;
      this.assocs.set(sn.id, { id: this.s.newId('aclassoc'), aclId: def.id });
    }
  }

  private acl(id: string | undefined): AclRec {
    const a = this.acls.get(need(id, 'NetworkAclId'));
    if (!a || a.goneAt !== undefined) throw notFound('acl', id!);
    return a;
  }

  createNetworkAcl(i: any) {
    this.sync();
    const vpc = this.s.vpc(i.VpcId);
    const id = this.s.newId('acl');
    const rec: AclRec = { id, vpcId: vpc.id, isDefault: false, entries: entriesOf(false), tags: tagsFromSpecs(i.TagSpecifications, 'network-acl'), createdAt: this.s.now() };
    this.acls.set(id, rec);
    return { NetworkAcl: this.view(rec) };
  }

  createNetworkAclEntry(i: any) {
    const a = this.acl(i.NetworkAclId);
    const rule = need<number>(i.RuleNumber, 'RuleNumber');
    const egress = Boolean(i.Egress);
    if (a.entries.some((e) => e.RuleNumber === rule && e.Egress === egress)) throw awsError('NetworkAclEntryAlreadyExists', `The network acl entry identified by ${rule} already exists.`);
    a.entries.push({ RuleNumber: rule, Protocol: need(i.Protocol, 'Protocol'), RuleAction: need(i.RuleAction, 'RuleAction'), Egress: egress, CidrBlock: i.CidrBlock, PortRange: i.PortRange });
    return {};
  }

  replaceNetworkAclAssociation(i: any) {
    this.sync();
    const a = this.acl(i.NetworkAclId);
    const entry = [...this.assocs.entries()].find(([, x]) => x.id === i.AssociationId);
    if (!entry) throw awsError('InvalidAssociationID.NotFound', `The association ID '${i.AssociationId}' does not exist`);
    const id = this.s.newId('aclassoc');
    this.assocs.set(entry[0], { id, aclId: a.id });
    return { NewAssociationId: id };
  }

  /** The default ACL goes only with its VPC; a custom one not while a subnet is associated with it. */
  deleteNetworkAcl(i: any) {
    this.sync();
    const a = this.acl(i.NetworkAclId);
    if (a.isDefault) throw awsError('InvalidParameterValue', `cannot delete default network ACL ${a.id}`);
    if ([...this.assocs.values()].some((x) => x.aclId === a.id)) throw dependencyViolation(`The network ACL '${a.id}' has dependencies and cannot be deleted.`);
    a.goneAt = this.s.now();
    return {};
  }

  /** Whether a VPC still has a custom ACL: it holds the VPC (DeleteVpc). */
  holdsVpc(vpcId: string): boolean {
    return [...this.acls.values()].some((a) => a.vpcId === vpcId && !a.isDefault && a.goneAt === undefined);
  }

  describeNetworkAcls(i: any) {
    this.sync();
    const pool = pickIds(this.s.live(this.acls), i.NetworkAclIds, (x) => x.id, 'acl');
    const subnetsOf = (a: AclRec) => [...this.assocs.entries()].filter(([, x]) => x.aclId === a.id).map(([sn]) => sn);
    const out = applyFilters(
      pool,
      i.Filters,
      { 'network-acl-id': (x) => x.id, 'vpc-id': (x) => x.vpcId, default: (x) => x.isDefault, 'association.subnet-id': (x) => subnetsOf(x) },
      (x) => x.tags,
    );
    return { NetworkAcls: out.map((a) => this.view(a)) };
  }

  private view(a: AclRec) {
    const associations = [...this.assocs.entries()].filter(([, x]) => x.aclId === a.id).map(([sn, x]) => ({ NetworkAclAssociationId: x.id, NetworkAclId: a.id, SubnetId: sn }));
    return { NetworkAclId: a.id, VpcId: a.vpcId, IsDefault: a.isDefault, Entries: structuredClone(a.entries), Associations: associations, OwnerId: OWNER_ID, Tags: tagsOut(a.tags) as Tag[] | undefined };
  }

  /** An instance's interface (its primary, deleted with it) and a NAT gateway's (requester-managed, deleted with it). */
  describeNetworkInterfaces(i: any) {
    const instances = this.s.liveInstances().map((x) => ({
      NetworkInterfaceId: x.eniId,
      SubnetId: x.subnetId,
      VpcId: x.vpcId,
      InterfaceType: 'interface',
      RequesterManaged: false,
      Status: 'in-use',
      PrivateIpAddress: x.privateIp,
      Groups: x.sgIds.map((GroupId) => ({ GroupId })),
      Attachment: { InstanceId: x.id, DeviceIndex: 0, DeleteOnTermination: true, Status: 'attached' },
    }));
    const nats = this.s.liveNats().map((n) => ({
      NetworkInterfaceId: n.eniId,
      SubnetId: n.subnetId,
      VpcId: n.vpcId,
      InterfaceType: 'natGateway',
      RequesterManaged: true,
      Status: 'in-use',
      PrivateIpAddress: n.privateIp,
      Description: `Interface for NAT Gateway ${n.id}`,
      Groups: [],
    }));
    const pool = pickIds([...instances, ...nats], i.NetworkInterfaceIds, (x) => x.NetworkInterfaceId, 'eni');
    const out = applyFilters(pool, i.Filters, { 'vpc-id': (x) => x.VpcId, 'subnet-id': (x) => x.SubnetId, 'network-interface-id': (x) => x.NetworkInterfaceId }, () => []);
    return { NetworkInterfaces: out };
  }

  /** Every interface the fake shows goes with its instance or NAT gateway: AWS refuses to delete it while in use. */
  deleteNetworkInterface(i: any): object {
    const id = need<string>(i.NetworkInterfaceId, 'NetworkInterfaceId');
    const { NetworkInterfaces } = this.describeNetworkInterfaces({});
    if (!NetworkInterfaces.some((n) => n.NetworkInterfaceId === id)) throw notFound('eni', id);
    throw awsError('InvalidNetworkInterface.InUse', `Interface: [${id}] in use.`);
  }

  /** Each instance's root volume: 8 GB gp3, deleted with it. */
  describeVolumes(i: any) {
    const volumes = this.s.liveInstances().map((x) => ({
      VolumeId: `vol-${x.id.slice(2)}`,
      Size: 8,
      VolumeType: 'gp3',
      State: 'in-use',
      Attachments: [{ InstanceId: x.id, Device: '/dev/xvda', DeleteOnTermination: true, State: 'attached' }],
    }));
    return { Volumes: applyFilters(volumes, i.Filters, { 'attachment.instance-id': (x) => x.Attachments[0].InstanceId }, () => []) };
  }

  describeVpcPeeringConnections = () => ({ VpcPeeringConnections: [] });
  describeTransitGatewayVpcAttachments = () => ({ TransitGatewayVpcAttachments: [] });
  describeVpcEndpoints = () => ({ VpcEndpoints: [] });
}
