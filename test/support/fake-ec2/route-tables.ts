/** Route tables, their routes (to gateways, NAT gateways and instances' interfaces) and their subnet associations. */
import { parseCidr } from './cidr.js';
import { awsError, dependencyViolation, need, notFound } from './errors.js';
import { applyFilters, pickIds } from './filters.js';
import type { RouteRec, RtbAssocRec, RtbRec } from './records.js';
import { OWNER_ID, type Store } from './store.js';
import { tagsFromSpecs } from './tags.js';
import type { Views } from './views.js';

export class RouteTableService {
  constructor(
    private readonly s: Store,
    private readonly v: Views,
  ) {}

  // --- route tables ---

  createRouteTable(i: any) {
    const vpc = this.s.vpc(i.VpcId);
    const tags = tagsFromSpecs(i.TagSpecifications, 'route-table');
    const id = this.s.idempotent('CreateRouteTable', i.ClientToken, i, () => {
      const t: RtbRec = {
        id: this.s.newId('rtb'),
        tags,
        createdAt: this.s.now(),
        vpcId: vpc.id,
        routes: [{ dest: vpc.cidr.text, gatewayId: 'local', origin: 'CreateRouteTable' }],
        assocs: [],
      };
      this.s.routeTables.set(t.id, t);
      return t.id;
    });
    return { RouteTable: this.v.rtb(this.s.routeTables.get(id)!), ClientToken: i.ClientToken };
  }

  createRoute(i: any) {
    const t = this.s.rtb(i.RouteTableId);
    const dest = need<string>(i.DestinationCidrBlock, 'DestinationCidrBlock');
    if (!parseCidr(dest, true)) {
      throw awsError('InvalidParameterValue', `Value (${dest}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.`);
    }
    const targets = ['GatewayId', 'NatGatewayId', 'InstanceId', 'NetworkInterfaceId', 'VpcPeeringConnectionId', 'TransitGatewayId'].filter(
      (k) => i[k] !== undefined,
    );
    if (targets.length !== 1) {
      throw awsError('InvalidParameterCombination', 'The request must contain exactly one of gatewayId, natGatewayId, ...');
    }
    if (t.routes.some((r) => r.dest === dest)) {
      throw awsError('RouteAlreadyExists', `The route identified by ${dest} already exists.`);
    }
    const route: RouteRec = { dest, origin: 'CreateRoute' };
    if (i.GatewayId !== undefined) {
      const g = this.s.igw(i.GatewayId);
      if (g.vpcId !== t.vpcId) {
        throw awsError('InvalidParameterValue', `route table ${t.id} and network gateway ${g.id} belong to different networks`);
      }
      route.gatewayId = g.id;
    } else if (i.NatGatewayId !== undefined) {
      const n = this.s.nat(i.NatGatewayId);
      if (this.s.natState(n) === 'deleting') throw notFound('nat', n.id);
      if (n.vpcId !== t.vpcId) {
        throw awsError('InvalidParameterValue', `route table ${t.id} and NAT gateway ${n.id} belong to different networks`);
      }
      route.natGatewayId = n.id;
    } else if (i.NetworkInterfaceId !== undefined) {
      const inst = [...this.s.instances.values()].find((x) => x.eniId === i.NetworkInterfaceId && this.s.instanceLive(x));
      if (!inst) throw notFound('eni', i.NetworkInterfaceId!);
      if (inst.vpcId !== t.vpcId) {
        throw awsError('InvalidParameterValue', `route table ${t.id} and network interface ${inst.eniId} belong to different networks`);
      }
      route.eniId = inst.eniId;
    } else {
      throw awsError('InvalidParameterValue', `This fake only supports routes to internet and NAT gateways (got ${targets[0]})`);
    }
    t.routes.push(route);
    return { Return: true };
  }

  /** Point an existing route elsewhere (a blackhole route to a deleted NAT gateway, say). */
  replaceRoute(i: any) {
    const t = this.s.rtb(i.RouteTableId);
    const dest = need<string>(i.DestinationCidrBlock, 'DestinationCidrBlock');
    const idx = t.routes.findIndex((r) => r.dest === dest);
    if (idx < 0) throw awsError('InvalidRoute.NotFound', `no route with destination-cidr-block ${dest} in route table ${t.id}`);
    const [old] = t.routes.splice(idx, 1);
    try {
      this.createRoute(i);
      return { Return: true };
    } catch (err) {
      t.routes.splice(idx, 0, old); // AWS changes nothing when it refuses
      throw err;
    }
  }

  deleteRoute(i: any) {
    const t = this.s.rtb(i.RouteTableId);
    const dest = need<string>(i.DestinationCidrBlock, 'DestinationCidrBlock');
    const idx = t.routes.findIndex((r) => r.dest === dest);
    if (idx < 0) {
      throw awsError('InvalidRoute.NotFound', `no route with destination-cidr-block ${dest} in route table ${t.id}`);
    }
    if (t.routes[idx].gatewayId === 'local') throw awsError('InvalidParameterValue', 'cannot remove local route');
    t.routes.splice(idx, 1);
    return {};
  }

  associateRouteTable(i: any) {
    const t = this.s.rtb(i.RouteTableId);
    const sn = this.s.subnet(i.SubnetId);
    if (sn.vpcId !== t.vpcId) {
      throw awsError('InvalidParameterValue', `Route table ${t.id} and subnet ${sn.id} belong to different networks`);
    }
    const existing = this.s.live(this.s.routeTables).flatMap((x) => x.assocs).find((a) => a.subnetId === sn.id);
    if (existing) {
      throw awsError(
        'Resource.AlreadyAssociated',
        `the specified association for route table ${t.id} conflicts with an existing association`,
      );
    }
    const assoc: RtbAssocRec = { id: this.s.newId('rtbassoc'), main: false, subnetId: sn.id };
    t.assocs.push(assoc);
    return { AssociationId: assoc.id, AssociationState: { State: 'associated' } };
  }

  disassociateRouteTable(i: any) {
    const id = need<string>(i.AssociationId, 'AssociationId');
    const t = this.s.live(this.s.routeTables).find((x) => x.assocs.some((a) => a.id === id));
    if (!t) throw notFound('association', id);
    if (t.assocs.find((a) => a.id === id)!.main) {
      throw awsError('InvalidParameterValue', `cannot disassociate the main route table association ${id}`);
    }
    t.assocs = t.assocs.filter((a) => a.id !== id);
    return {};
  }

  deleteRouteTable(i: any) {
    const t = this.s.rtb(i.RouteTableId);
    if (t.assocs.length > 0 || this.s.vpcs.get(t.vpcId)?.mainRtbId === t.id) {
      throw dependencyViolation(`The routeTable '${t.id}' has dependencies and cannot be deleted.`);
    }
    t.goneAt = this.s.now();
    return {};
  }

  describeRouteTables(i: any) {
    const pool = pickIds(this.s.live(this.s.routeTables), i.RouteTableIds, (x) => x.id, 'rtb');
    const out = applyFilters(
      pool,
      i.Filters,
      {
        'route-table-id': (x) => x.id,
        'vpc-id': (x) => x.vpcId,
        'association.main': (x) => x.assocs.some((a) => a.main),
        'association.subnet-id': (x) => x.assocs.map((a) => a.subnetId),
        'association.route-table-association-id': (x) => x.assocs.map((a) => a.id),
        'route.destination-cidr-block': (x) => x.routes.map((r) => r.dest),
        'route.gateway-id': (x) => x.routes.map((r) => r.gatewayId),
        'route.nat-gateway-id': (x) => x.routes.map((r) => r.natGatewayId),
        'owner-id': () => OWNER_ID,
      },
      (x) => x.tags,
    );
    return { RouteTables: out.map((x) => this.v.rtb(x)) };
  }
}
