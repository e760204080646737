/** EC2's items as Describe calls give them, for the snapshots the view and picture tests build by hand. */
import type { Instance, IpPermission } from '@aws-sdk/client-ec2';

/** A security group rule letting TCP to one port in, from a block or a group. */
export const tcp = (port: number, source: { cidr: string } | { group: string }): IpPermission => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  ...('cidr' in source ? { IpRanges: [{ CidrIp: source.cidr }] } : { UserIdGroupPairs: [{ GroupId: source.group }] }),
});

/** A running t3.micro of `vpc` in `subnet` at `ip`, in one group (on the instance and its interface). */
export function runningServer(vpc: string, id: string, subnet: string, ip: string, group: string, extra: Partial<Instance> = {}): Instance {
  return {
    InstanceId: id,
    VpcId: vpc,
    SubnetId: subnet,
    PrivateIpAddress: ip,
    State: { Name: 'running' },
    InstanceType: 't3.micro',
    SecurityGroups: [{ GroupId: group }],
    NetworkInterfaces: [{ NetworkInterfaceId: `eni-${id.slice(2)}`, Groups: [{ GroupId: group }] }],
    ...extra,
  };
}
