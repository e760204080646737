import { localTime } from '../time.js';
import type { WaitStatus } from '../../engine/wait.js';
import { ageText, holderText, RESOURCE_NAME, scheduleTime, SERVER_NAME, waitStill } from './en-terms.js';

/**
 * English, part of the source catalog (en.ts spreads it): the commands' own lines: check, explain, ssh, ssh-config, state, unlock, the lock, plan changes and drift.
 * Its Japanese is ja-commands.ts, checked against this by the compiler.
 */
export const enCommands = {
  // --- a step's progress notes (the engine's and the kinds'), after the resource's label
  progress_retryCreate: (code: string) => `AWS answered ${code}; looking again before retrying`,
  progress_recentCreate: (began: string, seconds: number) => `a create begun at ${began} may not be visible yet: looking again in ${seconds}s before making another`,
  progress_dependents: (id: string, code: string, attempt: number, of: number) => `${id} still has dependents (${code}); retry ${attempt}/${of}`,
  progress_notVisible: (id: string, code: string, seconds: number) => `AWS does not show ${id} yet (${code}, it was made moments ago): asking again in ${seconds}s`,
  progress_waitNat: (id: string, goal: 'available' | 'deleted', s: WaitStatus) => `waiting for NAT gateway ${id} to ${goal === 'available' ? 'become available' : 'be deleted'}${waitStill(s)}`,
  /** name: the kinds' server name (web, db, NAT); goal: the state it waits for. */
  progress_waitServer: (name: string, id: string, goal: string, s: WaitStatus) => `waiting for ${SERVER_NAME[name] ?? name} ${id} to be ${goal}${waitStill(s)}`,
  progress_waitPage: (url: string) => `waiting for the web page ${url}`,
  progress_waitGroupDeleted: (id: string, s: WaitStatus) => `waiting for schedule group ${id} to be deleted${waitStill(s)}`,
  progress_roleNotReady: (attempt: number) => `the new role is not usable by Scheduler yet (IAM is spreading it); try ${attempt}`,
  progress_privateKeyMissing: (path: string) => `warning: the private key ${path} is missing; SSH with this key will not work`,
  progress_stoppingWeb: 'stopping the web server to add the script',

  // --- what a step changed (said on its progress line, and under it after a chapter)
  changed_started: 'started (it was stopped)',
  changed_userData: 'user-data set; started again (the script runs at this boot)',
  changed_keyPairAgain: 'made again: its private key had been lost',
  changed_attachedIgw: (vpc: string) => `attached to ${vpc}`,
  changed_instanceMetadata: 'instance metadata: session tokens required (IMDSv2), hop limit 1',
  changed_sourceDestCheck: 'source/destination check off',
  changed_routeTarget: (id: string) => `now points at ${id}`,
  changed_roleTrust: (service: string) => `trusts only ${service} of this account, for this lab's schedule group, again`,
  changed_roleBoundary: (policy: string) => `given the permissions boundary ${policy}`,
  changed_rolePolicy: "now names the lab's current NAT and servers",
  /** attribute: enableDnsSupport or enableDnsHostnames. */
  changed_vpcDns: (attribute: string) => `turned on DNS ${attribute === 'enableDnsHostnames' ? 'hostnames' : 'resolution'}`,
  changed_rulesAllowed: (n: number) => `allowed ${n} rule(s)`,
  changed_rulesRemoved: (n: number) => `removed ${n} rule(s)`,
  changed_scheduleMove: (from: string | undefined, to: string | undefined) => `moved from ${scheduleTime(from)} to ${scheduleTime(to)}`,
  changed_scheduleTarget: (input: string) => `pointed at ${input}`,
  changed_scheduleRole: "runs as the lab's role",

  // --- drift: what `up` would change (plan, status)
  drift_startServer: (state: string) => `start it (it is ${state})`,
  drift_attachIgw: 'attach to the VPC',
  /** tokens, hopLimit: as found ('?' when AWS did not say). */
  drift_instanceMetadata: (tokens: string, hopLimit: string) => `require metadata session tokens (IMDSv2) and a hop limit of 1 (now: tokens ${tokens}, hop limit ${hopLimit})`,
  drift_sourceDestCheck: 'turn the source/destination check off',
  /** target: the route target's resource key. */
  drift_routeTarget: (target: string, id: string) => `point at ${RESOURCE_NAME[target] ?? target} ${id}`,
  drift_routeNewTarget: (target: string) => `point at the new ${RESOURCE_NAME[target] ?? target}`,
  drift_roleTrust: (service: string) => `trust only ${service} of this account, for this lab's schedule group`,
  drift_roleBoundary: (policy: string) => `take on the permissions boundary ${policy}`,
  drift_rolePolicy: "allow only the lab's current NAT and servers",
  drift_ruleAllow: (rule: string) => `allow ${rule}`,
  drift_ruleRemove: (rule: string) => `remove ${rule}`,
  drift_scheduleMove: (from: string | undefined, to: string | undefined) => `move it from ${scheduleTime(from)} to ${scheduleTime(to)}`,
  drift_scheduleTarget: (input: string) => `point it at ${input}`,
  drift_scheduleRole: "run it as the lab's role",

  // --- conflicts: differences `up` cannot fix
  conflict_vpcCidr: (id: string, cidr: string, want: string) => `the lab's VPC ${id} is ${cidr}, not ${want}`,
  conflict_subnetCidr: (name: string, id: string, cidr: string, want: string) => `the lab's ${name} subnet ${id} is ${cidr}, not ${want}`,
  conflict_keyName: (name: string, want: string) => `the lab's key pair is "${name}", not "${want}"`,
  conflict_instanceType: (name: string, id: string, type: string, want: string) => `the lab's ${SERVER_NAME[name] ?? name} ${id} is a ${type}, not a ${want}`,

  // --- destroy: what is not surely the lab's (lab/views/ownership.ts)
  /** A found resource as it really is: kind, ID, its CIDR or instance type, its Name tag. */
  seen_resource: (kind: string, id: string, detail: string | undefined, name: string | undefined) => `${kind} ${id}${detail ? ` ${detail}` : ''}${name ? ` (Name "${name}")` : ''}`,
  doubt_notRecorded: "not in the lab's state file: found by its tags alone",
  doubt_inDoubted: (id: string) => `it sits in ${id}, which is not surely the lab's`,
  doubt_holds: (id: string) => `kept: ${id}, left alone, still uses it`,
  doubt_leftUnless: (id: string) => `left alone unless confirmed on its own (--also-delete ${id})`,
  /** One line per resource left alone: what it is, why, how to delete it too. */
  leftAlone: (seen: string, reasons: string, id: string) => `Left alone: ${seen}: ${reasons}. To delete it too: aws-lab-setup destroy --also-delete ${id}`,
  confirmAlsoDelete: (seen: string, reasons: string) => `Delete ${seen} too? It is not surely the lab's: ${reasons}.`,
  err_alsoDeleteId: (id: string) => `--also-delete: "${id}" is not a resource ID`,
  hint_alsoDeleteId: 'name resources by their IDs, comma-separated, as the plan shows them: --also-delete i-0abc123,vpc-0def456',
  help_alsoDelete: "also delete these resources (IDs, comma-separated) found by the lab's tags that its state did not record or that do not fit its settings: --yes alone leaves them",

  /** An http:// endpoint off this machine (--endpoint-url or AWS_ENDPOINT_URL). */
  endpointInClear: (url: string) => `${url} is plain http off this machine: request signatures, the session token and private keys would travel in clear (use https, or an emulator on 127.0.0.1)`,

  // --- check
  check_head: (lab: string, nat: 'gateway' | 'instance', id: string) => `lab "${lab}": NAT ${nat} ${id}`,
  check_headNoNat: (lab: string) => `lab "${lab}": no NAT (the DB server has no way out)`,
  check_http: (url: string) => `HTTP GET ${url}`,
  check_ping: (ip: string) => `ping ${ip} from the web server`,
  check_mariadb: 'MariaDB running on the DB server',
  /** ping's last line (its times), as it printed it. */
  check_pingAnswered: (line: string) => line,
  check_mariadbActive: 'active',
  check_remoteFailed: (code: number, line: string) => `exit ${code}: ${line}`,
  check_line: (mark: string, name: string, detail: string) => `${mark} ${name}: ${detail}`,

  // --- ssh-config (a comment, and a host not known yet)
  sshConfigHead: (lab: string, nat: 'gateway' | 'instance', id: string) => `# lab "${lab}": NAT ${nat} ${id}`,
  sshConfigHeadNoNat: (lab: string) => `# lab "${lab}": no NAT (destroy --nat-only; \`up\` brings it back)`,
  sshConfigUnknown: '(not yet known)',

  // --- state
  stateInitMade: (where: string, region: string) => `Made the bucket of ${where} (${region}): versioning, default encryption, Block Public Access, and a lifecycle rule for old versions and old locks.`,
  stateInitSetUp: (where: string, region: string) => `Set up the bucket of ${where} (${region}): versioning, default encryption, Block Public Access, and a lifecycle rule for old versions and old locks.`,
  stateInitShare: (where: string) => `Share labs with: --state-dir ${where} (or AWS_LAB_SETUP_STATE=${where})`,
  stateMoved: (n: number, from: string, to: string, labs: string[]) => `Moved ${n} lab(s) from ${from} to ${to}: ${labs.join(', ')}.`,
  stateMovedUse: (to: string) => `Use --state-dir ${to} from now on.`,
  stateNothingMoved: (from: string) => `No lab's state was found in ${from}.`,

  // --- a lab's lock (unlock, and a run that meets a lock)
  /** Who holds a lock: the caller's ARN (S3 state), the host, the process. */
  lockHolder: holderText,
  /** A lock's age: "3m 20s". */
  lockAge: ageText,
  unlockNotLocked: (lab: string, where: string) => `Lab "${lab}" is not locked in ${where}.`,
  unlockHeld: (lab: string, holder: string, command: string, since: string, age: string | undefined) =>
    `Lab "${lab}" is locked by ${holder}, running "${command}" since ${localTime(since)}${age === undefined ? '' : ` (last renewed ${age} ago)`}.`,
  unlockUnreadable: (lab: string) => `Lab "${lab}" is locked by an unreadable lock.`,
  unlockLeft: 'The lock was left as it is.',
  unlockRemoved: (lab: string) => `Removed the lock of lab "${lab}".`,
  lockTakeoverLease: (lab: string, holder: string, command: string, since: string) =>
    `taking over the lock of lab "${lab}" from a run whose lease ran out (${holder}, "${command}", started ${localTime(since)})`,
  lockTakeoverGone: (pid: number, since: string) => `taking over the lock of a run that is gone (pid ${pid}, started ${localTime(since)})`,
  lockWaiting: (lab: string, holder: string, command: string, since: string) => `waiting for the run that holds lab "${lab}" (${holder}, "${command}", since ${localTime(since)})`,

  // --- explain: the script's comments and echoes (the AWS CLI commands stay as they are)
  explain_dnsHostnames: 'DNS hostnames are off in a new VPC; the web server needs a public DNS name',
  explain_zone: 'Both subnets in the first zone that offers the instance type',
  explain_zoneSetting: 'Both subnets in the zone of the --zone setting',
  explain_keyPair: 'AWS keeps the public half; the private half is shown once: keep it (mode 0600)',
  explain_userData: 'The user-data as AWS keeps it:',
  explain_natWait: 'One to two minutes; a route to it works only once it is available',
  explain_natType: (type: string, fallback: string) => `${type} (Arm) where the zone offers it, else ${fallback}; the latest Amazon Linux 2023 of its architecture`,
  explain_sourceDest: 'It forwards packets not addressed to it: AWS drops those unless the check is off',
  explain_yourAddress: 'your public address',
  explain_latestAmi: 'the latest Amazon Linux 2023',
  explain_tags: "Tags: the resource type, the tool's name for the resource, the Name suffix (as aws-lab-setup tags them)",
  /** address: a command substitution the script runs ($(aws …)). */
  explain_webAddress: (address: string) => `web server: ${address}`,

  // --- the plan
  /** key: the resource that takes its place (natGateway, natInstance). */
  plan_replacedBy: (key: string) => `replaced by the ${RESOURCE_NAME[key] ?? key}`,
};
