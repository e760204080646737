/**
 * How to see a resource of the lab for yourself: its page in the AWS console (in the lab's
 * region) and the read-only AWS CLI command that shows it. Shown by `up --step`. The pages
 * and commands are the EC2 kinds' own (aws/ec2-kinds.ts); this file says which kind each of
 * the lab's resource kinds is, and how the few that have no page of their own are seen.
 */
import { consoleUrl, EC2_KINDS, type Ec2Console, type Ec2KindName } from '../../aws/ec2-kinds.js';
import type { Live } from '../../engine/resource.js';

export interface LookAt {
  url: string;
  cli: string;
}

/** The EC2 kind each of the lab's resource kinds is (Resource.kind). */
export const EC2_KIND_OF: Readonly<Record<string, Ec2KindName>> = {
  VPC: 'vpc',
  Subnet: 'subnet',
  InternetGateway: 'internetGateway',
  RouteTable: 'routeTable',
  RouteTableAssociation: 'association',
  SecurityGroup: 'securityGroup',
  KeyPair: 'keyPair',
  Instance: 'instance',
  NatInstance: 'instance',
  ElasticIp: 'address',
  NatGateway: 'natGateway',
};

const look = (c: Ec2Console, id: string, region: string, page = c.page(id), cli = c.cli(id)): LookAt => ({
  url: consoleUrl(c, region, page),
  cli: `aws ec2 ${cli} --region ${region}`,
});

/** Resource kinds seen through another's page: a route in its table, user-data on its instance, an address's association. */
const SEEN_ELSEWHERE: Record<string, (live: Live, region: string) => LookAt> = {
  // A route's ID is "<route table>:<destination>": it is seen in its table.
  Route: (l, r) => {
    const table = l.id.split(':')[0];
    const c = EC2_KINDS.routeTable.console;
    return look(c, table, r, c.page(table), `${c.cli(table)} --query 'RouteTables[0].Routes'`);
  },
  InstanceUserData: (l, r) => ({
    url: consoleUrl(EC2_KINDS.instance.console, r, EC2_KINDS.instance.console.page(l.id)),
    cli: `aws ec2 describe-instance-attribute --instance-id ${l.id} --attribute userData --query UserData.Value --output text --region ${r} | base64 -d`,
  }),
  AddressAssociation: (l, r) => look(EC2_KINDS.address.console, l.id, r, 'Addresses:', `describe-addresses --filters Name=association-id,Values=${l.id}`),
};

/** Undefined for a kind without a page of its own. */
export function lookAt(kind: string, live: Live, region: string): LookAt | undefined {
  const elsewhere = SEEN_ELSEWHERE[kind];
  if (elsewhere) return elsewhere(live, region);
  const ec2 = EC2_KIND_OF[kind];
  if (!ec2) return undefined;
  // A key pair is looked up by its name.
  const id = ec2 === 'keyPair' ? (live.attrs.name ?? live.id) : live.id;
  return look(EC2_KINDS[ec2].console, id, region);
}
