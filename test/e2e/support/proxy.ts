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
   * After each CreateRole, this many CreateSchedule/UpdateSchedule calls are refused as AWS
   * refuses a role IAM has not spread yet (moto never does).
   */
  roleNotReadyFor?: number;
}

export interface Proxy {
  url: string;
  actions: string[];
  faults: Faults;
  served: { throttled: number; dropped: number; roleRefused: number };
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
  ['GET', /^\/tags\//, 'ListTagsForResource'],
];

function actionOf(req: http.IncomingMessage, body: string): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  const rest = SCHEDULER_REST.find(([method, path]) => req.method === method && path.test(req.url ?? ''));
  if (rest) return rest[2];
  return new URLSearchParams(body).get('Action') ?? 'Unknown';
}

const THROTTLE = `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>proxy-throttle</RequestID></Response>`;

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

export async function startProxy(target: string, faults: Faults = {}): Promise<Proxy> {
  const actions: string[] = [];
  const counts = new Map<string, number>();
  let throttleCount = 0;
  const served = { throttled: 0, dropped: 0, roleRefused: 0 };
  let roleRefusals = 0;
  const sockets = new Set<net.Socket>();
  const proxy: Partial<Proxy> = { actions, faults, served };
  const matches = (list: string[] | undefined, action: string) => !list || list.includes(action);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const action = actionOf(req, body.toString());
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
        if (action === 'DeleteNatGateway' && upstream.ok) await freeNatAddress(target, new URLSearchParams(body.toString()).get('NatGatewayId'));
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
