import { checkGap } from './checkGap';
import { EventRecord, LocatedEvent, Problem, shifted } from './model';
import { ChangedRegion } from './textEdit';
import { EscapeFinder, parseDetachedEvent, parseEvent } from './parseEvent';
import { SharedFields } from './sharedFields';
import { splitEvents } from './splitEvents';
import { finish } from '../steps';

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
  if (previous === undefined) return finish(parseEventDocumentInSteps(text, Infinity));
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
  for (let k = head; k < spans.length - tail; k++) {
    const { start, end } = spans[k]!;
    // A re-parse reads each touched event from its own copy: the record outlives this version, and
    // a value sliced from the whole text would keep the whole text alive (one text per edit).
    events[k] = { offset: start, record: parseDetachedEvent(text, start, end) };
  }

  return { text, events, gapProblems: gapProblemsOf(text, spans) };
}

/**
 * Parses a document a step at a time: the generator pauses after each `stepChars` characters of
 * events, so that a caller reading many files (the workspace index) can let requests run between
 * steps. Its return value is the document, the same as `parseEventDocument(text)`.
 */
export function* parseEventDocumentInSteps(text: string, stepChars = 1 << 19): Generator<ParseProgress, EventDocument, undefined> {
  const spans = splitEvents(text);
  const events: LocatedEvent[] = new Array(spans.length);
  const escapes = new EscapeFinder(text);
  // The records outlive the text once it is edited: they share their fields, copied out of it.
  const shared = new SharedFields();
  let budget = stepChars;
  for (let k = 0; k < spans.length; k++) {
    const { start, end } = spans[k]!;
    events[k] = { offset: start, record: parseEvent(text, start, end, escapes, end >= text.length, shared) };
    budget -= end - start;
    if (budget <= 0) {
      budget = stepChars;
      yield { done: k + 1, total: spans.length };
    }
  }
  return { text, events, gapProblems: gapProblemsOf(text, spans) };
}

/** How far a stepped parse is: events read, of the events in the text. */
export interface ParseProgress {
  done: number;
  total: number;
}

/** The problems of the text between events in [from, to): before the first span, between spans, after the last. */
export function gapProblemsOf(text: string, spans: readonly { start: number; end: number }[], from = 0, to = text.length, into: Problem[] = []): Problem[] {
  let gapStart = from;
  for (const { start, end } of spans) {
    if (start > gapStart) checkGap(text, gapStart, start, into);
    gapStart = end;
  }
  if (gapStart < to) checkGap(text, gapStart, to, into);
  return into;
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

/** What a re-parse by region changed: the events [from, from + removed) became `added`. */
export interface EventsEdit {
  from: number;
  removed: LocatedEvent[];
  added: LocatedEvent[];
  /**
   * True when each removed event is the same LocatedEvent object as its added counterpart, updated
   * in place (its offset, and its record if its text changed): holders of the objects stay valid.
   */
  inPlace: boolean;
  /** The records the region's events had before, in order (for an in-place edit). */
  oldRecords: EventRecord[];
  /** Where the changed region was, in the old text, and how much longer the new text is. */
  start: number;
  oldEnd: number;
  delta: number;
}

/** Whether an in-place edit changed the record of an event with one of these EventIDs, before or after the edit. */
export function editChangesEvents(edit: EventsEdit, eventIds: ReadonlySet<string>): boolean {
  return edit.added.some((event, k) => event.record !== edit.oldRecords[k]
    && [event.record, edit.oldRecords[k]!].some(record => eventIds.has(record.system.EventID?.value.trim() ?? '')));
}

/**
 * A finding of document `at` as it stands after an in-place edit of `uri`: it, and any evidence
 * it cites in `uri`, move by the edit's length when they lie after the edited region. Every kind
 * of finding kept across edits (policy, window, name) is moved this way.
 */
export function movedByEdit(problem: Problem, at: string, uri: string, edit: Pick<EventsEdit, 'oldEnd' | 'delta'>): Problem {
  const { oldEnd, delta } = edit;
  if (delta === 0) return problem;
  const after = (span: { start: number }, spanUri: string): boolean => spanUri === uri && span.start >= oldEnd;
  let moved = after(problem, at) ? { ...problem, start: problem.start + delta, end: problem.end + delta } : problem;
  if (moved.related?.some(r => after(r, r.uri))) {
    moved = { ...moved, related: moved.related.map(r => (after(r, r.uri) ? { ...r, start: r.start + delta, end: r.end + delta } : r)) };
  }
  return moved;
}

/**
 * Re-parses a document after edits, reading only the events around the changed region: the work
 * is proportional to the edit, not to the document (but for moving the offsets of the events
 * after it, a number each). Events are updated in place, so that what holds them (the session
 * index) stays valid. Returns undefined when the region cannot be cut cleanly at event
 * boundaries; the caller then parses the whole text.
 */
export function reparseRegion(previous: EventDocument, text: string, region: ChangedRegion): { doc: EventDocument; edit: EventsEdit } | undefined {
  const old = previous.events;
  const n = old.length;
  if (n === 0) return undefined;
  // Offsets are kept as small integers (`| 0`): an edit's numbers come from the client's positions,
  // which V8 may hand over as heap numbers (it boxes a field of every object of one shape once any
  // has held a fraction), and one stored in an event would box the offset of every event, 16 bytes each.
  const delta = (region.newEnd - region.oldEnd) | 0;
  // One event more on each side than the edit touches: an edit at a boundary can join or split events.
  let lo = firstEndingAtOrAfter(old, region.start);
  lo = Math.max(0, Math.min(n - 1, lo) - 1);
  let hi = lastStartingAtOrBefore(old, region.oldEnd);
  hi = Math.min(n - 1, hi + 1);
  if (hi < lo) hi = lo;
  const startOld = lo === 0 && region.start < old[0]!.offset ? 0 : old[lo]!.offset;
  if (startOld > region.start) return undefined;
  const endOld = hi === n - 1 ? previous.text.length : old[hi]!.offset + old[hi]!.record.length;
  if (endOld < region.oldEnd) return undefined;
  const endNew = endOld + delta;
  if (endNew > text.length || endNew < startOld) return undefined;

  const spans = splitEvents(text.slice(startOld, endNew)).map(s => ({ start: (s.start + startOld) | 0, end: (s.end + startOld) | 0 }));
  // The cut must fall on event boundaries the whole-text split would find too.
  if (startOld > 0 && (spans.length === 0 || spans[0]!.start !== startOld)) return undefined;
  if (hi < n - 1 && (spans.length === 0 || spans[spans.length - 1]!.end !== endNew)) return undefined;

  const removed = old.slice(lo, hi + 1);
  const inPlace = removed.length === spans.length;
  const oldRecords = removed.map(e => e.record);
  const added: LocatedEvent[] = spans.map(({ start, end }, k) => {
    const before = inPlace ? removed[k]! : undefined;
    const same = before !== undefined && before.record.length === end - start
      && previous.text.slice(before.offset, before.offset + before.record.length) === text.slice(start, end);
    const record = same ? before.record : parseDetachedEvent(text, start, end);
    if (before === undefined) return { offset: start, record };
    before.offset = start;
    before.record = record;
    return before;
  });
  for (let k = hi + 1; k < n; k++) old[k]!.offset = (old[k]!.offset + delta) | 0;
  const events = [...old.slice(0, lo), ...added, ...old.slice(hi + 1)];

  // Gaps before and after the region are unchanged (moved); the region's own are checked again.
  const gapProblems = gapProblemsOf(text, spans, startOld, hi === n - 1 ? text.length : endNew, previous.gapProblems.filter(p => p.start < startOld));
  for (const p of previous.gapProblems) if (p.start >= endOld) gapProblems.push({ ...p, start: p.start + delta, end: p.end + delta });

  return {
    doc: { text, events, gapProblems },
    edit: { from: lo, removed, added, inPlace, oldRecords, start: startOld, oldEnd: endOld, delta },
  };
}

function firstEndingAtOrAfter(events: readonly LocatedEvent[], offset: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.offset + events[mid]!.record.length >= offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function lastStartingAtOrBefore(events: readonly LocatedEvent[], offset: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.offset <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
