import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateKeyPairCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteKeyPairCommand,
  DeleteNatGatewayCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DetachInternetGatewayCommand,
  DisassociateAddressCommand,
  DisassociateRouteTableCommand,
  ImportKeyPairCommand,
  ModifyInstanceAttributeCommand,
  ReleaseAddressCommand,
  ReplaceRouteCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
  type _InstanceType,
} from '@aws-sdk/client-ec2';
import { SimulatePrincipalPolicyCommand, type ContextEntry, type IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { Tag } from '@aws-sdk/client-ec2';
import { EC2_KINDS, type Ec2Kind, type Ec2KindName } from './ec2-kinds.js';
import { errorCode, isAccessDenied } from './errors.js';
import type { Sender } from './retry.js';

/**
 * Asking EC2 whether a call would be allowed, without making it: the same call with
 * DryRun=true. AWS answers DryRunOperation when the policy allows it and
 * UnauthorizedOperation when it does not. Each probe carries what the real call carries —
 * the lab's tags on a create, its instance type, the lab's own resources where they exist —
 * and placeholders for the ones not made yet: AWS may answer a NotFound for those, which
 * is "could not tell", and a policy scoped to the tool's tags refuses them whatever it
 * allows, so such a refusal is `placeholder` (the caller asks IAM's simulator instead).
 */
export type Verdict = 'allowed' | 'refused' | 'unknown';

export interface ActionCheck {
  action: string;
  verdict: Verdict;
  /** What AWS answered, for --debug. */
  answer: string;
  /** Refused, but the probe named a placeholder: a tag-scoped policy refuses that whatever it allows. */
  placeholder?: boolean;
}

/** What a probe carries of the real call: the lab's tags, its instance type, its resources made so far. */
export interface ProbeInput {
  tags: Tag[];
  instanceType: string;
  /** The lab's existing resources, by the kind of placeholder they stand in for. */
  ids: Partial<Record<Placeholder, string>>;
}

/** A placeholder ID of each kind a probe names: the kind's prefix, then digits no resource has. */
const placeholder = (kind: Ec2KindName) => `${EC2_KINDS[kind].prefix}0aws1ab5e70000000`;
const PLACEHOLDERS = {
  vpc: placeholder('vpc'),
  subnet: placeholder('subnet'),
  igw: placeholder('internetGateway'),
  rtb: placeholder('routeTable'),
  rtbassoc: placeholder('association'),
  sg: placeholder('securityGroup'),
  instance: placeholder('instance'),
  eipalloc: placeholder('address'),
  // An address's association: seen only in its address, not a kind of its own.
  eipassoc: 'eipassoc-0aws1ab5e70000000',
  nat: placeholder('natGateway'),
  ami: 'ami-0aws1ab5e70000000',
  // A key pair is named, not numbered: a name no key has.
  keyName: 'aws-lab-setup-0aws1ab5e70000000',
};
export type Placeholder = keyof typeof PLACEHOLDERS;
const isPlaceholder = (value: unknown): boolean => JSON.stringify(value ?? null).includes('0aws1ab5e70000000');
// Each probe names its command class: a lookup by name in the whole module would bundle
// every one of EC2's ~750 commands into every command that loads the SDK.
type Probe = (p: ProbeInput) => { command: unknown; input: unknown };
type Ids = Record<Placeholder, string>;
const probe = <C extends new (...args: any[]) => unknown>(Command: C, input: (P: Ids, p: ProbeInput) => NonNullable<ConstructorParameters<C>[0]>): Probe => (p) => {
  const made = input({ ...PLACEHOLDERS, ...p.ids }, p);
  return { command: new Command({ ...made, DryRun: true }), input: made };
};
/** A create's tags, as the real call sends them (TagSpecifications of each type it makes). */
const tagged = (p: ProbeInput, ...kinds: (Ec2KindName | 'volume')[]) => ({
  TagSpecifications: kinds.map((k) => ({ ResourceType: k === 'volume' ? ('volume' as const) : (EC2_KINDS[k] as Ec2Kind).tagResource!, Tags: p.tags })),
});

const CIDR = '10.255.0.0/16';
const RULE = [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '192.0.2.1/32' }] }];

/**
 * The smallest input each EC2 mutating action of the lab accepts, keyed by its name.
 * Only actions whose API has a DryRun parameter: ModifyVpcAttribute has none, and a probe
 * of it would be a real call.
 */
const PROBES: Record<string, Probe> = {
  CreateVpc: probe(CreateVpcCommand, (_, p) => ({ CidrBlock: CIDR, ...tagged(p, 'vpc') })),
  DeleteVpc: probe(DeleteVpcCommand, (P) => ({ VpcId: P.vpc })),
  CreateSubnet: probe(CreateSubnetCommand, (P, p) => ({ VpcId: P.vpc, CidrBlock: CIDR, ...tagged(p, 'subnet') })),
  DeleteSubnet: probe(DeleteSubnetCommand, (P) => ({ SubnetId: P.subnet })),
  CreateInternetGateway: probe(CreateInternetGatewayCommand, (_, p) => tagged(p, 'internetGateway')),
  AttachInternetGateway: probe(AttachInternetGatewayCommand, (P) => ({ InternetGatewayId: P.igw, VpcId: P.vpc })),
  DetachInternetGateway: probe(DetachInternetGatewayCommand, (P) => ({ InternetGatewayId: P.igw, VpcId: P.vpc })),
  DeleteInternetGateway: probe(DeleteInternetGatewayCommand, (P) => ({ InternetGatewayId: P.igw })),
  CreateRouteTable: probe(CreateRouteTableCommand, (P, p) => ({ VpcId: P.vpc, ...tagged(p, 'routeTable') })),
  DeleteRouteTable: probe(DeleteRouteTableCommand, (P) => ({ RouteTableId: P.rtb })),
  CreateRoute: probe(CreateRouteCommand, (P) => ({ RouteTableId: P.rtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: P.igw })),
  ReplaceRoute: probe(ReplaceRouteCommand, (P) => ({ RouteTableId: P.rtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: P.igw })),
  DeleteRoute: probe(DeleteRouteCommand, (P) => ({ RouteTableId: P.rtb, DestinationCidrBlock: '0.0.0.0/0' })),
  AssociateRouteTable: probe(AssociateRouteTableCommand, (P) => ({ RouteTableId: P.rtb, SubnetId: P.subnet })),
  DisassociateRouteTable: probe(DisassociateRouteTableCommand, (P) => ({ AssociationId: P.rtbassoc })),
  CreateSecurityGroup: probe(CreateSecurityGroupCommand, (P, p) => ({ GroupName: 'aws-lab-setup-permission-check', Description: 'permission check', VpcId: P.vpc, ...tagged(p, 'securityGroup') })),
  AuthorizeSecurityGroupIngress: probe(AuthorizeSecurityGroupIngressCommand, (P) => ({ GroupId: P.sg, IpPermissions: RULE })),
  RevokeSecurityGroupIngress: probe(RevokeSecurityGroupIngressCommand, (P) => ({ GroupId: P.sg, IpPermissions: RULE })),
  DeleteSecurityGroup: probe(DeleteSecurityGroupCommand, (P) => ({ GroupId: P.sg })),
  CreateKeyPair: probe(CreateKeyPairCommand, (_, p) => ({ KeyName: 'aws-lab-setup-permission-check', ...tagged(p, 'keyPair') })),
  ImportKeyPair: probe(ImportKeyPairCommand, (_, p) => ({ ...tagged(p, 'keyPair'), KeyName: 'aws-lab-setup-permission-check', PublicKeyMaterial: new TextEncoder().encode('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAwR0pgy6Ib6wBGKhJ2yDMCS1FqW9HVBh3bKiCMwT9dB check') })),
  DeleteKeyPair: probe(DeleteKeyPairCommand, (P) => ({ KeyName: P.keyName })),
  // IMDSv2 as the real launch asks it: a policy that demands it refuses a launch without.
  RunInstances: probe(RunInstancesCommand, (P, p) => ({
    ...{ ImageId: P.ami, InstanceType: p.instanceType as _InstanceType, MinCount: 1, MaxCount: 1, SubnetId: P.subnet, SecurityGroupIds: [P.sg], KeyName: P.keyName },
    ...{ MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' } as const, ...tagged(p, 'instance', 'volume') },
  })),
  StartInstances: probe(StartInstancesCommand, (P) => ({ InstanceIds: [P.instance] })),
  StopInstances: probe(StopInstancesCommand, (P) => ({ InstanceIds: [P.instance] })),
  TerminateInstances: probe(TerminateInstancesCommand, (P) => ({ InstanceIds: [P.instance] })),
  ModifyInstanceAttribute: probe(ModifyInstanceAttributeCommand, (P) => ({ InstanceId: P.instance, SourceDestCheck: { Value: false } })),
  AllocateAddress: probe(AllocateAddressCommand, (_, p) => ({ Domain: 'vpc' as const, ...tagged(p, 'address') })),
  AssociateAddress: probe(AssociateAddressCommand, (P) => ({ AllocationId: P.eipalloc, InstanceId: P.instance })),
  DisassociateAddress: probe(DisassociateAddressCommand, (P) => ({ AssociationId: P.eipassoc })),
  ReleaseAddress: probe(ReleaseAddressCommand, (P) => ({ AllocationId: P.eipalloc })),
  CreateNatGateway: probe(CreateNatGatewayCommand, (P, p) => ({ SubnetId: P.subnet, AllocationId: P.eipalloc, ...tagged(p, 'natGateway') })),
  DeleteNatGateway: probe(DeleteNatGatewayCommand, (P) => ({ NatGatewayId: P.nat })),
  // Tags only as part of a create (the printed policy allows no other): a create that carries them.
  CreateTags: probe(CreateVpcCommand, (_, p) => ({ CidrBlock: CIDR, ...tagged(p, 'vpc') })),
};

/** EC2 actions this module knows how to ask about ("ec2:CreateVpc" → true). */
export function canDryRun(action: string): boolean {
  const [service, name] = action.split(':');
  return service === 'ec2' && name in PROBES;
}

export function classifyDryRun(err: unknown): Verdict {
  const code = errorCode(err);
  if (code === 'DryRunOperation') return 'allowed';
  return isAccessDenied(err) ? 'refused' : 'unknown';
}

/**
 * One dry run, sent once on `probe`. An answer without an error means the endpoint
 * ignored DryRun (moto does for CreateVpc) and really made something: it is removed again
 * at once, through `cleanup` — a sender with the retries of any other call (the SDK's and
 * withRetries), since the probe's single attempt would leave the VPC behind at the first
 * throttled answer.
 */
export async function dryRun(probe: Sender<EC2Client>, action: string, cleanup: Sender<EC2Client>, input: ProbeInput): Promise<ActionCheck> {
  let out: { Vpc?: { VpcId?: string } } | undefined;
  const { command, input: sent } = PROBES[action.split(':')[1]](input);
  try {
    out = (await probe.send(command as never)) as typeof out;
  } catch (err) {
    const verdict = classifyDryRun(err);
    return { action, verdict, answer: errorCode(err), ...(verdict === 'refused' && isPlaceholder(sent) ? { placeholder: true } : {}) };
  }
  const made = out?.Vpc?.VpcId;
  if (!made) return { action, verdict: 'unknown', answer: 'the endpoint ignored DryRun' };
  try {
    await cleanup.send(new DeleteVpcCommand({ VpcId: made }));
    return { action, verdict: 'unknown', answer: `the endpoint ignored DryRun (its VPC ${made} was removed)` };
  } catch (err) {
    return { action, verdict: 'unknown', answer: `the endpoint ignored DryRun, and its VPC ${made} could not be removed (${errorCode(err)})` };
  }
}

/** The IAM principal behind an STS caller ARN: an assumed role's session is its role. */
export function principalArn(callerArn: string): string {
  const m = /^arn:([^:]+):sts::(\d+):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : callerArn;
}

/**
 * Actions without a dry run (IAM, Scheduler) are asked of IAM's policy simulator for the
 * caller, with `context`: what the real calls carry that the policy may ask about. Anything that keeps it from answering (it may itself be refused, and emulators
 * lack it) is "could not tell"; the wait is bounded so that it never holds a run up long.
 */
export async function simulate(iam: Sender<IAMClient>, sts: Sender<STSClient>, actions: string[], context: Record<string, string> = {}, timeoutMs = 5_000): Promise<ActionCheck[]> {
  const unknown = (answer: string) => actions.map((action): ActionCheck => ({ action, verdict: 'unknown', answer }));
  if (actions.length === 0) return [];
  try {
    const abortSignal = AbortSignal.timeout(timeoutMs);
    const who = await sts.send(new GetCallerIdentityCommand({}), { abortSignal });
    // What the real calls carry that a policy may ask about: the boundary, the service a role is passed to, the tags.
    const ContextEntries: ContextEntry[] = Object.entries({ 'aws:PrincipalAccount': who.Account!, ...context }).map(([k, v]) => ({ ContextKeyName: k, ContextKeyValues: [v], ContextKeyType: 'string' }));
    const out = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: principalArn(who.Arn!), ActionNames: actions, ContextEntries }), { abortSignal });
    const decision = new Map((out.EvaluationResults ?? []).map((r) => [r.EvalActionName, r.EvalDecision]));
    return actions.map((action) => {
      const d = decision.get(action);
      const verdict: Verdict = d === 'allowed' ? 'allowed' : d === 'explicitDeny' || d === 'implicitDeny' ? 'refused' : 'unknown';
      return { action, verdict, answer: `policy simulator: ${d ?? 'no answer'}` };
    });
  } catch (err) {
    return unknown(`policy simulator: ${errorCode(err)}`);
  }
}
