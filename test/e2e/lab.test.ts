import { StopInstancesCommand } from '@aws-sdk/client-ec2';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { readFileSync, statSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byResource, ec2At, labWorld, tag, userData, vpcAttribute } from './support/aws.js';
import { runCli, tempDir } from './support/cli.js';
import { startMoto, type Moto } from './support/moto.js';
import { mutating, startProxy, type Proxy } from './support/proxy.js';
import { newHostKey } from './support/console-output.js';

const SSH = '198.51.100.7/32';

describe('up, up again, destroy — the whole lab against moto', () => {
  let moto: Moto;
  let proxy: Proxy;
  const cwd = tempDir();
  const lab = 'e2e-core';
  const hostKey = newHostKey();
  const args = (cmd: string, ...more: string[]) => [cmd, '--yes', '--name', lab, '--endpoint-url', proxy.url, ...more];

  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startProxy(moto.url);
    // The servers' first boot prints their host keys on the console, as Amazon Linux 2023's does (moto's log has none).
    proxy.faults.consoleHostKeys = [hostKey];
  });
  afterAll(async () => {
    await proxy?.close();
    await moto?.stop();
  });

  it('builds every chapter of the tutorial', async () => {
    const res = await runCli(args('up', '--vpc-cidr', '10.1.0.0/16', '--ssh-cidr', SSH), { cwd });
    expect(res.stderr).not.toMatch(/\x1b\[/); // no escape codes without a terminal
    expect(res.code, res.stderr).toBe(0);

    const ec2 = ec2At(moto.url);
    const w = await labWorld(ec2, lab);
    // Chapter 1: the network
    expect(w.vpcs).toHaveLength(1);
    const vpc = w.vpcs[0];
    expect(vpc.CidrBlock).toBe('10.1.0.0/16');
    expect(await vpcAttribute(ec2, vpc.VpcId!, 'enableDnsSupport')).toBe(true);
    expect(await vpcAttribute(ec2, vpc.VpcId!, 'enableDnsHostnames')).toBe(true);
    const pub = byResource(w.subnets, 'publicSubnet');
    const priv = byResource(w.subnets, 'privateSubnet');
    expect([pub.CidrBlock, priv.CidrBlock]).toEqual(['10.1.1.0/24', '10.1.2.0/24']);
    expect(pub.AvailabilityZone).toBe(priv.AvailabilityZone);
    const igw = byResource(w.igws, 'internetGateway');
    expect(igw.Attachments?.[0]?.VpcId).toBe(vpc.VpcId);
    const publicRt = byResource(w.routeTables, 'publicRouteTable');
    expect(publicRt.Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0')?.GatewayId).toBe(igw.InternetGatewayId);
    expect(publicRt.Associations?.map((a) => a.SubnetId)).toContain(pub.SubnetId);

    // Chapter 2: the web server
    const webSg = byResource(w.securityGroups, 'webSecurityGroup');
    const webRules = (webSg.IpPermissions ?? []).map((p) => `${p.IpProtocol}:${p.FromPort}:${p.IpRanges?.map((r) => r.CidrIp).join()}`);
    expect(webRules.sort()).toEqual([`tcp:22:${SSH}`, 'tcp:80:0.0.0.0/0']);
    const web = byResource(w.instances, 'webInstance');
    expect(web.SubnetId).toBe(pub.SubnetId);
    expect(web.InstanceType).toBe('t3.micro');
    expect(web.MetadataOptions?.HttpTokens).toBe('required');
    expect(web.MetadataOptions?.HttpPutResponseHopLimit).toBe(1);
    expect(web.KeyName).toBe(`${lab}-key`);
    const ssm = new SSMClient({ endpoint: moto.url, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const al2023 = await ssm.send(new GetParameterCommand({ Name: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64' }));
    expect(web.ImageId).toBe(al2023.Parameter?.Value);
    const webEip = byResource(w.addresses, 'webElasticIp');
    expect(webEip.InstanceId).toBe(web.InstanceId);
    expect(web.PublicIpAddress).toBe(webEip.PublicIp);
    expect(w.keyPairs.map((k) => k.KeyName)).toEqual([`${lab}-key`]);

    // Chapter 3: Apache from user-data
    const webData = await userData(ec2, web.InstanceId!);
    expect(webData).toContain('dnf install -y httpd');
    expect(webData).toContain('systemctl enable --now httpd');

    // Chapter 4: the private DB server behind the NAT gateway
    const dbSg = byResource(w.securityGroups, 'dbSecurityGroup');
    const dbRules = (dbSg.IpPermissions ?? []).map((p) => `${p.IpProtocol}:${p.IpProtocol === 'icmp' ? '*' : p.FromPort}:${p.UserIdGroupPairs?.map((g) => g.GroupId).join()}:${p.IpRanges?.length ?? 0}`);
    expect(dbRules.sort()).toEqual([`icmp:*:${webSg.GroupId}:0`, `tcp:22:${webSg.GroupId}:0`, `tcp:3306:${webSg.GroupId}:0`]);
    const db = byResource(w.instances, 'dbInstance');
    expect(db.SubnetId).toBe(priv.SubnetId);
    expect(db.PublicIpAddress ?? '').toBe('');
    expect(db.MetadataOptions?.HttpTokens).toBe('required');
    const dbData = await userData(ec2, db.InstanceId!);
    expect(dbData).toContain('dnf install -y mariadb105-server');
    expect(dbData).toContain('systemctl enable --now mariadb');
    const nat = byResource(w.natGateways, 'natGateway');
    expect(nat.SubnetId).toBe(pub.SubnetId);
    expect(nat.NatGatewayAddresses?.[0]?.AllocationId).toBe(byResource(w.addresses, 'natElasticIp').AllocationId);
    const privateRt = byResource(w.routeTables, 'privateRouteTable');
    expect(privateRt.Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0')?.NatGatewayId).toBe(nat.NatGatewayId);
    expect(privateRt.Associations?.map((a) => a.SubnetId)).toContain(priv.SubnetId);

    // The VPC's main route table keeps no internet route.
    const { RouteTables: all } = await ec2.send(new (await import('@aws-sdk/client-ec2')).DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }));
    const main = all?.find((t) => t.Associations?.some((a) => a.Main));
    expect(main?.Routes?.some((r) => r.DestinationCidrBlock === '0.0.0.0/0')).toBe(false);

    // Every resource is tagged: Name, the tool, the lab.
    for (const item of [...w.vpcs, ...w.subnets, ...w.igws, ...w.routeTables, ...w.securityGroups, ...w.instances, ...w.addresses, ...w.natGateways]) {
      expect(tag(item.Tags, 'Name')).toMatch(new RegExp(`^${lab}-`));
      expect(tag(item.Tags, 'ManagedBy')).toBe('aws-lab-setup');
    }

    // Results on stdout: addresses and SSH commands.
    expect(res.stdout).toContain(webEip.PublicIp!);
    expect(res.stdout).toContain(web.PublicDnsName!);
    expect(res.stdout).toContain(db.PrivateIpAddress!);
    // The commands go through the lab's own ssh_config, its hosts at the addresses AWS gave,
    // their keys pinned from the consoles under an alias per instance (never the global known_hosts).
    const stateDir = path.join(cwd, '.aws-lab-setup');
    const keyFile = path.join(stateDir, `${lab}-key.pem`);
    const config = path.join(stateDir, `${lab}.ssh_config`);
    expect(res.stdout).toContain(`ssh -F ${config} ${lab}-web\n`);
    expect(res.stdout).toContain(`ssh -F ${config} ${lab}-db\n`);
    expect(res.stdout).not.toMatch(/ec2-user@|ssh -i|ssh -J/);
    const hosts = Object.fromEntries(readFileSync(config, 'utf8').split(/\n(?=Host )/).slice(1).map((b) => [b.split('\n')[0], b]));
    expect(Object.keys(hosts)).toEqual([`Host ${lab}-web`, `Host ${lab}-db`]);
    for (const [role, instance, address] of [['web', web, webEip.PublicIp], ['db', db, db.PrivateIpAddress]] as const) {
      const block = hosts[`Host ${lab}-${role}`];
      expect(block).toContain(`  HostName ${address}\n`);
      expect(block).toContain(`  IdentityFile "${keyFile}"\n`);
      expect(block).toContain(`  UserKnownHostsFile "${path.join(stateDir, `${lab}.known_hosts.pem`)}"\n`);
      expect(block).toContain(`  HostKeyAlias ${lab}-${role}-${instance.InstanceId}\n`);
      expect(block).toContain('  StrictHostKeyChecking yes');
    }
    expect(hosts[`Host ${lab}-db`]).toMatch(/ProxyCommand .* -W %h:%p e2e-core-web$/m);
    expect(readFileSync(path.join(stateDir, `${lab}.known_hosts.pem`), 'utf8')).toBe(`${lab}-web-${web.InstanceId} ${hostKey}\n${lab}-db-${db.InstanceId} ${hostKey}\n`);

    // The private key: saved 0600, never in the state file or the output.
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8');
    expect(key).toMatch(/PRIVATE KEY/);
    const stateText = readFileSync(path.join(stateDir, `${lab}.json`), 'utf8');
    expect(stateText).not.toMatch(/PRIVATE KEY/);
    expect(res.stdout + res.stderr).not.toMatch(/PRIVATE KEY/);
    expect(JSON.parse(stateText).resources.natGateway.id).toBe(nat.NatGatewayId);
  });

  it('a second up makes no mutating call and a handful of reads', async () => {
    proxy.actions.length = 0;
    const res = await runCli(args('up'), { cwd });
    expect(res.code, res.stderr).toBe(0);
    expect(mutating(proxy.actions)).toEqual([]);
    // The host keys were pinned by the first up: no console is read again.
    expect(proxy.actions).not.toContain('GetConsoleOutput');
    // One Describe per EC2 kind, the VPC's two attributes, and one look-up per expiry
    // resource (role, policy, group, two schedules: found by name, not listed by tag), and
    // the web server's user-data (is Apache, chapter 3, in it?).
    expect(proxy.actions.length, proxy.actions.join()).toBeLessThanOrEqual(17);
    expect(res.stderr).toMatch(/25 kept/);
  });

  it('a server stopped to save money is started again by up', async () => {
    const ec2 = ec2At(moto.url);
    const web = byResource((await labWorld(ec2, lab)).instances, 'webInstance');
    await ec2.send(new StopInstancesCommand({ InstanceIds: [web.InstanceId!] }));
    const status = await runCli(['status', '--name', lab, '--endpoint-url', proxy.url], { cwd });
    expect(status.stdout).toMatch(/stopped/);
    const plan = await runCli(['plan', '--name', lab, '--endpoint-url', proxy.url], { cwd });
    expect(plan.stderr).toMatch(/start it \(it is stopp(ed|ing)\)/);
    proxy.actions.length = 0;
    const res = await runCli(args('up'), { cwd });
    expect(res.code, res.stderr).toBe(0);
    expect(mutating(proxy.actions)).toEqual(['StartInstances']);
    expect(byResource((await labWorld(ec2, lab)).instances, 'webInstance').State?.Name).toBe('running');
  });

  it('destroy leaves nothing of the lab behind', async () => {
    const res = await runCli(args('destroy'), { cwd });
    expect(res.code, res.stderr).toBe(0);
    const w = await labWorld(ec2At(moto.url), lab);
    for (const [kind, items] of Object.entries(w)) expect(items, kind).toEqual([]);
    expect(existsSync(path.join(cwd, '.aws-lab-setup', `${lab}.json`))).toBe(false);
    expect(readdirSync(path.join(cwd, '.aws-lab-setup')).filter((f) => f.endsWith('.pem'))).toEqual([]);
    // And again: nothing to do is not an error.
    const again = await runCli(args('destroy'), { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Nothing of lab/);
  });
});
