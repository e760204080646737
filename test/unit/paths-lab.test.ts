/**
 * The paths over a lab the tool built on the fake EC2, read back with plain Describe calls
 * as a check of a VPC built by hand reads it (the fake answers in EC2's own shapes, as
 * AWS does): every path as the tutorial wants it, and a route table taken off its subnet
 * with the SDK breaks exactly the paths through it. The fake has no network ACLs: their
 * gates are not walked here (test/unit/paths*.test.ts walk them).
 */
import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  DisassociateRouteTableCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Roles, VpcSnapshot } from '../../src/lab/core/snapshot.js';
import { analyzePaths } from '../../src/lab/paths/index.js';
import { createHarness, SSH_CIDR, type Harness } from '../support/drive.js';
import { pathFailures } from '../support/snapshot-builder.js';

describe('the paths of a lab built on the fake, read back as EC2 describes it', () => {
  let h: Harness;
  beforeEach(() => void (h = createHarness()));
  afterEach(() => h.close());

  /** The lab's VPC as a check of a VPC built by hand reads it, and who plays which part, by what each does. */
  async function read(): Promise<{ snapshot: VpcSnapshot; roles: Roles }> {
    const ec2 = h.fake.ec2;
    const [vpcs, subnets, tables, igws, nats, reservations, groups, addresses] = await Promise.all([
      ec2.send(new DescribeVpcsCommand({})),
      ec2.send(new DescribeSubnetsCommand({})),
      ec2.send(new DescribeRouteTablesCommand({})),
      ec2.send(new DescribeInternetGatewaysCommand({})),
      ec2.send(new DescribeNatGatewaysCommand({})),
      ec2.send(new DescribeInstancesCommand({})),
      ec2.send(new DescribeSecurityGroupsCommand({})),
      ec2.send(new DescribeAddressesCommand({})),
    ]);
    const vpc = vpcs.Vpcs!.find((v) => !v.IsDefault)!;
    const instances = reservations.Reservations!.flatMap((r) => r.Instances ?? []).filter((i) => i.VpcId === vpc.VpcId);
    const snapshot: VpcSnapshot = {
      region: 'us-east-1',
      vpc,
      subnets: subnets.Subnets!.filter((s) => s.VpcId === vpc.VpcId),
      routeTables: tables.RouteTables!.filter((t) => t.VpcId === vpc.VpcId),
      internetGateways: igws.InternetGateways!,
      natGateways: nats.NatGateways!.filter((n) => n.VpcId === vpc.VpcId),
      instances,
      securityGroups: groups.SecurityGroups!.filter((g) => g.VpcId === vpc.VpcId),
      networkAcls: [],
      addresses: addresses.Addresses!,
      keyPairs: [],
    };
    const eips = new Set(snapshot.addresses.map((a) => a.InstanceId));
    // The web server: a public address, and not a NAT instance (those forward: their source/destination check is off).
    const web = instances.find((i) => (i.PublicIpAddress || eips.has(i.InstanceId)) && i.SourceDestCheck !== false)!;
    const db = instances.find((i) => i !== web && i.SubnetId !== web.SubnetId)!;
    // The NAT: the gateway, else the instance that is neither server (a NAT instance).
    const gateway = snapshot.natGateways[0];
    const natInstance = instances.find((i) => i !== web && i !== db);
    const nat: Roles['nat'] = gateway ? { kind: 'gateway', id: gateway.NatGatewayId! } : natInstance && { kind: 'instance', id: natInstance.InstanceId! };
    const roles: Roles = { vpc: vpc.VpcId!, web: web.InstanceId, db: db.InstanceId, publicSubnet: web.SubnetId, privateSubnet: db.SubnetId, internetGateway: snapshot.internetGateways[0]?.InternetGatewayId, nat };
    return { snapshot, roles };
  }

  it('has every path as the tutorial wants it, SSH from the address the lab let in', async () => {
    await h.up();
    const { snapshot, roles } = await read();
    const verdicts = analyzePaths(snapshot, roles, { from: SSH_CIDR });
    expect(pathFailures(verdicts)).toEqual({});
    expect(verdicts.find((v) => v.path === 'internet-db')!.blockedAt).toMatchObject({ gate: 'public-address', resource: roles.db });
    // From anywhere else, SSH is closed at the web server's group.
    expect(pathFailures(analyzePaths(snapshot, roles))).toEqual({ 'you-web-ssh': expect.stringMatching(/^security-group ENI_SG_RULES_MISMATCH sg-/) });
  });

  it('with a NAT instance (--nat instance) too: the DB server goes out through it', async () => {
    await h.up({ nat: 'instance' });
    const { snapshot, roles } = await read();
    expect(roles.nat?.kind).toBe('instance');
    const verdicts = analyzePaths(snapshot, roles, { from: SSH_CIDR });
    expect(pathFailures(verdicts)).toEqual({});
    expect(verdicts.find((v) => v.path === 'db-internet')!.open).toBe(true);
  });

  it('the public route table taken off its subnet by hand: the web server\'s paths and the NAT\'s way out stop at the main table', async () => {
    await h.up();
    const before = await read();
    const publicTable = before.snapshot.routeTables.find((t) => t.Routes?.some((r) => r.GatewayId?.startsWith('igw-')))!;
    const main = before.snapshot.routeTables.find((t) => t.Associations?.some((a) => a.Main))!;
    const assoc = publicTable.Associations!.find((a) => a.SubnetId === before.roles.publicSubnet)!;
    await h.fake.ec2.send(new DisassociateRouteTableCommand({ AssociationId: assoc.RouteTableAssociationId }));
    const { snapshot, roles } = await read();
    const stopped = `route-table NO_ROUTE_TO_DESTINATION ${main.RouteTableId}`;
    expect(pathFailures(analyzePaths(snapshot, roles, { from: SSH_CIDR }))).toEqual({
      'internet-web-http': `${stopped} (reply)`,
      'you-web-ssh': `${stopped} (reply)`,
      'db-internet': `${stopped} (request)`,
    });
  });
});
