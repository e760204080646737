import { afterAll, beforeAll } from 'vitest';
import { startMoto, type Moto } from './moto-server.js';
import { startProxy, type Proxy } from './proxy.js';

export { freePort, startMoto, type Moto } from './moto-server.js';

/**
 * The account the e2e tests build in: quotas raised (each file builds many labs on one
 * moto_server, past AWS's default 5 Elastic IPs, 5 VPCs and a new account's 5 vCPUs), and EC2's DryRun answered
 * as AWS does (moto's CreateVpc ignores DryRun and makes a VPC). Tests of the quotas
 * themselves set low ones on a proxy of their own.
 */
export const TEST_ACCOUNT_QUOTAS = { elasticIps: 1000, vpcs: 1000, standardVcpus: 1000 };

/** One moto_server for the enclosing describe block: started before its tests, stopped after. */
export function useMoto(): Pick<Moto, 'url' | 'reset'> {
  let moto: Moto | undefined;
  let front: Proxy | undefined;
  beforeAll(async () => {
    const server = await startMoto();
    front = await startProxy(server.url, { quotas: TEST_ACCOUNT_QUOTAS });
    moto = { ...server, url: front.url };
  });
  afterAll(async () => {
    await front?.close();
    await moto?.stop();
  });
  const started = () => {
    if (!moto) throw new Error('moto_server is not running (useMoto must be called inside a describe block)');
    return moto;
  };
  return {
    get url() {
      return started().url;
    },
    reset: () => started().reset(),
  };
}
