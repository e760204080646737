/**
 * The least-privilege IAM policy for this tool, derived from what each resource kind
 * declares it calls (`Resource.actions`), plus the few look-ups made outside the kinds.
 * One source: a kind that starts calling something new declares it, and the policy follows.
 */
import { LAB } from '../chapters/lab.js';

/** Calls made outside the kinds: the preflight's look-ups and the AMI parameter. */
export const RUN_ACTIONS = [
  'servicequotas:GetServiceQuota', // the vCPU, Elastic IP and VPC quotas (aws/quotas.ts)
  'servicequotas:GetAWSDefaultServiceQuota', // a quota never raised: AWS's default
  'ec2:DescribeAccountAttributes', // Elastic IP quota, where Service Quotas says nothing
  'ec2:DescribeInstances', // instances in use, for the vCPU quota
  'ec2:DescribeInstanceTypes', // vCPUs of the instances in use and to launch, for the quota
  'ec2:DescribeAddresses', // addresses in use, for the quota
  'ec2:DescribeVpcs', // VPCs in use, for the quota
  'ec2:DescribeInstanceTypeOfferings', // the zone that offers the instance type
  'ssm:GetParameter', // the latest Amazon Linux 2023 AMI
  'iam:SimulatePrincipalPolicy', // the preflight's check of the IAM and Scheduler calls
];

/** Where the tool's own IAM roles live (the expiry's role): IAM calls reach nothing else. */
const LAB_ROLES = 'arn:aws:iam::*:role/aws-lab-setup/*';
const RESOURCE_OF: Record<string, string> = { iam: LAB_ROLES };

/** The latest-AMI parameters AWS publishes for every account. */
const AMI_PARAMETERS = 'arn:aws:ssm:*::parameter/aws/service/ami-amazon-linux-latest/*';

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string | string[] }[];
}

/** Every IAM action the tool can call, sorted. */
export function allActions(): string[] {
  return [...new Set([...LAB.flatMap((r) => r.actions), ...RUN_ACTIONS])].sort();
}

const isRead = (action: string) => /^(Describe|Get|List)/.test(action.split(':')[1] ?? '');

/**
 * EC2's mutating calls are allowed on any resource: creating a lab touches resources that
 * carry no tag yet (the AMI, new network interfaces, volumes), and EC2 evaluates tag
 * conditions per resource type, so a tag-scoped policy that works on every account is
 * longer than this whole tool's list of calls. The action list itself is the limit.
 */
export function labPolicy(): PolicyDocument {
  const actions = allActions().filter((a) => a !== 'iam:SimulatePrincipalPolicy');
  const services = [...new Set(actions.map((a) => a.split(':')[0]))].filter((s) => s !== 'ec2' && s !== 'ssm');
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'LookUpTheLab', Effect: 'Allow', Action: actions.filter((a) => a.startsWith('ec2:') && isRead(a)), Resource: '*' },
      { Sid: 'BuildAndRemoveTheLab', Effect: 'Allow', Action: actions.filter((a) => a.startsWith('ec2:') && !isRead(a)), Resource: '*' },
      { Sid: 'LatestAmazonLinuxImage', Effect: 'Allow', Action: actions.filter((a) => a.startsWith('ssm:')), Resource: AMI_PARAMETERS },
      // The preflight asks IAM's simulator about the caller, whoever that is.
      { Sid: 'CheckOwnPermissions', Effect: 'Allow', Action: ['iam:SimulatePrincipalPolicy'], Resource: '*' },
      ...services.map((s) => ({ Sid: `Lab${s[0].toUpperCase()}${s.slice(1)}`, Effect: 'Allow' as const, Action: actions.filter((a) => a.startsWith(`${s}:`)), Resource: RESOURCE_OF[s] ?? '*' })),
    ],
  };
}
