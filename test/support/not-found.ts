/** EC2's NotFound answer for each kind of ID, as AWS words it: for the fake EC2 and the e2e proxy alike. */
export type IdKind = 'vpc' | 'subnet' | 'igw' | 'rtb' | 'sg' | 'key' | 'instance' | 'address' | 'nat' | 'association';

export const NOT_FOUND: Record<IdKind, [code: string, message: (id: string) => string]> = {
  vpc: ['InvalidVpcID.NotFound', (id) => `The vpc ID '${id}' does not exist`],
  subnet: ['InvalidSubnetID.NotFound', (id) => `The subnet ID '${id}' does not exist`],
  igw: ['InvalidInternetGatewayID.NotFound', (id) => `The internetGateway ID '${id}' does not exist`],
  rtb: ['InvalidRouteTableID.NotFound', (id) => `The routeTable ID '${id}' does not exist`],
  sg: ['InvalidGroup.NotFound', (id) => `The security group '${id}' does not exist`],
  key: ['InvalidKeyPair.NotFound', (id) => `The key pair '${id}' does not exist`],
  instance: ['InvalidInstanceID.NotFound', (id) => `The instance ID '${id}' does not exist`],
  address: ['InvalidAllocationID.NotFound', (id) => `The allocation ID '${id}' does not exist`],
  nat: ['NatGatewayNotFound', (id) => `NAT gateway ${id} was not found`],
  association: ['InvalidAssociationID.NotFound', (id) => `The association ID '${id}' does not exist`],
};
