/**
 * Chapter 4 — the private DB server: a security group that lets in only the web server,
 * a NAT gateway (with its own address) so the private subnet can reach the internet for
 * packages, the private route table through it, and the MariaDB instance.
 * With `--nat instance`, a NAT instance (its own security group, a public address)
 * takes the NAT gateway's place; the private route points at its network interface.
 */
import { elasticIp } from '../kinds/elastic-ip.js';
import { instance } from '../kinds/instance.js';
import { natGateway } from '../kinds/nat-gateway.js';
import { natInstance } from '../kinds/nat-instance.js';
import type { LabSettings } from '../core/config.js';
import { flowsTo } from '../core/flows.js';
import { natUserData } from './nat-user-data.js';
import { defaultRoute, routeTable, routeTableAssociation } from '../kinds/route-table.js';
import { securityGroup } from '../kinds/security-group.js';
import type { Resource } from '../../engine/resource.js';
import type { LabContext } from '../core/context.js';

const gatewayNat = (s: LabSettings) => s.nat !== 'instance';
const instanceNat = (s: LabSettings) => s.nat === 'instance';
/** Resource keys of the NAT instance (the expiry work stops it at expiry). */
export const NAT_INSTANCE_KEY = 'natInstance';

/** How long the DB's first boot waits for the NAT gateway before giving up on MariaDB. */
export const DB_NETWORK_WAIT = { tries: 90, everySeconds: 10 };

/**
 * The DB server launches while the NAT gateway is still coming up (that is what makes
 * `up` fast), so its first boot waits, bounded, until the package repositories answer.
 * Its comments and echo stay English in any language: they are on the server (its boot log),
 * not a learner's screen (apache.ts webUserData).
 */
export function dbUserData(lab: string): string {
  return `#!/bin/bash
# aws-lab-setup: DB server of lab "${lab}" (chapter 4: MariaDB, packages through the NAT gateway)
set -u
for attempt in $(seq 1 ${DB_NETWORK_WAIT.tries}); do
  dnf makecache -q && break
  echo "waiting for the NAT (attempt $attempt)"
  sleep ${DB_NETWORK_WAIT.everySeconds}
done
dnf install -y mariadb105-server
systemctl enable --now mariadb
`;
}

export const DB_SG_DESCRIPTION = 'aws-lab-setup DB server: MariaDB, ping and SSH from the web server only';
export const NAT_SG_DESCRIPTION = 'aws-lab-setup NAT instance: all traffic from the VPC, nothing from outside';

/** A resource the lab has with one kind of NAT only; the other kind (the key replacedBy) replaces it. */
function whenNat(wanted: (s: LabSettings) => boolean, replacedBy: string, r: Resource<LabContext>): Resource<LabContext> {
  return { ...r, wanted: (ctx) => wanted(ctx.settings), replacedBy };
}

export const database = [
  securityGroup({
    key: 'dbSecurityGroup',
    name: 'db',
    chapter: 4,
    vpc: 'vpc',
    description: DB_SG_DESCRIPTION,
    label: () => ['res_dbSecurityGroup'],
    dependsOn: ['webSecurityGroup'],
    // MariaDB, ping and SSH from the web server's group (core/flows.ts).
    rules: () => flowsTo('db').map((f) => ({ protocol: f.protocol, from: f.port ?? -1, to: f.port ?? -1, group: 'webSecurityGroup', description: f.description })),
  }),
  whenNat(gatewayNat, NAT_INSTANCE_KEY, elasticIp({ key: 'natElasticIp', name: 'nat', chapter: 4, natPart: true })),
  whenNat(gatewayNat, NAT_INSTANCE_KEY, natGateway({ key: 'natGateway', chapter: 4, vpc: 'vpc', subnet: 'publicSubnet', address: 'natElasticIp', dependsOn: ['internetGateway'] })),
  whenNat(
    instanceNat,
    'natGateway',
    securityGroup({
      key: 'natSecurityGroup',
      name: 'nat',
      chapter: 4,
      vpc: 'vpc',
      description: NAT_SG_DESCRIPTION,
      label: (ctx) => ['res_natSecurityGroup', ctx.settings.vpcCidr],
      dependsOn: [],
      rules: (ctx) => [{ protocol: '-1', from: -1, to: -1, cidr: ctx.settings.vpcCidr, description: 'all traffic from the VPC' }],
    }),
  ),
  whenNat(
    instanceNat,
    'natGateway',
    natInstance({
      key: NAT_INSTANCE_KEY,
      name: 'NAT',
      chapter: 4,
      subnet: 'publicSubnet',
      securityGroup: 'natSecurityGroup',
      keyPair: 'keyPair',
      // Its first boot installs nftables from the internet, as the web server's does.
      dependsOn: ['publicRoute', 'publicRouteAssociation'],
      userData: (ctx) => natUserData(ctx.settings.name, ctx.settings.vpcCidr),
    }),
  ),
  routeTable({ key: 'privateRouteTable', name: 'private', chapter: 4, vpc: 'vpc', subnet: 'privateSubnet' }),
  defaultRoute({
    key: 'privateRoute',
    chapter: 4,
    table: 'privateRouteTable',
    targets: [
      { key: NAT_INSTANCE_KEY, field: 'NetworkInterfaceId', attr: 'networkInterfaceId', when: instanceNat },
      { key: 'natGateway', field: 'NatGatewayId' },
    ],
    natPart: true,
  }),
  routeTableAssociation({ key: 'privateRouteAssociation', chapter: 4, table: 'privateRouteTable', subnet: 'privateSubnet', name: 'private' }),
  instance({
    key: 'dbInstance',
    name: 'db',
    chapter: 4,
    subnet: 'privateSubnet',
    securityGroup: 'dbSecurityGroup',
    keyPair: 'keyPair',
    publicIp: false,
    // Not on the NAT gateway: its user-data waits for the network instead (see above).
    dependsOn: ['privateRouteAssociation'],
    userData: (ctx) => dbUserData(ctx.settings.name),
  }),
];
