/**
 * Issue 24, item 9: a run without a proxy variable does not load the proxy agents
 * (http-proxy-agent, https-proxy-agent, agent-base, debug): aws/proxy-agents.ts is imported
 * only when HTTPS_PROXY or HTTP_PROXY names one, and then its agents carry the requests.
 */
import http from 'node:http';
import https from 'node:https';
import { describe, expect, it, vi } from 'vitest';

describe('the proxy agents, loaded only for a proxy', () => {
  it('no proxy variable: never imported, every request direct; a proxy: imported once, and used', async () => {
    let loaded = 0;
    vi.resetModules();
    vi.doMock('../../src/aws/proxy-agents.js', async (original) => {
      loaded++;
      return original();
    });
    const { networkAgents } = await import('../../src/aws/network.js');
    const direct = await networkAgents({ NO_PROXY: 'example.com', AWS_CA_BUNDLE: '' });
    expect(loaded).toBe(0);
    expect(direct.httpsAgent).toBeInstanceOf(http.Agent);

    const proxied = await networkAgents({ HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: 'direct.test' });
    await networkAgents({ HTTP_PROXY: 'http://127.0.0.1:9' });
    expect(loaded).toBe(1);
    // A request through it goes to the proxy (port 9 on loopback refuses), and its error says so.
    const { ROUTE } = await import('../../src/aws/errors.js');
    const req = https.request({ host: 'ec2.us-east-1.amazonaws.com', port: 443, agent: proxied.httpsAgent });
    const failed = new Promise<Error>((resolve) => req.once('error', resolve));
    req.end();
    expect((await failed) as Error & { [ROUTE]?: unknown }).toMatchObject({ [ROUTE]: { target: 'ec2.us-east-1.amazonaws.com:443', proxy: 'http://127.0.0.1:9', variable: 'HTTPS_PROXY' } });
    vi.doUnmock('../../src/aws/proxy-agents.js');
  });
});
