import { describe, expect, it } from 'vitest';
import { topoOrder, dependents } from '../../src/engine/graph.js';
import { PRICES } from '../../src/lab/core/cost.js';
import { planTeardown, type VpcFacts } from '../../src/lab/views/teardown.js';
import { DELETES, TEARDOWN_READS, teardownResources } from '../../src/lab/views/teardown-run.js';
import { TEARDOWN_SAMPLE } from '../support/teardown-sample.js';

const name = (n: string) => [{ Key: 'Name', Value: n }];

/** A hand-built lab as EC2 describes it: NAT gateway with its address, web (Elastic IP) and DB servers, groups naming each other, a custom ACL. */
function facts(over: Partial<VpcFacts> = {}): VpcFacts {
  return {
    region: 'us-east-1',
    vpc: { VpcId: 'vpc-1', CidrBlock: '10.30.0.0/16', Tags: name('my-vpc'), State: 'available' },
    subnets: [
      { SubnetId: 'subnet-pub', CidrBlock: '10.30.1.0/24', Tags: name('my-public') },
      { SubnetId: 'subnet-priv', CidrBlock: '10.30.2.0/24', Tags: name('my-private') },
    ],
    internetGateways: [{ InternetGatewayId: 'igw-1', Tags: name('my-igw') }],
    routeTables: [
      { RouteTableId: 'rtb-main', Associations: [{ Main: true, RouteTableAssociationId: 'rtbassoc-main' }] },
      { RouteTableId: 'rtb-pub', Associations: [{ RouteTableAssociationId: 'rtbassoc-1', SubnetId: 'subnet-pub' }], Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' }] },
      { RouteTableId: 'rtb-priv', Associations: [{ RouteTableAssociationId: 'rtbassoc-2', SubnetId: 'subnet-priv' }], Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' }] },
    ],
    securityGroups: [
      { GroupId: 'sg-default', GroupName: 'default', IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-default' }] }] },
      { GroupId: 'sg-web', GroupName: 'my-web-sg', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, UserIdGroupPairs: [{ GroupId: 'sg-db' }] }] },
      { GroupId: 'sg-db', GroupName: 'my-db-sg', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, UserIdGroupPairs: [{ GroupId: 'sg-web' }] }] },
    ],
    networkAcls: [
      { NetworkAclId: 'acl-default', IsDefault: true, Associations: [{ SubnetId: 'subnet-pub' }] },
      { NetworkAclId: 'acl-mine', IsDefault: false, Associations: [{ SubnetId: 'subnet-priv' }], Tags: name('my-acl'), Entries: [{ RuleNumber: 100 }, { RuleNumber: 32767 }] },
    ],
    instances: [
      { InstanceId: 'i-web', InstanceType: 't3.micro', State: { Name: 'running' }, SubnetId: 'subnet-pub', SecurityGroups: [{ GroupId: 'sg-web' }], PublicIpAddress: '198.51.100.1', KeyName: 'my-key', NetworkInterfaces: [{ NetworkInterfaceId: 'eni-web', Attachment: { DeleteOnTermination: true } }] },
      { InstanceId: 'i-db', InstanceType: 't3.micro', State: { Name: 'stopped' }, SubnetId: 'subnet-priv', SecurityGroups: [{ GroupId: 'sg-db' }], KeyName: 'my-key', NetworkInterfaces: [{ NetworkInterfaceId: 'eni-db', Attachment: { DeleteOnTermination: true } }] },
    ],
    natGateways: [{ NatGatewayId: 'nat-1', State: 'available', SubnetId: 'subnet-pub', NatGatewayAddresses: [{ AllocationId: 'eipalloc-nat', NetworkInterfaceId: 'eni-nat', PublicIp: '198.51.100.2' }] }],
    interfaces: [
      { NetworkInterfaceId: 'eni-web', InterfaceType: 'interface', SubnetId: 'subnet-pub' },
      { NetworkInterfaceId: 'eni-db', InterfaceType: 'interface', SubnetId: 'subnet-priv' },
      { NetworkInterfaceId: 'eni-nat', InterfaceType: 'natGateway', RequesterManaged: true, SubnetId: 'subnet-pub' },
      { NetworkInterfaceId: 'eni-spare', InterfaceType: 'interface', SubnetId: 'subnet-priv', Status: 'available', Groups: [{ GroupId: 'sg-db' }] },
    ],
    volumes: [{ VolumeId: 'vol-web', Size: 8, Attachments: [{ InstanceId: 'i-web', DeleteOnTermination: true }] }],
    addresses: [
      { AllocationId: 'eipalloc-web', PublicIp: '198.51.100.1', InstanceId: 'i-web', AssociationId: 'eipassoc-web' },
      { AllocationId: 'eipalloc-nat', PublicIp: '198.51.100.2', NetworkInterfaceId: 'eni-nat', AssociationId: 'eipassoc-nat' },
    ],
    idleAddresses: [{ AllocationId: 'eipalloc-idle', PublicIp: '203.0.113.9' }],
    keyPairs: [{ KeyPairId: 'key-1', KeyName: 'my-key' }],
    peerings: [],
    transitGatewayAttachments: [],
    endpoints: [],
    ...over,
  };
}

/** When each item is deleted, as the engine orders the teardown: the deletes each one waits for, transitively. */
function waitsFor(plan: ReturnType<typeof planTeardown>): (key: string) => Set<string> {
  const resources = teardownResources(plan);
  const rdeps = dependents(resources);
  topoOrder(resources); // no cycle
  const memo = new Map<string, Set<string>>();
  const all = (key: string): Set<string> => {
    if (!memo.has(key)) memo.set(key, new Set((rdeps.get(key) ?? []).flatMap((k) => [k, ...all(k)])));
    return memo.get(key)!;
  };
  return all;
}

describe('destroy --vpc: the plan', () => {
  it('deletes everything but the main route table, the default group and the default ACL; the VPC waits for all of it', () => {
    const plan = planTeardown(facts());
    const keys = plan.items.map((i) => i.key).sort();
    expect(keys).toEqual(
      [
        'address:eipalloc-nat', 'address:eipalloc-web', 'groupRules:sg-db', 'groupRules:sg-web', 'instance:i-db', 'instance:i-web',
        'internetGateway:igw-1', 'natGateway:nat-1', 'networkAcl:acl-mine', 'networkInterface:eni-spare', 'routeTable:rtb-priv', 'routeTable:rtb-pub',
        'securityGroup:sg-db', 'securityGroup:sg-web', 'subnet:subnet-priv', 'subnet:subnet-pub', 'vpc:vpc-1',
      ].sort(),
    );
    const before = waitsFor(plan);
    expect([...before('vpc:vpc-1')].sort()).toEqual(keys.filter((k) => k !== 'vpc:vpc-1'));
  });

  it('orders the deletes as AWS requires', () => {
    const before = waitsFor(planTeardown(facts()));
    // A NAT gateway's address is released once it is deleted; the gateway detaches once nothing maps an address.
    expect(before('address:eipalloc-nat')).toContain('natGateway:nat-1');
    for (const k of ['natGateway:nat-1', 'instance:i-web', 'address:eipalloc-web', 'address:eipalloc-nat']) expect(before('internetGateway:igw-1')).toContain(k);
    // Each group goes once the other's rule naming it is revoked, and once no instance or interface uses it.
    expect(before('securityGroup:sg-web')).toContain('groupRules:sg-db');
    expect(before('securityGroup:sg-db')).toContain('groupRules:sg-web');
    expect(before('securityGroup:sg-db')).toEqual(expect.any(Set));
    expect([...before('securityGroup:sg-db')]).toEqual(expect.arrayContaining(['instance:i-db', 'networkInterface:eni-spare']));
    // Subnets once nothing is in them; the custom ACL once its subnet is gone.
    expect([...before('subnet:subnet-pub')]).toEqual(expect.arrayContaining(['natGateway:nat-1', 'instance:i-web']));
    expect([...before('subnet:subnet-priv')]).toEqual(expect.arrayContaining(['instance:i-db', 'networkInterface:eni-spare']));
    expect(before('networkAcl:acl-mine')).toContain('subnet:subnet-priv');
    // The NAT gateway and the instances wait for nothing: they start at once, side by side.
    for (const k of ['natGateway:nat-1', 'instance:i-web', 'instance:i-db']) expect(before(k).size).toBe(0);
  });

  it('revokes exactly the rules that name another group of the VPC (not a group\'s rule naming itself)', () => {
    const plan = planTeardown(facts());
    const web = plan.items.find((i) => i.key === 'groupRules:sg-web')!;
    expect(JSON.parse(web.attrs.ingress!)).toEqual([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, UserIdGroupPairs: [{ GroupId: 'sg-db' }] }]);
    expect(plan.items.find((i) => i.key === 'groupRules:sg-default')).toBeUndefined();
  });

  it('prices what bills: the NAT gateway, a running instance with its volume, each address; a stopped instance\'s compute stops already', () => {
    const plan = planTeardown(facts());
    const p = PRICES['us-east-1'];
    const hourly = (key: string) => plan.items.find((i) => i.key === key)!.hourly;
    expect(hourly('natGateway:nat-1')).toBe(p.natHour);
    expect(hourly('instance:i-web')).toBeCloseTo(p.instanceHour['t3.micro'] + (8 * p.gp3GbMonth) / 730, 6);
    expect(hourly('instance:i-db')).toBe(0);
    expect(hourly('address:eipalloc-web')).toBe(p.ipv4Hour);
    expect(plan.hourly).toBeCloseTo(p.natHour + p.instanceHour['t3.micro'] + (8 * p.gp3GbMonth) / 730 + 2 * p.ipv4Hour, 6);
    expect(plan.monthly).toBeCloseTo(plan.hourly * 730, 6);
    expect(planTeardown(facts({ region: 'sa-east-1' })).unpriced).toBeGreaterThan(0);
  });

  it('leaves the key pair and the region\'s idle addresses alone, listed; deletes them when asked', () => {
    const plan = planTeardown(facts());
    expect(plan.leftAlone.map((l) => l.id)).toEqual(['key-1', 'eipalloc-idle']);
    expect(plan.items.some((i) => i.id === 'eipalloc-idle' || i.id === 'key-1')).toBe(false);
    const asked = planTeardown(facts(), { keyPair: true, alsoDelete: new Set(['eipalloc-idle']) });
    expect(asked.leftAlone).toEqual([]);
    expect(asked.items.map((i) => i.key)).toEqual(expect.arrayContaining(['keyPair:key-1', 'address:eipalloc-idle']));
    expect(waitsFor(asked)('keyPair:key-1')).toContain('instance:i-web');
  });

  it('finds what it does not remove: other services\' interfaces, peering, transit gateway attachments, endpoints (not the NAT gateway\'s own interface)', () => {
    expect(planTeardown(facts()).foreign).toEqual([]);
    const plan = planTeardown(
      facts({
        interfaces: [
          ...facts().interfaces,
          { NetworkInterfaceId: 'eni-lb', InterfaceType: 'network_load_balancer', RequesterManaged: true, Description: 'ELB net/my-nlb/1' },
          { NetworkInterfaceId: 'eni-rds', InterfaceType: 'interface', RequesterManaged: true, Description: 'RDSNetworkInterface' },
        ],
        peerings: [{ VpcPeeringConnectionId: 'pcx-1', Status: { Code: 'active' } }, { VpcPeeringConnectionId: 'pcx-old', Status: { Code: 'deleted' } }],
        transitGatewayAttachments: [{ TransitGatewayAttachmentId: 'tgw-attach-1', State: 'available', TransitGatewayId: 'tgw-1' }],
        endpoints: [{ VpcEndpointId: 'vpce-1', State: 'Available', VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.ssm' }],
      }),
    );
    expect(plan.foreign.map((f) => f.id)).toEqual(['eni-lb', 'eni-rds', 'pcx-1', 'tgw-attach-1', 'vpce-1']);
    expect(plan.items.some((i) => i.id === 'eni-lb' || i.id === 'eni-rds')).toBe(false);
  });

  it('--nat-only: the NAT gateway and its address; a NAT instance and its address; nothing else', () => {
    expect(planTeardown(facts(), { natOnly: true }).items.map((i) => i.key).sort()).toEqual(['address:eipalloc-nat', 'natGateway:nat-1']);
    const natInstance = facts({
      natGateways: [],
      instances: [...facts().instances, { InstanceId: 'i-nat', InstanceType: 't4g.nano', State: { Name: 'running' }, SourceDestCheck: false, NetworkInterfaces: [{ NetworkInterfaceId: 'eni-natinst' }] }],
      routeTables: [{ RouteTableId: 'rtb-priv', Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NetworkInterfaceId: 'eni-natinst' }] }],
      addresses: [...facts().addresses.slice(0, 1), { AllocationId: 'eipalloc-natinst', InstanceId: 'i-nat', AssociationId: 'eipassoc-x' }],
    });
    expect(planTeardown(natInstance, { natOnly: true }).items.map((i) => i.key).sort()).toEqual(['address:eipalloc-natinst', 'instance:i-nat']);
  });

  it('an address a killed run recorded is released though its NAT gateway is gone', () => {
    const gone = facts({ natGateways: [], addresses: [{ AllocationId: 'eipalloc-nat', PublicIp: '198.51.100.2' }] });
    expect(planTeardown(gone, { natOnly: true, recorded: new Set(['eipalloc-nat']) }).items.map((i) => i.key)).toEqual(['address:eipalloc-nat']);
    expect(planTeardown(gone).items.map((i) => i.key)).toContain('address:eipalloc-nat');
  });

  it('policy --vpc holds every action the teardown calls: its deletes, and its listings', () => {
    const allowed = new Set(TEARDOWN_SAMPLE.flatMap((st) => st.Action));
    for (const action of [...Object.values(DELETES).flatMap((d) => d.actions), ...TEARDOWN_READS]) expect(allowed, action).toContain(action);
    // Where IAM knows the VPC, only in it.
    for (const st of TEARDOWN_SAMPLE.filter((x) => x.Sid.startsWith('TeardownInVpc'))) expect(st.Condition).toEqual({ ArnEquals: { 'ec2:Vpc': 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1' } });
  });
});
