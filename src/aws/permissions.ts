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
  CreateTagsCommand,
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
} from '@aws-sdk/client-ec2';
import { SimulatePrincipalPolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { EC2_KINDS, type Ec2KindName } from './ec2-kinds.js';
import { errorCode, isAccessDenied } from './errors.js';
import type { Sender } from './retry.js';

/**
 * Asking EC2 whether a call would be allowed, without making it: the same call with
 * DryRun=true. AWS answers DryRunOperation when the policy allows it and
 * UnauthorizedOperation when it does not. The placeholders name resources that do not
 * exist (the lab is not made yet), so AWS may answer a NotFound instead: that is
 * "could not tell", never a refusal.
 */
export type Verdict = 'allowed' | 'refused' | 'unknown';

export interface ActionCheck {
  action: string;
  verdict: Verdict;
  /** What AWS answered, for --debug. */
  answer: string;
}

/** A placeholder ID of each kind a probe names: the kind's prefix, then digits no resource has. */
const placeholder = (kind: Ec2KindName) => `${EC2_KINDS[kind].prefix}0aws1ab5e70000000`;
const P = {
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
};
// Each probe names its command class: a lookup by name in the whole module would bundle
// every one of EC2's ~750 commands into every command that loads the SDK.
type Probe = () => unknown;
const probe = <C extends new (...args: any[]) => unknown>(Command: C, input: NonNullable<ConstructorParameters<C>[0]>): Probe => () =>
  new Command({ ...input, DryRun: true });

const CIDR = '10.255.0.0/16';
const RULE = [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '192.0.2.1/32' }] }];

/**
 * The smallest input each EC2 mutating action of the lab accepts, keyed by its name.
 * Only actions whose API has a DryRun parameter: ModifyVpcAttribute has none, and a probe
 * of it would be a real call.
 */
const PROBES: Record<string, Probe> = {
  CreateVpc: probe(CreateVpcCommand, { CidrBlock: CIDR }),
  DeleteVpc: probe(DeleteVpcCommand, { VpcId: P.vpc }),
  CreateSubnet: probe(CreateSubnetCommand, { VpcId: P.vpc, CidrBlock: CIDR }),
  DeleteSubnet: probe(DeleteSubnetCommand, { SubnetId: P.subnet }),
  CreateInternetGateway: probe(CreateInternetGatewayCommand, {}),
  AttachInternetGateway: probe(AttachInternetGatewayCommand, { InternetGatewayId: P.igw, VpcId: P.vpc }),
  DetachInternetGateway: probe(DetachInternetGatewayCommand, { InternetGatewayId: P.igw, VpcId: P.vpc }),
  DeleteInternetGateway: probe(DeleteInternetGatewayCommand, { InternetGatewayId: P.igw }),
  CreateRouteTable: probe(CreateRouteTableCommand, { VpcId: P.vpc }),
  DeleteRouteTable: probe(DeleteRouteTableCommand, { RouteTableId: P.rtb }),
  CreateRoute: probe(CreateRouteCommand, { RouteTableId: P.rtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: P.igw }),
  ReplaceRoute: probe(ReplaceRouteCommand, { RouteTableId: P.rtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: P.igw }),
  DeleteRoute: probe(DeleteRouteCommand, { RouteTableId: P.rtb, DestinationCidrBlock: '0.0.0.0/0' }),
  AssociateRouteTable: probe(AssociateRouteTableCommand, { RouteTableId: P.rtb, SubnetId: P.subnet }),
  DisassociateRouteTable: probe(DisassociateRouteTableCommand, { AssociationId: P.rtbassoc }),
  CreateSecurityGroup: probe(CreateSecurityGroupCommand, { GroupName: 'aws-lab-setup-permission-check', Description: 'permission check', VpcId: P.vpc }),
  AuthorizeSecurityGroupIngress: probe(AuthorizeSecurityGroupIngressCommand, { GroupId: P.sg, IpPermissions: RULE }),
  RevokeSecurityGroupIngress: probe(RevokeSecurityGroupIngressCommand, { GroupId: P.sg, IpPermissions: RULE }),
  DeleteSecurityGroup: probe(DeleteSecurityGroupCommand, { GroupId: P.sg }),
  CreateKeyPair: probe(CreateKeyPairCommand, { KeyName: 'aws-lab-setup-permission-check' }),
  ImportKeyPair: probe(ImportKeyPairCommand, { KeyName: 'aws-lab-setup-permission-check', PublicKeyMaterial: new TextEncoder().encode('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAwR0pgy6Ib6wBGKhJ2yDMCS1FqW9HVBh3bKiCMwT9dB check') }),
  DeleteKeyPair: probe(DeleteKeyPairCommand, { KeyName: 'aws-lab-setup-permission-check' }),
  // IMDSv2 as the real launch asks it: a policy that demands it refuses a launch without.
  RunInstances: probe(RunInstancesCommand, { ImageId: P.ami, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: P.subnet, MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' } }),
  StartInstances: probe(StartInstancesCommand, { InstanceIds: [P.instance] }),
  StopInstances: probe(StopInstancesCommand, { InstanceIds: [P.instance] }),
  TerminateInstances: probe(TerminateInstancesCommand, { InstanceIds: [P.instance] }),
  ModifyInstanceAttribute: probe(ModifyInstanceAttributeCommand, { InstanceId: P.instance, SourceDestCheck: { Value: false } }),
  AllocateAddress: probe(AllocateAddressCommand, { Domain: 'vpc' }),
  AssociateAddress: probe(AssociateAddressCommand, { AllocationId: P.eipalloc, InstanceId: P.instance }),
  DisassociateAddress: probe(DisassociateAddressCommand, { AssociationId: P.eipassoc }),
  ReleaseAddress: probe(ReleaseAddressCommand, { AllocationId: P.eipalloc }),
  CreateNatGateway: probe(CreateNatGatewayCommand, { SubnetId: P.subnet, AllocationId: P.eipalloc }),
  DeleteNatGateway: probe(DeleteNatGatewayCommand, { NatGatewayId: P.nat }),
  CreateTags: probe(CreateTagsCommand, { Resources: [P.vpc], Tags: [{ Key: 'aws-lab-setup:permission-check', Value: 'true' }] }),
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
export async function dryRun(probe: Sender<EC2Client>, action: string, cleanup: Sender<EC2Client>): Promise<ActionCheck> {
  let out: { Vpc?: { VpcId?: string } } | undefined;
  try {
    out = (await probe.send(PROBES[action.split(':')[1]]() as never)) as typeof out;
  } catch (err) {
    return { action, verdict: classifyDryRun(err), answer: errorCode(err) };
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
 * caller. Anything that keeps it from answering (it may itself be refused, and emulators
 * lack it) is "could not tell"; the wait is bounded so that it never holds a run up long.
 */
export async function simulate(iam: Sender<IAMClient>, sts: Sender<STSClient>, actions: string[], timeoutMs = 5_000): Promise<ActionCheck[]> {
  const unknown = (answer: string) => actions.map((action): ActionCheck => ({ action, verdict: 'unknown', answer }));
  if (actions.length === 0) return [];
  try {
    const abortSignal = AbortSignal.timeout(timeoutMs);
    const who = await sts.send(new GetCallerIdentityCommand({}), { abortSignal });
    const out = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: principalArn(who.Arn!), ActionNames: actions }), { abortSignal });
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
