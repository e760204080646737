import http from 'node:http';
import net from 'node:net';

/**
 * A loopback forward proxy, as an office has one: CONNECT for https, absolute-URI requests
 * for plain http. It alone knows the names it serves (`hosts`: "ec2.lab.test:8443" → a
 * loopback port), so a request that reached the endpoint went through it. Any other name
 * is answered 502, as a proxy answers a host it cannot resolve: it never connects off
 * this machine.
 */
export interface ForwardProxy {
  url: string;
  /** "CONNECT ec2.lab.test:8443" and "POST http://ec2.lab.test:5000/", in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startForwardProxy(hosts: Record<string, number>): Promise<ForwardProxy> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const portFor = (hostPort: string) => hosts[hostPort.toLowerCase()];

  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute URI required');
      return;
    }
    const port = portFor(target.host);
    if (target.protocol !== 'http:' || port === undefined) {
      res.writeHead(502, 'Bad Gateway').end(`unknown host ${target.host}`);
      return;
    }
    const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: `${target.pathname}${target.search}`, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502, 'Bad Gateway').end());
    req.pipe(upstream);
  });

  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    requests.push(`CONNECT ${req.url}`);
    const port = portFor(req.url ?? '');
    if (port === undefined) {
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = net.connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => (s === client ? upstream : client).destroy());
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
