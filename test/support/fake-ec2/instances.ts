/** Instances (run, stop, start, terminate, attributes), the vCPU quota, and the types and zones offered. */
import type { Instance } from '@aws-sdk/client-ec2';
import { isStandardType } from '../../../src/aws/quotas.js';
import { cidrSize } from './cidr.js';
import { awsError, need } from './errors.js';
import { applyFilters, pickIds } from './filters.js';
import { INSTANCE_STATE_CODES, type InstanceRec } from './records.js';
import { ARM_AMI_ID, FAKE_VCPUS, OWNER_ID, vcpusOfType, type Store } from './store.js';
import { tagsFromSpecs } from './tags.js';
import type { Views } from './views.js';

export class InstanceService {
  constructor(
    private readonly s: Store,
    private readonly v: Views,
  ) {}

  runInstances(i: any) {
    const imageId = need<string>(i.ImageId, 'ImageId');
    if (!/^ami-[0-9a-z]+$/.test(imageId)) throw awsError('InvalidAMIID.Malformed', `Invalid id: "${imageId}"`);
    if (imageId !== this.s.cfg.amiId && imageId !== ARM_AMI_ID) throw awsError('InvalidAMIID.NotFound', `The image id '[${imageId}]' does not exist`);
    // A Graviton type runs the arm64 image only, and the others the x86_64 one.
    const typeArch = /^[a-z]+\d+g[a-z]*\./.test(i.InstanceType ?? '') ? 'arm64' : 'x86_64';
    const imageArch = imageId === ARM_AMI_ID ? 'arm64' : 'x86_64';
    if (typeArch !== imageArch) {
      throw awsError('InvalidParameterValue', `The architecture '${typeArch}' of the specified instance type does not match the architecture '${imageArch}' of the specified AMI.`);
    }
    const min = need<number>(i.MinCount, 'MinCount');
    const max = need<number>(i.MaxCount, 'MaxCount');
    if (min < 1 || max < min) throw awsError('InvalidParameterValue', 'MinCount must be >= 1 and <= MaxCount');

    // ClientToken: a retried RunInstances returns the original reservation instead of
    // launching twice. The token check comes first: replaying is valid even if, say, the key
    // pair has since been deleted.
    const reservationId = this.s.idempotent('RunInstances', i.ClientToken, i, () => this.launch(i, imageId, max));
    return this.v.reservation(reservationId);
  }

  private launch(i: any, imageId: string, count: number): string {
    // Where: either NetworkInterfaces[0] or the instance-level SubnetId/SecurityGroupIds, not both.
    let subnetId: string | undefined;
    let sgIds: string[] | undefined;
    let assocPublic: boolean | undefined;
    const nics: any[] = i.NetworkInterfaces ?? [];
    if (nics.length) {
      if (i.SubnetId !== undefined) {
        throw awsError('InvalidParameterCombination', 'Network interfaces and an instance-level subnet ID may not be specified on the same request');
      }
      if (i.SecurityGroupIds?.length || i.SecurityGroups?.length) {
        throw awsError('InvalidParameterCombination', 'Network interfaces and an instance-level security groups may not be specified on the same request');
      }
      const nic = nics.find((n) => (n.DeviceIndex ?? 0) === 0) ?? nics[0];
      subnetId = nic.SubnetId;
      sgIds = nic.Groups;
      assocPublic = nic.AssociatePublicIpAddress;
    } else {
      subnetId = i.SubnetId;
      sgIds = i.SecurityGroupIds;
      if (i.SecurityGroups?.length) {
        throw awsError('InvalidParameterCombination', 'The parameter groupName cannot be used with the parameter subnet');
      }
    }
    if (subnetId === undefined) throw awsError('VPCIdNotSpecified', 'No default VPC for this user');
    const subnet = this.s.subnet(subnetId);
    const vpc = this.s.vpc(subnet.vpcId);
    const groups = (sgIds?.length ? sgIds : [vpc.defaultSgId]).map((id) => this.s.sg(id));
    for (const g of groups) {
      if (g.vpcId !== vpc.id) {
        throw awsError('InvalidParameter', `Security group ${g.id} and subnet ${subnet.id} belong to different networks.`);
      }
    }
    if (i.KeyName !== undefined) this.s.keyByName(i.KeyName);

    const type: string = i.InstanceType ?? 'm1.small'; // AWS's historical default
    const azs = this.s.cfg.offerings[type];
    if (!azs) throw awsError('InvalidParameterValue', `Invalid value '${type}' for InstanceType.`);
    if (!azs.includes(subnet.az)) {
      throw awsError(
        'Unsupported',
        `Your requested instance type (${type}) is not supported in your requested Availability Zone (${subnet.az}). Please retry your request by not specifying an Availability Zone or choosing ${azs.join(', ')}.`,
      );
    }

    if (i.UserData !== undefined) {
      // The v3 SDK does not encode UserData for RunInstances: the caller must send base64.
      const ud: string = i.UserData;
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(ud) || ud.length % 4 !== 0) {
        throw awsError('InvalidParameterValue', 'Invalid BASE64 encoding of user data.');
      }
      if (Buffer.from(ud, 'base64').length > 16384) {
        throw awsError('InvalidParameterValue', 'User data is limited to 16384 bytes');
      }
    }

    const mo = i.MetadataOptions ?? {};
    // AL2023 AMIs default to IMDSv2-only with a hop limit of 2.
    const metadata = {
      HttpTokens: mo.HttpTokens ?? 'required',
      HttpPutResponseHopLimit: mo.HttpPutResponseHopLimit ?? 2,
      HttpEndpoint: mo.HttpEndpoint ?? 'enabled',
      InstanceMetadataTags: mo.InstanceMetadataTags ?? 'disabled',
    };
    if (!['optional', 'required'].includes(metadata.HttpTokens)) {
      throw awsError('InvalidParameterValue', `Invalid value '${metadata.HttpTokens}' for HttpTokens`);
    }
    if (metadata.HttpPutResponseHopLimit < 1 || metadata.HttpPutResponseHopLimit > 64) {
      throw awsError('InvalidParameterValue', 'HttpPutResponseHopLimit must be between 1 and 64');
    }

    const tags = tagsFromSpecs(i.TagSpecifications, 'instance', ['instance', 'volume', 'network-interface', 'spot-instances-request']);
    if (cidrSize(subnet.cidr) - 5 - (subnet.nextHost - 4) < count) {
      throw awsError('InsufficientFreeAddressesInSubnet', `There are not enough free addresses in subnet '${subnet.id}' to satisfy the requested number of instances.`);
    }
    this.checkVcpus(Array.from({ length: count }, () => type));
    const wantsPublic = assocPublic ?? subnet.mapPublicIp;
    const reservationId = this.s.newId('r');
    for (let n = 0; n < count; n++) {
      const inst: InstanceRec = {
        id: this.s.newId('i'),
        tags: tags.map((t) => ({ ...t })),
        createdAt: this.s.now(),
        reservationId,
        launchIndex: n,
        imageId,
        instanceType: type,
        keyName: i.KeyName,
        subnetId: subnet.id,
        vpcId: vpc.id,
        sgIds: groups.map((g) => g.id),
        privateIp: this.s.nextPrivateIp(subnet),
        eniId: this.s.newId('eni'),
        autoPublicIp: wantsPublic ? this.s.nextPublicIp() : undefined,
        userData: i.UserData,
        metadata,
        clientToken: i.ClientToken,
      };
      this.s.instances.set(inst.id, inst);
    }
    return reservationId;
  }

  describeInstances(i: any) {
    const pool = pickIds([...this.s.instances.values()], i.InstanceIds, (x) => x.id, 'instance');
    const out = applyFilters(
      pool,
      i.Filters,
      {
        'instance-id': (x) => x.id,
        'instance-state-name': (x) => this.s.instanceState(x),
        'instance-state-code': (x) => INSTANCE_STATE_CODES[this.s.instanceState(x)],
        'instance-type': (x) => x.instanceType,
        'image-id': (x) => x.imageId,
        'key-name': (x) => x.keyName,
        'vpc-id': (x) => x.vpcId,
        'subnet-id': (x) => x.subnetId,
        'availability-zone': (x) => this.s.subnets.get(x.subnetId)?.az,
        'private-ip-address': (x) => x.privateIp,
        'ip-address': (x) => this.s.publicIpOf(x),
        'reservation-id': (x) => x.reservationId,
        'client-token': (x) => x.clientToken,
        'instance.group-id': (x) => x.sgIds,
        'instance.group-name': (x) => x.sgIds.map((id) => this.s.securityGroups.get(id)?.name),
        'owner-id': () => OWNER_ID,
      },
      (x) => x.tags,
    );
    const byReservation = new Map<string, Instance[]>();
    for (const x of out) {
      const list = byReservation.get(x.reservationId) ?? [];
      list.push(this.v.instance(x));
      byReservation.set(x.reservationId, list);
    }
    return {
      Reservations: [...byReservation.entries()].map(([id, instances]) => ({
        ReservationId: id,
        OwnerId: OWNER_ID,
        Groups: [],
        Instances: instances,
      })),
    };
  }

  describeInstanceAttribute(i: any) {
    const inst = this.s.instance(i.InstanceId);
    switch (need<string>(i.Attribute, 'Attribute')) {
      case 'userData':
        return { InstanceId: inst.id, UserData: inst.userData !== undefined ? { Value: inst.userData } : {} };
      case 'instanceType':
        return { InstanceId: inst.id, InstanceType: { Value: inst.instanceType } };
      case 'groupSet':
        return { InstanceId: inst.id, Groups: inst.sgIds.map((id) => ({ GroupId: id })) };
      case 'disableApiTermination':
        return { InstanceId: inst.id, DisableApiTermination: { Value: false } };
      default:
        throw awsError('InvalidParameterValue', `Value (${i.Attribute}) for parameter attribute is not supported by this fake`);
    }
  }

  /** AWS stops only a running instance (a stopped one again is a no-op). */
  stopInstances(i: any) {
    const insts = need<string[]>(i.InstanceIds, 'InstanceIds').map((id) => this.s.instance(id));
    for (const inst of insts) {
      const state = this.s.instanceState(inst);
      if (state !== 'running' && state !== 'stopping' && state !== 'stopped') {
        throw awsError('IncorrectInstanceState', `This instance '${inst.id}' is not in a state from which it can be stopped.`);
      }
    }
    return {
      StoppingInstances: insts.map((inst) => {
        const prev = this.s.instanceState(inst);
        if (prev === 'running') inst.stoppedAt = this.s.now();
        const cur = this.s.instanceState(inst);
        return { InstanceId: inst.id, PreviousState: { Code: INSTANCE_STATE_CODES[prev], Name: prev }, CurrentState: { Code: INSTANCE_STATE_CODES[cur], Name: cur } };
      }),
    };
  }

  /** AWS starts only a stopped instance (a stopping one is refused). */
  startInstances(i: any) {
    const insts = need<string[]>(i.InstanceIds, 'InstanceIds').map((id) => this.s.instance(id));
    for (const inst of insts) {
      const state = this.s.instanceState(inst);
      if (state !== 'stopped' && state !== 'running' && state !== 'pending') {
        throw awsError('IncorrectInstanceState', `The instance '${inst.id}' is not in a state from which it can be started.`);
      }
    }
    this.checkVcpus(insts.filter((inst) => this.s.instanceState(inst) === 'stopped').map((inst) => inst.instanceType));
    return {
      StartingInstances: insts.map((inst) => {
        const prev = this.s.instanceState(inst);
        if (prev === 'stopped') inst.startedAt = this.s.now();
        const cur = this.s.instanceState(inst);
        return { InstanceId: inst.id, PreviousState: { Code: INSTANCE_STATE_CODES[prev], Name: prev }, CurrentState: { Code: INSTANCE_STATE_CODES[cur], Name: cur } };
      }),
    };
  }

  /**
   * SourceDestCheck (on the instance, AWS sets it on its primary interface; moto: not), or
   * userData given as Attribute=userData, Value=<base64> (as AWS documents for the CLI),
   * which AWS changes only while the instance is stopped.
   */
  /** ModifyInstanceMetadataOptions: the options given change, the others stay. */
  modifyInstanceMetadataOptions(i: any) {
    const inst = this.s.instance(i.InstanceId);
    if (!this.s.instanceLive(inst)) throw awsError('IncorrectInstanceState', `The instance '${inst.id}' is not in a valid state for this operation.`);
    const hop = i.HttpPutResponseHopLimit;
    if (hop !== undefined && (hop < 1 || hop > 64)) throw awsError('InvalidParameterValue', 'HttpPutResponseHopLimit must be between 1 and 64');
    if (i.HttpTokens !== undefined && !['optional', 'required'].includes(i.HttpTokens)) throw awsError('InvalidParameterValue', `Invalid value '${i.HttpTokens}' for HttpTokens`);
    inst.metadata = { ...inst.metadata, ...(i.HttpTokens ? { HttpTokens: i.HttpTokens } : {}), ...(hop !== undefined ? { HttpPutResponseHopLimit: hop } : {}), ...(i.HttpEndpoint ? { HttpEndpoint: i.HttpEndpoint } : {}) };
    return { InstanceId: inst.id, InstanceMetadataOptions: { State: 'pending', ...inst.metadata } };
  }

  /** DescribeImages by ID: every image the fake is asked about is an AL2023-like one (root /dev/xvda). */
  describeImages(i: any) {
    return { Images: (i.ImageIds ?? []).map((id: string) => ({ ImageId: id, RootDeviceName: '/dev/xvda', RootDeviceType: 'ebs' })) };
  }

  modifyInstanceAttribute(i: any) {
    const inst = this.s.instance(i.InstanceId);
    if (!this.s.instanceLive(inst)) throw awsError('IncorrectInstanceState', `The instance '${inst.id}' is not in a valid state for this operation.`);
    if (i.Attribute === 'userData') {
      if (typeof i.Value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(i.Value)) throw awsError('InvalidParameterValue', 'Invalid BASE64 encoding of user data.');
      const state = this.s.instanceState(inst);
      if (state !== 'stopped') throw awsError('IncorrectInstanceState', `The instance '${inst.id}' is not in the 'stopped' state.`);
      inst.userData = i.Value;
      return {};
    }
    if (i.SourceDestCheck?.Value === undefined) throw awsError('InvalidParameterCombination', 'This fake supports only SourceDestCheck and userData');
    inst.sourceDestCheck = i.SourceDestCheck.Value;
    return {};
  }

  terminateInstances(i: any) {
    const ids: string[] = need(i.InstanceIds, 'InstanceIds');
    // All IDs are checked before any instance is touched, as AWS does.
    const insts = ids.map((id) => this.s.instance(id));
    return {
      TerminatingInstances: insts.map((inst) => {
        const prev = this.s.instanceState(inst);
        if (inst.terminatedAt === undefined) inst.terminatedAt = this.s.now();
        const cur = this.s.instanceState(inst);
        return {
          InstanceId: inst.id,
          PreviousState: { Code: INSTANCE_STATE_CODES[prev], Name: prev },
          CurrentState: { Code: INSTANCE_STATE_CODES[cur], Name: cur },
        };
      }),
    };
  }

  /** Only the types asked for (AWS answers all of them when none are named, in pages: the tool always names them). */
  describeInstanceTypes(i: any) {
    const types: string[] = i.InstanceTypes ?? Object.keys(FAKE_VCPUS);
    const unknown = types.filter((t) => FAKE_VCPUS[t] === undefined);
    if (unknown.length) throw awsError('InvalidInstanceType', `The following supplied instance types do not exist: [${unknown.join(', ')}]`);
    return { InstanceTypes: types.map((t) => ({ InstanceType: t, VCpuInfo: { DefaultVCpus: FAKE_VCPUS[t] } })) };
  }

  /**
   * L-1216C47A as EC2 enforces it at RunInstances and StartInstances: the region's pending
   * and running Standard instances' vCPUs, with these, may not pass the limit.
   */
  private checkVcpus(adding: string[]): void {
    const standard = (type: string) => (isStandardType(type) ? vcpusOfType(type) : 0);
    const inUse = this.s
      .liveInstances()
      .filter((x) => ['pending', 'running'].includes(this.s.instanceState(x)))
      .reduce((sum, x) => sum + standard(x.instanceType), 0);
    const more = adding.reduce((sum, type) => sum + standard(type), 0);
    if (more > 0 && inUse + more > this.s.cfg.vcpuLimit) {
      throw awsError(
        'VcpuLimitExceeded',
        `You have requested more vCPU capacity than your current vCPU limit of ${this.s.cfg.vcpuLimit} allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.`,
      );
    }
  }

  describeInstanceTypeOfferings(i: any) {
    const locType: string = i.LocationType ?? 'region';
    const rows: { InstanceType: string; LocationType: string; Location: string }[] = [];
    for (const [type, azs] of Object.entries(this.s.cfg.offerings)) {
      if (locType === 'region') rows.push({ InstanceType: type, LocationType: locType, Location: this.s.cfg.region });
      else if (locType === 'availability-zone') for (const az of azs) rows.push({ InstanceType: type, LocationType: locType, Location: az });
      else if (locType === 'availability-zone-id') for (const az of azs) rows.push({ InstanceType: type, LocationType: locType, Location: this.v.azId(az) });
      else throw awsError('InvalidParameterValue', `Value (${locType}) for parameter locationType is invalid.`);
    }
    const out = applyFilters(
      rows,
      i.Filters,
      { 'instance-type': (r) => r.InstanceType, location: (r) => r.Location },
      () => [],
    );
    return { InstanceTypeOfferings: out };
  }

  describeAvailabilityZones(i: any) {
    const rows = this.s.cfg.azs.map((az) => ({
      ZoneName: az,
      ZoneId: this.v.azId(az),
      State: 'available' as const,
      RegionName: this.s.cfg.region,
      ZoneType: 'availability-zone',
      OptInStatus: 'opt-in-not-required' as const,
      GroupName: this.s.cfg.region,
      NetworkBorderGroup: this.s.cfg.region,
      Messages: [],
    }));
    for (const name of i.ZoneNames ?? []) {
      if (!this.s.cfg.azs.includes(name)) throw awsError('InvalidParameterValue', `The zone '${name}' does not exist.`);
    }
    const picked = i.ZoneNames?.length ? rows.filter((r) => i.ZoneNames.includes(r.ZoneName)) : rows;
    const out = applyFilters(
      picked,
      i.Filters,
      {
        'zone-name': (r) => r.ZoneName,
        'zone-id': (r) => r.ZoneId,
        state: (r) => r.State,
        'region-name': (r) => r.RegionName,
        'zone-type': (r) => r.ZoneType,
      },
      () => [],
    );
    return { AvailabilityZones: out };
  }
}
