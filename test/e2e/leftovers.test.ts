/**
 * `leftovers` against moto: one moto_server serves every region. A hand-built VPC with a
 * NAT gateway on an Elastic IP in one region, an idle Elastic IP and a stopped instance in
 * another, a lab of the tool's (built by `up`) in a third, an idle address in a fourth that
 * the caller may not read (the proxy answers UnauthorizedOperation there). What is found,
 * grouped and costed is checked exactly; the Price List API refused, then answering.
 */
import {
  AllocateAddressCommand,
  CreateNatGatewayCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeNatGatewaysCommand,
  DescribeVolumesCommand,
  EC2Client,
  RunInstancesCommand,
  StopInstancesCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEFTOVERS_ACTIONS } from '../../src/aws/billed.js';
import { HOURS_PER_MONTH, PRICES } from '../../src/lab/core/cost.js';
import type { ClassLeftoversJson, LeftoversJson } from '../../src/cli/commands/leftovers.js';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { execFile } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { BIN, labEnv, runCli, tempDir } from './support/cli.js';
import { addressIds, buildByHand, whatIsLeft } from './support/hand-built-teardown.js';
import { awsCallerArn, describeVerdict, distinct, evaluate, iamRequestsOf } from './support/iam-requests.js';
import type { RecordedRequest } from './support/recorded.js';
import { TEST_ACCOUNT_QUOTAS, useMoto } from './support/moto.js';
import { mutating, startProxy, type Proxy } from './support/proxy.js';

const SSH = '198.51.100.7/32';
const HAND = 'eu-west-1';
const IDLE = 'ap-northeast-1';
const LAB_REGION = 'us-west-2';
const REFUSED = 'sa-east-1';
const LAB = 'lo-lab';
const IPV4 = PRICES['us-east-1'].ipv4Hour;

const ec2In = (url: string, region: string) => new EC2Client({ endpoint: url, region, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
const labTag = (tags: Tag[] | undefined) => tags?.find((t) => t.Key === 'aws-lab-setup:lab')?.Value;
/** A printed command, run by a shell as a learner would paste it. */
const shell = (cmd: string, opts: { cwd: string; env: Record<string, string>; timeout?: number }) => promisify(execFile)('sh', ['-c', cmd], { ...opts, timeout: opts.timeout ?? 60_000 });
const ids = (g: LeftoversJson['groups'][number] | undefined) => (g?.resources ?? []).map((r) => `${r.kind}:${r.id}`).sort();

describe('leftovers: what still bills, in every region (against moto)', () => {
  const moto = useMoto();
  let proxy: Proxy;
  const cwd = tempDir();
  const made = { handVpc: '', nat: '', natEip: '', idleEip: '', stopped: '', stoppedVolume: '', stoppedVolumeType: '', refusedEip: '' };
  const lab = { vpc: '', resources: [] as string[], hourly: 0 };
  /** The requests of the first look (every region, prices asked), for the IAM evaluator. */
  let looked: RecordedRequest[] = [];

  const leftovers = (...args: string[]) => runCli(['leftovers', '--endpoint-url', proxy.url, ...args], { cwd, timeoutMs: 120_000 });
  /** One run's calls, as IAM names them, and those that change anything. */
  const during = async (run: () => Promise<unknown>) => {
    const from = proxy.iamActions.length;
    const fromActions = proxy.actions.length;
    const fromRequests = proxy.requests.length;
    await run();
    return { iam: [...new Set(proxy.iamActions.slice(from))].sort(), mutating: mutating(proxy.actions.slice(fromActions)), requests: proxy.requests.slice(fromRequests) };
  };

  beforeAll(async () => {
    proxy = await startProxy(moto.direct, { quotas: TEST_ACCOUNT_QUOTAS });
    // A hand-built VPC with a NAT gateway on its Elastic IP, as the console makes them.
    const hand = ec2In(moto.direct, HAND);
    made.handVpc = (await hand.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'my-vpc' }] }] }))).Vpc!.VpcId!;
    const subnet = (await hand.send(new CreateSubnetCommand({ VpcId: made.handVpc, CidrBlock: '10.20.1.0/24' }))).Subnet!.SubnetId!;
    made.natEip = (await hand.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
    made.nat = (await hand.send(new CreateNatGatewayCommand({ SubnetId: subnet, AllocationId: made.natEip }))).NatGateway!.NatGatewayId!;
    // An idle address and a stopped instance (in the default VPC) in another region.
    const idle = ec2In(moto.direct, IDLE);
    made.idleEip = (await idle.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
    made.stopped = (await idle.send(new RunInstancesCommand({ ImageId: 'ami-12c6146b', MinCount: 1, MaxCount: 1, InstanceType: 't3.micro' }))).Instances![0].InstanceId!;
    await idle.send(new StopInstancesCommand({ InstanceIds: [made.stopped] }));
    const vol = (await idle.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [made.stopped] }] }))).Volumes![0];
    made.stoppedVolume = vol.VolumeId!;
    made.stoppedVolumeType = vol.VolumeType!;
    // What the caller may not see: an address in a region it cannot read.
    made.refusedEip = (await ec2In(moto.direct, REFUSED).send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;

    // A lab of the tool's in a third region, and what it holds that bills, as the test sees it.
    const up = await runCli(['up', '--yes', '--name', LAB, '--region', LAB_REGION, '--endpoint-url', proxy.url, '--ssh-cidr', SSH], { cwd, timeoutMs: 300_000 });
    expect(up.code, up.stderr).toBe(0);
    const ec2 = ec2In(moto.direct, LAB_REGION);
    const instances = ((await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? []).flatMap((r) => r.Instances ?? []).filter((i) => labTag(i.Tags) === LAB && i.State?.Name !== 'terminated');
    const addresses = ((await ec2.send(new DescribeAddressesCommand({}))).Addresses ?? []).filter((a) => labTag(a.Tags) === LAB);
    const nats = ((await ec2.send(new DescribeNatGatewaysCommand({}))).NatGateways ?? []).filter((n) => labTag(n.Tags) === LAB && n.State !== 'deleted');
    const volumes = (await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: instances.map((i) => i.InstanceId!) }] }))).Volumes ?? [];
    lab.vpc = instances[0].VpcId!;
    lab.resources = [...instances.map((i) => `instance:${i.InstanceId}`), ...addresses.map((a) => `elasticIp:${a.AllocationId}`), ...nats.map((n) => `natGateway:${n.NatGatewayId}`), ...volumes.map((v) => `volume:${v.VolumeId}`)].sort();
    const p = PRICES[LAB_REGION];
    const gbMonth = (t: string | undefined) => (t === 'gp2' ? p.gp2GbMonth : p.gp3GbMonth);
    lab.hourly = instances.reduce((s, i) => s + p.instanceHour[i.InstanceType!], 0) + nats.length * p.natHour + addresses.length * IPV4 + volumes.reduce((s, v) => s + (v.Size! * gbMonth(v.VolumeType)) / HOURS_PER_MONTH, 0);
    expect(instances).toHaveLength(2);
    expect(nats).toHaveLength(1);
  }, 400_000);
  afterAll(() => proxy?.close());

  it('finds, groups and costs exactly what bills; names the region it could not read (exit 1); table prices when the Price List API is refused; reads only', async () => {
    proxy.faults.refuseRegions = [REFUSED];
    proxy.faults.deny = ['pricing:GetProducts'];
    let res!: Awaited<ReturnType<typeof leftovers>>;
    const calls = await during(async () => (res = await leftovers('--json')));
    expect(res.code, res.stderr).toBe(1);
    const doc = JSON.parse(res.stdout) as LeftoversJson;

    // Every enabled region of the account, and only those (moto lists GovCloud and China; the proxy answers as AWS).
    expect(doc.regions).toContain(HAND);
    expect(doc.regions.filter((r) => /^(us-gov-|cn-)/.test(r))).toEqual([]);
    expect(doc.complete).toBe(false);
    expect(doc.unread).toEqual([{ region: REFUSED, code: expect.any(String), message: expect.stringMatching(/not authorized|permission/i) }]);
    expect(JSON.stringify(doc)).not.toContain(made.refusedEip);

    const group = (region: string, kind: string) => doc.groups.filter((g) => g.region === region && g.kind === kind);
    expect(doc.groups.map((g) => `${g.region}/${g.kind}`).sort()).toEqual([`${IDLE}/defaultVpc`, `${IDLE}/standalone`, `${LAB_REGION}/lab`, `${HAND}/vpc`].sort());

    const [hand] = group(HAND, 'vpc');
    expect(hand).toMatchObject({ vpcId: made.handVpc, vpcName: 'my-vpc', remove: [`aws-lab-setup destroy --vpc ${made.handVpc} --region ${HAND}`] });
    expect(ids(hand)).toEqual([`elasticIp:${made.natEip}`, `natGateway:${made.nat}`]);
    expect(hand.hourly).toBeCloseTo(PRICES[HAND].natHour + IPV4, 10);
    expect(hand.monthly).toBeCloseTo((PRICES[HAND].natHour + IPV4) * HOURS_PER_MONTH, 8);

    const [alone] = group(IDLE, 'standalone');
    expect(ids(alone)).toEqual([`elasticIp:${made.idleEip}`]);
    expect(alone.resources[0].idle).toBe(true);
    expect(alone.remove).toEqual([`aws ec2 release-address --allocation-id ${made.idleEip} --region ${IDLE}`]);

    const [dflt] = group(IDLE, 'defaultVpc');
    expect(ids(dflt)).toEqual([`instance:${made.stopped}`, `volume:${made.stoppedVolume}`].sort());
    expect(dflt.resources.find((r) => r.id === made.stopped)).toMatchObject({ state: 'stopped', hourly: 0 });
    const gb = made.stoppedVolumeType === 'gp2' ? PRICES[IDLE].gp2GbMonth : PRICES[IDLE].gp3GbMonth;
    expect(dflt.hourly).toBeCloseTo((8 * gb) / HOURS_PER_MONTH, 10);

    const [ofLab] = group(LAB_REGION, 'lab');
    expect(ofLab).toMatchObject({ lab: LAB, vpcId: lab.vpc, remove: [`aws-lab-setup destroy --name ${LAB} --region ${LAB_REGION}`] });
    expect(ids(ofLab)).toEqual(lab.resources);
    expect(ofLab.hourly).toBeCloseTo(lab.hourly, 10);

    expect(doc.hourly).toBeCloseTo(hand.hourly + alone.hourly + dflt.hourly + ofLab.hourly, 10);
    expect(doc.unpriced).toBe(0);
    expect(doc.prices).toMatchObject({ used: ['table'], priceListError: expect.stringMatching(/GetProducts|not authorized|denied/i) });

    // Reads only: nothing but the describes and the price look-ups went out.
    expect(calls.mutating).toEqual([]);
    expect(calls.iam.filter((a) => !LEFTOVERS_ACTIONS.includes(a))).toEqual([]);
    expect(calls.iam).toEqual(expect.arrayContaining(['ec2:DescribeRegions', 'ec2:DescribeNatGateways', 'ec2:DescribeVolumes', 'pricing:GetProducts']));
    looked = calls.requests;
  }, 180_000);

  it("takes the Price List API's prices where it answers, the table's for the rest, and says which", async () => {
    proxy.faults.refuseRegions = [];
    proxy.faults.deny = [];
    proxy.faults.priceList = [
      { attributes: { regionCode: HAND, productFamily: 'NAT Gateway', usagetype: 'EU-NatGateway-Hours' }, unit: 'Hrs', usd: '0.0500000000' },
      { attributes: { regionCode: HAND, productFamily: 'NAT Gateway', usagetype: 'EU-NatGateway-Bytes' }, unit: 'GB', usd: '0.0480000000' },
    ];
    try {
      const res = await leftovers('--json', '--region', HAND);
      expect(res.code, res.stderr).toBe(0);
      const doc = JSON.parse(res.stdout) as LeftoversJson;
      expect(doc).toMatchObject({ complete: true, regions: [HAND], unread: [] });
      expect(doc.groups).toHaveLength(1);
      expect(doc.groups[0].resources.find((r) => r.id === made.nat)).toMatchObject({ hourly: 0.05, source: 'price-list' });
      expect(doc.groups[0].hourly).toBeCloseTo(0.05 + IPV4, 10);
      expect(doc.prices.used).toEqual(['price-list']);
    } finally {
      delete proxy.faults.priceList;
    }
  }, 120_000);

  it('says it in English and in Japanese: each group, its cost, the command that removes it, the region it could not read', async () => {
    proxy.faults.refuseRegions = [REFUSED];
    const [en, ja] = await Promise.all([leftovers(), leftovers('--lang', 'ja')]);
    expect(en.code, en.stderr).toBe(1);
    expect(en.stdout).toContain(`VPC ${made.handVpc} "my-vpc", not made by aws-lab-setup — ${HAND}`);
    expect(en.stdout).toContain(`Lab "${LAB}" of aws-lab-setup`);
    expect(en.stdout).toContain(`— idle: associated with nothing`);
    expect(en.stdout).toContain(`aws-lab-setup destroy --vpc ${made.handVpc} --region ${HAND}`);
    expect(en.stdout).toMatch(/Still billing: \$\d+\.\d{4}\/h ≈ \$\d+\.\d{2}\/month, in 4 group\(s\)/);
    expect(en.stdout).toMatch(/Prices: this tool's table of \d{4}-\d{2}-\d{2} \(the AWS Price List API could not be read/);
    expect(en.stderr).toContain(`Could not look in ${REFUSED}:`);
    expect(ja.code, ja.stderr).toBe(1);
    expect(ja.stdout).toContain(`aws-lab-setup のラボ「${LAB}」`);
    expect(ja.stdout).toContain('。未使用です。何にも関連付けられていません');
    expect(ja.stdout).toMatch(/まだ発生している料金 \(4 グループ\): \d+\.\d{4} USD\/時間 \(月額 約 \d+\.\d{2} USD\)/);
    expect(ja.stderr).toContain(`${REFUSED} を調べることができませんでした。理由: `);
  }, 120_000);

  it('needs only reads: every request of the look is Allowed by the printed policy (IAM evaluator), and the policy allows no change through them', async () => {
    expect(looked.length, 'the first test recorded the look').toBeGreaterThan(20);
    const me = await new STSClient({ endpoint: moto.direct, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } }).send(new GetCallerIdentityCommand({}));
    const account = me.Account!;
    const caller = awsCallerArn(me.Arn!);
    const printed = await runCli(['policy'], { cwd });
    expect(printed.code, printed.stderr).toBe(0);
    const identityPolicy = JSON.parse(printed.stdout);
    // GetProducts has no resource type: IAM asks it of `*` (iam-requests.ts models EC2, IAM, SSM, Scheduler, STS).
    const pricing = looked.filter((r) => r.iamAction === 'pricing:GetProducts');
    expect(pricing.length).toBeGreaterThan(0);
    const requests = distinct([...(await iamRequestsOf(looked.filter((r) => r.iamAction !== 'pricing:GetProducts'), account)), { action: 'pricing:GetProducts', resource: '*', context: {}, why: 'pricing:GetProducts' }]);
    expect(new Set(requests.map((r) => r.action))).toEqual(new Set(LEFTOVERS_ACTIONS));
    const verdicts = await Promise.all(requests.map((r) => evaluate(r, { principal: caller, identityPolicy, account })));
    expect(verdicts.filter((v) => v.result !== 'Allowed').map(describeVerdict)).toEqual([]);
    // What would remove the leftovers is not among what the look needed: the policy refuses it on a hand-built VPC's resources.
    const change = await evaluate({ action: 'ec2:DeleteNatGateway', resource: `arn:aws:ec2:${HAND}:${account}:natgateway/${made.nat}`, context: {}, why: 'not a read' }, { principal: caller, identityPolicy, account });
    expect(change.result).not.toBe('Allowed');
  }, 120_000);

  it('class leftovers: every account the roster reaches, each in every region, the role assumed where the roster names an account; the printed commands reach that account', async () => {
    proxy.faults.refuseRegions = [];
    const member = '111111111111';
    const sts = new STSClient({ endpoint: moto.direct, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, RoleSessionName: 'test' }));
    const memberKeys = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken };
    const inMember = new EC2Client({ endpoint: moto.direct, region: 'eu-west-2', credentials: memberKeys });
    const memberEip = (await inMember.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
    // The learner's own lab, built by hand in the member account, in the region where the caller's account has one too.
    const memberHand = new EC2Client({ endpoint: moto.direct, region: HAND, credentials: memberKeys });
    const annLab = await buildByHand(memberHand, moto.direct, 'ann', '10.90');
    const roster = path.join(cwd, 'lo-class.csv');
    writeFileSync(roster, `learner,account\nann,${member}\nbob,\n`);
    const classLeftovers = (...args: string[]) => runCli(['class', 'leftovers', '--roster', roster, '--endpoint-url', proxy.url, ...args], { cwd, timeoutMs: 120_000 });
    const [res, text] = await Promise.all([classLeftovers('--json'), classLeftovers()]);
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout) as ClassLeftoversJson;
    expect(doc.unreached).toEqual([]);
    expect(doc.accounts.map((a) => a.account).sort()).toEqual([member, '123456789012']);
    const ann = doc.accounts.find((a) => a.account === member)!;
    expect(ann).toMatchObject({ learners: ['ann'], via: 'role OrganizationAccountAccessRole', complete: true });
    expect(ann.groups.map((g) => `${g.region}/${g.kind}:${ids(g).join(',')}`).sort()).toEqual(
      [`eu-west-2/standalone:elasticIp:${memberEip}`, `${HAND}/vpc:${ids(ann.groups.find((g) => g.vpcId === annLab.vpc)).join(',')}`].sort(),
    );
    // The member account's commands name its role's profile, made once with the AWS CLI, from the caller's keys (the environment's here).
    const profile = `aws-lab-setup-${member}`;
    expect(ann.profileSetup).toEqual([
      `aws configure set role_arn arn:aws:iam::${member}:role/OrganizationAccountAccessRole --profile ${profile}`,
      `aws configure set credential_source Environment --profile ${profile}`,
    ]);
    const annVpc = ann.groups.find((g) => g.vpcId === annLab.vpc)!;
    expect(annVpc.remove).toEqual([`aws-lab-setup destroy --vpc ${annLab.vpc} --region ${HAND} --profile ${profile}`]);
    expect(ann.groups.find((g) => g.kind === 'standalone')!.remove).toEqual([`aws ec2 release-address --allocation-id ${memberEip} --region eu-west-2 --profile ${profile}`]);
    const bob = doc.accounts.find((a) => a.account !== member)!;
    expect(bob.learners).toEqual(['bob']);
    expect(bob.profileSetup).toBeUndefined();
    expect(bob.groups.find((g) => g.vpcId === made.handVpc)?.remove).toEqual([`aws-lab-setup destroy --vpc ${made.handVpc} --region ${HAND}`]);
    expect(JSON.stringify(bob)).not.toContain(memberEip);
    expect(doc.hourly).toBeCloseTo(ann.hourly + bob.hourly, 10);
    // The text prints the same commands, the profile's once.
    expect(text.code, text.stderr).toBe(0);
    for (const cmd of [...ann.profileSetup!, ...annVpc.remove]) expect(text.stdout).toContain(cmd);
    expect(text.stdout.split(ann.profileSetup![0]).length).toBe(2);

    // Run as printed, through a shell, with a config file of the learner's own: the member's VPC goes, the caller's stays whole.
    const callerHand = ec2In(moto.direct, HAND);
    const callerBefore = { vpc: await whatIsLeft(callerHand, made.handVpc), addresses: await addressIds(callerHand) };
    const bin = tempDir('lo-bin-');
    symlinkSync(BIN, path.join(bin, 'aws-lab-setup'));
    const env = labEnv({ AWS_CONFIG_FILE: path.join(cwd, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(cwd, 'aws-credentials'), AWS_ENDPOINT_URL: proxy.url, PATH: `${bin}${path.delimiter}${process.env.PATH}` });
    for (const cmd of ann.profileSetup!) await shell(cmd, { cwd, env });
    const destroyed = await shell(`${annVpc.remove[0]} --yes`, { cwd, env, timeout: 180_000 });
    expect(destroyed.stdout).toMatch(/VPC vpc-\w+ and what was in it are gone/);
    expect(await whatIsLeft(memberHand, annLab.vpc)).toEqual({ vpcs: 0, subnets: 0, internetGateways: 0, routeTables: 0, securityGroups: 0, networkAcls: 0, interfaces: 0, instances: 0, natGateways: 0 });
    expect(await addressIds(memberHand)).not.toContain(annLab.natAddress);
    expect(await whatIsLeft(callerHand, made.handVpc)).toEqual(callerBefore.vpc);
    expect((await addressIds(callerHand)).sort()).toEqual(callerBefore.addresses.sort());
  }, 400_000);
});
