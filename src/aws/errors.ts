import { foreignCode, LabError, type Words } from '../engine/errors.js';
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

// Node's codes, by what they mean for the person at the keyboard (ui's catalogs word each reason).
export type NetworkReason = 'unresolved' | 'refused' | 'noAnswer' | 'cut';
const NETWORK_REASONS: { codes: RegExp; reason: NetworkReason }[] = [
  { codes: /^(ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NONAME|EAI_NODATA)$/, reason: 'unresolved' },
  { codes: /^ECONNREFUSED$/, reason: 'refused' },
  { codes: /^(ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|ENETDOWN|TimeoutError)$/, reason: 'noAnswer' },
  { codes: /^(ECONNRESET|EPIPE)$/, reason: 'cut' },
];
const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|SELF_SIGNED_CERT|DEPTH_ZERO_SELF_SIGNED_CERT|HOSTNAME_MISMATCH|EPROTO$)/;

/** The host an unlabelled Node error names (no proxy agent saw it); undefined: the sentence says "the AWS endpoint". */
function hostOf(err: { hostname?: string; host?: string; address?: string; port?: number }): string | undefined {
  if (err.hostname) return err.hostname;
  if (err.address) return err.port ? `${err.address}:${err.port}` : err.address;
  return err.host;
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
  const fail = (message: Words, hint: Words) => new LabError(foreignCode(code), message, hint, 1, { cause: err });
  if (code === PROXY_REFUSED) {
    const answer = `${e.statusCode} ${e.statusMessage ?? ''}`.trim();
    return fail(['err_proxyRefused', route?.proxy, host, answer], e.statusCode === 407 ? ['hint_proxyLogin', route?.variable] : ['hint_proxyRefused']);
  }
  if (TLS_CODE.test(code)) return fail(['err_tls', host, route?.proxy, firstLine(e.message ?? code)], ['hint_tls']);
  const reason = NETWORK_REASONS.find((r) => r.codes.test(code))?.reason;
  if (!reason) return undefined;
  if (route?.proxy) return fail(['err_proxyUnreachable', route.proxy, route.variable, host, reason, code], ['hint_proxyUnreachable', route.variable]);
  return fail(['err_unreachable', host, reason, code], ['hint_unreachable']);
}

interface Known {
  match: (code: string, message: string) => boolean;
  /** The reason, by key; AWS's own text (its first line) is a value of it where it says more than the code. */
  message: (code: string, text: string) => Words;
  hint: Words;
}

// The failures a learner actually meets, each with the next step to take (ui/messages words them).
const KNOWN: Known[] = [
  // Before the credentials rule: an expired SSO session is a CredentialsProviderError too.
  {
    match: (c, m) => c === 'ExpiredToken' || c === 'ExpiredTokenException' || c === 'TokenRefreshRequired' || /SSO session .* expired|token .* expired/i.test(m),
    message: () => ['err_sessionExpired'],
    hint: ['hint_sessionExpired'],
  },
  {
    match: (c, m) => c === 'CredentialsProviderError' || /Could not load credentials/i.test(m),
    message: () => ['err_noCredentials'],
    hint: ['hint_noCredentials'],
  },
  {
    match: (c) => c === 'AuthFailure' || c === 'InvalidClientTokenId' || c === 'UnrecognizedClientException' || c === 'SignatureDoesNotMatch',
    message: () => ['err_badCredentials'],
    hint: ['hint_badCredentials'],
  },
  {
    match: (c) => ACCESS_DENIED.has(c),
    message: (c, m) => ['err_accessDenied', c, m],
    hint: ['hint_accessDenied'],
  },
  {
    match: roleNotReady,
    message: () => ['err_roleNotReady'],
    hint: ['hint_roleNotReady'],
  },
  {
    match: (c) => c === 'VpcLimitExceeded',
    message: () => ['err_vpcLimit'],
    hint: ['hint_vpcLimit'],
  },
  {
    match: (c) => c === 'AddressLimitExceeded',
    message: () => ['err_addressLimit'],
    hint: ['hint_addressLimit'],
  },
  {
    match: (c) => c === 'InstanceLimitExceeded' || c === 'VcpuLimitExceeded',
    message: () => ['err_instanceLimit'],
    hint: ['hint_instanceLimit'],
  },
  {
    // Includes the free plan's refusal of t2.micro (InvalidParameterCombination, "not eligible for Free Tier").
    match: (c, m) => c === 'Unsupported' || ((c === 'InvalidParameterValue' || c === 'InvalidParameterCombination') && /instance type/i.test(m)),
    message: (c, m) => ['err_typeRefused', c, m],
    hint: ['hint_typeNotOffered'],
  },
  {
    match: (c) => c === 'InsufficientInstanceCapacity' || c === 'InsufficientCapacity',
    message: () => ['err_noCapacity'],
    hint: ['hint_noCapacity'],
  },
  {
    match: (c) => TRANSIENT_CODES.has(c),
    message: (c) => ['err_keptRefusing', c],
    hint: ['hint_keptRefusing'],
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
    ? new LabError(foreignCode(code), known.message(code, firstLine(message)), known.hint, 1, { cause: err })
    : fromAws
      ? new LabError(foreignCode(code), ['err_awsRefused', code, firstLine(message)], ['hint_awsRefused'], 1, { cause: err })
      : new LabError('Unexpected', ['err_unexpected', firstLine(message)], ['hint_unexpected'], 1, { cause: err });
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
