/**
 * A failed finding's fix as an AWS CLI command, with the IDs filled in (issue 26 item 3):
 * the same fix as the console's menu path (the finding's `fix` Words), one command line a
 * learner can paste. Made from the fix's own key and values, and from the snapshot where
 * the command needs an ID the sentence does not name (the route table to associate, an
 * Elastic IP's association). Undefined where no AWS CLI command does it (Apache, MariaDB:
 * on the server itself).
 */
import type { Words } from '../../engine/errors.js';
import type { Roles, VpcSnapshot } from '../core/snapshot.js';
import type { Finding } from '../../engine/finding.js';
import { defaultRoute, groupIdsOf, isActive, isInternetGateway } from './facts.js';

export interface CliContext {
  snapshot: VpcSnapshot;
  roles: Roles;
  /** "My IP" as a CIDR (check --from, or this machine's public address). */
  from?: string;
}

const AMI = 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';
const DNS_ON = (vpc: string) =>
  `aws ec2 modify-vpc-attribute --vpc-id ${vpc} --enable-dns-support '{"Value":true}' && aws ec2 modify-vpc-attribute --vpc-id ${vpc} --enable-dns-hostnames '{"Value":true}'`;
const NEW_EIP = 'ALLOC=$(aws ec2 allocate-address --domain vpc --query AllocationId --output text)';

/** One inbound permission as --ip-permissions takes it. */
function permission(protocol: string, port: number | undefined, source: { cidr?: string; group?: string }): string {
  const ports = protocol === 'icmp' ? 'FromPort=-1,ToPort=-1' : `FromPort=${port},ToPort=${port}`;
  const from = source.group ? `UserIdGroupPairs=[{GroupId=${source.group}}]` : `IpRanges=[{CidrIp=${source.cidr}}]`;
  return `IpProtocol=${protocol},${ports},${from}`;
}

/** Where a fix's rule lets traffic in from: My IP, anywhere, or the web server's group. */
function sourceOf(source: string, webGroup: string | undefined, ctx: CliContext): { cidr?: string; group?: string } {
  if (source === 'webGroup') return { group: webGroup ?? '<web-server-group-id>' };
  if (source === 'anywhere') return { cidr: '0.0.0.0/0' };
  return { cidr: ctx.from ?? '<your-ip>/32' };
}

/** create-route, or replace-route when the table has a 0.0.0.0/0 route already. */
function route(ctx: CliContext, table: string | undefined, target: string): string {
  const t = ctx.snapshot.routeTables.find((x) => x.RouteTableId === table);
  const verb = defaultRoute(t) ? 'replace-route' : 'create-route';
  return `aws ec2 ${verb} --route-table-id ${table ?? '<route-table-id>'} --destination-cidr-block 0.0.0.0/0 ${target}`;
}

const natTarget = (nat: string) => (nat.startsWith('nat-') ? `--nat-gateway-id ${nat}` : `--instance-id ${nat}`);

/** The table the learner made for the public subnet: one of the VPC's, not the main one, routing 0.0.0.0/0 to an internet gateway. */
function publicTable(ctx: CliContext): string | undefined {
  return ctx.snapshot.routeTables.find((t) => !t.Associations?.some((a) => a.Main) && [defaultRoute(t)].some((r) => r && isActive(r) && isInternetGateway(r.GatewayId)))?.RouteTableId;
}

/** A fresh /24 of the VPC's CIDR the subnets do not use yet (the tutorial's shape), or a placeholder. */
function freeSubnet(ctx: CliContext): string {
  const vpc = ctx.snapshot.vpc.CidrBlock ?? '';
  const [a, b] = vpc.split('.');
  const used = new Set(ctx.snapshot.subnets.map((x) => x.CidrBlock));
  for (let third = 1; third < 255 && a && b; third++) if (!used.has(`${a}.${b}.${third}.0/24`)) return `${a}.${b}.${third}.0/24`;
  return `<a free /24 inside ${vpc}>`;
}

type Make = (ctx: CliContext, ...values: never[]) => string | undefined;

/** Each fix's command, by the fix's key; its values as the sentence takes them. */
const COMMANDS: Record<string, Make> = {
  fix_igwCreate: (_ctx, vpc: string) =>
    `IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text) && aws ec2 attach-internet-gateway --internet-gateway-id "$IGW" --vpc-id ${vpc}`,
  fix_igwAttach: (_ctx, id: string, vpc: string) => `aws ec2 attach-internet-gateway --internet-gateway-id ${id} --vpc-id ${vpc}`,
  fix_subnetCreate: (ctx) => `aws ec2 create-subnet --vpc-id ${ctx.roles.vpc} --cidr-block ${freeSubnet(ctx)}`,
  fix_subnetSize: (ctx) => `aws ec2 create-subnet --vpc-id ${ctx.roles.vpc} --cidr-block ${freeSubnet(ctx)}`,
  fix_associate: (ctx, subnet: string) => {
    const table = subnet === ctx.roles.publicSubnet ? publicTable(ctx) : undefined;
    return `aws ec2 associate-route-table --route-table-id ${table ?? '<route-table-id>'} --subnet-id ${subnet}`;
  },
  fix_associateTable: (_ctx, table: string, subnet: string) => `aws ec2 associate-route-table --route-table-id ${table} --subnet-id ${subnet}`,
  fix_publicRoute: (ctx, table: string | undefined, igw: string | undefined) => route(ctx, table, `--gateway-id ${igw ?? ctx.roles.internetGateway ?? '<igw-id>'}`),
  fix_privateNoIgw: (ctx, table: string | undefined) => {
    const t = ctx.snapshot.routeTables.find((x) => x.RouteTableId === table);
    const r = t?.Routes?.find((x) => isInternetGateway(x.GatewayId));
    return `aws ec2 delete-route --route-table-id ${table} --destination-cidr-block ${r?.DestinationCidrBlock ?? '0.0.0.0/0'}`;
  },
  fix_dns: (ctx, vpc: string | undefined) => DNS_ON(vpc ?? ctx.roles.vpc),
  fix_launch: (ctx, name: string, subnet: string | undefined) => {
    const key = ctx.snapshot.keyPairs[0]?.KeyName ?? '<key-pair-name>';
    const address = name === 'web' ? '--associate-public-ip-address' : '--no-associate-public-ip-address';
    return `aws ec2 run-instances --image-id ${AMI} --instance-type t3.micro --key-name ${key} --subnet-id ${subnet ?? '<subnet-id>'} ${address}`;
  },
  fix_startServer: (_ctx, id: string) => `aws ec2 start-instances --instance-ids ${id}`,
  fix_elasticIp: (_ctx, id: string) => `${NEW_EIP} && aws ec2 associate-address --allocation-id "$ALLOC" --instance-id ${id}`,
  fix_inbound: (ctx, group: string | undefined, protocol: string, port: number | undefined, source: string, webGroup: string | undefined) =>
    `aws ec2 authorize-security-group-ingress --group-id ${group} --ip-permissions '${permission(protocol, port, sourceOf(source, webGroup, ctx))}'`,
  fix_closeWorld: (ctx, group: string | undefined, protocol: string, port: number | undefined, source: string, webGroup: string | undefined) =>
    `aws ec2 revoke-security-group-ingress --group-id ${group} --ip-permissions '${permission(protocol, port, { cidr: '0.0.0.0/0' })}' && aws ec2 authorize-security-group-ingress --group-id ${group} --ip-permissions '${permission(protocol, port, sourceOf(source, webGroup, ctx))}'`,
  fix_dbPublic: (ctx, id: string) => {
    const eip = ctx.snapshot.addresses.find((a) => a.InstanceId === id && a.AssociationId);
    return eip ? `aws ec2 disassociate-address --association-id ${eip.AssociationId}` : undefined;
  },
  fix_natCreate: (_ctx, subnet: string | undefined) => `${NEW_EIP} && aws ec2 create-nat-gateway --subnet-id ${subnet ?? '<public-subnet-id>'} --allocation-id "$ALLOC"`,
  fix_ping: (ctx) => {
    const group = (id: string | undefined) => groupIdsOf(ctx.snapshot.instances.find((i) => i.InstanceId === id) ?? {})[0];
    return `aws ec2 authorize-security-group-ingress --group-id ${group(ctx.roles.db) ?? '<db-server-group-id>'} --ip-permissions '${permission('icmp', undefined, { group: group(ctx.roles.web) ?? '<web-server-group-id>' })}'`;
  },
  fix_sourceDestCheck: (_ctx, id: string) => `aws ec2 modify-instance-attribute --instance-id ${id} --no-source-dest-check`,
  fix_privateRoute: (ctx, table: string | undefined, nat: string) => route(ctx, table, natTarget(nat)),
};

/** The AWS CLI command of a fix, or undefined when none does it. */
export function cliOf(fix: Words | undefined, ctx: CliContext): string | undefined {
  if (!fix) return undefined;
  const [key, ...values] = fix as unknown as [string, ...never[]];
  return COMMANDS[key]?.(ctx, ...values);
}

/** Is there a command for this fix key (the unit test's check that every fix a rule gives has one). */
export const hasCli = (key: string): boolean => key in COMMANDS;

/** The fixes no AWS CLI command does: they are done on the server itself. */
export const ON_THE_SERVER = ['fix_apache', 'fix_mariadb'];

/** Each failed finding with its fix as an AWS CLI command beside the console's path. */
export function withCli(findings: Finding[], ctx: CliContext): Finding[] {
  return findings.map((f) => {
    const cli = f.ok === false ? cliOf(f.fix, ctx) : undefined;
    return cli ? { ...f, cli } : f;
  });
}
