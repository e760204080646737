/**
 * The short path (aws/ec2-reads.ts) on moto's real XML: a VPC built as the lab builds it —
 * two subnets, an internet gateway, route tables, a NAT gateway, security groups with rules,
 * network ACL entries, a key pair, an instance tagged in Japanese too, an Elastic IP — then
 * every Describe command the tool sends, answered to a plain EC2Client (the SDK's reading)
 * and to one with readShort installed: the outputs must be strictly equal. Both moto itself
 * and the e2e proxy in front of it (which answers some calls as AWS does) are read.
 */
import * as sdk from '@aws-sdk/client-ec2';
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateKeyPairCommand,
  CreateNatGatewayCommand,
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeNetworkAclsCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { readShort } from '../../src/aws/ec2-reads.js';
import { describeCommandsOfTool } from '../support/ec2-answers.js';
import { al2023Image } from './support/aws.js';
import { useMoto } from './support/moto.js';

const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const JAPANESE = '研修用ウェブサーバー（第1班）';

type Sent = Record<string, unknown>;

/** A client on `url`: the SDK's path, or the short path; `sawUserAgent` tells which path each request took. */
function clientOn(url: string, short: boolean) {
  const client = new EC2Client({ endpoint: url, region: 'us-east-1', credentials: CREDENTIALS });
  const handler = client.config.requestHandler as { handle(request: { headers: Record<string, string> }, ...rest: unknown[]): Promise<unknown> };
  const handle = handler.handle.bind(handler);
  const sawUserAgent: boolean[] = [];
  handler.handle = (request, ...rest) => (sawUserAgent.push('user-agent' in request.headers), handle(request, ...rest));
  if (short) readShort(client);
  return { client: client as EC2Client & { send(c: object): Promise<Sent> }, sawUserAgent };
}

/** What a lab leaves in its VPC, made on moto through the SDK's own path. */
async function buildVpc(ec2: EC2Client, url: string) {
  const tag = (ResourceType: string, Name: string) => [{ ResourceType, Tags: [{ Key: 'Name', Value: Name }, { Key: 'aws-lab-setup:lab', Value: 'reads & moto' }] }] as never;
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: tag('vpc', 'lab-vpc') }))).Vpc!.VpcId!;
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpc, EnableDnsHostnames: { Value: true } }));
  const subnet = async (cidr: string, name: string) => (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: 'us-east-1a', TagSpecifications: tag('subnet', name) }))).Subnet!.SubnetId!;
  const [pub, priv] = [await subnet('10.0.0.0/24', 'public'), await subnet('10.0.2.0/24', JAPANESE)];
  const igw = (await ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: tag('internet-gateway', 'lab-igw') }))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  const routeTable = async (name: string, subnetId: string) => {
    const id = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc, TagSpecifications: tag('route-table', name) }))).RouteTable!.RouteTableId!;
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: id, SubnetId: subnetId }));
    return id;
  };
  const [pubRt, privRt] = [await routeTable('public-rt', pub), await routeTable('private-rt', priv)];
  await ec2.send(new CreateRouteCommand({ RouteTableId: pubRt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  const natEip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: tag('elastic-ip', 'nat-eip') }))).AllocationId!;
  const nat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: pub, AllocationId: natEip, TagSpecifications: tag('natgateway', 'lab-nat') }))).NatGateway!.NatGatewayId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: privRt, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat }));
  const group = async (name: string) => (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: name, Description: `${name} <&> ${JAPANESE}`, TagSpecifications: tag('security-group', name) }))).GroupId!;
  const [webSg, dbSg] = [await group('web-sg'), await group('db-sg')];
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: webSg,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '203.0.113.0/24', Description: 'SSH（教室）' }] },
        { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      ],
    }),
  );
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: dbSg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, UserIdGroupPairs: [{ GroupId: webSg, Description: 'from web' }] }] }));
  await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: dbSg, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '10.0.0.0/16' }] }] }));
  const acl = (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }] }))).NetworkAcls![0].NetworkAclId!;
  await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 110, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 1024, To: 65535 } }));
  await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 120, Protocol: '-1', RuleAction: 'deny', Egress: true, CidrBlock: '192.0.2.0/24' }));
  await ec2.send(new CreateKeyPairCommand({ KeyName: 'lab-key', TagSpecifications: tag('key-pair', 'lab-key') }));
  const image = await al2023Image(url);
  const run = await ec2.send(
    new RunInstancesCommand({
      ImageId: image,
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      KeyName: 'lab-key',
      SubnetId: pub,
      SecurityGroupIds: [webSg],
      UserData: Buffer.from('#!/bin/bash\necho こんにちは\n').toString('base64'),
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: JAPANESE }, { Key: 'Role', Value: 'web & <db>' }] }],
    }),
  );
  const instance = run.Instances![0].InstanceId!;
  const eip = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: tag('elastic-ip', 'web-eip') }))).AllocationId!;
  await ec2.send(new AssociateAddressCommand({ AllocationId: eip, InstanceId: instance }));
  return { vpc, instance, image };
}

describe('the short path reads moto as the SDK does', () => {
  const moto = useMoto();
  let built: Awaited<ReturnType<typeof buildVpc>>;

  beforeAll(async () => {
    built = await buildVpc(new EC2Client({ endpoint: moto.direct, region: 'us-east-1', credentials: CREDENTIALS }), moto.direct);
  });

  /** Each command the tool sends, with an input as the tool gives it (several for some). */
  const inputs = (): Record<string, object[]> => ({
    DescribeAccountAttributes: [{ AttributeNames: ['supported-platforms'] }, {}],
    DescribeAddresses: [{}],
    DescribeImages: [{ ImageIds: [built.image] }],
    DescribeInstanceAttribute: [
      { InstanceId: built.instance, Attribute: 'userData' },
      { InstanceId: built.instance, Attribute: 'groupSet' },
      { InstanceId: built.instance, Attribute: 'disableApiTermination' },
    ],
    DescribeInstanceTypeOfferings: [{ LocationType: 'availability-zone', Filters: [{ Name: 'instance-type', Values: ['t3.micro', 't4g.micro'] }] }],
    DescribeInstanceTypes: [{ InstanceTypes: ['t3.micro', 't4g.micro'] }],
    DescribeInstances: [{}, { Filters: [{ Name: 'tag:Name', Values: [JAPANESE] }] }],
    DescribeInternetGateways: [{}],
    DescribeKeyPairs: [{}],
    DescribeNatGateways: [{}],
    DescribeNetworkAcls: [{ Filters: [{ Name: 'vpc-id', Values: [built.vpc] }] }],
    DescribeNetworkInterfaces: [{ Filters: [{ Name: 'vpc-id', Values: [built.vpc] }] }],
    DescribeRegions: [{}],
    DescribeRouteTables: [{ Filters: [{ Name: 'vpc-id', Values: [built.vpc] }] }],
    DescribeSecurityGroups: [{ Filters: [{ Name: 'vpc-id', Values: [built.vpc] }] }],
    DescribeSubnets: [{ Filters: [{ Name: 'vpc-id', Values: [built.vpc] }] }],
    DescribeTransitGatewayVpcAttachments: [{}],
    DescribeVolumes: [{}],
    DescribeVpcAttribute: [
      { VpcId: built.vpc, Attribute: 'enableDnsSupport' },
      { VpcId: built.vpc, Attribute: 'enableDnsHostnames' },
    ],
    DescribeVpcEndpoints: [{}],
    DescribeVpcPeeringConnections: [{}],
    DescribeVpcs: [{}, { VpcIds: [built.vpc] }],
  });

  it('covers every Describe command the tool sends', () => {
    expect(Object.keys(inputs()).sort()).toStrictEqual(describeCommandsOfTool());
  });

  const answers = new Map<string, Sent>();

  it.each([
    ['moto itself', () => moto.direct],
    ['the e2e proxy in front of it', () => moto.url],
  ])('%s: every answer strictly equal', async (_, url) => {
    const [viaSdk, viaShort] = [clientOn(url(), false), clientOn(url(), true)];
    const strip = ({ $metadata: _m, ...rest }: Sent) => rest;
    for (const [name, list] of Object.entries(inputs())) {
      for (const input of list) {
        const command = () => new (sdk as unknown as Record<string, new (i: object) => object>)[`${name}Command`](input);
        const [a, b] = [await viaSdk.client.send(command()), await viaShort.client.send(command())];
        expect(strip(b), `${name} ${JSON.stringify(input)}`).toStrictEqual(strip(a));
        answers.set(`${name} ${JSON.stringify(input)}`, strip(b));
      }
    }
    expect(viaShort.sawUserAgent.length).toBeGreaterThan(25);
    expect(viaShort.sawUserAgent.every((ua) => !ua), 'every call took the short path').toBe(true);
    expect(viaSdk.sawUserAgent.every((ua) => ua)).toBe(true);
  });

  it('read something: the Japanese tag, the rules, the ACL entries, both DNS attributes', () => {
    const got = (key: string) => answers.get(key) as Record<string, never>;
    const reservations = got('DescribeInstances {}').Reservations as { Instances: { Tags: { Key: string; Value: string }[]; LaunchTime: unknown }[] }[];
    const instance = reservations.flatMap((r) => r.Instances).find((i) => i.Tags?.some((t) => t.Value === JAPANESE));
    expect(instance).toBeDefined();
    expect(instance!.LaunchTime).toBeInstanceOf(Date);
    expect(instance!.Tags).toContainEqual({ Key: 'Role', Value: 'web & <db>' });
    const groups = got(`DescribeSecurityGroups ${JSON.stringify({ Filters: [{ Name: 'vpc-id', Values: [built.vpc] }] })}`).SecurityGroups as { GroupName: string; IpPermissions: unknown[] }[];
    expect(groups.find((g) => g.GroupName === 'web-sg')!.IpPermissions).toHaveLength(2);
    const acls = got(`DescribeNetworkAcls ${JSON.stringify({ Filters: [{ Name: 'vpc-id', Values: [built.vpc] }] })}`).NetworkAcls as { Entries: { RuleNumber: number; Egress: boolean }[] }[];
    expect(acls[0].Entries).toContainEqual(expect.objectContaining({ RuleNumber: 110, Egress: false, PortRange: { From: 1024, To: 65535 } }));
    expect(got(`DescribeVpcAttribute ${JSON.stringify({ VpcId: built.vpc, Attribute: 'enableDnsSupport' })}`).EnableDnsSupport).toStrictEqual({ Value: true });
    expect(got(`DescribeVpcAttribute ${JSON.stringify({ VpcId: built.vpc, Attribute: 'enableDnsHostnames' })}`).EnableDnsHostnames).toStrictEqual({ Value: true });
    expect(got('DescribeAddresses {}').Addresses).toHaveLength(2);
    expect(got('DescribeNatGateways {}').NatGateways).toHaveLength(1);
    expect(got('DescribeKeyPairs {}').KeyPairs).toContainEqual(expect.objectContaining({ KeyName: 'lab-key' }));
  });
});
