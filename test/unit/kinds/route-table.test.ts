/**
 * Route tables (kinds/route-table.ts): the table, its default route (to the internet
 * gateway, to the NAT gateway, to the NAT instance), and its subnet association.
 */
import { ReplaceRouteCommand } from '@aws-sdk/client-ec2';
import { afterEach, expect, it } from 'vitest';
import { kindCycle, strayNatGateway, type KindRun, type KindWorld } from '../../support/kind-harness.js';

let run: KindRun | undefined;
afterEach(() => run?.fake.restore());

const defaultRoute = (w: KindWorld, table: string) => w.fake.world.routeTables.get(w.ctx.live.get(table)!.id)?.Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0');

/** The default route moved by hand to another NAT gateway: converge points it back at the lab's target. */
const moved = (table: string, target: (w: KindWorld) => Record<string, string | undefined>) => ({
  make: async (w: KindWorld) => {
    const other = await strayNatGateway(w);
    await w.fake.ec2.send(new ReplaceRouteCommand({ RouteTableId: w.ctx.live.get(table)!.id, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: other }));
  },
  restored: (w: KindWorld) => expect(defaultRoute(w, table)).toMatchObject(target(w)),
});

for (const key of ['publicRouteTable', 'privateRouteTable']) {
  it(`${key}: find → create → find → delete → gone (the VPC's main table stays)`, async () => {
    run = await kindCycle({ key, unchangeable: 'a route table has no converge: its routes and associations are resources of their own' });
    expect(run.fake.count('routeTables')).toBe(1);
  });
}

it('publicRoute: to the internet gateway; moved to a NAT gateway by hand, converge points it back', async () => {
  run = await kindCycle({
    key: 'publicRoute',
    change: moved('publicRouteTable', (w) => ({ GatewayId: w.ctx.live.get('internetGateway')!.id, State: 'active' })),
  });
  expect(run.changes).toContainEqual(['changed_routeTarget', run.ctx.live.get('internetGateway')!.id]);
  expect(defaultRoute(run, 'publicRouteTable')).toBeUndefined();
});

it('privateRoute: to the NAT gateway; moved to another NAT gateway by hand, converge points it back', async () => {
  run = await kindCycle({
    key: 'privateRoute',
    change: moved('privateRouteTable', (w) => ({ NatGatewayId: w.ctx.live.get('natGateway')!.id })),
  });
  expect(defaultRoute(run, 'privateRouteTable')).toBeUndefined();
});

it('privateRoute with a NAT instance: to its network interface', async () => {
  run = await kindCycle({ key: 'privateRoute', settings: { nat: 'instance' }, unchangeable: 'covered with the NAT gateway above: the same converge' });
  expect(run.created.attrs.target).toBe(run.ctx.live.get('natInstance')!.attrs.networkInterfaceId);
});

for (const [key, table, subnet] of [
  ['publicRouteAssociation', 'publicRouteTable', 'publicSubnet'],
  ['privateRouteAssociation', 'privateRouteTable', 'privateSubnet'],
] as const) {
  it(`${key}: ${subnet} uses ${table}; disassociated, it falls back to the main table`, async () => {
    run = await kindCycle({ key, unchangeable: 'an association has no converge: made or not' });
    const t = run.fake.world.routeTables.get(run.ctx.live.get(table)!.id);
    expect(t?.Associations ?? []).toEqual([]);
  });
}
