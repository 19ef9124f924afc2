import { LocatedEvent } from '../parse/model';
import { Occurrence, SessionIndex } from './model';

/** The Logon ID value at `offset` of the document `uri` (both ends of the value included). */
export function occurrenceAt(index: SessionIndex, uri: string, offset: number): Occurrence | undefined {
  const occurrences = index.occurrencesByUri.get(uri);
  if (occurrences === undefined) return undefined;
  let lo = 0;
  let hi = occurrences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const occurrence = occurrences[mid]!;
    const start = occurrence.ref.event.offset + occurrence.field.start;
    const end = occurrence.ref.event.offset + occurrence.field.end;
    if (offset < start) hi = mid - 1;
    else if (offset > end) lo = mid + 1;
    else return occurrence;
  }
  return undefined;
}

/** Absolute offsets of an occurrence's value in its document. */
export function occurrenceSpan(occurrence: Occurrence): { start: number; end: number } {
  const base = occurrence.ref.event.offset;
  return { start: base + occurrence.field.start, end: base + occurrence.field.end };
}

/** The occurrences of one event of a document: they are in document order, found by its offset. */
export function occurrencesOfEvent(occurrences: readonly Occurrence[], event: LocatedEvent): Occurrence[] {
  let lo = 0;
  let hi = occurrences.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (occurrences[mid]!.ref.event.offset < event.offset) lo = mid + 1;
    else hi = mid;
  }
  const own: Occurrence[] = [];
  for (let k = lo; k < occurrences.length && occurrences[k]!.ref.event === event; k++) own.push(occurrences[k]!);
  return own;
}
