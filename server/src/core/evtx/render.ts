import { BinXmlChunk, BinXmlNode, isArrayValue, MAX_DEPTH, parseBinXml, RepeatedItems, Template, TemplateValue, TemplateValues } from './binxml';
import { EvtxDamage } from './bytes';
import { renderItems, renderValue, VALUE } from './values';

/**
 * Renders binary XML as event XML text. A template is compiled once per chunk into a flat program:
 * runs of fixed markup merged into single strings, and slots for its substitution values. A record
 * then costs its values, not a walk of its template's elements (a log uses a few templates for
 * thousands of records). The output is what a walk of the tree would write, to the character.
 *
 * With a RecordPlan, the program also marks the values an event record keeps (eventRecord.ts),
 * so that a record can be read without its text being made and parsed again.
 */

/** How to lay the XML out: one line per event (wevtutil), or indented (for reading in an editor). */
export interface RenderOptions {
  indent?: string;
}

/** A record rendering to more characters than this is damage (a template can repeat a value). */
export const MAX_RENDERED = 8 * 2 ** 20;

export const enum Op {
  /** Fixed markup, and how many elements it begins (with `raw`, the text it shows, inside a kept value). */
  Text,
  /** A substitution value, escaped for content or for an attribute. */
  Value,
  /** An attribute made only of optional substitutions: left out, with its `skip` ops, when none has a value. */
  OptionalAttribute,
  /** An element whose content holds substitutions: repeated, over its `length` ops, once per item of an array value. */
  Repeat,
  /** A template instance: its template's program, run with its values. */
  Instance,
  /** Indented, at the top: a line break before an element unless it is the first thing written. */
  TopBreak,
  /** Indented: remembers how many elements have been written, for the matching EndBreak. */
  Mark,
  /** Indented: a line break before an end tag, when elements were written since the matching Mark. */
  EndBreak,
  /** A kept value (an element's content or an attribute's value) begins. */
  Keep,
  /** The kept value ends. */
  Kept,
  /** Keep, Text and Kept in one op: a kept value that is fixed text (a Data's Name, say), or empty. */
  KeepText,
  /** Keep, Value and Kept in one op: a kept value that is one substitution, as nearly every one is. */
  KeepValue,
  /** The event's own element begins (`open`) or ends. */
  Root,
}

/** Where an element is in an event, as a RecordPlan sees it (opaque to the compiler). */
export type Place = unknown;

/** What the reader of records keeps of an element: decided from its name and place, once per template. */
export interface ElementPlan {
  /** Its place, which its content is compiled with. */
  place: Place;
  /** Whether it is the event's own element. */
  root: boolean;
  /** What its content is kept as, if it is kept. */
  content?: unknown;
  /** What each attribute (by index) is kept as, if it is kept. */
  attributes?: readonly unknown[];
}

export interface RecordPlan {
  /** Throws NotPlanned when the element is one the plan cannot read without its text. */
  element(node: Extract<BinXmlNode, { kind: 'element' }>, parent: Place): ElementPlan;
  /** The place of a record's top. */
  readonly top: Place;
  /** A key for a place (not 'flat' nor a level): a template is compiled once per place it is used at. */
  key(place: Place): string;
}

/** A record the plan cannot read without its text (it is rendered and parsed instead). */
export class NotPlanned extends Error {}

/**
 * One op of a program, with every field any op has: one shape for all, so that running a program
 * reads its ops through one inline cache (a union of shapes made the run loop megamorphic).
 */
export class Step {
  text = '';
  /** Text: elements it begins; raw: what it shows, inside a kept value. */
  elements = 0;
  raw: string | undefined = undefined;
  /** Value: which, where, and for binary XML in it, the level and place to compile it at. */
  index = 0;
  attribute = false;
  level = 0;
  place: Place = undefined;
  /** OptionalAttribute: the values it is made of, and the ops to skip; Repeat: the values, and its length. */
  indices: number[] = [];
  count = 0;
  /** Instance: the template and values, and its place's key. */
  template: Template | undefined = undefined;
  values: TemplateValues = [];
  key = '';
  /** Keep: how the value is kept; Root: whether it opens. */
  as: unknown = undefined;
  open = false;
  /** Text: its markup as UTF-8, once written as bytes (renderUtf8.ts). */
  encoded: Uint8Array | undefined = undefined;

  constructor(readonly op: Op) {}
}

function step(op: Op, fields: Partial<Omit<Step, 'op'>> = {}): Step {
  return Object.assign(new Step(op), fields);
}

/** How a program is compiled: its layout, or the plan of a record reader. */
export interface Layout {
  indent?: string;
  plan?: RecordPlan;
}

/** Renders parsed binary XML as event XML text. */
export function renderBinXml(chunk: BinXmlChunk, nodes: readonly BinXmlNode[], options: RenderOptions = {}): string {
  const writer = new Writer(chunk, { indent: options.indent });
  writer.top(nodes);
  return writer.text;
}

/** Compiles content at `level` (-1: the top, where elements are one per line), at `place` for a plan. */
export function compile(nodes: readonly BinXmlNode[], level: number, layout: Layout, place: Place): Step[] {
  const { indent, plan } = layout;
  const steps: Step[] = [];
  // Markup is merged into the Text op before it, unless that op ends a range others skip or
  // repeat, or is part of a kept value.
  let sealed = false;
  let keeping = false;
  const text = (value: string, elements = 0, raw?: string): void => {
    const last = steps[steps.length - 1];
    if (keeping) {
      steps.push(step(Op.Text, { text: value, elements, raw: raw ?? '' }));
      sealed = true;
      return;
    }
    if (last?.op === Op.Text && !sealed) {
      last.text += value;
      last.elements += elements;
    } else {
      steps.push(step(Op.Text, { text: value, elements }));
    }
    sealed = false;
  };
  const push = (step: Step): void => {
    steps.push(step);
    sealed = false;
  };
  /** Ends a kept value. A Keep, its one op and the Kept become one op (see Op.KeepText, Op.KeepValue). */
  const endKeep = (): void => {
    keeping = false;
    const keep = steps[steps.length - 2];
    const only = steps[steps.length - 1]!;
    if (only.op === Op.Keep) {
      steps.pop();
      push(step(Op.KeepText, { as: only.as, raw: '' }));
    } else if (keep?.op === Op.Keep && only.op === Op.Text) {
      steps.length -= 2;
      push(step(Op.KeepText, { as: keep.as, text: only.text, elements: only.elements, raw: only.raw }));
    } else if (keep?.op === Op.Keep && only.op === Op.Value) {
      steps.length -= 2;
      push(step(Op.KeepValue, { as: keep.as, index: only.index, attribute: only.attribute, level: only.level, place: only.place }));
    } else {
      push(step(Op.Kept));
    }
  };
  /** A kept value must be plain: what references and sections decode to is left to the XML parser. */
  const plain = (kind: BinXmlNode['kind']): void => {
    if (keeping && kind !== 'text' && kind !== 'substitution') throw new NotPlanned(`a ${kind} in a value`);
  };
  const content = (nodes: readonly BinXmlNode[], level: number, place: Place): void => {
    for (const node of nodes) {
      plain(node.kind);
      switch (node.kind) {
        case 'element': element(node, level, place); break;
        case 'text': text(escapeText(node.text), 0, node.text); break;
        case 'charRef': text(`&#${node.code};`); break;
        case 'entityRef': text(`&${node.name};`); break;
        // A `]]>` or `?>` inside would end the section early: the section is split, the PI refused.
        case 'cdata': text(`<![CDATA[${node.text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`); break;
        case 'pi':
          if (node.data.includes('?>')) throw new EvtxDamage('a processing instruction whose data holds "?>"');
          text(`<?${node.target} ${node.data}?>`);
          break;
        case 'instance': push(step(Op.Instance, { template: node.instance.template, values: node.instance.values, level, place, key: programKey(layout, level, place) })); break;
        case 'substitution': push(step(Op.Value, { index: node.index, attribute: false, level, place })); break;
      }
    }
  };
  const element = (node: Extract<BinXmlNode, { kind: 'element' }>, level: number, parent: Place): void => {
    const planned = plan?.element(node, parent);
    // An element whose content is an array value is repeated, once per item, as Windows renders
    // it (a <Data> of a string array is several <Data>).
    const repeat = node.substitutions.length === 0 ? undefined : step(Op.Repeat, { indices: node.substitutions.map(s => s.index) });
    if (repeat !== undefined) push(repeat);
    const from = steps.length;
    const own = level + 1;
    if (indent !== undefined) {
      if (own > 0) text(`\n${indent.repeat(own)}`);
      else push(step(Op.TopBreak, { text: '\n' }));
    }
    if (planned?.root) push(step(Op.Root, { open: true }));
    text(`<${node.name}`, 1);
    node.attributes.forEach((attribute, k) => {
      // An attribute made only of optional substitutions with no value is left out, as Windows does.
      const optional = attribute.value.every(v => v.kind === 'substitution' && v.optional)
        ? step(Op.OptionalAttribute, { indices: attribute.value.map(v => (v.kind === 'substitution' ? v.index : -1)) })
        : undefined;
      if (optional !== undefined) push(optional);
      const start = steps.length;
      text(` ${attribute.name}='`);
      const kept = planned?.attributes?.[k];
      if (kept !== undefined) {
        push(step(Op.Keep, { as: kept }));
        keeping = true;
      }
      for (const part of attribute.value) {
        plain(part.kind);
        if (part.kind === 'text') text(escapeAttribute(part.text), 0, part.text);
        else if (part.kind === 'charRef') text(`&#${part.code};`);
        else if (part.kind === 'entityRef') text(`&${part.name};`);
        else if (part.kind === 'substitution') push(step(Op.Value, { index: part.index, attribute: true, level, place: parent }));
      }
      if (kept !== undefined) endKeep();
      text("'");
      if (optional !== undefined) {
        optional.count = steps.length - start;
        sealed = true;
      }
    });
    const kept = planned?.content;
    if (node.children === undefined) {
      text('/>');
      if (kept !== undefined) push(step(Op.KeepText, { as: kept, raw: '' }));
    } else {
      text('>');
      // Indented, the end tag goes on its own line when the content wrote an element: known here
      // for elements in the template, known only when run for values and instances.
      const elements = node.children.some(c => c.kind === 'element');
      const dynamic = !elements && indent !== undefined && node.children.some(c => c.kind === 'substitution' || c.kind === 'instance');
      if (dynamic) push(step(Op.Mark));
      if (kept !== undefined) {
        push(step(Op.Keep, { as: kept }));
        keeping = true;
      }
      content(node.children, own, planned?.place);
      if (kept !== undefined) endKeep();
      if (indent !== undefined && elements) text(`\n${indent.repeat(own)}`);
      if (dynamic) push(step(Op.EndBreak, { text: `\n${indent!.repeat(own)}` }));
      text(`</${node.name}>`);
    }
    if (planned?.root) push(step(Op.Root, { open: false }));
    if (repeat !== undefined) {
      repeat.count = steps.length - from;
      sealed = true;
    }
  };
  content(nodes, level, place);
  return steps;
}

/**
 * Runs programs, writing the text of one record. A reader of records (eventRecord.ts) extends it
 * to keep values instead of text.
 */
export class Writer {
  /** Built by concatenation: V8 joins the pieces once, when the text is first read. */
  text = '';
  private written = false;
  /** Elements written so far (for indented end tags). */
  private elements = 0;
  private readonly marks: number[] = [];

  constructor(protected readonly chunk: BinXmlChunk, private readonly layout: Layout) {}

  /**
   * Writes a record's nodes at the top (a plan's top place, for a reader of records). Nearly every
   * record is one template instance: its program is run as it is, with no program made for the
   * record itself.
   */
  top(nodes: readonly BinXmlNode[]): void {
    this.runNodes(nodes, -1, this.layout.plan?.top, 0);
  }

  /**
   * Writes nodes at `level` and `place`, `depth` deep: the record's, or a value's binary XML. Nearly
   * always one template instance (a record, or a Security event's EventData): its program is run as
   * compiling the nodes would run it (one deeper), with no program made for the nodes themselves.
   */
  private runNodes(nodes: readonly BinXmlNode[], level: number, place: Place, depth: number): void {
    const only = nodes.length === 1 ? nodes[0]! : undefined;
    if (only?.kind === 'instance') {
      const { template, values } = only.instance;
      this.run(this.programOf(template, programKey(this.layout, level, place), level, place, values), values, depth + 1);
    } else {
      this.run(compile(nodes, level, this.layout, place), [], depth);
    }
  }

  run(steps: readonly Step[], values: TemplateValues, depth: number, from = 0, to = steps.length, items: RepeatedItems = undefined): void {
    for (let k = from; k < to; k++) {
      const step = steps[k]!;
      switch (step.op) {
        case Op.Text:
          this.markup(step);
          this.elements += step.elements;
          break;
        case Op.Value:
          this.substitution(step, values, depth, items);
          break;
        // These two run for most elements of every record: plain loops, no closure made each time.
        case Op.OptionalAttribute:
          if (allNull(step.indices, values, items)) k += step.count;
          break;
        case Op.Repeat: {
          const index = firstArray(step.indices, values, items);
          if (index === undefined) break;
          for (const item of renderItems(this.chunk.bytes, values[3 * index]!, values[3 * index + 1]!, values[3 * index + 2]!)) {
            const repeated = items === undefined ? [] : items.slice();
            repeated[index] = item;
            this.run(steps, values, depth, k, k + 1 + step.count, repeated);
          }
          k += step.count;
          break;
        }
        case Op.Instance:
          this.run(this.programOf(step.template!, step.key, step.level, step.place, step.values), step.values, depth + 1);
          break;
        case Op.TopBreak:
          if (this.written) this.write(step.text);
          break;
        case Op.Mark:
          this.marks.push(this.elements);
          break;
        case Op.EndBreak:
          if (this.marks.pop() !== this.elements) this.write(step.text);
          break;
        case Op.Keep: this.keep(step.as); break;
        case Op.Kept: this.kept(); break;
        case Op.KeepText:
          this.keep(step.as);
          if (step.text !== '') this.markup(step);
          this.kept();
          break;
        case Op.KeepValue:
          this.keep(step.as);
          this.substitution(step, values, depth, items);
          this.kept();
          break;
        case Op.Root: this.root(step.open); break;
      }
    }
  }

  /** One value handed to `value`: filled for each in turn (it is used only during the call). */
  private readonly current: TemplateValue = { start: 0, size: 0, type: 0, item: undefined };

  /** Writes a Value op's substitution: a value, or the binary XML it holds. */
  private substitution(step: Step, values: TemplateValues, depth: number, items: RepeatedItems): void {
    const at = 3 * step.index;
    if (at >= values.length) return; // a template asking for a value its instance does not have
    const start = values[at]!;
    const size = values[at + 1]!;
    const type = values[at + 2]!;
    const item = items?.[step.index];
    if (type === VALUE.binXml && item === undefined) {
      if (step.attribute) return;
      if (depth + 1 > MAX_DEPTH) throw new EvtxDamage(`binary XML nested more than ${MAX_DEPTH} deep`);
      this.nested();
      this.runNodes(parseBinXml(this.chunk, start, start + size, depth + 1), step.level, step.place, depth + 1);
      return;
    }
    const value = this.current;
    value.start = start;
    value.size = size;
    value.type = type;
    value.item = item;
    this.value(value, step.attribute);
  }

  /** Writes a Text op's markup. */
  protected markup(step: Step): void {
    this.write(step.text, step.raw);
  }

  /** Writes a substitution value (not binary XML), escaped for content or an attribute. */
  protected value(value: TemplateValue, attribute: boolean): void {
    const text = value.item ?? renderValue(this.chunk.bytes, value.start, value.size, value.type);
    if (text === null) return;
    // Only strings can hold markup characters: numbers, hex, GUIDs, SIDs and times never do.
    const base = value.type & 0x7f;
    const plain = base !== VALUE.string && base !== VALUE.ansiString;
    this.write(plain ? text : attribute ? escapeAttribute(text) : escapeText(text), text);
  }

  /** Writes markup or an escaped value (`raw`: what it says, unescaped). */
  protected write(text: string, _raw?: string): void {
    this.text += text;
    this.written = true;
    this.checkSize(this.text.length);
  }

  protected checkSize(length: number): void {
    if (length > MAX_RENDERED) throw new EvtxDamage(`the record renders to more than ${MAX_RENDERED} characters`);
  }

  /** Binary XML in a value is about to be written. */
  protected nested(): void {}
  protected keep(_as: unknown): void {}
  protected kept(): void {}
  protected root(_open: boolean): void {}

  /**
   * A template's program for `level` (its indentation depends on it) or place (`key` names which),
   * compiled the first time. For values with no array, which is nearly every record, the program
   * without its Repeat ops: they would only find, once per element, that no value is an array.
   */
  private programOf(template: Template, key: string, level: number, place: Place, values: TemplateValues): Step[] {
    const programs = (template.programs ??= new Map());
    let program = programs.get(key) as Program | NotPlanned | undefined;
    if (program === undefined) {
      // A template a plan cannot read is remembered as such: its other records are not tried again.
      try {
        const steps = compile(template.nodes, level, this.layout, place);
        program = { steps, withoutArrays: steps.filter(step => step.op !== Op.Repeat) };
      } catch (error) {
        if (!(error instanceof NotPlanned)) throw error;
        program = error;
      }
      programs.set(key, program);
    }
    if (program instanceof NotPlanned) throw program;
    return hasArray(values) ? program.steps : program.withoutArrays;
  }
}

/** A template compiled: its program, and the same without Repeat ops, for values with no array. */
interface Program {
  steps: Step[];
  withoutArrays: Step[];
}

function hasArray(values: TemplateValues): boolean {
  for (let k = 2; k < values.length; k += 3) if ((values[k]! & VALUE.array) !== 0) return true;
  return false;
}

/** Which program of a template a use of it runs: one per layout, and per level or place. */
function programKey({ indent, plan }: Layout, level: number, place: Place): string {
  return plan !== undefined ? plan.key(place) : indent === undefined ? 'flat' : `${level}:${indent}`;
}

function allNull(indices: readonly number[], values: TemplateValues, items: RepeatedItems): boolean {
  for (const i of indices) if (!isNull(values, i, items)) return false;
  return true;
}

/** The first of `indices` whose value is an array, if any: the element is repeated for its items. */
function firstArray(indices: readonly number[], values: TemplateValues, items: RepeatedItems): number | undefined {
  for (const i of indices) if (isArrayValue(values, i, items)) return i;
  return undefined;
}

/** A value an optional attribute is left out for: none, null, or binary XML (which has no attribute form). */
function isNull(values: TemplateValues, i: number, items: RepeatedItems): boolean {
  if (3 * i >= values.length) return true;
  const type = values[3 * i + 2]!;
  return items?.[i] === undefined && (type === VALUE.null || type === VALUE.binXml);
}

export function escapeText(text: string): string {
  return /[&<>]/.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : text;
}

export function escapeAttribute(text: string): string {
  return /[&<>'"]/.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;') : text;
}
