// A request's parameters as EC2's query protocol writes them, by the operation's own input
// schema (the SDK's): the same body, byte for byte, as @aws-sdk/core's QueryShapeSerializer
// with EC2's settings (ec2QueryName, else the name capitalized; lists flattened, `.1`, `.2`;
// empty lists not sent; dates as ISO 8601 without milliseconds), without its per-request
// schema objects and generators. A shape it does not write (maps, documents, idempotency
// tokens, blobs, big numbers) it says so at compile time, and that operation stays with the SDK.
// test/unit/ec2-reads.test.ts holds the bodies to the SDK's.
import { extendedEncodeURIComponent } from '@smithy/core/protocols';
import { compiledOrNull, shapeOf, Unread, xmlNameOf, type Schema } from './ec2-schema.js';

/** The parameters of an input, each `&Key=value`, in the schema's order. */
export type Writer = (input: object) => string;

type Write = (value: unknown, key: string) => string;

const param = (key: string, value: string) => `&${extendedEncodeURIComponent(key)}=${extendedEncodeURIComponent(value)}`;

/** A value by its type code (@smithy/core's SCHEMA); timestamps as the query protocol's default, date-time. */
const VALUE: Record<number, (v: unknown) => string> = {
  0: String,
  1: String,
  2: String,
  4: (v) => (v as Date).toISOString().replace('.000Z', 'Z'),
  5: (v) => (v as Date).toISOString().replace('.000Z', 'Z'),
  6: (v) => (v as Date).toUTCString(),
  7: (v) => String((v as Date).getTime() / 1000),
};

function writerOf(schema: Schema, seen: Map<Schema, Write>): Write {
  const { key, shape } = shapeOf(schema);
  const known = seen.get(key);
  if (known) return known;
  if (shape.kind === 'list') return listWriter(shape.member.ref, seen, key);
  if (shape.kind === 'value') {
    const text = VALUE[shape.code];
    if (!text) throw new Unread();
    // Timestamps only as Dates: anything else is not written, as the SDK does.
    if (shape.code >= 4 && shape.code <= 7) return (v, k) => (v instanceof Date ? param(k, text(v)) : '');
    return (v, k) => param(k, text(v));
  }
  const members: [string, string, Write][] = [];
  const write: Write = (v, prefix) => {
    if (!v || typeof v !== 'object') return '';
    const dot = prefix ? `${prefix}.` : '';
    let out = '';
    for (const [name, k, w] of members) {
      const value = (v as Record<string, unknown>)[name];
      if (value != null) out += w(value, dot + k);
    }
    return out;
  };
  seen.set(key, write);
  for (const m of shape.members) {
    // An idempotency token (trait bit 4) is made up when absent: the SDK's business.
    if (typeof m.traits === 'number' ? m.traits & 4 : m.traits && 'idempotencyToken' in m.traits) throw new Unread();
    const query = m.traits && typeof m.traits === 'object' ? (m.traits.ec2QueryName as string | undefined) : undefined;
    members.push([m.name, query ?? capitalized(xmlNameOf(m.traits) ?? m.name), writerOf(m.ref, seen)]);
  }
  return write;
}

const capitalized = (key: string) => key[0].toUpperCase() + key.slice(1);

/** EC2's lists are flat: Key.1, Key.2, … (an empty list is not sent). */
function listWriter(member: Schema, seen: Map<Schema, Write>, key: Schema): Write {
  let item: Write;
  const write: Write = (v, prefix) => {
    if (!Array.isArray(v)) return '';
    let out = '';
    let i = 1;
    for (const value of v) if (value != null) out += item(value, `${prefix}.${i++}`);
    return out;
  };
  seen.set(key, write);
  item = writerOf(member, seen);
  return write;
}

/** The writer of an operation's input, or null when it holds a shape written only by the SDK. */
export function compileInput(input: Schema): Writer | null {
  return compiledOrNull(() => {
    const write = writerOf(input, new Map());
    return (value: object) => write(value, '');
  });
}
