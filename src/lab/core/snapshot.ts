import type { Address, Instance, InternetGateway, KeyPairInfo, NatGateway, NetworkAcl, RouteTable, SecurityGroup, Subnet, Vpc } from '@aws-sdk/client-ec2';

/**
 * What was found of one VPC, as EC2 describes it: the facts the tutorial's rules
 * (lab/rules) and the lab's picture (lab/views/topology.ts) are computed from. The same
 * shape for a lab of the tool's (listed by its tags) and for a VPC built by hand (listed
 * by the VPC's ID, no ownership filter), so both are judged and drawn by one code path.
 *
 * Items are EC2's own (SDK types), unchanged: a rule reads `RouteTable.Routes`, not a
 * summary of it. Kinds the lab does not have yet are empty lists.
 */
export interface VpcSnapshot {
  region: string;
  vpc: Vpc;
  /** DescribeVpcAttribute's answers (undefined: not asked, or refused). */
  dnsSupport?: boolean;
  dnsHostnames?: boolean;
  subnets: Subnet[];
  routeTables: RouteTable[];
  /** Those attached to this VPC (and, for a lab, those tagged as its own). */
  internetGateways: InternetGateway[];
  /** Not yet deleted (deleting ones included, with their State). */
  natGateways: NatGateway[];
  /** Not yet terminated. */
  instances: Instance[];
  securityGroups: SecurityGroup[];
  networkAcls: NetworkAcl[];
  /** Elastic IPs of the VPC's instances, NAT gateways and interfaces (and a lab's own). */
  addresses: Address[];
  /** The key pairs the instances name (KeyName). */
  keyPairs: KeyPairInfo[];
}

/** A NAT the private subnet can use: a NAT gateway, or an instance acting as one. */
export interface NatRole {
  kind: 'gateway' | 'instance';
  id: string;
}

/**
 * Which found resource plays which part of the tutorial's lab, by ID. For a lab of the
 * tool's it comes from the lab's keys (publicSubnet, webInstance, …); for a VPC built by
 * hand from what things do (lab/rules: the subnet whose route goes to the internet
 * gateway is the public one). Undefined: nothing plays it (yet).
 */
export interface Roles {
  vpc: string;
  publicSubnet?: string;
  privateSubnet?: string;
  internetGateway?: string;
  web?: string;
  db?: string;
  nat?: NatRole;
}
