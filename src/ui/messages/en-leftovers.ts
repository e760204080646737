/**
 * English, part of the source catalog (en.ts spreads it): `leftovers`, what still bills in
 * every region (cli/commands/leftovers.ts, lab/views/leftovers.ts).
 * Its Japanese is ja-leftovers.ts, checked against this by the compiler.
 */
export const enLeftovers = {
  help_leftovers: 'find what still bills, in every enabled region: NAT gateways, Elastic IPs, instances (running or stopped), public IPv4 addresses and volumes, by VPC, with what each costs and the command that removes it',
  help_leftoversRegion: 'look in this region only (default: every region the account has enabled)',
  left_looking: (n: number) => `Looking in ${n} region(s) for what still bills…`,
  left_nothing: (n: number) => `Nothing that bills was found in ${n} region(s).`,
  /** The heading of a group. */
  left_groupLab: (lab: string, vpc: string, region: string) => `Lab "${lab}" of aws-lab-setup — ${vpc}, ${region}`,
  left_groupVpc: (vpc: string, name: string | undefined, region: string) => `VPC ${vpc}${name ? ` "${name}"` : ''}, not made by aws-lab-setup — ${region}`,
  left_groupDefault: (vpc: string, region: string) => `The default VPC ${vpc} — ${region}`,
  left_groupStandalone: (region: string) => `In no VPC — ${region}`,
  /** One resource of a group. */
  left_natGateway: (id: string, state: string | undefined) => `NAT gateway ${id}${state ? ` (${state})` : ''}`,
  left_elasticIp: (id: string, ip: string | undefined, idle: boolean) => `Elastic IP ${ip ?? ''} ${id}${idle ? ' — idle: associated with nothing' : ''}`,
  left_publicIp: (ip: string | undefined, eni: string) => `public IPv4 address ${ip ?? ''} on ${eni}`,
  /** stopped: its compute does not bill, but its volumes and addresses do. */
  left_instance: (id: string, type: string | undefined, state: string | undefined, name: string | undefined, stopped: boolean) =>
    `instance ${id}${name ? ` "${name}"` : ''} ${type ?? ''} — ${state ?? 'unknown state'}${stopped ? ' (its volumes and Elastic IPs still bill)' : ''}`,
  left_volume: (id: string, gb: number | undefined, type: string | undefined, idle: boolean) => `volume ${id} ${gb ?? '?'} GB ${type ?? ''}${idle ? ' — unattached' : ''}`,
  left_free: 'no charge while stopped',
  left_unknownPrice: 'price unknown',
  left_groupCost: (hourly: string, monthly: string) => `This group: ${hourly} ${monthly}`,
  left_removeWith: 'Remove it with:',
  left_total: (hourly: string, monthly: string, groups: number) => `Still billing: ${hourly} ${monthly}, in ${groups} group(s)`,
  left_unpriced: (n: number) => `${n} resource(s) have no known price and are not in these figures.`,
  /** Which prices were used. */
  left_pricesApi: 'Prices: AWS Price List API (on-demand, Linux; data transfer and NAT data processing not included). Public IPv4: $0.005/h in every region.',
  left_pricesTable: (takenOn: string, why: string | undefined) => `Prices: this tool's table of ${takenOn}${why ? ` (the AWS Price List API could not be read: ${why})` : ''}; data transfer and NAT data processing not included. Public IPv4: $0.005/h in every region.`,
  left_pricesBoth: (takenOn: string) => `Prices: AWS Price List API, and this tool's table of ${takenOn} for what it did not answer; data transfer and NAT data processing not included. Public IPv4: $0.005/h in every region.`,
  left_unread: (region: string, reason: string) => `Could not look in ${region}: ${reason}`,
  left_unreadHint: (n: number) => `What bills in ${n === 1 ? 'that region' : 'those regions'} is not in this list. Allow the reads there (aws-lab-setup policy), or look in the console.`,
  /** `class leftovers`. */
  help_classLeftovers: "what still bills in every account the roster reaches, in every enabled region (each account looked at once, whatever its learners' regions)",
  left_classAccount: (account: string, learners: string[]) => `Account ${account} — learners ${learners.join(', ')}`,
  /** An account reached by a role: its commands name a profile of the AWS CLI's config that assumes the role, made once with the commands under this line. */
  left_classProfile: (profile: string, role: string) => `This account's commands use the profile ${profile}, which assumes the role ${role} in it. Make the profile once with:`,
  left_classTotal: (hourly: string, monthly: string, accounts: number) => `The class's accounts, together: ${hourly} ${monthly}, in ${accounts} account(s)`,
  left_classUnreached: (learners: string[], reason: string) => `Could not reach the account of ${learners.join(', ')}: ${reason}`,
};
