import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ec2At, labWorld } from './support/aws.js';
import { labEnv, tempDir } from './support/cli.js';
import { useMoto } from './support/moto.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

function quickStartCommands(): string[] {
  const section = README.split('## Quick start')[1].split('\n## ')[0];
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].trim());
}

describe('the README, as written', () => {
  const moto = useMoto();

  it('has exactly two set-up commands: one runs the lab, one passes the tests', () => {
    expect(quickStartCommands()).toEqual(['npm ci && npx aws-lab-setup up', 'npm ci && npm test']);
    expect(README).toMatch(/\$\/hour/);
    expect(README).toMatch(/--endpoint-url/);
  });

  it('`npx aws-lab-setup up` (after npm ci) runs the lab, here against the emulator', async () => {
    const [runLab] = quickStartCommands();
    const npx = runLab.split('&& ')[1].split(' ');
    const stateDir = tempDir();
    // Not spawnSync: the AWS-like proxy in front of moto runs in this process and must answer.
    const res = await run(npx[0], [...npx.slice(1), '--yes', '--name', 'readme', '--endpoint-url', moto.url, '--ssh-cidr', '198.51.100.7/32', '--state-dir', stateDir], {
      cwd: ROOT,
      env: labEnv(),
      encoding: 'utf8',
      timeout: 120_000,
    }).catch((err: { code?: number; stdout: string; stderr: string }) => ({ ...err, code: err.code ?? 1 }));
    expect((res as { code?: number }).code ?? 0, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/The lab is up/);
  });

  it('and the lab it made is whole', async () => {
    const w = await labWorld(ec2At(moto.url), 'readme');
    expect(w.instances).toHaveLength(2);
    expect(w.natGateways).toHaveLength(1);
  });
});
