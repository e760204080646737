import { describe, expect, it } from 'vitest';
import type { Roles, VpcSnapshot } from '../../src/lab/core/snapshot.js';
import { aclEntry, aclIn, defaultRouteIn, groupIn, ID, instanceIn, IP, permission, route, tableIn, withMistake as lab } from '../support/snapshot-builder.js';

/**
 * How each gate decides, past the common mistakes: security groups naming a group or an
 * address, ACL rules in number order, the longest prefix, prefix lists, one subnet or two,
 * the sender's outbound rules, --from for SSH.
 */

const REGION = '--region ap-northeast-1';

describe('security groups', () => {
  it('a rule naming another group does not let the web server in; one naming its address, or the VPC\'s block, does', () => {
    const only = (from: { cidr: string } | { group: string }) => (s: VpcSnapshot) => {
      groupIn(s, ID.dbGroup).IpPermissions = [permission('tcp', 3306, from), permission('tcp', 22, { group: ID.webGroup }), permission('icmp', undefined, { group: ID.webGroup })];
    };
    expect(lab(only({ group: 'sg-0other' })).failures).toEqual({ 'web-db-mysql': `security-group ENI_SG_RULES_MISMATCH ${ID.dbGroup} (request)` });
    expect(lab(only({ cidr: `${IP.web}/32` })).failures).toEqual({});
    expect(lab(only({ cidr: '10.1.0.0/16' })).failures).toEqual({});
    expect(lab(only({ cidr: '10.1.2.0/24' })).failures).toEqual({ 'web-db-mysql': `security-group ENI_SG_RULES_MISMATCH ${ID.dbGroup} (request)` });
  });

  it('a source that is a prefix list is not taken to match (its addresses are not described)', () => {
    const { failures: f } = lab((s) => {
      groupIn(s, ID.webGroup).IpPermissions = [
        { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [], UserIdGroupPairs: [], PrefixListIds: [{ PrefixListId: 'pl-0cloudfront' }] },
        permission('tcp', 22, { cidr: '0.0.0.0/0' }),
      ];
    });
    expect(f).toEqual({ 'internet-web-http': `security-group ENI_SG_RULES_MISMATCH ${ID.webGroup} (request)` });
  });

  it('a rule for a port range, or for all traffic, lets the port in', () => {
    const { failures: f } = lab((s) => {
      groupIn(s, ID.webGroup).IpPermissions = [{ IpProtocol: '6', FromPort: 1, ToPort: 1000, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];
      groupIn(s, ID.dbGroup).IpPermissions = [permission('-1', undefined, { group: ID.webGroup })];
    });
    expect(f).toEqual({});
  });

  it('the sender\'s outbound rules: a web server let out only to the internet\'s web cannot reach the DB server', () => {
    const { failures: f, of } = lab((s) => {
      groupIn(s, ID.webGroup).IpPermissionsEgress = [permission('tcp', 80, { cidr: '0.0.0.0/0' }), permission('tcp', 443, { cidr: '0.0.0.0/0' })];
    });
    const blocked = `security-group ENI_SG_RULES_MISMATCH ${ID.webGroup} (request)`;
    expect(f).toEqual({ 'web-db-icmp': blocked, 'web-db-ssh': blocked, 'web-db-mysql': blocked });
    expect(of('web-db-mysql').reason).toEqual(['path_sgOut', 'web', ID.web, ID.webGroup, 'tcp', 3306, IP.db]);
    expect(of('web-db-mysql').cli).toBe(`aws ec2 authorize-security-group-egress --group-id ${ID.webGroup} --ip-permissions IpProtocol=tcp,FromPort=3306,ToPort=3306,IpRanges=[{CidrIp=${IP.db}/32}] ${REGION}`);
  });

  it('the DB server let out to 443 only: dnf\'s HTTP is stopped by its group', () => {
    const { failures: f } = lab((s) => {
      groupIn(s, ID.dbGroup).IpPermissionsEgress = [permission('tcp', 443, { cidr: '0.0.0.0/0' })];
    });
    expect(f).toEqual({ 'db-internet': `security-group ENI_SG_RULES_MISMATCH ${ID.dbGroup} (request)` });
  });
});

describe('SSH from you (--from)', () => {
  const myIpOnly = (s: VpcSnapshot) => {
    groupIn(s, ID.webGroup).IpPermissions = [permission('tcp', 80, { cidr: '0.0.0.0/0' }), permission('tcp', 22, { cidr: '198.51.100.7/32' })];
  };

  it('is open from the address the rule names, closed from anywhere else', () => {
    expect(lab(myIpOnly, { from: '198.51.100.7' }).failures).toEqual({});
    expect(lab(myIpOnly, { from: '198.51.100.7/32' }).failures).toEqual({});
    const other = lab(myIpOnly, { from: '192.0.2.8/32' });
    expect(other.failures).toEqual({ 'you-web-ssh': `security-group ENI_SG_RULES_MISMATCH ${ID.webGroup} (request)` });
    expect(other.of('you-web-ssh').fix).toEqual(['fix_inbound', ID.webGroup, 'tcp', 22, 'myIp', undefined]);
    expect(other.of('you-web-ssh').cli).toBe(`aws ec2 authorize-security-group-ingress --group-id ${ID.webGroup} --protocol tcp --port 22 --cidr 192.0.2.8/32 ${REGION}`);
  });

  it('without --from it is asked from anywhere, and the fix lets in this machine\'s address as the command finds it', () => {
    const { failures: f, of } = lab(myIpOnly);
    expect(f).toEqual({ 'you-web-ssh': `security-group ENI_SG_RULES_MISMATCH ${ID.webGroup} (request)` });
    expect(of('you-web-ssh').cli).toContain('--cidr $(curl -s https://checkip.amazonaws.com)/32');
  });
});

describe('network ACLs', () => {
  it('reads rules in number order: a deny numbered before the allow wins, and the fix goes just below it', () => {
    const { failures: f, of } = lab((s) => {
      aclIn(s, ID.acl).Entries!.push(aclEntry(90, false, 'deny', '6', '0.0.0.0/0', [80, 80]));
    });
    // Both subnets share the default ACL: the DB server's HTTP into the NAT's subnet is denied too.
    expect(f).toEqual({ 'internet-web-http': `network-acl SUBNET_ACL_RESTRICTION ${ID.acl} (request)`, 'db-internet': `network-acl SUBNET_ACL_RESTRICTION ${ID.acl} (request)` });
    expect(of('db-internet').reason).toEqual(['path_aclDenies', ID.acl, ID.publicSubnet, false, 'tcp', 80, false, IP.db, 90]);
    expect(of('internet-web-http').reason).toEqual(['path_aclDenies', ID.acl, ID.publicSubnet, false, 'tcp', 80, false, '0.0.0.0/0', 90]);
    expect(of('internet-web-http').fix).toEqual(['fix_aclAllow', ID.acl, false, 'tcp', 80, '0.0.0.0/0', 89]);
  });

  it('an allow numbered before a deny wins', () => {
    const { failures: f } = lab((s) => {
      aclIn(s, ID.acl).Entries!.push(aclEntry(50, false, 'allow', '6', '0.0.0.0/0', [80, 80]), aclEntry(60, false, 'deny', '6', '0.0.0.0/0', [80, 80]));
    });
    expect(f).toEqual({});
  });

  it('between two subnets: the DB subnet\'s own ACL without the replies to the web server breaks the three web → DB paths on the way back', () => {
    const { failures: f, of } = lab((s) => {
      const assoc = aclIn(s, ID.acl).Associations!;
      aclIn(s, ID.acl).Associations = assoc.filter((a) => a.SubnetId !== ID.privateSubnet);
      s.networkAcls.push({
        NetworkAclId: 'acl-0priv',
        VpcId: ID.vpc,
        IsDefault: false,
        Associations: [{ NetworkAclAssociationId: 'aclassoc-priv', NetworkAclId: 'acl-0priv', SubnetId: ID.privateSubnet }],
        Entries: [
          aclEntry(100, false, 'allow', '6', '10.1.1.0/24', [22, 22]),
          aclEntry(110, false, 'allow', '6', '10.1.1.0/24', [3306, 3306]),
          aclEntry(120, false, 'allow', '1', '10.1.1.0/24'),
          aclEntry(130, false, 'allow', '6', '0.0.0.0/0', [1024, 65535]),
          aclEntry(32767, false, 'deny', '-1'),
          aclEntry(100, true, 'allow', '6', '0.0.0.0/0', [80, 80]),
          aclEntry(110, true, 'allow', '6', '0.0.0.0/0', [443, 443]),
          aclEntry(32767, true, 'deny', '-1'),
        ],
      });
    });
    const back = 'network-acl SUBNET_ACL_RESTRICTION acl-0priv (reply)';
    expect(f).toEqual({ 'web-db-icmp': back, 'web-db-ssh': back, 'web-db-mysql': back });
    expect(of('web-db-mysql').fix).toEqual(['fix_aclAllow', 'acl-0priv', true, 'tcp', undefined, '10.1.1.0/24', 100 + 100]);
  });

  it('a NAT subnet whose ACL does not let the private subnet\'s HTTPS in', () => {
    const { failures: f } = lab((s) => {
      aclIn(s, ID.acl).Entries!.push(aclEntry(10, false, 'deny', '6', '10.1.2.0/24', [443, 443]));
    });
    expect(f).toEqual({ 'db-internet': `network-acl SUBNET_ACL_RESTRICTION ${ID.acl} (request)` });
  });

  it('is not crossed inside one subnet', () => {
    const { failures: f } = lab((s) => {
      const db = instanceIn(s, ID.db);
      db.SubnetId = ID.publicSubnet;
      db.PrivateIpAddress = '10.1.1.20';
      aclIn(s, ID.acl).Entries!.push(aclEntry(10, false, 'deny', '6', '10.1.0.0/16', [3306, 3306]));
    });
    // The DB server now sits in the public subnet with no public address: only its way out breaks.
    expect(f).toEqual({ 'db-internet': `public-address IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS ${ID.db} (request)` });
  });

  it('with no ACL described at all, the ACL gates are not walked', () => {
    expect(lab((s) => void (s.networkAcls = [])).failures).toEqual({});
  });
});

describe('routes', () => {
  it('the longest prefix wins: a more specific route sends your address elsewhere', () => {
    const { failures: f, of } = lab(
      (s) => {
        tableIn(s, ID.publicTable).Routes!.push(route('198.51.100.0/24', { NatGatewayId: ID.nat }));
      },
      { from: '198.51.100.7/32' },
    );
    expect(f).toEqual({ 'you-web-ssh': `route-table MORE_SPECIFIC_ROUTE ${ID.publicTable} (reply)` });
    expect(of('you-web-ssh').cli).toBe(`aws ec2 delete-route --route-table-id ${ID.publicTable} --destination-cidr-block 198.51.100.0/24 ${REGION}`);
  });

  it('a route more specific than the local route, to an interface that is gone, takes the DB subnet\'s packets into a blackhole', () => {
    const { failures: f } = lab((s) => {
      tableIn(s, ID.publicTable).Routes!.push(route('10.1.2.0/24', { NetworkInterfaceId: 'eni-0gone' }, 'blackhole'));
    });
    const hole = `route-table BAD_STATE_ROUTE ${ID.publicTable} (request)`;
    expect(f).toEqual({ 'web-db-icmp': hole, 'web-db-ssh': hole, 'web-db-mysql': hole });
  });

  it('a route to a prefix list is not a default route', () => {
    const { failures: f, of } = lab((s) => {
      const t = tableIn(s, ID.publicTable);
      t.Routes = t.Routes!.filter((r) => r.DestinationCidrBlock !== '0.0.0.0/0');
      t.Routes.push({ DestinationPrefixListId: 'pl-0s3', GatewayId: ID.igw, State: 'active' });
    });
    const none = `route-table NO_ROUTE_TO_DESTINATION ${ID.publicTable} (reply)`;
    expect(f).toEqual({ 'internet-web-http': none, 'you-web-ssh': none, 'db-internet': `route-table NO_ROUTE_TO_DESTINATION ${ID.publicTable} (request)` });
    expect(of('internet-web-http').reason).toEqual(['path_noRoute', ID.publicTable, ID.publicSubnet, '0.0.0.0/0']);
    expect(of('internet-web-http').cli).toBe(`aws ec2 create-route --route-table-id ${ID.publicTable} --destination-cidr-block 0.0.0.0/0 --gateway-id ${ID.igw} ${REGION}`);
  });

  it('the web server\'s subnet associated with the private table is told to take the public one instead', () => {
    const { failures: f, of } = lab((s) => {
      tableIn(s, ID.publicTable).Associations = [];
      tableIn(s, ID.privateTable).Associations!.push({ Main: false, SubnetId: ID.publicSubnet, RouteTableAssociationId: 'rtbassoc-0wrong', RouteTableId: ID.privateTable });
    });
    expect(f['internet-web-http']).toBe(`route-table NO_ROUTE_TO_DESTINATION ${ID.privateTable} (reply)`);
    expect(of('internet-web-http').reason).toEqual(['path_routeElsewhere', ID.privateTable, '0.0.0.0/0', ID.nat, ID.igw]);
    expect(of('internet-web-http').cli).toBe(`aws ec2 replace-route-table-association --association-id rtbassoc-0wrong --route-table-id ${ID.publicTable} ${REGION}`);
  });

  it('an internet gateway detached and no longer listed: the route still names it', () => {
    const { failures: f } = lab((s) => {
      s.internetGateways = [];
      defaultRouteIn(s, ID.publicTable).State = 'blackhole';
    }, undefined);
    const detached = `internet-gateway BAD_STATE_ATTACHMENT ${ID.igw} (request)`;
    expect(f).toEqual({ 'internet-web-http': detached, 'you-web-ssh': detached, 'db-internet': detached });
  });

  it('no internet gateway at all', () => {
    const { failures: f, of } = lab((s, roles) => {
      s.internetGateways = [];
      roles.internetGateway = undefined;
      const t = tableIn(s, ID.publicTable);
      t.Routes = t.Routes!.filter((r) => r.DestinationCidrBlock !== '0.0.0.0/0');
    });
    const none = `internet-gateway NO_ROUTE_TO_DESTINATION ${ID.vpc} (request)`;
    expect(f).toEqual({ 'internet-web-http': none, 'you-web-ssh': none, 'db-internet': `route-table NO_ROUTE_TO_DESTINATION ${ID.publicTable} (request)` });
    expect(of('internet-web-http').cli).toContain(`attach-internet-gateway --internet-gateway-id $IGW --vpc-id ${ID.vpc}`);
  });
});

describe('servers and the NAT gateway', () => {
  it('a stopped web server stops every path it is on', () => {
    const { failures: f, of } = lab((s) => void (instanceIn(s, ID.web).State = { Name: 'stopped' }));
    const stopped = `instance BAD_STATE ${ID.web} (request)`;
    expect(f).toEqual({ 'internet-web-http': stopped, 'you-web-ssh': stopped, 'web-db-icmp': stopped, 'web-db-ssh': stopped, 'web-db-mysql': stopped });
    expect(of('web-db-ssh').cli).toBe(`aws ec2 start-instances --instance-ids ${ID.web} ${REGION}`);
  });

  it('a private NAT gateway, or one with no public address, cannot take the DB server out', () => {
    expect(lab((s) => void (s.natGateways[0].ConnectivityType = 'private')).failures).toEqual({ 'db-internet': `nat NO_ROUTE_TO_DESTINATION ${ID.nat} (request)` });
    expect(lab((s) => void (s.natGateways[0].NatGatewayAddresses = [])).failures).toEqual({ 'db-internet': `nat IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS ${ID.nat} (request)` });
    const pending = lab((s) => void (s.natGateways[0].State = 'pending'));
    expect(pending.failures).toEqual({ 'db-internet': `nat BAD_STATE ${ID.nat} (request)` });
    expect(pending.of('db-internet').fix).toBeUndefined();
    const failed = lab((s) => void (s.natGateways[0].State = 'failed'));
    expect(failed.failures).toEqual({ 'db-internet': `nat BAD_STATE ${ID.nat} (request)` });
    expect(failed.of('db-internet').fix).toEqual(['fix_natMove', ID.publicSubnet, ID.privateTable]);
  });

  it('the DB server missing: its paths are not judged, the web server\'s still are', () => {
    const { failures: f } = lab((s, roles) => void (roles.db = undefined));
    expect(f).toEqual({ 'web-db-icmp': 'not judged', 'web-db-ssh': 'not judged', 'web-db-mysql': 'not judged', 'db-internet': 'not judged', 'internet-db': 'not judged' });
  });
});
