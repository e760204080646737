/**
 * The least-privilege IAM policy for this tool, derived from what each resource kind
 * declares it calls (`Resource.actions`), plus the few look-ups made outside the kinds.
 * One source: a kind that starts calling something new declares it, and the policy follows.
 */
import { EXPIRY_NAME_PREFIX } from '../chapters/expiry.js';
import { LAB } from '../chapters/lab.js';
import { ROLE_PATH } from '../kinds/iam-role.js';

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
  'ec2:DescribeNetworkAcls', // check: the VPC's network ACLs, for the tutorial's rules (lab/rules/lab.ts)
  'ssm:GetParameter', // the latest Amazon Linux 2023 AMI
  'iam:SimulatePrincipalPolicy', // the preflight's check of the IAM and Scheduler calls
];

/**
 * The expiry's role. IAM authorizes a call that names an existing role against its ARN with
 * the path (role/aws-lab-setup/NAME); for a role not made yet (the look-up before the first
 * create, again after destroy) it can only build role/NAME. The calls that may come before
 * the role get both forms; what can only reach a role that exists, the path alone.
 */
const ROLES_WITH_PATH = `arn:aws:iam::*:role${ROLE_PATH}*`;
const ROLES_BY_NAME = `arn:aws:iam::*:role/${EXPIRY_NAME_PREFIX}*`;
const BEFORE_THE_ROLE = ['iam:GetRole', 'iam:CreateRole', 'iam:TagRole'];

/** The expiry's schedule group and its schedules (schedule/GROUP/NAME). */
const LAB_SCHEDULES = [`arn:aws:scheduler:*:*:schedule-group/${EXPIRY_NAME_PREFIX}*`, `arn:aws:scheduler:*:*:schedule/${EXPIRY_NAME_PREFIX}*/*`];

/**
 * The latest-AMI parameters AWS publishes for every account. IAM's refusals have named them
 * without an account (arn:aws:ssm:REGION::parameter/…) and with the caller's: `*` takes both.
 */
const AMI_PARAMETERS = 'arn:aws:ssm:*:*:parameter/aws/service/ami-amazon-linux-latest/*';

interface Statement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Statement[];
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
  const of = (service: string) => actions.filter((a) => a.startsWith(`${service}:`));
  const roleCalls = of('iam').filter((a) => a !== 'iam:PassRole');
  const statements: Statement[] = [
    { Sid: 'LookUpTheLab', Effect: 'Allow', Action: of('ec2').filter(isRead), Resource: '*' },
    { Sid: 'BuildAndRemoveTheLab', Effect: 'Allow', Action: of('ec2').filter((a) => !isRead(a)), Resource: '*' },
    { Sid: 'LatestAmazonLinuxImage', Effect: 'Allow', Action: of('ssm'), Resource: AMI_PARAMETERS },
    // The preflight asks IAM's simulator about the caller, whoever that is.
    { Sid: 'CheckOwnPermissions', Effect: 'Allow', Action: ['iam:SimulatePrincipalPolicy'], Resource: '*' },
    { Sid: 'ExpiryRoleBeforeItExists', Effect: 'Allow', Action: roleCalls.filter((a) => BEFORE_THE_ROLE.includes(a)), Resource: [ROLES_WITH_PATH, ROLES_BY_NAME] },
    { Sid: 'ExpiryRole', Effect: 'Allow', Action: roleCalls.filter((a) => !BEFORE_THE_ROLE.includes(a)), Resource: ROLES_WITH_PATH },
    // No iam:PassedToService condition: the preflight asks IAM's simulator about PassRole
    // with no context, and a condition on a key it lacks would refuse. The role's trust lets
    // in only Scheduler anyway: passed to anything else, it could not be taken on.
    { Sid: 'PassTheExpiryRole', Effect: 'Allow', Action: ['iam:PassRole'], Resource: ROLES_WITH_PATH },
    { Sid: 'ExpirySchedules', Effect: 'Allow', Action: of('scheduler'), Resource: LAB_SCHEDULES },
    // Needs no permission (AWS answers any signed caller); listed as the tool calls it.
    { Sid: 'WhoAmI', Effect: 'Allow', Action: of('sts'), Resource: '*' },
  ];
  // A service a kind starts calling, until its resources are decided: any resource.
  const covered = new Set(statements.flatMap((st) => st.Action));
  const others = [...new Set(actions.filter((a) => !covered.has(a)).map((a) => a.split(':')[0]))];
  for (const s of others) statements.push({ Sid: `Lab${s[0].toUpperCase()}${s.slice(1)}`, Effect: 'Allow', Action: of(s), Resource: '*' });
  return { Version: '2012-10-17', Statement: statements.filter((st) => st.Action.length > 0) };
}
