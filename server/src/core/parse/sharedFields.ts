import { detachedCopy } from './detachedCopy';
import { Field } from './model';

/** Spans past these bounds are not shared (packed into one small-integer key below). */
const MAX_START = 1 << 18;
const MAX_LENGTH = 1 << 12;

/** The fields of one span (relative start and length): the last one met, and all of them by value. */
interface SpanFields {
  last: Field;
  byValue: Map<string, Field>;
}

/**
 * One Field object for each distinct (name, span, value) of a document's parse. A record's spans
 * are relative to its event, and events of one kind are written alike, so most fields repeat
 * exactly: in real Security logs, and in generated ones, about one field in eight is distinct.
 * Sharing them is most of the parsed model's memory. Fields are never changed once made, so a
 * shared one is as good as a fresh one.
 *
 * Every field kept here holds a copy of its strings, not a slice of the text: a slice keeps the
 * whole text alive, and the records read at open outlive the text once the document is edited.
 */
export class SharedFields {
  private readonly bySpan = new Map<number, SpanFields>();
  /** One copy of each name. */
  private readonly names = new Map<string, string>();

  /**
   * The field whose value is `text[from, to)` as written (no entity, no CR), at `start` in its
   * event. The span's last field is compared in place first: a repeat makes no string at all.
   */
  fromText(name: string, text: string, from: number, to: number, start: number): Field {
    const key = spanKey(start, to - from);
    const span = key < 0 ? undefined : this.bySpan.get(key);
    if (span !== undefined) {
      const { last } = span;
      if (last.name === name && last.value.length === to - from && text.startsWith(last.value, from)) return last;
    }
    return this.find(name, text.slice(from, to), start, start + (to - from), key, span);
  }

  /** The field with this (decoded) value at [start, end) in its event. */
  field(name: string, value: string, start: number, end: number): Field {
    const key = spanKey(start, end - start);
    return this.find(name, value, start, end, key, key < 0 ? undefined : this.bySpan.get(key));
  }

  /** The field of this span (`key`, -1 for none: never shared) with this value, made if it is new. */
  private find(name: string, value: string, start: number, end: number, key: number, span: SpanFields | undefined): Field {
    if (key < 0) return { name: this.name(name), value: detachedCopy(value), start, end };
    const known = span?.byValue.get(value);
    if (known !== undefined && known.name === name) {
      span!.last = known;
      return known;
    }
    const field: Field = { name: this.name(name), value: detachedCopy(value), start, end };
    if (span === undefined) this.bySpan.set(key, { last: field, byValue: new Map([[field.value, field]]) });
    else {
      span.byValue.set(field.value, field);
      span.last = field;
    }
    return field;
  }

  private name(name: string): string {
    let kept = this.names.get(name);
    if (kept === undefined) this.names.set((kept = detachedCopy(name)), kept);
    return kept;
  }
}

/** A span's key, or -1 when it is too far into its event or too long to share. */
function spanKey(start: number, length: number): number {
  return start < 0 || start >= MAX_START || length < 0 || length >= MAX_LENGTH ? -1 : start * MAX_LENGTH + length;
}
