/** Records -> the response shapes the SDK returns (Vpc, Instance, ...), as AWS fills them. */
import type {
  Address,
  Instance,
  InternetGateway,
  InternetGatewayAttachment,
  IpPermission,
  KeyPairInfo,
  NatGateway,
  Reservation,
  RouteTable,
  SecurityGroup,
  Subnet,
  Vpc,
} from '@aws-sdk/client-ec2';
import { cidrSize } from './cidr.js';
import { INSTANCE_STATE_CODES, type AddressRec, type IgwRec, type InstanceRec, type KeyRec, type NatRec, type RouteRec, type RtbRec, type SgRec, type SgRule, type SubnetRec, type VpcRec } from './records.js';
import { OWNER_ID, type Store } from './store.js';
import { tagsOut } from './tags.js';

export class Views {
  constructor(private readonly s: Store) {}

  private get usEast1(): boolean {
    return this.s.cfg.region === 'us-east-1';
  }

  azId(az: string): string {
    const [geo, dir, num] = this.s.cfg.region.split('-');
    const idx = this.s.cfg.azs.indexOf(az);
    return `${geo}${dir?.[0] ?? ''}${num ?? ''}-az${idx + 1}`;
  }

  vpc(v: VpcRec): Vpc {
    return {
      VpcId: v.id,
      CidrBlock: v.cidr.text,
      State: 'available',
      OwnerId: OWNER_ID,
      InstanceTenancy: 'default',
      IsDefault: false,
      DhcpOptionsId: 'dopt-0fake0000000000000',
      CidrBlockAssociationSet: [
        { AssociationId: v.cidrAssocId, CidrBlock: v.cidr.text, CidrBlockState: { State: 'associated' } },
      ],
      Tags: tagsOut(v.tags),
    };
  }

  subnet(sn: SubnetRec): Subnet {
    const used =
      this.s.liveInstances().filter((i) => i.subnetId === sn.id).length +
      this.s.liveNats().filter((n) => n.subnetId === sn.id).length;
    return {
      SubnetId: sn.id,
      SubnetArn: `arn:aws:ec2:${this.s.cfg.region}:${OWNER_ID}:subnet/${sn.id}`,
      VpcId: sn.vpcId,
      CidrBlock: sn.cidr.text,
      AvailabilityZone: sn.az,
      AvailabilityZoneId: this.azId(sn.az),
      AvailableIpAddressCount: cidrSize(sn.cidr) - 5 - used,
      DefaultForAz: false,
      MapPublicIpOnLaunch: sn.mapPublicIp,
      State: 'available',
      OwnerId: OWNER_ID,
      Tags: tagsOut(sn.tags),
    };
  }

  igw(g: IgwRec): InternetGateway {
    return {
      InternetGatewayId: g.id,
      OwnerId: OWNER_ID,
      // Attached IGWs report 'available' (not 'attached') in DescribeInternetGateways.
      // (The SDK's enum says 'attached'; the wire value really is 'available'.)
      Attachments: g.vpcId ? [{ VpcId: g.vpcId, State: 'available' as InternetGatewayAttachment['State'] }] : [],
      Tags: tagsOut(g.tags),
    };
  }

  routeState(vpcId: string, r: RouteRec): 'active' | 'blackhole' {
    if (r.gatewayId === 'local') return 'active';
    if (r.gatewayId) {
      const g = this.s.igws.get(r.gatewayId);
      return g && g.goneAt === undefined && g.vpcId === vpcId ? 'active' : 'blackhole';
    }
    if (r.eniId) {
      // AWS: a route to the interface of a terminated instance is a blackhole (moto: active).
      const inst = [...this.s.instances.values()].find((x) => x.eniId === r.eniId);
      return inst && this.s.instanceLive(inst) ? 'active' : 'blackhole';
    }
    const n = r.natGatewayId ? this.s.natGateways.get(r.natGatewayId) : undefined;
    const st = n ? this.s.natState(n) : 'deleted';
    return st === 'pending' || st === 'available' ? 'active' : 'blackhole';
  }

  rtb(t: RtbRec): RouteTable {
    return {
      RouteTableId: t.id,
      VpcId: t.vpcId,
      OwnerId: OWNER_ID,
      Routes: t.routes.map((r) => ({
        DestinationCidrBlock: r.dest,
        ...(r.gatewayId ? { GatewayId: r.gatewayId } : {}),
        ...(r.natGatewayId ? { NatGatewayId: r.natGatewayId } : {}),
        // AWS names an instance's route by both; moto by the interface only.
        ...(r.eniId ? { NetworkInterfaceId: r.eniId, InstanceId: [...this.s.instances.values()].find((x) => x.eniId === r.eniId)?.id, InstanceOwnerId: OWNER_ID } : {}),
        Origin: r.origin,
        State: this.routeState(t.vpcId, r),
      })),
      Associations: t.assocs.map((a) => ({
        Main: a.main,
        RouteTableAssociationId: a.id,
        RouteTableId: t.id,
        ...(a.subnetId ? { SubnetId: a.subnetId } : {}),
        AssociationState: { State: 'associated' },
      })),
      PropagatingVgws: [],
      Tags: tagsOut(t.tags),
    };
  }

  /** Atomic rules regrouped the way AWS reports them: one IpPermission per protocol/port range. */
  permissions(rules: SgRule[]): IpPermission[] {
    const groups = new Map<string, IpPermission>();
    for (const r of rules) {
      const key = `${r.proto}|${r.from}|${r.to}`;
      let p = groups.get(key);
      if (!p) {
        p = {
          IpProtocol: r.proto,
          ...(r.proto === '-1' ? {} : { FromPort: r.from, ToPort: r.to }),
          IpRanges: [],
          Ipv6Ranges: [],
          PrefixListIds: [],
          UserIdGroupPairs: [],
        };
        groups.set(key, p);
      }
      const desc = r.description ? { Description: r.description } : {};
      if (r.cidr) p.IpRanges!.push({ CidrIp: r.cidr, ...desc });
      if (r.cidr6) p.Ipv6Ranges!.push({ CidrIpv6: r.cidr6, ...desc });
      if (r.groupId) p.UserIdGroupPairs!.push({ GroupId: r.groupId, UserId: OWNER_ID, ...desc });
    }
    return [...groups.values()];
  }

  sg(g: SgRec): SecurityGroup {
    return {
      GroupId: g.id,
      GroupName: g.name,
      Description: g.description,
      VpcId: g.vpcId,
      OwnerId: OWNER_ID,
      SecurityGroupArn: `arn:aws:ec2:${this.s.cfg.region}:${OWNER_ID}:security-group/${g.id}`,
      IpPermissions: this.permissions(g.ingress),
      IpPermissionsEgress: this.permissions(g.egress),
      Tags: tagsOut(g.tags),
    };
  }

  key(k: KeyRec): KeyPairInfo {
    return {
      KeyPairId: k.id,
      KeyName: k.name,
      KeyFingerprint: k.fingerprint,
      KeyType: k.keyType,
      CreateTime: new Date(k.createdAt),
      Tags: tagsOut(k.tags),
    };
  }

  private publicDns(ip: string | undefined, vpc: VpcRec | undefined): string {
    // Public DNS names need both VPC DNS attributes on; otherwise AWS reports ''.
    if (!ip || !vpc?.dnsHostnames || !vpc.dnsSupport) return '';
    const dashed = ip.replace(/\./g, '-');
    return this.usEast1
      ? `ec2-${dashed}.compute-1.amazonaws.com`
      : `ec2-${dashed}.${this.s.cfg.region}.compute.amazonaws.com`;
  }

  private privateDns(ip: string): string {
    const dashed = ip.replace(/\./g, '-');
    return this.usEast1 ? `ip-${dashed}.ec2.internal` : `ip-${dashed}.${this.s.cfg.region}.compute.internal`;
  }

  instance(i: InstanceRec): Instance {
    const state = this.s.instanceState(i);
    const live = state !== 'terminated';
    const vpc = this.s.vpcs.get(i.vpcId);
    const publicIp = this.s.publicIpOf(i);
    const publicDns = this.publicDns(publicIp, vpc);
    const subnet = this.s.subnets.get(i.subnetId);
    const groups = i.sgIds.map((id) => ({ GroupId: id, GroupName: this.s.securityGroups.get(id)?.name }));
    return {
      InstanceId: i.id,
      ImageId: i.imageId,
      InstanceType: i.instanceType as Instance['InstanceType'],
      KeyName: i.keyName,
      LaunchTime: new Date(i.createdAt),
      AmiLaunchIndex: i.launchIndex,
      Placement: { AvailabilityZone: subnet?.az, Tenancy: 'default' },
      State: { Code: INSTANCE_STATE_CODES[state], Name: state },
      ...(state === 'terminated' || state === 'shutting-down'
        ? { StateReason: { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' } }
        : {}),
      SubnetId: i.subnetId,
      VpcId: i.vpcId,
      PrivateIpAddress: i.privateIp,
      PrivateDnsName: this.privateDns(i.privateIp),
      PublicIpAddress: publicIp,
      PublicDnsName: publicDns,
      SecurityGroups: groups,
      ClientToken: i.clientToken,
      Architecture: /^[a-z]+\d+g[a-z]*\./.test(i.instanceType) ? 'arm64' : 'x86_64',
      SourceDestCheck: i.sourceDestCheck ?? true,
      RootDeviceType: 'ebs',
      MetadataOptions: { State: 'applied', ...i.metadata } as Instance['MetadataOptions'],
      NetworkInterfaces: live
        ? [
            {
              NetworkInterfaceId: i.eniId,
              SubnetId: i.subnetId,
              VpcId: i.vpcId,
              PrivateIpAddress: i.privateIp,
              Groups: groups,
              SourceDestCheck: i.sourceDestCheck ?? true,
              Attachment: { DeviceIndex: 0, Status: 'attached' },
              ...(publicIp
                ? {
                    Association: {
                      PublicIp: publicIp,
                      PublicDnsName: publicDns,
                      IpOwnerId: this.s.eipOfInstance(i.id) ? OWNER_ID : 'amazon',
                    },
                  }
                : {}),
            },
          ]
        : [],
      Tags: tagsOut(i.tags),
    };
  }

  reservation(reservationId: string): Reservation {
    return {
      ReservationId: reservationId,
      OwnerId: OWNER_ID,
      Groups: [],
      Instances: [...this.s.instances.values()]
        .filter((i) => i.reservationId === reservationId)
        .map((i) => this.instance(i)),
    };
  }

  address(a: AddressRec): Address {
    const nat = this.s.natHolding(a.id);
    const inst = a.assoc ? this.s.instances.get(a.assoc.instanceId) : undefined;
    return {
      AllocationId: a.id,
      PublicIp: a.publicIp,
      Domain: 'vpc',
      PublicIpv4Pool: 'amazon',
      NetworkBorderGroup: this.s.cfg.region,
      ...(a.assoc && inst
        ? {
            AssociationId: a.assoc.id,
            InstanceId: inst.id,
            NetworkInterfaceId: inst.eniId,
            NetworkInterfaceOwnerId: OWNER_ID,
            PrivateIpAddress: inst.privateIp,
          }
        : {}),
      ...(nat
        ? {
            AssociationId: nat.assocId,
            NetworkInterfaceId: nat.eniId,
            NetworkInterfaceOwnerId: OWNER_ID,
            PrivateIpAddress: nat.privateIp,
          }
        : {}),
      Tags: tagsOut(a.tags),
    };
  }

  nat(n: NatRec): NatGateway {
    const state = this.s.natState(n);
    const addrStatus =
      state === 'pending'
        ? 'associating'
        : state === 'available'
          ? 'succeeded'
          : state === 'failed'
            ? 'failed'
            : state === 'deleting'
              ? 'disassociating'
              : undefined;
    return {
      NatGatewayId: n.id,
      SubnetId: n.subnetId,
      VpcId: n.vpcId,
      State: state,
      ConnectivityType: n.connectivity,
      CreateTime: new Date(n.createdAt),
      ...(state === 'deleted' && n.deleteAt !== undefined
        ? { DeleteTime: new Date(n.deleteAt + (n.deleteTakesMs ?? this.s.timings.natDeletingMs)) }
        : {}),
      ...(n.failure && (state === 'failed' || state === 'deleting' || state === 'deleted')
        ? { FailureCode: n.failure.code, FailureMessage: n.failure.message }
        : {}),
      NatGatewayAddresses: [
        {
          AllocationId: n.allocationId,
          PublicIp: n.publicIp,
          NetworkInterfaceId: n.eniId,
          PrivateIp: n.privateIp,
          IsPrimary: true,
          ...(n.allocationId ? { AssociationId: n.assocId } : {}),
          Status: addrStatus,
        },
      ],
      Tags: tagsOut(n.tags),
    };
  }
}
