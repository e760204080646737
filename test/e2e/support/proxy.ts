import http from 'node:http';
import type net from 'node:net';
import { NOT_FOUND, type IdKind } from '../../support/not-found.js';
import type { Buckets } from './buckets.js';
import { refuseOtherOwner } from './bucket-owner.js';
import { answerQuotas, jsonError, type AccountQuotas } from './quotas.js';
import { record, type RecordedRequest } from './recorded.js';

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

export async function startProxy(target: string, faults: Faults = {}): Promise<Proxy> {
  const actions: string[] = [];
  const iamActions: string[] = [];
  const dryRuns: string[] = [];
  const requests: RecordedRequest[] = [];
  const counts = new Map<string, number>();
  let throttleCount = 0;
  const served = { throttled: 0, dropped: 0, hidden: 0, replayed: 0, roleRefused: 0 };
  let roleRefusals = 0;
  const sockets = new Set<net.Socket>();
  const proxy: Partial<Proxy> = { actions, iamActions, dryRuns, requests, faults, served, s3: [] };
  const s3Once = { lockDropped: false };
  const matches = (list: string[] | undefined, action: string) => !list || list.includes(action);
  const births = new Births();
  /** `${action}:${ClientToken}` -> the first answer (moto ignores tokens; AWS does not). */
  const tokens = new Map<string, { fingerprint: string; status: number; type: string; payload: Buffer }>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      if (isS3(req)) {
        await serveS3(target, req, res, body, proxy, s3Once).catch((err) => res.writeHead(502).end(String(err)));
        return;
      }
      const action = actionOf(req, body.toString());
      const iamAction = iamActionOf(req, body.toString());
      iamActions.push(iamAction);
      record(requests, req, res, body.toString(), iamAction);
      const f0 = proxy.faults!;
      // IAM first, then DryRun: as AWS evaluates them. Neither reaches moto nor counts for faults.
      if (f0.deny?.includes(action) || f0.deny?.includes(iamAction)) {
        const ec2 = iamAction.startsWith('ec2:');
        const denied = `User is not authorized to perform: ${iamAction}`;
        // A JSON-protocol service (SSM, Service Quotas) reads its errors as JSON.
        if (typeof req.headers['x-amz-target'] === 'string') return void reply(res, jsonError(403, 'AccessDeniedException', denied));
        res.writeHead(403, { 'content-type': 'text/xml' }).end(ec2 ? ec2Error('UnauthorizedOperation', `You are not authorized to perform this operation. ${denied}`) : queryError('AccessDenied', denied));
        return;
      }
      // moto has no policy simulator: answer as IAM would for a policy that lacks `deny`.
      if (iamAction === 'iam:SimulatePrincipalPolicy') {
        const names = [...new URLSearchParams(body.toString()).entries()].filter(([k]) => k.startsWith('ActionNames.member.')).map(([, v]) => v);
        res.writeHead(200, { 'content-type': 'text/xml' }).end(simulation(names, (name) => !f0.deny?.includes(name)));
        return;
      }
      // EC2 meters every call it receives, dry runs included.
      if (f0.buckets && !(await f0.buckets.admit(req, action))) {
        served.throttled++;
        res.writeHead(503, { 'content-type': 'text/xml' }).end(THROTTLE);
        return;
      }
      if (isDryRun(body.toString()) && !f0.motoDryRun) {
        dryRuns.push(action);
        res.writeHead(412, { 'content-type': 'text/xml' }).end(ec2Error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.'));
        return;
      }
      if (action === 'DescribeAccountAttributes' && f0.quotas?.elasticIps !== undefined) {
        res.writeHead(200, { 'content-type': 'text/xml' }).end(accountAttributes(f0.quotas.elasticIps));
        return;
      }
      const n = (counts.get(action) ?? 0) + 1;
      counts.set(action, n);
      const f = proxy.faults!;
      if (f.throttleEvery && matches(f.throttleActions, action) && ++throttleCount % f.throttleEvery === 0) {
        served.throttled++;
        res.writeHead(503, { 'content-type': 'text/xml' }).end(THROTTLE);
        return;
      }
      if ((action === 'CreateSchedule' || action === 'UpdateSchedule') && roleRefusals > 0) {
        roleRefusals--;
        served.roleRefused++;
        res.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'ValidationException' }).end(ROLE_NOT_READY);
        return;
      }
      actions.push(action);
      if (action === 'CreateRole') roleRefusals = f.roleNotReadyFor ?? 0;
      const quota = await answerQuotas(target, req, body.toString(), iamAction, f.quotas);
      if (quota) return void reply(res, quota);
      if (f.refuseFirst?.[action] && n === 1) {
        res.writeHead(400, { 'content-type': 'text/xml' }).end(errorXml(f.refuseFirst[action], 'Refused by the test proxy.', 'proxy-refuse'));
        return;
      }
      // EC2 speaks the query protocol: the request is a form; SSM (JSON) is passed through.
      const params = typeof req.headers['x-amz-target'] === 'string' ? new URLSearchParams() : new URLSearchParams(body.toString());
      const eventualMs = f.eventualMs ?? 0;
      if (eventualMs) {
        for (const value of params.values()) {
          const element = births.fresh(value, eventualMs);
          if (!element) continue;
          const [code, message] = ID_KINDS[element];
          served.hidden++;
          res.writeHead(400, { 'content-type': 'text/xml' }).end(errorXml(code, message(value), 'proxy-eventual'));
          return;
        }
      }
      const token = params.get('ClientToken');
      const prior = token ? tokens.get(`${action}:${token}`) : undefined;
      if (prior) {
        served.replayed++;
        if (prior.fingerprint !== fingerprint(params)) {
          res.writeHead(400, { 'content-type': 'text/xml' }).end(errorXml('IdempotentParameterMismatch', `The client token '${token}' was already used with different request parameters.`, 'proxy-token'));
        } else {
          res.writeHead(prior.status, { 'content-type': prior.type }).end(prior.payload);
        }
        return;
      }
      try {
        const upstream = await fetch(`${target}${req.url}`, {
          method: req.method,
          headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>,
          body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
        });
        let payload = Buffer.from(await upstream.arrayBuffer());
        const type = upstream.headers.get('content-type') ?? 'text/xml';
        if (upstream.ok && /^(Create|Run|Allocate)/.test(action)) births.learn(params, payload.toString());
        if (upstream.ok && token) tokens.set(`${action}:${token}`, { fingerprint: fingerprint(params), status: upstream.status, type, payload });
        const filtered = [...params.keys()].some((k) => /^Filter\.\d+\.Name$/.test(k)) && ![...params.keys()].some((k) => /Id\.\d+$/.test(k));
        if (eventualMs && upstream.ok && action.startsWith('Describe') && filtered) {
          const out = dropItems(payload.toString(), (item) => ownIds(item).some((id) => births.fresh(id, eventualMs)));
          served.hidden += out.dropped;
          payload = Buffer.from(out.xml);
        }
        await proxy.onServed?.(action);
        if (f.dropFirst?.includes(action) && n === 1) {
          served.dropped++;
          req.socket.destroy(); // moto did the work; the answer is lost
          return;
        }
        if (action === 'DeleteNatGateway' && upstream.ok) await freeNatAddress(target, new URLSearchParams(body.toString()).get('NatGatewayId'));
        res.writeHead(upstream.status, { 'content-type': type }).end(payload);
      } catch (err) {
        res.writeHead(502).end(String(err));
      }
    });
  });
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
