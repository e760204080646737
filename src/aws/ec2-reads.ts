// EC2's Describe calls on a short path. Through the SDK's send, each call runs some twenty
// middlewares (endpoint rules, auth scheme selection, user agent, checksums, logging…) and
// its schema-driven XML reader: ~1.4 ms of CPU a call, ~17 ms a check. A class check reads
// thirty accounts at once, so that CPU, not AWS, was its wall time (issue 26 item 8). Here a
// Describe keeps what matters of the SDK — its serializer (the same request body, byte for
// byte), its retry middleware and the client's retry strategy, SigV4 signing with the
// client's credentials, the client's request handler (proxies, CAs), and the SDK's own
// reading of an error answer (the same error objects) — and reads a successful answer's XML
// itself, by the operation's own output schema.
import { EC2Client } from '@aws-sdk/client-ec2';
import { getEndpointFromInstructions, toEndpointV1 } from '@smithy/core/endpoints';
import { collectBody, HttpRequest } from '@smithy/core/protocols';
import { retryMiddleware } from '@smithy/core/retry';
import { operation } from '@smithy/core/schema';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpResponse } from '@smithy/types';
import type { RateLimiter } from './rate-limit.js';
import { compileOutput, readXml, type Reader } from './ec2-xml.js';

/** A command as the SDK builds it: its input and its operation schema ([9, namespace, name, traits, input, output]). */
interface SchemaCommand {
  input: object;
  schema?: readonly unknown[];
}

/** The client's protocol (the SDK's AwsEc2QueryProtocol), as far as used here. */
interface Protocol {
  serializeRequest(op: Operation, input: object, context: object): Promise<HttpRequest>;
  deserializeResponse(op: Operation, context: object, response: HttpResponse): Promise<unknown>;
}
type Operation = ReturnType<typeof operation>;

/** What a Describe's output schema compiles to; null: read by the SDK (a shape the short path does not read). */
const readers = new Map<unknown, Reader | null>();

function readerOf(schema: readonly unknown[]): Reader | null {
  let reader = readers.get(schema);
  if (reader === undefined) readers.set(schema, (reader = compileOutput(schema[5])));
  return reader;
}

/** The send of EC2Client's own class, as the SDK made it: a replaced one (a test double) is always honoured. */
const sdkSend = Object.getPrototypeOf(EC2Client.prototype).send as EC2Client['send'];

/**
 * Describe calls of `client` go the short path from now on; anything else, a call with
 * options or a callback, and any call while EC2Client's send is replaced (a test's mock)
 * still go through the SDK's send. `limiter`: the account's token buckets, a token a
 * try, as paceClient's middleware takes one. Install before paceClient, which wraps this.
 */
export function readShort(client: EC2Client, limiter?: RateLimiter): void {
  const viaSdk = (...args: unknown[]) => (EC2Client.prototype.send as (...a: unknown[]) => Promise<never>).apply(client, args);
  const short = shortPath(client, limiter);
  client.send = ((command: SchemaCommand, ...rest: unknown[]) => {
    const schema = command.schema;
    const reader = !rest.length && EC2Client.prototype.send === sdkSend && schema && String(schema[2]).startsWith('Describe') ? readerOf(schema) : null;
    return reader ? short(command, schema!, reader) : viaSdk(command, ...rest);
  }) as EC2Client['send'];
}

function shortPath(client: EC2Client, limiter?: RateLimiter) {
  const config = client.config;
  const protocol = config.protocol as unknown as Protocol;
  let signer: Promise<SignatureV4> | undefined;
  let endpoint: Promise<ReturnType<typeof toEndpointV1>> | undefined;
  const signerOf = async () =>
    new SignatureV4({ service: 'ec2', region: await config.region(), credentials: config.credentials as never, sha256: config.sha256, uriEscapePath: true });

  return async (command: SchemaCommand, schema: readonly unknown[], reader: Reader) => {
    const [, ns, name, traits, input, output] = schema as [unknown, string, string, never, never, never];
    const op = operation(ns, name, traits, input, output);
    // The endpoint is the same for every EC2 operation: the SDK's rules, once a client.
    endpoint ??= getEndpointFromInstructions({}, command.constructor as never, config as never).then(toEndpointV1);
    const ep = await endpoint;
    const request = await protocol.serializeRequest(op, command.input, { endpoint: async () => ep });
    request.headers.host = request.hostname + (request.port ? `:${request.port}` : '');
    request.headers['content-length'] = String(Buffer.byteLength(String(request.body)));

    const attempt = async () => {
      if (limiter) await limiter.take(`${name}Command`);
      signer ??= signerOf();
      const signed = (await (await signer).sign(HttpRequest.clone(request), { signingDate: new Date(Date.now() + config.systemClockOffset) })) as HttpRequest;
      const { response } = await config.requestHandler.handle(signed as never);
      return { response, output: await answerOf(response as HttpResponse, op, reader) };
    };
    const context = {};
    const retried = retryMiddleware(config as never)(async () => (await attempt()) as never, context as never);
    const { output: out } = (await retried({ input: command.input, request } as never)) as unknown as { output: Record<string, unknown> };
    return out as never;
  };

  /** A success read here; an error read by the SDK's protocol, so it throws the SDK's own error (with the clock put right on a skew). */
  async function answerOf(response: HttpResponse, op: Operation, reader: Reader): Promise<Record<string, unknown>> {
    if (response.statusCode < 300) {
      const xml = Buffer.from(await collectBody(response.body, config as never)).toString('utf8');
      // An empty body is an empty answer, as the SDK reads it.
      const out: Record<string, unknown> = xml.length ? reader(readXml(xml)) : {};
      // The SDK's $metadata (HttpProtocol.deserializeMetadata), member for member.
      const [id, idToo, amzId] = ['x-amzn-requestid', 'x-amzn-request-id', 'x-amz-request-id'].map((h) => header(response, h));
      out.$metadata = { httpStatusCode: response.statusCode, requestId: id ?? idToo ?? amzId, extendedRequestId: header(response, 'x-amz-id-2'), cfId: header(response, 'x-amz-cf-id'), attempts: 1, totalRetryDelay: 0 };
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
    const date = header(response, 'date');
    if (!date || !SKEW_CODES.has(String(err.name))) return;
    const offset = Date.parse(date) - Date.now();
    if (Number.isNaN(offset) || Math.abs(Date.now() + config.systemClockOffset - Date.parse(date)) < SKEW_MS) return;
    config.systemClockOffset = offset;
    err.$metadata = { ...err.$metadata, clockSkewCorrected: true };
  }
}

/** The SDK's own list (isClockSkewError) and threshold (five minutes). */
const SKEW_CODES = new Set(['AuthFailure', 'InvalidSignatureException', 'RequestExpired', 'RequestInTheFuture', 'RequestTimeTooSkewed', 'SignatureDoesNotMatch']);
const SKEW_MS = 300_000;

function header(response: HttpResponse, name: string): string | undefined {
  for (const [k, v] of Object.entries(response.headers ?? {})) if (k.toLowerCase() === name) return v;
  return undefined;
}
