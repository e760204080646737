/** Service Quotas: the account's applied values for the quotas the fake knows, AWS's defaults, refused or absent service. */
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { QUOTAS, type QuotaKey } from '../../../src/aws/quotas.js';
import type { FakeOptions } from './api.js';
import { quotasError } from './errors.js';
import type { Store } from './store.js';
import type { Serve } from './create.js';

export function mockQuotas(store: Store, opts: FakeOptions, serve: Serve): AwsClientStub<ServiceQuotasClient> {
  // Service Quotas: the account's applied values for the quotas the fake knows; AWS's
  // default for the others (GetServiceQuota answers NoSuchResourceException there).
  const applied: Partial<Record<QuotaKey, number>> = { standardVcpus: store.cfg.vcpuLimit, elasticIps: opts.elasticIpLimit ?? 5, vpcs: opts.vpcLimit ?? 5 };
  const quotaKey = (i: any) => (Object.keys(QUOTAS) as QuotaKey[]).find((k) => QUOTAS[k].service === i.ServiceCode && QUOTAS[k].code === i.QuotaCode);
  const quota = (i: any, value: number | undefined) => {
    if (opts.serviceQuotas === 'refused') throw quotasError('AccessDeniedException', 'You do not have sufficient access to perform this action.');
    if (opts.serviceQuotas === 'absent' || value === undefined) throw quotasError('NoSuchResourceException', 'The request failed because the specified resource does not exist.');
    return { Quota: { ServiceCode: i.ServiceCode, QuotaCode: i.QuotaCode, Value: value, Unit: 'None', Adjustable: true, GlobalQuota: false } };
  };
  const quotasMock = mockClient(ServiceQuotasClient);
  quotasMock.send.callsFake(async (cmd: any) => {
    throw quotasError('UnsupportedOperation', `fake Service Quotas does not implement ${cmd?.constructor?.name ?? 'this command'}`);
  });
  quotasMock.on(GetServiceQuotaCommand).callsFake((input: any) => serve('GetServiceQuota', input, (i) => {
    const key = quotaKey(i);
    return quota(i, key && applied[key]);
  }));
  quotasMock.on(GetAWSDefaultServiceQuotaCommand).callsFake((input: any) => serve('GetAWSDefaultServiceQuota', input, (i) => {
    const key = quotaKey(i);
    return quota(i, key && QUOTAS[key].default);
  }));
  return quotasMock;
}
