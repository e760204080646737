/**
 * EC2's kinds of ID: the prefix of their IDs and the NotFound code EC2 answers for one it
 * does not know (or does not show yet: see consistency.ts). The one table of them; the fake
 * EC2 and the e2e proxy answer with these codes too.
 */
export const EC2_IDS = {
  vpc: { prefix: 'vpc-', code: 'InvalidVpcID.NotFound' },
  subnet: { prefix: 'subnet-', code: 'InvalidSubnetID.NotFound' },
  igw: { prefix: 'igw-', code: 'InvalidInternetGatewayID.NotFound' },
  rtb: { prefix: 'rtb-', code: 'InvalidRouteTableID.NotFound' },
  // DescribeSecurityGroups answers InvalidGroup.NotFound, a call naming GroupId InvalidGroupId.NotFound.
  sg: { prefix: 'sg-', code: 'InvalidGroup.NotFound', also: ['InvalidGroupId.NotFound'] },
  // Key pairs are named by KeyName, which has no prefix.
  key: { prefix: '', code: 'InvalidKeyPair.NotFound' },
  instance: { prefix: 'i-', code: 'InvalidInstanceID.NotFound' },
  address: { prefix: 'eipalloc-', code: 'InvalidAllocationID.NotFound' },
  nat: { prefix: 'nat-', code: 'NatGatewayNotFound' },
  association: { prefix: 'rtbassoc-', code: 'InvalidAssociationID.NotFound' },
  eni: { prefix: 'eni-', code: 'InvalidNetworkInterfaceID.NotFound' },
} satisfies Record<string, { prefix: string; code: string; also?: string[] }>;

export type IdKind = keyof typeof EC2_IDS;

/** The prefix of the IDs a NotFound code is about, by code. */
export const NOT_FOUND_PREFIX: ReadonlyMap<string, string> = new Map(
  Object.values(EC2_IDS).flatMap((k) => [k.code, ...('also' in k ? k.also : [])].map((code) => [code, k.prefix] as const)),
);
