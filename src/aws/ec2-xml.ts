// EC2's answers in XML, read by the operation's own output schema (the SDK's, from
// @aws-sdk/client-ec2) into the very objects the SDK's reader makes: the same members, the
// same empty lists and structures, dates as Dates. What it does not read (maps, documents,
// unions, big numbers) it says so at compile time, and that operation stays with the SDK.
// The rules follow @aws-sdk/core's XmlShapeDeserializer and @aws-sdk/xml-builder's parser;
// test/unit/ec2-reads.test.ts holds them to it, answer by answer.
import { _parseEpochTimestamp, _parseRfc3339DateTimeWithOffset, _parseRfc7231DateTime, fromBase64 } from '@smithy/core/serde';

/** An element: its name, its children, its text (entities decoded). */
export interface El {
  name: string;
  kids: El[];
  text: string;
}

/** An operation's answer, from its root element. */
export type Reader = (root: El) => Record<string, unknown>;

// A tag (its mark: / ? !, its name, a closing slash), a CDATA section, or text.
const TOKEN = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<([/?!]?)([^\s/>]*)[^>]*?(\/?)>|([^<]+)/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const decode = (s: string) =>
  s.replace(/&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|([a-zA-Z][a-zA-Z0-9]{0,30}));/g, (_, hex, dec, named) =>
    hex ? String.fromCharCode(parseInt(hex, 16)) : dec ? String.fromCharCode(parseInt(dec, 10)) : (ENTITIES[named] ?? ''),
  );

/** The document's root element. EC2's answers carry no attributes worth reading, no mixed content. */
export function readXml(xml: string): El {
  // Line ends made \n before entities are decoded, as the SDK's parser does: a &#13; stays a \r.
  if (xml.includes('\r')) xml = xml.replace(/\r\n?/g, '\n');
  const top: El = { name: '', kids: [], text: '' };
  const open: El[] = [top];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(xml); m; m = TOKEN.exec(xml)) {
    const [, cdata, mark, name, selfClosing, text] = m;
    const el = open[open.length - 1];
    if (text !== undefined) el.text += text.includes('&') ? decode(text) : text;
    else if (cdata !== undefined) el.text += cdata;
    else if (mark === '/') {
      if (open.length === 1 || el.name !== name) throw new Error(`internal: EC2 answered XML that does not close <${el.name}> before </${name}>`);
      open.pop();
    } else if (name !== undefined && mark === '') {
      const child: El = { name, kids: [], text: '' };
      el.kids.push(child);
      if (!selfClosing) open.push(child);
    }
  }
  if (open.length !== 1 || top.kids.length !== 1) throw new Error('internal: EC2 answered XML that is not one whole document');
  return top.kids[0];
}

type Schema = unknown;
type Read = (el: El) => unknown;
type Traits = Record<string, unknown> | number | undefined;

/** A thunk's schema; a simple schema ([0, ns, name, traits, ref]) its target. */
function resolve(s: Schema): Schema {
  let r = typeof s === 'function' ? (s as () => Schema)() : s;
  while (Array.isArray(r) && r[0] === 0 && r.length === 5) r = typeof r[4] === 'function' ? (r[4] as () => Schema)() : r[4];
  return r;
}

/** A member entry: `ref`, or `[ref, traits]`. */
function memberOf(m: Schema): { ref: Schema; traits: Traits } {
  return Array.isArray(m) && m.length === 2 ? { ref: m[0], traits: m[1] as Traits } : { ref: m, traits: undefined };
}

const xmlNameOf = (traits: Traits) => (traits && typeof traits === 'object' ? (traits.xmlName as string | undefined) : undefined);

class Unread extends Error {}

// A leaf's text as the SDK's parser gives it: whitespace across lines is no text.
const leaf = (el: El) => {
  if (el.kids.length) return undefined;
  const text = el.text;
  return text.trim() === '' && text.includes('\n') ? '' : text;
};

/** How a value of this schema is read, by its type code (@smithy/core's SCHEMA). */
function compile(schema: Schema, seen: Map<Schema, Read>): Read {
  const s = resolve(schema);
  const known = seen.get(s);
  if (known) return known;
  if (typeof s === 'number') return scalar(s);
  if (!Array.isArray(s)) throw new Unread();
  if (s[0] === 3) return struct(s, seen);
  if (s[0] === 1) return list(memberOf(s[4]), seen, s);
  throw new Unread(); // maps (2), errors, operations: not in what a Describe answers here
}

function scalar(code: number): Read {
  const text = (el: El) => leaf(el) ?? '';
  switch (code) {
    case 0:
      return text;
    case 1:
      return (el) => Number(text(el));
    case 2:
      return (el) => text(el).toLowerCase() === 'true';
    case 4:
    case 5:
      return (el) => _parseRfc3339DateTimeWithOffset(text(el));
    case 6:
      return (el) => _parseRfc7231DateTime(text(el));
    case 7:
      return (el) => _parseEpochTimestamp(text(el));
    case 21:
      return (el) => fromBase64(text(el));
  }
  if ((code & 0b1100_0000) === 64) return list({ ref: code & 0b0011_1111, traits: undefined }, new Map(), code);
  throw new Unread();
}

function struct(s: unknown[], seen: Map<Schema, Read>): Read {
  const traits = s[3] as Traits;
  if (traits && typeof traits === 'object' && 'union' in traits) throw new Unread();
  const byTag = new Map<string, [string, Read]>();
  const read: Read = (el) => {
    const out: Record<string, unknown> = {};
    for (const kid of el.kids) {
      const m = byTag.get(kid.name);
      if (m) out[m[0]] = m[1](kid);
    }
    return out;
  };
  seen.set(s, read);
  const [names, members] = [s[4] as string[], s[5] as Schema[]];
  names.forEach((name, i) => {
    const m = memberOf(members[i]);
    byTag.set(xmlNameOf(m.traits) ?? name, [name, compile(m.ref, seen)]);
  });
  return read;
}

function list(member: { ref: Schema; traits: Traits }, seen: Map<Schema, Read>, key: Schema): Read {
  const tag = xmlNameOf(member.traits) ?? 'member';
  let item: Read | undefined;
  const read: Read = (el) => {
    const out: unknown[] = [];
    for (const kid of el.kids) if (kid.name === tag) out.push(item!(kid));
    return out;
  };
  seen.set(key, read);
  item = compile(member.ref, seen);
  return read;
}

/** The reader of an operation's answer, or null when its output holds a shape read only by the SDK. */
export function compileOutput(output: Schema): Reader | null {
  try {
    const read = compile(output, new Map());
    return (root) => read(root) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof Unread) return null;
    throw err;
  }
}
