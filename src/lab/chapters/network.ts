/**
 * Chapter 1 — the network: a VPC with DNS hostnames on, a public and a private subnet,
 * an internet gateway, and a public route table whose default route goes to it.
 */
import { internetGateway } from '../kinds/internet-gateway.js';
import { defaultRoute, routeTable, routeTableAssociation } from '../kinds/route-table.js';
import { subnet } from '../kinds/subnet.js';
import { vpc } from '../kinds/vpc.js';

export const network = [
  vpc({ key: 'vpc', chapter: 1 }),
  subnet({ key: 'publicSubnet', name: 'public', chapter: 1, vpc: 'vpc', cidr: (s) => s.publicSubnetCidr }),
  subnet({ key: 'privateSubnet', name: 'private', chapter: 1, vpc: 'vpc', cidr: (s) => s.privateSubnetCidr }),
  internetGateway({ key: 'internetGateway', chapter: 1, vpc: 'vpc' }),
  routeTable({ key: 'publicRouteTable', name: 'public', chapter: 1, vpc: 'vpc', subnet: 'publicSubnet' }),
  defaultRoute({
    key: 'publicRoute',
    chapter: 1,
    table: 'publicRouteTable',
    targets: [{ key: 'internetGateway', field: 'GatewayId' }],
  }),
  routeTableAssociation({ key: 'publicRouteAssociation', chapter: 1, table: 'publicRouteTable', subnet: 'publicSubnet', name: 'public' }),
];
