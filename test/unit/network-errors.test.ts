// A request that never reached AWS (DNS, refused, cut, TLS, the proxy) is one line naming
// the host and what to check — never "AWS said Error: …".
import { describe, expect, it } from 'vitest';
import { ROUTE, translate, type Route } from '../../src/aws/errors.js';
import { ProxyRefusedError } from '../../src/aws/proxy-agents.js';
import { LabError } from '../../src/engine/errors.js';

/** A Node socket error as it reaches translate(): the SDK's retries add $metadata. */
function nodeError(code: string, message: string, extra: Record<string, unknown> = {}, route?: Route): Error {
  return Object.assign(new Error(message), { code, $metadata: { attempts: 6, totalRetryDelay: 1200 }, ...extra }, route ? { [ROUTE]: route } : {});
}

function expectNetworkLine(e: LabError): void {
  expect(e).toBeInstanceOf(LabError);
  expect(e.exitCode).toBe(1);
  expect(e.message).not.toMatch(/AWS said|unexpected error/);
  expect(e.message).not.toContain('\n');
  expect(e.hint).not.toContain('\n');
}

const direct: Route = { target: 'ec2.ap-northeast-1.amazonaws.com:443' };
const proxied: Route = { target: 'ec2.ap-northeast-1.amazonaws.com:443', proxy: 'http://proxy.corp:3128', variable: 'HTTPS_PROXY' };

describe('network failures', () => {
  it('a name that does not resolve names the host, the endpoint flags and the proxy variables', () => {
    const e = translate(nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND ec2.ap-northeast-1.amazonaws.com', { hostname: 'ec2.ap-northeast-1.amazonaws.com' }, direct));
    expectNetworkLine(e);
    expect(e.message).toBe('could not reach ec2.ap-northeast-1.amazonaws.com:443: the name does not resolve (ENOTFOUND)');
    expect(e.hint).toMatch(/--endpoint-url/);
    expect(e.hint).toMatch(/HTTPS_PROXY, HTTP_PROXY and NO_PROXY/);
    expect(e.cause).toBeInstanceOf(Error);
  });

  it('without a route (an error no agent of ours labelled) the host comes from the error itself', () => {
    expect(translate(nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND sts.amazonaws.com', { hostname: 'sts.amazonaws.com' })).message).toMatch(/^could not reach sts\.amazonaws\.com: /);
    expect(translate(nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5000', { address: '127.0.0.1', port: 5000 })).message).toBe('could not reach 127.0.0.1:5000: the connection was refused (ECONNREFUSED)');
  });

  it.each([
    ['ECONNREFUSED', /the connection was refused/],
    ['EAI_AGAIN', /the name does not resolve/],
    ['ETIMEDOUT', /no answer/],
    ['ENETUNREACH', /no answer/],
    ['ECONNRESET', /the connection was cut/],
  ])('%s through a proxy names the proxy, its variable and the host', (code, reason) => {
    const e = translate(nodeError(code, `connect ${code} 10.0.0.8:3128`, {}, proxied));
    expectNetworkLine(e);
    expect(e.message).toMatch(/^could not reach the proxy http:\/\/proxy\.corp:3128 \(HTTPS_PROXY\) on the way to ec2\.ap-northeast-1\.amazonaws\.com:443: /);
    expect(e.message).toMatch(reason);
    expect(e.hint).toMatch(/check HTTPS_PROXY.*NO_PROXY/);
  });

  it('the SDK\'s connection timeout (TimeoutError) is "no answer"', () => {
    const e = translate(Object.assign(new Error('Socket timed out without establishing a connection within 1000 ms'), { name: 'TimeoutError', $metadata: {}, [ROUTE]: direct }));
    expectNetworkLine(e);
    expect(e.message).toMatch(/could not reach ec2\.ap-northeast-1\.amazonaws\.com:443: no answer/);
  });

  it.each(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'EPROTO'])('TLS (%s) names the host and AWS_CA_BUNDLE', (code) => {
    const e = translate(nodeError(code, 'unable to verify the first certificate', {}, proxied));
    expectNetworkLine(e);
    expect(e.message).toBe('no trusted TLS connection to ec2.ap-northeast-1.amazonaws.com:443 (through the proxy http://proxy.corp:3128): unable to verify the first certificate');
    expect(e.hint).toMatch(/AWS_CA_BUNDLE/);
  });

  it('a proxy that refuses CONNECT names its answer; 407 says how to give it a login', () => {
    const refused = translate(Object.assign(new ProxyRefusedError('http://proxy.corp:3128', 'ec2.ap-northeast-1.amazonaws.com:443', 403, 'Forbidden'), { [ROUTE]: proxied }));
    expectNetworkLine(refused);
    expect(refused.message).toBe('the proxy http://proxy.corp:3128 would not connect to ec2.ap-northeast-1.amazonaws.com:443: it answered 403 Forbidden');
    expect(refused.hint).toMatch(/NO_PROXY/);
    const login = translate(Object.assign(new ProxyRefusedError('http://proxy.corp:3128', 'ec2.ap-northeast-1.amazonaws.com:443', 407, 'Proxy Authentication Required'), { [ROUTE]: proxied }));
    expect(login.message).toMatch(/it answered 407 Proxy Authentication Required$/);
    expect(login.hint).toMatch(/HTTPS_PROXY \(http:\/\/USER:PASSWORD@proxy:port\)/);
  });

  it('AWS\'s own errors and other failures are not taken for network ones', () => {
    const aws = Object.assign(new Error('The vpc ID does not exist'), { name: 'InvalidVpcID.NotFound', $fault: 'client', $metadata: { httpStatusCode: 400 } });
    expect(translate(aws).message).toMatch(/^AWS said InvalidVpcID\.NotFound/);
    expect(translate(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })).message).toMatch(/^unexpected error/);
  });
});
