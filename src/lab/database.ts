/**
 * Chapter 4 — the private DB server: a security group that lets in only the web server,
 * a NAT gateway (with its own address) so the private subnet can reach the internet for
 * packages, the private route table through it, and the MariaDB instance.
 */
import { elasticIp } from './kinds/elastic-ip.js';
import { instance } from './kinds/instance.js';
import { natGateway } from './kinds/nat-gateway.js';
import { defaultRoute, routeTable, routeTableAssociation } from './kinds/route-table.js';
import { securityGroup } from './kinds/security-group.js';

/** How long the DB's first boot waits for the NAT gateway before giving up on MariaDB. */
export const DB_NETWORK_WAIT = { tries: 90, everySeconds: 10 };

/**
 * The DB server launches while the NAT gateway is still coming up (that is what makes
 * `up` fast), so its first boot waits, bounded, until the package repositories answer.
 */
export function dbUserData(lab: string): string {
  return `#!/bin/bash
# aws-lab-setup: DB server of lab "${lab}" (chapter 4: MariaDB, packages through the NAT gateway)
set -u
for attempt in $(seq 1 ${DB_NETWORK_WAIT.tries}); do
  dnf makecache -q && break
  echo "waiting for the NAT gateway (attempt $attempt)"
  sleep ${DB_NETWORK_WAIT.everySeconds}
done
dnf install -y mariadb105-server
systemctl enable --now mariadb
`;
}

export const DB_SG_DESCRIPTION = 'aws-lab-setup DB server: MariaDB, ping and SSH from the web server only';

export const database = [
  securityGroup({
    key: 'dbSecurityGroup',
    name: 'db',
    chapter: 4,
    description: DB_SG_DESCRIPTION,
    dependsOn: ['webSecurityGroup'],
    rules: () => [
      { protocol: 'tcp', from: 3306, to: 3306, group: 'webSecurityGroup', why: 'MariaDB from the web server' },
      { protocol: 'icmp', from: -1, to: -1, group: 'webSecurityGroup', why: 'ping from the web server' },
      { protocol: 'tcp', from: 22, to: 22, group: 'webSecurityGroup', why: 'SSH from the web server' },
    ],
  }),
  elasticIp({ key: 'natElasticIp', name: 'nat', chapter: 4, natPart: true, purpose: 'the NAT gateway' }),
  natGateway({ key: 'natGateway', chapter: 4, subnet: 'publicSubnet', address: 'natElasticIp', dependsOn: ['internetGateway'] }),
  routeTable({ key: 'privateRouteTable', name: 'private', chapter: 4 }),
  defaultRoute({
    key: 'privateRoute',
    chapter: 4,
    table: 'privateRouteTable',
    target: { key: 'natGateway', field: 'NatGatewayId', name: 'NAT gateway' },
    natPart: true,
  }),
  routeTableAssociation({ key: 'privateRouteAssociation', chapter: 4, table: 'privateRouteTable', subnet: 'privateSubnet', name: 'private' }),
  instance({
    key: 'dbInstance',
    name: 'db',
    chapter: 4,
    subnet: 'privateSubnet',
    securityGroup: 'dbSecurityGroup',
    publicIp: false,
    // Not on the NAT gateway: its user-data waits for the network instead (see above).
    dependsOn: ['privateRouteAssociation'],
    userData: (ctx) => dbUserData(ctx.settings.name),
    describe: 'private subnet, MariaDB, no public address',
  }),
];
