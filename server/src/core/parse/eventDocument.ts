import { checkGap } from './checkGap';
import { detachedCopy } from './detachedCopy';
import { LocatedEvent, Problem, shifted } from './model';
import { EscapeFinder, parseEvent } from './parseEvent';
import { splitEvents } from './splitEvents';

/** A whole document: its events in document order, and the problems found between them. */
export interface EventDocument {
  /** The text these events were read from; the next parse compares against it. */
  text: string;
  events: LocatedEvent[];
  /** Problems outside any event, with absolute offsets. Problems inside events live on their records. */
  gapProblems: Problem[];
}

/**
 * Parses a document. Given the previous parse of the same document, every event whose text is
 * unchanged keeps its record: an edit re-parses only the events it touched. Unchanged events are
 * found from both ends (an edit is one region, or a few close together), by comparing texts.
 */
export function parseEventDocument(text: string, previous?: EventDocument): EventDocument {
  const spans = splitEvents(text);
  const events: LocatedEvent[] = new Array(spans.length);
  const old = previous?.events ?? [];
  const oldText = previous?.text ?? '';
  const sameText = (k: number, o: number): boolean => {
    const { start, end } = spans[k]!;
    const { offset, record } = old[o]!;
    return record.length === end - start && oldText.slice(offset, offset + record.length) === text.slice(start, end);
  };

  let head = 0;
  while (head < spans.length && head < old.length && sameText(head, head)) {
    events[head] = { offset: spans[head]!.start, record: old[head]!.record };
    head++;
  }
  let tail = 0;
  while (tail < spans.length - head && tail < old.length - head && sameText(spans.length - 1 - tail, old.length - 1 - tail)) {
    const k = spans.length - 1 - tail;
    events[k] = { offset: spans[k]!.start, record: old[old.length - 1 - tail]!.record };
    tail++;
  }
  const escapes = new EscapeFinder(text);
  for (let k = head; k < spans.length - tail; k++) {
    const { start, end } = spans[k]!;
    // A re-parse reads each touched event from its own copy: the record outlives this version, and
    // a value sliced from the whole text would keep the whole text alive (one text per edit).
    events[k] = { offset: start, record: previous === undefined ? parseEvent(text, start, end, escapes) : parseEvent(detachedCopy(text, start, end), 0, end - start) };
  }

  const gapProblems: Problem[] = [];
  let gapStart = 0;
  for (const { start, end } of spans) {
    if (start > gapStart) checkGap(text, gapStart, start, gapProblems);
    gapStart = end;
  }
  if (gapStart < text.length) checkGap(text, gapStart, text.length, gapProblems);
  return { text, events, gapProblems };
}

/** Every problem of the document, with absolute offsets, in document order. */
export function documentProblems(doc: EventDocument): Problem[] {
  const all: Problem[] = [...doc.gapProblems];
  for (const { offset, record } of doc.events) {
    all.push(...shifted(record.problems, offset));
  }
  return all.sort((a, b) => a.start - b.start);
}

/** The event whose text contains `offset` (its end included, for a cursor just past `</Event>`). */
export function eventAt(doc: EventDocument, offset: number): LocatedEvent | undefined {
  let lo = 0;
  let hi = doc.events.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const e = doc.events[mid]!;
    if (offset < e.offset) hi = mid - 1;
    else if (offset > e.offset + e.record.length) lo = mid + 1;
    else return e;
  }
  return undefined;
}
