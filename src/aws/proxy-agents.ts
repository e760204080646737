// The agents that reach AWS through a proxy (HTTPS_PROXY / HTTP_PROXY): loaded by
// aws/network.ts only when one of those is set, so a run without a proxy never loads
// http-proxy-agent, https-proxy-agent and what they bring (agent-base, debug, node:assert).
import type http from 'node:http';
import type net from 'node:net';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { PROXY_REFUSED } from './errors.js';

/** A proxy that answered CONNECT with something other than 200. */
export class ProxyRefusedError extends Error {
  readonly code = PROXY_REFUSED;
  constructor(
    readonly proxy: string,
    readonly target: string,
    readonly statusCode: number,
    readonly statusMessage: string,
  ) {
    super(`the proxy ${proxy} answered ${statusCode} ${statusMessage} to CONNECT ${target}`.trim());
    this.name = 'ProxyRefusedError';
  }
}

type ConnectOpts = Parameters<HttpsProxyAgent<string>['connect']>[1];

/**
 * CONNECT through the proxy. A refusal (403, 407, 502...) becomes an error: the library
 * would hand the proxy's own answer to the SDK as if AWS had said it.
 */
class TunnelAgent extends HttpsProxyAgent<string> {
  constructor(
    proxy: string,
    options: ConstructorParameters<typeof HttpsProxyAgent<string>>[1],
    /** The proxy as messages show it (its password hidden). */
    private readonly shown: string,
  ) {
    super(proxy, options);
  }

  async connect(req: http.ClientRequest, opts: ConnectOpts): Promise<net.Socket> {
    let answer: { statusCode: number; statusText?: string } | undefined;
    req.once('proxyConnect', (connect: { statusCode: number; statusText?: string }) => (answer = connect));
    const socket = await super.connect(req, opts);
    if (answer && answer.statusCode !== 200) {
      socket.destroy();
      throw new ProxyRefusedError(this.shown, `${opts.host}:${opts.port}`, answer.statusCode, answer.statusText ?? '');
    }
    return socket;
  }
}

/** The agent for one proxy: a CONNECT tunnel for https requests, the absolute URI for http ones. */
export function proxyAgent(proxy: URL, secure: boolean, options: http.AgentOptions & { ca?: string[] }, shown: string): http.Agent {
  return secure ? new TunnelAgent(proxy.href, options, shown) : new HttpProxyAgent(proxy.href, options);
}

export type ProxyAgentFactory = typeof proxyAgent;
