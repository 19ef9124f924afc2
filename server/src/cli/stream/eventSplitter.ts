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
  private readonly lines = new LineIndex();

  /** Takes the next piece of the document; gives the events and gaps now complete. */
  *push(piece: string): Generator<Part> {
    this.lines.add(piece, this.base + this.text.length);
    this.text = this.scan === 0 ? this.text + piece : this.text.slice(this.scan) + piece;
    this.base += this.scan;
    this.scan = 0;
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
        const start = findEventStart(text, this.scan);
        if (start < 0) {
          // Keep the tail: it may be the beginning of an `<Event` tag.
          const end = final ? text.length : text.length - this.scan > GAP_PART ? text.length - 8 : this.scan;
          if (end > this.scan) yield* this.give('gap', end);
          return;
        }
        if (start > this.scan) yield* this.give('gap', start);
        this.gapContinued = false;
        this.inEvent = true;
      }
      const next = findEventStart(text, this.scan + 6);
      const close = findEventEnd(text, this.scan + 6);
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
