import { generateKeyPairSync } from 'node:crypto';
import type http from 'node:http';

/**
 * EC2's GetConsoleOutput as a first boot of Amazon Linux 2023 answers it: cloud-init's
 * block of the instance's SSH host keys. moto answers with a fixed log and no keys; a test
 * sets `consoleHostKeys` (the public keys of the sshd it started) to pin them.
 */
declare module './proxy.js' {
  interface Faults {
    /** Host public keys ("ssh-ed25519 AAAA...") every instance's console shows. */
    consoleHostKeys?: string[];
  }
}

/** A fresh "ssh-ed25519 AAAA..." public key (SSH wire format: the type, then the 32-byte key), for a console to print. */
export function newHostKey(): string {
  const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const field = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return `ssh-ed25519 ${Buffer.concat([field(Buffer.from('ssh-ed25519')), field(raw)]).toString('base64')}`;
}

/** The console text cloud-init writes at the first boot, with these keys. */
export function consoleText(keys: string[]): string {
  return [
    '[   10.000000] cloud-init[1000]: Cloud-init v. 22.2.2 running',
    '-----BEGIN SSH HOST KEY FINGERPRINTS-----',
    '256 SHA256:stand-in root@ip-10-0-1-10 (ED25519)',
    '-----END SSH HOST KEY FINGERPRINTS-----',
    '-----BEGIN SSH HOST KEY KEYS-----',
    ...keys.map((k) => `${k} root@ip-10-0-1-10.ec2.internal`),
    '-----END SSH HOST KEY KEYS-----',
    '[   12.000000] cloud-init[1000]: Cloud-init v. 22.2.2 finished',
  ].join('\n');
}

/** A proxy stage: GetConsoleOutput answered with the keys when the test set some (else moto's). */
export function answerConsoleOutput(s: { proxy: { faults: { consoleHostKeys?: string[] } } }, c: { action: string; params: URLSearchParams; res: http.ServerResponse }): boolean {
  const keys = s.proxy.faults.consoleHostKeys;
  if (c.action !== 'GetConsoleOutput' || !keys) return false;
  const output = Buffer.from(consoleText(keys)).toString('base64');
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<GetConsoleOutputResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>proxy-console</requestId><instanceId>${c.params.get('InstanceId') ?? ''}</instanceId><timestamp>${new Date().toISOString()}</timestamp><output>${output}</output></GetConsoleOutputResponse>`;
  c.res.writeHead(200, { 'content-type': 'text/xml' }).end(body);
  return true;
}
