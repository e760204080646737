import { describe, expect, it } from 'vitest';
import type { Roles, VpcSnapshot } from '../../src/lab/core/snapshot.js';
import { analyzePaths, PATHS, pathJson, type PathOptions, type PathVerdict } from '../../src/lab/paths/index.js';
import { aclEntry, aclIn, defaultRouteIn, groupIn, handBuiltLab, ID, instanceIn, IP, permission, tableIn } from '../support/snapshot-builder.js';

/**
 * Why a path does not work, over labs built by hand as EC2 describes them: the correct
 * lab, then one common mistake each, asserting exactly which paths fail, at which gate,
 * with which code and resource — and that every other path is as the tutorial wants it.
 */

/** Each path not as the tutorial wants it: "gate code resource (direction)". Empty: the lab is right. */
function failures(verdicts: PathVerdict[]): Record<string, string> {
  return Object.fromEntries(
    verdicts.filter((v) => v.ok !== true).map((v) => [v.path, v.ok === null ? 'not judged' : v.blockedAt ? `${v.blockedAt.gate} ${v.blockedAt.code} ${v.blockedAt.resource} (${v.blockedAt.direction})` : 'open']),
  );
}

/** The correct lab with one mistake made in it. */
function withMistake(make: (s: VpcSnapshot, roles: Roles) => void, options?: PathOptions) {
  const { snapshot, roles } = handBuiltLab();
  make(snapshot, roles);
  const verdicts = analyzePaths(snapshot, roles, options);
  return { verdicts, failures: failures(verdicts), of: (id: string) => verdicts.find((v) => v.path === id)! };
}

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
    expect(of('internet-web-http').cli).toBe(
      `aws ec2 create-network-acl-entry --network-acl-id ${ID.acl} --egress --rule-number 200 --protocol 6 --port-range From=1024,To=65535 --cidr-block 0.0.0.0/0 --rule-action allow --region ap-northeast-1`,
    );
  });
});

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

it('IP of the builder is the web server\'s', () => expect(IP.web).toMatch(/^10\.1\.1\./));
