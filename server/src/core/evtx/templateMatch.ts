import type { BinXmlChunk, BinXmlNode } from './binxml';
import { ByteReader } from './bytes';
import { VALUE } from './values';

/**
 * Whether a template's definition, the fragment at [start, end) of its chunk, reads as `nodes` (the
 * tree of a template read in an earlier chunk), found without making the tree. Every chunk defines
 * again the templates its records use: reading each tree, then comparing it with the one shared
 * (sharedTemplates.ts), cost a tenth of `logon-lens xml`. This reads exactly what binxml.ts's
 * parser reads in a definition, token by token, and compares as sameNodes does. Any difference,
 * damage included, is false, and the parser reads the definition then.
 */
export function readsAs(chunk: BinXmlChunk, start: number, end: number, nodes: readonly BinXmlNode[]): boolean {
  try {
    return content(chunk, new ByteReader(chunk.bytes, start, end), nodes, true);
  } catch {
    return false;
  }
}

/** Content up to the end of the stream (`top`) or to an end-element token, as Parser.content. */
function content(chunk: BinXmlChunk, r: ByteReader, nodes: readonly BinXmlNode[], top: boolean): boolean {
  let i = 0;
  for (;;) {
    if (r.at >= r.end) return top && i === nodes.length;
    const token = r.u8();
    switch (token & 0xbf) {
      case 0x00:
        return top && i === nodes.length;
      case 0x0f:
        r.skip(3, 'a fragment header');
        break;
      case 0x01: {
        const node = nodes[i++];
        if (node?.kind !== 'element' || !element(chunk, r, node, (token & 0x40) !== 0)) return false;
        break;
      }
      case 0x04:
        return !top && i === nodes.length;
      case 0x05: case 0x07: case 0x08: case 0x09: case 0x0d: case 0x0e: {
        const node = nodes[i++];
        if (node === undefined || !value(chunk, r, token, node)) return false;
        break;
      }
      case 0x0a: {
        const node = nodes[i++];
        if (node?.kind !== 'pi' || chunk.readName(r) !== node.target || (r.u8() & 0xbf) !== 0x0b || r.utf16(r.u16(), 'PI data') !== node.data) return false;
        break;
      }
      default:
        return false; // a template instance (shared templates hold none), or damage
    }
  }
}

function element(chunk: BinXmlChunk, r: ByteReader, node: Extract<BinXmlNode, { kind: 'element' }>, hasAttributes: boolean): boolean {
  r.skip(6, 'a dependency identifier and an element size');
  if (chunk.readName(r) !== node.name) return false;
  let k = 0;
  if (hasAttributes) {
    r.skip(4, 'an attribute list size');
    for (let more = true; more;) {
      const token = r.u8();
      if ((token & 0xbf) !== 0x06) return false;
      more = (token & 0x40) !== 0;
      const attribute = node.attributes[k++];
      if (attribute === undefined || chunk.readName(r) !== attribute.name) return false;
      let j = 0;
      for (let part = true; part;) {
        const valueToken = r.u8();
        const expected = attribute.value[j++];
        if (expected === undefined || !value(chunk, r, valueToken, expected)) return false;
        part = (valueToken & 0x40) !== 0 && (valueToken & 0xbf) !== 0x0d && (valueToken & 0xbf) !== 0x0e;
      }
      if (j !== attribute.value.length) return false;
    }
  }
  if (k !== node.attributes.length) return false;
  const close = r.u8();
  if (close === 0x03) return node.children === undefined;
  return close === 0x02 && node.children !== undefined && content(chunk, r, node.children, false);
}

function value(chunk: BinXmlChunk, r: ByteReader, token: number, node: BinXmlNode): boolean {
  switch (token & 0xbf) {
    case 0x05:
      return r.u8() === VALUE.string && node.kind === 'text' && r.utf16(r.u16(), 'a value') === node.text;
    case 0x07:
      return node.kind === 'cdata' && r.utf16(r.u16(), 'a CDATA section') === node.text;
    case 0x08:
      return node.kind === 'charRef' && r.u16() === node.code;
    case 0x09:
      return node.kind === 'entityRef' && chunk.readName(r) === node.name;
    case 0x0d: case 0x0e: {
      const index = r.u16();
      r.skip(1, 'a substitution type');
      return node.kind === 'substitution' && node.index === index && node.optional === ((token & 0xbf) === 0x0e);
    }
    default:
      return false;
  }
}
