/** The fake's internal records: what the Store keeps of each resource (not the SDK's shapes: views.ts makes those). */
import type { Tag } from '@aws-sdk/client-ec2';
import type { Cidr } from './cidr.js';

export interface Base {
  id: string;
  tags: Tag[];
  createdAt: number;
  /** Set when deleted. Instances and NAT gateways derive liveness from their timed state instead. */
  goneAt?: number;
}

export interface VpcRec extends Base {
  cidr: Cidr;
  cidrAssocId: string;
  dnsSupport: boolean;
  dnsHostnames: boolean;
  mainRtbId: string;
  defaultSgId: string;
}

export interface SubnetRec extends Base {
  vpcId: string;
  cidr: Cidr;
  az: string;
  mapPublicIp: boolean;
  /** Next host offset to hand out; AWS reserves the first four addresses. */
  nextHost: number;
}

export interface IgwRec extends Base {
  vpcId?: string;
}

export interface RouteRec {
  dest: string;
  gatewayId?: string;
  natGatewayId?: string;
  /** A route to an instance's network interface (a NAT instance). */
  eniId?: string;
  origin: 'CreateRouteTable' | 'CreateRoute';
}

export interface RtbAssocRec {
  id: string;
  main: boolean;
  subnetId?: string;
}

export interface RtbRec extends Base {
  vpcId: string;
  routes: RouteRec[];
  assocs: RtbAssocRec[];
}

/** One atomic rule: a protocol/port range and exactly one peer. */
export interface SgRule {
  ruleId: string;
  proto: string;
  from?: number;
  to?: number;
  cidr?: string;
  cidr6?: string;
  groupId?: string;
  description?: string;
}

export interface SgRec extends Base {
  vpcId: string;
  name: string;
  description: string;
  isDefault: boolean;
  ingress: SgRule[];
  egress: SgRule[];
}

export interface KeyRec extends Base {
  name: string;
  fingerprint: string;
  keyType: 'rsa' | 'ed25519';
}

export interface InstanceRec extends Base {
  reservationId: string;
  launchIndex: number;
  imageId: string;
  instanceType: string;
  keyName?: string;
  subnetId: string;
  vpcId: string;
  sgIds: string[];
  privateIp: string;
  eniId: string;
  /** The auto-assigned public IP, if launched with one (hidden while an EIP is associated). */
  autoPublicIp?: string;
  userData?: string;
  metadata: { HttpTokens: string; HttpPutResponseHopLimit: number; HttpEndpoint: string; InstanceMetadataTags: string };
  clientToken?: string;
  terminatedAt?: number;
  /** StopInstances, then StartInstances: stopping -> stopped, pending -> running again. */
  stoppedAt?: number;
  startedAt?: number;
  /** Source/destination check of its (only) network interface; AWS's default is on. */
  sourceDestCheck?: boolean;
}

export interface AddressRec extends Base {
  publicIp: string;
  assoc?: { id: string; instanceId: string };
}

export interface NatRec extends Base {
  subnetId: string;
  vpcId: string;
  connectivity: 'public' | 'private';
  allocationId?: string;
  publicIp?: string;
  privateIp: string;
  eniId: string;
  assocId: string;
  /** Decided at creation: a public NAT in a VPC without an attached IGW ends `failed`. */
  failure?: { code: string; message: string };
  clientToken?: string;
  deleteAt?: number;
  deleteTakesMs?: number;
}

export const INSTANCE_STATE_CODES: Record<string, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};
