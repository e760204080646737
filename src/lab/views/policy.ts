/**
 * The least-privilege IAM policy for this tool, derived from what each resource kind
 * declares it calls (`Resource.actions`), plus the few look-ups made outside the kinds.
 * One source: a kind that starts calling something new declares it, and the policy follows.
 *
 * It gives nothing beyond itself (issue 25): EC2 only on what the tool made (its tags in the
 * request of a create, on the resource of any other change), the instance types it offers,
 * Amazon's images; the expiry's role only with the one permissions boundary an administrator
 * created (`boundaryPolicy`), passed only to Scheduler. Proven by IAM's evaluator against a
 * whole lab's life and a list of escalation attempts (test/e2e/iam-policy.test.ts).
 */
import { LEFTOVERS_ACTIONS } from '../../aws/billed.js';
import { EC2_KINDS, type Ec2KindName } from '../../aws/ec2-kinds.js';
import { EXPIRY_NAME_PREFIX } from '../chapters/expiry.js';
import { LAB } from '../chapters/lab.js';
import { NAT_INSTANCE_FALLBACK_TYPE, NAT_INSTANCE_TYPE } from '../core/config.js';
import { setting } from '../core/settings.js';
import { TAG_MANAGED_BY, TOOL } from '../core/tags.js';
import { BOUNDARY_POLICY_NAME, ROLE_PATH } from '../kinds/iam-role.js';
import { checkActions } from '../rules/vpc.js';

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
  ...LEFTOVERS_ACTIONS, // `leftovers`: reads in every region, and prices (aws/billed.ts)
];

/**
 * Calls a kind makes only to put right what an administrator must (a role's trust or
 * boundary from before issue 25): never in the printed policy, as either would let its
 * holder change what a role may do. The preflight does not ask about them either.
 */
export const ADMIN_ONLY = ['iam:UpdateAssumeRolePolicy', 'iam:PutRolePermissionsBoundary'];

/**
 * The expiry's role. IAM authorizes a call that names an existing role against its ARN with
 * the path (role/aws-lab-setup/NAME); for a role not made yet (the look-up before the first
 * create, again after destroy) it can only build role/NAME. The calls that may come before
 * the role get both forms; what can only reach a role that exists, the path alone.
 */
const ROLES_WITH_PATH = `arn:aws:iam::*:role${ROLE_PATH}${EXPIRY_NAME_PREFIX}*`;
const ROLES_BY_NAME = `arn:aws:iam::*:role/${EXPIRY_NAME_PREFIX}*`;
/** The boundary every role the holder makes or changes must carry: the caller's own account's. */
const BOUNDARY = `arn:aws:iam::\${aws:PrincipalAccount}:policy/${BOUNDARY_POLICY_NAME}`;
/** What only a role with that boundary may have done to it (IAM's iam:PermissionsBoundary keys). */
const WITH_BOUNDARY = ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy'];
const BEFORE_THE_ROLE = ['iam:GetRole', 'iam:CreateRole', 'iam:TagRole'];

/** The expiry's schedule group and its schedules (schedule/GROUP/NAME). */
const LAB_SCHEDULES = [`arn:aws:scheduler:*:*:schedule-group/${EXPIRY_NAME_PREFIX}*`, `arn:aws:scheduler:*:*:schedule/${EXPIRY_NAME_PREFIX}*/*`];

/**
 * The latest-AMI parameters AWS publishes for every account. IAM's refusals have named them
 * without an account (arn:aws:ssm:REGION::parameter/…) and with the caller's: `*` takes both.
 */
const AMI_PARAMETERS = 'arn:aws:ssm:*:*:parameter/aws/service/ami-amazon-linux-latest/*';

type Condition = Record<string, Record<string, string | string[]>>;

interface Statement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Condition;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Statement[];
}

export interface PolicyOptions {
  /** `policy --region R`: what changes things only there (reads stay allowed everywhere). */
  region?: string;
}

/** Every IAM action the tool can call, sorted. */
export function allActions(): string[] {
  return [...new Set([...LAB.flatMap((r) => r.actions), ...RUN_ACTIONS])].sort();
}

const isRead = (action: string) => /^(Describe|Get|List)/.test(action.split(':')[1] ?? '');

/**
 * The creates, grouped so that no action of a group names an existing resource of a type the
 * group allows by its request's tags: the request's tags are in the context of every resource
 * of a call, so CreateSubnet's VPC, say, must be allowed by its own tag, never by the new
 * subnet's. Each group: its actions, and the types of what they make.
 */
const CREATES: { actions: string[]; makes: Ec2KindName[]; extra?: string[]; parents?: true }[] = [
  { actions: ['CreateVpc', 'CreateInternetGateway', 'AllocateAddress', 'CreateKeyPair', 'ImportKeyPair'], makes: ['vpc', 'internetGateway', 'address', 'keyPair'] },
  { actions: ['CreateSubnet', 'CreateRouteTable', 'CreateSecurityGroup'], makes: ['subnet', 'routeTable', 'securityGroup'], parents: true },
  { actions: ['RunInstances', 'CreateNatGateway'], makes: ['instance', 'networkInterface', 'natGateway'], extra: ['volume'], parents: true },
];
const CREATE_ACTIONS = CREATES.flatMap((c) => c.actions);
/** Creates whose every resource is new: no existing one of theirs for a tag to be on. */
const ONLY_NEW = CREATES.filter((c) => !c.parents).flatMap((c) => c.actions.map((a) => `ec2:${a}`));

/** The instance types the tool offers (the settings' choices and the NAT instance's), the only ones it launches. */
export function offeredTypes(): string[] {
  const choices = setting('instanceType').choices?.({} as never) ?? [];
  return [...new Set([...choices.map((c) => c.value), NAT_INSTANCE_TYPE, NAT_INSTANCE_FALLBACK_TYPE])].sort();
}

const ec2Arns = (types: string[]) => types.map((t) => `arn:aws:ec2:*:*:${t}/*`);

/** EC2: reads anywhere; creates only tagged for the tool, changes only on what carries its tag. */
function ec2Statements(actions: string[], when: (equals: Record<string, string | string[]>) => Condition): Statement[] {
  const ec2 = actions.filter((a) => a.startsWith('ec2:'));
  const changes = ec2.filter((a) => !isRead(a) && a !== 'ec2:CreateTags' && !ONLY_NEW.includes(a));
  const tagged = when({ [`aws:RequestTag/${TAG_MANAGED_BY}`]: TOOL });
  return [
    { Sid: 'LookUp', Effect: 'Allow', Action: ec2.filter(isRead), Resource: '*' },
    ...CREATES.filter((c) => c.actions.some((a) => ec2.includes(`ec2:${a}`))).map(
      (c, i): Statement => ({
        Sid: `CreateTagged${i + 1}`,
        Effect: 'Allow',
        Action: c.actions.map((a) => `ec2:${a}`).filter((a) => ec2.includes(a)),
        Resource: ec2Arns([...c.makes.map((k) => EC2_KINDS[k].iamResource), ...(c.extra ?? [])]),
        Condition: tagged,
      }),
    ),
    // Tags only as part of one of those creates: never on a resource that exists.
    { Sid: 'TagOnlyOnCreate', Effect: 'Allow', Action: 'ec2:CreateTags', Resource: '*', Condition: when({ 'ec2:CreateAction': CREATE_ACTIONS }) },
    // Every change and delete, and the existing parts of a create (its VPC, subnet, group, key).
    { Sid: 'OnlyTheToolsOwn', Effect: 'Allow', Action: changes, Resource: '*', Condition: when({ [`ec2:ResourceTag/${TAG_MANAGED_BY}`]: TOOL }) },
    { Sid: 'AmazonImages', Effect: 'Allow', Action: 'ec2:RunInstances', Resource: ec2Arns(['image']), Condition: when({ 'ec2:Owner': 'amazon' }) },
    { Sid: 'OfferedTypesOnly', Effect: 'Deny', Action: 'ec2:RunInstances', Resource: ec2Arns(['instance']), Condition: { StringNotEquals: { 'ec2:InstanceType': offeredTypes() } } },
  ];
}

/**
 * The expiry's role: made and given its policy only with the boundary (so no role it holds
 * may do more than stop the lab's servers and NAT), passed only to Scheduler, never given
 * another trust or boundary (ADMIN_ONLY).
 */
function roleStatements(actions: string[]): Statement[] {
  const iam = actions.filter((a) => a.startsWith('iam:') && a !== 'iam:PassRole' && a !== 'iam:SimulatePrincipalPolicy');
  const rest = iam.filter((a) => !WITH_BOUNDARY.includes(a));
  return [
    { Sid: 'RoleBeforeItExists', Effect: 'Allow', Action: rest.filter((a) => BEFORE_THE_ROLE.includes(a)), Resource: [ROLES_WITH_PATH, ROLES_BY_NAME] },
    { Sid: 'Role', Effect: 'Allow', Action: rest.filter((a) => !BEFORE_THE_ROLE.includes(a)), Resource: ROLES_WITH_PATH },
    { Sid: 'RoleWithBoundary', Effect: 'Allow', Action: iam.filter((a) => WITH_BOUNDARY.includes(a)), Resource: [ROLES_WITH_PATH, ROLES_BY_NAME], Condition: { StringEquals: { 'iam:PermissionsBoundary': BOUNDARY } } },
    { Sid: 'PassToScheduler', Effect: 'Allow', Action: 'iam:PassRole', Resource: ROLES_WITH_PATH, Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } },
    // The preflight asks IAM's simulator about the caller, and no one else: a user by its name
    // (on any path). A role's session has no aws:username, and ${aws:PrincipalArn} in Resource
    // is not substituted by the evaluator that proves this policy: for a role, the preflight's
    // IAM questions stay "could not tell" (its calls still go ahead).
    { Sid: 'CheckOwnPermissions', Effect: 'Allow', Action: 'iam:SimulatePrincipalPolicy', Resource: ['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::*:user/*/${aws:username}'] },
  ];
}

export function labPolicy(options: PolicyOptions = {}): PolicyDocument {
  const actions = allActions().filter((a) => !ADMIN_ONLY.includes(a));
  const of = (service: string) => actions.filter((a) => a.startsWith(`${service}:`));
  const region: Record<string, string> = options.region ? { 'aws:RequestedRegion': options.region } : {};
  const when = (equals: Record<string, string | string[]>): Condition => ({ StringEquals: { ...equals, ...region } });
  const statements: Statement[] = [
    ...ec2Statements(actions, when),
    { Sid: 'LatestAmazonLinuxImage', Effect: 'Allow', Action: of('ssm'), Resource: AMI_PARAMETERS },
    ...roleStatements(actions),
    { Sid: 'ExpirySchedules', Effect: 'Allow', Action: of('scheduler'), Resource: LAB_SCHEDULES, ...(options.region ? { Condition: when({}) } : {}) },
    // Needs no permission (AWS answers any signed caller); listed as the tool calls it.
    { Sid: 'WhoAmI', Effect: 'Allow', Action: of('sts'), Resource: '*' },
  ];
  // A service a kind starts calling, until its resources are decided: any resource.
  const covered = new Set(statements.flatMap((st) => st.Action));
  const others = [...new Set(actions.filter((a) => !covered.has(a)).map((a) => a.split(':')[0]))];
  for (const s of others) statements.push({ Sid: `Lab${s[0].toUpperCase()}${s.slice(1)}`, Effect: 'Allow', Action: of(s), Resource: '*' });
  return { Version: '2012-10-17', Statement: statements.filter((st) => st.Action.length > 0) };
}

/**
 * What `check` needs (`policy --check`, issue 26): reads only — a teacher or a learner gives
 * it to whoever checks, who can then change nothing. Its actions are the check's own
 * (lab/rules/vpc.ts checkActions); proven by IAM's evaluator against a check's requests.
 */
export function checkPolicy(options: PolicyOptions = {}): PolicyDocument {
  const where = options.region ? { Condition: { StringEquals: { 'aws:RequestedRegion': options.region } } } : {};
  return { Version: '2012-10-17', Statement: [{ Sid: 'CheckReadOnly', Effect: 'Allow', Action: checkActions(), Resource: '*', ...where }] };
}

/**
 * The permissions boundary (`policy --boundary`), made once by an administrator as the managed
 * policy aws-lab-setup-expiry-boundary: the most any role the tool makes may ever do — what
 * the expiry does, on what the tool made — whatever inline policy or trust it is given.
 */
export function boundaryPolicy(options: PolicyOptions = {}): PolicyDocument {
  const where: Record<string, string> = options.region ? { 'aws:RequestedRegion': options.region } : {};
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'TheExpiryOnly',
        Effect: 'Allow',
        Action: ['ec2:StopInstances', 'ec2:DeleteNatGateway'],
        Resource: '*',
        Condition: { StringEquals: { [`ec2:ResourceTag/${TAG_MANAGED_BY}`]: TOOL, ...where } },
      },
    ],
  };
}

/** What `policy --vpc` found in the VPC: the IDs IAM cannot condition on the VPC. */
export interface VpcTeardownTargets {
  region: string;
  account: string;
  partition: string;
  vpcId: string;
  instances: string[];
  volumes: string[];
  addresses: string[];
  internetGateways: string[];
  keyPairs: string[];
}

/** The kinds whose deletes IAM can condition on their VPC (ec2:Vpc), by their delete's actions. */
const IN_VPC: { actions: string[]; types: string[] }[] = [
  { actions: ['ec2:DeleteSubnet'], types: ['subnet'] },
  { actions: ['ec2:DeleteRouteTable', 'ec2:DisassociateRouteTable'], types: ['route-table', 'subnet'] },
  { actions: ['ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress', 'ec2:DeleteSecurityGroup'], types: ['security-group'] },
  { actions: ['ec2:DeleteNetworkAcl'], types: ['network-acl'] },
  { actions: ['ec2:DeleteNatGateway'], types: ['natgateway'] },
  { actions: ['ec2:DeleteNetworkInterface'], types: ['network-interface'] },
];

/**
 * What tearing down one VPC built by hand needs (`policy --vpc`, added to the lab's policy):
 * its listings; the deletes of what IAM knows to be in a VPC, only in that VPC (ec2:Vpc);
 * and, by their ARNs as found there, the instances, volumes, addresses, gateway, key pairs
 * and the VPC itself, which IAM cannot condition on a VPC.
 */
export function vpcTeardownStatements(t: VpcTeardownTargets, reads: readonly string[]): Statement[] {
  const arn = (type: string, id: string) => `arn:${t.partition}:ec2:${t.region}:${t.account}:${type}/${id}`;
  const vpc = arn('vpc', t.vpcId);
  const found = (action: string[], type: string, ids: string[]): Statement[] => (ids.length ? [{ Sid: '', Effect: 'Allow', Action: action, Resource: ids.map((id) => arn(type, id)) }] : []);
  const byArn = [
    ...found(['ec2:TerminateInstances'], 'instance', t.instances),
    ...found(['ec2:DeleteVolume'], 'volume', t.volumes),
    ...found(['ec2:DisassociateAddress', 'ec2:ReleaseAddress'], 'elastic-ip', t.addresses),
    ...found(['ec2:DetachInternetGateway', 'ec2:DeleteInternetGateway'], 'internet-gateway', t.internetGateways),
    ...found(['ec2:DeleteKeyPair'], 'key-pair', t.keyPairs),
    // Detaching names the VPC too; deleting it, only it.
    { Sid: '', Effect: 'Allow' as const, Action: ['ec2:DetachInternetGateway', 'ec2:DeleteVpc'], Resource: vpc },
  ].map((s, i) => ({ ...s, Sid: `TeardownFound${i + 1}` }));
  return [
    { Sid: 'TeardownLookUp', Effect: 'Allow', Action: [...reads].sort(), Resource: '*' },
    ...IN_VPC.map((g, i): Statement => ({
      Sid: `TeardownInVpc${i + 1}`,
      Effect: 'Allow',
      Action: g.actions,
      Resource: g.types.map((type) => arn(type, '*')),
      Condition: { ArnEquals: { 'ec2:Vpc': vpc } },
    })),
    ...byArn,
  ];
}
