/**
 * Issue 8, end to end: the preflight against moto, through a proxy that plays the parts
 * moto lacks (an IAM policy that refuses actions, an account's quotas as Service Quotas
 * says them and EC2 enforces them, DryRun answered as AWS does); and the `policy` command
 * against every call the CLI made. Issue 16: the vCPU quota.
 */
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { ec2At, nothingOf } from './support/aws.js';
import { runCli, tempDir } from './support/cli.js';
import { TEST_ACCOUNT_QUOTAS, useMoto } from './support/moto.js';
import { mutating, startProxy, type Proxy } from './support/proxy.js';

const SSH = '198.51.100.7/32';

describe('preflight and policy (against moto)', () => {
  const moto = useMoto();
  let proxy: Proxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('a policy without CreateNatGateway: exit 1, the action named, policy pointed to, nothing created', async () => {
    proxy = await startProxy(moto.url, { deny: ['CreateNatGateway'] });
    const lab = 'denied';
    const res = await runCli(['up', '--yes', '--name', lab, '--endpoint-url', proxy.url, '--ssh-cidr', SSH], { cwd: tempDir() });
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/may not call ec2:CreateNatGateway; nothing was created/);
    expect(res.stderr).toMatch(/next: .*aws-lab-setup policy/);
    expect(proxy.iamActions).toContain('ec2:CreateNatGateway');
    expect(proxy.actions.filter((a) => /^(Create|Allocate|Run|Import)/.test(a))).toEqual([]);
    expect(await nothingOf(moto.url, lab)).toBe(true);
  });

  it('a policy without iam:PassRole (no dry run there: IAM\'s simulator asked): exit 1, nothing created', async () => {
    proxy = await startProxy(moto.url, { deny: ['iam:PassRole', 'scheduler:CreateSchedule'] });
    const lab = 'no-pass-role';
    const res = await runCli(['up', '--yes', '--name', lab, '--endpoint-url', proxy.url, '--ssh-cidr', SSH], { cwd: tempDir() });
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/may not call [^\n]*iam:PassRole/);
    expect(res.stderr).toMatch(/scheduler:CreateSchedule/);
    expect(proxy.iamActions).toContain('iam:SimulatePrincipalPolicy');
    expect(await nothingOf(moto.url, lab)).toBe(true);
  });

  it('an account with one Elastic IP: exit 1 with the numbers and how to raise it, nothing created', async () => {
    proxy = await startProxy(moto.url, { quotas: { elasticIps: 1 } });
    const lab = 'short';
    const res = await runCli(['up', '--yes', '--name', lab, '--endpoint-url', proxy.url, '--ssh-cidr', SSH], { cwd: tempDir() });
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/needs 2 more Elastic IP addresses but us-east-1 has \d+ of 1 in use/);
    expect(res.stderr).toMatch(/Service Quotas/);
    expect(await nothingOf(moto.url, lab)).toBe(true);
  });

  it('a NAT-instance lab on an account with 5 vCPUs: exit 1 with the numbers and how to ask for more, nothing created', async () => {
    proxy = await startProxy(moto.url, { quotas: { standardVcpus: 5 } });
    const lab = 'few-vcpus';
    const res = await runCli(['up', '--yes', '--name', lab, '--nat', 'instance', '--endpoint-url', proxy.url, '--ssh-cidr', SSH], { cwd: tempDir() });
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/needs 6 more vCPUs of running On-Demand Standard instances but us-east-1 has 0 of 5 in use \(ec2 quota L-1216C47A, from Service Quotas\); nothing was created/);
    expect(res.stderr).toMatch(/next: .*aws service-quotas request-service-quota-increase --service-code ec2 --quota-code L-1216C47A --desired-value 6 --region us-east-1/);
    expect(proxy.iamActions).toContain('servicequotas:GetServiceQuota');
    expect(proxy.iamActions).toContain('ec2:DescribeInstanceTypes');
    // Dry runs are answered by the proxy, never logged as calls: nothing mutating went out.
    expect(mutating(proxy.actions)).toEqual([]);
    expect(await nothingOf(moto.url, lab)).toBe(true);
  });

  it('the same lab on an account with 16 vCPUs goes through (and goes away)', async () => {
    proxy = await startProxy(moto.url, { quotas: { standardVcpus: 16 } });
    const cwd = tempDir();
    const base = ['--name', 'enough-vcpus', '--endpoint-url', proxy.url];
    const res = await runCli(['up', '--yes', ...base, '--nat', 'instance', '--ssh-cidr', SSH], { cwd, timeoutMs: 120_000 });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout + res.stderr).toMatch(/vCPUs of running On-Demand Standard instances: 0 in use \+ 6 for the lab, of 16 \(Service Quotas, ec2 L-1216C47A\)/);
    expect(proxy.actions.filter((a) => a === 'RunInstances')).toHaveLength(3);
    const gone = await runCli(['destroy', '--yes', ...base], { cwd, timeoutMs: 120_000 });
    expect(gone.code, gone.stderr).toBe(0);
  }, 300_000);

  it('Service Quotas refused: the preflight says it could not read the vCPU quota and warns, and does not refuse', async () => {
    proxy = await startProxy(moto.url, { deny: ['servicequotas:GetServiceQuota'] });
    const res = await runCli(['plan', '--name', 'unread', '--nat', 'instance', '--endpoint-url', proxy.url, '--ssh-cidr', SSH], { cwd: tempDir() });
    expect(res.code, res.stderr).toBe(0);
    const out = res.stdout + res.stderr;
    expect(out).toMatch(/vCPUs of running On-Demand Standard instances: \d+ in use \+ 6 for the lab; the quota \(ec2 L-1216C47A\) could not be read from Service Quotas \(AccessDeniedException\): a new account may have only 5/);
    // The Elastic IP quota falls back to the account attribute; the VPC quota here is the environment's.
    expect(out).toMatch(/Elastic IP addresses: \d+ in use \+ 1 for the lab, of 1000 \(vpc-max-elastic-ips/);
  });

  it('an endpoint that ignores DryRun (moto\'s CreateVpc), DeleteVpc throttled: the probe\'s VPC is still removed', async () => {
    // CreateVpc and DeleteVpc counted together, every second one throttled: the probe's
    // CreateVpc goes through (moto makes a VPC) and its removal's first attempt is refused.
    proxy = await startProxy(moto.direct, { motoDryRun: true, throttleEvery: 2, throttleActions: ['CreateVpc', 'DeleteVpc'], quotas: TEST_ACCOUNT_QUOTAS });
    const res = await runCli(['plan', '--name', 'ignored-dry-run', '--endpoint-url', proxy.url, '--ssh-cidr', SSH], { cwd: tempDir() });
    expect(res.code, res.stderr).toBe(0);
    expect(proxy.served.throttled).toBeGreaterThanOrEqual(1);
    // moto made the probe's VPC (10.255.0.0/16, see aws/permissions.ts), and it is gone again.
    expect(proxy.actions.filter((a) => a === 'CreateVpc')).toHaveLength(1);
    const vpcs = await ec2At(moto.url).send(new DescribeVpcsCommand({}));
    expect((vpcs.Vpcs ?? []).filter((v) => v.CidrBlock === '10.255.0.0/16')).toEqual([]);
  });

  it('plan reports the preflight and changes nothing', async () => {
    proxy = await startProxy(moto.url, { deny: ['RunInstances'] });
    const res = await runCli(['plan', '--name', 'planned', '--endpoint-url', proxy.url, '--ssh-cidr', SSH], { cwd: tempDir() });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout + res.stderr).toMatch(/Preflight:[\s\S]*refused: ec2:RunInstances/);
    expect(res.stdout + res.stderr).toMatch(/Elastic IP addresses: \d+ in use \+ 2 for the lab/);
    expect(proxy.actions.filter((a) => !/^(Describe|Get|List)/.test(a))).toEqual([]);
  });

  it('every call the CLI makes (up, plan, status, destroy --nat-only, both NAT kinds, destroy) is in `policy`', async () => {
    proxy = await startProxy(moto.url);
    const cwd = tempDir();
    const base = ['--name', 'policed', '--endpoint-url', proxy.url];
    for (const args of [
      ['plan', ...base, '--ssh-cidr', SSH],
      ['up', '--yes', ...base, '--ssh-cidr', SSH],
      ['status', ...base],
      ['destroy', '--nat-only', '--yes', ...base],
      ['up', '--yes', ...base],
      ['up', '--yes', ...base, '--nat', 'instance'],
      ['ssh-config', ...base],
      ['destroy', '--yes', ...base],
    ]) {
      const res = await runCli(args, { cwd, timeoutMs: 120_000 });
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(0);
    }
    const policy = await runCli(['policy'], { cwd });
    expect(policy.code, policy.stderr).toBe(0);
    const allowed = new Set(JSON.parse(policy.stdout).Statement.flatMap((s: { Action: string[] }) => s.Action));
    // sts:GetCallerIdentity needs no permission: AWS answers it for any signed caller.
    const seen = [...new Set(proxy.iamActions)].filter((a) => a !== 'sts:GetCallerIdentity');
    expect(seen.length).toBeGreaterThan(30);
    expect(seen.filter((a) => !allowed.has(a))).toEqual([]);
  }, 300_000);
});
