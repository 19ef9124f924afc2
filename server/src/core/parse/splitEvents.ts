import { Span } from './model';

/**
 * Finds each `<Event>` element's text with a plain indexOf scan (the fast part of parsing).
 *
 * An event runs from `<Event` to just past its `</Event>`. An event that is never closed (a
 * half-typed one, or a truncated export) ends where the next `<Event` begins, so one broken
 * event never swallows the rest of the file.
 */
export function splitEvents(text: string): Span[] {
  const spans: Span[] = [];
  let start = findEventStart(text, 0);
  // The first close at or after the last search: still the first while it lies ahead, so a text
  // of unclosed events is searched once, not once per event.
  let close = -2;
  while (start >= 0) {
    const next = findEventStart(text, start + 6);
    if (close === -2 || (close >= 0 && close < start + 6)) close = findEventEnd(text, start + 6);
    if (close >= 0 && (next < 0 || close <= next)) {
      spans.push({ start, end: close });
      start = next;
    } else {
      spans.push({ start, end: next >= 0 ? next : text.length });
      start = next;
    }
  }
  return spans;
}

/** The offset of the next `<Event` start tag (not `<Events`, `<EventData`, `<EventID`...). */
export function findEventStart(text: string, from: number): number {
  let i = text.indexOf('<Event', from);
  while (i >= 0) {
    const c = text.charCodeAt(i + 6);
    if (c === 0x20 || c === 0x3e || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2f) return i;
    i = text.indexOf('<Event', i + 6);
  }
  return -1;
}

/** The offset just past the next `</Event>` (spaces allowed before '>'), or -1. */
export function findEventEnd(text: string, from: number): number {
  let i = text.indexOf('</Event', from);
  while (i >= 0) {
    let j = i + 7;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      j++;
    }
    if (text.charCodeAt(j) === 0x3e) return j + 1;
    i = text.indexOf('</Event', i + 7);
  }
  return -1;
}
