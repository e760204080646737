import http from 'node:http';
import type net from 'node:net';
import { NOT_FOUND, type IdKind } from '../../support/not-found.js';
import type { Buckets } from './buckets.js';
import { refuseOtherOwner } from './bucket-owner.js';
import { answerConsoleOutput } from './console-output.js';
import { playCheckReads } from './proxy-check.js';
import { answerQuotas, jsonError, type AccountQuotas } from './quotas.js';
import { record, type RecordedRequest } from './recorded.js';
import { holdOf } from './held.js';
import { playLeftovers } from './proxy-leftovers.js';
import { playTeardown } from './proxy-teardown.js';

/**
 * A loopback proxy between the CLI and moto: it records which AWS actions went over the
 * wire (so a test can count mutating calls), and can inject the faults AWS serves —
 * throttling before a call, or a connection dropped after moto has done the work.
 *
 * It also makes moto behave as EC2 does where moto is more lenient (docs/moto-behaviour.md):
 * ClientToken idempotency always, and eventual consistency when `eventualMs` is set.
 */
export interface Faults {
  /** Every Nth call (counting only these actions, or all) answers 503 RequestLimitExceeded. */
  throttleEvery?: number;
  throttleActions?: string[];
  /** The first call of each of these actions is served by moto, then the connection is cut. */
  dropFirst?: string[];
  /**
   * An IAM policy that lacks these actions ("CreateNatGateway"): their calls and dry runs
   * answer UnauthorizedOperation, as AWS does.
   */
  deny?: string[];
  /**
   * The account's quotas this proxy plays (./quotas.ts): Service Quotas answers them and the
   * calls past them are refused as EC2 does. `elasticIps` is DescribeAccountAttributes'
   * vpc-max-elastic-ips too (moto: always 5).
   */
  quotas?: AccountQuotas;
  /** The first call of each of these actions is refused with this error code (HTTP 400), unserved. */
  refuseFirst?: Record<string, string>;
  /**
   * "Eventual" mode: for this long after a create, a request naming the new ID gets the
   * kind's NotFound error, and filtered Describe answers leave the new resource out.
   */
  eventualMs?: number;
  /**
   * After each CreateRole, this many CreateSchedule/UpdateSchedule calls are refused as AWS
   * refuses a role IAM has not spread yet (moto never does).
   */
  roleNotReadyFor?: number;
  /**
   * Dry runs go on to moto as they are, instead of being answered here: moto's CreateVpc
   * ignores DryRun and makes a VPC, as an endpoint that ignores DryRun would.
   */
  motoDryRun?: boolean;
  /** S3 (state in S3): the first lock write (PutObject If-None-Match on locks/*.lock) is served, then its answer lost. */
  dropFirstLockWrite?: boolean;
  /** EC2's token buckets, per account and region (see buckets.ts): an empty bucket answers RequestLimitExceeded. */
  buckets?: Buckets;
  /** For the IAM evaluator: each EC2 change's named resources as moto holds them when it arrives (./held.ts). */
  holdTags?: boolean;
}

export interface Proxy {
  url: string;
  actions: string[];
  /** Each call as an IAM action ("ec2:CreateVpc", "ssm:GetParameter", "scheduler:CreateSchedule"), dry runs included. */
  iamActions: string[];
  /** EC2 calls made with DryRun=true: answered here as AWS would, never passed to moto (moto's CreateVpc ignores DryRun). */
  dryRuns: string[];
  /** Every request with its parameters and answer, in order, for the IAM evaluator (support/recorded.ts). */
  requests: RecordedRequest[];
  faults: Faults;
  served: { throttled: number; dropped: number; hidden: number; replayed: number; roleRefused: number };
  /** Called once moto has answered, before the answer goes back (a test can kill the CLI here). */
  onServed?: (action: string) => void | Promise<void>;
  /** S3 calls, in order, with their conditions and answers (state in S3). */
  s3: S3Call[];
  close(): Promise<void>;
}

const READ = /^(Describe|Get|List)/;

export function mutating(actions: string[]): string[] {
  return actions.filter((a) => !READ.test(a));
}

/** EventBridge Scheduler speaks REST: the action is the method and the path. */
const SCHEDULER_REST: [string, RegExp, string][] = [
  ['POST', /^\/schedule-groups\/[^/?]+/, 'CreateScheduleGroup'],
  ['GET', /^\/schedule-groups\/[^/?]+/, 'GetScheduleGroup'],
  ['DELETE', /^\/schedule-groups\/[^/?]+/, 'DeleteScheduleGroup'],
  ['GET', /^\/schedule-groups(\?|$)/, 'ListScheduleGroups'],
  ['POST', /^\/schedules\/[^/?]+/, 'CreateSchedule'],
  ['PUT', /^\/schedules\/[^/?]+/, 'UpdateSchedule'],
  ['GET', /^\/schedules\/[^/?]+/, 'GetSchedule'],
  ['DELETE', /^\/schedules\/[^/?]+/, 'DeleteSchedule'],
  ['GET', /^\/schedules(\?|$)/, 'ListSchedules'],
  ['POST', /^\/tags\//, 'TagResource'],
  ['GET', /^\/tags\//, 'ListTagsForResource'],
];

function actionOf(req: http.IncomingMessage, body: string): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  const rest = SCHEDULER_REST.find(([method, path]) => req.method === method && path.test(req.url ?? ''));
  if (rest) return rest[2];
  return new URLSearchParams(body).get('Action') ?? 'Unknown';
}

function errorXml(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
}

const THROTTLE = errorXml('RequestLimitExceeded', 'Request limit exceeded.', 'proxy-throttle');

/** The ID elements of EC2's XML answers, with the NotFound error EC2 gives for each kind. */
const ID_KINDS: Record<string, (typeof NOT_FOUND)[IdKind]> = {
  vpcId: NOT_FOUND.vpc,
  subnetId: NOT_FOUND.subnet,
  internetGatewayId: NOT_FOUND.igw,
  routeTableId: NOT_FOUND.rtb,
  groupId: NOT_FOUND.sg,
  instanceId: NOT_FOUND.instance,
  allocationId: NOT_FOUND.address,
  natGatewayId: NOT_FOUND.nat,
};
const ID_ELEMENT = new RegExp(`<(${Object.keys(ID_KINDS).join('|')})>([^<]+)</\\1>`, 'g');

/** IDs made through the proxy: when, and of which kind (the XML element that named it). */
class Births {
  private born = new Map<string, { at: number; element: string }>();

  /** Remember the IDs a create's answer names for the first time (not its parents, known already). */
  learn(params: URLSearchParams, xml: string): void {
    const given = new Set(params.values());
    for (const [, element, id] of xml.matchAll(ID_ELEMENT)) {
      if (!given.has(id) && !this.born.has(id)) this.born.set(id, { at: Date.now(), element });
    }
  }

  /** The element kind of `id` if it was made less than `ms` ago. */
  fresh(id: string, ms: number): string | undefined {
    const b = this.born.get(id);
    return b && Date.now() - b.at < ms ? b.element : undefined;
  }
}

/**
 * Drop from a Describe answer the listed items (`<item>` two levels under the root, e.g.
 * DescribeVpcsResponse > vpcSet > item) that `hide` picks: an item whose own fields name
 * a new ID, or a reservation whose instance is new.
 */
function dropItems(xml: string, hide: (item: string) => boolean): { xml: string; dropped: number } {
  const tag = /<(\/?)([A-Za-z_][\w.-]*)[^>]*?(\/?)>/g;
  const cuts: [number, number][] = [];
  let depth = 0;
  let start = -1;
  for (const m of xml.matchAll(tag)) {
    if (m[0].startsWith('<?')) continue;
    const [text, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (!closing) {
      depth++;
      if (depth === 3 && name === 'item') start = m.index!;
    } else {
      if (depth === 3 && name === 'item' && start >= 0) {
        const end = m.index! + text.length;
        if (hide(xml.slice(start, end))) cuts.push([start, end]);
        start = -1;
      }
      depth--;
    }
  }
  let out = xml;
  for (const [from, to] of cuts.reverse()) out = out.slice(0, from) + out.slice(to);
  return { xml: out, dropped: cuts.length };
}

/** The fields of an item itself (depth 1 inside it), and the instance IDs of a reservation. */
function ownIds(item: string): string[] {
  const ids: string[] = [];
  let depth = 0;
  for (const m of item.matchAll(/<(\/?)([A-Za-z_][\w.-]*)[^>]*?(\/?)>([^<]*)/g)) {
    const [, closing, name, selfClosing, text] = m;
    if (selfClosing) continue;
    if (closing) depth--;
    else {
      depth++;
      if (depth === 2 && name in ID_KINDS) ids.push(text);
    }
  }
  for (const [, id] of item.matchAll(/<instanceId>([^<]+)<\/instanceId>/g)) ids.push(id);
  return ids;
}

/** Parameters without ClientToken, in a stable order: a resend with the same token must match. */
function fingerprint(params: URLSearchParams): string {
  return [...params.entries()].filter(([k]) => k !== 'ClientToken').sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join('&');
}
/** The call as IAM names it: the service from the signature's credential scope, the action from the protocol. */
export function iamActionOf(req: http.IncomingMessage, body: string): string {
  const scope = /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? 'unknown';
  if (scope === 'scheduler') {
    const route = SCHEDULER_REST.find(([m, p]) => m === req.method && p.test(req.url ?? ''));
    return `scheduler:${route?.[2] ?? `${req.method} ${req.url}`}`;
  }
  return `${scope}:${actionOf(req, body)}`;
}

/** An error as the query protocol's IAM and STS write it. */
function queryError(code: string, message: string): string {
  return `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>proxy-${code}</RequestId></ErrorResponse>`;
}

/** IAM's policy simulator's answer: allowed, or implicitDeny for what the policy lacks. */
function simulation(actions: string[], allowed: (action: string) => boolean): string {
  const member = (a: string) => `<member><EvalActionName>${a}</EvalActionName><EvalResourceName>*</EvalResourceName><EvalDecision>${allowed(a) ? 'allowed' : 'implicitDeny'}</EvalDecision></member>`;
  return `<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>${actions.map(member).join('')}</EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>proxy-simulate</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>`;
}

const isDryRun = (body: string) => new URLSearchParams(body).get('DryRun') === 'true';

const ec2Error = (code: string, message: string) => errorXml(code, message, `proxy-${code}`);

const reply = (res: http.ServerResponse, a: { status: number; type: string; body: string }) => res.writeHead(a.status, { 'content-type': a.type }).end(a.body);

function accountAttributes(elasticIps: number): string {
  const attr = (name: string, value: string | number) => `<item><attributeName>${name}</attributeName><attributeValueSet><item><attributeValue>${value}</attributeValue></item></attributeValueSet></item>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<DescribeAccountAttributesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>proxy-attributes</requestId><accountAttributeSet>${attr('supported-platforms', 'VPC')}${attr('vpc-max-elastic-ips', elasticIps)}${attr('max-instances', 20)}</accountAttributeSet></DescribeAccountAttributesResponse>`;
}


/**
 * AWS frees a NAT gateway's Elastic IP when the gateway is deleted; moto keeps it
 * associated, so a new NAT gateway on the same address fails (Resource.AlreadyAssociated).
 * Done as AWS would, with moto's own API (it checks no signature).
 */
async function freeNatAddress(target: string, natId: string | null): Promise<void> {
  if (!natId) return;
  const ec2 = (params: Record<string, string>) =>
    fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0' },
      body: new URLSearchParams({ Version: '2016-11-15', ...params }).toString(),
    }).then((r) => r.text());
  const described = await ec2({ Action: 'DescribeNatGateways', 'NatGatewayId.1': natId });
  for (const [, id] of described.matchAll(/<associationId>([^<]+)<\/associationId>/g)) await ec2({ Action: 'DisassociateAddress', AssociationId: id });
}

const ROLE_NOT_READY = JSON.stringify({ Message: 'The execution role you provide must allow AWS EventBridge Scheduler to assume the role.' });

// ---- S3 (a state in S3) ------------------------------------------------------------
// S3 speaks REST: the action is the method and the path. Its answers carry their meaning
// in headers (ETag above all), so they are passed back whole, unlike EC2's.

export interface S3Call {
  method: string;
  bucket: string;
  key: string;
  /** The query string: `?list-type=2`, `?publicAccessBlock`, … */
  query: string;
  ifMatch?: string;
  ifNoneMatch?: string;
  status: number;
  etag?: string;
  /** Served by moto, then its answer dropped (dropFirstLockWrite). */
  dropped?: boolean;
}

const isS3 = (req: http.IncomingMessage) => /Credential=[^/]+\/\d+\/[^/]+\/s3\//.test(String(req.headers.authorization ?? ''));
const HOP_BY_HOP = new Set(['host', 'content-length', 'connection', 'expect', 'transfer-encoding', 'keep-alive']);

async function serveS3(target: string, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, proxy: Partial<Proxy>, once: { lockDropped: boolean }): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const [, bucket = '', ...rest] = url.pathname.split('/');
  const key = decodeURIComponent(rest.join('/'));
  const call: S3Call = { method: req.method ?? 'GET', bucket, key, query: url.search, ifMatch: req.headers['if-match'] as string | undefined, ifNoneMatch: req.headers['if-none-match'] as string | undefined, status: 0 };
  proxy.s3!.push(call);
  if (await refuseOtherOwner(target, req, res, bucket)) return void (call.status = 403); // ./bucket-owner.ts: moto ignores ExpectedBucketOwner
  const upstream = await fetch(`${target}${req.url}`, {
    method: req.method,
    headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => !HOP_BY_HOP.has(k))) as Record<string, string>,
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(body),
  });
  const payload = Buffer.from(await upstream.arrayBuffer());
  call.status = upstream.status;
  call.etag = upstream.headers.get('etag') ?? undefined;
  if (proxy.faults!.dropFirstLockWrite && !once.lockDropped && req.method === 'PUT' && call.ifNoneMatch === '*' && /(^|\/)locks\/[^/]+\.lock$/.test(key)) {
    once.lockDropped = true;
    call.dropped = true;
    proxy.served!.dropped++;
    req.socket.destroy(); // S3 took the lock; the answer is lost, and the SDK sends it again
    return;
  }
  const headers: Record<string, string> = {};
  upstream.headers.forEach((v, k) => {
    if (!HOP_BY_HOP.has(k) && k !== 'content-encoding') headers[k] = v;
  });
  res.writeHead(upstream.status, headers).end(payload);
}
/** The IAM action of an S3 call the state makes (the tests' check of `policy --state-dir`). */
export function s3ActionOf(call: S3Call): string {
  if (call.query.includes('publicAccessBlock')) return `s3:${call.method === 'GET' ? 'Get' : 'Put'}BucketPublicAccessBlock`;
  if (!call.key) return call.method === 'GET' ? 's3:ListBucket' : `s3:${call.method} bucket${call.query}`;
  return ({ GET: 's3:GetObject', HEAD: 's3:GetObject', PUT: 's3:PutObject', DELETE: 's3:DeleteObject' } as Record<string, string>)[call.method] ?? `s3:${call.method}`;
}
// ---- end of S3 ---------------------------------------------------------------------

// ---- the request's stages ----------------------------------------------------------
// Each stage either answers the request (true: done) or lets it go on to the next one, in
// the order AWS itself takes them: IAM, the token buckets, DryRun, then the call.

/** What the proxy keeps between requests. */
interface ProxyState {
  target: string;
  proxy: Partial<Proxy> & { faults: Faults; served: Proxy['served'] };
  /** Calls seen of each action (after IAM, buckets and dry runs), for "the first call of". */
  counts: Map<string, number>;
  throttleCount: number;
  /** CreateSchedule/UpdateSchedule calls still to refuse since the last CreateRole. */
  roleRefusals: number;
  births: Births;
  /** `${action}:${ClientToken}` -> the first answer (moto ignores tokens; AWS does not). */
  tokens: Map<string, { fingerprint: string; status: number; type: string; payload: Buffer }>;
  s3Once: { lockDropped: boolean };
}

/** One request on its way through the stages. */
interface Call {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  body: RequestBody;
  text: string;
  action: string;
  iamAction: string;
  /** Which call of this action it is (1: the first). */
  n: number;
  /** The EC2 query parameters (empty for the JSON protocols, SSM and Service Quotas). */
  params: URLSearchParams;
}

type Stage = (s: ProxyState, c: Call) => boolean | Promise<boolean>;
type RequestBody = ReturnType<typeof Buffer.concat>;

const xml = (res: http.ServerResponse, status: number, body: string) => void res.writeHead(status, { 'content-type': 'text/xml' }).end(body);

/** Collect the request's body. */
function readRequest(req: http.IncomingMessage): Promise<RequestBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** Name the call (the action, and the action as IAM names it) and record it for the tests and the IAM evaluator. */
function identify(s: ProxyState, req: http.IncomingMessage, res: http.ServerResponse, body: RequestBody): Call {
  const text = body.toString();
  const action = actionOf(req, text);
  const iamAction = iamActionOf(req, text);
  s.proxy.iamActions!.push(iamAction);
  record(s.proxy.requests!, req, res, text, iamAction);
  // EC2 speaks the query protocol: the request is a form; SSM (JSON) is passed through.
  const params = typeof req.headers['x-amz-target'] === 'string' ? new URLSearchParams() : new URLSearchParams(text);
  return { req, res, body, text, action, iamAction, n: 0, params };
}

/** AWS: IAM is evaluated first; a policy without the action answers UnauthorizedOperation (EC2) or AccessDenied. */
const refuseDenied: Stage = (s, c) => {
  const deny = s.proxy.faults.deny;
  if (!deny?.includes(c.action) && !deny?.includes(c.iamAction)) return false;
  const denied = `User is not authorized to perform: ${c.iamAction}`;
  // A JSON-protocol service (SSM, Service Quotas) reads its errors as JSON.
  if (typeof c.req.headers['x-amz-target'] === 'string') reply(c.res, jsonError(403, 'AccessDeniedException', denied));
  else xml(c.res, 403, c.iamAction.startsWith('ec2:') ? ec2Error('UnauthorizedOperation', `You are not authorized to perform this operation. ${denied}`) : queryError('AccessDenied', denied));
  return true;
};

/** IAM's policy simulator (moto has none): allowed, or implicitDeny for what the policy lacks. */
const simulatePolicy: Stage = (s, c) => {
  if (c.iamAction !== 'iam:SimulatePrincipalPolicy') return false;
  const names = [...new URLSearchParams(c.text).entries()].filter(([k]) => k.startsWith('ActionNames.member.')).map(([, v]) => v);
  xml(c.res, 200, simulation(names, (name) => !s.proxy.faults.deny?.includes(name) && !s.proxy.faults.deny?.includes(name.split(':')[1])));
  return true;
};

/** EC2's token buckets: every call it receives takes a token, dry runs included; none left is RequestLimitExceeded. */
const meterBuckets: Stage = async (s, c) => {
  const buckets = s.proxy.faults.buckets;
  if (!buckets || (await buckets.admit(c.req, c.action))) return false;
  s.proxy.served.throttled++;
  xml(c.res, 503, THROTTLE);
  return true;
};

/** EC2's DryRun: answered DryRunOperation after IAM, never acted on (moto's CreateVpc would make a VPC). */
const answerDryRun: Stage = (s, c) => {
  if (!isDryRun(c.text) || s.proxy.faults.motoDryRun) return false;
  s.proxy.dryRuns!.push(c.action);
  xml(c.res, 412, ec2Error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.'));
  return true;
};

/** DescribeAccountAttributes' vpc-max-elastic-ips as the account's quota says (moto: always 5). */
const answerAccountAttributes: Stage = (s, c) => {
  const elasticIps = s.proxy.faults.quotas?.elasticIps;
  if (c.action !== 'DescribeAccountAttributes' || elasticIps === undefined) return false;
  xml(c.res, 200, accountAttributes(elasticIps));
  return true;
};

/** Count the call of its action (for the "first call of" faults). */
function countCall(s: ProxyState, c: Call): void {
  c.n = (s.counts.get(c.action) ?? 0) + 1;
  s.counts.set(c.action, c.n);
}

/** A test's throttling: every Nth call (of the named actions) answers 503 RequestLimitExceeded, unserved. */
const injectThrottle: Stage = (s, c) => {
  const f = s.proxy.faults;
  const counted = !f.throttleActions || f.throttleActions.includes(c.action);
  if (!f.throttleEvery || !counted || ++s.throttleCount % f.throttleEvery !== 0) return false;
  s.proxy.served.throttled++;
  xml(c.res, 503, THROTTLE);
  return true;
};

/** IAM's spread: a schedule naming a role made moments ago is refused for a while (aws-sdk-js-v3#6494; moto never). */
const refuseUnreadyRole: Stage = (s, c) => {
  if ((c.action !== 'CreateSchedule' && c.action !== 'UpdateSchedule') || s.roleRefusals <= 0) return false;
  s.roleRefusals--;
  s.proxy.served.roleRefused++;
  c.res.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'ValidationException' }).end(ROLE_NOT_READY);
  return true;
};

/** The call goes on towards moto: it counts as made (and a CreateRole starts the role's spreading time). */
function logAction(s: ProxyState, c: Call): void {
  s.proxy.actions!.push(c.action);
  if (c.action === 'CreateRole') s.roleRefusals = s.proxy.faults.roleNotReadyFor ?? 0;
}

/** The account's quotas (./quotas.ts): Service Quotas answers them, and EC2 refuses the calls past them. */
const playQuotas: Stage = async (s, c) => {
  const quota = await answerQuotas(s.target, c.req, c.text, c.iamAction, s.proxy.faults.quotas);
  if (!quota) return false;
  reply(c.res, quota);
  return true;
};

/** A test's refusal: the first call of the action answers the given error code, unserved. */
const refuseFirst: Stage = (s, c) => {
  const code = s.proxy.faults.refuseFirst?.[c.action];
  if (!code || c.n !== 1) return false;
  xml(c.res, 400, errorXml(code, 'Refused by the test proxy.', 'proxy-refuse'));
  return true;
};

/** EC2's eventual consistency: a call naming an ID made less than eventualMs ago gets that kind's NotFound. */
const refuseFreshIds: Stage = (s, c) => {
  const eventualMs = s.proxy.faults.eventualMs ?? 0;
  if (!eventualMs) return false;
  for (const value of c.params.values()) {
    const element = s.births.fresh(value, eventualMs);
    if (!element) continue;
    const [code, message] = ID_KINDS[element];
    s.proxy.served.hidden++;
    xml(c.res, 400, errorXml(code, message(value), 'proxy-eventual'));
    return true;
  }
  return false;
};

/** EC2's ClientToken: a resend gets the first answer again; the same token with other parameters, IdempotentParameterMismatch. */
const replayToken: Stage = (s, c) => {
  const token = c.params.get('ClientToken');
  const prior = token ? s.tokens.get(`${c.action}:${token}`) : undefined;
  if (!prior) return false;
  s.proxy.served.replayed++;
  if (prior.fingerprint !== fingerprint(c.params)) {
    xml(c.res, 400, errorXml('IdempotentParameterMismatch', `The client token '${token}' was already used with different request parameters.`, 'proxy-token'));
  } else {
    c.res.writeHead(prior.status, { 'content-type': prior.type }).end(prior.payload);
  }
  return true;
};

/** moto does the work; its answer as it is. */
async function forwardToMoto(s: ProxyState, c: Call): Promise<{ ok: boolean; status: number; type: string; payload: Buffer }> {
  const upstream = await fetch(`${s.target}${c.req.url}`, {
    method: c.req.method,
    headers: Object.fromEntries(Object.entries(c.req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>,
    body: c.req.method === 'GET' || c.req.method === 'HEAD' ? undefined : c.body,
  });
  return { ok: upstream.ok, status: upstream.status, type: upstream.headers.get('content-type') ?? 'text/xml', payload: Buffer.from(await upstream.arrayBuffer()) };
}

/** Learn what moto's answer made (for eventual consistency) and keep it for its ClientToken; hide new items from filtered listings, as EC2 does for a while. */
function rewriteAnswer(s: ProxyState, c: Call, answer: { ok: boolean; status: number; type: string; payload: Buffer }): Buffer {
  let payload = answer.payload;
  if (answer.ok && /^(Create|Run|Allocate)/.test(c.action)) s.births.learn(c.params, payload.toString());
  const token = c.params.get('ClientToken');
  if (answer.ok && token) s.tokens.set(`${c.action}:${token}`, { fingerprint: fingerprint(c.params), status: answer.status, type: answer.type, payload });
  const eventualMs = s.proxy.faults.eventualMs ?? 0;
  const keys = [...c.params.keys()];
  const filtered = keys.some((k) => /^Filter\.\d+\.Name$/.test(k)) && !keys.some((k) => /Id\.\d+$/.test(k));
  if (eventualMs && answer.ok && c.action.startsWith('Describe') && filtered) {
    const out = dropItems(payload.toString(), (item) => ownIds(item).some((id) => s.births.fresh(id, eventualMs)));
    s.proxy.served.hidden += out.dropped;
    payload = Buffer.from(out.xml);
  }
  return payload;
}

/** A test's lost answer: the first call of the action is served by moto, then the connection is cut. */
function dropAnswer(s: ProxyState, c: Call): boolean {
  if (!s.proxy.faults.dropFirst?.includes(c.action) || c.n !== 1) return false;
  s.proxy.served.dropped++;
  c.req.socket.destroy(); // moto did the work; the answer is lost
  return true;
}

/** Pass the call to moto and its answer back, made to read as EC2's would. */
async function serveByMoto(s: ProxyState, c: Call): Promise<void> {
  const answer = await forwardToMoto(s, c);
  const payload = rewriteAnswer(s, c, answer);
  await s.proxy.onServed?.(c.action);
  if (dropAnswer(s, c)) return;
  // AWS frees a deleted NAT gateway's address; moto keeps it associated.
  if (c.action === 'DeleteNatGateway' && answer.ok) await freeNatAddress(s.target, new URLSearchParams(c.text).get('NatGatewayId'));
  c.res.writeHead(answer.status, { 'content-type': answer.type }).end(payload);
}

/** Before the call counts: as AWS evaluates them, none of these reaches moto or the test's faults. */
const BEFORE_COUNTING: Stage[] = [refuseDenied, playLeftovers, simulatePolicy, meterBuckets, answerDryRun, answerAccountAttributes];
/** After it counts: the test's throttling, then what AWS refuses that moto would serve. */
const BEFORE_LOGGING: Stage[] = [injectThrottle, refuseUnreadyRole];
/** After it is logged as made. */
const BEFORE_MOTO: Stage[] = [playQuotas, refuseFirst, refuseFreshIds, replayToken, answerConsoleOutput, playCheckReads, playTeardown];

async function runStages(stages: Stage[], s: ProxyState, c: Call): Promise<boolean> {
  for (const stage of stages) if (await stage(s, c)) return true;
  return false;
}

/** One request, stage by stage. */
async function handle(s: ProxyState, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const body = await readRequest(req);
  if (isS3(req)) {
    await serveS3(s.target, req, res, body, s.proxy, s.s3Once).catch((err) => res.writeHead(502).end(String(err)));
    return;
  }
  const c = identify(s, req, res, body);
  const entry = s.proxy.requests!.at(-1)!;
  if (s.proxy.faults.holdTags && c.iamAction.startsWith('ec2:') && !/^ec2:Describe/.test(c.iamAction)) entry.held = await holdOf(s.target, entry);
  if (await runStages(BEFORE_COUNTING, s, c)) return;
  countCall(s, c);
  if (await runStages(BEFORE_LOGGING, s, c)) return;
  logAction(s, c);
  if (await runStages(BEFORE_MOTO, s, c)) return;
  try {
    await serveByMoto(s, c);
  } catch (err) {
    res.writeHead(502).end(String(err));
  }
}

export async function startProxy(target: string, faults: Faults = {}): Promise<Proxy> {
  const served = { throttled: 0, dropped: 0, hidden: 0, replayed: 0, roleRefused: 0 };
  const proxy: ProxyState['proxy'] = { actions: [], iamActions: [], dryRuns: [], requests: [], faults, served, s3: [] };
  const state: ProxyState = { target, proxy, counts: new Map(), throttleCount: 0, roleRefusals: 0, births: new Births(), tokens: new Map(), s3Once: { lockDropped: false } };
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => void handle(state, req, res));
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  proxy.url = `http://127.0.0.1:${port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return proxy as Proxy;
}
