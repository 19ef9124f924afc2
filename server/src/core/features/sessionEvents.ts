import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SessionEventRow, SessionEvents } from '../contract';
import { SessionIndex } from '../sessions/model';
import { occurrenceAt, occurrenceSpan } from '../sessions/occurrenceAt';
import { eventLabel } from './eventLabel';
import { sessionLine } from './sessionSummary';
import { PositionsOf } from './sessionNavigation';

/**
 * The events of the session a Logon ID at `offset` names, in time order, each once, labelled by
 * what it is and when: the rows a code lens or a command lists, instead of raw lines of XML.
 */
export function sessionEvents(index: SessionIndex, uri: string, offset: number, positionsOf: PositionsOf): SessionEvents | null {
  const session = occurrenceAt(index, uri, offset)?.session;
  if (session === undefined) return null;
  const events: SessionEventRow[] = [];
  const seen = new Set<unknown>();
  const ordered = [...session.occurrences].sort((a, b) => a.ref.time - b.ref.time || a.ref.recordId - b.ref.recordId);
  for (const occurrence of ordered) {
    if (seen.has(occurrence.ref)) continue;
    seen.add(occurrence.ref);
    const positions: TextDocument | undefined = positionsOf(occurrence.ref.uri);
    if (positions === undefined) continue;
    const { start, end } = occurrenceSpan(occurrence);
    events.push({ label: eventLabel(occurrence.ref.event.record), uri: occurrence.ref.uri, range: { start: positions.positionAt(start), end: positions.positionAt(end) } });
  }
  return { title: sessionLine(session), events };
}
