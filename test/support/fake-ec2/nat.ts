/** NAT gateways: pending -> available (or failed without a gateway), deleting -> deleted, and the address they hold. */
import { awsError, need } from './errors.js';
import { applyFilters, pickIds } from './filters.js';
import type { AddressRec, NatRec } from './records.js';
import type { Store } from './store.js';
import { tagsFromSpecs } from './tags.js';
import type { Views } from './views.js';

export class NatService {
  constructor(
    private readonly s: Store,
    private readonly v: Views,
  ) {}


  createNatGateway(i: any) {
    const tags = tagsFromSpecs(i.TagSpecifications, 'natgateway');
    const id = this.s.idempotent('CreateNatGateway', i.ClientToken, i, () => {
      const subnet = this.s.subnet(i.SubnetId);
      const connectivity = (i.ConnectivityType ?? 'public') as 'public' | 'private';
      let a: AddressRec | undefined;
      if (connectivity === 'public') {
        a = this.s.address(need(i.AllocationId, 'AllocationId'));
        if (this.s.addressInUse(a)) {
          throw awsError('Resource.AlreadyAssociated', `Elastic IP address [${a.id}] is already associated`);
        }
      }
      // AWS accepts the request and only later fails the gateway: the error surfaces as
      // State 'failed' in DescribeNatGateways, not as an exception here.
      const failure =
        connectivity === 'public' && !this.s.attachedIgw(subnet.vpcId)
          ? { code: 'Gateway.NotAttached', message: `Network ${subnet.vpcId} has no Internet gateway attached` }
          : undefined;
      const n: NatRec = {
        id: this.s.newId('nat'),
        tags,
        createdAt: this.s.now(),
        subnetId: subnet.id,
        vpcId: subnet.vpcId,
        connectivity,
        allocationId: a?.id,
        publicIp: a?.publicIp,
        privateIp: this.s.nextPrivateIp(subnet),
        eniId: this.s.newId('eni'),
        assocId: this.s.newId('eipassoc'),
        failure,
        clientToken: i.ClientToken,
      };
      this.s.natGateways.set(n.id, n);
      return n.id;
    });
    return { ClientToken: i.ClientToken, NatGateway: this.v.nat(this.s.natGateways.get(id)!) };
  }

  describeNatGateways(i: any) {
    const pool = pickIds([...this.s.natGateways.values()], i.NatGatewayIds, (x) => x.id, 'nat');
    // NB: this API's filter parameter is `Filter` (singular). The SDK would silently drop a
    // `Filters` member, returning every NAT gateway, so the fake ignores it the same way.
    const out = applyFilters(
      pool,
      i.Filter,
      {
        'nat-gateway-id': (x) => x.id,
        state: (x) => this.s.natState(x),
        'subnet-id': (x) => x.subnetId,
        'vpc-id': (x) => x.vpcId,
      },
      (x) => x.tags,
    );
    return { NatGateways: out.map((x) => this.v.nat(x)) };
  }

  deleteNatGateway(i: any) {
    const n = this.s.nat(i.NatGatewayId);
    const state = this.s.natState(n);
    if (state === 'failed') {
      // A failed gateway holds no ENI to tear down: it goes straight to deleted.
      n.deleteAt = this.s.now();
      n.deleteTakesMs = 0;
    } else if (state !== 'deleting') {
      n.deleteAt = this.s.now();
    }
    return { NatGatewayId: n.id };
  }
}
