/**
 * The test proxy's quotas (support/quotas.ts), which the preflight tests rely on: Service
 * Quotas answers the `ec2` codes moto lacks, and EC2's limits are enforced as AWS does
 * (moto enforces none). If the proxy stopped refusing, a test of a short quota would pass
 * whether or not the CLI checked first.
 */
import { AllocateAddressCommand, CreateVpcCommand, DescribeVpcsCommand, RunInstancesCommand, StartInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { afterEach, describe, expect, it } from 'vitest';
import { QUOTAS } from '../../src/aws/quotas.js';
import { ec2At } from './support/aws.js';
import { useMoto } from './support/moto.js';
import { startProxy, type Proxy } from './support/proxy.js';
import { codeOf } from '../support/code-of.js';


const run = (url: string, InstanceType: 't3.micro' | 't2.micro' = 't3.micro') =>
  ec2At(url).send(new RunInstancesCommand({ ImageId: 'ami-12345678', InstanceType, MinCount: 1, MaxCount: 1 }));

describe('the test proxy plays the account\'s quotas (against moto)', () => {
  const moto = useMoto();
  let proxy: Proxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('answers GetServiceQuota for the codes it is given; the others go to moto; AWS\'s defaults from the table', async () => {
    proxy = await startProxy(moto.url, { quotas: { standardVcpus: 7 } });
    const sq = new ServiceQuotasClient({ endpoint: proxy.url, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const ask = (key: keyof typeof QUOTAS) => ({ ServiceCode: QUOTAS[key].service, QuotaCode: QUOTAS[key].code });
    expect((await sq.send(new GetServiceQuotaCommand(ask('standardVcpus')))).Quota?.Value).toBe(7);
    // Set on the account in front of moto (useMoto), and by moto itself for a `vpc` code.
    expect((await sq.send(new GetServiceQuotaCommand(ask('elasticIps')))).Quota?.Value).toBe(1000);
    expect((await sq.send(new GetServiceQuotaCommand(ask('internetGateways')))).Quota?.Value).toBe(5);
    expect((await sq.send(new GetAWSDefaultServiceQuotaCommand(ask('standardVcpus')))).Quota?.Value).toBe(QUOTAS.standardVcpus.default);
    proxy.faults.deny = ['servicequotas:GetServiceQuota'];
    expect(await codeOf(sq.send(new GetServiceQuotaCommand(ask('standardVcpus'))))).toBe('AccessDeniedException');
  });

  it('refuses CreateVpc, AllocateAddress, RunInstances and StartInstances past the quota, as EC2 does', async () => {
    const vpcs = (await ec2At(moto.url).send(new DescribeVpcsCommand({}))).Vpcs!.length;
    proxy = await startProxy(moto.url, { quotas: { vpcs: vpcs + 1, elasticIps: 1, standardVcpus: 4 } });
    const ec2 = ec2At(proxy.url);
    await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    expect(await codeOf(ec2.send(new CreateVpcCommand({ CidrBlock: '10.8.0.0/16' })))).toBe('VpcLimitExceeded');
    await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    expect(await codeOf(ec2.send(new AllocateAddressCommand({ Domain: 'vpc' })))).toBe('AddressLimitExceeded');

    const first = (await run(proxy.url)).Instances![0].InstanceId!; // 2 of 4
    await run(proxy.url); // 4 of 4
    expect(await codeOf(run(proxy.url, 't2.micro'))).toBe('VcpuLimitExceeded');
    await ec2.send(new StopInstancesCommand({ InstanceIds: [first] })); // 2 of 4
    await run(proxy.url); // 4 of 4
    expect(await codeOf(ec2.send(new StartInstancesCommand({ InstanceIds: [first] })))).toBe('VcpuLimitExceeded');
    expect(proxy.actions.filter((a) => a === 'RunInstances')).toHaveLength(4);
  });
});
