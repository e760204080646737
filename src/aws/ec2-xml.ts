// EC2's answers in XML, read by the operation's own output schema (the SDK's, from
// @aws-sdk/client-ec2) into the very objects the SDK's reader makes: the same members, the
// same empty lists and structures, dates as Dates. What it does not read (maps, documents,
// unions, big numbers) it says so at compile time, and that operation stays with the SDK.
// The rules follow @aws-sdk/core's XmlShapeDeserializer and @aws-sdk/xml-builder's parser;
// test/unit/ec2-reads.test.ts holds them to it, answer by answer. The document is read in
// one pass, straight into the answer: no tree of elements first, and elements the schema
// does not name are skipped unread.
import { _parseEpochTimestamp, _parseRfc3339DateTimeWithOffset, _parseRfc7231DateTime, fromBase64 } from '@smithy/core/serde';
import { compiledOrNull, shapeOf, Unread, xmlNameOf, type Schema } from './ec2-schema.js';

/** An operation's answer, from the whole document. */
export type Reader = (xml: string) => Record<string, unknown>;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const decode = (s: string) =>
  s.replace(/&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|([a-zA-Z][a-zA-Z0-9]{0,30}));/g, (_, hex, dec, named) =>
    hex ? String.fromCharCode(parseInt(hex, 16)) : dec ? String.fromCharCode(parseInt(dec, 10)) : (ENTITIES[named] ?? ''),
  );

const [SLASH, BANG, QUESTION] = ['/', '!', '?'].map((c) => c.charCodeAt(0));
const isNameEnd = (c: number) => c === 32 || c === SLASH || c === 9 || c === 10 || c === 13 || c === 62;

/** A place in the document, and the tag last met (its name, and whether it is empty: <x/>). */
class Scan {
  at = 0;
  name = '';
  empty = false;
  constructor(readonly xml: string) {}

  /** Where `what` is, from here; a document cut short otherwise. */
  find(what: string, from = this.at): number {
    const found = this.xml.indexOf(what, from);
    if (found < 0) throw new Error(`internal: EC2 answered XML cut short (no "${what}" after character ${from})`);
    return found;
  }

  /**
   * Past the next child tag of `parent` (true: its name and emptiness in `name`, `empty`),
   * or past `parent`'s closing tag (false). Text, comments and CDATA between children are not read.
   */
  child(parent: string): boolean {
    const xml = this.xml;
    for (;;) {
      const lt = this.find('<');
      const mark = xml.charCodeAt(lt + 1);
      if (mark === SLASH) {
        const gt = this.find('>', lt);
        const name = xml.slice(lt + 2, gt).trim();
        if (name !== parent) throw new Error(`internal: EC2 answered XML that does not close <${parent}> before </${name}>`);
        this.at = gt + 1;
        return false;
      }
      if (mark === BANG || mark === QUESTION) {
        this.at = this.pastMarkup(lt).end;
        continue;
      }
      const gt = this.find('>', lt);
      let end = lt + 1;
      while (end < gt && !isNameEnd(xml.charCodeAt(end))) end++;
      this.name = xml.slice(lt + 1, end);
      this.empty = xml.charCodeAt(gt - 1) === SLASH;
      this.at = gt + 1;
      return true;
    }
  }

  /** Past a comment, a processing instruction or a CDATA section at `lt`; a CDATA section's text. */
  pastMarkup(lt: number): { end: number; cdata?: string } {
    const xml = this.xml;
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = this.find(']]>', lt);
      return { end: end + 3, cdata: xml.slice(lt + 9, end) };
    }
    const close = xml.startsWith('<!--', lt) ? '-->' : '>';
    return { end: this.find(close, lt) + close.length };
  }

  /** A leaf's text up to its closing tag, as the SDK's parser gives it (whitespace across lines is no text). */
  text(name: string): string {
    const xml = this.xml;
    let text = '';
    for (;;) {
      const lt = this.find('<');
      if (lt > this.at) {
        const piece = xml.slice(this.at, lt);
        text += piece.includes('&') ? decode(piece) : piece;
      }
      const mark = xml.charCodeAt(lt + 1);
      if (mark === BANG || mark === QUESTION) {
        const { end, cdata } = this.pastMarkup(lt);
        text += cdata ?? '';
        this.at = end;
        continue;
      }
      if (mark !== SLASH) {
        // An element inside a value: not EC2's, and not read (the SDK would refuse it).
        this.at = lt;
        this.child(name);
        this.skip(this.name, this.empty);
        continue;
      }
      this.at = lt;
      this.child(name);
      return text.trim() === '' && text.includes('\n') ? '' : text;
    }
  }

  /** Past the element whose opening tag was just read. */
  skip(name: string, empty: boolean): void {
    if (empty) return;
    while (this.child(name)) this.skip(this.name, this.empty);
  }

  /** Past the prolog and the root's opening tag. */
  root(): void {
    for (;;) {
      const lt = this.find('<');
      const mark = this.xml.charCodeAt(lt + 1);
      if (mark === BANG || mark === QUESTION) {
        this.at = this.pastMarkup(lt).end;
        continue;
      }
      if (mark === SLASH) throw new Error('internal: EC2 answered XML with no root element');
      this.at = lt;
      this.child(''); // an opening tag: the parent's name is only for a closing one
      return;
    }
  }
}


/** How an element is read: a structure's members by tag, a list's items, a value's conversion. */
type Plan = { kind: 'struct'; members: Map<string, [string, Plan]> } | { kind: 'list'; tag: string; item: Plan } | { kind: 'value'; convert: (text: string) => unknown };

/** The element whose opening tag was just read, as `plan` says. */
function read(scan: Scan, plan: Plan, name: string, empty: boolean): unknown {
  if (plan.kind === 'value') return plan.convert(empty ? '' : scan.text(name));
  if (plan.kind === 'struct') {
    const out: Record<string, unknown> = {};
    if (!empty)
      while (scan.child(name)) {
        const tag = scan.name;
        const e = scan.empty;
        const member = plan.members.get(tag);
        if (member) out[member[0]] = read(scan, member[1], tag, e);
        else scan.skip(tag, e);
      }
    return out;
  }
  const out: unknown[] = [];
  if (!empty)
    while (scan.child(name)) {
      const tag = scan.name;
      const e = scan.empty;
      if (tag === plan.tag) out.push(read(scan, plan.item, tag, e));
      else scan.skip(tag, e);
    }
  return out;
}

/** A value's conversion by its type code (@smithy/core's SCHEMA), as the SDK's FromStringShapeDeserializer. */
const CONVERT: Record<number, (text: string) => unknown> = {
  0: (t) => t,
  1: (t) => Number(t),
  2: (t) => t.toLowerCase() === 'true',
  4: (t) => _parseRfc3339DateTimeWithOffset(t),
  5: (t) => _parseRfc3339DateTimeWithOffset(t),
  6: (t) => _parseRfc7231DateTime(t),
  7: (t) => _parseEpochTimestamp(t),
  21: (t) => fromBase64(t),
};

/** The plan of a schema; structures and lists once each (they may refer to themselves). */
function planOf(schema: Schema, seen: Map<Schema, Plan>): Plan {
  const { key, shape } = shapeOf(schema);
  const known = seen.get(key);
  if (known) return known;
  if (shape.kind === 'value') {
    const convert = CONVERT[shape.code];
    if (!convert) throw new Unread();
    return { kind: 'value', convert };
  }
  if (shape.kind === 'list') {
    const plan = { kind: 'list', tag: xmlNameOf(shape.member.traits) ?? 'member' } as Plan & { kind: 'list' };
    seen.set(key, plan);
    plan.item = planOf(shape.member.ref, seen);
    return plan;
  }
  const plan: Plan = { kind: 'struct', members: new Map() };
  seen.set(key, plan);
  for (const m of shape.members) plan.members.set(xmlNameOf(m.traits) ?? m.name, [m.name, planOf(m.ref, seen)]);
  return plan;
}

/** The reader of an operation's answer, or null when its output holds a shape read only by the SDK. */
export function compileOutput(output: Schema): Reader | null {
  const plan = compiledOrNull(() => planOf(output, new Map()));
  if (!plan) return null;
  return (xml) => {
    // Line ends made \n before entities are decoded, as the SDK's parser does: a &#13; stays a \r.
    const scan = new Scan(xml.includes('\r') ? xml.replace(/\r\n?/g, '\n') : xml);
    scan.root();
    return read(scan, plan, scan.name, scan.empty) as Record<string, unknown>;
  };
}
