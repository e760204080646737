/**
 * The test proxy's stage for tearing a VPC down (`destroy --vpc`): where moto is more
 * lenient than EC2 (docs/moto-behaviour.md), answer as EC2 does.
 *
 * Always:
 * - DeleteSecurityGroup of a group another group's rule names: DependencyViolation.
 * - DetachInternetGateway while the VPC has mapped public addresses (a NAT gateway not yet
 *   deleted, an instance not yet terminated with a public or Elastic IP): DependencyViolation.
 * - DeleteSubnet while a network interface or a NAT gateway is in it: DependencyViolation.
 * - DeleteNetworkInterface of a NAT gateway's interface: refused (moto deletes it).
 * With `teardownFaults(...)`:
 * - `natDeletingMs`: a deleted NAT gateway reads `deleting` for that long (moto: `deleted`
 *   at once), and holds its address (ReleaseAddress: InvalidIPAddress.InUse), its subnet
 *   and the gateway's detach meanwhile.
 * - `foreign`: interfaces of other services (a load balancer's, an endpoint's) added to a
 *   VPC's DescribeNetworkInterfaces answer, as EC2 shows them (moto makes none).
 */
import http from 'node:http';
import { DeleteNetworkInterfaceCommand, DescribeNetworkAclsCommand, ReplaceNetworkAclAssociationCommand, DescribeInstancesCommand, DescribeNatGatewaysCommand, DescribeNetworkInterfacesCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { Faults } from './proxy.js';

export interface ForeignInterface {
  vpcId: string;
  subnetId: string;
  id: string;
  interfaceType: string;
  requesterManaged: boolean;
  description: string;
}

export interface TeardownFaults {
  natDeletingMs?: number;
  foreign?: ForeignInterface[];
}

/** Faults with the teardown's own (the proxy's Faults does not list them: this stage reads them). */
export function teardownFaults(t: TeardownFaults, others: Faults = {}): Faults {
  return { ...others, ...t } as Faults;
}

interface StageState {
  target: string;
  proxy: { faults: Faults };
}
interface StageCall {
  req?: http.IncomingMessage;
  res: http.ServerResponse;
  action: string;
  params: URLSearchParams;
}

/** NAT gateways deleted through the proxy: when, with their addresses, interfaces, subnet and VPC. */
type Deleting = { ec2: EC2Client; at: number; allocations: string[]; interfaces: string[]; subnet?: string; vpc?: string };
const deleting = new WeakMap<object, Map<string, Deleting>>();

/**
 * The caller's access key and region, from its signature: moto keeps each account's (an
 * assumed role's keys map to the role's account) and each region's resources apart, and the
 * stage must look where the call goes. Unsigned: the test account, us-east-1.
 */
function signerOf(req: http.IncomingMessage | undefined): { key: string; region: string } {
  const m = /Credential=([^/]+)\/\d+\/([^/]+)\//.exec(String(req?.headers.authorization ?? ''));
  return { key: m?.[1] ?? 'testing', region: m?.[2] ?? 'us-east-1' };
}

/** One client on moto per target, account and region, made on the first call that needs it: most calls pass this stage untouched. */
const clients = new Map<string, EC2Client>();
const ec2Of = (target: string, req?: http.IncomingMessage) => {
  const { key, region } = signerOf(req);
  const id = `${target} ${key} ${region}`;
  if (!clients.has(id)) clients.set(id, new EC2Client({ endpoint: target, region, credentials: { accessKeyId: key, secretAccessKey: 'testing' } }));
  return clients.get(id)!;
};

const ACTIONS = new Set(['DeleteSecurityGroup', 'DetachInternetGateway', 'DeleteSubnet', 'DeleteNetworkInterface', 'DeleteNatGateway', 'ReleaseAddress', 'DescribeNatGateways', 'DescribeNetworkInterfaces']);

function refuse(res: http.ServerResponse, code: string, message: string): true {
  res.writeHead(400, { 'content-type': 'text/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>proxy-teardown</RequestID></Response>`);
  return true;
}

function stillDeleting(s: StageState): Map<string, Deleting> {
  const map = deleting.get(s.proxy) ?? new Map<string, Deleting>();
  deleting.set(s.proxy, map);
  return map;
}

/**
 * NAT gateways whose deleting time is over are deleted: EC2 deletes the interface with the
 * gateway; moto keeps it (in use by nothing, InterfaceType "interface"), and it would hold the subnet.
 */
async function settle(s: StageState): Promise<void> {
  const t = s.proxy.faults as TeardownFaults;
  for (const [id, d] of stillDeleting(s)) {
    if (Date.now() - d.at < (t.natDeletingMs ?? 0)) continue;
    // The interface goes first: a call meanwhile must not see the gateway deleted and its interface still there.
    for (const eni of d.interfaces) await d.ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: eni })).catch(() => undefined);
    stillDeleting(s).delete(id);
  }
}

/** EC2 drops a deleted subnet's network ACL association; moto keeps it, and the ACL cannot be deleted: moved to the default ACL first. */
async function dropAclAssociation(ec2: EC2Client, subnet: string): Promise<void> {
  const acls = (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnet] }] }))).NetworkAcls ?? [];
  const custom = acls.find((a) => !a.IsDefault && a.Associations?.some((x) => x.SubnetId === subnet));
  if (!custom) return;
  const def = ((await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [custom.VpcId!] }, { Name: 'default', Values: ['true'] }] }))).NetworkAcls ?? [])[0];
  const association = custom.Associations!.find((x) => x.SubnetId === subnet)!.NetworkAclAssociationId!;
  if (def) await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: association, NetworkAclId: def.NetworkAclId! }));
}

/** EC2's refusals moto does not make, and the NAT gateway's deleting time. */
export async function playTeardown(s: StageState, c: StageCall): Promise<boolean> {
  if (!ACTIONS.has(c.action)) return false;
  const ec2 = ec2Of(s.target, c.req);
  const t = s.proxy.faults as TeardownFaults;
  const p = (k: string) => c.params.get(k) ?? '';
  await settle(s);
  switch (c.action) {
    case 'DeleteSecurityGroup': {
      const id = p('GroupId');
      const groups = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? [];
      const names = (g: (typeof groups)[number]) => [...(g.IpPermissions ?? []), ...(g.IpPermissionsEgress ?? [])].some((x) => x.UserIdGroupPairs?.some((u) => u.GroupId === id));
      if (groups.some((g) => g.GroupId !== id && names(g))) return refuse(c.res, 'DependencyViolation', `resource ${id} has a dependent object`);
      return false;
    }
    case 'DetachInternetGateway': {
      const vpc = p('VpcId');
      const Filters = [{ Name: 'vpc-id', Values: [vpc] }];
      const [nats, reservations] = await Promise.all([
        ec2.send(new DescribeNatGatewaysCommand({ Filter: Filters })).then((o) => o.NatGateways ?? []),
        ec2.send(new DescribeInstancesCommand({ Filters })).then((o) => o.Reservations ?? []),
      ]);
      const held = stillDeleting(s);
      const mapped =
        nats.some((n) => n.State !== 'deleted' || held.has(n.NatGatewayId!)) ||
        reservations.flatMap((r) => r.Instances ?? []).some((i) => i.State?.Name !== 'terminated' && i.PublicIpAddress);
      if (mapped) return refuse(c.res, 'DependencyViolation', `Network ${vpc} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`);
      return false;
    }
    case 'DeleteSubnet': {
      const subnet = p('SubnetId');
      const listed = (await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'subnet-id', Values: [subnet] }] }))).NetworkInterfaces ?? [];
      // moto keeps a terminated instance's interfaces; EC2 deletes them with it (DeleteOnTermination, true for the primary).
      const owners = [...new Set(listed.map((n) => n.Attachment?.InstanceId).filter((i): i is string => Boolean(i)))];
      const instances = owners.length ? ((await ec2.send(new DescribeInstancesCommand({ InstanceIds: owners }))).Reservations ?? []).flatMap((r) => r.Instances ?? []) : [];
      const terminated = new Set(instances.filter((i) => i.State?.Name === 'terminated').map((i) => i.InstanceId));
      const enis = listed.filter((n) => !terminated.has(n.Attachment?.InstanceId));
      const nats = (await ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: 'subnet-id', Values: [subnet] }] }))).NatGateways ?? [];
      const held = [...stillDeleting(s).values()].some((d) => d.subnet === subnet);
      if (enis.length || held || nats.some((n) => n.State !== 'deleted')) return refuse(c.res, 'DependencyViolation', `The subnet '${subnet}' has dependencies and cannot be deleted.`);
      await dropAclAssociation(ec2, subnet);
      return false;
    }
    case 'DeleteNetworkInterface': {
      const id = p('NetworkInterfaceId');
      const nats = (await ec2.send(new DescribeNatGatewaysCommand({}))).NatGateways ?? [];
      if (nats.some((n) => n.NatGatewayAddresses?.some((a) => a.NetworkInterfaceId === id))) {
        return refuse(c.res, 'OperationNotPermitted', `You do not have permission to access the specified resource. Network interface '${id}' is managed by a NAT gateway.`);
      }
      return false;
    }
    case 'DeleteNatGateway': {
      const id = p('NatGatewayId');
      const n = (await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] })).catch(() => undefined))?.NatGateways?.[0];
      if (n && n.State !== 'deleted') {
        const addresses = n.NatGatewayAddresses ?? [];
        stillDeleting(s).set(id, { ec2, at: Date.now(), allocations: addresses.map((a) => a.AllocationId!), interfaces: addresses.map((a) => a.NetworkInterfaceId!), subnet: n.SubnetId, vpc: n.VpcId });
      }
      return false;
    }
    case 'ReleaseAddress': {
      const id = p('AllocationId');
      if ([...stillDeleting(s).values()].some((d) => d.allocations.includes(id))) return refuse(c.res, 'InvalidIPAddress.InUse', `Address ${id} is in use.`);
      return false;
    }
    case 'DescribeNatGateways':
      return answerDeleting(s, c);
    case 'DescribeNetworkInterfaces':
      return addForeign(s, c, t.foreign ?? []);
    default:
      return false;
  }
}

async function fromMoto(s: StageState, c: StageCall): Promise<string> {
  const body = new URLSearchParams(c.params);
  const res = await fetch(s.target, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: c.req?.headers.authorization ?? 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0' },
    body: body.toString(),
  });
  return res.text();
}

/** A NAT gateway within its deleting time reads `deleting`, as EC2 shows it. */
async function answerDeleting(s: StageState, c: StageCall): Promise<boolean> {
  const held = stillDeleting(s);
  if (!held.size) return false;
  let xml = await fromMoto(s, c);
  for (const id of held.keys()) {
    xml = xml.replace(new RegExp(`(<natGatewayId>${id}</natGatewayId>[\\s\\S]*?<state>)deleted(</state>)`), '$1deleting$2');
    xml = xml.replace(new RegExp(`(<state>)deleted(</state>[\\s\\S]*?<natGatewayId>${id}</natGatewayId>)`), '$1deleting$2');
  }
  c.res.writeHead(200, { 'content-type': 'text/xml' }).end(xml);
  return true;
}

/** Other services' interfaces in a VPC's listing, as EC2 describes them. */
async function addForeign(s: StageState, c: StageCall, foreign: ForeignInterface[]): Promise<boolean> {
  const vpcs = [...c.params.entries()].filter(([k]) => /^Filter\.\d+\.Value\.\d+$/.test(k)).map(([, v]) => v);
  const mine = foreign.filter((f) => vpcs.includes(f.vpcId));
  if (!mine.length) return false;
  const xml = await fromMoto(s, c);
  const items = mine
    .map(
      (f) =>
        `<item><networkInterfaceId>${f.id}</networkInterfaceId><subnetId>${f.subnetId}</subnetId><vpcId>${f.vpcId}</vpcId><description>${f.description}</description><interfaceType>${f.interfaceType}</interfaceType><requesterManaged>${f.requesterManaged}</requesterManaged><status>in-use</status><privateIpAddress>10.0.0.99</privateIpAddress></item>`,
    )
    .join('');
  const out = /<networkInterfaceSet\/>/.test(xml) ? xml.replace('<networkInterfaceSet/>', `<networkInterfaceSet>${items}</networkInterfaceSet>`) : xml.replace('</networkInterfaceSet>', `${items}</networkInterfaceSet>`);
  c.res.writeHead(200, { 'content-type': 'text/xml' }).end(out);
  return true;
}
