import { EventRecord, Field, Problem, SystemFieldName, SystemFields } from '../parse/model';
import { keepSystemField, MAX_DEPTH, SYSTEM_ATTRIBUTES, SYSTEM_TEXT } from '../parse/parseEvent';
import { BinXmlChunk, parseBinXml } from './binxml';
import { ElementPlan, NotPlanned, RecordPlan, renderBinXml, Writer } from './render';

/**
 * A record of an .evtx read straight into an EventRecord, without making its text and parsing it
 * again: what `parseEvent` would make of the text `renderBinXml` writes, field for field and
 * offset for offset (the tests hold the two equal on every sample). The plan below says, once per
 * template, which values an event keeps, as parseEvent's scanner decides it from the text.
 *
 * A record the plan does not cover (markup in a value, a root that is not <Event>, prefixed
 * names) is rendered and parsed instead: it is rare, and then always right.
 */
export type ReadRecord = { record: EventRecord; xml?: undefined } | { record?: undefined; xml: string };

export function readEventRecord(chunk: BinXmlChunk, start: number, end: number): ReadRecord {
  const nodes = parseBinXml(chunk, start, end);
  try {
    const reader = new RecordReader(chunk);
    reader.top(nodes);
    return { record: reader.record() };
  } catch (error) {
    if (!(error instanceof NotPlanned)) throw error;
    return { xml: renderBinXml(chunk, nodes) };
  }
}

type Section = 'event' | 'system' | 'eventData' | 'userData' | 'other';

/** Where content is: the depth its elements are at, and the section of the element holding it. */
interface EventPlace {
  depth: number;
  section: Section | undefined;
  /** Its key, made once (see RecordPlan.key). */
  key: string;
}

function place(depth: number, section: Section | undefined): EventPlace {
  return { depth, section, key: `record ${depth} ${section}` };
}

/** How a kept value is kept. */
type Kept =
  | { system: SystemFieldName }
  /** A Data field, named by `name` or, when undefined, by the element's Name attribute. */
  | { data: string | undefined }
  /** The Name attribute of an EventData/Data. */
  | { dataName: true };

const TEXT_FIELDS = new Set<string>(SYSTEM_TEXT);

/** What parseEvent's scanner keeps, decided per element from its name and place. */
const EVENT_PLAN: RecordPlan & { top: EventPlace } = {
  top: place(0, undefined),
  key: at => (at as EventPlace).key,
  element(node, parentPlace): ElementPlan {
    const parent = parentPlace as EventPlace;
    const { depth } = parent;
    const { name } = node;
    if (name.includes(':')) throw new NotPlanned('a prefixed name');
    if (depth >= MAX_DEPTH - 4) throw new NotPlanned('deep nesting');
    const root = depth === 0;
    if (root !== (name === 'Event') || (root && node.children === undefined)) throw new NotPlanned('an unusual root');
    const names = node.attributes.map(a => a.name);
    if (new Set(names).size !== names.length) throw new NotPlanned('an attribute given twice');
    const section: Section = root ? 'event' : sectionOf(parent.section!, name);
    const attributes: (Kept | undefined)[] = [];
    let content: Kept | undefined;
    if (parent.section === 'system') {
      for (const [element, attribute, field] of SYSTEM_ATTRIBUTES) {
        const k = element === name ? names.indexOf(attribute) : -1;
        if (k >= 0) attributes[k] = { system: field };
      }
      if (TEXT_FIELDS.has(name)) content = { system: name as SystemFieldName };
    } else if (section === 'eventData' && depth === 2) {
      if (name === 'Data') {
        content = { data: undefined };
        const k = names.indexOf('Name');
        if (k >= 0) attributes[k] = { dataName: true };
      } else if (name === 'Binary') {
        content = { data: 'Binary' };
      }
    } else if (section === 'userData' && depth >= 3) {
      content = { data: name };
    }
    // A value is an element's text: one holding elements keeps none (its elements may). One holding
    // a template instance cannot be told here.
    if (content !== undefined && node.children?.some(c => c.kind === 'instance')) throw new NotPlanned('a template inside a value');
    if (node.children?.some(c => c.kind === 'element')) content = undefined;
    // A Data's name is kept only for its value: a name left over would name the next Data.
    if (content === undefined) attributes.forEach((kept, k) => kept !== undefined && 'dataName' in kept && delete attributes[k]);
    return { place: place(depth + 1, section), root, content, attributes };
  },
};

function sectionOf(parent: Section, name: string): Section {
  if (parent !== 'event') return parent === 'system' ? 'other' : parent;
  return name === 'System' ? 'system' : name === 'EventData' ? 'eventData' : name === 'UserData' ? 'userData' : 'other';
}

/** Runs a record's program counting characters instead of writing them, and keeps the planned values. */
class RecordReader extends Writer {
  private offset = 0;
  private opened = false;
  private closed = false;
  /** The value being kept (fields, not an object: one per value adds up over a log): how, where, what. */
  private keepingAs: Kept | undefined = undefined;
  private keepingStart = 0;
  private keepingRaw = '';
  private dataName: string | undefined;
  private readonly system: SystemFields = {};
  private readonly data: Field[] = [];
  private readonly problems: Problem[] = [];

  constructor(chunk: BinXmlChunk) {
    super(chunk, { plan: EVENT_PLAN });
  }

  record(): EventRecord {
    if (!this.closed) throw new NotPlanned('no event');
    return { length: this.offset, system: this.system, data: this.data, problems: this.problems };
  }

  protected override write(text: string, raw?: string): void {
    // Text outside the event would be a gap in the text path: left to it.
    if (!this.opened || this.closed) throw new NotPlanned('text outside the event');
    this.offset += text.length;
    if (this.keepingAs !== undefined) this.keepingRaw += raw ?? '';
    this.checkSize(this.offset);
  }

  protected override nested(): void {
    if (this.keepingAs !== undefined) throw new NotPlanned('binary XML inside a value');
  }

  protected override keep(as: unknown): void {
    this.keepingAs = as as Kept;
    this.keepingStart = this.offset;
    this.keepingRaw = '';
  }

  protected override kept(): void {
    const as = this.keepingAs!;
    const start = this.keepingStart;
    const raw = this.keepingRaw;
    this.keepingAs = undefined;
    this.keepingRaw = '';
    // As the XML parser reads it: line ends normalised to LF.
    const value = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
    if ('dataName' in as) {
      this.dataName = value;
      return;
    }
    if ('system' in as) {
      keepSystemField(this.system, this.problems, { name: as.system, value, start, end: this.offset });
      return;
    }
    this.data.push({ name: as.data ?? this.dataName ?? '', value, start, end: this.offset });
    this.dataName = undefined;
  }

  protected override root(open: boolean): void {
    if (open && (this.opened || this.offset !== 0)) throw new NotPlanned('text before the event');
    if (open) this.opened = true;
    else this.closed = true;
  }
}

