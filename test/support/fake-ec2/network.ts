/** VPCs, subnets and internet gateways: their validation and the DependencyViolations that order their deletes. */
import { cidrContains, cidrOverlaps, parseCidr } from './cidr.js';
import { awsError, dependencyViolation, need } from './errors.js';
import { applyFilters, pickIds } from './filters.js';
import type { IgwRec, SubnetRec, VpcRec } from './records.js';
import { OWNER_ID, type Store } from './store.js';
import { tagsFromSpecs } from './tags.js';
import type { Views } from './views.js';

export class NetworkService {
  constructor(
    private readonly s: Store,
    private readonly v: Views,
  ) {}

  // --- VPCs ---

  createVpc(i: any) {
    const text = need<string>(i.CidrBlock, 'CidrBlock');
    const cidr = parseCidr(text, true);
    if (!cidr) throw awsError('InvalidParameterValue', `Value (${text}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
    if (cidr.prefix < 16 || cidr.prefix > 28) throw awsError('InvalidVpc.Range', `The CIDR '${text}' is invalid.`);
    const tags = tagsFromSpecs(i.TagSpecifications, 'vpc');
    const now = this.s.now();
    const vpcId = this.s.newId('vpc');
    const vpc: VpcRec = {
      id: vpcId,
      tags,
      createdAt: now,
      cidr,
      cidrAssocId: this.s.newId('vpc-cidr-assoc'),
      // A new (non-default) VPC has DNS resolution on but DNS hostnames OFF: instances get
      // no public DNS name until ModifyVpcAttribute turns it on.
      dnsSupport: true,
      dnsHostnames: false,
      mainRtbId: this.s.newId('rtb'),
      defaultSgId: this.s.newId('sg'),
    };
    this.s.vpcs.set(vpcId, vpc);
    // Every VPC comes with a main route table (local route only) ...
    this.s.routeTables.set(vpc.mainRtbId, {
      id: vpc.mainRtbId,
      tags: [],
      createdAt: now,
      vpcId,
      routes: [{ dest: text, gatewayId: 'local', origin: 'CreateRouteTable' }],
      assocs: [{ id: this.s.newId('rtbassoc'), main: true }],
    });
    // ... and a 'default' security group: all traffic from itself in, everything out.
    this.s.securityGroups.set(vpc.defaultSgId, {
      id: vpc.defaultSgId,
      tags: [],
      createdAt: now,
      vpcId,
      name: 'default',
      description: 'default VPC security group',
      isDefault: true,
      ingress: [{ ruleId: this.s.newId('sgr'), proto: '-1', groupId: vpc.defaultSgId }],
      egress: [{ ruleId: this.s.newId('sgr'), proto: '-1', cidr: '0.0.0.0/0' }],
    });
    // The CreateVpc response itself still says 'pending'; Describe says 'available'.
    return { Vpc: { ...this.v.vpc(vpc), State: 'pending' } };
  }

  describeVpcs(i: any) {
    const pool = pickIds(this.s.live(this.s.vpcs), i.VpcIds, (v) => v.id, 'vpc');
    const out = applyFilters(
      pool,
      i.Filters,
      {
        'vpc-id': (v) => v.id,
        cidr: (v) => v.cidr.text,
        'cidr-block-association.cidr-block': (v) => v.cidr.text,
        state: () => 'available',
        'is-default': () => false,
        'owner-id': () => OWNER_ID,
      },
      (v) => v.tags,
    );
    return { Vpcs: out.map((v) => this.v.vpc(v)) };
  }

  describeVpcAttribute(i: any) {
    const vpc = this.s.vpc(i.VpcId);
    switch (need<string>(i.Attribute, 'Attribute')) {
      case 'enableDnsSupport':
        return { VpcId: vpc.id, EnableDnsSupport: { Value: vpc.dnsSupport } };
      case 'enableDnsHostnames':
        return { VpcId: vpc.id, EnableDnsHostnames: { Value: vpc.dnsHostnames } };
      default:
        throw awsError('InvalidParameterValue', `Value (${i.Attribute}) for parameter attribute is invalid.`);
    }
  }

  modifyVpcAttribute(i: any) {
    const vpc = this.s.vpc(i.VpcId);
    // AWS takes exactly one attribute per call.
    const given = [i.EnableDnsSupport, i.EnableDnsHostnames, i.EnableNetworkAddressUsageMetrics].filter(
      (x) => x !== undefined,
    );
    if (given.length !== 1) {
      throw awsError('InvalidParameterCombination', 'Fields for multiple attribute types specified: exactly one attribute must be modified per request');
    }
    if (i.EnableDnsSupport) vpc.dnsSupport = need<boolean>(i.EnableDnsSupport.Value, 'EnableDnsSupport.Value');
    if (i.EnableDnsHostnames) vpc.dnsHostnames = need<boolean>(i.EnableDnsHostnames.Value, 'EnableDnsHostnames.Value');
    return {};
  }

  deleteVpc(i: any) {
    const vpc = this.s.vpc(i.VpcId);
    const blockers = [
      ...this.s.live(this.s.subnets).filter((x) => x.vpcId === vpc.id).map((x) => x.id),
      ...this.s.live(this.s.igws).filter((x) => x.vpcId === vpc.id).map((x) => x.id),
      ...this.s.live(this.s.securityGroups).filter((x) => x.vpcId === vpc.id && !x.isDefault).map((x) => x.id),
      ...this.s.live(this.s.routeTables).filter((x) => x.vpcId === vpc.id && x.id !== vpc.mainRtbId).map((x) => x.id),
    ];
    if (blockers.length) {
      throw dependencyViolation(`The vpc '${vpc.id}' has dependencies and cannot be deleted.`);
    }
    const now = this.s.now();
    vpc.goneAt = now;
    this.s.routeTables.get(vpc.mainRtbId)!.goneAt = now;
    this.s.securityGroups.get(vpc.defaultSgId)!.goneAt = now;
    return {};
  }

  // --- subnets ---

  createSubnet(i: any) {
    const vpc = this.s.vpc(i.VpcId);
    const text = need<string>(i.CidrBlock, 'CidrBlock');
    const cidr = parseCidr(text, true);
    if (!cidr) throw awsError('InvalidParameterValue', `Value (${text}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
    if (cidr.prefix < 16 || cidr.prefix > 28 || !cidrContains(vpc.cidr, cidr)) {
      throw awsError('InvalidSubnet.Range', `The CIDR '${text}' is invalid.`);
    }
    if (this.s.live(this.s.subnets).some((x) => x.vpcId === vpc.id && cidrOverlaps(x.cidr, cidr))) {
      throw awsError('InvalidSubnet.Conflict', `The CIDR '${text}' conflicts with another subnet`);
    }
    const az: string = i.AvailabilityZone ?? this.s.cfg.azs[0];
    if (!this.s.cfg.azs.includes(az)) {
      throw awsError(
        'InvalidParameterValue',
        `Value (${az}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${this.s.cfg.azs.join(', ')}.`,
      );
    }
    const tags = tagsFromSpecs(i.TagSpecifications, 'subnet');
    const sn: SubnetRec = {
      id: this.s.newId('subnet'),
      tags,
      createdAt: this.s.now(),
      vpcId: vpc.id,
      cidr,
      az,
      mapPublicIp: false,
      nextHost: 4,
    };
    this.s.subnets.set(sn.id, sn);
    return { Subnet: this.v.subnet(sn) };
  }

  describeSubnets(i: any) {
    const pool = pickIds(this.s.live(this.s.subnets), i.SubnetIds, (x) => x.id, 'subnet');
    const out = applyFilters(
      pool,
      i.Filters,
      {
        'subnet-id': (x) => x.id,
        'vpc-id': (x) => x.vpcId,
        'cidr-block': (x) => x.cidr.text,
        'availability-zone': (x) => x.az,
        'map-public-ip-on-launch': (x) => x.mapPublicIp,
        state: () => 'available',
        'owner-id': () => OWNER_ID,
      },
      (x) => x.tags,
    );
    return { Subnets: out.map((x) => this.v.subnet(x)) };
  }

  modifySubnetAttribute(i: any) {
    const sn = this.s.subnet(i.SubnetId);
    if (i.MapPublicIpOnLaunch) sn.mapPublicIp = need<boolean>(i.MapPublicIpOnLaunch.Value, 'MapPublicIpOnLaunch.Value');
    return {};
  }

  deleteSubnet(i: any) {
    const sn = this.s.subnet(i.SubnetId);
    // Shutting-down instances and deleting NAT gateways still have ENIs in the subnet.
    const busy =
      this.s.liveInstances().some((x) => x.subnetId === sn.id) || this.s.liveNats().some((n) => n.subnetId === sn.id);
    if (busy) throw dependencyViolation(`The subnet '${sn.id}' has dependencies and cannot be deleted.`);
    // Explicit route table associations go away with the subnet.
    for (const t of this.s.live(this.s.routeTables)) t.assocs = t.assocs.filter((a) => a.subnetId !== sn.id);
    sn.goneAt = this.s.now();
    return {};
  }

  // --- internet gateways ---

  createInternetGateway(i: any) {
    const g: IgwRec = {
      id: this.s.newId('igw'),
      tags: tagsFromSpecs(i.TagSpecifications, 'internet-gateway'),
      createdAt: this.s.now(),
    };
    this.s.igws.set(g.id, g);
    return { InternetGateway: this.v.igw(g) };
  }

  attachInternetGateway(i: any) {
    const g = this.s.igw(i.InternetGatewayId);
    const vpc = this.s.vpc(i.VpcId);
    if (g.vpcId) {
      throw awsError('Resource.AlreadyAssociated', `resource ${g.id} is already attached to network ${g.vpcId}`);
    }
    if (this.s.attachedIgw(vpc.id)) {
      throw awsError('Resource.AlreadyAssociated', `Network ${vpc.id} already has an internet gateway attached`);
    }
    g.vpcId = vpc.id;
    return {};
  }

  detachInternetGateway(i: any) {
    const g = this.s.igw(i.InternetGatewayId);
    const vpc = this.s.vpc(i.VpcId);
    if (g.vpcId !== vpc.id) {
      throw awsError('Gateway.NotAttached', `resource ${g.id} is not attached to network ${vpc.id}`);
    }
    // "Mapped public addresses": EIPs on instances, NAT gateways (until deleted), and
    // instances' auto-assigned public IPs, until those instances are fully terminated.
    const mapped =
      this.s.liveInstances().some((x) => x.vpcId === vpc.id && this.s.publicIpOf(x) !== undefined) ||
      this.s.liveNats().some((n) => n.vpcId === vpc.id && n.connectivity === 'public');
    if (mapped) {
      throw dependencyViolation(
        `Network ${vpc.id} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`,
      );
    }
    g.vpcId = undefined;
    return {};
  }

  deleteInternetGateway(i: any) {
    const g = this.s.igw(i.InternetGatewayId);
    if (g.vpcId) throw dependencyViolation(`The internetGateway '${g.id}' has dependencies and cannot be deleted.`);
    g.goneAt = this.s.now();
    return {};
  }

  describeInternetGateways(i: any) {
    const pool = pickIds(this.s.live(this.s.igws), i.InternetGatewayIds, (x) => x.id, 'igw');
    const out = applyFilters(
      pool,
      i.Filters,
      {
        'internet-gateway-id': (x) => x.id,
        'attachment.vpc-id': (x) => x.vpcId,
        'attachment.state': (x) => (x.vpcId ? 'available' : undefined),
        'owner-id': () => OWNER_ID,
      },
      (x) => x.tags,
    );
    return { InternetGateways: out.map((x) => this.v.igw(x)) };
  }

}
