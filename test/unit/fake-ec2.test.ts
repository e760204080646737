/**
 * Tests of the fake itself: if the fake stops enforcing a rule, the ordering tests that rely
 * on it would silently pass, so each rule the CLI depends on is pinned here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateKeyPairCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteKeyPairCommand,
  DeleteNatGatewayCommand,
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand,
  EC2ServiceException,
  ModifyVpcAttributeCommand,
  ReleaseAddressCommand,
  RunInstancesCommand,
  RebootInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand } from '@aws-sdk/client-service-quotas';
import { QUOTAS } from '../../src/aws/quotas.js';
import { VirtualClock } from '../../src/engine/clock.js';
import { AL2023_PARAMETER, awsError, createFakeAws, type FakeAws } from '../support/fake-ec2.js';
import { codeOf } from '../support/code-of.js';


const tag = (Name: string, type: string) => [{ ResourceType: type as any, Tags: [{ Key: 'Name', Value: Name }] }];

/** Builds the two-tier lab the right way round, stopping before the EIP/NAT steps. */
async function buildNetwork(ec2: EC2Client) {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: tag('lab', 'vpc') }));
  const vpcId = Vpc!.VpcId!;
  const pub = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
  const priv = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.2.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
  const igwId = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
  const webSg = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'web', Description: 'web' }))).GroupId!;
  const dbSg = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'db', Description: 'db' }))).GroupId!;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: dbSg,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, UserIdGroupPairs: [{ GroupId: webSg }] }],
    }),
  );
  await ec2.send(new CreateKeyPairCommand({ KeyName: 'lab-key' }));
  return { vpcId, pub, priv, igwId, webSg, dbSg };
}

function runWeb(ec2: EC2Client, n: { pub: string; webSg: string }, ClientToken?: string, InstanceType: 't3.micro' | 't2.micro' = 't3.micro') {
  return ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-0fake2023',
      InstanceType,
      MinCount: 1,
      MaxCount: 1,
      KeyName: 'lab-key',
      ClientToken,
      UserData: Buffer.from('#!/bin/bash\necho hi\n').toString('base64'),
      MetadataOptions: { HttpTokens: 'required' },
      NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: n.pub, Groups: [n.webSg], AssociatePublicIpAddress: true }],
      TagSpecifications: tag('web', 'instance'),
    }),
  );
}

describe('fake EC2', () => {
  let clock: VirtualClock;
  let fake: FakeAws;

  beforeEach(() => {
    clock = new VirtualClock();
    fake = createFakeAws({ clock });
  });
  afterEach(() => fake.restore());

  it('creates VPCs like AWS: DNS hostnames off, a main route table and a default group', async () => {
    const { vpcId, webSg } = await buildNetwork(fake.ec2);
    const host = await fake.ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' }));
    const dns = await fake.ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsSupport' }));
    expect(host.EnableDnsHostnames?.Value).toBe(false);
    expect(dns.EnableDnsSupport?.Value).toBe(true);

    const { RouteTables } = await fake.ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['true'] }] }),
    );
    expect(RouteTables).toHaveLength(1);
    expect(RouteTables![0].Routes).toEqual([expect.objectContaining({ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' })]);

    const { SecurityGroups } = await fake.ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['default', 'db'] }] }),
    );
    expect(SecurityGroups!.map((g) => g.GroupName).sort()).toEqual(['db', 'default']);
    const db = SecurityGroups!.find((g) => g.GroupName === 'db')!;
    expect(db.IpPermissions).toEqual([
      expect.objectContaining({ IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, UserIdGroupPairs: [expect.objectContaining({ GroupId: webSg })] }),
    ]);

    // Tag filters, and unknown IDs / filter names fail like EC2.
    const tagged = await fake.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['la*'] }] }));
    expect(tagged.Vpcs!.map((v) => v.VpcId)).toEqual([vpcId]);
    expect(await codeOf(fake.ec2.send(new DescribeVpcsCommand({ VpcIds: ['vpc-0000000000000dead'] })))).toBe('InvalidVpcID.NotFound');
    expect(await codeOf(fake.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpcid', Values: [vpcId] }] })))).toBe(
      'InvalidParameterValue',
    );
  });

  it('validates subnets, groups, rules, key pairs and route table associations', async () => {
    const n = await buildNetwork(fake.ec2);
    const sub = (CidrBlock: string) => fake.ec2.send(new CreateSubnetCommand({ VpcId: n.vpcId, CidrBlock }));
    expect(await codeOf(sub('10.0.1.128/25'))).toBe('InvalidSubnet.Conflict');
    expect(await codeOf(sub('10.1.0.0/24'))).toBe('InvalidSubnet.Range');
    expect(await codeOf(fake.ec2.send(new CreateSecurityGroupCommand({ VpcId: n.vpcId, GroupName: 'web', Description: 'x' })))).toBe(
      'InvalidGroup.Duplicate',
    );
    const again = new AuthorizeSecurityGroupIngressCommand({
      GroupId: n.dbSg,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, UserIdGroupPairs: [{ GroupId: n.webSg }] }],
    });
    expect(await codeOf(fake.ec2.send(again))).toBe('InvalidPermission.Duplicate');
    // No instances here: only db's rule pins web.
    expect(await codeOf(fake.ec2.send(new DeleteSecurityGroupCommand({ GroupId: n.webSg })))).toBe('DependencyViolation');
    await fake.ec2.send(new DeleteSecurityGroupCommand({ GroupId: n.dbSg }));
    await fake.ec2.send(new DeleteSecurityGroupCommand({ GroupId: n.webSg }));
    expect(await codeOf(fake.ec2.send(new CreateKeyPairCommand({ KeyName: 'lab-key' })))).toBe('InvalidKeyPair.Duplicate');
    expect(await codeOf(fake.ec2.send(new DeleteKeyPairCommand({ KeyName: 'nope' })))).toBe('InvalidKeyPair.NotFound');

    const rt = await fake.ec2.send(new CreateRouteTableCommand({ VpcId: n.vpcId }));
    const rtbId = rt.RouteTable!.RouteTableId!;
    await fake.ec2.send(new CreateRouteCommand({ RouteTableId: rtbId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: n.igwId }));
    expect(
      await codeOf(fake.ec2.send(new CreateRouteCommand({ RouteTableId: rtbId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: n.igwId }))),
    ).toBe('RouteAlreadyExists');
    const { AssociationId } = await fake.ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtbId, SubnetId: n.pub }));
    expect(await codeOf(fake.ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtbId, SubnetId: n.pub })))).toBe(
      'Resource.AlreadyAssociated',
    );
    expect(await codeOf(fake.ec2.send(new DeleteRouteTableCommand({ RouteTableId: rtbId })))).toBe('DependencyViolation');
    await fake.ec2.send(new DisassociateRouteTableCommand({ AssociationId }));
    await fake.ec2.send(new DeleteRouteTableCommand({ RouteTableId: rtbId }));
    expect(await codeOf(fake.ec2.send(new DeleteRouteTableCommand({ RouteTableId: rtbId })))).toBe('InvalidRouteTableID.NotFound');
  });

  it('models pending states: EIPs need a running instance, NAT gateways take time', async () => {
    const n = await buildNetwork(fake.ec2);
    const res = await runWeb(fake.ec2, n);
    const instanceId = res.Instances![0].InstanceId!;
    expect(res.Instances![0].State?.Name).toBe('pending');
    expect(res.Instances![0].PublicIpAddress).toMatch(/^203\.0\.113\./);
    expect(res.Instances![0].PublicDnsName).toBe(''); // DNS hostnames still off

    const eip = await fake.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    const associate = () => fake.ec2.send(new AssociateAddressCommand({ InstanceId: instanceId, AllocationId: eip.AllocationId }));
    expect(await codeOf(associate())).toBe('IncorrectInstanceState');

    clock.advance(30_000);
    await fake.ec2.send(new ModifyVpcAttributeCommand({ VpcId: n.vpcId, EnableDnsHostnames: { Value: true } }));
    const assoc = await associate();
    expect(assoc.AssociationId).toMatch(/^eipassoc-/);
    const desc = await fake.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    const inst = desc.Reservations![0].Instances![0];
    expect(inst.State?.Name).toBe('running');
    expect(inst.PublicIpAddress).toBe(eip.PublicIp);
    expect(inst.PublicDnsName).toMatch(/^ec2-.*\.compute-1\.amazonaws\.com$/);
    expect(inst.MetadataOptions?.HttpTokens).toBe('required');
    const ud = await fake.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'userData' }));
    expect(Buffer.from(ud.UserData!.Value!, 'base64').toString()).toContain('echo hi');

    const natEip = await fake.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    const nat = await fake.ec2.send(new CreateNatGatewayCommand({ SubnetId: n.pub, AllocationId: natEip.AllocationId }));
    const natId = nat.NatGateway!.NatGatewayId!;
    const state = async () =>
      (await fake.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [natId] }))).NatGateways![0].State;
    expect(await state()).toBe('pending');
    clock.advance(89_999);
    expect(await state()).toBe('pending');
    clock.advance(1);
    expect(await state()).toBe('available');
    // The NAT's address cannot be reused or released while it holds it.
    expect(await codeOf(fake.ec2.send(new ReleaseAddressCommand({ AllocationId: natEip.AllocationId })))).toBe('InvalidIPAddress.InUse');
    expect(await codeOf(fake.ec2.send(new CreateNatGatewayCommand({ SubnetId: n.pub, AllocationId: natEip.AllocationId })))).toBe(
      'Resource.AlreadyAssociated',
    );
  });

  it('fails a NAT gateway whose VPC has no attached internet gateway', async () => {
    const { Vpc } = await fake.ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    const { Subnet } = await fake.ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId, CidrBlock: '10.9.0.0/24' }));
    const eip = await fake.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    const nat = await fake.ec2.send(new CreateNatGatewayCommand({ SubnetId: Subnet!.SubnetId, AllocationId: eip.AllocationId }));
    expect(nat.NatGateway!.State).toBe('pending'); // accepted at first, as AWS does
    clock.advance(90_000);
    const [gw] = (await fake.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [nat.NatGateway!.NatGatewayId!] }))).NatGateways!;
    expect(gw.State).toBe('failed');
    expect(gw.FailureCode).toBe('Gateway.NotAttached');

    // Nor can an Elastic IP be mapped into a VPC without an internet gateway.
    const run = await fake.ec2.send(
      new RunInstancesCommand({ ImageId: 'ami-0fake2023', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: Subnet!.SubnetId }),
    );
    clock.advance(30_000);
    const eip2 = await fake.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    expect(
      await codeOf(fake.ec2.send(new AssociateAddressCommand({ InstanceId: run.Instances![0].InstanceId, AllocationId: eip2.AllocationId }))),
    ).toBe('Gateway.NotAttached');
  });

  it('refuses teardown steps taken too early, then allows them once resources are gone', async () => {
    const n = await buildNetwork(fake.ec2);
    const instanceId = (await runWeb(fake.ec2, n)).Instances![0].InstanceId!;
    clock.advance(30_000);
    const eip = await fake.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    await fake.ec2.send(new AssociateAddressCommand({ InstanceId: instanceId, AllocationId: eip.AllocationId }));
    const natEip = await fake.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    const natId = (await fake.ec2.send(new CreateNatGatewayCommand({ SubnetId: n.pub, AllocationId: natEip.AllocationId }))).NatGateway!
      .NatGatewayId!;
    clock.advance(90_000);
    const ec2 = fake.ec2;
    const deleteWebSg = () => ec2.send(new DeleteSecurityGroupCommand({ GroupId: n.webSg }));
    const detach = () => ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: n.igwId, VpcId: n.vpcId }));

    expect(await codeOf(ec2.send(new DeleteVpcCommand({ VpcId: n.vpcId })))).toBe('DependencyViolation');
    expect(await codeOf(ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: n.igwId })))).toBe('DependencyViolation');
    expect(await codeOf(ec2.send(new ReleaseAddressCommand({ AllocationId: eip.AllocationId })))).toBe('InvalidIPAddress.InUse');

    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: n.dbSg })); // drops the only reference to web
    const term = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    expect(term.TerminatingInstances![0].CurrentState?.Name).toBe('shutting-down');
    // Shutting-down still holds its group, subnet and public addresses.
    expect(await codeOf(deleteWebSg())).toBe('DependencyViolation');
    expect(await codeOf(ec2.send(new ReleaseAddressCommand({ AllocationId: eip.AllocationId })))).toBe('InvalidIPAddress.InUse');
    expect(await codeOf(ec2.send(new DeleteSubnetCommand({ SubnetId: n.pub })))).toBe('DependencyViolation');
    expect(await codeOf(detach())).toBe('DependencyViolation');
    clock.advance(40_000);
    await deleteWebSg();
    await ec2.send(new ReleaseAddressCommand({ AllocationId: eip.AllocationId })); // auto-disassociated by termination

    await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: natId }));
    expect(await codeOf(detach())).toBe('DependencyViolation'); // the deleting NAT still maps its address
    expect(await codeOf(ec2.send(new ReleaseAddressCommand({ AllocationId: natEip.AllocationId })))).toBe('InvalidIPAddress.InUse');
    expect(await codeOf(ec2.send(new DeleteSubnetCommand({ SubnetId: n.pub })))).toBe('DependencyViolation');
    clock.advance(60_000);
    await ec2.send(new ReleaseAddressCommand({ AllocationId: natEip.AllocationId }));
    await detach();
    await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: n.igwId }));
    await ec2.send(new DeleteSubnetCommand({ SubnetId: n.pub }));
    await ec2.send(new DeleteSubnetCommand({ SubnetId: n.priv }));
    await ec2.send(new DeleteVpcCommand({ VpcId: n.vpcId }));

    for (const kind of ['vpcs', 'subnets', 'igws', 'routeTables', 'securityGroups', 'instances', 'addresses', 'natGateways'] as const) {
      expect(fake.count(kind), kind).toBe(0);
    }
    expect(fake.count('instances', { includeGone: true })).toBe(1);
    // Gone but still listed, as in AWS.
    const desc = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    expect(desc.Reservations![0].Instances![0].State?.Name).toBe('terminated');
    const nats = await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [natId] }));
    expect(nats.NatGateways![0].State).toBe('deleted');
  });

  it('honours ClientToken idempotency', async () => {
    const n = await buildNetwork(fake.ec2);
    const a = await runWeb(fake.ec2, n, 'tok-1');
    const b = await runWeb(fake.ec2, n, 'tok-1');
    expect(b.Instances![0].InstanceId).toBe(a.Instances![0].InstanceId);
    expect(fake.count('instances')).toBe(1);
    await runWeb(fake.ec2, n, 'tok-2');
    expect(fake.count('instances')).toBe(2);

    const rt1 = await fake.ec2.send(new CreateRouteTableCommand({ VpcId: n.vpcId, ClientToken: 'rt' }));
    const rt2 = await fake.ec2.send(new CreateRouteTableCommand({ VpcId: n.vpcId, ClientToken: 'rt' }));
    expect(rt2.RouteTable!.RouteTableId).toBe(rt1.RouteTable!.RouteTableId);
    const { Vpc } = await fake.ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }));
    expect(await codeOf(fake.ec2.send(new CreateRouteTableCommand({ VpcId: Vpc!.VpcId, ClientToken: 'rt' })))).toBe(
      'IdempotentParameterMismatch',
    );
  });

  it('injects faults before or after serving, and throttles every Nth call', async () => {
    fake.failNext('CreateVpc', () => awsError('InternalError', 'boom', 500));
    expect(await codeOf(fake.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' })))).toBe('InternalError');
    expect(fake.count('vpcs')).toBe(0);
    expect(fake.calls).toHaveLength(0); // rejected before being served

    // afterServe: the VPC exists although the caller saw an error.
    fake.failNext('CreateVpc', new Error('socket hang up'), { afterServe: true });
    await expect(fake.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).rejects.toThrow('socket hang up');
    expect(fake.count('vpcs')).toBe(1);
    expect(fake.mutatingCalls()).toEqual(['CreateVpc']);

    fake.throttle({ every: 2, names: ['DescribeVpcs'] });
    const describe = () => codeOf(fake.ec2.send(new DescribeVpcsCommand({})).then(() => { throw { name: 'ok' }; }));
    expect([await describe(), await describe(), await describe(), await describe()]).toEqual([
      'ok',
      'RequestLimitExceeded',
      'ok',
      'RequestLimitExceeded',
    ]);
    expect(fake.calls.filter((c) => c.name === 'DescribeVpcs')).toHaveLength(2);
    expect(fake.calls.every((c) => typeof c.at === 'number')).toBe(true);
  });

  it('produces SDK-shaped errors, answers SSM, and rejects commands it does not implement', async () => {
    const err = awsError('DependencyViolation', 'nope') as EC2ServiceException & { Code: string };
    expect(err).toBeInstanceOf(EC2ServiceException);
    expect(err).toMatchObject({ name: 'DependencyViolation', Code: 'DependencyViolation', $fault: 'client', message: 'nope' });
    expect(err.$metadata.httpStatusCode).toBe(400);

    const p = await fake.ssm.send(new GetParameterCommand({ Name: AL2023_PARAMETER }));
    expect(p.Parameter?.Value).toBe('ami-0fake2023');
    expect(await codeOf(fake.ssm.send(new GetParameterCommand({ Name: '/nope' })))).toBe('ParameterNotFound');
    expect(await codeOf(fake.ec2.send(new RebootInstancesCommand({ InstanceIds: ['i-1'] })))).toBe('UnsupportedOperation');
  });

  it('enforces the vCPU quota at RunInstances and StartInstances, counting pending and running instances', async () => {
    fake.restore();
    fake = createFakeAws({ clock, vcpuLimit: 5 });
    const n = await buildNetwork(fake.ec2);
    const types = await fake.ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['t3.micro', 't2.micro', 't4g.nano'] }));
    expect(Object.fromEntries(types.InstanceTypes!.map((t) => [t.InstanceType, t.VCpuInfo?.DefaultVCpus]))).toEqual({ 't3.micro': 2, 't2.micro': 1, 't4g.nano': 2 });
    expect(await codeOf(fake.ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['zz9.nonesuch' as any] })))).toBe('InvalidInstanceType');

    const first = (await runWeb(fake.ec2, n)).Instances![0].InstanceId!; // pending: 2 of 5
    await runWeb(fake.ec2, n); // 4 of 5
    expect(await codeOf(runWeb(fake.ec2, n))).toBe('VcpuLimitExceeded'); // 6 > 5
    await runWeb(fake.ec2, n, undefined, 't2.micro'); // 5 of 5: one vCPU fits
    // A stopped instance frees its vCPUs; starting it again must fit.
    clock.advance(60_000);
    await fake.ec2.send(new StopInstancesCommand({ InstanceIds: [first] }));
    clock.advance(120_000);
    await runWeb(fake.ec2, n, undefined, 't2.micro'); // 4 of 5
    expect(await codeOf(fake.ec2.send(new StartInstancesCommand({ InstanceIds: [first] })))).toBe('VcpuLimitExceeded');
    expect(fake.count('instances')).toBe(4);
  });

  it('answers Service Quotas: the applied quotas it knows, AWS\'s defaults, or a refusal', async () => {
    const ask = (key: keyof typeof QUOTAS) => ({ ServiceCode: QUOTAS[key].service, QuotaCode: QUOTAS[key].code });
    fake.restore();
    fake = createFakeAws({ clock, vcpuLimit: 16, elasticIpLimit: 3 });
    expect((await fake.serviceQuotas.send(new GetServiceQuotaCommand(ask('standardVcpus')))).Quota?.Value).toBe(16);
    expect((await fake.serviceQuotas.send(new GetServiceQuotaCommand(ask('elasticIps')))).Quota?.Value).toBe(3);
    expect(await codeOf(fake.serviceQuotas.send(new GetServiceQuotaCommand(ask('internetGateways'))))).toBe('NoSuchResourceException');
    expect((await fake.serviceQuotas.send(new GetAWSDefaultServiceQuotaCommand(ask('internetGateways')))).Quota?.Value).toBe(5);
    fake.restore();
    fake = createFakeAws({ clock, serviceQuotas: 'refused' });
    expect(await codeOf(fake.serviceQuotas.send(new GetServiceQuotaCommand(ask('standardVcpus'))))).toBe('AccessDeniedException');
  });

  it('adds real latency when asked to', async () => {
    fake.restore();
    fake = createFakeAws({ clock, timings: { latencyMs: 30 } });
    const t0 = Date.now();
    await fake.ec2.send(new DescribeVpcsCommand({}));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
  });
});
