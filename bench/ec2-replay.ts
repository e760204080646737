/**
 * EC2 answered from a recording, through the real SDK (issue 26 item 8's class check figure).
 *
 * The fake EC2 (aws-sdk-client-mock) runs in the benchmark's own process: its CPU per call
 * is time AWS's servers spend elsewhere, in parallel across accounts, and here it would be
 * counted against the tool. So the fake answers once — a warm-up check records each distinct
 * call and its answer — and the class is then served by a real EC2Client per account whose
 * requestHandler (@smithy's HttpHandler) answers the recorded call as EC2's query protocol
 * does, in XML, after the call's latency: no socket, and no CPU in this process but the
 * tool's and the SDK's (building and signing the request, parsing the XML), as on AWS. The
 * XML is written from the SDK's own output schemas and checked: each recorded answer, parsed
 * back by the SDK, must equal what the fake answered, or the bench stops.
 */
import * as sdk from '@aws-sdk/client-ec2';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ec2Bucket } from '../src/aws/ec2-buckets.js';
import { errorCode } from '../src/aws/errors.js';
import { createClients, type AwsClients } from '../src/aws/clients.js';
import { readShort } from '../src/aws/ec2-reads.js';
import type { RateLimiter } from '../src/aws/rate-limit.js';
import type { Clock } from '../src/engine/clock.js';
import { answerXml, errorXml } from '../test/support/ec2-answers.js';

/** One distinct call the fake answered: the command's name and input, its output or its error code. */
export interface Recorded {
  name: string;
  input: unknown;
  output?: Record<string, unknown>;
  error?: string;
}

/** What the recorded calls answer, by the request's body (the query string EC2 receives). */
export type Answers = Map<string, { status: number; xml: string }>;

/** A recorded answer as EC2 sends it: the operation's response element, or an error document (400). */
function answerOf(r: Recorded): { status: number; xml: string } {
  return r.error ? { status: 400, xml: errorXml(r.error, `${r.error} (recorded)`) } : { status: 200, xml: answerXml(r.name, r.output ?? {}, {}, 'bench') };
}

/** Equal as the tool sees them: no undefined members, no empty lists, dates as text, keys in order. */
function canonical(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    const entries = Object.entries(v).filter(([k, x]) => k !== '$metadata' && x !== undefined && !(Array.isArray(x) && x.length === 0));
    return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)]));
  }
  return v;
}

const CREDENTIALS = { accessKeyId: 'AKIDBENCHREPLAY', secretAccessKey: 'bench-replay' };

/** An HttpHandler that answers from `answers` after `latencyMs`, with EC2's token buckets of one account (503 RequestLimitExceeded when empty). */
function replayHandler(answers: Answers, clock: Clock, latencyMs: number, capture?: (body: string) => { status: number; xml: string }) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  // EC2's own work, not the tool's: each action's bucket looked up once.
  const bucketOf = new Map<string, ReturnType<typeof ec2Bucket>>();
  const take = (action: string) => {
    let b = bucketOf.get(action);
    if (!b) bucketOf.set(action, (b = ec2Bucket(action)));
    const now = clock.now();
    const st = buckets.get(b.name) ?? { tokens: b.size, at: now };
    st.tokens = Math.min(b.size, st.tokens + ((now - st.at) / 1000) * b.refill);
    st.at = now;
    buckets.set(b.name, st);
    if (st.tokens < 1) return false;
    st.tokens -= 1;
    return true;
  };
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: { body?: unknown }) {
      const body = String(request.body ?? '');
      const answer = capture ? capture(body) : answers.get(body);
      if (!answer) throw new Error(`ec2-replay: no recorded answer for ${body.slice(0, 200)}`);
      if (!capture) await clock.sleep(latencyMs);
      const action = /(?:^|&)Action=([^&]+)/.exec(body)?.[1] ?? 'Unknown';
      const served = capture || take(action) ? answer : { status: 503, xml: errorXml('RequestLimitExceeded') };
      return { response: { statusCode: served.status, reason: '', headers: { 'content-type': 'text/xml;charset=UTF-8' }, body: Buffer.from(served.xml) } };
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
    destroy: () => undefined,
  };
}

export const commandOf = (r: Recorded) => new (sdk as unknown as Record<string, new (input: unknown) => object>)[`${r.name}Command`](r.input);

/**
 * The recorded calls as request bodies and their XML answers. Each is sent once through a
 * real client that captures its body (so the key is what the SDK serializes), and its answer
 * parsed back must equal the fake's: the XML says what the fake said, or this throws.
 */
export async function compileAnswers(recorded: Recorded[], clock: Clock): Promise<Answers> {
  const answers: Answers = new Map();
  for (const r of recorded) {
    const answer = answerOf(r);
    const client = new EC2Client({ region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1, requestHandler: replayHandler(answers, clock, 0, (body) => (answers.set(body, answer), answer)) as never });
    let got: unknown;
    try {
      got = await client.send(commandOf(r) as never);
    } catch (err) {
      if (errorCode(err) !== r.error) throw new Error(`ec2-replay: ${r.name} answered ${errorCode(err)}, recorded ${r.error ?? 'success'}`);
      continue;
    }
    if (JSON.stringify(canonical(got)) !== JSON.stringify(canonical(r.output))) throw new Error(`ec2-replay: ${r.name}'s XML parses to other than the fake's answer`);
  }
  return answers;
}

/**
 * One account's clients as a class's target has them: createClients itself (aws/clients.ts)
 * with the account's limiter — the class's retry strategy, EC2's short path for Describe
 * calls, paceClient's token buckets and merged looks — over the replaying handler.
 */
export function replayClients(answers: Answers, limiter: RateLimiter, clock: Clock, latencyMs: number): Promise<AwsClients> {
  return createClients({ region: 'us-east-1', credentials: async () => CREDENTIALS, limiter, requestHandler: replayHandler(answers, clock, latencyMs) as never });
}

/** A client with the SDK's defaults and nothing of the tool's (no pacing, no batching), answering at once: the SDK's own cost, or (`short`) the short path's (aws/ec2-reads.ts). */
export function bareClient(answers: Answers, clock: Clock, short = false): EC2Client {
  const client = new EC2Client({ region: 'us-east-1', credentials: CREDENTIALS, requestHandler: replayHandler(answers, clock, 0) as never });
  if (short) readShort(client);
  return client;
}
