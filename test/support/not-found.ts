import { EC2_KINDS, type Ec2KindName } from '../../src/aws/ec2-kinds.js';

/**
 * The short names the fake EC2 and the e2e proxy use for the kinds of ID (src/aws/ec2-kinds.ts
 * names them in full).
 */
const SHORT = {
  vpc: 'vpc',
  subnet: 'subnet',
  igw: 'internetGateway',
  rtb: 'routeTable',
  sg: 'securityGroup',
  key: 'keyPair',
  instance: 'instance',
  address: 'address',
  nat: 'natGateway',
  association: 'association',
  eni: 'networkInterface',
  acl: 'networkAcl',
} as const satisfies Record<string, Ec2KindName>;

export type IdKind = keyof typeof SHORT;

/** How EC2 words its NotFound answer for each kind of ID (codes: src/aws/ec2-kinds.ts), for the fake EC2 and the e2e proxy alike. */
const WORDING: Record<Ec2KindName, (id: string) => string> = {
  vpc: (id) => `The vpc ID '${id}' does not exist`,
  subnet: (id) => `The subnet ID '${id}' does not exist`,
  internetGateway: (id) => `The internetGateway ID '${id}' does not exist`,
  routeTable: (id) => `The routeTable ID '${id}' does not exist`,
  securityGroup: (id) => `The security group '${id}' does not exist`,
  keyPair: (id) => `The key pair '${id}' does not exist`,
  instance: (id) => `The instance ID '${id}' does not exist`,
  address: (id) => `The allocation ID '${id}' does not exist`,
  natGateway: (id) => `NAT gateway ${id} was not found`,
  association: (id) => `The association ID '${id}' does not exist`,
  networkInterface: (id) => `The networkInterface ID '${id}' does not exist`,
  networkAcl: (id) => `The networkAcl ID '${id}' does not exist`,
};

/** EC2's NotFound answer for one ID: its code and message, by the short name of its kind. */
export const NOT_FOUND = Object.fromEntries(
  (Object.keys(SHORT) as IdKind[]).map((short) => [short, [EC2_KINDS[SHORT[short]].notFound, WORDING[SHORT[short]]]]),
) as Record<IdKind, [code: string, message: (id: string) => string]>;
