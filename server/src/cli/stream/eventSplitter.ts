import { Position } from 'vscode-languageserver-types';
import { findEventEnd, findEventStart } from '../../core/parse/splitEvents';
import { LineIndex } from './lineIndex';

/**
 * A part of the document in `EventSplitter.text`: an `<Event>` element's text, or the text
 * between events. `start` and `end` index that text; `offset` is where the part starts in the
 * whole document.
 */
export interface Part {
  kind: 'event' | 'gap';
  start: number;
  end: number;
  offset: number;
  /** For a gap: a later part of a gap already given (long gaps are given in GAP_PART parts). */
  continued: boolean;
}

/** An event never closed and never followed by another is cut here, so junk cannot fill memory. */
export const MAX_EVENT_CHARS = 64 * 2 ** 20;
/** Text between events is given in parts of about this size. */
export const GAP_PART = 4 * 2 ** 20;

/**
 * Splits a document that arrives piece by piece into events and the gaps between them, by the
 * same rules as `splitEvents` for a whole text: an event runs from `<Event` to just past its
 * `</Event>`, or, never closed, to the next `<Event`. It holds only the text not yet given out:
 * at most one event (or gap part) and one piece of input.
 */
export class EventSplitter {
  /** The text held: the document from offset `base` on. What is before `scan` was given out. */
  text = '';
  private base = 0;
  private scan = 0;
  private inEvent = false;
  private gapContinued = false;
  /**
   * Where the searches for `<Event` and `</Event>` may resume: no match begins before them. An
   * event or gap that arrives in many small pieces is then searched once, not once per piece.
   */
  private startFrom = 0;
  private closeFrom = 0;
  /** The last split found nothing more to give: until a piece brings a tag, there is nothing to search. */
  private waiting = false;
  /** The end of the text so far, kept apart: a tag may begin in one piece and end in the next. */
  private tail = '';
  private readonly lines = new LineIndex();

  /** Takes the next piece of the document; gives the events and gaps now complete. */
  *push(piece: string): Generator<Part> {
    this.lines.add(piece, this.base + this.text.length);
    // Most pieces of a long value or gap hold no tag at all. Searching the held text again for each
    // would copy it whole each time (V8 flattens the joined text to search it): quadratic in the
    // size of the value. Only the new piece, with the tail before it, is looked at instead.
    const window = this.tail + piece;
    this.tail = window.slice(-16);
    const limit = this.inEvent ? MAX_EVENT_CHARS : GAP_PART;
    const skip = this.waiting && !MAY_HOLD_TAG.test(window) && this.text.length - this.scan + piece.length < limit;
    // What was given out is dropped (once: the held text is rebased only after a part was given).
    this.text = this.scan === 0 ? this.text + piece : this.text.slice(this.scan) + piece;
    this.base += this.scan;
    this.startFrom = Math.max(0, this.startFrom - this.scan);
    this.closeFrom = Math.max(0, this.closeFrom - this.scan);
    this.scan = 0;
    if (skip) return;
    this.waiting = false;
    yield* this.split(false);
  }

  /** The document has ended: gives what is left. */
  *finish(): Generator<Part> {
    yield* this.split(true);
    this.text = '';
  }

  /** Line and character of a document offset inside the part being handled (or after it). */
  positionAt(offset: number): Position {
    return this.lines.positionAt(offset);
  }

  /** How many characters are held: the bound on what splitting keeps in memory. */
  get held(): number {
    return this.text.length;
  }

  private *split(final: boolean): Generator<Part> {
    const { text } = this;
    for (;;) {
      if (!this.inEvent) {
        const start = findEventStart(text, Math.max(this.scan, this.startFrom));
        if (start < 0) {
          this.startFrom = Math.max(this.scan, text.length - 6);
          // Keep the tail: it may be the beginning of an `<Event` tag.
          const end = final ? text.length : text.length - this.scan > GAP_PART ? text.length - 8 : this.scan;
          if (end > this.scan) yield* this.give('gap', end);
          this.waiting = true;
          return;
        }
        if (start > this.scan) yield* this.give('gap', start);
        this.gapContinued = false;
        this.inEvent = true;
      }
      const next = findEventStart(text, Math.max(this.scan + 6, this.startFrom));
      const close = findEventEnd(text, Math.max(this.scan + 6, this.closeFrom));
      if (close >= 0 && (next < 0 || close <= next)) {
        yield* this.give('event', close);
        this.inEvent = false;
      } else if (next >= 0) {
        yield* this.give('event', next); // never closed: it ends where the next begins
      } else if (final || text.length - this.scan >= MAX_EVENT_CHARS) {
        yield* this.give('event', text.length);
        this.inEvent = false;
        if (final) return;
      } else {
        // Neither yet: the next piece may complete a tag begun at the end of this one.
        this.startFrom = Math.max(this.scan + 6, text.length - 6);
        this.closeFrom = Math.max(this.scan + 6, closeResume(text));
        this.waiting = true;
        return;
      }
    }
  }

  private *give(kind: Part['kind'], end: number): Generator<Part> {
    const start = this.scan;
    this.lines.forget(this.base + start);
    const continued = kind === 'gap' && this.gapContinued;
    if (kind === 'gap') this.gapContinued = true;
    yield { kind, start, end, offset: this.base + start, continued };
    this.scan = end;
  }
}

/** A start or end tag of an event, whole or cut off at the end of the text. */
const MAY_HOLD_TAG = /<Event(?:[ \t\r\n>/]|$)|<\/Event[ \t\r\n]*(?:>|$)/;

/**
 * Where a `</Event>` could still end up complete once more text arrives: at a `</Event` followed
 * by nothing but white space to the end, else within the last seven characters.
 */
function closeResume(text: string): number {
  const last = text.lastIndexOf('</Event');
  if (last >= 0 && /^[ \t\r\n]*$/.test(text.slice(last + 7))) return last;
  return text.length - 7;
}
