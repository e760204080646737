/**
 * English, part of the source catalog (en.ts spreads it): errors and their next steps, named by key where they are thrown (err_… and hint_…: engine/errors.ts Words).
 * Its Japanese is ja-errors.ts, checked against this by the compiler.
 */
import type { NetworkReason } from '../../aws/errors.js';

/** Why a request never reached its host (aws/errors.ts names the reason). */
const NETWORK_REASON: Record<NetworkReason, string> = {
  unresolved: 'the name does not resolve',
  refused: 'the connection was refused',
  noAnswer: 'no answer',
  cut: 'the connection was cut',
};

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
  hint_pageWaitEnv: (seconds: number) => `set it to 1 to 3600 (default ${seconds}), or pass --no-wait`,
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
};
