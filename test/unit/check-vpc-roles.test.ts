/**
 * Issue 26 items 2 and 3 over pure snapshots: which resource of a VPC built by hand plays
 * which part, by what it does (with the fallbacks when a mistake hides a part, and a
 * reason for each), and each failing finding's fix as an AWS CLI command with the IDs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliOf, hasCli, ON_THE_SERVER, withCli } from '../../src/lab/rules/cli.js';
import { evaluate } from '../../src/lab/rules/index.js';
import { rolesOfVpc } from '../../src/lab/rules/roles.js';
import { checkPolicy } from '../../src/lab/views/policy.js';
import { handBuiltLab, ID, instanceIn, IP, tableIn } from '../support/snapshot-builder.js';

const RULES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/lab/rules');
const reasonOf = (found: ReturnType<typeof rolesOfVpc>, role: string) => found.because.find((b) => b.role === role)?.reason[0];

describe('roles of a VPC built by hand', () => {
  it('a correct lab: every part by what it does, each with its reason', () => {
    const { snapshot, roles } = handBuiltLab();
    const found = rolesOfVpc(snapshot);
    expect(found.roles).toEqual(roles);
    expect(found.because.map((b) => [b.role, b.reason[0]])).toEqual([
      ['internetGateway', 'role_igwAttached'],
      ['publicSubnet', 'role_publicByRoute'],
      ['privateSubnet', 'role_privateByServer'],
      ['nat', 'role_natByRoute'],
      ['web', 'role_webByAddress'],
      ['db', 'role_dbBySubnet'],
    ]);
  });

  it('the public table made but not associated: the subnet of the server with a public address, and says so', () => {
    const { snapshot, roles } = handBuiltLab();
    tableIn(snapshot, ID.publicTable).Associations = [];
    const found = rolesOfVpc(snapshot);
    expect(found.roles).toEqual(roles);
    expect(found.because.find((b) => b.role === 'publicSubnet')!.reason).toEqual(['role_publicByInstance', ID.publicSubnet, ID.web, IP.webPublic]);
  });

  it('no route and no public address: auto-assign, then the learner\'s Name tags', () => {
    const { snapshot } = handBuiltLab();
    tableIn(snapshot, ID.publicTable).Associations = [];
    snapshot.addresses = [];
    delete instanceIn(snapshot, ID.web).PublicIpAddress;
    snapshot.subnets[0].MapPublicIpOnLaunch = true;
    expect(reasonOf(rolesOfVpc(snapshot), 'publicSubnet')).toBe('role_publicByAutoAssign');
    snapshot.subnets[0].MapPublicIpOnLaunch = false;
    // Listed second, named public: the Name decides.
    snapshot.subnets.reverse();
    snapshot.subnets[1].Tags = [{ Key: 'Name', Value: 'my-public-1a' }];
    const found = rolesOfVpc(snapshot);
    expect(found.roles.publicSubnet).toBe(ID.publicSubnet);
    expect(found.because.find((b) => b.role === 'publicSubnet')!.reason).toEqual(['role_byName', ID.publicSubnet, 'my-public-1a']);
    // The web server without an address: the instance in the public subnet.
    expect(reasonOf(found, 'web')).toBe('role_webBySubnet');
  });

  it('a NAT instance the private route names by its interface; the NAT gateway when no route names one', () => {
    const { snapshot } = handBuiltLab();
    snapshot.instances.push({ InstanceId: 'i-0nat', SubnetId: ID.publicSubnet, VpcId: ID.vpc, State: { Name: 'running' }, SourceDestCheck: false, PublicIpAddress: '198.51.100.9', NetworkInterfaces: [{ NetworkInterfaceId: 'eni-0natinst' }] });
    const r = tableIn(snapshot, ID.privateTable).Routes!.find((x) => x.DestinationCidrBlock === '0.0.0.0/0')!;
    delete r.NatGatewayId;
    r.NetworkInterfaceId = 'eni-0natinst';
    const found = rolesOfVpc(snapshot);
    expect(found.roles.nat).toEqual({ kind: 'instance', id: 'i-0nat' });
    // The NAT instance (public address, public subnet) is not taken for the web server.
    expect(found.roles.web).toBe(ID.web);
    tableIn(snapshot, ID.privateTable).Routes = tableIn(snapshot, ID.privateTable).Routes!.filter((x) => x !== r);
    expect(rolesOfVpc(snapshot).because.find((b) => b.role === 'nat')!.reason).toEqual(['role_natOnly', ID.nat]);
  });

  it('--web and --db override, and say they were given', () => {
    const { snapshot } = handBuiltLab();
    const found = rolesOfVpc(snapshot, { web: ID.db, db: ID.web });
    expect([found.roles.web, found.roles.db]).toEqual([ID.db, ID.web]);
    expect(found.because.find((b) => b.role === 'web')!.reason).toEqual(['role_given', ID.db, 'web']);
  });
});

describe('a failing finding\'s fix as an AWS CLI command', () => {
  it('every fix a rule gives has a command, but what is done on the server itself', () => {
    const source = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts') && f !== 'cli.ts').map((f) => readFileSync(path.join(RULES_DIR, f), 'utf8')).join('\n');
    const keys = [...new Set([...source.matchAll(/'(fix_[A-Za-z]+)'/g)].map((m) => m[1]))];
    expect(keys.length).toBeGreaterThan(15);
    expect(keys.filter((k) => !hasCli(k) && !ON_THE_SERVER.includes(k))).toEqual([]);
  });

  it('names the IDs of the lab: ICMP from the web server\'s group, the route to the NAT', () => {
    const { snapshot, roles } = handBuiltLab();
    snapshot.securityGroups[1].IpPermissions = snapshot.securityGroups[1].IpPermissions!.filter((p) => p.IpProtocol !== 'icmp');
    const found = withCli(evaluate(snapshot, roles), { snapshot, roles });
    expect(found.filter((f) => f.rule === 'db.icmp-from-web').map((f) => [f.ok, f.cli])).toEqual([
      [false, `aws ec2 authorize-security-group-ingress --group-id ${ID.dbGroup} --ip-permissions 'IpProtocol=icmp,FromPort=-1,ToPort=-1,UserIdGroupPairs=[{GroupId=${ID.webGroup}}]'`],
    ]);
    expect(cliOf(['fix_privateRoute', ID.privateTable, ID.nat], { snapshot, roles })).toBe(`aws ec2 replace-route --route-table-id ${ID.privateTable} --destination-cidr-block 0.0.0.0/0 --nat-gateway-id ${ID.nat}`);
    expect(cliOf(['fix_inbound', ID.webGroup, 'tcp', 22, 'myIp', undefined], { snapshot, roles, from: '203.0.113.7/32' })).toBe(
      `aws ec2 authorize-security-group-ingress --group-id ${ID.webGroup} --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=203.0.113.7/32}]'`,
    );
    // A passing finding carries no command.
    expect(found.filter((f) => f.ok !== false && f.cli)).toEqual([]);
  });

  it('policy --check allows reads only', () => {
    const actions = checkPolicy().Statement.flatMap((s) => s.Action);
    expect(actions.filter((a) => !/^ec2:(Describe|Get)/.test(a))).toEqual([]);
    expect(actions).toContain('ec2:DescribeNetworkAcls');
    expect(checkPolicy({ region: 'ap-northeast-1' }).Statement[0].Condition).toEqual({ StringEquals: { 'aws:RequestedRegion': 'ap-northeast-1' } });
  });
});
