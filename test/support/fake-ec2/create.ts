/** createFakeAws: the services wired into aws-sdk-client-mock stubs behind one serving path (serve). */
import { randomUUID } from 'node:crypto';
import {
  DescribeImagesCommand,
  ModifyInstanceMetadataOptionsCommand,
  AllocateAddressCommand,
  AssociateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateKeyPairCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DescribeAccountAttributesCommand,
  DeleteKeyPairCommand,
  DeleteNatGatewayCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteTagsCommand,
  DeleteVpcCommand,
  DescribeAddressesCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  DescribeInstanceTypeOfferingsCommand,
  DescribeInstanceTypesCommand,
  DescribeInternetGatewaysCommand,
  DescribeKeyPairsCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  DisassociateAddressCommand,
  DisassociateRouteTableCommand,
  EC2Client,
  ImportKeyPairCommand,
  ModifyInstanceAttributeCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  ReleaseAddressCommand,
  ReplaceRouteCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  DeleteNetworkAclCommand,
  DeleteNetworkInterfaceCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeVolumesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcPeeringConnectionsCommand,
  ReplaceNetworkAclAssociationCommand,
} from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { mockClient } from 'aws-sdk-client-mock';
import { createFakeExpiry } from '../fake-expiry.js';
import type { FakeAws, FakeCall, FakeOptions, FakeTimings } from './api.js';
import { AddressService } from './addresses.js';
import { accountBuckets } from './buckets.js';
import { Eventual } from './consistency.js';
import { awsError, dependencyViolation } from './errors.js';
import { Faults } from './faults.js';
import { InstanceService } from './instances.js';
import { KeyPairService } from './keys.js';
import { NatService } from './nat.js';
import { NetworkService } from './network.js';
import { mockQuotas } from './quotas.js';
import { RouteTableService } from './route-tables.js';
import { SecurityGroupService } from './security-groups.js';
import { mockSsm } from './ssm.js';
import { DEFAULT_TIMINGS, FAKE_VCPU_LIMIT, Store } from './store.js';
import { TagService } from './tags.js';
import { Views } from './views.js';
import { allRecords, worldOf } from './world.js';
import { VpcExtrasService } from './vpc-extras.js';

export type Handler = (input: any) => object;
/** The one path every call of every mocked client takes (`metered`: it draws on EC2's token buckets). */
export type Serve = (name: string, input: any, handler: Handler, metered?: boolean) => Promise<object>;

export function createFakeAws(opts: FakeOptions): FakeAws {
  const region = opts.region ?? 'us-east-1';
  const azs = opts.azs ?? ['a', 'b', 'c'].map((x) => `${region}${x}`);
  const timings: FakeTimings = { ...DEFAULT_TIMINGS, ...opts.timings };
  const store = new Store(opts.clock, timings, {
    region,
    azs,
    offerings: opts.offerings ?? { 't3.micro': azs, 't3.small': azs, 't2.micro': azs, 't4g.nano': azs, 't3.nano': azs },
    amiId: opts.amiId ?? 'ami-0fake2023',
    vcpuLimit: opts.vcpuLimit ?? FAKE_VCPU_LIMIT,
  });
  const views = new Views(store);
  const eventual = new Eventual(store);
  const net = new NetworkService(store, views);
  const rtbs = new RouteTableService(store, views);
  const sec = new SecurityGroupService(store, views);
  const keys = new KeyPairService(store, views);
  const compute = new InstanceService(store, views);
  const addr = new AddressService(store, views);
  const nats = new NatService(store, views);
  const tagSvc = new TagService(store);
  const extras = new VpcExtrasService(store);
  const faults = new Faults();
  const calls: FakeCall[] = [];

  /** The common path of every call: latency, injected faults, throttling, log, handler. */
  const denied = new Set(opts.deny ?? []);
  const dryRuns: FakeCall[] = [];
  const buckets = accountBuckets(opts.buckets, opts.clock);
  const serve: Serve = async (name, input, handler, metered = false) => {
    if (timings.latencyMs > 0) await new Promise((r) => setTimeout(r, timings.latencyMs));
    if (metered && !buckets.admitted(name)) throw awsError('RequestLimitExceeded', 'Request limit exceeded.', 503);
    // IAM is evaluated before anything else; a dry run stops right after it.
    if (denied.has(name)) throw awsError('UnauthorizedOperation', `You are not authorized to perform this operation. User is not authorized to perform: ec2:${name}`, 403);
    if (input?.DryRun && !opts.ignoreDryRun?.includes(name)) {
      dryRuns.push({ name, input: structuredClone(input), at: store.now() });
      throw awsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    }
    const early = faults.take(name, false);
    if (early) throw early;
    if (faults.throttled(name, input)) throw awsError('RequestLimitExceeded', 'Request limit exceeded.', 503);
    store.settle();
    const entry: FakeCall = { name, input: structuredClone(input ?? {}), at: store.now() };
    calls.push(entry);
    let out: object;
    try {
      eventual.refuseNew(input ?? {});
      out = eventual.hideNew(input ?? {}, handler(input ?? {}));
    } catch (err) {
      entry.error = (err as Error).name;
      throw err;
    }
    const late = faults.take(name, true);
    if (late) {
      entry.error = late.name;
      throw late;
    }
    // Clone so callers can never mutate the fake's state through a response.
    return {
      ...structuredClone(out),
      $metadata: { httpStatusCode: 200, requestId: randomUUID(), attempts: 1, totalRetryDelay: 0 },
    };
  };

  const ec2Mock = mockClient(EC2Client);
  const ssmMock = mockSsm(store, serve);
  const expiry = createFakeExpiry(opts.expiry);

  // Anything not implemented below fails loudly rather than resolving to undefined.
  ec2Mock.send.callsFake(async (cmd: any) => {
    throw awsError('UnsupportedOperation', `fake EC2 does not implement ${cmd?.constructor?.name ?? 'this command'}`);
  });

  const ec2Routes: [new (input: any) => any, string, Handler][] = [
    [CreateVpcCommand, 'CreateVpc', (i) => net.createVpc(i)],
    [DescribeVpcsCommand, 'DescribeVpcs', (i) => net.describeVpcs(i)],
    [DescribeVpcAttributeCommand, 'DescribeVpcAttribute', (i) => net.describeVpcAttribute(i)],
    [ModifyVpcAttributeCommand, 'ModifyVpcAttribute', (i) => net.modifyVpcAttribute(i)],
    [DeleteVpcCommand, 'DeleteVpc', (i) => {
      if (extras.holdsVpc(i.VpcId)) throw dependencyViolation(`The vpc '${i.VpcId}' has dependencies and cannot be deleted.`);
      return net.deleteVpc(i);
    }],
    [CreateSubnetCommand, 'CreateSubnet', (i) => net.createSubnet(i)],
    [DescribeSubnetsCommand, 'DescribeSubnets', (i) => net.describeSubnets(i)],
    [DeleteSubnetCommand, 'DeleteSubnet', (i) => net.deleteSubnet(i)],
    [ModifySubnetAttributeCommand, 'ModifySubnetAttribute', (i) => net.modifySubnetAttribute(i)],
    [CreateInternetGatewayCommand, 'CreateInternetGateway', (i) => net.createInternetGateway(i)],
    [AttachInternetGatewayCommand, 'AttachInternetGateway', (i) => net.attachInternetGateway(i)],
    [DetachInternetGatewayCommand, 'DetachInternetGateway', (i) => net.detachInternetGateway(i)],
    [DeleteInternetGatewayCommand, 'DeleteInternetGateway', (i) => net.deleteInternetGateway(i)],
    [DescribeInternetGatewaysCommand, 'DescribeInternetGateways', (i) => net.describeInternetGateways(i)],
    [CreateRouteTableCommand, 'CreateRouteTable', (i) => rtbs.createRouteTable(i)],
    [CreateRouteCommand, 'CreateRoute', (i) => rtbs.createRoute(i)],
    [DeleteRouteCommand, 'DeleteRoute', (i) => rtbs.deleteRoute(i)],
    [ReplaceRouteCommand, 'ReplaceRoute', (i) => rtbs.replaceRoute(i)],
    [AssociateRouteTableCommand, 'AssociateRouteTable', (i) => rtbs.associateRouteTable(i)],
    [DisassociateRouteTableCommand, 'DisassociateRouteTable', (i) => rtbs.disassociateRouteTable(i)],
    [DeleteRouteTableCommand, 'DeleteRouteTable', (i) => rtbs.deleteRouteTable(i)],
    [DescribeRouteTablesCommand, 'DescribeRouteTables', (i) => rtbs.describeRouteTables(i)],
    [CreateSecurityGroupCommand, 'CreateSecurityGroup', (i) => sec.createSecurityGroup(i)],
    [AuthorizeSecurityGroupIngressCommand, 'AuthorizeSecurityGroupIngress', (i) => sec.authorizeSecurityGroupIngress(i)],
    [AuthorizeSecurityGroupEgressCommand, 'AuthorizeSecurityGroupEgress', (i) => sec.authorizeSecurityGroupEgress(i)],
    [RevokeSecurityGroupIngressCommand, 'RevokeSecurityGroupIngress', (i) => sec.revokeSecurityGroupIngress(i)],
    [RevokeSecurityGroupEgressCommand, 'RevokeSecurityGroupEgress', (i) => sec.revokeSecurityGroupEgress(i)],
    [DeleteSecurityGroupCommand, 'DeleteSecurityGroup', (i) => sec.deleteSecurityGroup(i)],
    [DescribeSecurityGroupsCommand, 'DescribeSecurityGroups', (i) => sec.describeSecurityGroups(i)],
    [CreateKeyPairCommand, 'CreateKeyPair', (i) => keys.createKeyPair(i)],
    [ImportKeyPairCommand, 'ImportKeyPair', (i) => keys.importKeyPair(i)],
    [DeleteKeyPairCommand, 'DeleteKeyPair', (i) => keys.deleteKeyPair(i)],
    [DescribeKeyPairsCommand, 'DescribeKeyPairs', (i) => keys.describeKeyPairs(i)],
    [RunInstancesCommand, 'RunInstances', (i) => compute.runInstances(i)],
    [DescribeInstancesCommand, 'DescribeInstances', (i) => compute.describeInstances(i)],
    [DescribeInstanceAttributeCommand, 'DescribeInstanceAttribute', (i) => compute.describeInstanceAttribute(i)],
    [TerminateInstancesCommand, 'TerminateInstances', (i) => compute.terminateInstances(i)],
    [StopInstancesCommand, 'StopInstances', (i) => compute.stopInstances(i)],
    [StartInstancesCommand, 'StartInstances', (i) => compute.startInstances(i)],
    [ModifyInstanceAttributeCommand, 'ModifyInstanceAttribute', (i) => compute.modifyInstanceAttribute(i)],
    [ModifyInstanceMetadataOptionsCommand, 'ModifyInstanceMetadataOptions', (i) => compute.modifyInstanceMetadataOptions(i)],
    [DescribeImagesCommand, 'DescribeImages', (i) => compute.describeImages(i)],
    [DescribeInstanceTypeOfferingsCommand, 'DescribeInstanceTypeOfferings', (i) => compute.describeInstanceTypeOfferings(i)],
    [DescribeInstanceTypesCommand, 'DescribeInstanceTypes', (i) => compute.describeInstanceTypes(i)],
    [DescribeAvailabilityZonesCommand, 'DescribeAvailabilityZones', (i) => compute.describeAvailabilityZones(i)],
    [AllocateAddressCommand, 'AllocateAddress', (i) => addr.allocateAddress(i)],
    [AssociateAddressCommand, 'AssociateAddress', (i) => addr.associateAddress(i)],
    [DisassociateAddressCommand, 'DisassociateAddress', (i) => addr.disassociateAddress(i)],
    [ReleaseAddressCommand, 'ReleaseAddress', (i) => addr.releaseAddress(i)],
    [DescribeAddressesCommand, 'DescribeAddresses', (i) => addr.describeAddresses(i)],
    [CreateNatGatewayCommand, 'CreateNatGateway', (i) => nats.createNatGateway(i)],
    [DescribeNatGatewaysCommand, 'DescribeNatGateways', (i) => nats.describeNatGateways(i)],
    [DeleteNatGatewayCommand, 'DeleteNatGateway', (i) => nats.deleteNatGateway(i)],
    [CreateTagsCommand, 'CreateTags', (i) => tagSvc.createTags(i)],
    [DescribeAccountAttributesCommand, 'DescribeAccountAttributes', () => ({
      AccountAttributes: [
        { AttributeName: 'supported-platforms', AttributeValues: [{ AttributeValue: 'VPC' }] },
        { AttributeName: 'vpc-max-elastic-ips', AttributeValues: [{ AttributeValue: String(opts.elasticIpLimit ?? 5) }] },
        { AttributeName: 'max-instances', AttributeValues: [{ AttributeValue: '20' }] },
      ],
    })],
    [DeleteTagsCommand, 'DeleteTags', (i) => tagSvc.deleteTags(i)],
    [CreateNetworkAclCommand, 'CreateNetworkAcl', (i) => extras.createNetworkAcl(i)],
    [CreateNetworkAclEntryCommand, 'CreateNetworkAclEntry', (i) => extras.createNetworkAclEntry(i)],
    [ReplaceNetworkAclAssociationCommand, 'ReplaceNetworkAclAssociation', (i) => extras.replaceNetworkAclAssociation(i)],
    [DeleteNetworkAclCommand, 'DeleteNetworkAcl', (i) => extras.deleteNetworkAcl(i)],
    [DescribeNetworkAclsCommand, 'DescribeNetworkAcls', (i) => extras.describeNetworkAcls(i)],
    [DescribeNetworkInterfacesCommand, 'DescribeNetworkInterfaces', (i) => extras.describeNetworkInterfaces(i)],
    [DeleteNetworkInterfaceCommand, 'DeleteNetworkInterface', (i) => extras.deleteNetworkInterface(i)],
    [DescribeVolumesCommand, 'DescribeVolumes', (i) => extras.describeVolumes(i)],
    [DescribeVpcPeeringConnectionsCommand, 'DescribeVpcPeeringConnections', () => extras.describeVpcPeeringConnections()],
    [DescribeTransitGatewayVpcAttachmentsCommand, 'DescribeTransitGatewayVpcAttachments', () => extras.describeTransitGatewayVpcAttachments()],
    [DescribeVpcEndpointsCommand, 'DescribeVpcEndpoints', () => extras.describeVpcEndpoints()],
  ];
  for (const [command, name, handler] of ec2Routes) {
    ec2Mock.on(command).callsFake((input: any) => serve(name, input, handler, true));
  }

  const quotasMock = mockQuotas(store, opts, serve);

  const clientConfig = {
    region,
    credentials: { accessKeyId: 'AKIAFAKEFAKEFAKEFAKE', secretAccessKey: 'fake-secret' },
  };

  const world = worldOf(store, views);
  const records = allRecords(store);

  return {
    ec2Mock,
    ssmMock,
    ec2: new EC2Client(clientConfig),
    ssm: new SSMClient(clientConfig),
    serviceQuotas: new ServiceQuotasClient(clientConfig),
    calls,
    dryRuns,
    mutatingCalls: () => calls.filter((c) => !/^(Describe|Get)/.test(c.name)).map((c) => c.name),
    expiry,
    scheduler: expiry.scheduler,
    iam: expiry.iam,
    sts: expiry.sts,
    restore: () => {
      ec2Mock.restore();
      ssmMock.restore();
      quotasMock.restore();
      expiry.restore();
      buckets.release();
    },
    failNext: (name, error, o) => faults.add(name, error, o),
    throttle: (o) => faults.setThrottle(o),
    inAccount: (id, fn) => buckets.inAccount(id, fn),
    bucketCounts: buckets.counts,
    world,
    count: (kind, o) => (o?.includeGone ? records[kind].size : world[kind].size),
  };
}
