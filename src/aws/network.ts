// How the SDK's requests reach AWS: through HTTPS_PROXY / HTTP_PROXY unless NO_PROXY names
// the host, trusting AWS_CA_BUNDLE besides Node's own CAs — the variables and the meaning
// the AWS CLI gives them, so a machine set up for `aws` is set up for this tool too.
// Loaded only by commands that talk to AWS (through aws/clients.ts); the proxy agents
// themselves (aws/proxy-agents.ts) only when a proxy variable is set.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { UsageError } from '../engine/errors.js';
import { ROUTE, type Route } from './errors.js';
import type { ProxyAgentFactory } from './proxy-agents.js';

type Env = Record<string, string | undefined>;

/** The SDK's own default for its agents (NodeHttpHandler): kept for the direct route. */
const AGENT_DEFAULTS = { keepAlive: true, maxSockets: 50 };

/** A variable as the AWS CLI reads it: the lower-case name wins, even when set empty. */
function envVar(env: Env, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value?.trim() || undefined;
}

/**
 * Whether NO_PROXY sends this host direct. As the AWS CLI (Python's urllib) reads it:
 * comma- or space-separated entries; `*` for every host; `example.com` and `.example.com`
 * both mean the domain and every name under it; `host:port` only that port. A leading
 * `*.` (curl's spelling) means the same as the dot.
 */
export function bypassesProxy(host: string, port: number, noProxy: string | undefined): boolean {
  const hostOnly = unbracket(host.toLowerCase());
  return (noProxy ?? '')
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      // A bare IPv6 address ("::1") has colons but no port: only [::1]:443 has one.
      const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
      if (withPort && Number(withPort[2]) !== port) return false;
      const name = unbracket(withPort ? withPort[1] : entry).replace(/^\*?\.*/, '');
      return name !== '' && (hostOnly === name || hostOnly.endsWith(`.${name}`));
    });
}

const unbracket = (host: string) => host.replace(/^\[(.*)\]$/, '$1');

/** A proxy's URL with any password hidden: it goes into messages. */
export function maskProxy(url: URL): string {
  const shown = new URL(url.href);
  if (shown.password) shown.password = '***';
  return shown.href.replace(/\/$/, '');
}

/** The proxy a request to this URL takes, or undefined to go direct. */
export function proxyFor(target: { protocol: 'http:' | 'https:'; host: string; port: number }, env: Env): URL | undefined {
  const variable = target.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY';
  const proxy = proxyNamedBy(variable, env);
  return proxy && !bypassesProxy(target.host, target.port, envVar(env, 'NO_PROXY')) ? proxy : undefined;
}

/** The proxy a variable names; bad input (exit 2) when it is no http(s) URL. */
function proxyNamedBy(variable: 'HTTPS_PROXY' | 'HTTP_PROXY', env: Env): URL | undefined {
  const value = envVar(env, variable);
  if (!value) return undefined;
  // No scheme means http://, as the AWS CLI has it ("proxy.corp:3128").
  const spelled = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value.replace(/^\/\//, '')}`;
  let url: URL;
  try {
    url = new URL(spelled);
  } catch {
    throw new UsageError(['err_proxyUrl', variable, value.replace(/\/\/[^/@]*@/, '//***@')], ['hint_proxyUrl', variable]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(['err_proxyScheme', variable, url.protocol.replace(':', '')], ['hint_proxyUrl', variable]);
  }
  return url;
}

/**
 * The CAs an https connection trusts: Node's own (and NODE_EXTRA_CA_CERTS, which an
 * explicit list would otherwise drop) plus AWS_CA_BUNDLE's, the CA of a TLS-inspecting
 * proxy. Undefined when AWS_CA_BUNDLE is not set: Node's defaults as they are.
 */
export function trustedCAs(env: Env): string[] | undefined {
  const bundle = envVar(env, 'AWS_CA_BUNDLE');
  if (!bundle) return undefined;
  const pem = readPem(bundle, 'AWS_CA_BUNDLE');
  const extra = envVar(env, 'NODE_EXTRA_CA_CERTS');
  return [...tls.rootCertificates, ...(extra ? [readPem(extra, 'NODE_EXTRA_CA_CERTS')] : []), pem];
}

function readPem(file: string, variable: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(['err_caUnreadable', variable, file, (err as NodeJS.ErrnoException).code], ['hint_caBundle', variable]);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new UsageError(['err_caNoPem', variable, file], ['hint_caNoPem', variable]);
  }
  return text;
}

/** Node's own hook, undeclared in @types/node: how a request asks its agent for a socket. */
type AddRequest = (req: http.ClientRequest, options: http.RequestOptions & { secureEndpoint?: boolean }) => void;

/**
 * One agent for a scheme that hands each request, as it is made, to the direct agent or a
 * proxy's, and labels a failed request's error with where it was going (see Route).
 * At once, not after a tick (as agent-base's connect() would): http-proxy-agent rewrites
 * the request line to the absolute URI, and a request whose body is already written
 * would keep the relative one on a reused socket.
 */
class RoutingAgent extends http.Agent {
  private readonly proxied = new Map<string, http.Agent>();

  constructor(
    private readonly secure: boolean,
    private readonly env: Env,
    private readonly ca: string[] | undefined,
    private readonly direct: http.Agent,
    /** Loaded only when a proxy variable is set (none: every request goes direct). */
    private readonly proxyAgent: ProxyAgentFactory | undefined,
  ) {
    super({ keepAlive: true });
    // What ClientRequest checks a request's agent against (an https agent for https:).
    Object.assign(this, secure ? { protocol: 'https:', defaultPort: 443 } : { protocol: 'http:', defaultPort: 80 });
  }

  addRequest(req: http.ClientRequest, options: http.RequestOptions): void {
    const port = Number(options.port) || (this.secure ? 443 : 80);
    const host = options.hostname ?? options.host ?? '';
    const proxy = proxyFor({ protocol: this.secure ? 'https:' : 'http:', host, port }, this.env);
    const route: Route = { target: `${host}:${port}`, ...(proxy ? { proxy: maskProxy(proxy), variable: this.secure ? 'HTTPS_PROXY' : 'HTTP_PROXY' } : {}) };
    req.once('error', (err) => Object.assign(err, { [ROUTE]: route }));
    const agent = proxy ? this.agentFor(proxy) : this.direct;
    // The CAs go with the request: the tunnel's TLS to the target is made from its options.
    (agent as unknown as { addRequest: AddRequest }).addRequest(req, { ...options, ...(this.ca ? { ca: this.ca } : {}), secureEndpoint: this.secure });
  }

  destroy(): void {
    for (const agent of [this.direct, ...this.proxied.values()]) agent.destroy();
    super.destroy();
  }

  private agentFor(proxy: URL): http.Agent {
    let agent = this.proxied.get(proxy.href);
    if (!agent) {
      // Never without a factory: the environment is read once, and a proxy in it loaded one.
      if (!this.proxyAgent) throw new Error(`internal: no proxy agent loaded for ${maskProxy(proxy)}`);
      // For an https:// proxy itself.
      const options = { ...AGENT_DEFAULTS, ...(this.ca ? { ca: this.ca } : {}) };
      agent = this.proxyAgent(proxy, this.secure, options, maskProxy(proxy));
      this.proxied.set(proxy.href, agent);
    }
    return agent;
  }
}

type Agents = { httpAgent: http.Agent; httpsAgent: http.Agent };

/** The variables the agents follow: a change of any of them is another pair. */
const NETWORK_VARIABLES = ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'AWS_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS'];
const processAgents = new Map<string, Promise<Agents>>();

/**
 * The agents every SDK client is given (NodeHttpHandler's httpAgent and httpsAgent): one
 * pair for the process's environment, so that every client (a class makes three per
 * account) shares the keep-alive pools and the CA files are read once. An `env` of its
 * own (tests) gets a pair of its own. Hence no client is ever `destroy()`ed: the SDK's
 * handler would destroy the shared agents with it (the process's exit closes them).
 */
export function networkAgents(env: Env = process.env): Promise<Agents> {
  const seen = networkEnv(env);
  if (env !== process.env) return makeAgents(seen);
  const key = JSON.stringify(NETWORK_VARIABLES.map((name) => seen[name]));
  let agents = processAgents.get(key);
  if (!agents) processAgents.set(key, (agents = makeAgents(seen)));
  return agents;
}

/** The network variables as the AWS CLI reads them, once: the pair follows what it was made for. */
function networkEnv(env: Env): Env {
  return Object.fromEntries(NETWORK_VARIABLES.map((name) => [name, envVar(env, name)]));
}

async function makeAgents(env: Env): Promise<Agents> {
  const ca = trustedCAs(env);
  // Checked now, not at the first request: a mistyped variable is bad input (exit 2).
  const proxies = (['HTTPS_PROXY', 'HTTP_PROXY'] as const).map((variable) => proxyNamedBy(variable, env));
  // The proxy agents and what they bring (agent-base, debug, node:assert) only for a proxy.
  const proxyAgent = proxies.some(Boolean) ? (await import('./proxy-agents.js')).proxyAgent : undefined;
  const httpsDirect = new https.Agent({ ...AGENT_DEFAULTS, ...(ca ? { ca } : {}) });
  return {
    httpAgent: new RoutingAgent(false, env, undefined, new http.Agent(AGENT_DEFAULTS), proxyAgent),
    httpsAgent: new RoutingAgent(true, env, ca, httpsDirect, proxyAgent),
  };
}
