import {
  AssociateRouteTableCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DisassociateRouteTableCommand,
  ReplaceRouteCommand,
  type Route,
} from '@aws-sdk/client-ec2';
import { unlessAlready } from '../../aws/errors.js';
import { LabError } from '../../engine/errors.js';
import type { Resource } from '../../engine/resource.js';
import { parent, vpcId, type LabContext } from '../context.js';
import { pick } from '../inventory.js';
import { tagSpec } from '../tags.js';

const ANYWHERE = '0.0.0.0/0';

async function table(ctx: LabContext, tableKey: string) {
  const id = ctx.live.get(tableKey)?.id;
  return id ? (await ctx.inventory.routeTables()).find((t) => t.RouteTableId === id) : undefined;
}

export function routeTable(spec: { key: string; name: string; chapter: number }): Resource<LabContext> {
  const { key } = spec;
  return {
    key,
    kind: 'RouteTable',
    chapter: spec.chapter,
    dependsOn: ['vpc'],
    label: () => `${spec.name} route table`,
    async find(ctx) {
      const vpc = vpcId(ctx);
      const t = pick((await ctx.inventory.routeTables()).filter((t) => t.VpcId === vpc), key, (t) => t.RouteTableId, ctx.state.id(key));
      return t && { id: t.RouteTableId!, attrs: {} };
    },
    async create(ctx) {
      const out = await ctx.ec2.send(
        new CreateRouteTableCommand({
          VpcId: parent(ctx, 'vpc').id,
          ClientToken: await ctx.state.token(key),
          TagSpecifications: tagSpec('route-table', ctx.settings.name, key, `${spec.name}-rtb`),
        }),
      );
      return { id: out.RouteTable!.RouteTableId!, attrs: {} };
    },
    async delete(ctx, live) {
      await ctx.ec2.send(new DeleteRouteTableCommand({ RouteTableId: live.id }));
    },
  };
}

export interface DefaultRouteSpec {
  key: string;
  chapter: number;
  table: string;
  /** The resource the route points at, and how AWS names that kind of target. */
  target: { key: string; field: 'GatewayId' | 'NatGatewayId'; name: string };
  natPart?: boolean;
}

/** The default route (0.0.0.0/0) of a route table: the "default gateway" of its subnets. */
export function defaultRoute(spec: DefaultRouteSpec): Resource<LabContext> {
  const { key, target } = spec;
  const targetOf = (r: Route) => r[target.field];
  return {
    key,
    kind: 'Route',
    chapter: spec.chapter,
    natPart: spec.natPart,
    dependsOn: [spec.table, target.key],
    label: () => `route ${ANYWHERE} -> ${target.name}`,
    async find(ctx) {
      const t = await table(ctx, spec.table);
      const route = t?.Routes?.find((r) => r.DestinationCidrBlock === ANYWHERE);
      return route && { id: `${t!.RouteTableId}:${ANYWHERE}`, state: route.State, attrs: { target: targetOf(route) ?? route.GatewayId ?? route.NatGatewayId } };
    },
    async create(ctx) {
      const RouteTableId = parent(ctx, spec.table).id;
      const targetId = parent(ctx, target.key).id;
      await unlessAlready(ctx.ec2.send(new CreateRouteCommand({ RouteTableId, DestinationCidrBlock: ANYWHERE, [target.field]: targetId })), 'RouteAlreadyExists');
      return { id: `${RouteTableId}:${ANYWHERE}`, attrs: { target: targetId } };
    },
    drift(ctx, live) {
      const want = ctx.live.get(target.key)?.id;
      return want && live.attrs.target !== want ? [`point at ${target.name} ${want}`] : [];
    },
    async converge(ctx, live, step) {
      const want = parent(ctx, target.key).id;
      if (live.attrs.target === want) return live;
      // A route left pointing at a gateway that is gone (a "blackhole"): repoint it.
      await ctx.ec2.send(new ReplaceRouteCommand({ RouteTableId: parent(ctx, spec.table).id, DestinationCidrBlock: ANYWHERE, [target.field]: want }));
      step.changed(`now points at ${want}`);
      return { ...live, attrs: { target: want } };
    },
    async delete(ctx, live) {
      const [RouteTableId] = live.id.split(':');
      await ctx.ec2.send(new DeleteRouteCommand({ RouteTableId, DestinationCidrBlock: ANYWHERE }));
    },
  };
}

/** Which route table a subnet uses; without one it falls back to the VPC's main table. */
export function routeTableAssociation(spec: { key: string; chapter: number; table: string; subnet: string; name: string }): Resource<LabContext> {
  const { key } = spec;
  return {
    key,
    kind: 'RouteTableAssociation',
    chapter: spec.chapter,
    dependsOn: [spec.table, spec.subnet],
    label: () => `${spec.name} subnet uses the ${spec.name} route table`,
    async find(ctx) {
      const subnetId = ctx.live.get(spec.subnet)?.id;
      const a = (await table(ctx, spec.table))?.Associations?.find((a) => a.SubnetId === subnetId && subnetId);
      return a && { id: a.RouteTableAssociationId!, attrs: {} };
    },
    async create(ctx) {
      const out = await unlessAlready(
        ctx.ec2.send(new AssociateRouteTableCommand({ RouteTableId: parent(ctx, spec.table).id, SubnetId: parent(ctx, spec.subnet).id })),
        'Resource.AlreadyAssociated',
      );
      if (out?.AssociationId) return { id: out.AssociationId, attrs: {} };
      ctx.refresh();
      const again = await this.find(ctx);
      if (!again) throw new LabError('AssociationElsewhere', `the ${spec.name} subnet is associated with another route table`, 'remove that association in the console, then run `up` again');
      return again;
    },
    async delete(ctx, live) {
      await ctx.ec2.send(new DisassociateRouteTableCommand({ AssociationId: live.id }));
    },
  };
}
