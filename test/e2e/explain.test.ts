/**
 * `explain` prints a bash script of AWS CLI commands; run with the AWS CLI (v1) against a
 * fresh moto, it builds the same architecture as `up` does (compared resource by
 * resource, IDs replaced by the tool's names for them).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EC2Client, Tag } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { ec2At, labWorld, tag, userData, vpcAttribute } from './support/aws.js';
import { labEnv, runCli, tempDir } from './support/cli.js';
import { useMoto } from './support/moto.js';
import { en } from '../../src/ui/messages/en.js';
import { ja } from '../../src/ui/messages/ja.js';

const SSH = '203.0.113.5/32';

function requireAwsCli(): void {
  if (spawnSync('sh', ['-c', 'command -v aws']).status !== 0) throw new Error('the AWS CLI is not installed: `pip install awscli` (the explain test runs its script)');
}

/** Run the printed script as a user would: bash, the AWS CLI, credentials, the emulator's endpoint. */
async function runScript(script: string, motoUrl: string): Promise<{ code: number | null; stderr: string }> {
  const dir = tempDir('explain-');
  const file = path.join(dir, 'lab.sh');
  writeFileSync(file, script);
  // Not spawnSync: the AWS-like proxy in front of moto (useMoto) runs in this process and must answer.
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [file], { cwd: dir, env: labEnv({ AWS_ENDPOINT_URL: motoUrl }), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 230_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** A lab as comparable data: IDs become resource keys, the lab's name becomes LAB. */
async function shape(ec2: EC2Client, lab: string) {
  const w = await labWorld(ec2, lab);
  const keyOf = new Map<string, string>();
  const key = (tags: Tag[] | undefined) => tag(tags, 'aws-lab-setup:resource') ?? '?';
  for (const v of w.vpcs) keyOf.set(v.VpcId!, key(v.Tags));
  for (const s of w.subnets) keyOf.set(s.SubnetId!, key(s.Tags));
  for (const g of w.igws) keyOf.set(g.InternetGatewayId!, key(g.Tags));
  for (const t of w.routeTables) keyOf.set(t.RouteTableId!, key(t.Tags));
  for (const g of w.securityGroups) keyOf.set(g.GroupId!, key(g.Tags));
  for (const i of w.instances) keyOf.set(i.InstanceId!, key(i.Tags));
  for (const a of w.addresses) keyOf.set(a.AllocationId!, key(a.Tags));
  for (const n of w.natGateways) keyOf.set(n.NatGatewayId!, key(n.Tags));
  const k = (id: string | undefined) => (id ? (keyOf.get(id) ?? `other:${id}`) : undefined);
  const named = (s: string | undefined) => s?.split(lab).join('LAB');
  const tagsOf = (tags: Tag[] | undefined) => Object.fromEntries((tags ?? []).map((t) => [t.Key, named(t.Value)]));
  const byKey = <T>(items: T[], f: (item: T) => [string, unknown]) => Object.fromEntries(items.map(f).sort(([a], [b]) => a.localeCompare(b)));
  return {
    vpcs: await Promise.all(w.vpcs.map(async (v) => ({ key: k(v.VpcId), cidr: v.CidrBlock, dnsHostnames: await vpcAttribute(ec2, v.VpcId!, 'enableDnsHostnames'), tags: tagsOf(v.Tags) }))),
    subnets: byKey(w.subnets, (s) => [k(s.SubnetId)!, { vpc: k(s.VpcId), cidr: s.CidrBlock, zone: s.AvailabilityZone, tags: tagsOf(s.Tags) }]),
    igws: byKey(w.igws, (g) => [k(g.InternetGatewayId)!, { attachedTo: g.Attachments?.map((a) => k(a.VpcId)), tags: tagsOf(g.Tags) }]),
    routeTables: byKey(w.routeTables, (t) => [
      k(t.RouteTableId)!,
      {
        vpc: k(t.VpcId),
        routes: (t.Routes ?? []).filter((r) => r.GatewayId !== 'local').map((r) => `${r.DestinationCidrBlock} -> ${k(r.GatewayId ?? r.NatGatewayId)}`),
        subnets: (t.Associations ?? []).map((a) => k(a.SubnetId)),
        tags: tagsOf(t.Tags),
      },
    ]),
    securityGroups: byKey(w.securityGroups, (g) => [
      k(g.GroupId)!,
      {
        name: named(g.GroupName),
        description: g.Description,
        // Rule descriptions are left out: the script's plain --protocol/--port form has none.
        rules: (g.IpPermissions ?? [])
          .flatMap((p) => [...(p.IpRanges ?? []).map((r) => r.CidrIp), ...(p.UserIdGroupPairs ?? []).map((u) => k(u.GroupId))].map((src) => `${p.IpProtocol}:${p.IpProtocol === 'icmp' ? '*' : `${p.FromPort}-${p.ToPort}`}:${src}`))
          .sort(),
        tags: tagsOf(g.Tags),
      },
    ]),
    keyPairs: w.keyPairs.map((p) => ({ name: named(p.KeyName), tags: tagsOf(p.Tags) })),
    instances: Object.fromEntries(
      await Promise.all(
        w.instances.map(async (i) => [
          k(i.InstanceId)!,
          {
            subnet: k(i.SubnetId),
            groups: i.SecurityGroups?.map((g) => k(g.GroupId)),
            type: i.InstanceType,
            image: i.ImageId,
            key: named(i.KeyName),
            state: i.State?.Name,
            publicIp: Boolean(i.PublicIpAddress),
            tokens: i.MetadataOptions?.HttpTokens,
            userData: named(await userData(ec2, i.InstanceId!)),
            tags: tagsOf(i.Tags),
          },
        ]),
      ),
    ),
    addresses: byKey(w.addresses, (a) => [k(a.AllocationId)!, { instance: k(a.InstanceId), tags: tagsOf(a.Tags) }]),
    natGateways: byKey(w.natGateways, (n) => [k(n.NatGatewayId)!, { subnet: k(n.SubnetId), address: k(n.NatGatewayAddresses?.[0]?.AllocationId), state: n.State, tags: tagsOf(n.Tags) }]),
  };
}

describe('explain', () => {
  const moto = useMoto();

  it('prints a script that, run with the AWS CLI, builds the same lab as `up`', async () => {
    requireAwsCli();
    const up = await runCli(['up', '--yes', '--name', 'built', '--endpoint-url', moto.url, '--ssh-cidr', SSH, '--vpc-cidr', '10.7.0.0/16'], { cwd: tempDir() });
    expect(up.code, up.stderr).toBe(0);

    // explain asks AWS nothing: an endpoint that refuses every connection changes nothing.
    const env = labEnv({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
    const explained = await runCli(['explain', '--name', 'scripted', '--ssh-cidr', SSH, '--vpc-cidr', '10.7.0.0/16'], { cwd: tempDir(), env });
    expect(explained.code, explained.stderr).toBe(0);
    const script = explained.stdout;
    expect(script).toMatch(/^#!\/usr\/bin\/env bash\n/);
    expect(script).toMatch(/# ─── 1\. Network\n# Chapter 1 — Network/);
    expect(script).toMatch(/# ─── 4\. Private DB server/);
    expect(script).toContain("VPC_CIDR='10.7.0.0/16'");
    expect(script).toContain('aws ec2 wait instance-running');
    expect(script).toContain('aws ec2 wait nat-gateway-available');

    const run = await runScript(script, moto.url);
    expect(run.code, run.stderr).toBe(0);

    const ec2 = ec2At(moto.url);
    const [built, scripted] = [await shape(ec2, 'built'), await shape(ec2, 'scripted')];
    expect(Object.keys(scripted.instances).sort()).toEqual(['dbInstance', 'webInstance']);
    expect(scripted.vpcs[0].dnsHostnames).toBe(true);
    expect(scripted).toEqual(built);
  }, 240_000); // some 30 AWS CLI v1 calls, each a Python start-up

  it('--until web: chapters 1 and 2 only, a web server without Apache, like `up --until web`', async () => {
    requireAwsCli();
    const up = await runCli(['up', '--yes', '--until', 'web', '--name', 'built2', '--endpoint-url', moto.url, '--ssh-cidr', SSH], { cwd: tempDir() });
    expect(up.code, up.stderr).toBe(0);
    const explained = await runCli(['explain', '--until', '2', '--name', 'scripted2', '--ssh-cidr', SSH], { cwd: tempDir() });
    expect(explained.code, explained.stderr).toBe(0);
    expect(explained.stdout).not.toMatch(/Chapter 3|Chapter 4|nat-gateway/);
    const run = await runScript(explained.stdout, moto.url);
    expect(run.code, run.stderr).toBe(0);
    const ec2 = ec2At(moto.url);
    const [built, scripted] = [await shape(ec2, 'built2'), await shape(ec2, 'scripted2')];
    expect(Object.keys(scripted.instances)).toEqual(['webInstance']);
    expect(scripted.instances.webInstance.userData).toBe('');
    expect(scripted.natGateways).toEqual({});
    expect(scripted).toEqual(built);
  }, 240_000);

  it('comments in Japanese with --lang ja; the saved settings of a lab are used', async () => {
    const cwd = tempDir();
    const up = await runCli(['up', '--yes', '--until', 'network', '--name', 'saved', '--endpoint-url', moto.url, '--ssh-cidr', SSH, '--vpc-cidr', '10.9.0.0/16'], { cwd });
    expect(up.code, up.stderr).toBe(0);
    const res = await runCli(['explain', '--name', 'saved', '--lang', 'ja'], { cwd });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('# 第 1 章 (ネットワーク)');
    expect(res.stdout).toContain("VPC_CIDR='10.9.0.0/16'");
    expect(res.stdout).toContain(`SSH_CIDR='${SSH}'`);
    // The Apache page the script writes is the one `up --lang ja` would write.
    expect(res.stdout).toContain(ja.page_apache);
    expect(res.stdout).not.toContain(en.page_apache);
    // bash can read it
    expect(() => execFileSync('bash', ['-n'], { input: res.stdout })).not.toThrow();
     // --lang before the command works the same.
    const before = await runCli(['--lang', 'ja', 'explain', '--name', 'saved'], { cwd });
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toBe(res.stdout);
    const bad = await runCli(['--lang', 'fr', 'explain', '--name', 'saved'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"fr"/);
  });

  it('without an address, the script finds it itself; a bad --until is exit 2, naming it', async () => {
    const res = await runCli(['explain', '--name', 'x'], { cwd: tempDir() });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('SSH_CIDR="$(curl -fsS https://checkip.amazonaws.com)/32"');
    const bad = await runCli(['explain', '--until', 'nat'], { cwd: tempDir() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/chapter "nat" does not exist/);
    expect(bad.stderr).toMatch(/1 or network, 2 or web, 3 or apache, 4 or db/);
    expect(bad.stdout).toBe('');
  });
});
