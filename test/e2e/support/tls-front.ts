import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { tempDir } from './cli.js';

/** A test CA made now (never a real one), and a server certificate it signed for `names`. */
export interface TestCerts {
  /** The CA's certificate as a PEM file: what AWS_CA_BUNDLE points at. */
  caFile: string;
  key: string;
  cert: string;
}

export function makeTestCerts(names: string[]): TestCerts {
  const dir = tempDir('lab-certs-');
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=aws-lab-setup test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', `/CN=${names[0]}`);
  writeFileSync(file('server.ext'), `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}\nextendedKeyUsage=serverAuth\n`);
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', file('server.ext'), '-out', file('server.pem'));
  return { caFile: file('ca.pem'), key: readFileSync(file('server.key'), 'utf8'), cert: readFileSync(file('server.pem'), 'utf8') };
}

/** A loopback https server in front of an http one (moto): what AWS's endpoints look like. */
export interface TlsFront {
  port: number;
  /** The services whose calls came through, from each request's signature ("ec2", "sts"…). */
  services: Set<string>;
  close(): Promise<void>;
}

export async function startTlsFront(certs: TestCerts, backend: string): Promise<TlsFront> {
  const to = new URL(backend);
  const sockets = new Set<Duplex>();
  const services = new Set<string>();
  const server = https.createServer({ key: certs.key, cert: certs.cert }, (req, res) => {
    const scope = /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '');
    if (scope) services.add(scope[1]);
    const upstream = http.request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // A client that refuses the certificate drops the handshake: nothing to answer.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    services,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
