import type { TextDocument } from 'vscode-languageserver-textdocument';
import { FoldingRange, FoldingRangeKind } from 'vscode-languageserver-types';
import { EventDocument } from '../parse/eventDocument';

/** The sections of an event that fold on their own. */
const SECTIONS = ['System', 'EventData', 'UserData', 'RenderingInfo'];

/**
 * Folding from the events themselves, not from indentation: each event that spans lines, and its
 * System, EventData, UserData and RenderingInfo sections. Exports written without indentation fold
 * as pretty ones do; an event written on one line has nothing to fold.
 */
export function foldingRanges(text: TextDocument, doc: EventDocument): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const source = doc.text;
  for (const { offset, record } of doc.events) {
    const end = offset + record.length;
    const first = text.positionAt(offset).line;
    const last = text.positionAt(Math.max(offset, end - 1)).line;
    if (last <= first) continue;
    ranges.push({ startLine: first, endLine: last, kind: FoldingRangeKind.Region });
    // Searched within the event only: a search past it would read on through the document.
    const own = source.slice(offset, end);
    for (const section of SECTIONS) {
      const open = own.indexOf(`<${section}`);
      if (open < 0) continue;
      const close = own.indexOf(`</${section}>`, open);
      if (close < 0) continue;
      const from = text.positionAt(offset + open).line;
      const to = text.positionAt(offset + close).line;
      if (to > from) ranges.push({ startLine: from, endLine: to });
    }
  }
  return ranges;
}
