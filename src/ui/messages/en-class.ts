/**
 * English, part of the source catalog (en.ts spreads it): the class: its commands, progress, status, quotas and hand-outs (src/class, ui/class-*.ts, ui/handout.ts).
 * Its Japanese is ja-class.ts, checked against this by the compiler.
 */
import type { QuotaKey } from '../../aws/quotas.js';
import { localTime } from '../time.js';

/** How the class's tables name each quota. */
const QUOTA: Record<string, string> = { vpcs: 'VPCs', elasticIps: 'Elastic IPs', standardVcpus: 'On-Demand Standard vCPUs', natGatewaysPerZone: 'NAT gateways', internetGateways: 'internet gateways' };
const quota = (q: string, zone?: string) => `${QUOTA[q] ?? q}${zone ? ` in ${zone}` : ''}`;
/** What the class's sweep looks for (class/sweep.ts): EC2's kinds (lab/core/inventory.ts), the expiry's schedule group and IAM role. */
export type SweptKind = 'vpcs' | 'subnets' | 'internetGateways' | 'routeTables' | 'securityGroups' | 'keyPairs' | 'instances' | 'addresses' | 'natGateways' | 'scheduleGroups' | 'iamRoles';
/** How the sweep names what it found. */
const KIND: Record<SweptKind, string> = {
  vpcs: 'VPC', subnets: 'subnet', internetGateways: 'internet gateway', routeTables: 'route table', securityGroups: 'security group', keyPairs: 'key pair',
  instances: 'instance', addresses: 'Elastic IP', natGateways: 'NAT gateway', scheduleGroups: 'schedule group (EventBridge Scheduler)', iamRoles: 'IAM role',
};
/** A short quota, as a list item: which, by how many, where. */
export interface ShortItem { quota: QuotaKey; zone?: string; short: number; target: string; code: string }
/** A quota one lab needs more of than a new account has. */
export interface PerLearnerItem { quota: QuotaKey; need: number; newAccount: number }

export const enClass = {
  // --- the class's commands (cli/commands/class.ts) and their --help
  help_className: "the class's name: its labs are <class>-<learner> (default: the roster file's name without its extension)",
  help_classPolicy: 'add what a class calls besides the labs: `class quotas --request` (Service Quotas) and `class destroy`\'s sweep (schedule groups, IAM roles)',
  help_policyRoster: "the class's roster: with an account column, allow sts:AssumeRole on --role-name in each of its accounts",
  err_classNoRoster: 'no roster given',
  hint_classNoRoster: 'pass --roster FILE: a CSV file with a header row learner[,account,profile,region,public_key]',
  err_classParallel: (value: string) => `--parallel "${value}" is not accepted`,
  hint_classParallel: (max: number) => `give a whole number from 1 to ${max}: how many labs of one account and region are built at once`,
  err_classKeyName: '--key-name would give every lab of the class the same key pair',
  hint_classKeyName: 'leave it out: each lab makes its own key (<lab>-key), or give a public_key column in the roster',
  err_classUpYes: '`class up` builds a lab for every learner of the roster, in the accounts and profiles listed above: not without a confirmation',
  hint_classUpYes: 'look at `aws-lab-setup class plan --roster FILE` first (it lists them too), then run `class up --yes` to confirm them',
  /** The distinct accounts and profiles of the roster (class plan, class up). */
  classReachHead: (n: number) => `The roster reaches ${n} account(s) or profile(s):`,
  classReachAccount: (account: string, role: string, profile: string | undefined, labs: number) => `account ${account}, as role ${role}${profile ? ` assumed with profile ${profile}` : ' assumed with your credentials'}: ${labs} lab(s)`,
  classReachProfile: (profile: string | undefined, labs: number) => `${profile ? `profile ${profile}` : 'your default credentials'}: ${labs} lab(s)`,
  confirmClassReach: 'Build labs with these accounts and profiles?',
  classNothingMade: 'Nothing was made.',
  err_classDestroyYes: '`class destroy` deletes every lab of the class without asking',
  hint_classDestroyYes: 'run `aws-lab-setup class destroy --roster FILE --yes`',
  err_classQuotaShort: (short: ShortItem[]) => `the class needs more than the quotas allow: short of ${short.map((q) => `${q.code} by ${q.short} in ${q.target}${q.zone ? ` (${q.zone})` : ''}`).join(', ')}; nothing was created`,
  hint_classQuotaShort: 'free some, use --nat instance or one account per learner (see above), or run `aws-lab-setup class quotas --roster FILE --request` and wait for AWS to raise them',
  err_classLeftBehind: (n: number, klass: string) => `${n} resource(s) tagged with class "${klass}" are still there`,
  hint_classLeftBehind: 'run `class destroy` again; if they stay, delete them in the console (listed above)',
  classUpDone: (klass: string, built: number, total: number, hourly: string, out?: string) => `Class "${klass}": ${built} of ${total} lab(s) up, ${hourly} in all.${out ? ` Hand-outs in ${out}` : ''}`,
  classPlanDone: (klass: string, labs: number, hourly: string) => `Class "${klass}": ${labs} lab(s), ${hourly} once all are up.`,
  classDestroyDone: (klass: string, deleted: number, labs: number) => `Class "${klass}": ${deleted} resource(s) deleted in ${labs} lab(s).`,
  classLockTakeover: (lab: string, why: 'gone' | 'lease', pid: number, startedAt: string) => `${lab}: taking over the lock of a run ${why === 'lease' ? 'whose lease ran out' : 'that is gone'} (pid ${pid}, started ${localTime(startedAt)})`,
  classSecondCopy: (lab: string, n: number) => `${lab}: removed ${n} more resource(s) tagged for it (a second copy)`,

  // --- the roster (class/roster.ts): the file, row and column of a bad cell; nothing is made
  err_className: (name: string) => `class name "${name}" is not accepted`,
  err_classNameFromFile: (name: string) => `the roster's file name gives the class name "${name}", which is not accepted`,
  hint_className: 'use 1 to 20 lower-case letters, digits and hyphens, starting with a letter or digit (pass --name NAME)',
  err_rosterUnreadable: (file: string, why: string) => `roster "${file}" cannot be read (${why})`,
  hint_rosterUnreadable: 'give the path of a CSV file whose first row is learner[,account,profile,region,public_key]',
  err_rosterCsv: (file: string, row: number | undefined, why: string) => `${file}${row ? `, row ${row}` : ''}: not valid CSV (${why})`,
  hint_rosterCsv: 'save it as CSV with a header row; quote a value that holds a comma',
  err_rosterEmpty: (file: string) => `roster "${file}" is empty`,
  hint_rosterEmpty: 'write a header row (learner,…) and a row per learner',
  err_rosterNoLearners: (file: string) => `roster "${file}" has a header but no learner`,
  hint_rosterNoLearners: 'add a row per learner',
  err_rosterNoLearnerColumn: (file: string, row: number) => `${file}, row ${row}: no "learner" column`,
  hint_rosterNoLearnerColumn: (columns: readonly string[]) => `the first row names the columns: learner (required), ${columns.filter((c) => c !== 'learner').join(', ')}`,
  err_rosterUnknownColumn: (file: string, row: number, column: string) => `${file}, row ${row}, column "${column}": unknown column`,
  hint_rosterUnknownColumn: (columns: readonly string[]) => `the columns are ${columns.join(', ')} (learner is required); nothing was created`,
  err_rosterColumnTwice: (file: string, row: number, column: string) => `${file}, row ${row}, column "${column}": the column is named twice`,
  hint_rosterColumnTwice: 'name each column once; nothing was created',
  err_rosterTooMany: (file: string, row: number, column: string, values: number, columns: number) => `${file}, row ${row}, column "${column}": ${values} values for ${columns} columns`,
  hint_rosterTooMany: 'one value per column of the header; nothing was created',
  err_rosterLearner: (file: string, row: number, learner: string | undefined) => `${file}, row ${row}, column "learner": ${learner ? `"${learner}" is not accepted` : 'empty'}`,
  hint_rosterLearner: 'use letters, digits and "-" (alice, bob-2); nothing was created',
  err_rosterLabName: (file: string, row: number, learner: string, lab: string) => `${file}, row ${row}, column "learner": "${learner}" makes the lab name "${lab}", longer than 31 characters`,
  hint_rosterLabName: 'use a shorter learner name or class name (--name); nothing was created',
  err_rosterTwice: (file: string, row: number, learner: string, first: number) => `${file}, row ${row}, column "learner": "${learner}" is already on row ${first}`,
  hint_rosterTwice: 'give every learner a name of their own (names differ in more than upper and lower case); nothing was created',
  err_rosterAccount: (file: string, row: number, account: string) => `${file}, row ${row}, column "account": "${account}" is not an AWS account ID`,
  hint_rosterAccount: 'write the 12 digits of the account, e.g. 123456789012 (keep leading zeros: quote it); nothing was created',
  err_rosterProfile: (file: string, row: number, profile: string) => `${file}, row ${row}, column "profile": "${profile}" is not a profile name`,
  hint_rosterProfile: 'write the name of a profile of ~/.aws/config; nothing was created',
  err_rosterBoth: (file: string, row: number) => `${file}, row ${row}, column "profile": both an account and a profile are given`,
  hint_rosterBoth: 'give one: the account (reached with --role-name) or a profile; nothing was created',
  err_rosterRegion: (file: string, row: number, region: string) => `${file}, row ${row}, column "region": "${region}" is not a region name`,
  hint_rosterRegion: 'use a code like ap-northeast-1 or us-east-1; nothing was created',
  err_rosterPublicKey: (file: string, row: number, key: string) => `${file}, row ${row}, column "public_key": "${key}" cannot be read or is not an OpenSSH public key`,
  hint_rosterPublicKey: 'give a .pub file starting with ssh-ed25519, ssh-rsa or ecdsa-sha2-…, e.g. ~/.ssh/id_ed25519.pub; nothing was created',

  // --- reaching the learners' accounts (class/targets.ts)
  err_assumeRole: (roleArn: string, why: string) => `cannot assume ${roleArn}: ${why}`,
  hint_assumeRole: 'check that the role exists and trusts your account, or pass --role-name NAME',

  // --- the class's views (ui/class-views.ts, ui/class-progress.ts)
  classStatusHead: ['learner', 'account/region', 'chapters', 'web URL', 'NAT', 'so far', 'expires'],
  classStatusTitle: (klass: string, labs: number, soFar: string) => `Class "${klass}": ${labs} lab(s), about ${soFar} so far`,
  classNatNone: 'none',
  classExpired: (time: string) => `${time} (expired)`,
  classNever: 'never',
  classFailed: (n: number) => `${n} lab(s) failed:`,
  classFailedNext: 'fix what is said, then run the same command again: it finishes only what is unfinished',
  classNothingLeft: (targets: string[]) => `Nothing tagged with the class is left in ${targets.join(', ')}.`,
  classStillTagged: 'still tagged with the class:',
  classLeft: (target: string, kind: SweptKind, id: string, lab?: string) => `  ${target}  ${KIND[kind] ?? kind} ${id}${lab ? ` (lab ${lab})` : ''}`,
  classQuotasHead: ['account/region', 'quota', 'code', 'need', 'in use', 'limit', 'short', 'limit from'],
  classQuota: (q: string, zone?: string) => quota(q, zone),
  /** Where a limit came from (class/quotas.ts limitOrDefault): said as it is in English. */
  classWhatElse: 'What else would fit:',
  classNatInstanceFits: '  --nat instance: fits (a NAT instance needs no Elastic IP and no NAT gateway, but 2 vCPUs more per lab).',
  classNatInstanceShort: (short: ShortItem[]) => `  --nat instance (no Elastic IP and no NAT gateway for the NAT, 2 vCPUs more per lab): still short of ${short.map((r) => `${quota(r.quota, r.zone)} by ${r.short} in ${r.target}`).join(', ')}.`,
  classPerLearnerFits: "  one account per learner (an `account` column in the roster, with AWS Organizations): each has its own quotas, and one lab fits a new account's defaults.",
  classPerLearnerShort: (over: PerLearnerItem[]) => `  one account per learner (an \`account\` column in the roster): each has its own quotas, but one lab needs more than a new account's ${over.map((q) => `${QUOTA[q.quota] ?? q.quota} (${q.need} of ${q.newAccount})`).join(', ')}.`,
  classZoneNote: "  (NAT gateways count per zone: the class spreads new labs over the zones that offer the instance type; --zone puts them all in one.)",
  classAskMore: '  or ask AWS for more: `aws-lab-setup class quotas --roster FILE --request` (small Elastic IP raises are often approved in minutes, VPC raises can take days).',
  classNoneShort: 'No quota is short: nothing to request.',
  classRequestFiled: (target: string, q: string, code: string, desired: number | undefined, id: string | undefined, status: string | undefined) => `${target} ${quota(q)} (${code}): asked for ${desired}, request ${id ?? '?'} ${status ?? ''}`.trimEnd(),
  classRequestOpen: (target: string, q: string, code: string, id: string, status: string | undefined, desired: number | undefined, wanted: number) =>
    `${target} ${quota(q)} (${code}): a request is open already: ${id} ${status} for ${desired}${desired !== undefined && desired < wanted ? ` (the class needs ${wanted}; AWS takes one open request per quota)` : ''}`,
  classRequestNone: (target: string, q: string, code: string, wanted: number) => `${target} ${quota(q)} (${code}): short, no request open (the class needs ${wanted}; pass --request to ask)`,

  // --- the hand-outs (ui/handout.ts): the learner's page, the cards
  handoutTitle: 'Your AWS lab',
  handoutCardsTitle: 'Lab cards',
  handoutLearner: 'Learner',
  handoutLab: 'Lab',
  handoutRegion: 'Region',
  handoutWeb: 'Web page',
  handoutSshWeb: 'SSH to the web server',
  handoutSshDb: 'SSH to the DB server (through the web server)',
  handoutKeyMade: (key: string) => `Your private key is the file ${key} in this folder: run the commands from here.`,
  handoutKeyOwn: (key: string) => `Use your own private key (the pair of the public key you gave): ${key}.`,
  handoutSshConfig: (lab: string) => `The commands read this folder's ssh_config (hosts ${lab}-web and ${lab}-db) and check the servers' host keys in its known_hosts.`,
  handoutCost: 'Cost while it runs',
  handoutExpires: 'Stops by itself at',
  handoutNever: 'never (the instructor removes it)',
  handoutNotYet: '(not built yet)',

  hint_classOtherRegion: (lab: string) => `destroy it there first (aws-lab-setup destroy --name ${lab}), or give the learner that region`,
  // --- the zone setting (lab/core/settings.ts): a class spreads its labs over the region's zones
  zoneAsk: 'Availability Zone',
  flag_zone: "Availability Zone of the lab's subnets, servers and NAT (default: the first, sorted, that offers the instance type)",
  err_zoneName: (zone: string) => `zone "${zone}" is not an Availability Zone name`,
  hint_zoneName: 'use a name like ap-northeast-1a (the region and a letter), or leave --zone out',
  err_zoneRegion: (zone: string, region: string) => `zone "${zone}" is not in the lab's region ${region}`,
  hint_zoneRegion: (region: string) => `give a zone of ${region} (${region}a, ${region}c, …), or the region of that zone with --region`,
  err_zoneMoved: (lab: string, existing: string, asked: string) => `lab "${lab}" has its subnets in ${existing}, not ${asked}`,
  hint_zoneMoved: (lab: string, existing: string) => `leave --zone out (or give ${existing}), or destroy the lab first (aws-lab-setup destroy --name ${lab})`,
  err_zoneNotOffered: (zone: string, type: string, region: string) => `zone "${zone}" is not a zone of ${region} offering instance type "${type}"`,
  hint_zoneNotOffered: (zones: string[]) => (zones.length ? `use one of: ${zones.join(', ')}` : 'pick another --instance-type or --region'),
  err_labNotStarted: 'not started: stopped by Ctrl-C',
};
