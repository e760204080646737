import { GetConsoleOutputCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { Sender } from './retry.js';

/**
 * An instance's SSH host keys as its first boot printed them to the serial console: Amazon
 * Linux 2023's cloud-init writes the public keys between these lines (read with no network
 * path to the server, so the private DB server's too). Later boots may not print them
 * again: whoever reads them keeps them.
 */
const BEGIN = '-----BEGIN SSH HOST KEY KEYS-----';
const END = '-----END SSH HOST KEY KEYS-----';
const KEY_LINE = /(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)) (AAAA[A-Za-z0-9+/]+={0,3})(?:\s|$)/;

/** "type base64" for each key in the console's block; none when the block is not (yet) there. */
export function hostKeysIn(consoleText: string): string[] {
  const start = consoleText.lastIndexOf(BEGIN);
  const end = consoleText.indexOf(END, start);
  if (start < 0 || end < 0) return [];
  const keys: string[] = [];
  for (const line of consoleText.slice(start + BEGIN.length, end).split(/\r?\n/)) {
    const m = KEY_LINE.exec(line);
    if (m) keys.push(`${m[1]} ${m[2]}`);
  }
  return keys;
}

/** The instance's host keys from its latest console output (EC2 sends it base64-encoded). */
export async function consoleHostKeys(ec2: Sender<EC2Client>, instanceId: string): Promise<string[]> {
  const out = await ec2.send(new GetConsoleOutputCommand({ InstanceId: instanceId, Latest: true }));
  return out.Output ? hostKeysIn(Buffer.from(out.Output, 'base64').toString('utf8')) : [];
}
