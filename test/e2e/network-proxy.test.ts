// Proxies as the AWS CLI has them (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, AWS_CA_BUNDLE), and
// what a request that never reaches AWS says. Loopback only: the endpoint's name
// (ec2.lab.test) resolves nowhere, the proxy alone maps it to a local port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2At, labWorld } from './support/aws.js';
import { labEnv, runCli, tempDir } from './support/cli.js';
import { startForwardProxy, type ForwardProxy } from './support/forward-proxy.js';
import { freePort, useMoto } from './support/moto.js';
import { makeTestCerts, startTlsFront, type TestCerts, type TlsFront } from './support/tls-front.js';

const SSH = '198.51.100.7/32';
const STACK_LINE = /\n\s+at /;

/** A CLI failure as the person sees it: one ✖ line, one next: line, no stack trace. */
function expectOneLineFailure(res: { code: number | null; stderr: string }, message: RegExp, hint: RegExp): void {
  expect(res.code, res.stderr).toBe(1);
  const lines = res.stderr.trim().split('\n');
  expect(lines.filter((l) => l.startsWith('✖')), res.stderr).toHaveLength(1);
  expect(lines.find((l) => l.startsWith('✖'))).toMatch(message);
  expect(lines.find((l) => l.trim().startsWith('next:'))).toMatch(hint);
  expect(res.stderr).not.toMatch(/AWS said/);
  expect(res.stderr).not.toMatch(STACK_LINE);
}

describe('proxies and network failures', () => {
  const moto = useMoto();
  let certs: TestCerts;
  let front: TlsFront;
  const proxies: ForwardProxy[] = [];
  const proxy = async (hosts: Record<string, number>) => {
    const p = await startForwardProxy(hosts);
    proxies.push(p);
    return p;
  };
  const motoPort = () => Number(new URL(moto.url).port);

  beforeAll(async () => {
    certs = makeTestCerts(['ec2.lab.test']);
    front = await startTlsFront(certs, moto.url);
  });
  afterAll(async () => {
    await Promise.all(proxies.map((p) => p.close()));
    await front?.close();
  });

  it('HTTPS_PROXY: every call is a CONNECT through the proxy, over TLS trusted through AWS_CA_BUNDLE', { timeout: 180_000 }, async () => {
    const hostPort = `ec2.lab.test:${front.port}`;
    const via = await proxy({ [hostPort]: front.port });
    const endpoint = ['--endpoint-url', `https://${hostPort}`];
    const env = labEnv({ HTTPS_PROXY: via.url, AWS_CA_BUNDLE: certs.caFile });
    const cwd = tempDir();

    const up = await runCli(['up', '--yes', '--name', 'viaconnect', ...endpoint, '--ssh-cidr', SSH], { cwd, env, timeoutMs: 150_000 });
    expect(up.code, up.stderr).toBe(0);
    const built = await labWorld(ec2At(moto.url), 'viaconnect');
    expect(built.vpcs).toHaveLength(1);
    expect(built.instances).toHaveLength(2);
    // Every client took the proxy: EC2, SSM (the image), STS, IAM and Scheduler (the expiry).
    expect([...front.services].sort()).toEqual(['ec2', 'iam', 'scheduler', 'ssm', 'sts']);
    expect(via.requests.length).toBeGreaterThan(0);
    expect(new Set(via.requests)).toEqual(new Set([`CONNECT ${hostPort}`]));

    const destroy = await runCli(['destroy', '--yes', '--name', 'viaconnect', ...endpoint], { cwd, env, timeoutMs: 150_000 });
    expect(destroy.code, destroy.stderr).toBe(0);
    const gone = await labWorld(ec2At(moto.url), 'viaconnect');
    expect(Object.values(gone).every((items) => items.length === 0)).toBe(true);

    // Without the proxy's CA the TLS front is not trusted: one line that names the host and AWS_CA_BUNDLE.
    const untrusted = await runCli(['plan', '--name', 'untrusted', ...endpoint, '--ssh-cidr', SSH], { cwd: tempDir(), env: labEnv({ HTTPS_PROXY: via.url }) });
    expectOneLineFailure(untrusted, new RegExp(`no trusted TLS connection to ${hostPort} \\(through the proxy ${via.url}\\)`), /AWS_CA_BUNDLE/);
  });

  it('http_proxy (lower case): a plain-http endpoint is asked through the proxy by absolute URI', { timeout: 120_000 }, async () => {
    const hostPort = `ec2.lab.test:${motoPort()}`;
    const via = await proxy({ [hostPort]: motoPort() });
    const env = labEnv({ http_proxy: via.url });
    const up = await runCli(['up', '--yes', '--name', 'viahttp', '--endpoint-url', `http://${hostPort}`, '--ssh-cidr', SSH], { cwd: tempDir(), env, timeoutMs: 110_000 });
    expect(up.code, up.stderr).toBe(0);
    expect((await labWorld(ec2At(moto.url), 'viahttp')).vpcs).toHaveLength(1);
    expect(via.requests.length).toBeGreaterThan(0);
    for (const r of via.requests) expect(r).toMatch(new RegExp(`^(GET|POST|PUT|DELETE|PATCH) http://${hostPort}/`));
  });

  it('a proxy that cannot reach the host: one line naming the proxy, the host and its answer', async () => {
    const via = await proxy({});
    const res = await runCli(['plan', '--name', 'nowhere', '--endpoint-url', 'https://nowhere.lab.test', '--ssh-cidr', SSH], { cwd: tempDir(), env: labEnv({ HTTPS_PROXY: via.url }) });
    expectOneLineFailure(res, new RegExp(`the proxy ${via.url} would not connect to nowhere\\.lab\\.test:443: it answered 502 Bad Gateway`), /NO_PROXY|--endpoint-url/);
    expect(via.requests[0]).toBe('CONNECT nowhere.lab.test:443');
  });

  it('NO_PROXY sends loopback direct past a dead proxy; without it the dead proxy is named', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const plan = (extra: Record<string, string>) =>
      runCli(['plan', '--name', 'direct', '--endpoint-url', moto.url, '--ssh-cidr', SSH], { cwd: tempDir(), env: labEnv({ HTTP_PROXY: dead, HTTPS_PROXY: dead, ...extra }) });
    for (const noProxy of <Record<string, string>[]>[{ NO_PROXY: 'proxy.example.com, 127.0.0.1' }, { no_proxy: `127.0.0.1:${motoPort()}` }, { NO_PROXY: '*' }]) {
      const res = await plan(noProxy);
      expect(res.code, `${JSON.stringify(noProxy)}: ${res.stderr}`).toBe(0);
      expect(res.stderr).toMatch(/Plan: \d+ to create/);
    }
    // Another port of the same host is not exempt: the request goes to the (dead) proxy.
    const otherPort = await plan({ NO_PROXY: '127.0.0.1:1' });
    expectOneLineFailure(otherPort, new RegExp(`could not reach the proxy ${dead} \\(HTTP_PROXY\\) on the way to 127\\.0\\.0\\.1:${motoPort()}: the connection was refused`), /HTTP_PROXY.*NO_PROXY/);
  });

  it('an unreachable endpoint: one line naming the host and what to check, exit 1, no stack trace', async () => {
    const closed = await freePort();
    const res = await runCli(['plan', '--name', 'unreachable', '--endpoint-url', `http://127.0.0.1:${closed}`, '--ssh-cidr', SSH], { cwd: tempDir() });
    expectOneLineFailure(res, new RegExp(`could not reach 127\\.0\\.0\\.1:${closed}: the connection was refused \\(ECONNREFUSED\\)`), /--endpoint-url.*HTTPS_PROXY/);
  });

  it('a proxy variable that is not a URL is bad input: exit 2, nothing sent', async () => {
    const res = await runCli(['plan', '--name', 'badproxy', '--endpoint-url', moto.url, '--ssh-cidr', SSH], { cwd: tempDir(), env: labEnv({ HTTPS_PROXY: 'http://[nope' }) });
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(/HTTPS_PROXY "http:\/\/\[nope" is not a proxy URL/);
    expect(res.stderr).not.toMatch(STACK_LINE);
  });
});
