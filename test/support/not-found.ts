import { EC2_IDS, type IdKind } from '../../src/aws/not-found.js';

export type { IdKind };

/** How EC2 words its NotFound answer for each kind of ID (codes: src/aws/not-found.ts), for the fake EC2 and the e2e proxy alike. */
const WORDING: Record<IdKind, (id: string) => string> = {
  vpc: (id) => `The vpc ID '${id}' does not exist`,
  subnet: (id) => `The subnet ID '${id}' does not exist`,
  igw: (id) => `The internetGateway ID '${id}' does not exist`,
  rtb: (id) => `The routeTable ID '${id}' does not exist`,
  sg: (id) => `The security group '${id}' does not exist`,
  key: (id) => `The key pair '${id}' does not exist`,
  instance: (id) => `The instance ID '${id}' does not exist`,
  address: (id) => `The allocation ID '${id}' does not exist`,
  nat: (id) => `NAT gateway ${id} was not found`,
  association: (id) => `The association ID '${id}' does not exist`,
  eni: (id) => `The networkInterface ID '${id}' does not exist`,
};

/** EC2's NotFound answer for one ID: its code and message. */
export const NOT_FOUND = Object.fromEntries(
  (Object.keys(WORDING) as IdKind[]).map((kind) => [kind, [EC2_IDS[kind].code, WORDING[kind]]]),
) as Record<IdKind, [code: string, message: (id: string) => string]>;
