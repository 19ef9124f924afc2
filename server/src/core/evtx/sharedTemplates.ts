import type { BinXmlNode, Template } from './binxml';

/**
 * Templates shared across chunks. Every chunk defines again the templates its records use, so a
 * log of a thousand chunks would compile the same few templates a thousand times. A template read
 * in a chunk is the one met before under the same GUID and size only when its tree is the same,
 * node for node (a forged log can reuse a GUID): then it shares that one's compiled programs. A
 * template holding an instance of another is never shared (the instance's values are its chunk's).
 */
const shared = new Map<string, Template>();
/** A bound on memory whatever a log holds (a real log uses tens of templates). */
const MAX_SHARED = 512;

/** The template for these nodes, just read: one met before with the same tree, or a new one. */
export function sharedTemplate(identity: string, nodes: BinXmlNode[]): Template {
  if (holdsInstance(nodes)) return { nodes };
  const known = shared.get(identity);
  if (known !== undefined && sameNodes(known.nodes, nodes)) return known;
  const template: Template = { nodes };
  if (known === undefined && shared.size >= MAX_SHARED) shared.delete(shared.keys().next().value!);
  shared.set(identity, template);
  return template;
}

/** The template shared under this identity, if any (templateMatch.ts checks a definition against its tree). */
export function knownTemplate(identity: string): Template | undefined {
  return shared.get(identity);
}

function holdsInstance(nodes: readonly BinXmlNode[]): boolean {
  for (const node of nodes) {
    if (node.kind === 'instance') return true;
    if (node.kind === 'element' && (node.attributes.some(a => holdsInstance(a.value)) || (node.children !== undefined && holdsInstance(node.children)))) return true;
  }
  return false;
}

/** Whether two trees (with no instances) would render alike: every node's kind and fields. */
function sameNodes(a: readonly BinXmlNode[], b: readonly BinXmlNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!sameNode(a[k]!, b[k]!)) return false;
  return true;
}

function sameNode(a: BinXmlNode, b: BinXmlNode): boolean {
  switch (a.kind) {
    case 'element': {
      if (b.kind !== 'element' || a.name !== b.name || a.attributes.length !== b.attributes.length) return false;
      for (let k = 0; k < a.attributes.length; k++) {
        if (a.attributes[k]!.name !== b.attributes[k]!.name || !sameNodes(a.attributes[k]!.value, b.attributes[k]!.value)) return false;
      }
      // The substitutions are the children's (an element's own list, in order): equal with them.
      if (a.children === undefined || b.children === undefined) return a.children === b.children;
      return sameNodes(a.children, b.children);
    }
    case 'text': return b.kind === 'text' && a.text === b.text;
    case 'substitution': return b.kind === 'substitution' && a.index === b.index && a.optional === b.optional;
    case 'charRef': return b.kind === 'charRef' && a.code === b.code;
    case 'entityRef': return b.kind === 'entityRef' && a.name === b.name;
    case 'cdata': return b.kind === 'cdata' && a.text === b.text;
    case 'pi': return b.kind === 'pi' && a.target === b.target && a.data === b.data;
    case 'instance': return false;
  }
}
