/**
 * EC2's query protocol answers, written from the SDK's own schemas: the XML of an output
 * (compact, as bench/ec2-replay.ts replays it, or as AWS pretty-prints it), a value for every
 * member of a schema (the answers and inputs of test/unit/ec2-reads.test.ts), an HttpHandler
 * that records each request and answers it, and the Describe commands the tool sends.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as sdk from '@aws-sdk/client-ec2';
import { HttpResponse } from '@smithy/core/protocols';

type Schema = unknown;
const deref = (s: Schema): Schema => (typeof s === 'function' ? (s as () => Schema)() : s);

/** A schema, thunks called and simple schemas ([0, ns, name, traits, ref]) followed to their target. */
function target(s: Schema): Schema {
  let r = deref(s);
  while (Array.isArray(r) && r[0] === 0 && r.length === 5) r = deref(r[4]);
  return r;
}

/** A schema's member entry: `ref` or `[ref, traits]`. */
function member(m: Schema): { ref: Schema; traits: Record<string, string> } {
  return Array.isArray(m) && m.length === 2 && typeof m[1] === 'object' ? { ref: m[0], traits: m[1] as Record<string, string> } : Array.isArray(m) && m.length === 2 ? { ref: m[0], traits: {} } : { ref: m, traits: {} };
}
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * How the XML is laid out. Compact (no `indent`): one line, empty elements as `<a></a>`.
 * `indent`: each element on its own line, as AWS sends it; `eol` between lines; `empty`: an
 * empty element as `<a/>`, `<a></a>`, or open and closed on two lines (whitespace between).
 */
export interface XmlStyle {
  indent?: string;
  eol?: string;
  empty?: 'selfClosing' | 'pair' | 'lines';
}

/** A scalar's text by its schema's type code (@smithy/core's SCHEMA: 6 http-date, 7 epoch seconds, 21 blob). */
function scalarText(value: unknown, code: unknown): string {
  if (value instanceof Date) return code === 6 ? value.toUTCString() : code === 7 ? String(value.getTime() / 1000) : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}

/** An element `tag` holding `value` at nesting `depth` (the response element is 0). */
function element(tag: string, value: unknown, schema: Schema, style: XmlStyle, depth: number): string {
  const pad = style.indent === undefined ? '' : (style.eol ?? '\n') + style.indent.repeat(depth);
  const inner = toXml(value, schema, style, depth);
  const complex = Array.isArray(target(schema)) && inner !== '';
  if (inner === '' && style.empty === 'selfClosing') return `${pad}<${tag}/>`;
  if (inner === '' && style.empty === 'lines' && pad) return `${pad}<${tag}>${pad}</${tag}>`;
  return `${pad}<${tag}>${inner}${complex ? pad : ''}</${tag}>`;
}

/** A value as EC2's response XML writes it, by its schema (structures 3, lists 1; maps never occur in what the tool reads). */
export function toXml(value: unknown, schema: Schema, style: XmlStyle = {}, depth = 0): string {
  const s = target(schema);
  if (Array.isArray(s) && s[0] === 3) {
    const [names, members] = [s[4] as string[], s[5] as Schema[]];
    return names
      .map((name, i) => {
        const v = (value as Record<string, unknown>)[name];
        if (v === undefined || v === null) return '';
        const m = member(members[i]);
        return element(m.traits.xmlName ?? name, v, m.ref, style, depth + 1);
      })
      .join('');
  }
  if (Array.isArray(s) && s[0] === 1) {
    const m = member(s[4]);
    return (value as unknown[]).map((v) => element(m.traits.xmlName ?? 'member', v, m.ref, style, depth + 1)).join('');
  }
  if (Array.isArray(s) && s[0] === 2) throw new Error('ec2-answers: a map in an EC2 answer (not written)');
  if (typeof s === 'number' && (s & 0b1100_0000) === 64) return (value as unknown[]).map((v) => element('member', v, s & 0b0011_1111, style, depth + 1)).join('');
  return escape(scalarText(value, s));
}

export const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** The operation's output schema ([9, ns, name, traits, input, output]'s output). */
export function operationOf(name: string): { input: Schema; output: Schema } {
  const op = (sdk as unknown as Record<string, Schema[]>)[`${name}$`];
  if (!op) throw new Error(`ec2-answers: no schema for ${name}`);
  return { input: op[4], output: op[5] };
}

/** EC2's whole answer to `name` (DescribeVpcs…): its response element with a requestId, then the output. */
export function answerXml(name: string, output: object, style: XmlStyle = {}, requestId = 'req-1'): string {
  const eol = style.indent === undefined ? '' : (style.eol ?? '\n');
  const pad = style.indent === undefined ? '' : eol + style.indent;
  return `<?xml version="1.0" encoding="UTF-8"?>${eol || '\n'}<${name}Response xmlns="${EC2_NS}">${pad}<requestId>${requestId}</requestId>${toXml(output, operationOf(name).output, style)}${eol}</${name}Response>`;
}

/** EC2's error document. */
export const errorXml = (code: string, message = `${code} (test)`) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${escape(message)}</Message></Error></Errors><RequestID>req-err</RequestID></Response>`;

/** Values a sample takes in turn: text needing escapes, spaces kept on one line, Japanese, numbers of both kinds, both booleans, dates to the millisecond. */
const STRINGS = ['vpc-0a1b2c3d4e5f60718', 'web & db <tier> "a" \'b\'', '  spaces kept  ', '研修用のウェブサーバー', '10.0.0.0/16', '', 'sg-0123456789abcdef0'];
const NUMBERS = [42, 3.5, 0, 65535, -1];

/**
 * A value of `schema` with every member set (a recursive shape stops at `maxDepth`): lists of
 * `listLength` items, scalars varied by `seed`. Dates and numbers as the SDK reads them back.
 */
export function sampleOf(schema: Schema, listLength: number, seed = 0, maxDepth = 12): unknown {
  let n = seed;
  const next = () => n++;
  const value = (ref: Schema, depth: number, stack: Schema[]): unknown => {
    const s = target(ref);
    if (Array.isArray(s) && s[0] === 3) {
      if (depth > maxDepth || stack.includes(s)) return undefined;
      const out: Record<string, unknown> = {};
      (s[4] as string[]).forEach((name, i) => {
        const v = value(member((s[5] as Schema[])[i]).ref, depth + 1, [...stack, s]);
        if (v !== undefined) out[name] = v;
      });
      return out;
    }
    if (Array.isArray(s) && s[0] === 1) return Array.from({ length: listLength }, () => value(member(s[4]).ref, depth + 1, stack)).filter((v) => v !== undefined);
    if (typeof s === 'number' && (s & 0b1100_0000) === 64) return Array.from({ length: listLength }, () => value(s & 0b0011_1111, depth + 1, stack));
    switch (s) {
      case 0:
        return STRINGS[next() % STRINGS.length];
      case 1:
        return NUMBERS[next() % NUMBERS.length];
      case 2:
        return next() % 2 === 0;
      case 4:
      case 5:
      case 7:
        return new Date(Date.UTC(2026, 11, 7, 6, 0, next() % 60, (next() % 10) * 100));
      case 6:
        return new Date(Date.UTC(2026, 11, 7, 6, 0, next() % 60));
    }
    throw new Error(`ec2-answers: no sample for schema ${JSON.stringify(s)}`);
  };
  return value(schema, 0, []);
}

/** A request as the handler saw it. */
export interface Seen {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Answer {
  status: number;
  xml: string;
  headers?: Record<string, string>;
}

/** An HttpHandler that records each request (a copy, as sent) and answers it with `answer(request, nth)`. */
export function replayHandler(answer: (seen: Seen, nth: number) => Answer) {
  const seen: Seen[] = [];
  const handler = {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: Seen & { body?: unknown }) {
      const copy: Seen = { method: request.method, protocol: request.protocol, hostname: request.hostname, port: request.port, path: request.path, headers: { ...request.headers }, body: String(request.body ?? '') };
      seen.push(copy);
      const a = answer(copy, seen.length);
      return { response: new HttpResponse({ statusCode: a.status, reason: '', headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': `req-${seen.length}`, ...a.headers }, body: Buffer.from(a.xml, 'utf8') }) };
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
    destroy: () => undefined,
  };
  return { seen, handler };
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Every EC2 Describe command src/ names ("DescribeVpcs", …): what the tool sends, found in its source as the brief's grep finds it. */
export function describeCommandsOfTool(root = path.resolve(import.meta.dirname, '../../src')): string[] {
  const names = new Set<string>();
  for (const file of sources(root)) for (const m of readFileSync(file, 'utf8').matchAll(/\b(Describe[A-Za-z]*)Command\b/g)) if (`${m[1]}Command` in sdk) names.add(m[1]);
  return [...names].sort();
}
