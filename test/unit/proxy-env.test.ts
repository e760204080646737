// The proxy variables as the AWS CLI reads them (Python's urllib: getproxies_environment,
// proxy_bypass_environment), and AWS_CA_BUNDLE added to Node's CAs.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { bypassesProxy, maskProxy, networkAgents, proxyFor, trustedCAs } from '../../src/aws/network.js';
import { UsageError } from '../../src/engine/errors.js';

const https = (host: string, port = 443) => ({ protocol: 'https:' as const, host, port });
const http = (host: string, port = 80) => ({ protocol: 'http:' as const, host, port });

describe('NO_PROXY', () => {
  const cases: [host: string, port: number, noProxy: string | undefined, direct: boolean][] = [
    ['ec2.us-east-1.amazonaws.com', 443, undefined, false],
    ['ec2.us-east-1.amazonaws.com', 443, '', false],
    ['ec2.us-east-1.amazonaws.com', 443, '*', true],
    // A domain, with or without the leading dot (or curl's *.), means it and every name under it.
    ['ec2.us-east-1.amazonaws.com', 443, 'amazonaws.com', true],
    ['ec2.us-east-1.amazonaws.com', 443, '.amazonaws.com', true],
    ['ec2.us-east-1.amazonaws.com', 443, '*.amazonaws.com', true],
    ['amazonaws.com', 443, '.amazonaws.com', true],
    // ...but not a name that merely ends in the same letters.
    ['notamazonaws.com', 443, 'amazonaws.com', false],
    ['ec2.us-east-1.amazonaws.com', 443, 'example.com', false],
    // Lists: commas and spaces, any case.
    ['sts.amazonaws.com', 443, 'example.com, STS.AmazonAWS.com', true],
    ['sts.amazonaws.com', 443, 'example.com sts.amazonaws.com', true],
    ['ec2.lab.test', 443, 'example.com,,lab.test', true],
    // host:port only on that port.
    ['127.0.0.1', 5000, '127.0.0.1:5000', true],
    ['127.0.0.1', 5001, '127.0.0.1:5000', false],
    ['127.0.0.1', 5001, '127.0.0.1', true],
    ['[::1]', 8443, '::1', true],
    ['::1', 8443, '[::1]:8443', true],
    ['ec2.lab.test', 443, 'lab.test:443', true],
    ['ec2.lab.test', 8443, 'lab.test:443', false],
  ];
  it.each(cases)('%s:%i with NO_PROXY=%j goes direct: %s', (host, port, noProxy, direct) => {
    expect(bypassesProxy(host, port, noProxy)).toBe(direct);
  });
});

describe('which proxy a request takes', () => {
  it('https URLs take HTTPS_PROXY, http URLs HTTP_PROXY, in either case', () => {
    const env = { HTTPS_PROXY: 'http://secure.proxy:3128', http_proxy: 'http://plain.proxy:8080' };
    expect(proxyFor(https('ec2.us-east-1.amazonaws.com'), env)?.href).toBe('http://secure.proxy:3128/');
    expect(proxyFor(http('127.0.0.1', 5000), env)?.href).toBe('http://plain.proxy:8080/');
    expect(proxyFor(https('ec2.us-east-1.amazonaws.com'), { https_proxy: 'http://lower:1' })?.href).toBe('http://lower:1/');
    // No HTTPS_PROXY: https goes direct even though HTTP_PROXY is set (the AWS CLI has no fallback).
    expect(proxyFor(https('sts.amazonaws.com'), { HTTP_PROXY: 'http://plain.proxy:8080' })).toBeUndefined();
    expect(proxyFor(https('sts.amazonaws.com'), {})).toBeUndefined();
  });

  it('the lower-case name wins, even set empty', () => {
    expect(proxyFor(https('a.test'), { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' })?.host).toBe('lower:1');
    expect(proxyFor(https('a.test'), { https_proxy: '', HTTPS_PROXY: 'http://upper:2' })).toBeUndefined();
    expect(proxyFor(https('a.test'), { HTTPS_PROXY: 'http://p:1', no_proxy: '', NO_PROXY: '*' })?.host).toBe('p:1');
  });

  it('NO_PROXY (either case) sends a host direct', () => {
    expect(proxyFor(https('ec2.lab.test'), { HTTPS_PROXY: 'http://p:1', NO_PROXY: '.lab.test' })).toBeUndefined();
    expect(proxyFor(https('ec2.lab.test'), { HTTPS_PROXY: 'http://p:1', no_proxy: 'lab.test' })).toBeUndefined();
    expect(proxyFor(https('ec2.other.test'), { HTTPS_PROXY: 'http://p:1', no_proxy: 'lab.test' })?.host).toBe('p:1');
  });

  it('a proxy without a scheme is http://; an https:// proxy is kept', () => {
    expect(proxyFor(https('a.test'), { HTTPS_PROXY: 'proxy.corp:3128' })?.href).toBe('http://proxy.corp:3128/');
    expect(proxyFor(https('a.test'), { HTTPS_PROXY: 'https://proxy.corp:3129' })?.href).toBe('https://proxy.corp:3129/');
  });

  it('a value that is not an http(s) proxy URL is bad input naming the variable, its password hidden', async () => {
    const bad = () => proxyFor(https('a.test'), { HTTPS_PROXY: 'http://me:s3cret@[bad' });
    expect(bad).toThrow(UsageError);
    expect(bad).toThrow(/HTTPS_PROXY "http:\/\/\*\*\*@\[bad" is not a proxy URL/);
    expect(bad).not.toThrow(/s3cret/);
    expect(() => proxyFor(http('a.test'), { HTTP_PROXY: 'socks5://p:1080' })).toThrow(/HTTP_PROXY names a socks5 proxy/);
    // Checked when the clients are made, before any request.
    await expect(networkAgents({ HTTPS_PROXY: 'http://[bad' })).rejects.toThrow(UsageError);
    await expect(networkAgents({ HTTP_PROXY: 'http://[bad', NO_PROXY: '*' })).rejects.toThrow(/HTTP_PROXY/);
  });

  it('a proxy URL in a message keeps the user but hides the password', () => {
    expect(maskProxy(new URL('http://me:s3cret@proxy.corp:3128'))).toBe('http://me:***@proxy.corp:3128');
    expect(maskProxy(new URL('http://proxy.corp:3128'))).toBe('http://proxy.corp:3128');
  });
});

describe('AWS_CA_BUNDLE', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-ca-'));
  const pem = `-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n`;

  it('unset: Node\'s defaults as they are', () => {
    expect(trustedCAs({})).toBeUndefined();
  });

  it('adds the bundle to Node\'s CAs (and keeps NODE_EXTRA_CA_CERTS), rather than replacing them', () => {
    const bundle = path.join(dir, 'proxy-ca.pem');
    const extra = path.join(dir, 'extra.pem');
    writeFileSync(bundle, pem);
    writeFileSync(extra, pem.replace('MIIB', 'MIIC'));
    const cas = trustedCAs({ AWS_CA_BUNDLE: bundle, NODE_EXTRA_CA_CERTS: extra })!;
    expect(cas.slice(0, tls.rootCertificates.length)).toEqual([...tls.rootCertificates]);
    expect(cas.slice(tls.rootCertificates.length)).toEqual([pem.replace('MIIB', 'MIIC'), pem]);
  });

  it('a file that cannot be read, or holds no certificate, is bad input naming it', () => {
    expect(() => trustedCAs({ AWS_CA_BUNDLE: path.join(dir, 'missing.pem') })).toThrow(/AWS_CA_BUNDLE names .*missing\.pem, which cannot be read \(ENOENT\)/);
    const notPem = path.join(dir, 'key.txt');
    writeFileSync(notPem, 'hello');
    expect(() => trustedCAs({ AWS_CA_BUNDLE: notPem })).toThrow(UsageError);
    expect(() => trustedCAs({ AWS_CA_BUNDLE: notPem })).toThrow(/holds no PEM certificate/);
  });
});
