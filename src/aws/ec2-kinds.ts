/**
 * EC2's kinds of resource, one descriptor each: how its IDs look, how EC2 says it does not
 * know one, how it is described, deleted, probed with a dry run, shown in the console, named
 * in an IAM policy and tagged at its create. The one table of these facts: the NotFound
 * prefixes (not-found.ts), the retired IDs (consistency.ts), the dry runs (permissions.ts),
 * the inventory's Describe calls, the console pages and the tag types are derived from it,
 * and the fake EC2 and the e2e proxy answer with its codes. AWS knowledge only: which kinds
 * a lab uses, and as what, is lab/'s business.
 */
import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeKeyPairsCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type ResourceType,
} from '@aws-sdk/client-ec2';

/** One item of a Describe answer, as the SDK gives it. */
export type Ec2Item = Record<string, unknown>;

/**
 * The Describe call of a kind: its command, the parameter that asks for IDs, the answer's
 * list (and, for instances, the list inside each of its items), the item's ID field.
 */
export interface Ec2Describe {
  command: new (input: never) => object;
  ids: string;
  result: string;
  nested?: string;
  id: string;
  /** The parameter that takes filters: NAT gateways take `Filter`, not `Filters`. */
  filter: 'Filters' | 'Filter';
  /** The filter that lists one VPC's items; none when the kind does not belong to a VPC. */
  vpcFilter?: 'vpc-id' | 'attachment.vpc-id';
  /** Listed still, but no longer there (a terminated instance, a deleted NAT gateway). */
  gone?: (item: Ec2Item) => boolean;
}

/** Where a kind is seen in the AWS console, and the read-only CLI call that shows one. */
export interface Ec2Console {
  app: 'vpc' | 'ec2';
  /** The page's fragment, for one ID (a key pair: its name). */
  page: (id: string) => string;
  /** `aws ec2 …` without the region, for one ID (a key pair: its name). */
  cli: (id: string) => string;
}

export interface Ec2Kind {
  /** What its IDs start with ("vpc-"). */
  prefix: string;
  /**
   * Calls name it by a name of the user's choosing (a key pair's KeyName), not by its ID:
   * any string of a call may be the one a NotFound is about.
   */
  namedBy?: string;
  /** EC2's NotFound code for an ID of this kind it does not know (or does not show yet). */
  notFound: string;
  /** Other codes meaning the same (a call naming GroupId answers InvalidGroupId.NotFound). */
  alsoNotFound?: readonly string[];
  /** The actions that make one. */
  creates: readonly string[];
  describe?: Ec2Describe;
  /** The call that removes one, and the parameter naming it. */
  delete: { action: string; id: string };
  /** The mutating actions on this kind that permissions.ts can ask about with DryRun. */
  probes: readonly string[];
  console: Ec2Console;
  /** The resource type of its ARN (arn:aws:ec2:REGION:ACCOUNT:TYPE/ID). */
  iamResource: string;
  /** Its TagSpecifications ResourceType; none when it cannot be tagged at its create. */
  tagResource?: ResourceType;
}


/** Every EC2 kind this tool finds, makes or checks, by name. */
export const EC2_KINDS = {
  vpc: {
    prefix: 'vpc-',
    notFound: 'InvalidVpcID.NotFound',
    creates: ['CreateVpc'],
    describe: { command: DescribeVpcsCommand, ids: 'VpcIds', result: 'Vpcs', id: 'VpcId', filter: 'Filters', vpcFilter: 'vpc-id' },
    delete: { action: 'DeleteVpc', id: 'VpcId' },
    probes: ['CreateVpc', 'DeleteVpc'],
    console: { app: 'vpc', page: (id) => `VpcDetails:VpcId=${id}`, cli: (id) => `describe-vpcs --vpc-ids ${id}` },
    iamResource: 'vpc',
    tagResource: 'vpc',
  },
  subnet: {
    prefix: 'subnet-',
    notFound: 'InvalidSubnetID.NotFound',
    creates: ['CreateSubnet'],
    describe: { command: DescribeSubnetsCommand, ids: 'SubnetIds', result: 'Subnets', id: 'SubnetId', filter: 'Filters', vpcFilter: 'vpc-id' },
    delete: { action: 'DeleteSubnet', id: 'SubnetId' },
    probes: ['CreateSubnet', 'DeleteSubnet'],
    console: { app: 'vpc', page: (id) => `SubnetDetails:subnetId=${id}`, cli: (id) => `describe-subnets --subnet-ids ${id}` },
    iamResource: 'subnet',
    tagResource: 'subnet',
  },
  internetGateway: {
    prefix: 'igw-',
    notFound: 'InvalidInternetGatewayID.NotFound',
    creates: ['CreateInternetGateway'],
    describe: { command: DescribeInternetGatewaysCommand, ids: 'InternetGatewayIds', result: 'InternetGateways', id: 'InternetGatewayId', filter: 'Filters', vpcFilter: 'attachment.vpc-id' },
    delete: { action: 'DeleteInternetGateway', id: 'InternetGatewayId' },
    probes: ['CreateInternetGateway', 'AttachInternetGateway', 'DetachInternetGateway', 'DeleteInternetGateway'],
    console: { app: 'vpc', page: (id) => `InternetGateway:internetGatewayId=${id}`, cli: (id) => `describe-internet-gateways --internet-gateway-ids ${id}` },
    iamResource: 'internet-gateway',
    tagResource: 'internet-gateway',
  },
  routeTable: {
    prefix: 'rtb-',
    notFound: 'InvalidRouteTableID.NotFound',
    creates: ['CreateRouteTable'],
    describe: { command: DescribeRouteTablesCommand, ids: 'RouteTableIds', result: 'RouteTables', id: 'RouteTableId', filter: 'Filters', vpcFilter: 'vpc-id' },
    delete: { action: 'DeleteRouteTable', id: 'RouteTableId' },
    // Its routes are keyed by table and destination: no ID, no kind of their own.
    probes: ['CreateRouteTable', 'DeleteRouteTable', 'CreateRoute', 'ReplaceRoute', 'DeleteRoute'],
    console: { app: 'vpc', page: (id) => `RouteTableDetails:RouteTableId=${id}`, cli: (id) => `describe-route-tables --route-table-ids ${id}` },
    iamResource: 'route-table',
    tagResource: 'route-table',
  },
  // Seen only inside its route table (RouteTable.Associations): no Describe of its own.
  association: {
    prefix: 'rtbassoc-',
    notFound: 'InvalidAssociationID.NotFound',
    creates: ['AssociateRouteTable'],
    delete: { action: 'DisassociateRouteTable', id: 'AssociationId' },
    probes: ['AssociateRouteTable', 'DisassociateRouteTable'],
    console: {
      app: 'vpc',
      page: () => 'RouteTables:',
      cli: (id) => `describe-route-tables --filters Name=association.route-table-association-id,Values=${id} --query 'RouteTables[0].Associations'`,
    },
    // IAM authorizes (dis)associating on the route table (and the subnet).
    iamResource: 'route-table',
  },
  securityGroup: {
    prefix: 'sg-',
    // DescribeSecurityGroups answers InvalidGroup.NotFound, a call naming GroupId InvalidGroupId.NotFound.
    notFound: 'InvalidGroup.NotFound',
    alsoNotFound: ['InvalidGroupId.NotFound'],
    creates: ['CreateSecurityGroup'],
    describe: { command: DescribeSecurityGroupsCommand, ids: 'GroupIds', result: 'SecurityGroups', id: 'GroupId', filter: 'Filters', vpcFilter: 'vpc-id' },
    delete: { action: 'DeleteSecurityGroup', id: 'GroupId' },
    probes: ['CreateSecurityGroup', 'AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress', 'DeleteSecurityGroup'],
    console: { app: 'ec2', page: (id) => `SecurityGroup:groupId=${id}`, cli: (id) => `describe-security-groups --group-ids ${id}` },
    iamResource: 'security-group',
    tagResource: 'security-group',
  },
  // Described by KeyPairId ("key-…", which the state records), deleted by KeyName.
  keyPair: {
    prefix: 'key-',
    namedBy: 'KeyName',
    notFound: 'InvalidKeyPair.NotFound',
    creates: ['CreateKeyPair', 'ImportKeyPair'],
    describe: { command: DescribeKeyPairsCommand, ids: 'KeyPairIds', result: 'KeyPairs', id: 'KeyPairId', filter: 'Filters' },
    delete: { action: 'DeleteKeyPair', id: 'KeyName' },
    probes: ['CreateKeyPair', 'ImportKeyPair', 'DeleteKeyPair'],
    console: { app: 'ec2', page: (name) => `KeyPairs:search=${name}`, cli: (name) => `describe-key-pairs --key-names ${name}` },
    iamResource: 'key-pair',
    tagResource: 'key-pair',
  },
  instance: {
    prefix: 'i-',
    notFound: 'InvalidInstanceID.NotFound',
    creates: ['RunInstances'],
    // Shutting-down instances are still there: teardown waits for them.
    describe: {
      command: DescribeInstancesCommand,
      ids: 'InstanceIds',
      result: 'Reservations',
      nested: 'Instances',
      id: 'InstanceId',
      filter: 'Filters',
      vpcFilter: 'vpc-id',
      gone: (i) => (i.State as { Name?: string } | undefined)?.Name === 'terminated',
    },
    delete: { action: 'TerminateInstances', id: 'InstanceIds' },
    probes: ['RunInstances', 'StartInstances', 'StopInstances', 'TerminateInstances', 'ModifyInstanceAttribute'],
    console: { app: 'ec2', page: (id) => `InstanceDetails:instanceId=${id}`, cli: (id) => `describe-instances --instance-ids ${id}` },
    iamResource: 'instance',
    tagResource: 'instance',
  },
  address: {
    prefix: 'eipalloc-',
    notFound: 'InvalidAllocationID.NotFound',
    creates: ['AllocateAddress'],
    // Not in a VPC by a filter: a VPC's addresses are those its instances, NAT gateways and interfaces use.
    describe: { command: DescribeAddressesCommand, ids: 'AllocationIds', result: 'Addresses', id: 'AllocationId', filter: 'Filters' },
    delete: { action: 'ReleaseAddress', id: 'AllocationId' },
    probes: ['AllocateAddress', 'AssociateAddress', 'DisassociateAddress', 'ReleaseAddress'],
    console: { app: 'ec2', page: (id) => `ElasticIpDetails:AllocationId=${id}`, cli: (id) => `describe-addresses --allocation-ids ${id}` },
    iamResource: 'elastic-ip',
    tagResource: 'elastic-ip',
  },
  natGateway: {
    prefix: 'nat-',
    notFound: 'NatGatewayNotFound',
    creates: ['CreateNatGateway'],
    // Deleting ones are still there.
    describe: {
      command: DescribeNatGatewaysCommand,
      ids: 'NatGatewayIds',
      result: 'NatGateways',
      id: 'NatGatewayId',
      filter: 'Filter',
      vpcFilter: 'vpc-id',
      gone: (n) => ['deleted', 'failed'].includes(String(n.State)),
    },
    delete: { action: 'DeleteNatGateway', id: 'NatGatewayId' },
    probes: ['CreateNatGateway', 'DeleteNatGateway'],
    console: { app: 'vpc', page: (id) => `NatGatewayDetails:natGatewayId=${id}`, cli: (id) => `describe-nat-gateways --nat-gateway-ids ${id}` },
    iamResource: 'natgateway',
    tagResource: 'natgateway',
  },
  networkInterface: {
    prefix: 'eni-',
    notFound: 'InvalidNetworkInterfaceID.NotFound',
    creates: ['CreateNetworkInterface'],
    describe: { command: DescribeNetworkInterfacesCommand, ids: 'NetworkInterfaceIds', result: 'NetworkInterfaces', id: 'NetworkInterfaceId', filter: 'Filters', vpcFilter: 'vpc-id' },
    delete: { action: 'DeleteNetworkInterface', id: 'NetworkInterfaceId' },
    probes: [],
    console: { app: 'ec2', page: (id) => `NetworkInterface:networkInterfaceId=${id}`, cli: (id) => `describe-network-interfaces --network-interface-ids ${id}` },
    iamResource: 'network-interface',
    tagResource: 'network-interface',
  },
  // Every VPC has a default one; the hand-built check reads its rules.
  networkAcl: {
    prefix: 'acl-',
    notFound: 'InvalidNetworkAclID.NotFound',
    creates: ['CreateNetworkAcl'],
    describe: { command: DescribeNetworkAclsCommand, ids: 'NetworkAclIds', result: 'NetworkAcls', id: 'NetworkAclId', filter: 'Filters', vpcFilter: 'vpc-id' },
    delete: { action: 'DeleteNetworkAcl', id: 'NetworkAclId' },
    probes: [],
    console: { app: 'vpc', page: (id) => `NetworkAclDetails:networkAclId=${id}`, cli: (id) => `describe-network-acls --network-acl-ids ${id}` },
    iamResource: 'network-acl',
    tagResource: 'network-acl',
  },
} as const satisfies Record<string, Ec2Kind>;

export type Ec2KindName = keyof typeof EC2_KINDS;

/** The descriptors, as the general shape (the table itself keeps its literal types). */
export const EC2_KIND_LIST: readonly (readonly [Ec2KindName, Ec2Kind])[] = Object.entries(EC2_KINDS) as [Ec2KindName, Ec2Kind][];

/** The kinds that have a Describe call of their own, with it. */
export function described(name: Ec2KindName): Ec2Describe {
  const d = (EC2_KINDS[name] as Ec2Kind).describe;
  if (!d) throw new Error(`internal: EC2 kind ${name} has no Describe call`);
  return d;
}

/** The console page of one item of a kind, in a region. */
export function consoleUrl(c: Ec2Console, region: string, fragment: string): string {
  const app = c.app === 'vpc' ? 'vpcconsole' : 'ec2';
  return `https://${region}.console.aws.amazon.com/${app}/home?region=${region}#${fragment}`;
}

/** Whether an action only reads (a verify-only run may make no other). */
export function isReadAction(action: string): boolean {
  return /^(Describe|Get|List)/.test(action);
}
