import { EventDocument, gapProblemsOf } from './eventDocument';
import { LineIndex } from './lineIndex';
import { LocatedEvent, Problem, shifted } from './model';
import { EscapeFinder, parseEvent } from './parseEvent';
import { SharedFields } from './sharedFields';
import { splitEvents } from './splitEvents';

/** Past this much text waiting for the end of an event, pieces are no longer read one at a time. */
const MAX_CARRY = 1 << 22;

/**
 * Parses a document that arrives as pieces of text (a workspace file, decoded a megabyte at a
 * time), never joining them into one string: making one flat string of a 45 MB export holds the
 * server for 200 ms, while requests wait. Each piece is read with what was left of the one before
 * (an event cut in two, the text after the last whole event); events and the problems between them
 * get their offsets in the whole text, as parseEventDocument gives them. The generator pauses after
 * each `stepChars` characters of events. The document's `text` is joined only if asked for.
 */
export function* parseEventPiecesInSteps(pieces: Iterable<string>, uri: string, stepChars = 1 << 18): Generator<undefined, { doc: EventDocument; lines: LineIndex }, undefined> {
  const lines = new LineIndex(uri);
  const events: LocatedEvent[] = [];
  const gapProblems: Problem[] = [];
  /** The text read so far, as it was parsed: a slice of each window. */
  const segments: string[] = [];
  let carry = '';
  /** Where `carry` (and so the next window) begins in the whole text. */
  let base = 0;
  let budget = stepChars;
  // Most fields repeat: the document's records share them (see sharedFields.ts).
  const shared = new SharedFields();
  const iterator = pieces[Symbol.iterator]();
  let next = iterator.next();
  /** Pieces held back while `carry` is one long unfinished event (see MAX_CARRY). */
  let held: string[] = [];
  for (;;) {
    const piece = next.done === true ? '' : next.value;
    lines.add(piece);
    next = next.done === true ? next : iterator.next();
    const last = next.done === true;
    // A text that never closes its event (damaged, or hostile) would be copied again with every
    // piece: past MAX_CARRY, the rest is read in one window at the end.
    if (!last && carry.length > MAX_CARRY) {
      held.push(piece);
      yield undefined;
      continue;
    }
    const window = held.length > 0 ? carry + held.join('') + piece : carry + piece;
    held = [];
    const spans = splitEvents(window);
    // An event that reaches the window's end may go on in the next piece: it waits for it, with
    // the text before it since the last whole event (a gap, whose comments may be cut too).
    const whole = last ? spans : spans.filter(span => span.end < window.length);
    const keepFrom = last ? window.length : whole.length > 0 ? whole[whole.length - 1]!.end : 0;
    const escapes = new EscapeFinder(window);
    for (const { start, end } of whole) {
      events.push({ offset: base + start, record: parseEvent(window, start, end, escapes, end >= window.length, shared) });
      budget -= end - start;
      if (budget <= 0) {
        budget = stepChars;
        yield undefined;
      }
    }
    if (keepFrom > 0 || last) gapProblems.push(...shifted(gapProblemsOf(window, whole, 0, keepFrom), base));
    segments.push(window.slice(0, keepFrom));
    carry = window.slice(keepFrom);
    base += keepFrom;
    if (last) break;
    yield undefined;
  }
  lines.end();
  let text: string | undefined;
  const doc: EventDocument = {
    get text(): string {
      return (text ??= segments.join(''));
    },
    events,
    gapProblems,
  };
  return { doc, lines };
}
