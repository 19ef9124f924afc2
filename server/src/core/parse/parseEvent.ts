import { decodeText } from './decodeText';
import { detachedCopy } from './detachedCopy';
import { EventRecord, Field, NO_PROBLEMS, Problem, SystemFieldName, SystemFields } from './model';
import { SharedFields } from './sharedFields';

/**
 * Parses the text of one `<Event>` element, `text[start, end)`, into an EventRecord.
 *
 * A hand-written scanner: it keeps the exact offsets of every value, never throws, and stops at
 * the first structural error with a Problem placed where the event breaks, keeping every field
 * it read before that point. It knows the event schema's shape (System, EventData, UserData,
 * RenderingInfo) and reads nothing else into memory.
 *
 * Speed matters here (exports run to hundreds of MB), so tag and attribute names are tracked as
 * offsets into the text and compared in place; strings are made only for values.
 */
export function parseEvent(text: string, start: number, end: number, escapes = new EscapeFinder(text), endsText = end >= text.length, shared?: SharedFields): EventRecord {
  return new EventScanner(text, start, end, escapes, endsText, shared).scan();
}

/**
 * Parses the event `text[start, end)` from a copy of its own text: its record then keeps nothing
 * of `text` alive (see detachedCopy). Used for records that outlive the text they were read from.
 */
export function parseDetachedEvent(text: string, start: number, end: number): EventRecord {
  const copy = detachedCopy(text, start, end);
  return parseEvent(copy, 0, copy.length, new EscapeFinder(copy), end >= text.length);
}

/**
 * Finds where values need decoding in one text: at a '&' or a CR. Values without either are the
 * text itself. The next occurrence of each is remembered and found again with indexOf only once
 * passed, so a whole document costs one native scan instead of a JS loop over every character
 * (a bare charCodeAt loop over 50 MB costs ~190 ms here). Share one finder across the events of
 * a document, parsed in order.
 */
export class EscapeFinder {
  private readonly ampersand = { from: Infinity, at: -1 };
  private readonly carriageReturn = { from: Infinity, at: -1 };

  constructor(private readonly text: string) {}

  /** True when `text[start, end)` holds no '&' and no CR. */
  isPlain(start: number, end: number): boolean {
    const ampersand = this.next(this.ampersand, '&', start);
    const carriageReturn = this.next(this.carriageReturn, '\r', start);
    return (ampersand < 0 || ampersand >= end) && (carriageReturn < 0 || carriageReturn >= end);
  }

  /** The first `char` at or after `start`, searching again only when the remembered one is behind. */
  private next(seen: { from: number; at: number }, char: string, start: number): number {
    if (start < seen.from || (seen.at >= 0 && seen.at < start)) {
      seen.from = start;
      seen.at = this.text.indexOf(char, start);
    }
    return seen.at;
  }
}


/** System children whose text content is a value. */
export const SYSTEM_TEXT: readonly SystemFieldName[] = [
  'EventID', 'Version', 'Level', 'Task', 'Opcode', 'Keywords', 'EventRecordID', 'Channel', 'Computer',
];

/** System elements whose attributes are values: [element, attribute, field]. */
export const SYSTEM_ATTRIBUTES: readonly (readonly [string, string, SystemFieldName])[] = [
  ['Provider', 'Name', 'Provider'],
  ['TimeCreated', 'SystemTime', 'TimeCreated'],
  ['Correlation', 'ActivityID', 'ActivityID'],
  ['Execution', 'ProcessID', 'ProcessID'],
  ['Execution', 'ThreadID', 'ThreadID'],
  ['Security', 'UserID', 'UserID'],
];

const enum Section { Event, System, EventData, UserData, Other }

/** Deeper nesting than this is not an event export; stopping here also bounds the work. */
export const MAX_DEPTH = 64;

const NAME_STARTS = new Int32Array(MAX_DEPTH);
const NAME_ENDS = new Int32Array(MAX_DEPTH);
const SECTIONS = new Uint8Array(MAX_DEPTH);
const ATTRIBUTE_SPANS: number[] = [];
// A record's Data fields are gathered here, then copied into a list of their own size: a list
// grown one at a time keeps room for 17, or 43, and an export's records are kept by the thousand.
const DATA_FIELDS: Field[] = [];
/** Data field names met so far, by length, first and last character. */
const FIELD_NAMES = new Map<number, string>();

/** What the element on top of the stack holds, if it is a value. */
const enum CaptureKind { None, System, Data }

class EventScanner {
  private pos: number;
  private depth = 0;
  // The open elements, as parallel arrays indexed by depth: name span and section. Scanning is
  // synchronous, so every scanner can share the same buffers.
  private readonly nameStarts = NAME_STARTS;
  private readonly nameEnds = NAME_ENDS;
  private readonly sections = SECTIONS;
  // The attributes of the tag being read: [nameStart, nameEnd, valueStart, valueEnd] each.
  private attributeCount = 0;
  private readonly attributeSpans = ATTRIBUTE_SPANS;
  // The value being read: the text content of the element opened at captureDepth.
  private captureKind = CaptureKind.None;
  private captureDepth = -1;
  private captureName = '';
  private captureStart = 0;

  private readonly system: SystemFields = {};
  private readonly data = DATA_FIELDS;
  private readonly problems: Problem[] = [];
  private closed = false;
  private failed = false;
  /** Set by nameEnd: where the name it just read starts, past any namespace prefix. */
  private localStart = 0;
  /** Whether the value being read holds a comment or CDATA section. */
  private captureHasMarkup = false;

  constructor(
    private readonly text: string,
    private readonly start: number,
    private readonly end: number,
    private readonly escapes: EscapeFinder,
    /** Whether the event's text runs to the end of the document (what an unclosed event met). */
    private readonly endsText: boolean,
    /** Where a document's parse shares its repeated fields (see sharedFields.ts). */
    private readonly shared: SharedFields | undefined,
  ) {
    this.pos = start;
    DATA_FIELDS.length = 0;
  }

  scan(): EventRecord {
    const { text, end } = this;
    while (!this.closed) {
      const lt = text.indexOf('<', this.pos);
      if (lt < 0 || lt >= end) break;
      this.pos = lt;
      const next = text.charCodeAt(lt + 1);
      const ok =
        next === 0x2f /* / */ ? this.endTag()
        : next === 0x21 /* ! */ ? this.markupDeclaration()
        : next === 0x3f /* ? */ ? this.skipPast('?>', 'processing instruction')
        : this.startTag();
      if (!ok) break;
    }
    if (!this.closed && !this.failed) this.reportUnclosed();
    const data = this.data.slice();
    this.data.length = 0;
    // Records are never changed once read: those with no problem share one list.
    return { length: end - this.start, system: this.system, data, problems: this.problems.length === 0 ? (NO_PROBLEMS as Problem[]) : this.problems };
  }

  // ---- tags ---------------------------------------------------------------------------------

  private startTag(): boolean {
    const tagStart = this.pos;
    const rawStart = tagStart + 1;
    const nameEnd = this.nameEnd(rawStart);
    if (nameEnd === rawStart) {
      return this.fail(tagStart, tagStart + 1, "'<' must begin a tag. Write a literal '<' as &lt;.");
    }
    const nameStart = this.localStart;
    this.pos = nameEnd;
    if (!this.readAttributes(nameStart, nameEnd)) return false;
    const selfClosing = this.text.charCodeAt(this.pos) === 0x2f;
    this.pos += selfClosing ? 2 : 1;

    const depth = this.depth;
    if (depth === 0 && !this.nameIs(nameStart, nameEnd, 'Event')) {
      return this.fail(nameStart, nameEnd, `Expected <Event>, found <${this.text.slice(nameStart, nameEnd)}>.`);
    }
    if (depth >= MAX_DEPTH) return this.fail(nameStart, nameEnd, `Elements are nested more than ${MAX_DEPTH} deep.`);
    // A child element means the element being captured is not a leaf value after all.
    if (this.captureDepth >= 0 && this.captureDepth < depth) this.captureKind = CaptureKind.None;

    const section = depth === 0 ? Section.Event : this.sectionOf(this.sections[depth - 1]!, nameStart, nameEnd);
    if (depth > 0) this.interpret(depth, section, nameStart, nameEnd);

    if (selfClosing) {
      this.finishCapture(depth, this.pos);
    } else {
      this.nameStarts[depth] = nameStart;
      this.nameEnds[depth] = nameEnd;
      this.sections[depth] = section;
      this.depth = depth + 1;
    }
    return true;
  }

  private sectionOf(parent: Section, nameStart: number, nameEnd: number): Section {
    if (parent !== Section.Event) return parent === Section.System ? Section.Other : parent;
    if (this.nameIs(nameStart, nameEnd, 'System')) return Section.System;
    if (this.nameIs(nameStart, nameEnd, 'EventData')) return Section.EventData;
    if (this.nameIs(nameStart, nameEnd, 'UserData')) return Section.UserData;
    return Section.Other; // RenderingInfo, ProcessingErrorData, ...
  }

  /** Decides whether the element just opened at `depth` holds a value, and records attribute values. */
  private interpret(depth: number, section: Section, nameStart: number, nameEnd: number): void {
    const parent = this.sections[depth - 1];
    if (parent === Section.System) {
      if (this.attributeCount > 0) {
        for (const [element, attribute, field] of SYSTEM_ATTRIBUTES) {
          if (!this.nameIs(nameStart, nameEnd, element)) continue;
          const k = this.findAttribute(attribute);
          if (k >= 0) this.setSystem(this.attributeField(field, k));
        }
      }
      for (const name of SYSTEM_TEXT) {
        if (this.nameIs(nameStart, nameEnd, name)) return this.beginCapture(CaptureKind.System, depth, name);
      }
    } else if (section === Section.EventData && depth === 2) {
      if (this.nameIs(nameStart, nameEnd, 'Data')) {
        const k = this.findAttribute('Name');
        this.beginCapture(CaptureKind.Data, depth, k < 0 ? '' : this.fieldName(k));
      } else if (this.nameIs(nameStart, nameEnd, 'Binary')) {
        this.beginCapture(CaptureKind.Data, depth, 'Binary');
      }
    } else if (section === Section.UserData && depth >= 3) {
      this.beginCapture(CaptureKind.Data, depth, this.text.slice(nameStart, nameEnd));
    }
  }

  private endTag(): boolean {
    const { text } = this;
    const tagStart = this.pos;
    const rawStart = tagStart + 2;
    // Fast path: `</Name>` closing the element on top of the stack, with no prefix or spaces.
    const top = this.depth - 1;
    if (top >= 0) {
      const openStart = this.nameStarts[top]!;
      const length = this.nameEnds[top]! - openStart;
      if (text.charCodeAt(rawStart + length) === 0x3e && rawStart + length < this.end && this.sameName(openStart, openStart + length, rawStart, rawStart + length)) {
        this.pos = rawStart + length + 1;
        return this.closeTop(tagStart);
      }
    }
    const nameEnd = this.nameEnd(rawStart);
    const nameStart = this.localStart;
    this.pos = this.skipSpace(nameEnd);
    if (this.pos >= this.end || text.charCodeAt(this.pos) !== 0x3e) {
      return this.fail(tagStart, nameEnd, `Expected '>' to close the end tag </${text.slice(rawStart, nameEnd)}>.`);
    }
    this.pos++;
    if (this.depth === 0) {
      return this.fail(tagStart, this.pos, `Unexpected </${text.slice(nameStart, nameEnd)}>: no element is open here.`);
    }
    const depth = this.depth - 1;
    const openStart = this.nameStarts[depth]!;
    const openEnd = this.nameEnds[depth]!;
    if (!this.sameName(openStart, openEnd, nameStart, nameEnd)) {
      const open = text.slice(openStart, openEnd);
      return this.fail(tagStart, this.pos, `Expected </${open}> to close the <${open}> opened earlier, but found </${text.slice(nameStart, nameEnd)}>.`);
    }
    return this.closeTop(tagStart);
  }

  /** Pops the element on top of the stack, whose end tag starts at `tagStart`. */
  private closeTop(tagStart: number): boolean {
    const depth = this.depth - 1;
    this.depth = depth;
    this.finishCapture(depth, tagStart);
    if (depth === 0) this.closed = true;
    return true;
  }

  /** Reads attributes up to '>' or '/>', leaving pos on that character. */
  private readAttributes(elementStart: number, elementEnd: number): boolean {
    const { text, end, attributeSpans } = this;
    this.attributeCount = 0;
    for (;;) {
      const at = this.skipSpace(this.pos);
      this.pos = at;
      if (at >= end) return this.fail(at - 1, at, `The <${text.slice(elementStart, elementEnd)}> tag is not finished: expected '>'.`);
      const c = text.charCodeAt(at);
      if (c === 0x3e || (c === 0x2f && text.charCodeAt(at + 1) === 0x3e)) return true;
      const nameEnd = this.nameEnd(at);
      const localStart = this.localStart;
      if (nameEnd === at || !isSpace(text.charCodeAt(at - 1))) {
        return this.fail(at, at + 1, `Unexpected '${printable(text, at)}' in the <${text.slice(elementStart, elementEnd)}> tag.`);
      }
      let i = this.skipSpace(nameEnd);
      if (text.charCodeAt(i) !== 0x3d /* = */) {
        const name = text.slice(at, nameEnd);
        return this.fail(at, nameEnd, `Attribute '${name}' needs a value: ${name}="…".`);
      }
      i = this.skipSpace(i + 1);
      const quote = text.charCodeAt(i);
      if (quote !== 0x22 && quote !== 0x27) {
        return this.fail(i, i + 1, `The value of '${text.slice(at, nameEnd)}' must be in quotes.`);
      }
      const close = text.indexOf(quote === 0x22 ? '"' : "'", i + 1);
      const lt = text.indexOf('<', i + 1);
      if (close < 0 || close >= end || (lt >= 0 && lt < close)) {
        return this.fail(i, i + 1, `The value of '${text.slice(at, nameEnd)}' is not closed: expected a matching ${quote === 0x22 ? '"' : "'"}.`);
      }
      const k = this.attributeCount++ * 4;
      attributeSpans[k] = localStart;
      attributeSpans[k + 1] = nameEnd;
      attributeSpans[k + 2] = i + 1;
      attributeSpans[k + 3] = close;
      this.pos = close + 1;
    }
  }

  private findAttribute(name: string): number {
    for (let k = 0; k < this.attributeCount; k++) {
      if (this.nameIs(this.attributeSpans[k * 4]!, this.attributeSpans[k * 4 + 1]!, name)) return k;
    }
    return -1;
  }

  /**
   * A Data field's name. The same few dozen names repeat in every event, so each is made once and
   * shared, which spares a string per field on large exports. Only names written without
   * entities are shared, so the written text always equals the name.
   */
  private fieldName(k: number): string {
    const start = this.attributeSpans[k * 4 + 2]!;
    const end = this.attributeSpans[k * 4 + 3]!;
    const key = ((end - start) << 16) | (this.text.charCodeAt(start) << 8) ^ this.text.charCodeAt(end - 1);
    const known = FIELD_NAMES.get(key);
    if (known !== undefined && this.nameIs(start, end, known)) return known;
    const name = this.decode(start, end);
    // Only names that need no decoding are remembered: a remembered name is not decoded (or checked) again.
    if (this.escapes.isPlain(start, end) && FIELD_NAMES.size < 4096) FIELD_NAMES.set(key, detachedCopy(name)); // outlives this text
    return name;
  }

  private attributeField(name: string, k: number): Field {
    const valueStart = this.attributeSpans[k * 4 + 2]!;
    const valueEnd = this.attributeSpans[k * 4 + 3]!;
    return this.newField(name, valueStart, valueEnd, false);
  }

  /** The field whose value is the text of [from, to), decoded (shared when the document's parse shares fields). */
  private newField(name: string, from: number, to: number, hasMarkup: boolean): Field {
    const { shared } = this;
    const start = from - this.start;
    const end = to - this.start;
    if (shared !== undefined && !hasMarkup && this.escapes.isPlain(from, to)) return shared.fromText(name, this.text, from, to, start);
    const value = this.decode(from, to, hasMarkup);
    return shared === undefined ? { name, value, start, end } : shared.field(name, value, start, end);
  }

  // ---- comments, CDATA, declarations ---------------------------------------------------------

  private markupDeclaration(): boolean {
    const { text } = this;
    if (this.captureKind !== CaptureKind.None) this.captureHasMarkup = true;
    if (text.startsWith('<!--', this.pos)) return this.skipPast('-->', 'comment');
    if (text.startsWith('<![CDATA[', this.pos)) return this.skipPast(']]>', 'CDATA section');
    return this.fail(this.pos, this.pos + 2, 'Declarations (DOCTYPE, ENTITY) are not allowed inside an event, and are never expanded.');
  }

  private skipPast(terminator: string, what: string): boolean {
    const close = this.text.indexOf(terminator, this.pos + 2);
    if (close < 0 || close + terminator.length > this.end) {
      return this.fail(this.pos, this.pos + 2, `This ${what} is not closed: expected '${terminator}'.`);
    }
    this.pos = close + terminator.length;
    return true;
  }

  // ---- values -------------------------------------------------------------------------------

  private beginCapture(kind: CaptureKind, depth: number, name: string): void {
    this.captureKind = kind;
    this.captureDepth = depth;
    this.captureName = name;
    this.captureStart = this.pos;
    this.captureHasMarkup = false;
  }

  /** Ends the value being read if its element (opened at `depth`) just closed at `contentEnd`. */
  private finishCapture(depth: number, contentEnd: number): void {
    if (this.captureKind === CaptureKind.None || this.captureDepth !== depth) return;
    const start = this.captureStart;
    const field = this.newField(this.captureName, start, contentEnd, this.captureHasMarkup);
    if (this.captureKind === CaptureKind.System) this.setSystem(field);
    else this.data.push(field);
    this.captureKind = CaptureKind.None;
    this.captureDepth = -1;
  }

  private decode(start: number, end: number, hasMarkup = false): string {
    if (!hasMarkup && this.escapes.isPlain(start, end)) return this.text.slice(start, end);
    return decodeText(this.text, start, end, this.start, this.problems);
  }

  // ---- errors -------------------------------------------------------------------------------

  private setSystem(field: Field): void {
    keepSystemField(this.system, this.problems, field);
  }

  private fail(start: number, end: number, message: string): false {
    this.failed = true;
    // Keep the span inside the event, and at least one character wide so editors can show it.
    const from = Math.min(start, this.end - 1);
    this.problems.push({
      start: from - this.start,
      end: Math.min(Math.max(end, from + 1), this.end) - this.start,
      code: 'xml-malformed',
      severity: 'error',
      message,
    });
    return false;
  }

  private reportUnclosed(): void {
    if (this.depth === 0) return;
    const names: string[] = [];
    for (let d = this.depth - 1; d >= 0; d--) names.push(`<${this.text.slice(this.nameStarts[d]!, this.nameEnds[d]!)}>`);
    const innermost = this.depth - 1;
    const name = this.text.slice(this.nameStarts[innermost]!, this.nameEnds[innermost]!);
    const before = this.endsText ? 'the end of the file' : 'the next event';
    this.fail(this.nameStarts[innermost]!, this.nameEnds[innermost]!, `${names.join(' in ')} is not closed: expected </${name}> before ${before}.`);
  }

  // ---- names and characters -----------------------------------------------------------------

  /** The end of the name starting at `from`; also sets localStart (past any `prefix:`). */
  private nameEnd(from: number): number {
    const { text, end } = this;
    let i = from;
    this.localStart = from;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c <= 0x20 || c === 0x2f || c === 0x3e || c === 0x3d || c === 0x3c || c === 0x22 || c === 0x27) break;
      if (c === 0x3a /* : */) this.localStart = i + 1;
      i++;
    }
    return i;
  }

  private nameIs(start: number, end: number, name: string): boolean {
    return end - start === name.length && this.text.startsWith(name, start);
  }

  private sameName(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
    if (aEnd - aStart !== bEnd - bStart) return false;
    for (let i = 0; i < aEnd - aStart; i++) {
      if (this.text.charCodeAt(aStart + i) !== this.text.charCodeAt(bStart + i)) return false;
    }
    return true;
  }

  private skipSpace(from: number): number {
    const { text, end } = this;
    let i = from;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    return i;
  }
}

/**
 * Keeps the first value of a System field. A second one is no Windows output: it is reported,
 * so that a forged copy cannot hide behind the one rules read.
 */
export function keepSystemField(system: SystemFields, problems: Problem[], field: Field): void {
  const name = field.name as SystemFieldName;
  const first = system[name];
  if (first === undefined) {
    system[name] = field;
    return;
  }
  problems.push({
    start: field.start,
    end: Math.max(field.end, field.start + 1),
    code: 'duplicate-field',
    severity: 'warning',
    message: `${name} is given twice in this event; Windows writes it once. Logon Lens reads the first value; the event may be forged or damaged.`,
  });
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function printable(text: string, at: number): string {
  const c = text.charCodeAt(at);
  return c < 0x20 || c === 0x7f ? `U+${c.toString(16).toUpperCase().padStart(4, '0')}` : text[at] ?? '';
}
