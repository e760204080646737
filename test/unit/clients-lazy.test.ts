/**
 * Issue 24, item 9: the clients besides EC2 are made at their first use, not at start-up
 * (each resolves its whole configuration; `status` never calls SSM, STS or Service Quotas);
 * once made, each is the SDK's own.
 */
import { describe, expect, it, vi } from 'vitest';

describe('clients made when used', () => {
  it('SSM, Scheduler, IAM, STS and Service Quotas: none made until a property is read, then one, once', async () => {
    const made: string[] = [];
    vi.resetModules();
    for (const [mod, name] of [
      ['@aws-sdk/client-ssm', 'SSMClient'],
      ['@aws-sdk/client-sts', 'STSClient'],
    ] as const) {
      vi.doMock(mod, async (original) => {
        const real = (await original()) as Record<string, new (c: unknown) => object>;
        const Made = class extends real[name] {
          constructor(config: unknown) {
            super(config);
            made.push(name);
          }
        };
        return { ...real, [name]: Made };
      });
    }
    const { createClients } = await import('../../src/aws/clients.js');
    const clients = await createClients({ region: 'eu-west-1', endpointUrl: 'http://127.0.0.1:9' });
    expect(made).toEqual([]);
    // Its configuration is the one given, and its send is its own (bound to it).
    expect(await clients.ssm.config.region()).toBe('eu-west-1');
    expect(made).toEqual(['SSMClient']);
    expect(typeof clients.ssm.send).toBe('function');
    expect(made).toEqual(['SSMClient']);
    expect(clients.sts.middlewareStack.identify().length).toBeGreaterThan(0);
    expect(made).toEqual(['SSMClient', 'STSClient']);
    vi.doUnmock('@aws-sdk/client-ssm');
    vi.doUnmock('@aws-sdk/client-sts');
  });
});
