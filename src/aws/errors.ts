import { LabError } from '../engine/errors.js';
import type { ErrorClassifier } from '../engine/resource.js';

/** The AWS error code of an SDK error ("InvalidVpcID.NotFound", "DependencyViolation", …). */
export function errorCode(err: unknown): string {
  const e = err as { name?: string; Code?: string; code?: string } | undefined;
  return e?.Code ?? e?.name ?? e?.code ?? 'Unknown';
}

export function isNotFound(err: unknown): boolean {
  const code = errorCode(err);
  // EC2 says X.NotFound; IAM NoSuchEntity; Scheduler ResourceNotFoundException.
  return code.endsWith('.NotFound') || code.endsWith('NotFound') || code === 'NoSuchEntity' || code === 'NoSuchEntityException' || code === 'ResourceNotFoundException';
}

/**
 * A role made (or changed) seconds ago that a service may not use yet: IAM is eventually
 * consistent, and Scheduler answers "The execution role you provide must allow AWS
 * EventBridge Scheduler to assume the role" until the role has reached it.
 */
export function isRoleNotReady(err: unknown): boolean {
  return roleNotReady(errorCode(err), err instanceof Error ? err.message : '');
}

const roleNotReady = (code: string, message: string) => code === 'ValidationException' && /execution role|assume the role/i.test(message);

/** The name is taken: another create got there first (ours after a lost answer, or someone else's). */
export function isAlreadyExists(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'EntityAlreadyExists' || code === 'EntityAlreadyExistsException' || code === 'ConflictException' || code === 'ResourceAlreadyExistsException';
}

// EC2 says UnauthorizedOperation; IAM AccessDenied; Scheduler AccessDeniedException.
const ACCESS_DENIED = new Set(['UnauthorizedOperation', 'AccessDenied', 'AccessDeniedException']);

export function isAccessDenied(err: unknown): boolean {
  return ACCESS_DENIED.has(errorCode(err));
}

// IAM says DeleteConflict for a role that still has a policy.
const DEPENDENCY_VIOLATION = new Set(['DependencyViolation', 'DeleteConflictException', 'DeleteConflict']);

export function isDependencyViolation(err: unknown): boolean {
  return DEPENDENCY_VIOLATION.has(errorCode(err));
}

const THROTTLING_CODES = new Set(['RequestLimitExceeded', 'Throttling', 'ThrottlingException', 'TooManyRequestsException']);

const TRANSIENT_CODES = new Set([
  ...THROTTLING_CODES,
  'ServiceUnavailable',
  'Unavailable',
  'InternalError',
  'InternalFailure',
  'RequestTimeout',
  'RequestTimeoutException',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'TimeoutError',
]);

/**
 * AWS answered that it did nothing: a client error (4xx), or throttling (503
 * RequestLimitExceeded). A dropped connection or another 5xx leaves that open.
 */
export function isRefusal(err: unknown): boolean {
  const status = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  if (status === undefined) return false;
  return (status >= 400 && status < 500) || THROTTLING_CODES.has(errorCode(err));
}

/** Worth trying again: throttling, a 5xx, a dropped connection. */
export function isTransient(err: unknown): boolean {
  const e = err as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown; code?: string } | undefined;
  if (TRANSIENT_CODES.has(errorCode(err)) || (e?.code && TRANSIENT_CODES.has(e.code))) return true;
  const status = e?.$metadata?.httpStatusCode;
  return (status !== undefined && status >= 500) || e?.$retryable !== undefined;
}

// --- network failures: the request never reached AWS --------------------------------

/** What a failed request was on its way to; aws/network.ts's agents label its error with it. */
export interface Route {
  /** host:port the request was for. */
  target: string;
  /** The proxy it went through (password hidden), and the variable that named it. */
  proxy?: string;
  variable?: 'HTTPS_PROXY' | 'HTTP_PROXY';
}

export const ROUTE = Symbol.for('aws-lab-setup.route');

/** The code of aws/network.ts's error for a proxy that answered CONNECT with other than 200. */
export const PROXY_REFUSED = 'EPROXYREFUSED';

// Node's codes, by what they mean for the person at the keyboard.
const NETWORK_REASONS: { codes: RegExp; reason: string }[] = [
  { codes: /^(ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NONAME|EAI_NODATA)$/, reason: 'the name does not resolve' },
  { codes: /^ECONNREFUSED$/, reason: 'the connection was refused' },
  { codes: /^(ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|ENETDOWN|TimeoutError)$/, reason: 'no answer' },
  { codes: /^(ECONNRESET|EPIPE)$/, reason: 'the connection was cut' },
];
const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED_CERT|HOSTNAME_MISMATCH|EPROTO$)/;

const PROXY_VARIABLES = 'HTTPS_PROXY, HTTP_PROXY and NO_PROXY';

/** The host an unlabelled Node error names (no proxy agent saw it). */
function hostOf(err: { hostname?: string; host?: string; address?: string; port?: number }): string {
  if (err.hostname) return err.hostname;
  if (err.address) return err.port ? `${err.address}:${err.port}` : err.address;
  return err.host ?? 'the AWS endpoint';
}

/**
 * A request that never reached AWS — DNS, a refused or cut connection, TLS, the proxy —
 * as one line naming the host (and proxy) and what to check; undefined for anything else.
 */
function networkFailure(err: unknown): LabError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: string; name?: string; message?: string; statusCode?: number; statusMessage?: string; [ROUTE]?: Route; hostname?: string; address?: string; port?: number; host?: string };
  const code = e.code ?? (e.name === 'TimeoutError' ? 'TimeoutError' : undefined);
  if (!code) return undefined;
  const route = e[ROUTE];
  const host = route?.target ?? hostOf(e);
  const fail = (message: string, hint: string) => new LabError(code, message, hint, 1, { cause: err });
  if (code === PROXY_REFUSED) {
    return fail(
      `the proxy ${route?.proxy} would not connect to ${host}: it answered ${`${e.statusCode} ${e.statusMessage ?? ''}`.trim()}`,
      e.statusCode === 407
        ? `the proxy wants a login: put it in ${route?.variable} (http://USER:PASSWORD@proxy:port)`
        : 'check the host (--endpoint-url, --region) and that the proxy lets it through; or name it in NO_PROXY to go direct',
    );
  }
  if (TLS_CODE.test(code)) {
    return fail(
      `no trusted TLS connection to ${host}${route?.proxy ? ` (through the proxy ${route.proxy})` : ''}: ${firstLine(e.message ?? code)}`,
      'behind a TLS-inspecting proxy, set AWS_CA_BUNDLE to a PEM file of its CA; check that --endpoint-url names an https server for that host',
    );
  }
  const reason = NETWORK_REASONS.find((r) => r.codes.test(code))?.reason;
  if (!reason) return undefined;
  if (route?.proxy) {
    return fail(
      `could not reach the proxy ${route.proxy} (${route.variable}) on the way to ${host}: ${reason} (${code})`,
      `check ${route.variable}, or name the host in NO_PROXY to go direct`,
    );
  }
  return fail(
    `could not reach ${host}: ${reason} (${code})`,
    `check the network and --endpoint-url (or AWS_ENDPOINT_URL) and --region; where AWS is reached through a proxy, set ${PROXY_VARIABLES}`,
  );
}

interface Known {
  match: (code: string, message: string) => boolean;
  message: (code: string, message: string) => string;
  hint: string;
}

// The failures a learner actually meets, each with the next step to take.
const KNOWN: Known[] = [
  // Before the credentials rule: an expired SSO session is a CredentialsProviderError too.
  {
    match: (c, m) => c === 'ExpiredToken' || c === 'ExpiredTokenException' || c === 'TokenRefreshRequired' || /SSO session .* expired|token .* expired/i.test(m),
    message: () => 'your AWS session has expired',
    hint: 'run `aws sso login` (add --profile NAME if you use one), then run the same command again',
  },
  {
    match: (c, m) => c === 'CredentialsProviderError' || /Could not load credentials/i.test(m),
    message: () => 'no AWS credentials were found',
    hint: 'run `aws configure` (or `aws sso login`), or pass --profile NAME',
  },
  {
    match: (c) => c === 'AuthFailure' || c === 'InvalidClientTokenId' || c === 'UnrecognizedClientException' || c === 'SignatureDoesNotMatch',
    message: () => 'AWS did not accept these credentials',
    hint: 'check the access key (or --profile) and that the clock of this machine is right',
  },
  {
    match: (c) => ACCESS_DENIED.has(c),
    message: (_c, m) => `these credentials may not do this: ${firstLine(m)}`,
    hint: 'use a role or user with EC2 full access (and ssm:GetParameter; for the expiry, EventBridge Scheduler and iam:CreateRole, iam:PutRolePolicy, iam:PassRole), or pass --profile NAME',
  },
  {
    match: roleNotReady,
    message: () => 'EventBridge Scheduler still may not use the lab\'s new expiry role (IAM takes a while to spread a new role)',
    hint: 'wait a minute and run the same command again; or pass --expires-in never to go without an expiry',
  },
  {
    match: (c) => c === 'VpcLimitExceeded',
    message: () => 'the account has reached its VPC limit in this region (5 by default)',
    hint: 'delete an unused VPC, use another --region, or ask for a higher quota in Service Quotas',
  },
  {
    match: (c) => c === 'AddressLimitExceeded',
    message: () => 'the account has reached its Elastic IP limit in this region (5 by default)',
    hint: 'release unused Elastic IPs, use another --region, or ask for a higher quota',
  },
  {
    match: (c) => c === 'InstanceLimitExceeded' || c === 'VcpuLimitExceeded',
    message: () => 'the account may not run more instances of this kind in this region',
    hint: 'stop or terminate other instances, or ask for a higher vCPU quota in Service Quotas',
  },
  {
    // Includes the free plan's refusal of t2.micro (InvalidParameterCombination, "not eligible for Free Tier").
    match: (c, m) => c === 'Unsupported' || ((c === 'InvalidParameterValue' || c === 'InvalidParameterCombination') && /instance type/i.test(m)),
    message: (_c, m) => `the instance type is not offered here: ${firstLine(m)}`,
    hint: 'pick another --instance-type (t3.micro is offered almost everywhere) or another --region',
  },
  {
    match: (c) => c === 'InsufficientInstanceCapacity' || c === 'InsufficientCapacity',
    message: () => 'AWS has no spare capacity for this instance type in the zone right now',
    hint: 'wait a few minutes and run the same command again, or pick another --instance-type',
  },
  {
    match: (c) => TRANSIENT_CODES.has(c),
    message: (c) => `AWS kept refusing the request (${c}) after several tries`,
    hint: 'wait a minute and run the same command again: it picks up where it stopped',
  },
];

function firstLine(s: string): string {
  return s.split('\n')[0];
}

/** Turn whatever went wrong into a LabError with a one-line reason and a next step. */
export function translate(err: unknown): LabError {
  if (err instanceof LabError) return err;
  const network = networkFailure(err);
  if (network) return network;
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  const known = KNOWN.find((k) => k.match(code, message));
  const requestId = (err as { $metadata?: { requestId?: string } })?.$metadata?.requestId;
  const fromAws = typeof err === 'object' && err !== null && ('$metadata' in err || '$fault' in err);
  const translated = known
    ? new LabError(code, known.message(code, message), known.hint, 1, { cause: err })
    : fromAws
      ? new LabError(code, `AWS said ${code}: ${firstLine(message)}`, 'run again with --debug for details; what was made so far is in the state file', 1, { cause: err })
      : new LabError('Unexpected', `unexpected error: ${firstLine(message)}`, 'run again with --debug and report the stack trace', 1, { cause: err });
  if (requestId) Object.assign(translated, { requestId });
  return translated;
}

/**
 * A call the SDK may have sent twice (the first answer lost on the way back): AWS then
 * answers that it is already so, which for us is success.
 */
export async function unlessAlready<T>(call: Promise<T>, ...codes: string[]): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (codes.includes(errorCode(err))) return undefined;
    throw err;
  }
}

/** A look-up by ID that AWS answers NotFound: undefined instead (a wait's first looks, a gone resource). */
export async function unlessNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** How the engine tells AWS's errors apart without knowing their codes (see ErrorClassifier). */
export const awsErrors: ErrorClassifier = { code: errorCode, isNotFound, isDependencyViolation, isTransient };
