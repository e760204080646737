import {
  AssociateRouteTableCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DisassociateRouteTableCommand,
  ReplaceRouteCommand,
  type RouteTable,
} from '@aws-sdk/client-ec2';
import { unlessAlready } from '../../aws/errors.js';
import { LabError, type Words } from '../../engine/errors.js';
import { drifted } from '../../engine/finding.js';
import type { Resource } from '../../engine/resource.js';
import type { LabSettings } from '../core/config.js';
import { knownId, parent, vpcId, type LabContext } from '../core/context.js';
import { choose } from '../core/inventory.js';
import { tagSpec } from '../core/tags.js';
import { label, type Labelled } from '../core/label.js';

const ANYWHERE = '0.0.0.0/0';

async function table(ctx: LabContext, tableKey: string) {
  const id = ctx.live.get(tableKey)?.id;
  return id ? (await ctx.inventory.routeTables()).find((t) => t.RouteTableId === id) : undefined;
}

/** A route table of the VPC `vpc`, for the subnet `subnet` (keys: the subnet places it when the user bound it). */
export function routeTable(spec: { key: Labelled; name: string; chapter: number; vpc: string; subnet: string }): Resource<LabContext> {
  const { key } = spec;
  return {
    key,
    kind: 'RouteTable',
    actions: ['ec2:DescribeRouteTables', 'ec2:CreateRouteTable', 'ec2:CreateTags', 'ec2:DeleteRouteTable'],
    chapter: spec.chapter,
    dependsOn: [spec.vpc],
    label: () => label(key),
    async find(ctx) {
      const vpc = vpcId(ctx, spec.vpc);
      const subnetId = knownId(ctx, spec.subnet);
      const serves = (t: RouteTable) => Boolean(subnetId && t.Associations?.some((a) => a.SubnetId === subnetId));
      const t = choose(ctx, (await ctx.inventory.routeTables()).filter((t) => t.VpcId === vpc), key, (t) => t.RouteTableId, { parents: [spec.subnet], holds: serves });
      return t && { id: t.RouteTableId!, attrs: {} };
    },
    async create(ctx) {
      const out = await ctx.ec2.send(
        new CreateRouteTableCommand({
          VpcId: parent(ctx, spec.vpc).id,
          ClientToken: await ctx.state.token(key),
          TagSpecifications: tagSpec('routeTable', ctx.settings.name, key, `${spec.name}-rtb`, ctx.settings.extraTags),
        }),
      );
      return { id: out.RouteTable!.RouteTableId!, attrs: {} };
    },
    async delete(ctx, live) {
      await ctx.ec2.send(new DeleteRouteTableCommand({ RouteTableId: live.id }));
    },
  };
}

/** What a route points at: a resource, how AWS names that kind of target, and which of its IDs. */
export interface RouteTarget {
  key: string;
  field: 'GatewayId' | 'NatGatewayId' | 'NetworkInterfaceId';
  /** The target's attr holding the ID (an instance's networkInterfaceId); default its own ID. */
  attr?: string;
  /** Only with these settings (the NAT kind); the first target that applies is used. */
  when?: (s: LabSettings) => boolean;
}

export interface DefaultRouteSpec {
  key: Labelled<[target: string]>;
  chapter: number;
  table: string;
  targets: RouteTarget[];
  natPart?: boolean;
}

/** The default route (0.0.0.0/0) of a route table: the "default gateway" of its subnets. */
export function defaultRoute(spec: DefaultRouteSpec): Resource<LabContext> {
  const { key } = spec;
  const chosen = (ctx: LabContext) => spec.targets.find((t) => t.when?.(ctx.settings) ?? true) ?? spec.targets[0];
  return {
    key,
    kind: 'Route',
    chapter: spec.chapter,
    natPart: spec.natPart,
    dependsOn: [spec.table, ...spec.targets.map((t) => t.key)],
    actions: ['ec2:DescribeRouteTables', 'ec2:CreateRoute', 'ec2:ReplaceRoute', 'ec2:DeleteRoute'],
    label: (ctx) => label(key, chosen(ctx).key),
    async find(ctx) {
      const t = await table(ctx, spec.table);
      const route = t?.Routes?.find((r) => r.DestinationCidrBlock === ANYWHERE);
      // AWS names an instance's route by both InstanceId and NetworkInterfaceId: the chosen field first.
      const target = route && (route[chosen(ctx).field] ?? route.GatewayId ?? route.NatGatewayId ?? route.NetworkInterfaceId);
      return route && { id: `${t!.RouteTableId}:${ANYWHERE}`, state: route.State, attrs: { target } };
    },
    async create(ctx) {
      const target = chosen(ctx);
      const RouteTableId = parent(ctx, spec.table).id;
      const targetId = need(ctx, target);
      await unlessAlready(ctx.ec2.send(new CreateRouteCommand({ RouteTableId, DestinationCidrBlock: ANYWHERE, [target.field]: targetId })), 'RouteAlreadyExists');
      return { id: `${RouteTableId}:${ANYWHERE}`, attrs: { target: targetId } };
    },
    check(ctx, live) {
      const target = chosen(ctx);
      const want = idOf(ctx, target);
      const moved = (words: Words) => [drifted('lab.route-target', spec.chapter, live.id, words)];
      if (want) return live.attrs.target !== want ? moved(['drift_routeTarget', target.key, want]) : [];
      // The target is still to be made (a switch of NAT kind): the route moves to it then.
      return live.attrs.target ? moved(['drift_routeNewTarget', target.key]) : [];
    },
    async converge(ctx, live, step) {
      const target = chosen(ctx);
      const want = need(ctx, target);
      if (live.attrs.target === want) return live;
      // A route left pointing at a gateway that is gone (a "blackhole"), or at the NAT of
      // the other kind (a switch): repoint it, before that one is deleted.
      await ctx.ec2.send(new ReplaceRouteCommand({ RouteTableId: parent(ctx, spec.table).id, DestinationCidrBlock: ANYWHERE, [target.field]: want }));
      step.changed(['changed_routeTarget', want]);
      return { ...live, attrs: { target: want } };
    },
    async delete(ctx, live) {
      const [RouteTableId] = live.id.split(':');
      await ctx.ec2.send(new DeleteRouteCommand({ RouteTableId, DestinationCidrBlock: ANYWHERE }));
    },
  };
}

/** The ID a route names for this target, once the target is there. */
function idOf(ctx: LabContext, t: RouteTarget): string | undefined {
  const live = ctx.live.get(t.key);
  return t.attr ? live?.attrs[t.attr] : live?.id;
}

function need(ctx: LabContext, t: RouteTarget): string {
  const id = idOf(ctx, t);
  if (!id) throw new Error(`internal: ${t.key} is not known yet${t.attr ? ` or has no ${t.attr}` : ''}`);
  return id;
}

/** Which route table a subnet uses; without one it falls back to the VPC's main table. */
export function routeTableAssociation(spec: { key: Labelled; chapter: number; table: string; subnet: string; name: string }): Resource<LabContext> {
  const { key } = spec;
  return {
    key,
    kind: 'RouteTableAssociation',
    actions: ['ec2:DescribeRouteTables', 'ec2:AssociateRouteTable', 'ec2:DisassociateRouteTable'],
    chapter: spec.chapter,
    dependsOn: [spec.table, spec.subnet],
    label: () => label(key),
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
      if (!again) throw new LabError('AssociationElsewhere', ['err_associationElsewhere', spec.name], ['hint_associationElsewhere']);
      return again;
    },
    async delete(ctx, live) {
      await ctx.ec2.send(new DisassociateRouteTableCommand({ AssociationId: live.id }));
    },
  };
}
