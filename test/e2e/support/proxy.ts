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
}

export interface Proxy {
  url: string;
  actions: string[];
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

const THROTTLE = `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>proxy-throttle</RequestID></Response>`;

export async function startProxy(target: string, faults: Faults = {}): Promise<Proxy> {
  const actions: string[] = [];
  const counts = new Map<string, number>();
  let throttleCount = 0;
  const served = { throttled: 0, dropped: 0 };
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
