import http from 'node:http';
import type net from 'node:net';

/**
 * A loopback proxy between the CLI and moto: it records which AWS actions went over the
 * wire (so a test can count mutating calls), and can inject the faults AWS serves —
 * throttling before a call, or a connection dropped after moto has done the work.
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
  /** What DescribeAccountAttributes says of vpc-max-elastic-ips (moto: always 5). */
  elasticIpLimit?: number;
}

export interface Proxy {
  url: string;
  actions: string[];
  /** Each call as an IAM action ("ec2:CreateVpc", "ssm:GetParameter", "scheduler:CreateSchedule"), dry runs included. */
  iamActions: string[];
  /** EC2 calls made with DryRun=true: answered here as AWS would, never passed to moto (moto's CreateVpc ignores DryRun). */
  dryRuns: string[];
  faults: Faults;
  served: { throttled: number; dropped: number };
  close(): Promise<void>;
}

const READ = /^(Describe|Get|List)/;

export function mutating(actions: string[]): string[] {
  return actions.filter((a) => !READ.test(a));
}

function actionOf(req: http.IncomingMessage, body: string): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  return new URLSearchParams(body).get('Action') ?? 'Unknown';
}

/** Scheduler speaks REST: its action is in the method and path. */
const SCHEDULER_ROUTES: [string, RegExp, string][] = [
  ['POST', /^\/schedule-groups\/[^/?]+/, 'CreateScheduleGroup'],
  ['GET', /^\/schedule-groups\/[^/?]+/, 'GetScheduleGroup'],
  ['DELETE', /^\/schedule-groups\/[^/?]+/, 'DeleteScheduleGroup'],
  ['GET', /^\/schedule-groups/, 'ListScheduleGroups'],
  ['POST', /^\/schedules\/[^/?]+/, 'CreateSchedule'],
  ['PUT', /^\/schedules\/[^/?]+/, 'UpdateSchedule'],
  ['GET', /^\/schedules\/[^/?]+/, 'GetSchedule'],
  ['DELETE', /^\/schedules\/[^/?]+/, 'DeleteSchedule'],
  ['GET', /^\/schedules/, 'ListSchedules'],
  ['POST', /^\/tags\//, 'TagResource'],
  ['GET', /^\/tags\//, 'ListTagsForResource'],
];

/** The call as IAM names it: the service from the signature's credential scope, the action from the protocol. */
export function iamActionOf(req: http.IncomingMessage, body: string): string {
  const scope = /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? 'unknown';
  if (scope === 'scheduler') {
    const route = SCHEDULER_ROUTES.find(([m, p]) => m === req.method && p.test(req.url ?? ''));
    return `scheduler:${route?.[2] ?? `${req.method} ${req.url}`}`;
  }
  return `${scope}:${actionOf(req, body)}`;
}

const isDryRun = (body: string) => new URLSearchParams(body).get('DryRun') === 'true';

function ec2Error(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>proxy-${code}</RequestID></Response>`;
}

function accountAttributes(elasticIps: number): string {
  const attr = (name: string, value: string | number) => `<item><attributeName>${name}</attributeName><attributeValueSet><item><attributeValue>${value}</attributeValue></item></attributeValueSet></item>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<DescribeAccountAttributesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>proxy-attributes</requestId><accountAttributeSet>${attr('supported-platforms', 'VPC')}${attr('vpc-max-elastic-ips', elasticIps)}${attr('max-instances', 20)}</accountAttributeSet></DescribeAccountAttributesResponse>`;
}

const THROTTLE = `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>proxy-throttle</RequestID></Response>`;

export async function startProxy(target: string, faults: Faults = {}): Promise<Proxy> {
  const actions: string[] = [];
  const iamActions: string[] = [];
  const dryRuns: string[] = [];
  const counts = new Map<string, number>();
  let throttleCount = 0;
  const served = { throttled: 0, dropped: 0 };
  const sockets = new Set<net.Socket>();
  const proxy: Partial<Proxy> = { actions, iamActions, dryRuns, faults, served };
  const matches = (list: string[] | undefined, action: string) => !list || list.includes(action);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const action = actionOf(req, body.toString());
      iamActions.push(iamActionOf(req, body.toString()));
      const f0 = proxy.faults!;
      // IAM first, then DryRun: as AWS evaluates them. Neither reaches moto nor counts for faults.
      if (f0.deny?.includes(action)) {
        res.writeHead(403, { 'content-type': 'text/xml' }).end(ec2Error('UnauthorizedOperation', `You are not authorized to perform this operation. User is not authorized to perform: ec2:${action}`));
        return;
      }
      if (isDryRun(body.toString())) {
        dryRuns.push(action);
        res.writeHead(412, { 'content-type': 'text/xml' }).end(ec2Error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.'));
        return;
      }
      if (action === 'DescribeAccountAttributes' && f0.elasticIpLimit !== undefined) {
        res.writeHead(200, { 'content-type': 'text/xml' }).end(accountAttributes(f0.elasticIpLimit));
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
      actions.push(action);
      try {
        const upstream = await fetch(`${target}${req.url}`, {
          method: req.method,
          headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>,
          body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
        });
        const payload = Buffer.from(await upstream.arrayBuffer());
        if (f.dropFirst?.includes(action) && n === 1) {
          served.dropped++;
          req.socket.destroy(); // moto did the work; the answer is lost
          return;
        }
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/xml' }).end(payload);
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
