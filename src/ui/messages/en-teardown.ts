import type { TeardownKind } from '../../lab/views/teardown.js';

/**
 * English, part of the source catalog (en.ts spreads it): `destroy --vpc`, the teardown of
 * a VPC built by hand — its plan, what it costs, what it leaves alone, its refusals. Its
 * Japanese is ja-teardown.ts.
 */

/** Prices come in said by the catalog's perHour / perMonth (one rounding, figures.ts). */

/** Each kind as the console names it. */
const KIND: Record<TeardownKind, string> = {
  natGateway: 'NAT gateway',
  instance: 'instance',
  volume: 'EBS volume',
  address: 'Elastic IP',
  networkInterface: 'network interface',
  internetGateway: 'internet gateway',
  routeTable: 'route table',
  groupRules: 'rules naming other groups, of security group',
  securityGroup: 'security group',
  subnet: 'subnet',
  networkAcl: 'network ACL',
  keyPair: 'key pair',
  vpc: 'VPC',
};

const FOREIGN: Record<string, string> = {
  interface: 'network interface of another service',
  peering: 'VPC peering connection',
  transitGatewayAttachment: 'transit gateway attachment',
  endpoint: 'VPC endpoint',
};

const named = (name: string | undefined) => (name ? ` "${name}"` : '');

export const enTeardown = {
  help_policyVpc: 'add what tearing down that VPC built by hand needs (destroy --vpc): its ID or Name tag; looked up in AWS with reads only',
  help_policyEndpoint: 'with --vpc: the endpoint to look it up at (an emulator)',
  help_policyProfile: 'with --vpc: the AWS profile to look it up with',
  help_destroyVpc: 'delete a VPC built by hand (its ID or Name tag) and everything in it, Elastic IPs included',
  help_destroyKeyPair: 'with --vpc: delete the key pair of its instances too',
  teardown_item: (kind: TeardownKind, id: string, name: string | undefined, detail: string | undefined) => `${KIND[kind]} ${id}${named(name)}${detail ? ` (${detail})` : ''}`,
  teardown_head: (vpc: string, name: string | undefined, cidr: string | undefined, region: string) => `VPC ${vpc}${named(name)} ${cidr ?? ''} in ${region} — what will be deleted:`,
  teardown_headNat: (vpc: string, name: string | undefined, region: string) => `VPC ${vpc}${named(name)} in ${region} — only its NAT will be deleted:`,
  teardown_price: (usd: string | undefined) => (usd ? usd : 'price unknown'),
  teardown_free: 'no hourly charge',
  teardown_state: (state: string) => state,
  teardown_stops: (hourly: string, monthly: string) => `This stops ${hourly} ${monthly} (data transfer not counted).`,
  teardown_unpriced: (n: number) => `${n} of them not priced: the price table has no price for their type or region.`,
  teardown_leftHead: 'Left alone:',
  teardown_leftKeyPair: (name: string | undefined, id: string) => `key pair ${name ?? id} (free; delete it too with --key-pair)`,
  teardown_leftIdle: (id: string, ip: string | undefined, price: string | undefined) =>
    `Elastic IP ${ip ?? ''} ${id}: associated with nothing, not this VPC's — bills ${price ?? '?'}; release it too with --also-delete ${id}`,
  teardown_confirm: (vpc: string, name: string | undefined) => `Delete VPC ${vpc}${named(name)} and everything listed above?`,
  teardown_done: (count: number, vpc: string) => `Deleted ${count} resource(s): VPC ${vpc} and what was in it are gone, and stop billing.`,
  teardown_natDone: (count: number, vpc: string) => `Deleted ${count} resource(s): the NAT of VPC ${vpc} and its Elastic IP.`,
  teardown_natBack: (tables: string[]) =>
    `The private route (0.0.0.0/0 of route table ${tables.join(', ') || '?'}) is left as you made it: a blackhole now. To make it again, create a NAT gateway in the public subnet with a new Elastic IP (VPC > NAT gateways > Create), then edit that route to point at it.`,
  teardown_nothing: (vpc: string) => `Nothing of VPC ${vpc} is left to delete.`,
  teardown_finishing: (vpc: string) => `An earlier teardown of ${vpc} was stopped: finishing it.`,
  teardown_foreign: (kind: string, id: string, what: string) => `${FOREIGN[kind] ?? kind} ${id}${what ? ` (${what})` : ''}`,
  err_teardownDefault: (vpc: string) => `${vpc} is the region's default VPC: destroy --vpc does not delete it`,
  hint_teardownDefault: 'the default VPC is AWS\'s own (instances launched without a VPC go there); delete what you made in it from the console',
  /** A rerun's record names what is not the VPC's (the record was edited, or is another VPC's). */
  teardown_stranger: (kind: TeardownKind, id: string, where: string) => `${KIND[kind]} ${id}, which is ${where}'s`,
  err_teardownStrangers: (vpc: string, found: string[]) => `The record of the stopped teardown of ${vpc} names what is not that VPC's now, so nothing was deleted:\n  ${found.join('\n  ')}`,
  hint_teardownStrangers: (vpc: string, where: string) => `the record (the state ${vpc} in ${where}) was edited, or is another VPC's: check those resources; to start afresh, delete that state, then run destroy --vpc again`,
  err_teardownForeign: (vpc: string, found: string[]) => `${vpc} holds what destroy --vpc does not remove, so nothing was deleted:\n  ${found.join('\n  ')}`,
  hint_teardownForeign: 'delete those first (their own console page: load balancers, RDS, endpoints, peering, transit gateways), then run destroy --vpc again',
  err_teardownIsLab: (vpc: string, lab: string) => `${vpc} is lab ${lab}, built by this tool`,
  hint_teardownIsLab: (lab: string) => `run \`aws-lab-setup destroy --name ${lab}\`: it knows what is the lab's`,
  err_vpcNotFound: (what: string, region: string) => `no VPC ${what} in ${region}`,
  hint_vpcNotFound: 'give its ID (vpc-…) or its Name tag, and the region it is in (--region)',
  err_vpcAmbiguous: (name: string, ids: string[]) => `several VPCs are named ${name}: ${ids.join(', ')}`,
  hint_vpcAmbiguous: 'give the ID of the one to delete',
  hint_noTerminalTeardown: (command: string) => `run \`${command}\` to delete what is listed above`,
};
