import { Position } from 'vscode-languageserver-types';
import { checkGap } from '../../core/parse/checkGap';
import { LocatedEvent, Problem, shifted } from '../../core/parse/model';
import { EscapeFinder, parseEvent } from '../../core/parse/parseEvent';
import { isEventXml, SNIFF_WINDOW } from '../../core/parse/sniff';
import { EventSplitter, Part } from './eventSplitter';

/** What reading an export tells, as it goes. Positions are valid only during the call. */
export interface ExportVisitor {
  /**
   * An event, parsed; its record's spans are relative to `event.offset`. A first pass returns
   * true when it settled the event: nothing learnt from the rest of the data can change what a
   * second pass would make of it, so that pass may skip it (see `skipped`).
   */
  event(event: LocatedEvent, positionAt: (offset: number) => Position): boolean | void;
  /** An event a first pass settled, not read again (an .evtx's record: see readEvents). */
  skipped?(): void;
  /** Problems in the text between events (absolute offsets). */
  gap?(problems: readonly Problem[], positionAt: (offset: number) => Position): void;
}

/**
 * Reads an export event by event from its text, piece by piece (see `readExport`), holding only
 * the event being read: the same events, records and problems as parsing the whole text at once.
 * Returns false, having read no events, when the text is not Windows event XML (no event
 * namespace near its start), unless told not to look (for text known to be events).
 */
export async function streamExport(pieces: AsyncIterable<string>, visitor: ExportVisitor, { sniff = true } = {}): Promise<boolean> {
  const splitter = new EventSplitter();
  const positionAt = (offset: number): Position => splitter.positionAt(offset);
  let escapes: { text: string; finder: EscapeFinder } | undefined;
  let gapReported = false;

  const handle = (part: Part): void => {
    const { text } = splitter;
    if (part.kind === 'event') {
      if (escapes?.text !== text) escapes = { text, finder: new EscapeFinder(text) };
      visitor.event({ offset: part.offset, record: parseEvent(text, part.start, part.end, escapes.finder) }, positionAt);
      return;
    }
    // Junk is reported once per gap, however many parts a long gap comes in.
    if (!part.continued) gapReported = false;
    if (gapReported || visitor.gap === undefined) return;
    const found: Problem[] = [];
    checkGap(text, part.start, part.end, found);
    if (found.length === 0) return;
    gapReported = true;
    visitor.gap(shifted(found, part.offset - part.start), positionAt);
  };

  // Hold the beginning until the namespace can be looked for.
  let head = '';
  let sniffed = false;
  for await (const text of pieces) {
    if (!sniffed) {
      head += text;
      if (head.length < SNIFF_WINDOW) continue;
      if (sniff && !isEventXml(head)) return false;
      sniffed = true;
      for (const part of splitter.push(head)) handle(part);
      head = '';
      continue;
    }
    for (const part of splitter.push(text)) handle(part);
  }
  if (!sniffed) {
    if (sniff && !isEventXml(head)) return false;
    for (const part of splitter.push(head)) handle(part);
  }
  for (const part of splitter.finish()) handle(part);
  return true;
}
