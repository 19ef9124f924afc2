import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeLens } from 'vscode-languageserver-types';
import { SessionIndex } from '../sessions/model';
import { occurrenceSpan } from '../sessions/occurrenceAt';
import { sessionLine } from './sessionSummary';
import { SHOW_SESSION_EVENTS } from '../contract';

/** A one-line session summary above each 4624 of the document that begins a session. */
export function sessionCodeLenses(index: SessionIndex, uri: string, positions: TextDocument): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const occurrence of index.occurrencesByUri.get(uri) ?? []) {
    const session = occurrence.session;
    if (occurrence.role !== 'logon' || session === undefined || session.logon !== occurrence.ref) continue;
    const eventStart = positions.positionAt(occurrence.ref.event.offset);
    const target = positions.positionAt(occurrenceSpan(occurrence).start);
    lenses.push({
      range: { start: eventStart, end: eventStart },
      command: { title: sessionLine(session), command: SHOW_SESSION_EVENTS, arguments: [uri, target] },
    });
  }
  return lenses;
}
