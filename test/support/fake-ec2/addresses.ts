/** Elastic IPs: allocate, associate (to a running instance in a VPC with a gateway), disassociate, release. */
import { awsError, need, notFound } from './errors.js';
import { applyFilters, pickIds } from './filters.js';
import type { AddressRec, InstanceRec } from './records.js';
import type { Store } from './store.js';
import { tagsFromSpecs } from './tags.js';
import type { Views } from './views.js';

export class AddressService {
  constructor(
    private readonly s: Store,
    private readonly v: Views,
  ) {}

  // --- Elastic IPs ---

  allocateAddress(i: any) {
    if (i.Domain !== undefined && i.Domain !== 'vpc') {
      throw awsError('InvalidParameterValue', `Invalid value '${i.Domain}' for domain: EC2-Classic is retired`);
    }
    const a: AddressRec = {
      id: this.s.newId('eipalloc'),
      tags: tagsFromSpecs(i.TagSpecifications, 'elastic-ip'),
      createdAt: this.s.now(),
      publicIp: this.s.nextPublicIp(),
    };
    this.s.addresses.set(a.id, a);
    return {
      AllocationId: a.id,
      PublicIp: a.publicIp,
      Domain: 'vpc',
      PublicIpv4Pool: 'amazon',
      NetworkBorderGroup: this.s.cfg.region,
    };
  }

  associateAddress(i: any) {
    const a = this.s.address(i.AllocationId);
    let inst: InstanceRec;
    if (i.InstanceId !== undefined) inst = this.s.instance(i.InstanceId);
    else {
      const eni = need<string>(i.NetworkInterfaceId, 'InstanceId');
      const found = [...this.s.instances.values()].find((x) => x.eniId === eni && this.s.instanceLive(x));
      if (!found) throw notFound('eni', eni);
      inst = found;
    }
    const state = this.s.instanceState(inst);
    if (state !== 'running') {
      throw awsError('IncorrectInstanceState', `The instance '${inst.id}' is not in a valid state for this operation (it is ${state}).`);
    }
    if (!this.s.attachedIgw(inst.vpcId)) {
      throw awsError('Gateway.NotAttached', `Network ${inst.vpcId} is not attached to any internet gateway`);
    }
    const nat = this.s.natHolding(a.id);
    if (nat) throw awsError('Resource.AlreadyAssociated', `resource ${a.id} is already associated with associate-id ${nat.assocId}`);
    if (a.assoc) {
      if (a.assoc.instanceId === inst.id) return { AssociationId: a.assoc.id };
      if (!i.AllowReassociation) {
        throw awsError('Resource.AlreadyAssociated', `resource ${a.id} is already associated with associate-id ${a.assoc.id}`);
      }
    }
    // An instance's primary private IP carries at most one EIP: a previous one is displaced.
    const previous = this.s.eipOfInstance(inst.id);
    if (previous) previous.assoc = undefined;
    a.assoc = { id: this.s.newId('eipassoc'), instanceId: inst.id };
    return { AssociationId: a.assoc.id };
  }

  disassociateAddress(i: any) {
    const id = need<string>(i.AssociationId, 'AssociationId');
    const a = this.s.live(this.s.addresses).find((x) => x.assoc?.id === id);
    if (!a) {
      if (this.s.liveNats().some((n) => n.assocId === id)) {
        throw awsError('InvalidParameterValue', `The association ${id} belongs to a NAT gateway; delete the NAT gateway instead`);
      }
      throw notFound('association', id);
    }
    a.assoc = undefined;
    return {};
  }

  releaseAddress(i: any) {
    const a = this.s.address(i.AllocationId);
    // In use until the instance is terminated or the NAT gateway is fully `deleted`.
    if (this.s.addressInUse(a)) throw awsError('InvalidIPAddress.InUse', `Address ${a.publicIp} is in use.`);
    a.goneAt = this.s.now();
    return {};
  }

  describeAddresses(i: any) {
    let pool = pickIds(this.s.live(this.s.addresses), i.AllocationIds, (x) => x.id, 'address');
    if (i.PublicIps?.length) {
      const known = new Set(pool.map((x) => x.publicIp));
      const missing = (i.PublicIps as string[]).find((ip) => !known.has(ip));
      if (missing) throw awsError('InvalidAddress.NotFound', `Address '${missing}' not found.`);
      pool = pool.filter((x) => i.PublicIps.includes(x.publicIp));
    }
    const view = (x: AddressRec) => this.v.address(x);
    const out = applyFilters(
      pool,
      i.Filters,
      {
        'allocation-id': (x) => x.id,
        'public-ip': (x) => x.publicIp,
        domain: () => 'vpc',
        'association-id': (x) => view(x).AssociationId,
        'instance-id': (x) => x.assoc?.instanceId,
        'network-interface-id': (x) => view(x).NetworkInterfaceId,
        'private-ip-address': (x) => view(x).PrivateIpAddress,
      },
      (x) => x.tags,
    );
    return { Addresses: out.map(view) };
  }
}
