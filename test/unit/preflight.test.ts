/**
 * Issue 8, preflight: before the first create, every mutating call the lab needs is asked
 * with DryRun, and the Elastic IP and VPC quotas are checked; a refusal or a short quota
 * creates nothing. Driven through the fake EC2, which answers dry runs and refuses the
 * actions its "policy" lacks as AWS does.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { StopInstancesCommand } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyDryRun, principalArn } from '../../src/aws/permissions.js';
import { LAB } from '../../src/lab/chapters/lab.js';
import { ADMIN_ONLY, allActions, labPolicy } from '../../src/lab/views/policy.js';
import { statePolicy } from '../../src/lab/views/state-policy.js';
import { QUOTAS, readQuota } from '../../src/aws/quotas.js';
import { DEFAULTS, type LabSettings } from '../../src/lab/core/config.js';
import { quotaNeeds, quotaTakes, takenTypes, VPC_QUOTA_ENV } from '../../src/lab/views/readiness.js';
import { callsNamed, createHarness, labErrorOf, type Harness } from '../support/drive.js';
import { awsError, FAKE_VCPUS } from '../support/fake-ec2.js';
import { classPolicyStatement } from '../../src/class/quotas.js';
import { TEARDOWN_SAMPLE } from '../support/teardown-sample.js';
import { sayError } from '../../src/ui/reporter.js';

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

  it('a policy without CreateVpc and AllocateAddress: exit 1, the actions named, nothing created', async () => {
    h = createHarness({ fake: { deny: ['CreateVpc', 'AllocateAddress', 'CreateNatGateway'] } });
    const err = await labErrorOf(h.up());
    expect(err.code).toBe('PermissionDenied');
    expect(err.exitCode).toBe(1);
    // CreateNatGateway's probe named a placeholder subnet: a tag-scoped policy refuses that
    // whatever it allows, and with no simulator to ask (the fake has none) it is "could not tell".
    expect(err.message).toContain('ec2:CreateVpc, ec2:AllocateAddress');
    expect(err.message).not.toContain('CreateNatGateway');
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
    // Said from the catalog (English here): the same sentence as the error's own.
    expect(sayError(err)).toEqual({ message: err.message, hint: err.hint });
    expect(err.message).toMatch(/needs 2 more Elastic IP addresses but us-east-1 has 0 of 1 in use/);
    expect(err.hint).toMatch(/Service Quotas.*--service-code ec2 --quota-code L-0263D0A3 --desired-value 2/);
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
    // Said from the catalog (English here): the same sentence as the error's own.
    expect(sayError(err)).toEqual({ message: err.message, hint: err.hint });
    expect(err.message).toMatch(/needs 1 more VPCs but us-east-1 has 1 of 1 in use/);
    expect(err.hint).toContain('L-F678F1CE');
    expect(h.fake.mutatingCalls().length).toBe(before);
  });
});

describe('vCPU quota (L-1216C47A)', () => {
  it('a NAT-instance lab on an account with 5 vCPUs: exit 1 with the numbers and how to ask for more, nothing created', async () => {
    h = createHarness({ fake: { vcpuLimit: 5 } });
    const err = await labErrorOf(h.up({ nat: 'instance' }));
    expect(err.code).toBe('QuotaShort');
    // Said from the catalog (English here): the same sentence as the error's own.
    expect(sayError(err)).toEqual({ message: err.message, hint: err.hint });
    expect(err.exitCode).toBe(1);
    expect(err.message).toMatch(/needs 6 more vCPUs of running On-Demand Standard instances but us-east-1 has 0 of 5 in use \(ec2 quota L-1216C47A, from Service Quotas\); nothing was created/);
    expect(err.hint).toContain('aws service-quotas request-service-quota-increase --service-code ec2 --quota-code L-1216C47A --desired-value 6 --region us-east-1');
    expect(h.fake.mutatingCalls()).toEqual([]);
    // Asked about the types running and the lab's own: the servers' and both NAT instance types.
    const asked = h.fake.calls.filter((c) => c.name === 'DescribeInstanceTypes').flatMap((c) => c.input.InstanceTypes);
    expect(asked.sort()).toEqual(['t3.micro', 't3.nano', 't4g.nano']);
  });

  it('the same lab on an account with 16 vCPUs goes through', async () => {
    h = createHarness({ fake: { vcpuLimit: 16 } });
    await h.up({ nat: 'instance' });
    expect(h.fake.count('instances')).toBe(3);
    expect(h.stdout() + h.stderr()).toMatch(/vCPUs of running On-Demand Standard instances: 0 in use \+ 6 for the lab, of 16 \(Service Quotas, ec2 L-1216C47A\)/);
  });

  it('counts the region\'s running instances, and of the lab only what is not running yet', async () => {
    h = createHarness({ fake: { vcpuLimit: 5 } });
    await h.up({ name: 'first' }); // two t3.micro: 4 of 5
    const before = h.fake.mutatingCalls().length;
    const second = await labErrorOf(h.up({ name: 'second' }));
    expect(second.message).toMatch(/needs 4 more vCPUs .* has 4 of 5 in use/);
    // The first lab with a NAT instance instead: its servers run already, only the NAT instance is new.
    const nat = await labErrorOf(h.up({ name: 'first', nat: 'instance' }));
    expect(nat.message).toMatch(/needs 2 more vCPUs .* has 4 of 5 in use/);
    expect(h.fake.mutatingCalls().length).toBe(before);
  });

  it('a stopped server of the lab counts: up starts it again', async () => {
    h = createHarness({ fake: { vcpuLimit: 4 } });
    await h.up(); // 4 of 4
    const web = h.readStateJson().resources.webInstance.id;
    await h.fake.ec2.send(new StopInstancesCommand({ InstanceIds: [web] }));
    h.clock.advance(120_000);
    // The stopped web server (2) and the new NAT instance (2) on top of the DB server's 2.
    const err = await labErrorOf(h.up({ nat: 'instance' }));
    expect(err.message).toMatch(/needs 4 more vCPUs .* has 2 of 4 in use/);
  });

  it('Service Quotas refused: the preflight says so and warns (a new account has 5, the lab needs 6), and the lab is built', async () => {
    h = createHarness({ fake: { serviceQuotas: 'refused', elasticIpLimit: 5 } });
    await h.up({ nat: 'instance' });
    const out = h.stdout() + h.stderr();
    expect(out).toMatch(/vCPUs of running On-Demand Standard instances: 0 in use \+ 6 for the lab; the quota \(ec2 L-1216C47A\) could not be read from Service Quotas \(AccessDeniedException\): a new account may have only 5/);
    // The Elastic IP quota falls back to what EC2 tells every account.
    expect(out).toMatch(/Elastic IP addresses: 0 in use \+ 1 for the lab, of 5 \(vpc-max-elastic-ips, ec2 L-0263D0A3\)/);
    expect(h.fake.count('instances')).toBe(3);
  });

  it('Service Quotas absent (NoSuchResource to both calls): a lab within a new account\'s 5 vCPUs, no warning', async () => {
    h = createHarness({ fake: { serviceQuotas: 'absent' } });
    await h.up();
    const out = h.stdout() + h.stderr();
    expect(out).toMatch(/0 in use \+ 4 for the lab; the quota \(ec2 L-1216C47A\) could not be read from Service Quotas \(NoSuchResourceException\); it fits a new account's 5/);
    expect(out).not.toMatch(/may have only/);
    expect(h.fake.calls.filter((c) => c.name === 'GetAWSDefaultServiceQuota').length).toBeGreaterThan(0);
  });

  it('reads a quota as applied, else AWS\'s default (never raised), else says why it could not', async () => {
    h = createHarness({ fake: { vcpuLimit: 16 } });
    const sq = h.fake.serviceQuotas;
    expect(await readQuota(sq, 'standardVcpus')).toEqual({ value: 16, from: 'applied' });
    // The fake's account has applied values for the quotas the preflight checks only.
    expect(await readQuota(sq, 'internetGateways')).toEqual({ value: QUOTAS.internetGateways.default, from: 'default' });
    await h.close();
    h = createHarness({ fake: { serviceQuotas: 'refused' } });
    expect(await readQuota(h.fake.serviceQuotas, 'standardVcpus')).toEqual({ unreadable: 'AccessDeniedException' });
  });
});

describe('what one lab takes of each quota (a plain function of the settings)', () => {
  const settings = (over: Partial<LabSettings> = {}): LabSettings => ({
    name: 'l', region: 'us-east-1', vpcCidr: DEFAULTS.vpcCidr, publicSubnetCidr: '10.0.1.0/24', privateSubnetCidr: '10.0.2.0/24',
    keyName: 'l-key', sshCidr: '198.51.100.7/32', instanceType: DEFAULTS.instanceType, nat: 'gateway', ...over,
  });
  const vcpus = new Map(Object.entries(FAKE_VCPUS));

  it('gateway and NAT-instance labs, and another instance type', () => {
    expect(quotaNeeds(quotaTakes(settings()), vcpus)).toEqual({ standardVcpus: 4, elasticIps: 2, vpcs: 1, internetGateways: 1, natGatewaysPerZone: 1 });
    expect(quotaNeeds(quotaTakes(settings({ nat: 'instance' })), vcpus)).toEqual({ standardVcpus: 6, elasticIps: 1, vpcs: 1, internetGateways: 1, natGatewaysPerZone: 0 });
    expect(quotaNeeds(quotaTakes(settings({ instanceType: 't3.xlarge' })), vcpus).standardVcpus).toBe(8);
    // A type outside the Standard families takes none of this quota.
    expect(quotaNeeds(quotaTakes(settings({ instanceType: 'g4dn.xlarge' })), vcpus).standardVcpus).toBe(0);
    expect(takenTypes(quotaTakes(settings({ nat: 'instance' }))).sort()).toEqual(['t3.micro', 't3.nano', 't4g.nano']);
  });
});

describe('policy', () => {
  it('holds every action the kinds declare, in statements by kind of access', () => {
    const doc = labPolicy();
    const listed = doc.Statement.flatMap((s) => s.Action);
    for (const r of LAB) for (const a of r.actions.filter((x) => !ADMIN_ONLY.includes(x))) expect(listed, `${r.key}: ${a}`).toContain(a);
    for (const a of ADMIN_ONLY) expect(listed, a).not.toContain(a);
    expect(doc.Statement.find((s) => s.Sid === 'LatestAmazonLinuxImage')?.Resource).toContain('ami-amazon-linux-latest');
  });

  it('fits in a managed policy (6,144 characters without white space)', () => {
    expect(JSON.stringify(labPolicy()).replace(/\s/g, '').length).toBeLessThan(6144);
  });

  /** IAM's name of an API call: the same, except where S3's differ (AWS's Service Authorization Reference). */
  const S3_IAM_NAMES: Record<string, string> = {
    PutPublicAccessBlock: 'PutBucketPublicAccessBlock',
    GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
    PutBucketEncryption: 'PutEncryptionConfiguration',
    GetBucketLifecycleConfiguration: 'GetLifecycleConfiguration',
    PutBucketLifecycleConfiguration: 'PutLifecycleConfiguration',
    HeadObject: 'GetObject',
    HeadBucket: 'ListBucket',
    ListObjectsV2: 'ListBucket',
  };
  const iamActionOf = (service: string, call: string) => `${service}:${service === 's3' ? (S3_IAM_NAMES[call] ?? call) : call}`;

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
        // IAM's prefix is the service's signing name, not always the package's.
        const service = client === 'service-quotas' ? 'servicequotas' : client;
        for (const n of names.split(',').map((x) => x.trim().replace(/^type /, ''))) {
          if (n.endsWith('Command') && text.includes(`new ${n}(`)) used.add(iamActionOf(service, n.replace(/Command$/, '')));
        }
      }
    }
    expect(used.size).toBeGreaterThan(30);
    // The lab's calls, and a state in S3's (with `state init`): `policy --state-dir s3://… --state-init`.
    // …and a class's (`policy --class`), and a VPC built by hand's teardown (`policy --vpc`).
    const all = [...allActions(), ...statePolicy('s3://bucket/labs', { init: true }).flatMap((st) => st.Action), ...classPolicyStatement().Action, ...TEARDOWN_SAMPLE.flatMap((st) => st.Action)];
    for (const action of used) expect(all, action).toContain(action);
  });
});
