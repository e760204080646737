/**
 * `status --svg` end to end: the built CLI against moto (through the test proxy, which
 * answers as AWS where moto is lenient), one default (NAT gateway) lab: the picture alone on
 * stdout with `-`, and in a file, in Japanese, beside the usual status.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { byResource, ec2At, labWorld } from './support/aws.js';
import { runCli, tempDir } from './support/cli.js';
import { useMoto } from './support/moto.js';

describe('status --svg against moto', () => {
  const moto = useMoto();
  const cwd = tempDir();
  const lab = 'e2e-svg';
  const base = () => ['--name', lab, '--endpoint-url', moto.url];

  it('draws the lab it built: every resource by its ID, the SVG alone on stdout; in a file, in Japanese', async () => {
    const up = await runCli(['up', '--yes', ...base(), '--ssh-cidr', '198.51.100.7/32'], { cwd });
    expect(up.code, up.stderr).toBe(0);
    const w = await labWorld(ec2At(moto.direct), lab);
    const ids = [w.vpcs[0].VpcId, byResource(w.subnets, 'publicSubnet').SubnetId, byResource(w.subnets, 'privateSubnet').SubnetId, byResource(w.igws, 'internetGateway').InternetGatewayId, ...['webInstance', 'dbInstance'].map((k) => byResource(w.instances, k).InstanceId), byResource(w.natGateways, 'natGateway').NatGatewayId, byResource(w.addresses, 'webElasticIp').PublicIp];

    const alone = await runCli(['status', ...base(), '--svg', '-'], { cwd });
    expect(alone.code, alone.stderr).toBe(0);
    expect(alone.stdout.startsWith('<svg ')).toBe(true);
    expect(alone.stdout.trimEnd().endsWith('</svg>')).toBe(true);
    for (const id of ids) expect(alone.stdout).toContain(`data-id="${id}"`);
    // The way out goes through the NAT gateway.
    const nat = byResource(w.natGateways, 'natGateway').NatGatewayId!;
    expect(alone.stdout).toMatch(new RegExp(`data-from="${byResource(w.instances, 'dbInstance').InstanceId}" data-to="${nat}"`));

    const file = path.join(cwd, 'lab.svg');
    const ja = await runCli(['status', ...base(), '--lang', 'ja', '--svg', file], { cwd });
    expect(ja.code, ja.stderr).toBe(0);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toContain('xml:lang="ja"');
    expect(svg).toContain('パブリックサブネット');
    expect(svg).toContain('NAT ゲートウェイ');
    expect(ja.stderr).toContain(`構成図を ${file} に書き出しました。`);
    expect(ja.stdout).toContain('VPC 10.0.0.0/16');
  });
});
