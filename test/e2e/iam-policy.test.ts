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
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byResource, ec2At, labWorld } from './support/aws.js';
import { BIN, runCli, tempDir } from './support/cli.js';
import { awsCallerArn, distinct, describeVerdict, evaluate, iamRequestsOf, type IamRequest, type Verdict } from './support/iam-requests.js';
import { useMoto } from './support/moto.js';
import { startProxy, type Proxy } from './support/proxy.js';

const ROOT = path.resolve(path.dirname(BIN), '..');
const SSH = '198.51.100.7/32';
const OTHER_ACCOUNT = '999999999999';
const creds = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const iamAt = (url: string) => new IAMClient({ endpoint: url, region: 'us-east-1', credentials: creds });
const decoded = (doc: string | undefined) => JSON.parse(decodeURIComponent(doc ?? '{}'));
const denied = (verdicts: Verdict[]) => verdicts.filter((v) => v.result !== 'Allowed').map(describeVerdict);
const ec2Arn = (account: string, type: string, id: string) => `arn:aws:ec2:us-east-1:${account}:${type}/${id}`;
const ask = (action: string, resource: string, context: IamRequest['context'] = {}): IamRequest => ({ action, resource, context, why: 'asked by the test' });

describe('the printed policy and the expiry role, as IAM evaluates them (against moto)', () => {
  const moto = useMoto();
  let proxy: Proxy;
  const cwd = tempDir();
  const lab = 'iam-eval';
  const base = () => ['--name', lab, '--endpoint-url', proxy.url];
  let account: string;
  let caller: string;

  beforeAll(async () => {
    proxy = await startProxy(moto.url);
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

  /** What the role's policy lets the schedules do (`allow`) and what it must not (`deny`). */
  const roleVerdicts = async (allow: IamRequest[], deny: IamRequest[]) => {
    const role = await expiryRole();
    const as = { principal: `arn:aws:sts::${account}:assumed-role/${role.name}/scheduler`, identityPolicy: role.policy, account };
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
      [ask('ec2:DeleteNatGateway', ec2Arn(account, 'natgateway', nat)), ask('ec2:StopInstances', ec2Arn(account, 'instance', web)), ask('ec2:StopInstances', ec2Arn(account, 'instance', db))],
      [
        ask('ec2:StopInstances', ec2Arn(account, 'instance', 'i-0123456789abcdef0')),
        ask('ec2:TerminateInstances', ec2Arn(account, 'instance', web)),
        ask('ec2:DeleteVpc', ec2Arn(account, 'vpc', vpc)),
        ask('ec2:DeleteNatGateway', ec2Arn(account, 'natgateway', 'nat-0123456789abcdef0')),
      ],
    );
    expect(gatewayRole).toEqual({ refused: [], allowed: [] });

    // Its trust: only Scheduler, only on behalf of this account.
    const role = await expiryRole();
    const assume = (principal: string, context: IamRequest['context'], identityPolicy?: unknown) =>
      evaluate(ask('sts:AssumeRole', role.arn, context), { principal, resourcePolicy: role.trust, identityPolicy, account });
    const anything = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };
    expect((await assume('scheduler.amazonaws.com', { 'aws:SourceAccount': account })).result).toBe('Allowed');
    const strangers = [
      await assume('scheduler.amazonaws.com', { 'aws:SourceAccount': OTHER_ACCOUNT }),
      await assume('scheduler.amazonaws.com', {}),
      await assume('lambda.amazonaws.com', { 'aws:SourceAccount': account }),
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
      [ask('ec2:StopInstances', ec2Arn(account, 'instance', natInstance)), ask('ec2:StopInstances', ec2Arn(account, 'instance', web))],
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
