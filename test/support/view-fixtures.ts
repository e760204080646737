// Views' fixtures: a lab context that never talks to AWS, and a whole lab as EC2 describes it
// (views.test.ts, columns.test.ts).
import { VirtualClock } from '../../src/engine/clock.js';
import type { StepEvents } from '../../src/engine/resource.js';
import { StateStore } from '../../src/engine/state.js';
import type { LabSettings } from '../../src/lab/core/config.js';
import type { Clients, LabContext } from '../../src/lab/core/context.js';
import type { Roles, VpcSnapshot } from '../../src/lab/core/snapshot.js';
import { createContext } from '../../src/lab/session.js';
import { LAB_SETTINGS } from './lab-settings.js';

export const WEB_IP = '203.0.113.10';
export const DB_IP = '10.0.2.57';

// --- a context that never talks to AWS --------------------------------------------------

const untouchable = {
  send: () => {
    throw new Error('no AWS call may be made while rendering');
  },
};

export const SETTINGS: LabSettings = { ...LAB_SETTINGS, sshCidr: '203.0.113.7/32' };

const quiet: StepEvents = { started() {}, progress() {}, finished() {}, failed() {} };

export function context(settings: Partial<LabSettings> = {}): LabContext {
  return createContext({
    clients: { ec2: untouchable, ec2Once: untouchable, ssm: untouchable, scheduler: untouchable, iam: untouchable, sts: untouchable } as unknown as Clients,
    settings: { ...SETTINGS, ...settings },
    stateDir: '/tmp/aws-lab-state',
    state: StateStore.inMemory('aws-lab'),
    clock: new VirtualClock(),
    events: quiet,
    signal: new AbortController().signal,
  });
}

/** The lab above as EC2 describes it (status draws from EC2's own items), and which part each plays. */
export function describedLab(): { snapshot: VpcSnapshot; roles: Roles } {
  const vpc = 'vpc-0a1b2c3d4e5f60718';
  const igw = 'igw-0a1b2c3d4e5f60718';
  const nat = 'nat-0123456789abcdef0';
  const [web, db] = ['i-0123456789abcdef0', 'i-0fedcba9876543210'];
  const local = { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' as const };
  const fromWeb = (p: { IpProtocol: string; FromPort: number; ToPort: number }) => ({ ...p, UserIdGroupPairs: [{ GroupId: 'sg-0web' }] });
  const snapshot: VpcSnapshot = {
    region: 'us-east-1',
    vpc: { VpcId: vpc, CidrBlock: '10.0.0.0/16' },
    subnets: [
      { SubnetId: 'subnet-0aaa', VpcId: vpc, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' },
      { SubnetId: 'subnet-0bbb', VpcId: vpc, CidrBlock: '10.0.2.0/24', AvailabilityZone: 'us-east-1a' },
    ],
    routeTables: [
      { RouteTableId: 'rtb-0aaa', VpcId: vpc, Associations: [{ SubnetId: 'subnet-0aaa' }], Routes: [local, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw, State: 'active' }] },
      { RouteTableId: 'rtb-0bbb', VpcId: vpc, Associations: [{ SubnetId: 'subnet-0bbb' }], Routes: [local, { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat, State: 'active' }] },
    ],
    internetGateways: [{ InternetGatewayId: igw, Attachments: [{ VpcId: vpc, State: 'attached' }] }],
    natGateways: [{ NatGatewayId: nat, VpcId: vpc, SubnetId: 'subnet-0aaa', State: 'available', NatGatewayAddresses: [{ PublicIp: '203.0.113.20', AllocationId: 'eipalloc-0fedcba9876543210' }] }],
    instances: [
      // The address it booted with; its Elastic IP is drawn instead.
      { InstanceId: web, VpcId: vpc, SubnetId: 'subnet-0aaa', PrivateIpAddress: '10.0.1.23', PublicIpAddress: '198.51.100.99', State: { Name: 'running' }, SecurityGroups: [{ GroupId: 'sg-0web' }] },
      { InstanceId: db, VpcId: vpc, SubnetId: 'subnet-0bbb', PrivateIpAddress: DB_IP, State: { Name: 'running' }, SecurityGroups: [{ GroupId: 'sg-0db' }] },
    ],
    securityGroups: [
      { GroupId: 'sg-0web', VpcId: vpc, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '203.0.113.7/32' }] }, { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
      { GroupId: 'sg-0db', VpcId: vpc, IpPermissions: [fromWeb({ IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306 }), fromWeb({ IpProtocol: 'icmp', FromPort: -1, ToPort: -1 }), fromWeb({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 })] },
    ],
    networkAcls: [],
    addresses: [
      { AllocationId: 'eipalloc-0123456789abcdef0', PublicIp: WEB_IP, InstanceId: web, AssociationId: 'eipassoc-0123456789abcdef0' },
      { AllocationId: 'eipalloc-0fedcba9876543210', PublicIp: '203.0.113.20' },
    ],
    keyPairs: [],
  };
  return { snapshot, roles: { vpc, publicSubnet: 'subnet-0aaa', privateSubnet: 'subnet-0bbb', internetGateway: igw, web, db, nat: { kind: 'gateway', id: nat } } };
}

