import { ByteReader, EvtxDamage, u32At } from './bytes';
import { knownTemplate, sharedTemplate } from './sharedTemplates';
import { readsAs } from './templateMatch';
import { VALUE } from './values';

/**
 * Binary XML (MS-EVEN6): tokens read into a small tree, templates read once per chunk and cached
 * by offset, with each use's substitution values (render.ts writes them out as text). Every read
 * is bounded by its chunk; nesting and template chains are bounded too, so no input can make it
 * loop or recurse without end. Damage throws EvtxDamage, which the record reader reports.
 */

export type BinXmlNode = Node;

type Node =
  | { kind: 'element'; name: string; attributes: Attribute[]; children: Node[] | undefined; substitutions: Extract<Node, { kind: 'substitution' }>[] }
  | { kind: 'text'; text: string }
  | { kind: 'substitution'; index: number; optional: boolean }
  | { kind: 'charRef'; code: number }
  | { kind: 'entityRef'; name: string }
  | { kind: 'cdata'; text: string }
  | { kind: 'pi'; target: string; data: string }
  | { kind: 'instance'; instance: Instance };

interface Attribute {
  name: string;
  value: Node[];
}

export interface Template {
  nodes: Node[];
  /** Its compiled programs, by layout and level (see render.ts). */
  programs?: Map<string, unknown>;
}

/** A template and the values of one use of it. */
interface Instance {
  template: Template;
  values: TemplateValues;
}

/**
 * The values of one use of a template, packed: value k's place in the chunk, size and type at
 * 3k, 3k + 1 and 3k + 2. A record has tens of values, and an object for each cost more than
 * reading them.
 */
export type TemplateValues = readonly number[];

/** One value, as a writer is handed it (with, while an element is repeated for an array value, the item it is rendered with). */
export interface TemplateValue {
  start: number;
  size: number;
  type: number;
  item?: string;
}

/** The items an array value is split into while its element is repeated, by value index. */
export type RepeatedItems = readonly (string | undefined)[] | undefined;

/** Whether value k is an array not yet split into the items its element is repeated for. */
export function isArrayValue(values: TemplateValues, k: number, items: RepeatedItems): boolean {
  return 3 * k < values.length && items?.[k] === undefined && (values[3 * k + 2]! & VALUE.array) !== 0;
}

/** What reading one chunk's binary XML shares: its bytes, its templates and its names. */
export class BinXmlChunk {
  private readonly templates = new Map<number, Template | EvtxDamage | 'reading'>();
  private readonly names = new Map<number, string>();

  constructor(readonly bytes: Uint8Array) {}

  /** The name stored at `offset`: next offset, hash, character count, then UTF-16. */
  name(offset: number): string {
    let name = this.names.get(offset);
    if (name === undefined) {
      const reader = new ByteReader(this.bytes, offset);
      reader.skip(6, 'a name');
      const count = reader.u16('a name\'s length');
      name = reader.utf16(count, 'a name');
      // Names are written into the XML as they are: one that is not an XML name could forge
      // markup (a name of `Data Name='TargetUserName'`, say), so it is damage.
      if (!XML_NAME.test(name)) throw new EvtxDamage(`a name that is not an XML name (${JSON.stringify(name.slice(0, 40))})`);
      this.names.set(offset, name);
    }
    return name;
  }

  /**
   * A name read by its chunk offset at `r`: stored right there the first time it is used, so
   * skipped then. (The parser and templateMatch.ts read names alike.)
   */
  readName(r: ByteReader): string {
    const offset = r.u32('a name offset');
    const name = this.name(offset);
    if (offset === r.at) r.skip(10 + 2 * name.length, 'a name');
    return name;
  }

  /** The template defined at `offset` (next offset, GUID, size, then its fragment), read once. */
  template(offset: number, depth: number): Template {
    const known = this.templates.get(offset);
    if (known === 'reading') throw new EvtxDamage(`the template at chunk offset ${offset} contains itself`);
    if (known instanceof EvtxDamage) throw known;
    if (known !== undefined) return known;
    this.templates.set(offset, 'reading');
    try {
      const header = new ByteReader(this.bytes, offset);
      header.skip(20, 'a template header');
      const size = header.u32('a template size');
      header.need(size, `the template at chunk offset ${offset}`);
      // Its GUID and size name it across chunks (sharedTemplates.ts checks the rest).
      const identity = String.fromCharCode.apply(null, Array.from(this.bytes.subarray(offset + 4, offset + 24)));
      // One read in an earlier chunk, whose tree this definition reads as, is that one.
      const known = depth + 1 <= MAX_DEPTH ? knownTemplate(identity) : undefined;
      if (known !== undefined && readsAs(this, header.at, header.at + size, known.nodes)) {
        this.templates.set(offset, known);
        return known;
      }
      const parser = new Parser(this, new ByteReader(this.bytes, header.at, header.at + size), true, depth + 1);
      const template = sharedTemplate(identity, parser.content('end of stream'));
      this.templates.set(offset, template);
      return template;
    } catch (error) {
      const damage = error instanceof EvtxDamage ? error : new EvtxDamage(String(error));
      this.templates.set(offset, damage);
      throw damage;
    }
  }
}

/** An XML 1.0 Name (its NameStartChar, then NameChars). */
const XML_NAME = /^[A-Za-z_:\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][-.0-9A-Za-z_:\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]*$/;

/** Deeper nesting than this (BinXml values holding templates holding BinXml values…) is damage. */
export const MAX_DEPTH = 24;

class Parser {
  constructor(
    private readonly chunk: BinXmlChunk,
    private readonly reader: ByteReader,
    /** Element starts in template definitions carry a dependency identifier; elsewhere not. */
    private readonly dependencyIds: boolean,
    private readonly depth: number,
  ) {
    if (depth > MAX_DEPTH) throw new EvtxDamage(`binary XML nested more than ${MAX_DEPTH} deep`);
  }

  /** Content up to an end-element token, or to the end of the stream. */
  content(until: 'end element' | 'end of stream'): Node[] {
    const r = this.reader;
    const nodes: Node[] = [];
    for (;;) {
      if (r.at >= r.end) {
        if (until === 'end of stream') return nodes;
        throw new EvtxDamage('the binary XML ends inside an element');
      }
      const token = r.u8('a token');
      switch (token & 0xbf) {
        case 0x00:
          if (until === 'end of stream') return nodes;
          throw new EvtxDamage('the binary XML ends inside an element');
        case 0x0f:
          r.skip(3, 'a fragment header');
          break;
        case 0x01:
          nodes.push(this.element((token & 0x40) !== 0));
          break;
        case 0x04:
          if (until === 'end element') return nodes;
          throw new EvtxDamage(`an end-element token with no element open (offset ${r.at - 1})`);
        case 0x05: case 0x07: case 0x08: case 0x09: case 0x0d: case 0x0e:
          nodes.push(this.valueNode(token));
          break;
        case 0x0a: {
          const target = this.name();
          if ((r.u8('a PI data token') & 0xbf) !== 0x0b) throw new EvtxDamage('a PI target without its data');
          nodes.push({ kind: 'pi', target, data: r.utf16(r.u16(), 'PI data') });
          break;
        }
        case 0x0c:
          nodes.push({ kind: 'instance', instance: this.instance() });
          break;
        default:
          throw new EvtxDamage(`token 0x${token.toString(16)} is not binary XML (offset ${r.at - 1})`);
      }
    }
  }

  private element(hasAttributes: boolean): Node {
    const r = this.reader;
    if (this.dependencyIds) r.skip(2, 'a dependency identifier');
    r.skip(4, 'an element size');
    const name = this.name();
    const attributes: Attribute[] = [];
    if (hasAttributes) {
      r.skip(4, 'an attribute list size');
      for (let more = true; more;) {
        const token = r.u8('an attribute token');
        if ((token & 0xbf) !== 0x06) throw new EvtxDamage(`token 0x${token.toString(16)} where an attribute was expected`);
        more = (token & 0x40) !== 0;
        const attributeName = this.name();
        const value: Node[] = [];
        // A value can span several tokens: 0x40 on a value, character or entity reference says more follows.
        for (let part = true; part;) {
          const valueToken = r.u8('an attribute value');
          value.push(this.valueNode(valueToken));
          part = (valueToken & 0x40) !== 0 && (valueToken & 0xbf) !== 0x0d && (valueToken & 0xbf) !== 0x0e;
        }
        attributes.push({ name: attributeName, value });
      }
    }
    const close = r.u8('the end of a start tag');
    if (close === 0x03) return { kind: 'element', name, attributes, children: undefined, substitutions: [] };
    if (close !== 0x02) throw new EvtxDamage(`token 0x${close.toString(16)} where a start tag should end (offset ${r.at - 1})`);
    const children = this.content('end element');
    // Its direct substitutions, found once: an array value among them repeats the element.
    const substitutions = children.filter((c): c is Extract<Node, { kind: 'substitution' }> => c.kind === 'substitution');
    return { kind: 'element', name, attributes, children, substitutions };
  }

  private valueNode(token: number): Node {
    const r = this.reader;
    switch (token & 0xbf) {
      case 0x05: {
        const type = r.u8('a value type');
        if (type !== VALUE.string) throw new EvtxDamage(`a value token of type 0x${type.toString(16)}, not a string`);
        return { kind: 'text', text: r.utf16(r.u16('a value length'), 'a value') };
      }
      case 0x07: return { kind: 'cdata', text: r.utf16(r.u16('a CDATA length'), 'a CDATA section') };
      case 0x08: return { kind: 'charRef', code: r.u16('a character reference') };
      case 0x09: return { kind: 'entityRef', name: this.name() };
      case 0x0d: case 0x0e: {
        const index = r.u16('a substitution index');
        r.skip(1, 'a substitution type');
        return { kind: 'substitution', index, optional: (token & 0xbf) === 0x0e };
      }
      default: throw new EvtxDamage(`token 0x${token.toString(16)} where a value was expected (offset ${r.at - 1})`);
    }
  }

  private name(): string {
    return this.chunk.readName(this.reader);
  }

  private instance(): Instance {
    const r = this.reader;
    r.skip(5, 'a template instance');
    const offset = r.u32('a template offset');
    const template = this.chunk.template(offset, this.depth);
    // The definition is stored right here the first time it is used: skip it.
    if (offset === r.at) r.skip(24 + u32At(this.chunk.bytes, offset + 20), 'a template definition');
    const count = r.u32('a number of values');
    r.need(count * 4, 'value descriptors');
    // Sized once: a list grown one at a time is copied as it grows.
    const values = new Array<number>(3 * count);
    let start = r.at + count * 4;
    for (let k = 0; k < count; k++) {
      const size = r.u16();
      const type = r.u8();
      r.skip(1, 'a value descriptor');
      values[3 * k] = start;
      values[3 * k + 1] = size;
      values[3 * k + 2] = type;
      start += size;
    }
    r.skip(start - r.at, 'the values of a template instance');
    return { template, values };
  }
}

/** Reads the binary XML in [start, end) of a chunk: a record's event, or a BinXml value. */
export function parseBinXml(chunk: BinXmlChunk, start: number, end: number, depth = 0): Node[] {
  return new Parser(chunk, new ByteReader(chunk.bytes, start, end), false, depth).content('end of stream');
}
