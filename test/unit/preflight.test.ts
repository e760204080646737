/**
 * Issue 8, preflight: before the first create, every mutating call the lab needs is asked
 * with DryRun, and the Elastic IP and VPC quotas are checked; a refusal or a short quota
 * creates nothing. Driven through the fake EC2, which answers dry runs and refuses the
 * actions its "policy" lacks as AWS does.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyDryRun, principalArn } from '../../src/aws/permissions.js';
import { LAB } from '../../src/lab/chapters/lab.js';
import { allActions, labPolicy } from '../../src/lab/views/policy.js';
import { VPC_QUOTA_ENV } from '../../src/lab/views/readiness.js';
import { callsNamed, createHarness, labErrorOf, type Harness } from '../support/drive.js';
import { awsError } from '../support/fake-ec2.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  delete process.env[VPC_QUOTA_ENV];
});

describe('permissions', () => {
  it('asks every mutating call of the lab with DryRun before the first create, then builds it', async () => {
    h = createHarness();
    await h.up();
    const asked = new Set(h.fake.dryRuns.map((c) => c.name));
    for (const action of ['CreateVpc', 'CreateSubnet', 'RunInstances', 'CreateNatGateway', 'AllocateAddress', 'TerminateInstances', 'DeleteVpc']) {
      expect(asked.has(action), action).toBe(true);
    }
    // Every dry run came before the first real create.
    const firstCreate = h.fake.calls.find((c) => c.name === 'CreateVpc')!;
    expect(Math.max(...h.fake.dryRuns.map((c) => c.at))).toBeLessThanOrEqual(firstCreate.at);
    expect(h.stdout() + h.stderr()).toMatch(/permissions: \d+ call\(s\) allowed by a dry run/);
  });

  it('a policy without CreateNatGateway: exit 1, the action named, nothing created', async () => {
    h = createHarness({ fake: { deny: ['CreateNatGateway', 'AllocateAddress'] } });
    const err = await labErrorOf(h.up());
    expect(err.code).toBe('PermissionDenied');
    expect(err.exitCode).toBe(1);
    expect(err.message).toContain('ec2:AllocateAddress, ec2:CreateNatGateway');
    expect(err.hint).toContain('aws-lab-setup policy');
    expect(h.fake.mutatingCalls()).toEqual([]);
  });

  it('a no-op up asks nothing', async () => {
    h = createHarness();
    await h.up();
    const before = h.fake.dryRuns.length;
    await h.up();
    expect(h.fake.dryRuns.length).toBe(before);
  });

  it('an endpoint that ignores DryRun (moto\'s CreateVpc): the VPC it made is removed, retried when throttled', async () => {
    h = createHarness({ fake: { ignoreDryRun: ['CreateVpc'] } });
    // The removal's first attempt is throttled; sent again it goes through, as AWS lets a caller that backs off.
    h.fake.throttle({ every: 1, names: ['DeleteVpc'] });
    await h.up();
    expect(h.attempts.count('DeleteVpc')).toBeGreaterThanOrEqual(2);
    expect(callsNamed(h.fake, 'DeleteVpc')).toHaveLength(1);
    // Only the lab's own VPC is left: the probe's is gone.
    expect([...h.fake.world.vpcs.values()].map((v) => v.CidrBlock)).toEqual(['10.0.0.0/16']);
    expect(h.stdout() + h.stderr()).not.toMatch(/could not be removed/);
  });

  it('asks the policy simulator about the role behind an assumed-role session', () => {
    expect(principalArn('arn:aws:sts::123456789012:assumed-role/Admin/alice@example.com')).toBe('arn:aws:iam::123456789012:role/Admin');
    expect(principalArn('arn:aws:iam::123456789012:user/alice')).toBe('arn:aws:iam::123456789012:user/alice');
  });

  it('reads AWS answers: allowed, refused, could not tell', () => {
    expect(classifyDryRun(awsError('DryRunOperation', 'would have succeeded', 412))).toBe('allowed');
    expect(classifyDryRun(awsError('UnauthorizedOperation', 'no', 403))).toBe('refused');
    expect(classifyDryRun(awsError('InvalidVpcID.NotFound', 'no such VPC'))).toBe('unknown');
  });
});

describe('quotas', () => {
  it('one Elastic IP allowed, the lab needs two: exit 1 with the numbers, nothing created', async () => {
    h = createHarness({ fake: { elasticIpLimit: 1 } });
    const err = await labErrorOf(h.up());
    expect(err.code).toBe('QuotaShort');
    expect(err.message).toMatch(/needs 2 more Elastic IP addresses but us-east-1 has 0 of 1 in use/);
    expect(err.hint).toMatch(/Service Quotas.*L-0263D0A3/);
    expect(h.fake.mutatingCalls()).toEqual([]);
  });

  it('counts only what the lab still needs: after destroy --nat-only, one address', async () => {
    h = createHarness({ fake: { elasticIpLimit: 2 } });
    await h.up();
    await h.destroy({ natOnly: true, yes: true });
    await h.up(); // 1 in use (web) + 1 needed (NAT) <= 2
    expect(h.fake.count('natGateways')).toBe(1);
  });

  it('a region at its VPC quota refuses a second lab before anything is made', async () => {
    // The quota can only be read through Service Quotas: a raised one is named in the environment.
    process.env[VPC_QUOTA_ENV] = '1';
    h = createHarness();
    await h.up();
    const before = h.fake.mutatingCalls().length;
    const err = await labErrorOf(h.up({ name: 'second-lab' }));
    expect(err.code).toBe('QuotaShort');
    expect(err.message).toMatch(/needs 1 more VPCs but us-east-1 has 1 of 1 in use/);
    expect(err.hint).toContain('L-F678F1CE');
    expect(h.fake.mutatingCalls().length).toBe(before);
  });
});

describe('policy', () => {
  it('holds every action the kinds declare, in statements by kind of access', () => {
    const doc = labPolicy();
    const listed = doc.Statement.flatMap((s) => s.Action);
    for (const r of LAB) for (const a of r.actions) expect(listed, `${r.key}: ${a}`).toContain(a);
    expect(doc.Statement.find((s) => s.Sid === 'LatestAmazonLinuxImage')?.Resource).toContain('ami-amazon-linux-latest');
  });

  it('fits in a managed policy (6,144 characters without white space)', () => {
    expect(JSON.stringify(labPolicy()).replace(/\s/g, '').length).toBeLessThan(6144);
  });

  it('holds every AWS command the source sends (read from the code, not from a list)', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const n of readdirSync(dir)) {
        const p = path.join(dir, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(path.resolve('src'));
    const used = new Set<string>();
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const [, names, client] of text.matchAll(/import \{([^}]*)\} from '@aws-sdk\/client-([a-z0-9-]+)'/g)) {
        const service = client === 'scheduler' ? 'scheduler' : client;
        for (const n of names.split(',').map((x) => x.trim().replace(/^type /, ''))) {
          if (n.endsWith('Command') && text.includes(`new ${n}(`)) used.add(`${service}:${n.replace(/Command$/, '')}`);
        }
      }
    }
    expect(used.size).toBeGreaterThan(30);
    const all = allActions();
    for (const action of used) expect(all, action).toContain(action);
  });
});
