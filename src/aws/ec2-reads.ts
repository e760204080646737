// EC2's Describe calls on a short path. Through the SDK's send, each call runs some twenty
// middlewares (endpoint rules, auth scheme selection, user agent, checksums, logging…) and
// its schema-driven serializer and XML reader: ~1.4 ms of CPU a call, ~17 ms a check. A
// class check reads thirty accounts at once, so that CPU, not AWS, was its wall time (issue
// 26 item 8). Here a Describe keeps what matters of the SDK — the endpoint by its rules, the
// same request (body byte for byte, headers but the user agent; ec2-query.ts), the retry
// loop over the client's retry strategy, SigV4 with the client's credentials (sigv4.ts), the
// client's request handler (proxies, CAs), and the SDK's own reading of an error answer (the
// same error objects) — and reads a successful answer's XML by the operation's own output
// schema (ec2-xml.ts). test/unit/ec2-reads.test.ts and the e2e ec2-reads-* tests hold it to
// the SDK's path, and its signature to botocore's.
import { randomUUID } from 'node:crypto';
import { EC2Client } from '@aws-sdk/client-ec2';
import { getEndpointFromInstructions } from '@smithy/core/endpoints';
import { collectBody, HttpRequest } from '@smithy/core/protocols';
import { getRetryAfterHint, isClockSkewError, isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import { operation } from '@smithy/core/schema';
import type { EndpointV2, HttpResponse, RetryErrorInfo, RetryStrategyV2 } from '@smithy/types';
import type { RateLimiter } from './rate-limit.js';
import { compileInput, type Writer } from './ec2-query.js';
import { compileOutput, type Reader } from './ec2-xml.js';
import { queryV4Signer, type QueryRequest } from './sigv4.js';

/** A command as the SDK builds it: its input and its operation schema ([9, namespace, name, traits, input, output]). */
interface SchemaCommand {
  input: object;
  schema?: readonly unknown[];
}

/** The client's protocol (the SDK's AwsEc2QueryProtocol), as far as used here. */
interface Protocol {
  options: { version: string };
  deserializeResponse(op: Operation, context: object, response: HttpResponse): Promise<unknown>;
}
type Operation = ReturnType<typeof operation>;

/** How a Describe is written and read on the short path; null: by the SDK (a shape the short path does not handle). */
interface Codec {
  write: Writer;
  read: Reader;
  op: Operation;
  name: string;
}
const codecs = new Map<unknown, Codec | null>();

function codecOf(schema: readonly unknown[]): Codec | null {
  let codec = codecs.get(schema);
  if (codec === undefined) {
    const [, ns, name, traits, input, output] = schema as [unknown, string, string, never, never, never];
    const [write, read] = [compileInput(input), compileOutput(output)];
    codecs.set(schema, (codec = write && read ? { write, read, op: operation(ns, name, traits, input, output), name } : null));
  }
  return codec;
}

/** The send of EC2Client's own class, as the SDK made it: a replaced one (a test double) is always honoured. */
const sdkSend = Object.getPrototypeOf(EC2Client.prototype).send as EC2Client['send'];

export interface ShortOptions {
  /** The account's token buckets: a token a try, as paceClient's middleware takes one. */
  limiter?: RateLimiter;
  /**
   * What the client's endpoint depends on beyond the process's environment (its region,
   * --endpoint-url, profile): clients of one key share the endpoint, resolved once. The
   * SDK's rules ask the environment and config files for FIPS and dual-stack through a chain
   * of providers, ~0.5 ms a client, and a class makes a client per account.
   */
  endpointKey?: string;
}

/** Where requests go: the endpoint's URL as the SDK's serializer puts it on a request. */
interface Endpoint {
  protocol: string;
  hostname: string;
  port?: number;
  /** The Host header, as the SDK's host-header middleware writes it. */
  host: string;
}

/** An endpoint as the short path signs for it (path "/", no query, no headers of its own); undefined: the SDK's. */
function plainEndpoint(ep: EndpointV2): Endpoint | undefined {
  const url = ep.url;
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || Object.keys(ep.headers ?? {}).length || url.username || url.password) return undefined;
  const port = url.port ? Number(url.port) : undefined;
  return { protocol: url.protocol, hostname: url.hostname, port, host: url.hostname + (port ? `:${port}` : '') };
}

/** Endpoints resolved, by ShortOptions.endpointKey. */
const endpoints = new Map<string, Promise<Endpoint | undefined>>();

/**
 * Describe calls of `client` go the short path from now on; anything else, a call with
 * options or a callback, and any call while EC2Client's send is replaced (a test's mock)
 * still go through the SDK's send. Install before paceClient, which wraps this.
 */
export function readShort(client: EC2Client, options: ShortOptions = {}): void {
  const viaSdk = (...args: unknown[]) => (EC2Client.prototype.send as (...a: unknown[]) => Promise<never>).apply(client, args);
  const short = shortPath(client, options);
  client.send = ((command: SchemaCommand, ...rest: unknown[]) => {
    const schema = command.schema;
    const codec = !rest.length && EC2Client.prototype.send === sdkSend && schema && String(schema[2]).startsWith('Describe') ? codecOf(schema) : null;
    return codec ? short(command, codec, viaSdk) : viaSdk(command, ...rest);
  }) as EC2Client['send'];
}

function shortPath(client: EC2Client, { limiter, endpointKey }: ShortOptions) {
  const config = client.config;
  const protocol = config.protocol as unknown as Protocol;
  let signer: Promise<ReturnType<typeof queryV4Signer>> | undefined;
  let endpoint: Promise<Endpoint | undefined> | undefined;
  let strategy: Promise<RetryStrategyV2> | undefined;
  let maxAttempts: Promise<number> | undefined;
  // The endpoint is the same for every EC2 operation: the SDK's rules, once a client (or a key).
  const endpointOf = (command: SchemaCommand) => {
    const resolve = () => getEndpointFromInstructions({}, command.constructor as never, config as never).then(plainEndpoint);
    if (endpointKey === undefined) return resolve();
    let shared = endpoints.get(endpointKey);
    if (!shared) {
      endpoints.set(endpointKey, (shared = resolve()));
      shared.catch(() => endpoints.delete(endpointKey)); // a failure is not kept
    }
    return shared;
  };

  return async (command: SchemaCommand, codec: Codec, viaSdk: (command: SchemaCommand) => Promise<never>) => {
    endpoint ??= endpointOf(command);
    const ep = await endpoint;
    // An endpoint with a path, a query or headers of its own: signed as the SDK signs it.
    if (!ep) return viaSdk(command);
    const body = `Action=${codec.name}&Version=${protocol.options.version}${codec.write(command.input)}`;
    // The headers the SDK's serializer and middlewares set; its retry middleware's: one ID for the call, each try numbered.
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', host: ep.host, 'content-length': String(Buffer.byteLength(body)), 'amz-sdk-invocation-id': randomUUID() };
    maxAttempts ??= config.maxAttempts();
    const max = await maxAttempts;
    const attempt = async (tries: number) => {
      if (limiter) await limiter.take(`${codec.name}Command`);
      signer ??= config.region().then((region) => queryV4Signer(region, 'ec2'));
      const sign = await signer;
      const request = new HttpRequest({ method: 'POST', protocol: ep.protocol, hostname: ep.hostname, port: ep.port, path: '/', query: {}, headers: { ...headers, 'amz-sdk-request': `attempt=${tries}; max=${max}` }, body });
      sign(request as QueryRequest, await config.credentials(), new Date(Date.now() + config.systemClockOffset));
      const { response } = await config.requestHandler.handle(request as never);
      return answerOf(response as HttpResponse, codec.op, codec.read);
    };
    return retrying(attempt) as never;
  };

  /**
   * The retry middleware's loop over the client's own strategy (the class's WaitOutThrottling,
   * or the SDK's adaptive one): a throttled, transient or 5xx answer is tried again after the
   * strategy's delay, as long as it gives a token; the answer's $metadata counts the tries.
   */
  async function retrying(attempt: (tries: number) => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
    strategy ??= config.retryStrategy() as Promise<RetryStrategyV2>;
    const retry = await strategy;
    let token = await retry.acquireInitialRetryToken('');
    let totalRetryDelay = 0;
    for (let tries = 1; ; tries++) {
      try {
        const out = await attempt(tries);
        retry.recordSuccess(token);
        Object.assign(out.$metadata as object, { attempts: tries, totalRetryDelay });
        return out;
      } catch (err) {
        const e = err as { $metadata?: Record<string, unknown>; $response?: HttpResponse };
        try {
          token = await retry.refreshRetryTokenForRetry(token, retryInfo(err));
        } catch {
          e.$metadata = { ...e.$metadata, attempts: tries, totalRetryDelay };
          throw err;
        }
        const delay = token.getRetryDelay();
        totalRetryDelay += delay;
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** A success read here; an error read by the SDK's protocol, so it throws the SDK's own error (with the clock put right on a skew). */
  async function answerOf(response: HttpResponse, op: Operation, reader: Reader): Promise<Record<string, unknown>> {
    if (response.statusCode < 300) {
      const bytes = await collectBody(response.body, config as never);
      const xml = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
      // An empty body is an empty answer, as the SDK reads it.
      const out: Record<string, unknown> = xml.length ? reader(xml) : {};
      // The SDK's $metadata (HttpProtocol.deserializeMetadata), member for member; the tries are the retry loop's.
      const h = lowerCased(response.headers);
      out.$metadata = { httpStatusCode: response.statusCode, requestId: h['x-amzn-requestid'] ?? h['x-amzn-request-id'] ?? h['x-amz-request-id'], extendedRequestId: h['x-amz-id-2'], cfId: h['x-amz-cf-id'] };
      return out;
    }
    try {
      await protocol.deserializeResponse(op, config, response);
      throw new Error(`internal: EC2 answered ${response.statusCode}`);
    } catch (err) {
      Object.defineProperty(err, '$response', { value: response, enumerable: false });
      correctClock(err as { name?: string; $metadata?: Record<string, unknown> }, response);
      throw err;
    }
  }

  /**
   * As the SDK's signer does on a signature refused for the time: take the offset from the
   * answer's Date header, and mark the error so that the retry strategy sends it again.
   */
  function correctClock(err: { name?: string; $metadata?: Record<string, unknown> }, response: HttpResponse) {
    const date = lowerCased(response.headers).date;
    if (!date || !isClockSkewError(err as never)) return;
    const offset = Date.parse(date) - Date.now();
    if (Number.isNaN(offset) || Math.abs(Date.now() + config.systemClockOffset - Date.parse(date)) < SKEW_MS) return;
    config.systemClockOffset = offset;
    err.$metadata = { ...err.$metadata, clockSkewCorrected: true };
  }
}

/** What the SDK's retry middleware tells the strategy of an error (its getRetryErrorInfo, which it does not export). */
function retryInfo(err: unknown): RetryErrorInfo {
  const e = err as Parameters<typeof isThrottlingError>[0] & { $response?: HttpResponse };
  const errorType = isThrottlingError(e) ? 'THROTTLING' : isTransientError(e) ? 'TRANSIENT' : isServerError(e) ? 'SERVER_ERROR' : 'CLIENT_ERROR';
  const hint = e.$response ? getRetryAfterHint(e.$response) : undefined;
  return { error: e as never, errorType, ...(hint ? { retryAfterHint: hint } : {}) };
}

/** The SDK's threshold for a clock put right: five minutes. */
const SKEW_MS = 300_000;

/** A response's headers by their names in lower case (servers and handlers differ). */
function lowerCased(headers: Record<string, string> | undefined): Record<string, string | undefined> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}
