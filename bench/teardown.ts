/**
 * Issue 27: tearing down a lab built by hand (`destroy --vpc`) on AWS-like timings, against
 * its critical-path floor: the NAT gateway's deletion and the instances' termination side
 * by side, then what waited on them (the NAT's address, the gateway's detach, the subnets,
 * the ACL, the VPC), after the look-ups. Target: at most 1.10.
 */
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateKeyPairCommand,
  CreateNatGatewayCommand,
  CreateNetworkAclCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInstancesCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  ReplaceNetworkAclAssociationCommand,
  RunInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { destroyVpcCommand } from '../src/cli/commands/destroy-vpc.js';
import type { Deps } from '../src/cli/session.js';
import { scaledClock, type Clock } from '../src/engine/clock.js';
import { dependents, topoOrder } from '../src/engine/graph.js';
import { StateStore } from '../src/engine/state.js';
import { knownSettings, createContext } from '../src/lab/session.js';
import { planTeardown, type TeardownItem } from '../src/lab/views/teardown.js';
import { gatherVpc, teardownResources } from '../src/lab/views/teardown-run.js';
import type { Reporter } from '../src/ui/reporter.js';
import { createFakeAws, type FakeTimings } from '../test/support/fake-ec2.js';

/** A hand-built lab, as the console makes it: NAT gateway, web server with an Elastic IP, DB server, groups naming each other, a custom ACL. */
async function buildByHand(ec2: EC2Client, clock: Clock): Promise<string> {
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc!.VpcId!;
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  const pub = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.30.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
  const priv = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.30.2.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
  const pubRt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: pubRt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: pubRt, SubnetId: pub }));
  const web = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: 'my-web-sg', Description: 'web' }))).GroupId!;
  const db = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: 'my-db-sg', Description: 'db' }))).GroupId!;
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, UserIdGroupPairs: [{ GroupId: db }] }] }));
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: db, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, UserIdGroupPairs: [{ GroupId: web }] }] }));
  await ec2.send(new CreateKeyPairCommand({ KeyName: 'my-key' }));
  const run = async (subnet: string, group: string) =>
    (await ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, ImageId: 'ami-0fake2023', InstanceType: 't3.micro', SubnetId: subnet, SecurityGroupIds: [group], KeyName: 'my-key' }))).Instances![0].InstanceId!;
  const [webId] = await Promise.all([run(pub, web), run(priv, db)]);
  const natAddress = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
  const nat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: pub, AllocationId: natAddress }))).NatGateway!.NatGatewayId!;
  const privRt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: privRt, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: privRt, SubnetId: priv }));
  const acl = (await ec2.send(new CreateNetworkAclCommand({ VpcId: vpc }))).NetworkAcl!.NetworkAclId!;
  const assoc = ((await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [priv] }] }))).NetworkAcls ?? [])
    .flatMap((a) => a.Associations ?? [])
    .find((a) => a.SubnetId === priv)!.NetworkAclAssociationId!;
  await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: assoc, NetworkAclId: acl }));
  // The web server's address goes on once it runs; the NAT gateway is used once available.
  for (;;) {
    const [i, n] = await Promise.all([
      ec2.send(new DescribeInstancesCommand({ InstanceIds: [webId] })),
      ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [nat] })),
    ]);
    if (i.Reservations?.[0]?.Instances?.[0]?.State?.Name === 'running' && n.NatGateways?.[0]?.State === 'available') break;
    await clock.sleep(1_000);
  }
  const webAddress = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
  await ec2.send(new AssociateAddressCommand({ AllocationId: webAddress, InstanceId: webId }));
  return vpc;
}

/** Round trips and waits each delete needs at the least, on its own. */
function itemCost(i: TeardownItem, t: FakeTimings): number {
  const rt = t.latencyMs;
  switch (i.kind) {
    case 'natGateway':
      return rt + t.natDeletingMs + rt; // delete, the look that sees it deleted
    case 'instance':
      return rt + t.instanceStoppingMs + rt;
    case 'address':
      return i.attrs.associationId && !i.attrs.natHeld ? 2 * rt : rt; // disassociate, release
    case 'internetGateway':
      return 2 * rt; // detach, delete
    case 'routeTable':
      return (1 + (i.attrs.associations ?? '').split(' ').filter(Boolean).length) * rt;
    case 'groupRules':
      return (JSON.parse(i.attrs.ingress ?? '[]').length ? rt : 0) + (JSON.parse(i.attrs.egress ?? '[]').length ? rt : 0);
    default:
      return rt;
  }
}

/** One hand-built lab torn down: wall time, floor, ratio, calls. */
export async function teardownBench(timings: FakeTimings, scale: number, reporter: Reporter): Promise<string> {
  const clock = scaledClock(scale);
  const fake = createFakeAws({ clock, timings: { ...timings, latencyMs: timings.latencyMs * scale } });
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'aws-lab-bench-vpc-'));
  const clients = { ec2: fake.ec2, ec2Once: fake.ec2, ssm: fake.ssm, scheduler: fake.scheduler, iam: fake.iam, sts: fake.sts, serviceQuotas: fake.serviceQuotas, region: 'us-east-1' };
  const deps: Deps = { clients: async () => clients, clock, detectIp: async () => undefined, page: async () => ({ status: 200 }), interactive: false };
  try {
    const vpcId = await buildByHand(fake.ec2, clock);
    // The floor, from the same plan the command makes: the longest chain of the engine's order.
    const ctx = createContext({ clients, settings: knownSettings(vpcId, 'us-east-1', undefined), stateDir, state: StateStore.inMemory(vpcId), clock, events: reporter, signal: new AbortController().signal, scope: { by: 'vpc', vpcId } });
    const plan = planTeardown((await gatherVpc(ctx, vpcId))!);
    const resources = teardownResources(plan);
    const rdeps = dependents(resources);
    const finish = new Map<string, number>();
    for (const r of [...topoOrder(resources)].reverse()) finish.set(r.key, Math.max(0, ...rdeps.get(r.key)!.map((d) => finish.get(d)!)) + itemCost(plan.items.find((i) => i.key === r.key)!, timings));
    // The look-ups: the VPC by its ID, then the VPC's listings, then its volumes and key pairs: three rounds.
    const floor = 3 * timings.latencyMs + Math.max(...finish.values());
    const before = fake.calls.length;
    const start = clock.now();
    await destroyVpcCommand({ yes: true, stateDir, vpc: vpcId }, reporter, deps);
    const wall = clock.now() - start;
    if (fake.world.vpcs.has(vpcId)) throw new Error(`bench: ${vpcId} is still there`);
    const refused = fake.calls.slice(before).filter((c) => c.error).map((c) => `${c.name}:${c.error}`);
    if (process.env.BENCH_DEBUG) console.log(fake.calls.slice(before).map((c) => `${((c.at - start) / 1000).toFixed(1)} ${c.name} ${c.error ?? ''}`).join('\n'));
    return `destroy --vpc (a lab built by hand: NAT gateway, 2 instances, 2 Elastic IPs, ${plan.items.length} deletes)   wall ${(wall / 1000).toFixed(1).padStart(6)} s   floor ${(floor / 1000).toFixed(1).padStart(6)} s   ratio ${(wall / floor).toFixed(3)} (target <= 1.10)   calls ${fake.calls.length - before}${refused.length ? ` (refused: ${refused.join(', ')})` : ''}`;
  } finally {
    fake.restore();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
