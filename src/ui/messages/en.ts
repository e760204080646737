import type { Action } from '../../lab/views/plan.js';
import type { ChapterName } from '../../lab/core/chapters.js';
import type { SettingKey, SettingText } from '../../lab/core/settings.js';
import type { LimitFrom, QuotaKey } from '../../aws/quotas.js';
import type { Outcome } from '../../engine/resource.js';
import type { CostPart } from '../../lab/core/cost.js';
import { enErrors } from './en-errors.js';
import { enCommands } from './en-commands.js';
import { enClass } from './en-class.js';
import { enRules } from './en-rules.js';
import { enPicture } from './en-picture.js';
import { enClasscheck } from './en-classcheck.js';
import { enVpccheck } from './en-vpccheck.js';
import { enReport } from './en-report.js';
import { enPaths } from './en-paths.js';
import { enLeftovers } from './en-leftovers.js';
import { enTeardown } from './en-teardown.js';
import { enMarks } from './en-marks.js';
import { enExplain } from './en-explain.js';
import { RESOURCE_NAME, scheduleTime } from './en-terms.js';
import { centsFigure, hourlyFigure, type Removal } from './figures.js';
import type { SettingKey as Key } from '../../lab/core/settings.js';

/** Where a quota's limit came from (aws/quotas.ts LimitFrom). */
const limitFrom = (from: LimitFrom): string => {
  const [kind, detail] = from.split(/:(.*)/s);
  if (kind === 'applied') return 'Service Quotas';
  if (kind === 'refused') return `AWS's default (Service Quotas: ${detail})`;
  return kind === 'default' ? "AWS's default" : detail;
};

/**
 * Every sentence a person reads, in English: the source the other catalogs follow
 * (ja.ts is checked against it by the compiler). One entry per whole sentence: a
 * constant, or a function of the sentence's values, so that each language can put them
 * in its own order. Keys group by where they are said (wizard, flag_, view, …).
 */
export const en = {
  ...enErrors,
  ...enCommands,
  ...enClass,
  ...enRules,
  ...enPicture,
  ...enVpccheck,
  ...enReport,
  ...enClasscheck,
  ...enPaths,
  ...enLeftovers,
  ...enTeardown,
  ...enMarks,
  ...enExplain,
  // --- the wizard: each chapter's prompt and why the lab needs it (keys named by lab/core/settings.ts)
  intro: 'aws-lab-setup builds the two-tier lab of the tutorial: a VPC, a public web server (Apache) and a private DB server (MariaDB).',
  regionWhy: 'Region: where the lab lives. Everything is created in one region; Tokyo is ap-northeast-1.',
  regionAsk: 'Region',
  nameWhy: 'Lab name: every resource is tagged with it, so several labs can share an account and `destroy` finds them all.',
  nameAsk: 'Lab name',
  vpcWhy: 'Chapter 1 — VPC: your own private network in AWS. Its CIDR block is the range of private addresses it can hand out.',
  vpcAsk: 'VPC CIDR block',
  subnetWhy: 'Subnets split the VPC: the public one routes to the internet through the internet gateway (its "default gateway"); the private one does not.',
  publicSubnetAsk: 'Public subnet CIDR',
  privateSubnetAsk: 'Private subnet CIDR',
  keyWhy: 'Chapter 2 — key pair: SSH logs in with a key, not a password. AWS keeps the public half; you keep the private half.',
  keyModeAsk: 'Key pair',
  keyModeCreate: 'create a new one (the private key is saved next to the state file)',
  keyModeImport: 'import my public key',
  keyNameAsk: 'Key pair name',
  publicKeyAsk: 'Public key file',
  sshWhy: 'Security group: the web server\'s firewall. SSH (22) opens only to the address you name; HTTP (80) to everyone.',
  sshAsk: 'Who may SSH to the web server (CIDR)',
  sshWorldMark: 'open to the whole internet',
  sshWorldWarn: 'SSH (port 22) of the web server is open to the whole internet: anyone can try to log in, and bots that scan for SSH will, within minutes. Only the lab\'s key lets them in, but your own address as a /32 keeps everyone else from trying.',
  sshWorldConfirm: 'Open SSH to the whole internet anyway?',
  typeWhy: 'Instance type: the servers\' size. t3.micro is free-tier eligible on new accounts (t2.micro is refused on free-plan accounts made since July 2025).',
  typeAsk: 'Instance type',
  typeT3Micro: 't3.micro (free tier)',
  typeT4gMicro: 't4g.micro (free tier, Arm: the arm64 image is used)',
  typeT3Small: 't3.small (one size up)',
  typeT2Micro: 't2.micro (older; not on new free-plan accounts)',
  other: 'other…',
  amiAsk: 'AMI ID (default: the latest Amazon Linux 2023)',
  dbWhy: 'Chapter 4 — the DB server has no public address: only the web server can reach it. A NAT gateway lets it download packages; it bills by the hour (destroy --nat-only removes it).',
  expiryWhy: 'Chapter 5 — expiry: at the time you choose, AWS itself deletes the NAT gateway and stops both servers (EventBridge Scheduler), even with your computer off. `up` brings the lab back.',
  expiryAsk: 'Stop the lab after',
  expiry8h: '8 hours (an afternoon)',
  expiry4h: '4 hours',
  expiry1d: '1 day',
  expiryNever: 'never (it bills until you destroy it)',
  natWhy: 'NAT: how the private subnet reaches the internet. The tutorial uses a NAT gateway; a NAT instance (t4g.nano) does the same job for about a tenth of the cost.',
  natAsk: 'NAT for the private subnet',
  natGateway: 'NAT gateway (the tutorial\'s, managed by AWS)',
  natInstance: 'NAT instance (t4g.nano, a tenth of the cost)',
  confirm: 'Create the lab now?',
  confirmAll: 'yes, all chapters at once',
  confirmStep: 'yes, one chapter at a time (pause after each to look at it)',
  confirmNo: 'no',
  stepAsk: 'Go on with the next chapter?',
  stepContinue: 'continue',
  stepStop: 'stop here (the lab stays as it is; `aws-lab-setup up` goes on later)',
  confirmDestroy: 'Delete these resources now?',
  confirmUnlock: 'Remove this lock? (only if that run is gone: two runs on one lab can duplicate resources)',

  // --- the wizard's own frame
  /** A refused answer: the reason, then what would be accepted. */
  refused: (reason: string, hint: string) => `${reason} — ${hint}`,
  savedSettingsOf: (lab: string) => `Using the saved settings of lab "${lab}".`,
  askWithDetail: (question: string, detail: string) => `${question} (${detail})`,
  choiceWithDetail: (label: string, detail: string) => `${label} — ${detail}`,
  /** Ctrl-C once, during a run. */
  stopping: 'stopping after the steps in flight (Ctrl-C again to quit at once)',
  /** A key's action in a select prompt's help line (@inquirer/select's words: navigate, select). */
  /** The web page Apache serves (chapter 3): the language of the run that launched the server (lab/chapters/apache.ts keeps this English one for explain). */
  page_apache: 'Apache on Amazon Linux 2023, set up by aws-lab-setup.',
  /** A yes/no prompt: the keys to press (the capital one is the default), and the answer once given. */
  confirmKeys: (yesByDefault: boolean): string => (yesByDefault ? '(Y/n)' : '(y/N)'),
  confirmAnswer: (yes: boolean): string => (yes ? 'Yes' : 'No'),

  // --- each setting's flag in --help (lab/core/settings.ts)
  flag_vpcCidr: 'VPC CIDR block, /16 to /27 (default: 10.0.0.0/16)',
  flag_publicSubnetCidr: "public subnet (default: the VPC's x.x.1.0/24)",
  flag_privateSubnetCidr: "private subnet (default: the VPC's x.x.2.0/24)",
  flag_keyName: 'key pair name (default: <lab>-key)',
  flag_publicKeyFile: 'import this OpenSSH public key instead of creating a key pair',
  flag_sshCidr: 'who may SSH to the web server (default: your public IP /32)',
  flag_instanceType: 'instance type for both servers (default: t3.micro)',
  flag_ami: 'AMI to launch (default: the latest Amazon Linux 2023)',
  flag_expiresIn: 'AWS stops the lab after this long: 90m, 4h, 2d, or never (default: 8h); given again, it moves the time',
  flag_nat: "the private subnet's way out: gateway (the tutorial's NAT gateway) or instance (a t4g.nano NAT instance, a tenth of the cost) (default: gateway)",

  // --- each chapter's title (lab/core/chapters.ts)
  chapter_network: 'Network',
  chapter_web: 'Web server',
  chapter_apache: 'Apache',
  chapter_db: 'Private DB server',
  chapter_expiry: 'Expiry',

  // --- explain: the script's header and a comment per chapter
  explainTitle: (lab: string, until: number) => `aws-lab-setup explain — lab "${lab}", chapters 1-${until}`,
  explainHeader: [
    'The AWS CLI commands that build this lab, as `aws-lab-setup up` does, in order.',
    'Run it with bash; it needs the AWS CLI, credentials and nothing else. Remove it all with `aws-lab-setup destroy`',
    '(it finds the resources by their tags).',
  ] as readonly string[],
  explain_1: 'Chapter 1 — Network: a VPC (your own network), a public and a private subnet, an internet gateway, and a public route table whose default route goes to it.',
  explain_2: 'Chapter 2 — Web server: a key pair for SSH, a security group (SSH from you, HTTP from anywhere), an instance in the public subnet, and a fixed public address (Elastic IP).',
  explain_3: "Chapter 3 — Apache: installed by the web server's user-data at its first boot.",
  explain_4: 'Chapter 4 — Private DB server: a security group open only to the web server, a NAT gateway (bills by the hour) so the private subnet can download packages, the private route table through it, and the MariaDB instance with no public address.',

  // --- the plan
  action_create: 'create',
  action_update: 'update',
  action_keep: 'keep',
  action_replace: 'differs',
  action_delete: 'delete',
  action_absent: 'not there',
  action_later: 'later',
  /** One count of the plan's last line: "3 to create", "2 kept", "1 not there". */
  planCount: (n: number, action: Action) =>
    action === 'absent' ? `${n} not there` : action === 'keep' ? `${n} kept` : action === 'replace' ? `${n} differ` : action === 'later' ? `${n} for later` : `${n} to ${action}`,
  planLine: (counts: string[]) => `Plan: ${counts.join(', ')}.`,
  settingShown: (label: string, value: string) => `${label}: ${value}`,
  settingCaution: (label: string, value: string, mark: string, caution: string) => `${label}: ${value} ${mark} ${caution}`,
  listSep: ' · ',

  // --- cost
  costWhileUp: 'Running cost while the lab is up',
  costOnceUpTo: (until: number) => `Running cost once chapters 1-${until} are up`,
  costBillingNow: 'Billing now',
  costStillBilling: "Still billing (instances, volumes, the web server's address)",
  labelled: (label: string, text: string) => `${label}: ${text}`,
  costHead: (title: string, region: string, takenOn: string) => `${title} (${region}, on-demand prices of ${takenOn}):`,
  costItem: (quantity: number, item: string) => `${quantity} × ${item}`,
  costTotal: 'total',
  /** Every price said, by the figure (figures.ts rounds it: 4 places an hour, 2 a month). */
  perHour: (usd: number) => `$${hourlyFigure(usd)}/h`,
  perMonth: (usd: number) => `≈ $${centsFigure(usd)}/month`,
  /** A sum (spent so far): 2 places. */
  amount: (usd: number) => `$${centsFigure(usd)}`,
  costPerGb: '  (data transfer and NAT data processing are billed per GB on top; a NAT gateway bills every started hour as a whole one)',

  /** A cost line's item (lab/core/cost.ts CostPart). */
  costPart: (part: CostPart, type: string | undefined) =>
    ({ instance: `${type} instance`, natGateway: 'NAT gateway', natInstance: `${type} NAT instance`, publicIp: 'public IPv4 address', volumeGb: 'gp3 volume GB' })[part],
  expiryAct_natGateway: 'delete the NAT gateway',
  expiryAct_natInstance: 'stop the NAT instance',
  expiryAct_servers: 'stop the web and DB servers',

  // --- the outputs at the end of up
  notYet: '(not yet)',
  labUp: 'The lab is up.',
  labUpTo: (chapter: number, title: string) => `The lab is up to chapter ${chapter} (${title}).`,
  labGoesOn: '`aws-lab-setup up` goes on from there.',
  out_webPublicIp: 'web public IP',
  out_webPublicDns: 'web DNS name',
  out_webUrl: 'web page',
  out_dbPrivateIp: 'DB private IP',
  out_privateKey: 'private key',
  sshWebHead: 'SSH to the web server:',
  sshDbHead: 'SSH to the DB server, through the web server:',
  sshDbAgent: (keyPath: string, command: string) => `  or, with the key in ssh-agent (ssh-add ${keyPath}): ${command}`,

  // --- status
  /** A state as AWS gives it (available, running, …): English shows AWS's own word. */
  awsState: (state: string) => state,
  health_found: 'found',
  health_missing: 'missing',
  health_drifted: 'drifted',
  statusNothing: (lab: string, region: string) => `Lab "${lab}" in ${region}: nothing of it exists.`,
  /** up and soFar: already worded ("3h 12m", "$0.42"), or undefined when not known. */
  statusHead: (lab: string, region: string, present: number, total: number, up: string | undefined, soFar: string | undefined) =>
    `Lab "${lab}" in ${region}: ${present}/${total} resources${up ? `, up ${up}` : ''}${soFar !== undefined ? `, about ${soFar} so far` : ''}.`,
  /** A duration in status's head: minutes, hours and minutes, days and hours. */
  durationMinutes: (m: number) => `${m}m`,
  durationHours: (h: number, m: number) => `${h}h ${m}m`,
  durationDays: (d: number, h: number) => `${d}d ${h}h`,
  progress_partly: 'partly',
  progress_notYet: 'not yet',
  chaptersLine: (parts: string[]) => `Chapters: ${parts.join(' · ')}`,
  chapterProgress: (n: number, title: string, state: string | undefined) => `${n} ${title}${state === undefined ? '' : ` (${state})`}`,
  chaptersRest: '  — `aws-lab-setup up` builds the rest',

  // --- after a chapter of up --step
  chapterDone: (n: number, title: string) => `Chapter ${n} — ${title}: done. What it made, and how to see it:`,
  outcome_created: 'created',
  outcome_kept: 'already there',
  outcome_updated: 'updated',
  outcome_deleted: 'deleted',
  outcome_absent: 'not there',
  outcome_skipped: 'skipped',
  /** A resource gone, by how it went (figures.ts removalOf: the console's verb). English says deleted for all. */
  outcome_removed: (_how: Removal) => 'deleted',
  /** The destroy plan's action word, by how the resource goes (9 columns at most). */
  action_removed: (_how: Removal) => 'delete',
  lookConsole: 'console:',
  lookCli: 'cli:    ',

  // --- the preflight
  preflight: 'Preflight:',
  permissionsRefused: (n: number, actions: string[]) => `permissions: ${n} call(s) refused: ${actions.join(', ')}`,
  permissionsAllowed: (n: number) => `permissions: ${n} call(s) allowed by a dry run`,
  permissionsUnknown: (n: number) => `, ${n} could not be asked ahead`,
  /** What a quota counts (aws/quotas.ts names them). */
  quotaWhat: (key: QuotaKey, counts: string) => counts,
  quotaCounted: (what: string, used: number, needed: number) => `${what}: ${used} in use + ${needed} for the lab`,
  quotaOf: (counted: string, limit: number, from: LimitFrom, service: string, code: string) => `${counted}, of ${limit} (${limitFrom(from)}, ${service} ${code})`,
  limitFrom,
  quotaUnreadable: (counted: string, service: string, code: string, why: string) => `${counted}; the quota (${service} ${code}) could not be read from Service Quotas (${why})`,
  quotaWarn: (unknown: string, newAccount: number) => `${unknown}: a new account may have only ${newAccount}, and AWS would refuse the lab part-way (ask for more before you run up)`,
  quotaFits: (unknown: string, newAccount: number) => `${unknown}; it fits a new account's ${newAccount}`,

  // --- the expiry
  spanMinutes: (m: number) => `${m} m`,
  spanHours: (h: number, m: number) => `${h} h ${m} m`,
  spanDays: (d: number, h: number) => `${d} d ${h} h`,
  perHourAndMonth: (hourly: number, monthly: number) => `$${hourlyFigure(hourly)}/h ≈ $${centsFigure(monthly)}/month`,
  /** Why a price is not known (lab/core/cost.ts). */
  cost_noPrices: (region: string, known: string[]) => `no prices on file for ${region} (known: ${known.join(', ')})`,
  cost_noPrice: (type: string, region: string) => `no price on file for ${type} in ${region}`,
  /** A setting's value as the plan shows it (a choice's value: gateway, 8h): English shows the value. */
  setting_value: (_key: Key, value: string) => value,
  /** Elapsed time on a progress line, and how long a finished step took. */
  progress_elapsed: (s: number) => `, ${s}s`,
  progress_took: (s: string) => `(${s}s)`,
  unknownCost: (reason: string) => `unknown — ${reason}`,
  /** A thing that keeps billing, in a sentence (the cost table writes costItem). */
  billsItem: (quantity: number, item: string) => `${quantity} × ${item}`,
  billsGb: (gb: number) => `${gb} GB of volumes`,
  billsAnd: (parts: string[]) => parts.join(' and '),
  billsAddressesVolumes: 'the addresses and volumes',
  noExpiry: 'No expiry:',
  noExpiryBills: (cost: string) => `the lab bills ${cost} until you destroy it`,
  noExpiryHow: '(up --expires-in 8h sets one)',
  expiredAt: (when: string, ago: string) => `Expired at ${when} (${ago} ago)`,
  expiredDid: (head: string, does: string[]) => `${head}: AWS was to ${does.join(' and ')}.`,
  expiredStill: (bills: string, cost: string) => `  Still billing: ${bills}, ${cost}. \`aws-lab-setup up\` brings the lab back.`,
  expiresAt: (when: string, within: string) => `Expires at ${when} (in ${within})`,
  expiresWill: (head: string, does: string[]) => `${head}: AWS will ${does.join(' and ')}.`,
  expiresAfter: (bills: string, cost: string, now: string) => `  After that only ${bills} keep billing: ${cost} ${now}.`,
  expiresNow: (cost: string) => `(now ${cost})`,

  // --- the end of up: the web page, from this machine (check's words too)
  seconds: (s: number) => `${s} s`,
  minutesSeconds: (m: number, s: number) => `${m} min ${s} s`,
  pageAnswered: (status: number) => `answered ${status}`,
  pageNoAnswerYet: (error: string) => `no answer yet (${error})`,
  pageNoAnswerIn: (seconds: number, error: string) => `no answer in ${seconds}s (${error})`,
  pageSkipped: (env: string) => `not waiting for the web page: the AWS calls went to an endpoint of their own (--endpoint-url), whose servers do not boot; ${env}=<url> names a page to wait for`,
  pageWaiting: (url: string, bound: string) => `waiting for the web page ${url} to answer (up to ${bound}; --no-wait-for-page skips this)`,
  pageAnswered200: (url: string, waited: string, boot: string | undefined) => `the web page ${url} answered 200 after ${waited}${boot === undefined ? '' : ` — the first boot took ${boot}`}`,
  pageLate: (url: string, waited: string, said: string | undefined) => `the web page ${url} did not answer 200 within ${waited}${said ?? ''}.`,
  pageLateAnswered: (status: number) => ` (it answered ${status})`,
  pageLateNoAnswer: (error: string) => ` (no answer: ${error})`,
  pageLateWhy: '  The lab is built; its first boot is probably still installing Apache and MariaDB (dnf, a few minutes on a small instance).',
  pageLateNext: "run `aws-lab-setup check` in a few minutes; if it still fails, `aws-lab-setup ssh web sudo tail /var/log/cloud-init-output.log` shows the first boot's log",

  // --- the diagram of status (ui/diagram.ts)
  dMissing: '(missing)',
  dPublicSubnet: (cidr: string) => `public subnet ${cidr}`,
  dPrivateSubnet: (cidr: string) => `private subnet ${cidr}`,
  dWebServer: (id: string) => `web server ${id}`,
  dWebApache: (address: string | undefined, elastic: boolean) => `Apache, ${address ? `${address} (${elastic ? 'Elastic IP' : 'public IP'})` : 'no public address yet'}`,
  dPrivateIp: (ip: string) => `private ${ip}`,
  dNatInstance: (id: string) => `NAT instance ${id}`,
  dNatInstanceDetail: (type: string, ip: string) => `${type}, ${ip}`,
  dNatGateway: (id: string) => `NAT gateway ${id}`,
  dElasticIp: (ip: string) => `${ip} (Elastic IP)`,
  dRoute: (to: string) => `route 0.0.0.0/0 -> ${to}`,
  dBlackhole: '(blackhole)',
  dToIgw: 'internet gateway',
  dToNatInstance: 'NAT instance',
  dToNatGateway: 'NAT gateway',
  dDbServer: (id: string) => `DB server ${id}`,
  dDbMariadb: (address: string | undefined) => `MariaDB, ${address ? `${address} (public IP)` : 'no public address'}`,
  dAllTraffic: 'all',
  dInternetGateway: (id: string) => `internet gateway ${id}`,
  dInternet: 'internet',

  // --- progress (ui/reporter.ts)
  next: 'next:',
  requestId: (id: string) => `  AWS request ID: ${id}`,
  inFlight: (n: number, names: string[]) => `${n} in flight: ${names.join(', ')}`,

  // --- errors: a LabError with a message key (engine/errors.ts) is said from here
  err_langUnknown: (lang: string) => `language "${lang}" is not offered`,
  hint_langUnknown: 'use --lang en or --lang ja',
  err_endpointUrl: (url: string) => `endpoint URL "${url}" is not an http(s) URL`,
  hint_endpointUrl: 'write it like http://127.0.0.1:5000',
  err_chapterUnknown: (value: string) => `chapter "${value}" does not exist`,
  hint_chapterUnknown: (accepted: { n: number; name: string }[]) => `use --until with one of: ${accepted.map((c) => `${c.n} or ${c.name}`).join(', ')}`,
  err_quotaShort: (short: { needed: number; what: string; quota: QuotaKey; used: number; limit: number; service: string; code: string; from: LimitFrom }[], region: string) =>
    `${short.map((q) => `the lab needs ${q.needed} more ${q.what} but ${region} has ${q.used} of ${q.limit} in use (${q.service} quota ${q.code}, from ${limitFrom(q.from)})`).join('; ')}; nothing was created`,
  err_cancelledPrompt: 'stopped at a prompt; nothing was changed',
  hint_cancelledPrompt: 'run the command again when ready',
  err_cancelled: 'stopped by Ctrl-C; the state file is up to date',
  hint_cancelled: 'run the same command again to finish the job',
  hint_cancelledStep: 'run `aws-lab-setup up` to go on from this chapter',

  // --- up and destroy: their own lines (cli/commands)
  err_stepYes: '--step asks after each chapter, --yes asks nothing: they cannot go together',
  hint_stepYes: 'drop --yes, or use --until <chapter> to stop after a chapter without being asked',
  err_stepNoTerminal: '--step needs a terminal to ask after each chapter',
  hint_stepNoTerminal: 'run it in a terminal, or use --until <chapter> (1-4 or network, web, apache, db) to build up to a chapter and stop',
  err_otherRegion: (lab: string, saved: string, asked: string) => `lab "${lab}" lives in ${saved}, not ${asked}`,
  hint_otherRegion: (lab: string, asked: string) => `destroy it there first (aws-lab-setup destroy --name ${lab}), or use another --name for a lab in ${asked}`,
  err_noTerminal: 'not asking for confirmation without a terminal',
  hint_noTerminalUp: 'run `aws-lab-setup up --yes` to go ahead with the plan above',
  hint_noTerminalDestroy: (command: string) => `run \`${command}\` to delete what is listed above`,
  nothingCreated: 'Nothing was created.',
  nothingDeleted: 'Nothing was deleted.',
  secondCopy: (n: number, lab: string) => `removed ${n} more resource(s) tagged for lab "${lab}" (a second copy)`,
  /** natOnly: the lab's NAT kind when only the NAT was deleted (destroy --nat-only). */
  deleted: (n: number, lab: string, natOnly: 'gateway' | 'instance' | undefined) =>
    `Deleted ${n} resource(s) of lab "${lab}"${natOnly === undefined ? '' : `: ${natOnly === 'instance' ? 'the NAT instance (with its address) and its route' : 'the NAT gateway, its route and its Elastic IP'}`}.`,
  nothingLeft: (lab: string) => `Nothing of lab "${lab}" was left to delete.`,
  natBack: (nat: 'gateway' | 'instance') => `Run \`aws-lab-setup up\` to bring the NAT ${nat === 'instance' ? 'instance' : 'gateway'} back.`,

  // --- --help (cli/main.ts, cli/flags.ts)
  help_program: 'Build the two-tier AWS lab of the tutorial (VPC, Apache web server, private MariaDB server behind a NAT gateway) and tear it down again.',
  help_until: 'build only through this chapter: 1-4 or network, web, apache, db (default: all)',
  help_class: 'a lab for every learner of a roster (CSV): plan, up, status, destroy',
  help_classPlan: 'what `class up` would build for each learner, and what the class costs per hour',
  help_classUp: 'build (or finish) every learner\'s lab at once, within AWS\'s limits, and write the hand-outs',
  help_classStatus: 'one line per learner: chapters done, web URL, NAT, cost so far, expiry',
  help_classDestroy: 'delete every lab of the class, then sweep each account and region for anything still tagged with it',
  help_roster: 'the class: a CSV file with a header row (learner, and optionally account, profile, region, public_key)',
  help_roleName: 'the role to assume in an account of the roster',
  help_parallel: (n: number) => `labs of one account and region built at once (default: ${n}, from EC2's NAT gateway bucket)`,
  help_out: 'where the hand-outs go (default: ./<class>/)',
  help_classQuotas: 'what the class needs of each quota, per account and region, against what is in use and the limits',
  help_classRequest: 'ask Service Quotas for the shortfall (after looking for requests already open)',
  help_lang: 'language: en or ja (default: from the locale)',
  help_up: 'create the lab, or finish creating it; safe to run again',
  help_step: 'pause after each chapter: show what it made and how to see it, then continue or stop',
  help_noWaitForPage: 'end when the last resource is made, without waiting (up to 5 min) for the web page to answer',
  help_plan: 'show what `up` would create, keep or change, and what it costs',
  help_explain: 'print the AWS CLI commands (a bash script) that build this lab; changes nothing',
  help_destroy: 'delete everything of the lab, children before parents',
  help_natOnly: 'delete only the NAT (gateway or instance), its route and its address (what bills by the hour while idle)',
  help_status: 'every resource with its live state, the addresses, the cost so far, and a diagram',
  help_ascii: 'draw the diagram with + - | (for terminals that draw box-drawing characters two columns wide)',
  help_ssh: 'ssh to the web server, or to the DB server through it',
  help_sshServer: 'web or db',
  help_sshCommand: 'a command to run there',
  help_sshConfig: 'print Host blocks for ~/.ssh/config (web, and db through it)',
  help_check: 'the tutorial\'s checks: the web page answers, the DB answers ping and runs MariaDB',
  help_webUrl: 'check this URL instead of the web server\'s public DNS name',
  help_timeout: 'how long each check may take',
  help_policy: 'print the least-privilege IAM policy (JSON) that covers every AWS call this tool makes',
  help_policyStateDir: 'add the S3 calls of a state kept in s3://BUCKET/PREFIX (default: AWS_LAB_SETUP_STATE)',
  help_policyStateBucketOwner: 'with --state-dir: the 12-digit account that owns the bucket (default: the account of whoever holds the policy)',
  help_policyBoundary: 'print instead the permissions boundary an administrator creates once, as the managed policy aws-lab-setup-expiry-boundary',
  help_policyRegion: 'allow changes only in this region (look-ups stay allowed in every region)',
  help_policyStateInit: 'with --state-dir: add what `state init` needs to make the bucket',
  help_state: 'where labs\' state lives: make a bucket to share labs, move a state there and back',
  help_stateInit: 'make (or set right) an S3 bucket for shared state: versioning, encryption, Block Public Access, lifecycle',
  help_stateWhere: 's3://BUCKET/PREFIX',
  help_stateMove: 'move the labs\' state from --state-dir (each lab, or --name) to --to, keys included',
  help_to: 'where the state goes: s3://BUCKET/PREFIX, or a folder',
  help_unlock: 'remove a lab\'s lock by hand, when the run that held it is gone (asks first)',
  help_name: 'lab name: tags every resource and names the state file (default: aws-lab)',
  help_region: 'AWS region (default: AWS_REGION or your profile\'s region)',
  help_profile: 'AWS profile from ~/.aws/config',
  help_endpointUrl: 'send AWS calls here instead (a local emulator such as moto); AWS_ENDPOINT_URL works too',
  help_waitForLock: 'if another run holds the lab\'s lock, wait for it instead of stopping',
  /** An old spelling given (cli/flags.ts, Renamed): it still works for this release. */
  flagRenamed: (old: string, now: string) => `${old} is now ${now}; the old spelling works for this release only`,
  flagNoLock: (old: string) => `${old} does nothing here: this command never waits for a lab's lock (the option goes in the next release)`,
  help_rediscover: 'ignore the state file and rebuild it from the lab\'s tags',
  help_json: 'print one JSON document on stdout',
  help_debug: 'show stack traces and AWS request IDs on errors',
  help_yes: 'do not prompt: take flags, saved settings or defaults, and go ahead',
  help_help: 'display help for command',
  help_version: 'output the version number',
  help_stateBucketOwner: 'the 12-digit account an S3 state bucket must belong to (default: the account of these credentials); a bucket of another account is refused',
  help_stateDir: (dir: string) => `where state files live: a folder, or s3://BUCKET/PREFIX to share labs (default: AWS_LAB_SETUP_STATE, else ./${dir})`,
  /** commander's headings (Usage:, Options:, …) and its own errors, as it writes them. */
  commanderTitle: (title: string) => title,
  commanderDefault: (value: string) => `default: ${value}`,
  commanderError: (message: string) => message,

  // --- each resource of the lab, by its key: its label (Resource.label) names res_<key> and gives the values
  res_vpc: (cidr: string) => `VPC ${cidr} (DNS hostnames on)`,
  res_publicSubnet: (cidr: string) => `public subnet ${cidr}`,
  res_privateSubnet: (cidr: string) => `private subnet ${cidr}`,
  res_internetGateway: 'internet gateway, attached to the VPC',
  res_publicRouteTable: 'public route table',
  res_privateRouteTable: 'private route table',
  res_publicRoute: (target: string) => `route 0.0.0.0/0 -> ${RESOURCE_NAME[target] ?? target}`,
  res_privateRoute: (target: string) => `route 0.0.0.0/0 -> ${RESOURCE_NAME[target] ?? target}`,
  res_publicRouteAssociation: 'public subnet uses the public route table',
  res_privateRouteAssociation: 'private subnet uses the private route table',
  res_keyPair: (name: string, importedFrom: string | undefined, keyPath: string) =>
    importedFrom ? `key pair ${name} (imported from ${importedFrom})` : `key pair ${name} (private key saved to ${keyPath})`,
  res_webSecurityGroup: (sshCidr: string) => `web security group: SSH from ${sshCidr}, HTTP from anywhere`,
  res_webInstance: (type: string) => `web server (${type}, public subnet)`,
  res_webElasticIp: 'Elastic IP for the web server',
  res_webAddressAssociation: 'Elastic IP attached to the web server',
  res_webApache: 'Apache on the web server (its user-data installs httpd and a page)',
  res_dbSecurityGroup: 'db security group: MariaDB from the web server, ping from the web server, SSH from the web server',
  res_natElasticIp: 'Elastic IP for the NAT gateway',
  res_natGateway: 'NAT gateway in the public subnet (bills by the hour)',
  res_natSecurityGroup: (vpcCidr: string) => `nat security group: all traffic from the VPC ${vpcCidr}`,
  res_natInstance: (type: string, fallback: string) => `NAT instance (${type} or ${fallback}, public subnet, forwards the private subnet)`,
  res_dbInstance: (type: string) => `db server (${type}, private subnet, MariaDB, no public address)`,
  res_expiryRole: (name: string) => `IAM role ${name} (what expiry runs as)`,
  res_expiryPolicy: (nat: string) => `its permissions: stop the lab's servers, ${nat === 'natInstance' ? 'stop its NAT instance' : 'delete its NAT gateway'}, nothing else`,
  res_expiryGroup: (name: string) => `schedule group ${name} (EventBridge Scheduler)`,
  res_natExpiry: (at: string | undefined, nat: string) => `at ${scheduleTime(at)}: ${nat === 'natInstance' ? 'stop the NAT instance' : 'delete the NAT gateway'}`,
  res_serversExpiry: (at: string | undefined) => `at ${scheduleTime(at)}: stop the web and DB servers`,
} satisfies Record<SettingText, string> & Record<`flag_${SettingKey}` | `chapter_${ChapterName}` | `action_${Action}` | `outcome_${Outcome}`, string> & Record<string, unknown>;

export type En = typeof en;
