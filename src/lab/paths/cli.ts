import { ANYWHERE } from '../core/flows.js';
import { EPHEMERAL, type Packet } from './net.js';

/**
 * The AWS CLI commands that put a blocked gate right, with the lab's real IDs and its
 * region filled in, to paste as they are. Where a fix needs an ID that does not exist
 * yet (a new Elastic IP, a new NAT gateway), the command makes it and passes it on in
 * the shell ($(…)), so it is still one line.
 */
/** This machine's public address as a /32, asked of AWS's own checkip service when the command runs. */
export const THIS_MACHINE = '$(curl -s https://checkip.amazonaws.com)/32';

export function cliIn(region: string) {
  const aws = (args: string) => `aws ec2 ${args} --region ${region}`;
  const newAddress = `$(${aws('allocate-address --domain vpc --query AllocationId --output text')})`;
  const routeVerb = (replace: boolean) => (replace ? 'replace-route' : 'create-route');
  return {
    start: (id: string) => aws(`start-instances --instance-ids ${id}`),
    elasticIp: (id: string) => aws(`associate-address --instance-id ${id} --allocation-id ${newAddress}`),
    disassociateAddress: (association: string) => aws(`disassociate-address --association-id ${association}`),
    igwAttach: (igw: string, vpc: string) => aws(`attach-internet-gateway --internet-gateway-id ${igw} --vpc-id ${vpc}`),
    igwCreate: (vpc: string) =>
      `IGW=$(${aws('create-internet-gateway --query InternetGateway.InternetGatewayId --output text')}) && ${aws(`attach-internet-gateway --internet-gateway-id $IGW --vpc-id ${vpc}`)}`,
    /** Associate a table with a subnet; a subnet with an explicit association of its own has it replaced. */
    associate: (table: string, subnet: string, current: string | undefined) =>
      current ? aws(`replace-route-table-association --association-id ${current} --route-table-id ${table}`) : aws(`associate-route-table --route-table-id ${table} --subnet-id ${subnet}`),
    /** A route to a target (`--gateway-id igw-…`, `--nat-gateway-id nat-…`, `--instance-id i-…`); replace: one for that destination exists. */
    route: (table: string, destination: string, target: string, replace: boolean) =>
      aws(`${routeVerb(replace)} --route-table-id ${table} --destination-cidr-block ${destination} ${target}`),
    deleteRoute: (table: string, destination: string) => aws(`delete-route --route-table-id ${table} --destination-cidr-block ${destination}`),
    /** A NAT gateway in the public subnet with a new Elastic IP, then the private table's default route to it. */
    natCreate: (subnet: string, table: string, replace: boolean) =>
      `NAT=$(${aws(`create-nat-gateway --subnet-id ${subnet} --allocation-id ${newAddress} --query NatGateway.NatGatewayId --output text`)}) && ${aws('wait nat-gateway-available --nat-gateway-ids $NAT')} && ${aws(`${routeVerb(replace)} --route-table-id ${table} --destination-cidr-block ${ANYWHERE} --nat-gateway-id $NAT`)}`,
    /** An allow rule for the packet (a reply: the whole ephemeral range; ICMP: all of it). */
    aclAllow: (acl: string, egress: boolean, rule: number, p: Packet, reply: boolean, cidr: string) => {
      const what =
        p.protocol === 'icmp'
          ? '--protocol 1 --icmp-type-code Type=-1,Code=-1'
          : `--protocol 6 --port-range ${reply ? `From=${EPHEMERAL.from},To=${EPHEMERAL.to}` : `From=${p.port},To=${p.port}`}`;
      return aws(`create-network-acl-entry --network-acl-id ${acl} ${egress ? '--egress' : '--ingress'} --rule-number ${rule} ${what} --cidr-block ${cidr} --rule-action allow`);
    },
    /** Let the packet in from an address block or another group. */
    sgIngress: (group: string, p: Packet, source: { cidr: string } | { group: string }) =>
      aws(`authorize-security-group-ingress --group-id ${group} --protocol ${p.protocol} --port ${p.port ?? -1} ${'cidr' in source ? `--cidr ${source.cidr}` : `--source-group ${source.group}`}`),
    sgEgress: (group: string, p: Packet, cidr: string) =>
      aws(`authorize-security-group-egress --group-id ${group} --ip-permissions IpProtocol=${p.protocol},FromPort=${p.port ?? -1},ToPort=${p.port ?? -1},IpRanges=[{CidrIp=${cidr}}]`),
    sourceDestCheckOff: (id: string) => aws(`modify-instance-attribute --instance-id ${id} --no-source-dest-check`),
  };
}

export type Cli = ReturnType<typeof cliIn>;
