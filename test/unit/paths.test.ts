import { describe, expect, it } from 'vitest';
import type { Roles, VpcSnapshot } from '../../src/lab/core/snapshot.js';
import { analyzePaths, PATHS, pathJson } from '../../src/lab/paths/index.js';
import { sayIn } from '../../src/ui/messages/index.js';
import { aclEntry, aclIn, defaultRouteIn, groupIn, handBuiltLab, ID, instanceIn, pathFailures as failures, permission, tableIn, withMistake } from '../support/snapshot-builder.js';

/**
 * Why a path does not work, over labs built by hand as EC2 describes them: the correct
 * lab, then one common mistake each, asserting exactly which paths fail, at which gate,
 * with which code and resource — and that every other path is as the tutorial wants it.
 */

describe('the paths of a correct lab built by hand', () => {
  it('has all six open and internet → DB closed, at the DB server\'s missing public address', () => {
    const { verdicts, failures: f } = withMistake(() => {});
    expect(f).toEqual({});
    expect(verdicts.map((v) => v.path)).toEqual(PATHS.map((p) => p.id));
    expect(verdicts.filter((v) => v.open).map((v) => v.path)).toEqual(['internet-web-http', 'you-web-ssh', 'web-db-icmp', 'web-db-ssh', 'web-db-mysql', 'db-internet']);
    const closed = verdicts.find((v) => v.path === 'internet-db')!;
    expect(closed).toMatchObject({ ok: true, open: false, blockedAt: { gate: 'public-address', code: 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS', resource: ID.db } });
    expect(closed.fix).toBeUndefined();
  });

  it('writes --json in English: open paths with no fix', () => {
    const { verdicts } = withMistake(() => {});
    expect(pathJson(verdicts[0])).toEqual({ path: 'internet-web-http', ok: true, blockedAt: null, reason: 'open: no gate stops TCP 80 (HTTP)', fix: null });
  });
});

describe('one mistake each: exactly the paths it breaks, at the gate it breaks them', () => {
  it('the public route table made but not associated: the public subnet uses the main table', () => {
    const { failures: f, of } = withMistake((s) => {
      tableIn(s, ID.publicTable).Associations = [];
    });
    expect(f).toEqual({
      'internet-web-http': `route-table NO_ROUTE_TO_DESTINATION ${ID.mainTable} (reply)`,
      'you-web-ssh': `route-table NO_ROUTE_TO_DESTINATION ${ID.mainTable} (reply)`,
      'db-internet': `route-table NO_ROUTE_TO_DESTINATION ${ID.mainTable} (request)`,
    });
    expect(of('internet-web-http').reason).toEqual(['rule_publicUsesMain', ID.publicSubnet, ID.mainTable]);
    expect(of('internet-web-http').fix).toEqual(['fix_associateTable', ID.publicTable, ID.publicSubnet]);
    expect(of('internet-web-http').cli).toBe(`aws ec2 associate-route-table --route-table-id ${ID.publicTable} --subnet-id ${ID.publicSubnet} --region ap-northeast-1`);
  });

  it('no public address on the web server', () => {
    const { failures: f, of } = withMistake((s) => {
      delete instanceIn(s, ID.web).PublicIpAddress;
      s.addresses = [];
    });
    expect(f).toEqual({
      'internet-web-http': `public-address IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS ${ID.web} (request)`,
      'you-web-ssh': `public-address IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS ${ID.web} (request)`,
    });
    expect(of('you-web-ssh').fix).toEqual(['fix_elasticIp', ID.web]);
    expect(of('you-web-ssh').cli).toContain(`associate-address --instance-id ${ID.web} --allocation-id $(aws ec2 allocate-address --domain vpc`);
  });

  it('an Elastic IP alone (the instance launched without a public address) is a public address', () => {
    const { failures: f } = withMistake((s) => void delete instanceIn(s, ID.web).PublicIpAddress);
    expect(f).toEqual({});
  });

  it('the internet gateway detached', () => {
    const { failures: f, of } = withMistake((s) => {
      s.internetGateways[0].Attachments = [];
      defaultRouteIn(s, ID.publicTable).State = 'blackhole';
    });
    expect(f).toEqual({
      'internet-web-http': `internet-gateway BAD_STATE_ATTACHMENT ${ID.igw} (request)`,
      'you-web-ssh': `internet-gateway BAD_STATE_ATTACHMENT ${ID.igw} (request)`,
      'db-internet': `internet-gateway BAD_STATE_ATTACHMENT ${ID.igw} (request)`,
    });
    expect(of('db-internet').cli).toBe(`aws ec2 attach-internet-gateway --internet-gateway-id ${ID.igw} --vpc-id ${ID.vpc} --region ap-northeast-1`);
  });

  it('the DB server\'s group lets ping in from nowhere', () => {
    const { failures: f, of } = withMistake((s) => {
      const g = groupIn(s, ID.dbGroup);
      g.IpPermissions = g.IpPermissions!.filter((p) => p.IpProtocol !== 'icmp');
    });
    expect(f).toEqual({ 'web-db-icmp': `security-group ENI_SG_RULES_MISMATCH ${ID.dbGroup} (request)` });
    expect(of('web-db-icmp').fix).toEqual(['fix_inbound', ID.dbGroup, 'icmp', undefined, 'webGroup', ID.webGroup]);
    expect(of('web-db-icmp').cli).toBe(`aws ec2 authorize-security-group-ingress --group-id ${ID.dbGroup} --protocol icmp --port -1 --source-group ${ID.webGroup} --region ap-northeast-1`);
  });

  it('the web server\'s group without HTTP', () => {
    const { failures: f } = withMistake((s) => {
      const g = groupIn(s, ID.webGroup);
      g.IpPermissions = g.IpPermissions!.filter((p) => p.FromPort !== 80);
    });
    expect(f).toEqual({ 'internet-web-http': `security-group ENI_SG_RULES_MISMATCH ${ID.webGroup} (request)` });
  });

  it('a network ACL that denies the replies to ephemeral ports', () => {
    const { failures: f, of } = withMistake((s) => {
      // Outbound: HTTP and SSH replies only from their own ports — the learner's "allow 80 and 22" both ways.
      aclIn(s, ID.acl).Entries = [
        aclEntry(100, false, 'allow', '-1'),
        aclEntry(32767, false, 'deny', '-1'),
        aclEntry(100, true, 'allow', '6', '0.0.0.0/0', [80, 80]),
        aclEntry(110, true, 'allow', '6', '0.0.0.0/0', [443, 443]),
        aclEntry(120, true, 'allow', '6', '10.1.0.0/16', [0, 65535]),
        aclEntry(130, true, 'allow', '1', '10.1.0.0/16'),
        aclEntry(32767, true, 'deny', '-1'),
      ];
    });
    expect(f).toEqual({
      'internet-web-http': `network-acl SUBNET_ACL_RESTRICTION ${ID.acl} (reply)`,
      'you-web-ssh': `network-acl SUBNET_ACL_RESTRICTION ${ID.acl} (reply)`,
    });
    expect(of('internet-web-http').reason).toEqual(['path_aclDenies', ID.acl, ID.publicSubnet, true, 'tcp', 1024, true, '0.0.0.0/0', 32767]);
    expect(sayIn('en', of('internet-web-http').reason)).toBe(`network ACL ${ID.acl} (subnet ${ID.publicSubnet}) denies outbound TCP replies to port 1024 (ephemeral ports 1024-65535) to 0.0.0.0/0 (rule *, the last one)`);
    expect(sayIn('ja', of('internet-web-http').fix!)).toBe(
      `VPC コンソール > ネットワーク ACL > ${ID.acl} > アウトバウンドルール > アウトバウンドルールを編集 > 新しいルールを追加: ルール番号 200、タイプ カスタム TCP、ポート範囲 1024-65535、送信先 0.0.0.0/0、「許可」`,
    );
    expect(of('internet-web-http').cli).toBe(
      `aws ec2 create-network-acl-entry --network-acl-id ${ID.acl} --egress --rule-number 200 --protocol 6 --port-range From=1024,To=65535 --cidr-block 0.0.0.0/0 --rule-action allow --region ap-northeast-1`,
    );
  });
});

describe('the DB server\'s way out, one mistake each', () => {
  it('the NAT gateway put in the private subnet', () => {
    const { failures: f, of } = withMistake((s) => {
      s.natGateways[0].SubnetId = ID.privateSubnet;
    });
    expect(f).toEqual({ 'db-internet': `nat NO_ROUTE_TO_DESTINATION ${ID.nat} (request)` });
    expect(of('db-internet').reason).toEqual(['path_natInPrivate', ID.nat, ID.privateSubnet, ID.privateTable]);
    expect(of('db-internet').fix).toEqual(['fix_natMove', ID.publicSubnet, ID.privateTable]);
    expect(of('db-internet').cli).toContain(`create-nat-gateway --subnet-id ${ID.publicSubnet} --allocation-id $(aws ec2 allocate-address`);
    expect(of('db-internet').cli).toContain(`replace-route --route-table-id ${ID.privateTable} --destination-cidr-block 0.0.0.0/0 --nat-gateway-id $NAT`);
    expect(pathJson(of('db-internet'))).toEqual({
      path: 'db-internet',
      ok: false,
      blockedAt: { gate: 'nat', code: 'NO_ROUTE_TO_DESTINATION', resource: ID.nat, direction: 'request' },
      reason: `NAT ${ID.nat} is in subnet ${ID.privateSubnet}, whose route table ${ID.privateTable} does not send 0.0.0.0/0 to an internet gateway: a NAT works only in the public subnet`,
      fix: {
        console: `VPC console > NAT gateways > Create NAT gateway: Subnet ${ID.publicSubnet}, Connectivity type Public, Allocate Elastic IP; then Route tables > ${ID.privateTable} > Routes > Edit routes: 0.0.0.0/0, target the new NAT Gateway`,
        cli: of('db-internet').cli,
      },
    });
    expect(sayIn('ja', of('db-internet').fix!)).toBe(
      `VPC コンソール > NAT ゲートウェイ > NAT ゲートウェイを作成: サブネット ${ID.publicSubnet}、接続タイプ「パブリック」、Elastic IP を割り当て。次に ルートテーブル > ${ID.privateTable} > ルート > ルートを編集: 送信先 0.0.0.0/0、ターゲット 新しい NAT ゲートウェイ`,
    );
  });

  it('the NAT gateway deleted: its route left a blackhole', () => {
    const { failures: f, of } = withMistake((s) => {
      s.natGateways = [];
      defaultRouteIn(s, ID.privateTable).State = 'blackhole';
    });
    expect(f).toEqual({ 'db-internet': `route-table BAD_STATE_ROUTE ${ID.privateTable} (request)` });
    expect(of('db-internet').reason).toEqual(['path_routeBlackhole', ID.privateTable, '0.0.0.0/0', ID.nat]);
    expect(of('db-internet').fix).toEqual(['fix_natMove', ID.publicSubnet, ID.privateTable]);
  });

  it('a route to a NAT gateway that is gone, left active (as an emulator keeps it), is a blackhole all the same', () => {
    const { failures: f } = withMistake((s) => {
      s.natGateways[0].State = 'deleted';
    });
    expect(f).toEqual({ 'db-internet': `route-table BAD_STATE_ROUTE ${ID.privateTable} (request)` });
  });

  it('a NAT instance with its source/destination check still on', () => {
    const { failures: f, of } = withMistake(natInstance(true));
    expect(f).toEqual({ 'db-internet': `source-dest-check ENI_SOURCE_DEST_CHECK_RESTRICTION ${NAT_INSTANCE} (request)` });
    expect(of('db-internet').fix).toEqual(['fix_sourceDestCheck', NAT_INSTANCE]);
    expect(of('db-internet').cli).toBe(`aws ec2 modify-instance-attribute --instance-id ${NAT_INSTANCE} --no-source-dest-check --region ap-northeast-1`);
  });

  it('a NAT instance done right (its route naming only its interface, as an emulator gives it) lets the DB server out', () => {
    const { failures: f, of } = withMistake(natInstance(false));
    expect(f).toEqual({});
    expect(of('db-internet').open).toBe(true);
  });

  it('a NAT instance whose group does not let the DB server\'s HTTPS in', () => {
    const { failures: f, of } = withMistake((s, roles) => {
      natInstance(false)(s, roles);
      const g = groupIn(s, 'sg-0nat');
      g.IpPermissions = g.IpPermissions!.filter((p) => p.FromPort !== 443);
    });
    expect(f).toEqual({ 'db-internet': 'security-group ENI_SG_RULES_MISMATCH sg-0nat (request)' });
    expect(of('db-internet').fix).toEqual(['fix_inboundCidr', 'sg-0nat', 'tcp', 443, '10.1.2.0/24']);
  });

  it('the DB server with a public address, 3306 open to the world and a route to the internet gateway: internet → DB is open', () => {
    const { failures: f, of } = withMistake((s) => {
      instanceIn(s, ID.db).PublicIpAddress = '203.0.113.20';
      groupIn(s, ID.dbGroup).IpPermissions!.push(permission('tcp', 3306, { cidr: '0.0.0.0/0' }));
      defaultRouteIn(s, ID.privateTable).NatGatewayId = undefined;
      defaultRouteIn(s, ID.privateTable).GatewayId = ID.igw;
    });
    expect(f).toEqual({ 'internet-db': 'open' });
    expect(of('internet-db')).toMatchObject({ ok: false, open: true, blockedAt: null, reason: ['path_reachable', 'db', ID.db, '203.0.113.20', 'tcp', 3306], fix: ['fix_dbPublic', ID.db] });
    // It goes out straight through the gateway, with its own address: not the tutorial's way, but open.
    expect(of('db-internet').open).toBe(true);
  });

  it('the same, with only the public address and the route: the DB server\'s group still keeps the internet out', () => {
    const { failures: f, of } = withMistake((s) => {
      instanceIn(s, ID.db).PublicIpAddress = '203.0.113.20';
      defaultRouteIn(s, ID.privateTable).NatGatewayId = undefined;
      defaultRouteIn(s, ID.privateTable).GatewayId = ID.igw;
    });
    expect(f).toEqual({});
    expect(of('internet-db').blockedAt).toEqual({ gate: 'security-group', code: 'ENI_SG_RULES_MISMATCH', resource: ID.dbGroup, direction: 'request' });
  });

  it('no default route in the private table: the fix points it at the NAT there is', () => {
    const { failures: f, of } = withMistake((s) => {
      const t = tableIn(s, ID.privateTable);
      t.Routes = t.Routes!.filter((r) => r.DestinationCidrBlock !== '0.0.0.0/0');
    });
    expect(f).toEqual({ 'db-internet': `route-table NO_ROUTE_TO_DESTINATION ${ID.privateTable} (request)` });
    expect(of('db-internet').fix).toEqual(['fix_privateRoute', ID.privateTable, ID.nat]);
    expect(of('db-internet').cli).toBe(`aws ec2 create-route --route-table-id ${ID.privateTable} --destination-cidr-block 0.0.0.0/0 --nat-gateway-id ${ID.nat} --region ap-northeast-1`);
  });

  it('a NAT instance stopped, or without a public address', () => {
    const stopped = withMistake((s, roles) => {
      natInstance(false)(s, roles);
      instanceIn(s, NAT_INSTANCE).State = { Name: 'stopped' };
    });
    expect(stopped.failures).toEqual({ 'db-internet': `nat BAD_STATE ${NAT_INSTANCE} (request)` });
    expect(stopped.of('db-internet').reason).toEqual(['rule_serverState', 'NAT', NAT_INSTANCE, 'stopped']);
    const hidden = withMistake((s, roles) => {
      natInstance(false)(s, roles);
      delete instanceIn(s, NAT_INSTANCE).PublicIpAddress;
    });
    expect(hidden.failures).toEqual({ 'db-internet': `nat IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS ${NAT_INSTANCE} (request)` });
  });

  it('the DB server routed straight to the internet gateway without a public address cannot go out', () => {
    const { failures: f, of } = withMistake((s) => {
      defaultRouteIn(s, ID.privateTable).NatGatewayId = undefined;
      defaultRouteIn(s, ID.privateTable).GatewayId = ID.igw;
    });
    expect(f).toEqual({ 'db-internet': `public-address IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS ${ID.db} (request)` });
    expect(of('db-internet').fix).toEqual(['fix_privateRoute', ID.privateTable, ID.nat]);
    expect(of('db-internet').cli).toBe(`aws ec2 replace-route --route-table-id ${ID.privateTable} --destination-cidr-block 0.0.0.0/0 --nat-gateway-id ${ID.nat} --region ap-northeast-1`);
  });
});

const NAT_INSTANCE = 'i-0natbox';

/** The NAT gateway replaced by a NAT instance in the public subnet (its check on or off), the private route naming its interface only. */
function natInstance(checking: boolean) {
  return (s: VpcSnapshot, roles: Roles) => {
    s.natGateways = [];
    s.securityGroups.push({
      GroupId: 'sg-0nat',
      VpcId: ID.vpc,
      IpPermissions: [permission('tcp', 80, { cidr: '10.1.2.0/24' }), permission('tcp', 443, { cidr: '10.1.2.0/24' })],
      IpPermissionsEgress: [permission('-1', undefined, { cidr: '0.0.0.0/0' })],
    });
    s.instances.push({
      InstanceId: NAT_INSTANCE,
      State: { Name: 'running' },
      SubnetId: ID.publicSubnet,
      PrivateIpAddress: '10.1.1.50',
      PublicIpAddress: '198.51.100.50',
      SourceDestCheck: checking,
      SecurityGroups: [{ GroupId: 'sg-0nat' }],
      NetworkInterfaces: [{ NetworkInterfaceId: 'eni-0natbox', Groups: [{ GroupId: 'sg-0nat' }] }],
    });
    const r = defaultRouteIn(s, ID.privateTable);
    r.NatGatewayId = undefined;
    r.NetworkInterfaceId = 'eni-0natbox';
    roles.nat = { kind: 'instance', id: NAT_INSTANCE };
  };
}

describe('a path whose server is not found', () => {
  it('is not judged, never failed', () => {
    const { snapshot, roles } = handBuiltLab();
    const verdicts = analyzePaths(snapshot, { ...roles, web: undefined });
    expect(failures(verdicts)).toEqual({
      'internet-web-http': 'not judged',
      'you-web-ssh': 'not judged',
      'web-db-icmp': 'not judged',
      'web-db-ssh': 'not judged',
      'web-db-mysql': 'not judged',
    });
    expect(verdicts[0]).toMatchObject({ ok: null, open: null, blockedAt: null, reason: ['path_notJudged', 'web'] });
  });
});
