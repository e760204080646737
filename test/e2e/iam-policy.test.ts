/**
 * Issue #16 part 2: the policy that `aws-lab-setup policy` prints, evaluated by a real IAM
 * policy evaluator (@cloud-copilot/iam-simulate, AGPL: test-only, never bundled) against
 * every request the CLI makes end to end — each as the IAM request(s) AWS authorizes: the
 * resource ARN as IAM builds it at that moment, and the permissions asked for beside the
 * call (tags on create, the schedule's role passed). And the expiry role: its inline policy
 * and trust, as the lab puts them on it.
 */
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { build } from 'esbuild';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byResource, ec2At, ec2In, labWorld } from './support/aws.js';
import { BIN, runCli, tempDir } from './support/cli.js';
import { awsCallerArn, distinct, describeVerdict, evaluate, iamRequestsOf, UNNAMED, type IamRequest, type Verdict } from './support/iam-requests.js';
import { makeHandBuiltLab } from './support/hand-built.js';
import { useMoto } from './support/moto.js';
import { startProxy, type Proxy } from './support/proxy.js';
import { buildByHand } from './support/hand-built-teardown.js';

const ROOT = path.resolve(path.dirname(BIN), '..');
const SSH = '198.51.100.7/32';
const OTHER_ACCOUNT = '999999999999';
const creds = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const iamAt = (url: string) => new IAMClient({ endpoint: url, region: 'us-east-1', credentials: creds });
const decoded = (doc: string | undefined) => JSON.parse(decodeURIComponent(doc ?? '{}'));
const denied = (verdicts: Verdict[]) => verdicts.filter((v) => v.result !== 'Allowed').map(describeVerdict);
const ec2Arn = (account: string, type: string, id: string) => `arn:aws:ec2:us-east-1:${account}:${type}/${id}`;
const ask = (action: string, resource: string, context: IamRequest['context'] = {}): IamRequest => ({ action, resource, context, why: 'asked by the test' });
const LAB_TAG = { 'ec2:ResourceTag/ManagedBy': 'aws-lab-setup' };
const HERE = { 'aws:RequestedRegion': 'us-east-1' };

describe('the printed policy and the expiry role, as IAM evaluates them (against moto)', () => {
  const moto = useMoto();
  let proxy: Proxy;
  const cwd = tempDir();
  const lab = 'iam-eval';
  const base = () => ['--name', lab, '--endpoint-url', proxy.url];
  let account: string;
  let caller: string;

  beforeAll(async () => {
    // Each EC2 change's resources as moto holds them when it comes: their tags are its ec2:ResourceTag keys.
    proxy = await startProxy(moto.url, { holdTags: true });
    const me = await new STSClient({ endpoint: moto.url, region: 'us-east-1', credentials: creds }).send(new GetCallerIdentityCommand({}));
    account = me.Account!;
    caller = awsCallerArn(me.Arn!);
  });
  afterAll(() => proxy?.close());

  const cli = async (...args: string[]) => {
    const res = await runCli(args, { cwd, timeoutMs: 120_000 });
    expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(0);
  };

  /** The expiry role as the lab left it: its ARN, inline policy and trust. */
  const expiryRole = async () => {
    const name = `aws-lab-setup-${lab}-us-east-1`;
    const { Role: role } = await iamAt(moto.url).send(new GetRoleCommand({ RoleName: name }));
    const { PolicyDocument } = await iamAt(moto.url).send(new GetRolePolicyCommand({ RoleName: name, PolicyName: 'expiry' }));
    return { name, arn: role!.Arn!, policy: decoded(PolicyDocument), trust: decoded(role!.AssumeRolePolicyDocument) };
  };

  /** The boundary an administrator made from `policy --boundary`. */
  const printedBoundary = async (...args: string[]) => {
    const out = await runCli(['policy', '--boundary', ...args], { cwd });
    expect(out.code, out.stderr).toBe(0);
    return JSON.parse(out.stdout);
  };

  /** What the role's policy, within its boundary, lets the schedules do (`allow`) and what it must not (`deny`). */
  const roleVerdicts = async (allow: IamRequest[], deny: IamRequest[]) => {
    const role = await expiryRole();
    const as = { principal: `arn:aws:sts::${account}:assumed-role/${role.name}/scheduler`, identityPolicy: role.policy, boundary: await printedBoundary(), account };
    return {
      refused: denied(await Promise.all(allow.map((r) => evaluate(r, as)))),
      allowed: (await Promise.all(deny.map((r) => evaluate(r, as)))).filter((v) => v.result === 'Allowed').map(describeVerdict),
    };
  };

  it('every request of plan, up, status, destroy --nat-only, up --nat instance and destroy is Allowed; the expiry role may do its work and nothing else', async () => {
    await cli('plan', ...base(), '--ssh-cidr', SSH);
    await cli('up', '--yes', ...base(), '--ssh-cidr', SSH);

    // The expiry role with a NAT gateway: delete this NAT gateway, stop these servers, nothing else.
    const w = await labWorld(ec2At(moto.url), lab);
    const web = byResource(w.instances, 'webInstance').InstanceId!;
    const db = byResource(w.instances, 'dbInstance').InstanceId!;
    const nat = w.natGateways[0].NatGatewayId!;
    const vpc = w.vpcs[0].VpcId!;
    const gatewayRole = await roleVerdicts(
      [ask('ec2:DeleteNatGateway', ec2Arn(account, 'natgateway', nat), LAB_TAG), ask('ec2:StopInstances', ec2Arn(account, 'instance', web), LAB_TAG), ask('ec2:StopInstances', ec2Arn(account, 'instance', db), LAB_TAG)],
      [
        ask('ec2:StopInstances', ec2Arn(account, 'instance', 'i-0123456789abcdef0')),
        ask('ec2:TerminateInstances', ec2Arn(account, 'instance', web)),
        ask('ec2:DeleteVpc', ec2Arn(account, 'vpc', vpc)),
        ask('ec2:DeleteNatGateway', ec2Arn(account, 'natgateway', 'nat-0123456789abcdef0')),
      ],
    );
    expect(gatewayRole).toEqual({ refused: [], allowed: [] });

    // Its trust: only Scheduler, only on behalf of this account, only for the lab's schedule group.
    const role = await expiryRole();
    const group = `arn:aws:scheduler:us-east-1:${account}:schedule-group/aws-lab-setup-${lab}`;
    const fromGroup = { 'aws:SourceAccount': account, 'aws:SourceArn': group };
    const assume = (principal: string, context: IamRequest['context'], identityPolicy?: unknown) =>
      evaluate(ask('sts:AssumeRole', role.arn, context), { principal, resourcePolicy: role.trust, identityPolicy, account });
    const anything = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };
    expect((await assume('scheduler.amazonaws.com', fromGroup)).result).toBe('Allowed');
    const strangers = [
      await assume('scheduler.amazonaws.com', { ...fromGroup, 'aws:SourceAccount': OTHER_ACCOUNT }),
      await assume('scheduler.amazonaws.com', { 'aws:SourceAccount': account }),
      await assume('scheduler.amazonaws.com', { ...fromGroup, 'aws:SourceArn': `arn:aws:scheduler:us-east-1:${account}:schedule-group/some-other-group` }),
      await assume('scheduler.amazonaws.com', {}),
      await assume('lambda.amazonaws.com', fromGroup),
      await assume(`arn:aws:iam::${OTHER_ACCOUNT}:role/someone`, {}, anything),
      await assume(`arn:aws:iam::${account}:user/someone`, {}, anything),
    ];
    expect(strangers.filter((v) => v.result === 'Allowed').map(describeVerdict)).toEqual([]);

    await cli('status', ...base());
    await cli('destroy', '--nat-only', '--yes', ...base());
    await cli('up', '--yes', ...base(), '--nat', 'instance');

    // With a NAT instance: it is stopped like the servers; the old NAT gateway is no longer the role's.
    const natInstance = byResource((await labWorld(ec2At(moto.url), lab)).instances, 'natInstance').InstanceId!;
    const instanceRole = await roleVerdicts(
      [ask('ec2:StopInstances', ec2Arn(account, 'instance', natInstance), LAB_TAG), ask('ec2:StopInstances', ec2Arn(account, 'instance', web), LAB_TAG)],
      [ask('ec2:DeleteNatGateway', ec2Arn(account, 'natgateway', nat)), ask('ec2:TerminateInstances', ec2Arn(account, 'instance', natInstance))],
    );
    expect(instanceRole).toEqual({ refused: [], allowed: [] });

    await cli('destroy', '--yes', ...base());
    // After destroy the role is gone: a look-up names it without its path again.
    await cli('status', ...base());

    const printed = await runCli(['policy'], { cwd });
    expect(printed.code, printed.stderr).toBe(0);
    const identityPolicy = JSON.parse(printed.stdout);
    const requests = distinct(await iamRequestsOf(proxy.requests, account));

    // The runs reached the cases this test is about (else it could not fail on them).
    const roleName = `aws-lab-setup-${lab}-us-east-1`;
    const has = (action: string, resource: string | RegExp, context?: Record<string, string>) =>
      requests.some((r) => r.action === action && (typeof resource === 'string' ? r.resource === resource : resource.test(r.resource)) && Object.entries(context ?? {}).every(([k, v]) => r.context[k] === v));
    expect(has('iam:GetRole', `arn:aws:iam::${account}:role/${roleName}`), 'a GetRole before the role is made').toBe(true);
    expect(has('iam:GetRole', `arn:aws:iam::${account}:role/aws-lab-setup/${roleName}`), 'a GetRole once it exists').toBe(true);
    expect(has('ec2:CreateTags', /:instance\//, { 'ec2:CreateAction': 'RunInstances' })).toBe(true);
    expect(has('ec2:CreateTags', /:vpc\//, { 'ec2:CreateAction': 'CreateVpc' })).toBe(true);
    expect(has('iam:PassRole', `arn:aws:iam::${account}:role/aws-lab-setup/${roleName}`, { 'iam:PassedToService': 'scheduler.amazonaws.com' })).toBe(true);
    expect(proxy.dryRuns.length, 'the preflight\'s dry runs are among them').toBeGreaterThan(5);

    const verdicts = await Promise.all(requests.map((r) => evaluate(r, { principal: caller, identityPolicy, account })));
    expect(verdicts.length).toBeGreaterThan(60);
    expect(denied(verdicts), 'requests the printed policy refuses').toEqual([]);

    // The policy is no Allow-all: the same evaluator refuses what the lab never needs.
    const beyond = [
      ask('iam:PutRolePolicy', `arn:aws:iam::${account}:role/Admin`),
      ask('iam:PassRole', `arn:aws:iam::${account}:role/Admin`, { 'iam:PassedToService': 'scheduler.amazonaws.com' }),
      ask('iam:PutRolePolicy', `arn:aws:iam::${account}:role/${roleName}`),
      ask('iam:DeleteRole', `arn:aws:iam::${account}:role/${roleName}`),
      ask('scheduler:DeleteScheduleGroup', `arn:aws:scheduler:us-east-1:${account}:schedule-group/default`),
      ask('s3:ListBucket', 'arn:aws:s3:::any-bucket'),
    ];
    const beyondVerdicts = await Promise.all(beyond.map((r) => evaluate(r, { principal: caller, identityPolicy, account })));
    expect(beyondVerdicts.filter((v) => v.result !== 'ImplicitlyDenied').map(describeVerdict)).toEqual([]);
  }, 600_000);

  it('no escalation: every attempt to gain through the printed policy what it does not grant is Denied (the same requests done right are Allowed)', async () => {
    const printed = async (...args: string[]) => {
      const out = await runCli(['policy', ...args], { cwd });
      expect(out.code, out.stderr).toBe(0);
      return JSON.parse(out.stdout);
    };
    const [identityPolicy, pinned, boundary] = await Promise.all([printed(), printed('--region', 'eu-west-1'), printed('--boundary')]);
    const as = { principal: caller, identityPolicy, account };
    const iamArn = (what: string) => `arn:aws:iam::${account}:${what}`;
    const pathRole = iamArn('role/aws-lab-setup/aws-lab-setup-pwn');
    const theBoundary = { 'iam:PermissionsBoundary': iamArn('policy/aws-lab-setup-expiry-boundary') };
    const prod = (type: string, id: string) => ec2Arn(account, type, id);
    const labTagged = { ...HERE, ...LAB_TAG };
    const allStar = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

    const attempts: [string, IamRequest, Partial<Parameters<typeof evaluate>[1]>?][] = [
      // (a) a role of one's own: without the boundary, or with another one
      ['CreateRole on the path without the boundary', ask('iam:CreateRole', pathRole)],
      ['CreateRole with AdministratorAccess as its boundary', ask('iam:CreateRole', pathRole, { 'iam:PermissionsBoundary': 'arn:aws:iam::aws:policy/AdministratorAccess' })],
      ['PutRolePolicy (*:*) on a role without the boundary', ask('iam:PutRolePolicy', pathRole)],
      ['a role made with the boundary and given *:*: attach a policy to the caller', ask('iam:AttachUserPolicy', caller), { principal: `arn:aws:sts::${account}:assumed-role/aws-lab-setup-pwn/x`, identityPolicy: allStar, boundary }],
      ['... or assume anything', ask('sts:AssumeRole', iamArn('role/Admin')), { principal: `arn:aws:sts::${account}:assumed-role/aws-lab-setup-pwn/x`, identityPolicy: allStar, boundary }],
      // (b) a schedule with a universal target, run as a role without the boundary
      ['PassRole of a role off the path to Scheduler (attachUserPolicy target)', ask('iam:PassRole', iamArn('role/Admin'), { 'iam:PassedToService': 'scheduler.amazonaws.com' })],
      ['PassRole of a lab role to Lambda', ask('iam:PassRole', pathRole, { 'iam:PassedToService': 'lambda.amazonaws.com' })],
      ['UpdateAssumeRolePolicy on another lab\'s role', ask('iam:UpdateAssumeRolePolicy', iamArn('role/aws-lab-setup/aws-lab-setup-otherlab-us-east-1'))],
      ['AttachRolePolicy of a managed policy', ask('iam:AttachRolePolicy', pathRole, theBoundary)],
      ['PutRolePermissionsBoundary', ask('iam:PutRolePermissionsBoundary', pathRole, theBoundary)],
      ['DeleteRolePermissionsBoundary', ask('iam:DeleteRolePermissionsBoundary', pathRole, theBoundary)],
      ['SimulatePrincipalPolicy on another principal', ask('iam:SimulatePrincipalPolicy', iamArn('user/someone-else'))],
      // EC2 on an untagged production resource
      ...(['ModifyInstanceAttribute', 'StopInstances', 'StartInstances', 'TerminateInstances'] as const).map((a): [string, IamRequest] => [`${a} on a production instance`, ask(`ec2:${a}`, prod('instance', 'i-0123456789abcdef0'), HERE)]),
      ...(['AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress'] as const).map((a): [string, IamRequest] => [`${a} on a production security group`, ask(`ec2:${a}`, prod('security-group', 'sg-0123456789abcdef0'), HERE)]),
      ...(['CreateRoute', 'ReplaceRoute'] as const).map((a): [string, IamRequest] => [`${a} in a production route table`, ask(`ec2:${a}`, prod('route-table', 'rtb-0123456789abcdef0'), HERE)]),
      ...(['AssociateAddress', 'DisassociateAddress', 'ReleaseAddress'] as const).map((a): [string, IamRequest] => [`${a} of a production Elastic IP`, ask(`ec2:${a}`, prod('elastic-ip', 'eipalloc-0123456789abcdef0'), HERE)]),
      ['DeleteVpc of a production VPC', ask('ec2:DeleteVpc', prod('vpc', 'vpc-0123456789abcdef0'), HERE)],
      ['RunInstances into a production subnet', ask('ec2:RunInstances', prod('subnet', 'subnet-0123456789abcdef0'), { ...HERE, 'aws:RequestTag/ManagedBy': 'aws-lab-setup' })],
      ['CreateTags on an existing untagged resource (to make it the lab\'s)', ask('ec2:CreateTags', prod('instance', 'i-0123456789abcdef0'), { ...HERE, 'aws:RequestTag/ManagedBy': 'aws-lab-setup' })],
      ['CreateTags on an existing lab resource, outside a create', ask('ec2:CreateTags', prod('instance', 'i-0123456789abcdef1'), labTagged)],
      ['RunInstances of a p5.48xlarge', ask('ec2:RunInstances', prod('instance', UNNAMED), { ...HERE, 'aws:RequestTag/ManagedBy': 'aws-lab-setup', 'ec2:InstanceType': 'p5.48xlarge' })],
      ['RunInstances of an image not Amazon\'s', ask('ec2:RunInstances', 'arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0', { ...HERE, 'ec2:Owner': '123456789012' })],
      ['a change in another region under policy --region', ask('ec2:StopInstances', prod('instance', 'i-0123456789abcdef1'), labTagged), { identityPolicy: pinned }],
      ['a create in another region under policy --region', ask('ec2:CreateVpc', prod('vpc', UNNAMED), { ...HERE, 'aws:RequestTag/ManagedBy': 'aws-lab-setup' }), { identityPolicy: pinned }],
    ];
    const verdicts = await Promise.all(attempts.map(async ([what, r, e]) => [what, (await evaluate(r, { ...as, ...e })).result] as const));
    expect(verdicts.filter(([, v]) => !/^(Implicitly|Explicitly)Denied$/.test(v)), 'attempts not Denied (or not valid requests)').toEqual([]);

    // The same calls on the tool's own resources, done as the tool does them, are Allowed: the refusals above are the conditions'.
    const done: [string, IamRequest, Partial<Parameters<typeof evaluate>[1]>?][] = [
      ['CreateRole with the boundary', ask('iam:CreateRole', pathRole, theBoundary)],
      ['PutRolePolicy on a role with the boundary', ask('iam:PutRolePolicy', pathRole, theBoundary)],
      ['PassRole of a lab role to Scheduler', ask('iam:PassRole', pathRole, { 'iam:PassedToService': 'scheduler.amazonaws.com' })],
      ['SimulatePrincipalPolicy on the caller', ask('iam:SimulatePrincipalPolicy', caller)],
      ['StopInstances on a lab instance', ask('ec2:StopInstances', prod('instance', 'i-0123456789abcdef1'), labTagged)],
      ['RunInstances of a t3.micro', ask('ec2:RunInstances', prod('instance', UNNAMED), { ...HERE, 'aws:RequestTag/ManagedBy': 'aws-lab-setup', 'ec2:InstanceType': 't3.micro' })],
      ['RunInstances into a lab subnet', ask('ec2:RunInstances', prod('subnet', 'subnet-0123456789abcdef1'), labTagged)],
      ['RunInstances of Amazon\'s image', ask('ec2:RunInstances', 'arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0', { ...HERE, 'ec2:Owner': 'amazon' })],
      ['a change in the pinned region', ask('ec2:StopInstances', ec2Arn(account, 'instance', 'i-0123456789abcdef1').replace('us-east-1', 'eu-west-1'), { ...LAB_TAG, 'aws:RequestedRegion': 'eu-west-1' }), { identityPolicy: pinned }],
      ['a look-up in another region under policy --region', ask('ec2:DescribeInstances', '*', HERE), { identityPolicy: pinned }],
      ['the boundary lets a lab role stop a lab instance', ask('ec2:StopInstances', prod('instance', 'i-0123456789abcdef1'), labTagged), { principal: `arn:aws:sts::${account}:assumed-role/aws-lab-setup-pwn/x`, identityPolicy: allStar, boundary }],
    ];
    const allowed = await Promise.all(done.map(async ([what, r, e]) => [what, (await evaluate(r, { ...as, ...e })).result] as const));
    expect(allowed.filter(([, v]) => v !== 'Allowed')).toEqual([]);
  }, 120_000);

  it('policy --check: every request of a check of a VPC built by hand is Allowed, and the policy allows no change', async () => {
    const lab = await makeHandBuiltLab(ec2At(moto.url), { name: 'iam-check', sshFrom: SSH });
    const from = proxy.requests.length;
    const checked = await runCli(['check', '--vpc', lab.vpc, '--endpoint-url', proxy.url, '--from', SSH], { cwd });
    expect(checked.code, checked.stderr).toBe(0);
    const printed = await runCli(['policy', '--check'], { cwd });
    expect(printed.code, printed.stderr).toBe(0);
    const identityPolicy = JSON.parse(printed.stdout);
    const requests = distinct(await iamRequestsOf(proxy.requests.slice(from), account));
    // The check's own calls reached the evaluator: one Describe per kind and the DNS attributes.
    expect(new Set(requests.map((r) => r.action))).toEqual(new Set(['ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeInternetGateways', 'ec2:DescribeRouteTables', 'ec2:DescribeSecurityGroups', 'ec2:DescribeKeyPairs', 'ec2:DescribeInstances', 'ec2:DescribeAddresses', 'ec2:DescribeNatGateways', 'ec2:DescribeNetworkAcls', 'ec2:DescribeVpcAttribute']));
    const verdicts = await Promise.all(requests.map((r) => evaluate(r, { principal: caller, identityPolicy, account })));
    expect(denied(verdicts), 'requests the check policy refuses').toEqual([]);
    // Reads only: nothing a learner's VPC could be changed by.
    const changes = [
      ask('ec2:CreateRoute', ec2Arn(account, 'route-table', lab.publicRouteTable)),
      ask('ec2:ModifyVpcAttribute', ec2Arn(account, 'vpc', lab.vpc)),
      ask('ec2:AuthorizeSecurityGroupIngress', ec2Arn(account, 'security-group', lab.dbGroup)),
      ask('ec2:TerminateInstances', ec2Arn(account, 'instance', lab.web)),
      ask('ec2:RunInstances', ec2Arn(account, 'instance', '*')),
    ];
    const refused = await Promise.all(changes.map((r) => evaluate(r, { principal: caller, identityPolicy, account })));
    expect(refused.filter((v) => v.result === 'Allowed').map(describeVerdict)).toEqual([]);
  }, 120_000);
  it('policy --check --class: a class check across a member account — the caller may assume the role and read, the role only read', async () => {
    const member = '111111111111';
    const lab = await makeHandBuiltLab(await ec2In(moto.url, member), { name: 'iam-class', cidr: '10.44.0.0/16', sshFrom: SSH });
    const roster = path.join(cwd, 'iamclass.csv');
    writeFileSync(roster, `learner,account,vpc\nann,${member},${lab.vpc}\n`);
    const from = proxy.requests.length;
    const checked = await runCli(['class', 'check', '--roster', roster, '--endpoint-url', proxy.url, '--from', SSH], { cwd });
    expect(checked.code, checked.stderr).toBe(0);
    const recorded = proxy.requests.slice(from);
    const printed = async (...args: string[]) => JSON.parse((await runCli(['policy', '--check', ...args], { cwd })).stdout);
    const [callerPolicy, rolePolicy] = [await printed('--class', '--roster', roster), await printed()];
    // The caller's own calls (signed with its keys) and the member role's (with the keys AssumeRole gave).
    const callers = distinct(await iamRequestsOf(recorded.filter((r) => r.accessKey === creds.accessKeyId), account));
    const roles = distinct(await iamRequestsOf(recorded.filter((r) => r.accessKey !== creds.accessKeyId), member));
    expect(callers.map((r) => [r.action, r.resource])).toContainEqual(['sts:AssumeRole', `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`]);
    expect(new Set(roles.map((r) => r.action))).toContain('ec2:DescribeRouteTables');
    const role = `arn:aws:sts::${member}:assumed-role/OrganizationAccountAccessRole/aws-lab-setup-iamclass`;
    const verdicts = [
      ...(await Promise.all(callers.map((r) => evaluate(r, { principal: caller, identityPolicy: callerPolicy, account })))),
      ...(await Promise.all(roles.map((r) => evaluate(r, { principal: role, identityPolicy: rolePolicy, account: member })))),
    ];
    expect(denied(verdicts), 'requests the printed policies refuse').toEqual([]);
    // No further: another account's role, a change in the learner's VPC.
    const further = [
      await evaluate(ask('sts:AssumeRole', `arn:aws:iam::${OTHER_ACCOUNT}:role/OrganizationAccountAccessRole`), { principal: caller, identityPolicy: callerPolicy, account }),
      await evaluate(ask('ec2:CreateRoute', ec2Arn(member, 'route-table', lab.publicRouteTable)), { principal: role, identityPolicy: rolePolicy, account: member }),
      await evaluate(ask('ec2:CreateRoute', ec2Arn(account, 'route-table', lab.publicRouteTable)), { principal: caller, identityPolicy: callerPolicy, account }),
    ];
    expect(further.filter((v) => v.result === 'Allowed').map(describeVerdict)).toEqual([]);
  }, 120_000);

  it('policy --vpc: every request of destroy --vpc is Allowed, in that VPC only (ec2:Vpc where IAM has it, the ARNs found there where it does not)', async () => {
    const mine = await buildByHand(ec2At(moto.url), moto.url, 'iam', '10.110');
    const other = await buildByHand(ec2At(moto.url), moto.url, 'iamother', '10.111');
    const out = await runCli(['policy', '--vpc', mine.vpc, '--endpoint-url', proxy.url, '--region', 'us-east-1'], { cwd });
    expect(out.code, out.stderr).toBe(0);
    const identityPolicy = JSON.parse(out.stdout);
    const as = { principal: caller, identityPolicy, account };
    const vpcArn = (id: string) => ec2Arn(account, 'vpc', id);
    // The keys IAM has for a resource in a VPC (the Service Authorization Reference's ec2:Vpc): the evaluator refuses one that does not apply.
    const IN_VPC = new Set(['subnet', 'route-table', 'security-group', 'network-acl', 'natgateway', 'network-interface']);
    const inVpc = (r: IamRequest, vpc: string): IamRequest => {
      const type = /^arn:aws:ec2:[^:]*:\d*:([^/]+)\//.exec(r.resource)?.[1];
      return type && IN_VPC.has(type) ? { ...r, context: { ...r.context, 'ec2:Vpc': vpcArn(vpc) } } : r;
    };

    const from = proxy.requests.length;
    const down = await runCli(['destroy', '--vpc', mine.vpc, '--yes', '--key-pair', '--endpoint-url', proxy.url], { cwd, timeoutMs: 180_000 });
    expect(down.code, down.stderr).toBe(0);
    const requests = distinct(await iamRequestsOf(proxy.requests.slice(from), account)).map((r) => inVpc(r, mine.vpc));
    expect(requests.some((r) => r.action === 'ec2:DeleteNatGateway')).toBe(true);
    expect(denied(await Promise.all(requests.map((r) => evaluate(r, as))))).toEqual([]);

    // The same deletes on another VPC built by hand, and on the tool's own resources untagged: Denied.
    const elsewhere = [
      ask('ec2:TerminateInstances', ec2Arn(account, 'instance', other.web), HERE),
      ask('ec2:ReleaseAddress', ec2Arn(account, 'elastic-ip', other.natAddress), HERE),
      ask('ec2:DeleteNatGateway', ec2Arn(account, 'natgateway', other.natGateway), { ...HERE, 'ec2:Vpc': vpcArn(other.vpc) }),
      ask('ec2:DeleteSecurityGroup', ec2Arn(account, 'security-group', other.webGroup), { ...HERE, 'ec2:Vpc': vpcArn(other.vpc) }),
      ask('ec2:DeleteNetworkAcl', ec2Arn(account, 'network-acl', other.acl), { ...HERE, 'ec2:Vpc': vpcArn(other.vpc) }),
      ask('ec2:DeleteVpc', vpcArn(other.vpc), HERE),
    ];
    expect((await Promise.all(elsewhere.map((r) => evaluate(r, as)))).filter((v) => v.result === 'Allowed').map(describeVerdict)).toEqual([]);
  }, 300_000);

  it('the printed policy fits one managed policy (6,144 characters without white space), pinned to a region too', async () => {
    for (const args of [[], ['--region', 'ap-northeast-1']]) {
      const out = await runCli(['policy', ...args], { cwd });
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout.replace(/\s/g, '').length).toBeLessThanOrEqual(6144);
    }
  });

  it('the evaluator (AGPL) is in no file of src/ and in no byte of the bundle', async () => {
    const src = readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(src.filter((f) => readFileSync(path.join(ROOT, 'src', f), 'utf8').includes('@cloud-copilot/'))).toEqual([]);
    // What the published build takes in, by esbuild's own account (the same options, not written).
    const { bundleOptions } = await import(path.join(ROOT, 'scripts/bundle-options.mjs'));
    const { metafile } = await build({ ...bundleOptions, absWorkingDir: ROOT, write: false, metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(metafile!.inputs);
    expect(inputs.some((f) => f.includes('@aws-sdk/client-iam'))).toBe(true);
    expect(inputs.filter((f) => f.includes('@cloud-copilot'))).toEqual([]);
    // And the dist/ that `npm run build` wrote: none of the evaluator's names.
    const dist = path.join(ROOT, 'dist');
    const code = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(dist, f), 'utf8')).join('\n');
    expect(code).toContain('aws-lab-setup');
    for (const name of ['cloud-copilot', 'iam-simulate', 'DefaultServiceAuthorizer', 'runSimulation']) expect(code).not.toContain(name);
  }, 120_000);
});
