import { EC2Client } from '@aws-sdk/client-ec2';
import {
  GetAWSDefaultServiceQuotaCommand,
  GetServiceQuotaCommand,
  ListRequestedServiceQuotaChangeHistoryByQuotaCommand,
  RequestServiceQuotaIncreaseCommand,
  ServiceQuotasClient,
  ServiceQuotasServiceException,
} from '@aws-sdk/client-service-quotas';
import {
  DescribeAccountAttributesCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypeOfferingsCommand,
  DescribeInstanceTypesCommand,
  DescribeNatGatewaysCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { quotaOptions, quotaRequests, quotaRows, readInUse, type ClassLab } from '../../src/class/quotas.js';
import { QUOTAS } from '../../src/aws/quotas.js';
import type { AwsClients } from '../../src/aws/clients.js';
import type { StateData } from '../../src/engine/state.js';
import { LAST_CHAPTER } from '../../src/lab/core/chapters.js';
import type { LabSettings } from '../../src/lab/core/config.js';

const REGION = 'us-east-1';
const settings = (over: Partial<LabSettings> = {}): LabSettings => ({ name: 'c-x', region: REGION, vpcCidr: '10.0.0.0/16', publicSubnetCidr: '10.0.1.0/24', privateSubnetCidr: '10.0.2.0/24', keyName: 'k', sshCidr: '198.51.100.7/32', instanceType: 't3.micro', nat: 'gateway', ...over }) as LabSettings;
const saved = (resources: Record<string, string>): StateData => ({ version: 1, lab: 'c-x', settings: {}, resources: Object.fromEntries(Object.entries(resources).map(([k, id]) => [k, { id, at: '2026-01-01T00:00:00Z' }])), tokens: {}, createdAt: '', updatedAt: '' });
const refused = (name: string) => new ServiceQuotasServiceException({ name, $fault: 'client', $metadata: {}, message: name });

/** An account with the default VPC, one address, one t3.micro running, one NAT gateway in us-east-1b. */
function account() {
  const ec2 = new EC2Client({ region: REGION, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const serviceQuotas = new ServiceQuotasClient({ region: REGION, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const e = mockClient(ec2);
  e.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-default' }] });
  e.on(DescribeAddressesCommand).resolves({ Addresses: [{ AllocationId: 'eipalloc-1' }] });
  e.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-1', InstanceType: 't3.micro' }] }] });
  e.on(DescribeInstanceTypesCommand).resolves({ InstanceTypes: ['t3.micro', 't3.nano', 't4g.nano'].map((t) => ({ InstanceType: t, VCpuInfo: { DefaultVCpus: 2 } })) } as never);
  e.on(DescribeNatGatewaysCommand).resolves({ NatGateways: [{ NatGatewayId: 'nat-1', SubnetId: 'subnet-b' }] });
  e.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-b', AvailabilityZone: 'us-east-1b' }, { SubnetId: 'subnet-c', AvailabilityZone: 'us-east-1c' }] });
  e.on(DescribeInstanceTypeOfferingsCommand).resolves({ InstanceTypeOfferings: [{ Location: 'us-east-1b' }, { Location: 'us-east-1a' }] });
  e.on(DescribeAccountAttributesCommand).resolves({ AccountAttributes: [{ AttributeName: 'vpc-max-elastic-ips', AttributeValues: [{ AttributeValue: '5' }] }] });
  const sq = mockClient(serviceQuotas);
  // vCPUs applied 32; Elastic IPs never raised (EC2's attribute then); VPCs refused; NAT gateways AWS's default.
  sq.on(GetServiceQuotaCommand, { QuotaCode: QUOTAS.standardVcpus.code }).resolves({ Quota: { Value: 32 } });
  sq.on(GetServiceQuotaCommand, { QuotaCode: QUOTAS.elasticIps.code }).rejects(refused('NoSuchResourceException'));
  sq.on(GetAWSDefaultServiceQuotaCommand, { QuotaCode: QUOTAS.elasticIps.code }).resolves({ Quota: {} });
  sq.on(GetServiceQuotaCommand, { QuotaCode: QUOTAS.vpcs.code }).rejects(refused('AccessDeniedException'));
  sq.on(GetServiceQuotaCommand, { QuotaCode: QUOTAS.natGatewaysPerZone.code }).rejects(refused('NoSuchResourceException'));
  sq.on(GetAWSDefaultServiceQuotaCommand, { QuotaCode: QUOTAS.natGatewaysPerZone.code }).resolves({ Quota: { Value: 5 } });
  return { id: `123456789012/${REGION}`, clients: { ec2, serviceQuotas } as unknown as AwsClients, sq };
}

describe("a class's quotas: what its labs not built yet need, against what is in use and the limits", () => {
  // Four new gateway labs; one built through the web server (its subnets in us-east-1c); one with a NAT instance.
  const labs: ClassLab[] = [
    ...Array.from({ length: 4 }, () => ({ settings: settings() })),
    { settings: settings(), saved: saved({ vpc: 'vpc-9', publicSubnet: 'subnet-c', privateSubnet: 'subnet-d', webInstance: 'i-9', webElasticIp: 'eipalloc-9' }) },
    { settings: settings({ nat: 'instance' }) },
  ];

  it('sums the need per quota, NAT gateways in the zone each lab goes to, with the limit and where it came from', async () => {
    const t = account();
    const rows = quotaRows(await readInUse(t, labs), labs, LAST_CHAPTER);
    const view = rows.map((r) => [r.quota, r.zone, r.need, r.used, r.limit, r.short, r.limitFrom]);
    expect(view).toEqual([
      // 5 new VPCs next to the default one; Service Quotas refused: a new account's 5, said so.
      ['vpcs', undefined, 5, 1, 5, 1, 'refused:AccessDeniedException'],
      // 4 × 2 + the half-built lab's NAT address + 1 (the NAT instance lab's web server).
      ['elasticIps', undefined, 10, 1, 5, 6, 'attribute:vpc-max-elastic-ips'],
      // 4 × 4 + the half-built lab's DB server (2) + the NAT instance lab's 3 × 2.
      ['standardVcpus', undefined, 24, 2, 32, 0, 'applied'],
      // New labs go to the first zone offering t3.micro (sorted: us-east-1a); the half-built one to its subnet's.
      ['natGatewaysPerZone', 'us-east-1a', 4, 0, 5, 0, 'default'],
      ['natGatewaysPerZone', 'us-east-1c', 1, 0, 5, 0, 'default'],
    ]);
    expect(rows.every((r) => r.target === t.id && r.quotaCode === QUOTAS[r.quota].code)).toBe(true);
  });

  it('counts NAT gateways in each lab\'s zone setting (the class spreads them), the built lab in its subnet\'s', async () => {
    const t = account();
    const spread: ClassLab[] = [
      ...['us-east-1a', 'us-east-1b', 'us-east-1a'].map((zone) => ({ settings: settings({ zone }) })),
      { settings: settings({ zone: 'us-east-1a' }), saved: saved({ vpc: 'vpc-9', publicSubnet: 'subnet-c' }) },
    ];
    const rows = quotaRows(await readInUse(t, spread), spread, LAST_CHAPTER).filter((r) => r.quota === 'natGatewaysPerZone');
    // us-east-1b has a NAT gateway in use already.
    expect(rows.map((r) => [r.zone, r.need, r.used])).toEqual([
      ['us-east-1a', 2, 0],
      ['us-east-1b', 1, 1],
      ['us-east-1c', 1, 0],
    ]);
  });

  it('says whether --nat instance or one account per learner would fit', async () => {
    const t = account();
    const use = await readInUse(t, labs);
    const o = quotaOptions([{ use, labs }], LAST_CHAPTER);
    // With NAT instances: the web server's address alone (4 + 1, 1 in use, of 5); VPCs the
    // same; a NAT instance's 2 vCPUs a lab more (30 + 4 for the half-built one, 2 in use, of 32).
    expect(o.natInstance?.map((r) => [r.quota, r.short])).toEqual([
      ['vpcs', 1],
      ['elasticIps', 1],
      ['standardVcpus', 4],
    ]);
    expect(o.perLearner).toEqual([]); // one lab fits a new account's defaults (4 vCPUs of 5)
    expect(quotaOptions([{ use, labs: [{ settings: settings({ nat: 'instance' }) }] }], LAST_CHAPTER).perLearner).toEqual([{ quota: 'standardVcpus', need: 6, newAccount: 5 }]);
  });

  it('--request files only what has no open request, asking for in use + need (the largest zone for NAT gateways)', async () => {
    const t = account();
    t.sq.on(ListRequestedServiceQuotaChangeHistoryByQuotaCommand).resolves({ RequestedQuotas: [{ Id: 'done', Status: 'DENIED', DesiredValue: 9 }] });
    t.sq.on(ListRequestedServiceQuotaChangeHistoryByQuotaCommand, { QuotaCode: QUOTAS.elasticIps.code }).resolves({ RequestedQuotas: [{ Id: 'old', Status: 'APPROVED', DesiredValue: 5 }, { Id: 'r-open', Status: 'CASE_OPENED', DesiredValue: 8 }] });
    t.sq.on(RequestServiceQuotaIncreaseCommand).callsFake((input) => ({ RequestedQuota: { Id: `new-${input.QuotaCode}`, Status: 'PENDING', DesiredValue: input.DesiredValue } }));
    const base = { target: t.id, used: 0, limit: 5, limitFrom: 'applied' as const };
    const rows = [
      { ...base, quota: 'elasticIps' as const, serviceCode: 'ec2', quotaCode: QUOTAS.elasticIps.code, need: 12, used: 1, short: 8 },
      { ...base, quota: 'natGatewaysPerZone' as const, serviceCode: 'vpc', quotaCode: QUOTAS.natGatewaysPerZone.code, zone: 'us-east-1a', need: 7, short: 2 },
      { ...base, quota: 'natGatewaysPerZone' as const, serviceCode: 'vpc', quotaCode: QUOTAS.natGatewaysPerZone.code, zone: 'us-east-1b', need: 9, used: 1, short: 5 },
      { ...base, quota: 'vpcs' as const, serviceCode: 'vpc', quotaCode: QUOTAS.vpcs.code, need: 2, used: 1, short: 0 },
    ];
    const looked = await quotaRequests(t, rows, false);
    expect(t.sq.commandCalls(RequestServiceQuotaIncreaseCommand)).toHaveLength(0);
    expect(looked.map((r) => [r.quotaCode, r.wanted, r.id, r.status])).toEqual([
      [QUOTAS.elasticIps.code, 13, 'r-open', 'CASE_OPENED'],
      [QUOTAS.natGatewaysPerZone.code, 10, undefined, undefined],
    ]);
    const filed = await quotaRequests(t, rows, true);
    expect(t.sq.commandCalls(RequestServiceQuotaIncreaseCommand).map((c) => c.args[0].input)).toEqual([{ ServiceCode: 'vpc', QuotaCode: QUOTAS.natGatewaysPerZone.code, DesiredValue: 10 }]);
    expect(filed.map((r) => [r.quotaCode, r.filed, r.id, r.status, r.desired])).toEqual([
      [QUOTAS.elasticIps.code, false, 'r-open', 'CASE_OPENED', 8],
      [QUOTAS.natGatewaysPerZone.code, true, `new-${QUOTAS.natGatewaysPerZone.code}`, 'PENDING', 10],
    ]);
  });
});
