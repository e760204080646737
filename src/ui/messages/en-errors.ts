/**
 * English, part of the source catalog (en.ts spreads it): errors and their next steps, named by key where they are thrown (err_… and hint_…: engine/errors.ts Words).
 * Its Japanese is ja-errors.ts, checked against this by the compiler.
 */
import type { NetworkReason } from '../../aws/errors.js';
import type { S3Doing } from '../../engine/store/s3.js';
import type { QuotaKey } from '../../aws/quotas.js';
import type { CidrField } from '../../lab/core/config.js';
import { ageText, holderText } from './en-terms.js';
import { localTime } from '../time.js';

/** Why a request never reached its host (aws/errors.ts names the reason). */
const NETWORK_REASON: Record<NetworkReason, string> = {
  unresolved: 'the name does not resolve',
  refused: 'the connection was refused',
  noAnswer: 'no answer',
  cut: 'the connection was cut',
};

/** What a refused S3 call was doing, with the actions it needs (engine/store/s3.ts). */
const S3_DOING: Record<S3Doing, (object: string | undefined) => string> = {
  readBlock: () => "read the bucket's Block Public Access (s3:GetBucketPublicAccessBlock)",
  read: (object) => `read ${object} (s3:GetObject, s3:ListBucket)`,
  write: (object) => `write ${object} (s3:PutObject)`,
  list: (object) => `list ${object} (s3:ListBucket)`,
  lock: (object) => `take the lock ${object} (s3:PutObject)`,
  unlock: () => 'remove the lock (s3:DeleteObject)',
  writeKey: () => 'write the private key (s3:PutObject)',
};
/** A folder's errno code, as the reason it cannot hold the state. */
const FOLDER_REASON: Record<string, string> = {
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a file is in the way',
  EEXIST: 'a file is in the way',
  ENOENT: 'it cannot be made there',
  ENOSPC: 'the disk is full',
};
/** Who holds a lock: the caller's ARN, the host, the pid. */
type Holder = { owner?: string; host?: string; pid: number; command: string; startedAt: string };

/** How to free some of a short quota (lab/views/readiness.ts). */
const FREE_SOME: Record<QuotaKey, string> = {
  standardVcpus: 'stop or terminate instances you do not need',
  elasticIps: 'release unused addresses',
  vpcs: 'delete unused VPCs',
  internetGateways: 'delete unused internet gateways',
  natGatewaysPerZone: 'delete unused NAT gateways',
};

/** Which block a refused CIDR was given for (lab/core/config.ts). */
const CIDR_FIELD: Record<CidrField, string> = { vpc: 'VPC CIDR', publicSubnet: 'public subnet CIDR', privateSubnet: 'private subnet CIDR', sshSource: 'SSH source CIDR' };

export const enErrors = {
  // --- aws/: the region, the network, the proxy, the CA bundle, the page wait
  err_noRegion: 'no AWS region is configured',
  hint_noRegion: 'pass --region (e.g. --region ap-northeast-1) or set AWS_REGION',
  err_proxyUrl: (variable: string, value: string) => `${variable} "${value}" is not a proxy URL`,
  err_proxyScheme: (variable: string, scheme: string) => `${variable} names a ${scheme} proxy; only http:// and https:// proxies are supported`,
  hint_proxyUrl: (variable: string) => `write it like ${variable}=http://proxy.example.com:3128`,
  /** code: Node's errno code (ENOENT, EACCES), when it gave one. */
  err_caUnreadable: (variable: string, file: string, code: string | undefined) => `${variable} names ${file}, which cannot be read (${code ?? 'error'})`,
  hint_caBundle: (variable: string) => `point ${variable} at a PEM file of CA certificates, or unset it`,
  err_caNoPem: (variable: string, file: string) => `${variable} names ${file}, which holds no PEM certificate`,
  hint_caNoPem: (variable: string) => `point ${variable} at a PEM file of CA certificates (-----BEGIN CERTIFICATE-----), or unset it`,
  err_pageWaitEnv: (variable: string, raw: string) => `${variable}="${raw}" is not a number of seconds`,
  hint_pageWaitEnv: (seconds: number) => `set it to 1 to 3600 (default ${seconds}), or pass --no-wait-for-page`,
  /** answer: the proxy's status line ("403 Forbidden"), as it sent it. */
  err_proxyRefused: (proxy: string | undefined, host: string | undefined, answer: string) => `the proxy ${proxy} would not connect to ${host ?? 'the AWS endpoint'}: it answered ${answer}`,
  hint_proxyLogin: (variable: string | undefined) => `the proxy wants a login: put it in ${variable} (http://USER:PASSWORD@proxy:port)`,
  hint_proxyRefused: 'check the host (--endpoint-url, --region) and that the proxy lets it through; or name it in NO_PROXY to go direct',
  /** text: Node's own words for the TLS failure. */
  err_tls: (host: string | undefined, proxy: string | undefined, text: string) => `no trusted TLS connection to ${host ?? 'the AWS endpoint'}${proxy ? ` (through the proxy ${proxy})` : ''}: ${text}`,
  hint_tls: 'behind a TLS-inspecting proxy, set AWS_CA_BUNDLE to a PEM file of its CA; check that --endpoint-url names an https server for that host',
  err_proxyUnreachable: (proxy: string, variable: string | undefined, host: string | undefined, reason: NetworkReason, code: string) =>
    `could not reach the proxy ${proxy} (${variable}) on the way to ${host ?? 'the AWS endpoint'}: ${NETWORK_REASON[reason]} (${code})`,
  hint_proxyUnreachable: (variable: string | undefined) => `check ${variable}, or name the host in NO_PROXY to go direct`,
  err_unreachable: (host: string | undefined, reason: NetworkReason, code: string) => `could not reach ${host ?? 'the AWS endpoint'}: ${NETWORK_REASON[reason]} (${code})`,
  hint_unreachable: 'check the network and --endpoint-url (or AWS_ENDPOINT_URL) and --region; where AWS is reached through a proxy, set HTTPS_PROXY, HTTP_PROXY and NO_PROXY',

  // --- aws/errors.ts: AWS's refusals a learner meets (code: AWS's error code; text: the first line of AWS's own message)
  err_sessionExpired: 'your AWS session has expired',
  hint_sessionExpired: 'run `aws sso login` (add --profile NAME if you use one), then run the same command again',
  err_noCredentials: 'no AWS credentials were found',
  hint_noCredentials: 'run `aws configure` (or `aws sso login`), or pass --profile NAME',
  err_badCredentials: 'AWS did not accept these credentials',
  hint_badCredentials: 'check the access key (or --profile) and that the clock of this machine is right',
  err_accessDenied: (_code: string, text: string) => `these credentials may not do this: ${text}`,
  hint_accessDenied: 'use a role or user with EC2 full access (and ssm:GetParameter; for the expiry, EventBridge Scheduler and iam:CreateRole, iam:PutRolePolicy, iam:PassRole), or pass --profile NAME',
  err_roleNotReady: "EventBridge Scheduler still may not use the lab's new expiry role (IAM takes a while to spread a new role)",
  hint_roleNotReady: 'wait a minute and run the same command again; or pass --expires-in never to go without an expiry',
  err_vpcLimit: 'the account has reached its VPC limit in this region (5 by default)',
  hint_vpcLimit: 'delete an unused VPC, use another --region, or ask for a higher quota in Service Quotas',
  err_addressLimit: 'the account has reached its Elastic IP limit in this region (5 by default)',
  hint_addressLimit: 'release unused Elastic IPs, use another --region, or ask for a higher quota',
  err_instanceLimit: 'the account may not run more instances of this kind in this region',
  hint_instanceLimit: 'stop or terminate other instances, or ask for a higher vCPU quota in Service Quotas',
  err_typeRefused: (_code: string, text: string) => `the instance type is not offered here: ${text}`,
  hint_typeNotOffered: 'pick another --instance-type (t3.micro is offered almost everywhere) or another --region',
  err_noCapacity: 'AWS has no spare capacity for this instance type in the zone right now',
  hint_noCapacity: 'wait a few minutes and run the same command again, or pick another --instance-type',
  err_keptRefusing: (code: string) => `AWS kept refusing the request (${code}) after several tries`,
  hint_keptRefusing: 'wait a minute and run the same command again: it picks up where it stopped',
  err_awsRefused: (code: string, text: string) => `AWS said ${code}: ${text}`,
  hint_awsRefused: 'run again with --debug for details; what was made so far is in the state file',
  err_unexpected: (text: string) => `unexpected error: ${text}`,
  hint_unexpected: 'run again with --debug and report the stack trace',

  // --- engine/: the state and its store (a folder, S3), locks, waits, deletes
  /** code: Node's errno code; text: Node's own message, said when the code is not one we word. */
  err_folderUnwritable: (dir: string, code: string | undefined, text: string) => `cannot keep the state in ${dir}: ${FOLDER_REASON[code ?? ''] ?? text}`,
  err_folderFileInWay: (dir: string, at: string) => `cannot keep the state in ${dir}: ${at} is a file, in the way`,
  hint_stateDir: 'pass --state-dir with a folder you can write (or s3://BUCKET/PREFIX)',
  err_lockedFolder: (lab: string, pid: number, command: string, startedAt: string) => `another aws-lab-setup run (pid ${pid}, ${command}, started ${localTime(startedAt)}) is working on lab "${lab}"`,
  hint_lockedFolder: (file: string) => `wait for it to finish (or run again with --wait-for-lock); if that process is gone, delete ${file}`,
  err_lockNotTaken: (file: string) => `could not take the lock ${file}`,
  hint_lockNotTaken: (file: string) => `delete ${file} and try again`,
  err_stateUnreadable: (file: string, text: string) => `cannot read the state file ${file}: ${text}`,
  hint_stateUnreadable: "check its permissions, or run again with --rediscover to rebuild it from the lab's tags",
  /** why: JSON's own complaint, or undefined for JSON that is not a state of this lab. */
  err_stateCorrupt: (name: string, why: string | undefined) => `the state file ${name} is corrupt (${why ?? 'unexpected content'})`,
  hint_stateCorrupt: (name: string) => `restore ${name}.bak, or run again with --rediscover to rebuild the state from the lab's tags`,
  err_s3NotOffered: (where: string) => `a state in S3 (${where}) is not offered here`,
  hint_s3NotOffered: 'use a folder',
  err_notS3: (where: string) => `"${where}" is not an S3 address`,
  hint_notS3: 'write it as s3://BUCKET/PREFIX',
  err_s3Address: (where: string) => `state location "${where}" is not an S3 address this tool can use`,
  hint_s3Address: 'write it as s3://BUCKET/PREFIX: a bucket name of 3-63 lower-case letters, digits, dots and hyphens, then a prefix (folders) if you like',
  err_stateExists: (name: string, lab: string) => `${name} already holds a state of lab "${lab}"`,
  hint_stateExists: 'move it with another --name, or remove that state first',
  err_bucketMissing: (where: string, bucket: string) => `cannot keep the state in ${where}: the bucket ${bucket} does not exist`,
  hint_bucketMissing: (bucket: string, prefix: string) => `make it with \`aws-lab-setup state init s3://${bucket}/${prefix}\``,
  err_bucketDenied: (where: string, doing: S3Doing, object: string | undefined) => `cannot keep the state in ${where}: access denied to ${S3_DOING[doing](object)}`,
  hint_bucketDenied: (where: string) => `give these credentials the S3 statements of \`aws-lab-setup policy --state-dir ${where}\` (a bucket of another account is refused too: name its account with --state-bucket-owner)`,
  err_bucketPublic: (where: string, bucket: string) => `cannot keep the state in ${where}: the bucket ${bucket} does not block public access, and the state holds private keys`,
  hint_bucketPublic: 'turn on all four Block Public Access settings of the bucket (aws s3api put-public-access-block), or make a bucket that is right with `aws-lab-setup state init s3://BUCKET/PREFIX`',
  err_bucketForeign: (where: string, bucket: string, owner: string) =>
    `refusing to keep the state in ${where}: the bucket ${bucket} belongs to another account than ${owner}, and would receive the lab's state and private keys`,
  hint_bucketForeign: "check the bucket's name (a mistyped or re-registered name can be another account's); if the bucket is meant to be in another account, name that account with --state-bucket-owner ACCOUNT",
  err_bucketOwnerFlag: (value: string) => `--state-bucket-owner "${value}" is not an AWS account ID`,
  hint_bucketOwnerFlag: 'give the 12 digits of the account that owns the state bucket, e.g. --state-bucket-owner 111122223333',
  /** mode: the folder's permission bits in octal ("775"); foreign: another user owns it. */
  warn_stateFolderOpen: (dir: string, mode: string, foreign: boolean) =>
    `the state folder ${dir} (mode ${mode}${foreign ? ', owned by another user' : ''}) can be changed by others, who could read or replace the lab's keys: use a folder of your own (chmod 700)`,
  err_bucketTaken: (bucket: string) => `the bucket name ${bucket} is taken by another account`,
  hint_bucketTaken: 'pick another bucket name (names are global across AWS)',
  err_stateChanged: (name: string) => `the state ${name} was changed by another run since this one read it`,
  hint_stateChangedWrite: 'nothing of that run is lost: run the command again, it reads the state anew',
  hint_seeStatus: 'run `status` to see the lab as it is',
  err_lockedS3: (lab: string, h: Holder, ageSeconds: number, leaseSeconds: number) =>
    `lab "${lab}" is locked by ${holderText(h.owner, h.host, h.pid)}, running "${h.command}" since ${localTime(h.startedAt)} (renewed ${ageText(ageSeconds)} ago, lease ${leaseSeconds}s)`,
  hint_lockedS3: (lab: string, where: string) => `wait for it (run again with --wait-for-lock); if that run is gone, its lease runs out and the next run takes over, or remove it: aws-lab-setup unlock --name ${lab} --state-dir ${where}`,
  err_lockLost: (where: string) => `another run took over the lock of this lab in ${where} (this run's lease had run out)`,
  hint_lockLost: 'let that run finish, then run `status` to see the lab as it is',
  err_lockChanged: (lab: string) => `the lock of lab "${lab}" changed while you were asked (its run renewed it, or another took it)`,
  hint_lockChanged: 'run unlock again to see who holds it now',
  /** kind: the resource's kind as the engine names it (VPC, SecurityGroup…); text: AWS's message. */
  err_stillInUse: (kind: string, id: string, text: string) => `${kind} ${id} is still in use: ${text}`,
  hint_stillInUse: 'something outside the lab may use it; remove that, then run destroy again',
  /** what: what the wait was for, as the kind named it; status: the last state seen. */
  err_waitTimeout: (seconds: number, waiting: string) => `gave up after ${seconds}s: ${waiting}`,
  hint_waitTimeout: 'AWS may just be slow: run the same command again to resume waiting',
  err_waitStopped: (waiting: string) => `stopped: ${waiting}`,
  hint_waitStopped: 'run the same command again to resume',

  // --- lab/: the kinds' refusals, the look-ups, the lab that differs, the preflight
  err_roleTaken: (name: string) => `an IAM role named "${name}" already exists and is not this lab's`,
  hint_roleTaken: 'delete that role, or use another --name',
  err_noBoundary: (arn: string) => `the permissions boundary ${arn}, which the expiry's role must carry, does not exist in this account`,
  hint_noBoundary: (command: string) => `an administrator creates it once: ${command} (or use --expires-in never)`,
  err_roleBoundary: (name: string) => `the IAM role "${name}" was made before roles had a permissions boundary, and these credentials may not give it one`,
  hint_roleBoundary: (command: string) => `ask an administrator to run: ${command} (the boundary itself: aws-lab-setup policy --boundary)`,
  /** server: web, db or NAT; state: EC2's (undefined: gone); reason: EC2's StateReason message. */
  err_serverGone: (server: string, id: string, state: string | undefined, reason: string | undefined) => `${server} server ${id} is ${state ?? 'gone'} (${reason ?? 'no reason given'})`,
  hint_serverGone: 'run the same command again to launch a new one',
  err_instanceGone: (id: string, state: string | undefined) => `instance ${id} is ${state ?? 'gone'}`,
  hint_instanceGone: 'run `up` again to launch a new one',
  err_keyPairTaken: (name: string) => `a key pair named "${name}" already exists in this region and is not this lab's`,
  hint_keyPairTaken: 'pass another --key-name, or import your own key with --public-key-file',
  /** side: public or private. */
  err_associationElsewhere: (side: string) => `the ${side} subnet is associated with another route table`,
  hint_associationElsewhere: 'remove that association in the console, then run `up` again',
  /** failure: EC2's FailureMessage. */
  err_natFailed: (id: string, state: string | undefined, failure: string | undefined) => `NAT gateway ${id} is ${state ?? 'gone'}${failure ? `: ${failure}` : ''}`,
  hint_natFailed: 'run `aws-lab-setup destroy --nat-only`, then `up` again',
  err_typeNotInZone: (type: string, zone: string) => `instance type "${type}" is not offered in ${zone}, the zone of the lab's subnets`,
  hint_typeNotInZone: 'pick a type offered there (t3.micro usually is), or destroy the lab and start again',
  err_typeNotInRegion: (type: string, region: string) => `instance type "${type}" is not offered in any zone of ${region}`,
  err_noAmi: (region: string, parameter: string) => `no Amazon Linux 2023 AMI is published in ${region} (${parameter})`,
  hint_noAmi: 'pass --ami with an AMI ID of this region',
  hint_noAmiNat: 'use --nat gateway in this region',
  /** conflicts: each resource's difference, as plan and status say it. */
  err_labDiffers: (lab: string, conflicts: string[]) => `lab "${lab}" already exists and differs: ${conflicts.join('; ')}`,
  hint_labDiffers: 'run without those flags to keep the lab as it is, or `destroy` it first, or use another --name',
  err_permissionDenied: (actions: string[]) => `these credentials may not call ${actions.join(', ')}; nothing was created`,
  hint_permissionDenied: 'attach the policy that `aws-lab-setup policy` prints to your IAM user or role (or pass --profile NAME), then run the same command again',
  /** commands: the exact request of each short quota; vpcEnv: the variable naming a raised VPC quota, when VPCs are short. */
  hint_quotaShort: (quotas: QuotaKey[], commands: string[], vpcEnv: string | undefined) =>
    `${quotas.map((q) => FREE_SOME[q]).join(', ')}, use another --region, or ask Service Quotas for more (in its console, or: ${commands.join('; ')})${vpcEnv ? `; if your VPC quota is already higher, set ${vpcEnv}=N` : ''}`,

  // --- lab/core: the settings' validators (the wizard shows them as the reason an answer is refused)
  err_notCidr: (what: CidrField, value: string) => `${CIDR_FIELD[what]} "${value}" is not an IPv4 CIDR block`,
  hint_notCidr: 'write it like 10.0.0.0/16',
  err_hostBits: (what: CidrField, value: string) => `${CIDR_FIELD[what]} "${value}" has host bits set`,
  hint_hostBits: (network: string) => `did you mean ${network}?`,
  err_vpcPrefix: (value: string, prefix: number) => `VPC CIDR "${value}" is a /${prefix}`,
  hint_vpcPrefix: 'AWS accepts /16 to /28 for a VPC, and the lab needs room for two subnets: use /16 to /27, e.g. 10.0.0.0/16',
  err_subnetTooSmall: (what: CidrField, value: string) => `${CIDR_FIELD[what]} "${value}" is smaller than a /28`,
  hint_subnetTooSmall: 'AWS subnets are /16 to /28; the lab uses /24',
  err_subnetOutside: (what: CidrField, value: string, vpcCidr: string) => `${CIDR_FIELD[what]} "${value}" is not inside the VPC ${vpcCidr}`,
  hint_subnetOutside: (vpcCidr: string, example: string) => `pick a block inside ${vpcCidr}, e.g. ${example}`,
  err_subnetsOverlap: (publicCidr: string, privateCidr: string) => `public subnet ${publicCidr} and private subnet ${privateCidr} overlap`,
  hint_subnetsOverlap: 'give them separate blocks, e.g. 10.0.1.0/24 and 10.0.2.0/24',
  err_sshIpv6: (value: string) => `SSH source CIDR "${value}" is IPv6, and the lab's VPC and servers have IPv4 addresses only`,
  hint_sshIpv6: (world: string) => `use an IPv4 block: your own address as x.x.x.x/32 (or ${world}, all of the internet)`,
  err_labName: (value: string) => `lab name "${value}" is not accepted`,
  hint_labName: 'use 1 to 31 lower-case letters, digits and hyphens, starting with a letter or digit',
  err_keyName: (value: string) => `key name "${value}" is not accepted`,
  hint_keyName: 'use up to 255 letters, digits, ".", "_" and "-", starting with a letter or digit',
  err_region: (value: string) => `region "${value}" is not a region name`,
  hint_region: 'use a code like ap-northeast-1 or us-east-1',
  err_instanceType: (value: string) => `instance type "${value}" is not an instance type name`,
  hint_instanceType: 'use a name like t3.micro',
  err_ami: (value: string) => `AMI "${value}" is not an AMI ID`,
  hint_ami: 'use an ID like ami-0123456789abcdef0, or leave --ami out for the latest Amazon Linux 2023',
  err_natKind: (value: string) => `NAT kind "${value}" is not accepted`,
  hint_natKind: "use --nat gateway (the tutorial's NAT gateway) or --nat instance (a t4g.nano NAT instance, a tenth of the cost)",
  err_publicKeyUnreadable: (file: string) => `public key file "${file}" cannot be read`,
  hint_publicKeyUnreadable: 'give the path of an OpenSSH public key, e.g. ~/.ssh/id_ed25519.pub',
  err_notPublicKey: (file: string) => `"${file}" is not an OpenSSH public key`,
  hint_notPublicKey: 'give a .pub file starting with ssh-ed25519, ssh-rsa or ecdsa-sha2-…',
  err_expiresIn: (value: string) => `expiry "${value}" is not accepted`,
  hint_expiresIn: 'give minutes, hours or days from 10m to 30d, like 90m, 4h or 2d, or "never" for a lab that does not expire',
  err_noPublicIp: 'could not detect your public IP address for the SSH rule',
  hint_noPublicIp: 'pass --ssh-cidr YOUR.IP.ADDRESS/32 (aws-lab-setup will not open SSH to the whole internet by itself)',

  // --- cli/ and the lab's outputs: ssh, check, explain, unlock, state
  err_webNoAddress: 'the web server has no public address yet',
  err_dbNotThere: 'the DB server is not there yet',
  err_labIncomplete: 'the lab is not complete',
  hint_upFirst: 'run `aws-lab-setup up` first',
  err_noSsh: (binary: string, text: string) => `cannot run ${binary}: ${text}`,
  hint_noSsh: 'install an OpenSSH client',
  err_sshTarget: (target: string) => `"${target}" is not a server of the lab`,
  hint_sshTarget: 'use `aws-lab-setup ssh web` or `aws-lab-setup ssh db`',
  err_checkTimeout: (value: string) => `timeout "${value}" is not a number of seconds`,
  hint_checkTimeout: 'use --timeout with 1 to 600 seconds',
  err_checksFailed: (failed: number, total: number) => `${failed} of ${total} checks failed`,
  hint_checksFailed: 'a fresh lab needs a few minutes for its first boot (dnf install); try again, or see `aws-lab-setup status`',
  err_noRegionScript: 'no AWS region is known for the script',
  hint_noTerminalUnlock: (lab: string) => `run \`aws-lab-setup unlock --name ${lab} --yes\` to remove that lock`,
  hint_notS3Init: 'write it as s3://BUCKET/PREFIX (a folder needs no init)',
  err_publicKeyPath: (value: string) => `public key path "${value}" is not an absolute path of plain text (no control characters, "$(" or backquotes)`,
  hint_publicKeyPath: 'name the .pub file by its full path (e.g. /home/me/.ssh/id_ed25519.pub), with no control characters',
  err_savedSetting: (where: string, field: string, reason: string) => `${where}: ${field}: ${reason}`,
  hint_savedBroken: 'the saved state was changed by hand or by someone else: fix that field, or move the file aside and run up again with flags',
  err_savedNotText: 'the value is not text',
  err_savedNotTime: (value: string) => `"${value}" is not a time`,
  err_savedTags: 'the tags are not names and values of text',
  err_keyOutside: (name: string, dir: string) => `key name "${name}" would put the key outside ${dir}`,
  hint_keyOutside: 'a key name has no path in it: letters, digits, ".", "_" and "-"',
  err_sshPathUnsafe: (file: string) => `ssh cannot be given the path "${file}": it holds a control character or "\${"`,
  hint_sshPathUnsafe: 'use a state folder (--state-dir) and key path without control characters or "${"',
  err_hostKeyChanged: (host: string) => `${host} answered with a host key other than the one AWS printed on its console: the connection was refused`,
  hint_hostKeyChanged: 'someone may be between you and the server; if the instance was replaced, run the command again (the new key is read from its console)',
  err_moveNoTo: 'state move needs --to',
  hint_moveNoTo: 'name where the state goes: --to s3://BUCKET/PREFIX, or --to ./.aws-lab-setup to bring it back',
  err_moveSame: (where: string) => `the state is already in ${where}`,
  hint_moveSame: 'pass --state-dir with where it is now',
};
