/**
 * Issue 24, item 2: finding apart from owning. A verify-only run (EngineContext.verifyOnly)
 * finds everything and changes nothing: not on a lab of the tool's that is half built and
 * drifted, not on a VPC built by hand (found by the VPC's scope and the user's bindings).
 * Its clients refuse any call but a read (aws/retry.ts readOnly).
 */
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateKeyPairCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteRouteCommand,
  DescribeVpcsCommand,
  RunInstancesCommand,
  StopInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { readOnly } from '../../src/aws/retry.js';
import { VirtualClock } from '../../src/engine/clock.js';
import { discover, down, up, type StepResult } from '../../src/engine/graph.js';
import type { StepEvents, StepHandle } from '../../src/engine/resource.js';
import { StateStore } from '../../src/engine/state.js';
import { LAB } from '../../src/lab/chapters/lab.js';
import type { Clients, LabContext } from '../../src/lab/core/context.js';
import type { InventoryScope } from '../../src/lab/core/inventory.js';
import { createContext, knownSettings } from '../../src/lab/session.js';
import { createHarness, DEFAULT_LAB, type Harness } from '../support/drive.js';
import { createFakeAws, type FakeAws } from '../support/fake-ec2.js';

const quiet: StepEvents = { started() {}, progress() {}, finished() {}, failed() {} };
const noStep: StepHandle = { progress() {}, changed() {} };
const isRead = (name: string) => /^(Describe|Get|List)/.test(name);

let h: Harness | undefined;
let fake: FakeAws | undefined;
afterEach(async () => {
  await h?.close();
  fake?.restore();
  h = fake = undefined;
});

function clientsOf(f: FakeAws): Clients {
  return { ec2: f.ec2, ec2Once: f.ec2, ssm: f.ssm, scheduler: f.scheduler, iam: f.iam, sts: f.sts, serviceQuotas: f.serviceQuotas };
}

interface VerifyOptions {
  state?: StateStore;
  bindings?: Record<string, string>;
  scope?: InventoryScope;
  verifyOnly?: boolean;
  settings?: Parameters<typeof knownSettings>[2];
}

function verifyContext(f: FakeAws, clock: VirtualClock, name: string, o: VerifyOptions = {}): LabContext {
  return createContext({
    clients: clientsOf(f),
    settings: knownSettings(name, 'us-east-1', o.settings),
    stateDir: '/tmp/aws-lab-verify-only',
    state: o.state ?? StateStore.inMemory(name),
    clock,
    events: quiet,
    signal: new AbortController().signal,
    verifyOnly: o.verifyOnly ?? true,
    bindings: o.bindings,
    scope: o.scope,
  });
}

/** Every call the fake served (EC2 and the expiry's services) from `mark` on, by name. */
function callsSince(f: FakeAws, mark: { ec2: number; expiry: number }): string[] {
  return [...f.calls.slice(mark.ec2).map((c) => c.name), ...f.expiry.calls.slice(mark.expiry).map((c) => c.name)];
}
const markOf = (f: FakeAws) => ({ ec2: f.calls.length, expiry: f.expiry.calls.length });
const stepOf = (steps: StepResult[], key: string) => steps.find((s) => s.key === key);

describe('the read-only guard (aws/retry.ts)', () => {
  it('lets reads through and refuses anything else before it goes out', async () => {
    fake = createFakeAws({ clock: new VirtualClock() });
    const ec2 = readOnly<EC2Client>(fake.ec2, 'ec2');
    await expect(ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))).rejects.toThrow(/verify-only run may only read.*ec2:CreateVpc/);
    expect(fake.calls.map((c) => c.name)).toEqual([]);
    expect(fake.world.vpcs.size).toBe(0);
    const described = await ec2.send(new DescribeVpcsCommand({}));
    expect(described.Vpcs).toEqual([]);
  });

  it('holds even when a kind is told to create in a verify-only run (the engine never does; the senders refuse)', async () => {
    fake = createFakeAws({ clock: new VirtualClock() });
    const ctx = verifyContext(fake, new VirtualClock(), 'aws-lab', { settings: { vpcCidr: '10.0.0.0/16' } });
    const vpc = LAB.find((r) => r.key === 'vpc')!;
    await expect(vpc.create(ctx, noStep)).rejects.toThrow(/internal: a verify-only run may only read/);
    expect(fake.world.vpcs.size).toBe(0);
    expect(fake.mutatingCalls()).toEqual([]);
  });
});

describe('a verify-only run over a lab of the tool\'s, half built and drifted', () => {
  it('finds what is there, says what up would do and down would delete, and makes no call but reads', async () => {
    h = createHarness();
    await h.up({ until: 'web' });
    const { fake: f, clock } = h;
    const [web] = [...f.world.instances.keys()];
    const table = [...f.world.routeTables.values()].find((t) => t.Tags?.some((x) => x.Value === 'publicRouteTable'))!;
    // Drift: the web server stopped, the public route gone.
    await f.ec2.send(new StopInstancesCommand({ InstanceIds: [web] }));
    await f.ec2.send(new DeleteRouteCommand({ RouteTableId: table.RouteTableId, DestinationCidrBlock: '0.0.0.0/0' }));
    clock.advance(60_000);
    const saved = h.readStateJson();
    const before = { instances: f.world.instances.size, vpcs: f.world.vpcs.size, state: JSON.stringify(saved) };
    const mark = markOf(f);
    const dryRuns = f.dryRuns.length;

    const ctx = verifyContext(f, clock, DEFAULT_LAB, { state: StateStore.inMemory(DEFAULT_LAB, saved), settings: saved.settings });
    const built = (await up(LAB, ctx, new AbortController())).steps;
    const removed = (await down(LAB, verifyContext(f, clock, DEFAULT_LAB, { state: StateStore.inMemory(DEFAULT_LAB, saved), settings: saved.settings }), new AbortController())).steps;

    const served = callsSince(f, mark);
    expect(served.length).toBeGreaterThan(5);
    expect(served.filter((n) => !isRead(n))).toEqual([]);
    expect(f.dryRuns.slice(dryRuns)).toEqual([]);
    // Nothing changed: the server is still stopped, the route still missing.
    expect(f.world.instances.get(web)!.State?.Name).toBe('stopped');
    expect(f.world.routeTables.get(table.RouteTableId!)!.Routes?.some((r) => r.DestinationCidrBlock === '0.0.0.0/0')).toBe(false);
    expect({ instances: f.world.instances.size, vpcs: f.world.vpcs.size, state: JSON.stringify(h.readStateJson()) }).toEqual(before);

    // What up would do: start the web server, make the route again, make the DB chapter.
    expect(stepOf(built, 'webInstance')).toMatchObject({ outcome: 'skipped', wouldDo: 'change', id: web, changes: [['drift_startServer', 'stopped']] });
    expect(stepOf(built, 'publicRoute')).toMatchObject({ outcome: 'skipped', wouldDo: 'create' });
    expect(stepOf(built, 'dbInstance')).toMatchObject({ outcome: 'skipped', wouldDo: 'create' });
    expect(stepOf(built, 'vpc')).toMatchObject({ outcome: 'kept', id: [...f.world.vpcs.keys()][0] });
    expect(built.some((s) => s.outcome === 'created' || s.outcome === 'updated' || s.outcome === 'deleted')).toBe(false);
    // What down would delete: everything found.
    expect(stepOf(removed, 'webInstance')).toMatchObject({ outcome: 'skipped', wouldDo: 'delete', id: web });
    expect(stepOf(removed, 'vpc')).toMatchObject({ outcome: 'skipped', wouldDo: 'delete' });
    expect(removed.some((s) => s.outcome === 'deleted')).toBe(false);
  });
});

/** A VPC as a learner builds it in the console: no tags, its own names, a web server in the public subnet. */
async function handBuilt(f: FakeAws, keyName = 'my-key') {
  const ec2 = f.ec2;
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc!.VpcId!;
  const subnet = async (cidr: string) => (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
  const pub = await subnet('10.1.1.0/24');
  const priv = await subnet('10.1.2.0/24');
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  const rtb = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtb, SubnetId: pub }));
  await ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  const key = await ec2.send(new CreateKeyPairCommand({ KeyName: keyName }));
  const sg = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: 'my-web', Description: 'web' }))).GroupId!;
  const run = await ec2.send(
    new RunInstancesCommand({ ImageId: 'ami-0fake2023', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, KeyName: keyName, SubnetId: pub, SecurityGroupIds: [sg] }),
  );
  return { vpc, pub, priv, igw, rtb, sg, keyPairId: key.KeyPairId!, instance: run.Instances![0].InstanceId! };
}

describe('a verify-only run over a VPC built by hand (no tags), by the VPC\'s scope and the user\'s bindings', () => {
  it('finds the bound parts, places the rest (gateway, route table, route, web server), and makes no call but reads', async () => {
    const clock = new VirtualClock();
    fake = createFakeAws({ clock });
    const made = await handBuilt(fake);
    clock.advance(60_000);
    const mark = markOf(fake);
    const bindings = { vpc: made.vpc, publicSubnet: made.pub, privateSubnet: made.priv, webSecurityGroup: made.sg, keyPair: made.keyPairId };
    const ctx = verifyContext(fake, clock, 'hand', { bindings, scope: { by: 'vpc', vpcId: made.vpc }, settings: { vpcCidr: '10.1.0.0/16' } });

    const steps = (await up(LAB, ctx, new AbortController())).steps;
    const id = (key: string) => ctx.live.get(key)?.id;
    expect({ vpc: id('vpc'), pub: id('publicSubnet'), priv: id('privateSubnet'), sg: id('webSecurityGroup'), key: id('keyPair') }).toEqual({
      vpc: made.vpc,
      pub: made.pub,
      priv: made.priv,
      sg: made.sg,
      key: made.keyPairId,
    });
    // Found by their place: attached to the bound VPC, associated with the bound subnet, in it.
    expect(id('internetGateway')).toBe(made.igw);
    expect(id('publicRouteTable')).toBe(made.rtb);
    expect(ctx.live.get('publicRoute')?.attrs.target).toBe(made.igw);
    expect(id('publicRouteAssociation')).toBeDefined();
    expect(id('webInstance')).toBe(made.instance);
    // Not the web server a second time, as the NAT instance in the same subnet.
    expect(ctx.live.get('natInstance')).toBeUndefined();
    // The learner's DB server is not there yet: up would make it; nothing was made.
    expect(stepOf(steps, 'dbInstance')).toMatchObject({ outcome: 'skipped', wouldDo: 'create' });
    expect(callsSince(fake, mark).filter((n) => !isRead(n))).toEqual([]);
    expect(fake.world.instances.size).toBe(1);
  });

  it('without bindings, the lab\'s own way (its tags) finds none of it: a lab of the tool\'s finds as before', async () => {
    const clock = new VirtualClock();
    fake = createFakeAws({ clock });
    await handBuilt(fake);
    const ctx = verifyContext(fake, clock, 'hand', { verifyOnly: false });
    const found = await discover(LAB, ctx);
    expect([...found.values()].filter(Boolean)).toEqual([]);
  });

  it('the VPC scope lists everything in the VPC, whoever made it, and the addresses and key pairs its instances use', async () => {
    const clock = new VirtualClock();
    fake = createFakeAws({ clock });
    const made = await handBuilt(fake);
    await handBuilt(fake, 'other-key'); // another VPC, not to be listed
    const ctx = verifyContext(fake, clock, 'hand', { scope: { by: 'vpc', vpcId: made.vpc } });
    expect((await ctx.inventory.vpcs()).map((v) => v.VpcId)).toEqual([made.vpc]);
    expect((await ctx.inventory.subnets()).map((s) => s.SubnetId).sort()).toEqual([made.pub, made.priv].sort());
    expect((await ctx.inventory.internetGateways()).map((g) => g.InternetGatewayId)).toEqual([made.igw]);
    expect((await ctx.inventory.instances()).map((i) => i.InstanceId)).toEqual([made.instance]);
    // The key pair this VPC's instance uses, not the other VPC's.
    expect((await ctx.inventory.keyPairs()).map((k) => k.KeyPairId)).toEqual([made.keyPairId]);
    expect((await ctx.inventory.routeTables()).map((t) => t.RouteTableId)).toContain(made.rtb);
    expect((await ctx.inventory.routeTables()).every((t) => t.VpcId === made.vpc)).toBe(true);
  });
});
