import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { byResource, ec2At, labWorld } from './support/aws.js';
import { labEnv, runCli, tempDir } from './support/cli.js';
import { useMoto } from './support/moto.js';

const SSH = '198.51.100.7/32';

/** A fresh ed25519 public key in OpenSSH's one-line form. */
function openSshEd25519(): string {
  const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const field = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return `ssh-ed25519 ${Buffer.concat([field(Buffer.from('ssh-ed25519')), field(raw)]).toString('base64')}`;
}

/** The usual environment, without the credentials and region it sets. */
function bareEnv(extra: Record<string, string>): Record<string, string> {
  const env = labEnv(extra);
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION']) delete env[k];
  return { ...env, ...extra };
}

describe('where credentials, region and endpoint come from', () => {
  const moto = useMoto();

  it('--profile reads credentials and region from the AWS config files', async () => {
    const home = tempDir();
    mkdirSync(path.join(home, '.aws'));
    writeFileSync(path.join(home, '.aws', 'credentials'), '[lab]\naws_access_key_id = fromprofile\naws_secret_access_key = fromprofile\n');
    writeFileSync(path.join(home, '.aws', 'config'), '[profile lab]\nregion = us-east-1\n');
    const env = bareEnv({ HOME: home });
    const res = await runCli(['plan', '--name', 'profiled', '--profile', 'lab', '--endpoint-url', moto.url, '--ssh-cidr', SSH], { cwd: home, env });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/Plan: 25 to create/);
    expect(res.stderr).toMatch(/\(us-east-1, on-demand/);
    // Without the profile there is nothing to sign with: a clear line, not a stack trace.
    const without = await runCli(['plan', '--name', 'profiled', '--endpoint-url', moto.url, '--region', 'us-east-1', '--ssh-cidr', SSH], { cwd: home, env });
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/no AWS credentials were found/);
    expect(without.stderr).not.toMatch(/\n\s+at /);
  });

  it('AWS_ENDPOINT_URL works as the SDK defines it, without --endpoint-url', async () => {
    const res = await runCli(['up', '--yes', '--name', 'envurl', '--ssh-cidr', SSH], { cwd: tempDir(), env: labEnv({ AWS_ENDPOINT_URL: moto.url }) });
    expect(res.code, res.stderr).toBe(0);
    const w = await labWorld(ec2At(moto.url), 'envurl');
    expect(w.vpcs).toHaveLength(1);
  });

  it('--public-key-file imports the user\'s key: no private key is made or saved', async () => {
    const cwd = tempDir();
    const pub = path.join(cwd, 'id_ed25519.pub');
    writeFileSync(pub, `${openSshEd25519()} me@laptop\n`);
    const res = await runCli(['up', '--yes', '--name', 'imported', '--endpoint-url', moto.url, '--ssh-cidr', SSH, '--public-key-file', pub], { cwd });
    expect(res.code, res.stderr).toBe(0);
    const w = await labWorld(ec2At(moto.url), 'imported');
    expect(w.keyPairs.map((k) => k.KeyName)).toEqual(['imported-key']);
    expect(readdirSync(path.join(cwd, '.aws-lab-setup')).filter((f) => f.endsWith('.pem'))).toEqual([]);
    const config = await runCli(['ssh-config', '--name', 'imported', '--endpoint-url', moto.url], { cwd });
    expect(config.stdout).toContain(`IdentityFile "${path.join(cwd, 'id_ed25519')}"\n`);
  });

  it('a Graviton instance type gets the arm64 Amazon Linux 2023 image', async () => {
    const res = await runCli(['up', '--yes', '--name', 'graviton', '--endpoint-url', moto.url, '--ssh-cidr', SSH, '--instance-type', 't4g.micro'], { cwd: tempDir() });
    expect(res.code, res.stderr).toBe(0);
    const ssm = new SSMClient({ endpoint: moto.url, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const arm = await ssm.send(new GetParameterCommand({ Name: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64' }));
    const w = await labWorld(ec2At(moto.url), 'graviton');
    expect(byResource(w.instances, 'webInstance').ImageId).toBe(arm.Parameter?.Value);
    expect(byResource(w.instances, 'webInstance').InstanceType).toBe('t4g.micro');
  });
});
