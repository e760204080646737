/**
 * How to see a resource of the lab for yourself: its page in the AWS console (in the lab's
 * region) and the read-only AWS CLI command that shows it. Shown by `up --step`.
 */
import type { Live } from '../../engine/resource.js';

export interface LookAt {
  url: string;
  cli: string;
}

const vpcConsole = (region: string, fragment: string) => `https://${region}.console.aws.amazon.com/vpcconsole/home?region=${region}#${fragment}`;
const ec2Console = (region: string, fragment: string) => `https://${region}.console.aws.amazon.com/ec2/home?region=${region}#${fragment}`;

/** By resource kind: the console page and the describe command for one live resource. */
const BY_KIND: Record<string, (live: Live, region: string) => LookAt> = {
  VPC: (l, r) => ({ url: vpcConsole(r, `VpcDetails:VpcId=${l.id}`), cli: `aws ec2 describe-vpcs --vpc-ids ${l.id} --region ${r}` }),
  Subnet: (l, r) => ({ url: vpcConsole(r, `SubnetDetails:subnetId=${l.id}`), cli: `aws ec2 describe-subnets --subnet-ids ${l.id} --region ${r}` }),
  InternetGateway: (l, r) => ({
    url: vpcConsole(r, `InternetGateway:internetGatewayId=${l.id}`),
    cli: `aws ec2 describe-internet-gateways --internet-gateway-ids ${l.id} --region ${r}`,
  }),
  RouteTable: (l, r) => ({ url: vpcConsole(r, `RouteTableDetails:RouteTableId=${l.id}`), cli: `aws ec2 describe-route-tables --route-table-ids ${l.id} --region ${r}` }),
  // A route's ID is "<route table>:<destination>": it is seen in its table.
  Route: (l, r) => {
    const table = l.id.split(':')[0];
    return { url: vpcConsole(r, `RouteTableDetails:RouteTableId=${table}`), cli: `aws ec2 describe-route-tables --route-table-ids ${table} --query 'RouteTables[0].Routes' --region ${r}` };
  },
  RouteTableAssociation: (l, r) => ({
    url: vpcConsole(r, 'RouteTables:'),
    cli: `aws ec2 describe-route-tables --filters Name=association.route-table-association-id,Values=${l.id} --query 'RouteTables[0].Associations' --region ${r}`,
  }),
  SecurityGroup: (l, r) => ({ url: ec2Console(r, `SecurityGroup:groupId=${l.id}`), cli: `aws ec2 describe-security-groups --group-ids ${l.id} --region ${r}` }),
  KeyPair: (l, r) => ({
    url: ec2Console(r, `KeyPairs:search=${l.attrs.name ?? l.id}`),
    cli: `aws ec2 describe-key-pairs --key-names ${l.attrs.name ?? l.id} --region ${r}`,
  }),
  Instance: (l, r) => ({ url: ec2Console(r, `InstanceDetails:instanceId=${l.id}`), cli: `aws ec2 describe-instances --instance-ids ${l.id} --region ${r}` }),
  NatInstance: (l, r) => ({ url: ec2Console(r, `InstanceDetails:instanceId=${l.id}`), cli: `aws ec2 describe-instances --instance-ids ${l.id} --region ${r}` }),
  InstanceUserData: (l, r) => ({
    url: ec2Console(r, `InstanceDetails:instanceId=${l.id}`),
    cli: `aws ec2 describe-instance-attribute --instance-id ${l.id} --attribute userData --query UserData.Value --output text --region ${r} | base64 -d`,
  }),
  ElasticIp: (l, r) => ({ url: ec2Console(r, `ElasticIpDetails:AllocationId=${l.id}`), cli: `aws ec2 describe-addresses --allocation-ids ${l.id} --region ${r}` }),
  AddressAssociation: (l, r) => ({
    url: ec2Console(r, 'Addresses:'),
    cli: `aws ec2 describe-addresses --filters Name=association-id,Values=${l.id} --region ${r}`,
  }),
  NatGateway: (l, r) => ({ url: vpcConsole(r, `NatGatewayDetails:natGatewayId=${l.id}`), cli: `aws ec2 describe-nat-gateways --nat-gateway-ids ${l.id} --region ${r}` }),
};

/** Undefined for a kind without a page of its own. */
export function lookAt(kind: string, live: Live, region: string): LookAt | undefined {
  return BY_KIND[kind]?.(live, region);
}
