/**
 * Saved state is input: every saved setting gets its flag's check (exit 2 naming the file
 * or S3 object and the field); a key name cannot lead out of the key folder; the console's
 * host keys are read as cloud-init prints them; on Windows a key gets an ACL of its owner
 * alone and the hop names ssh.exe by its full path.
 */
import { GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleHostKeys, hostKeysIn } from '../../src/aws/console-output.js';
import { UsageError } from '../../src/engine/errors.js';
import { keyFilePath } from '../../src/engine/store/folder.js';
import { restrictToOwner } from '../../src/cli/key-acl.js';
import { hopProgram, sshTarget } from '../../src/cli/ssh-files.js';
import { validateSavedState } from '../../src/lab/core/config.js';
import '../support/speak-english.js';

const GOOD = {
  name: 'lab1',
  region: 'us-east-1',
  vpcCidr: '10.0.0.0/16',
  publicSubnetCidr: '10.0.1.0/24',
  privateSubnetCidr: '10.0.2.0/24',
  keyName: 'aws-lab-lab1',
  sshCidr: '198.51.100.7/32',
  instanceType: 't3.micro',
  nat: 'gateway',
  expiresIn: '8h',
  expiresAt: '2026-12-07T06:00:00.000Z',
  extraTags: { class: 'week1' },
};
const WHERE = 's3://labs/class-a/lab1.json';

function refusal(settings: Record<string, unknown>, region = 'us-east-1'): UsageError | undefined {
  try {
    validateSavedState({ region, settings }, WHERE);
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  return undefined;
}

describe('saved settings are checked like flags', () => {
  it('a whole, good state passes', () => {
    expect(refusal(GOOD)).toBeUndefined();
    expect(refusal({ ...GOOD, publicKeyFile: '/home/me/My Keys/id_ed25519.pub' })).toBeUndefined();
    expect(refusal({ ...GOOD, publicKeyFile: 'C:\\Users\\Taro Yamada\\.ssh\\id_ed25519.pub' })).toBeUndefined();
  });

  it("the review's reproduction: a publicKeyFile of k$(id>PWNED).pub stops with exit 2, naming the object and the field", () => {
    const err = refusal({ ...GOOD, publicKeyFile: 'k$(id>PWNED).pub' });
    expect(err?.exitCode).toBe(2);
    expect(err?.message).toContain(WHERE);
    expect(err?.message).toContain('settings.publicKeyFile');
  });

  it.each([
    ['keyName', '../../../../x'],
    ['keyName', 'a/b'],
    ['publicKeyFile', '/tmp/a\nHost *'],
    ['publicKeyFile', '/tmp/sr-k$(id>/tmp/sr-PWNED).pub'],
    ['publicKeyFile', '/tmp/k`id`.pub'],
    ['vpcCidr', '10.0.0.0/33'],
    ['sshCidr', 'everyone'],
    ['instanceType', 't3.micro; rm -rf /'],
    ['ami', 'ami-$(x)'],
    ['zone', 'eu-west-1a'],
    ['nat', 'both'],
    ['expiresIn', 'forever'],
    ['expiresAt', 'tomorrow'],
    ['extraTags', { a: 1 }],
    ['name', 7],
  ])('%s = %j is refused, naming the field', (field, value) => {
    const err = refusal({ ...GOOD, [field]: value });
    expect(err?.exitCode, String(value)).toBe(2);
    expect(err?.message).toContain(`${WHERE}: settings.${field}:`);
  });

  it('a saved region is checked too', () => {
    expect(refusal(GOOD, 'us-east-1; id')?.message).toContain(`${WHERE}: region:`);
  });
});

describe('a key file stays in its folder', () => {
  it('takes a plain name', () => {
    expect(keyFilePath('/labs', 'aws-lab-lab1')).toBe(path.join('/labs', 'aws-lab-lab1.pem'));
  });
  it.each(['../../../../x', 'a/b', 'a\\b', '..', '.hidden'])('refuses %j', (name) => {
    expect(() => keyFilePath('/labs', name)).toThrow(UsageError);
  });
});

describe('host keys from the console', () => {
  const text = [
    '[  1.0] booting',
    '-----BEGIN SSH HOST KEY FINGERPRINTS-----',
    '256 SHA256:abc root@ip (ED25519)',
    '-----END SSH HOST KEY FINGERPRINTS-----',
    '-----BEGIN SSH HOST KEY KEYS-----',
    'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY= root@ip-10-0-1-10',
    'ec2: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA== root@ip-10-0-1-10',
    '-----END SSH HOST KEY KEYS-----',
  ].join('\r\n');

  it('reads the keys between the markers (with or without a prefix), nothing else', () => {
    expect(hostKeysIn(text)).toEqual(['ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY=', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==']);
    expect(hostKeysIn('no block yet')).toEqual([]);
    expect(hostKeysIn('-----BEGIN SSH HOST KEY KEYS-----\nssh-ed25519 AAAAC3')).toEqual([]);
  });

  it('asks for the latest output and decodes it', async () => {
    const sent: unknown[] = [];
    const ec2 = { send: async (cmd: unknown) => (sent.push(cmd), { Output: Buffer.from(text).toString('base64') }) };
    expect(await consoleHostKeys(ec2 as never, 'i-0abc')).toHaveLength(2);
    expect(sent[0]).toBeInstanceOf(GetConsoleOutputCommand);
    expect((sent[0] as GetConsoleOutputCommand).input).toEqual({ InstanceId: 'i-0abc', Latest: true });
  });
});

describe('Windows (platform stubbed)', () => {
  it('a key file gets its owner alone through icacls, run with no shell', async () => {
    const calls: [string, string[]][] = [];
    const exec = async (file: string, args: string[]) => void calls.push([file, args]);
    const key = 'C:\\Users\\Taro Yamada\\.aws-lab-setup\\aws-lab-lab1.pem';
    await restrictToOwner(key, 'win32', { USERNAME: 'Taro Yamada', USERDOMAIN: 'PC1' }, exec);
    expect(calls).toEqual([['icacls', [key, '/inheritance:r', '/grant:r', 'PC1\\Taro Yamada:F']]]);
  });

  it('elsewhere nothing is run (the file was written 0600)', async () => {
    const calls: unknown[] = [];
    await restrictToOwner('/k.pem', 'linux', { USERNAME: 'x' }, async (...a) => void calls.push(a));
    expect(calls).toEqual([]);
  });

  it("the hop names Windows' own ssh.exe by its full path when it is there", () => {
    const env = { SystemRoot: 'C:\\Windows' };
    expect(hopProgram('win32', env, () => true)).toBe('C:\\Windows\\System32\\OpenSSH\\ssh.exe');
    expect(hopProgram('win32', env, () => false)).toBe('ssh');
    expect(hopProgram('linux', env, () => true)).toBe('ssh');
  });
});

describe('the ssh test seam', () => {
  it('is read only when an endpoint URL is set, and only for a loopback address', () => {
    const env = { AWS_LAB_SETUP_SSH_TARGET: 'root@127.0.0.1:2222' };
    expect(sshTarget({} as never, env)).toBeUndefined();
    expect(sshTarget({ endpointUrl: 'http://127.0.0.1:5000' } as never, env)).toEqual({ user: 'root', host: '127.0.0.1', port: 2222 });
    expect(sshTarget({ endpointUrl: 'http://127.0.0.1:5000' } as never, { AWS_LAB_SETUP_SSH_TARGET: '203.0.113.1:22' })).toBeUndefined();
  });
});
