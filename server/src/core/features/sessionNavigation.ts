import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentHighlight, DocumentHighlightKind, Location } from 'vscode-languageserver-types';
import { Occurrence, Session, SessionIndex } from '../sessions/model';
import { occurrenceAt, occurrenceSpan } from '../sessions/occurrenceAt';
import type { Positions } from '../parse/lineIndex';

/** Positions for any indexed document, open or not. */
export type PositionsOf = (uri: string) => Positions | undefined;

/** Where a Logon ID value is, as an LSP location. */
export function locationOf(occurrence: Occurrence, positionsOf: PositionsOf): Location | undefined {
  const positions = positionsOf(occurrence.ref.uri);
  if (positions === undefined) return undefined;
  const { start, end } = occurrenceSpan(occurrence);
  return { uri: occurrence.ref.uri, range: { start: positions.positionAt(start), end: positions.positionAt(end) } };
}

/** Where the 4624 that began a session is: its TargetLogonId value. Every feature that opens a session's logon goes there. */
export function logonLocation(session: Session, positionsOf: PositionsOf): Location | undefined {
  const logon = session.occurrences.find(o => o.role === 'logon' && o.ref === session.logon);
  return logon && locationOf(logon, positionsOf);
}

/** From any Logon ID to the TargetLogonId of the 4624 that began its session (for TargetLinkedLogonId: the linked 4624). */
export function findDefinition(index: SessionIndex, uri: string, offset: number, positionsOf: PositionsOf): Location | null {
  const session = occurrenceAt(index, uri, offset)?.session;
  return (session && logonLocation(session, positionsOf)) ?? null;
}

/** Every Logon ID value that names the same session, across documents, in time order. */
export function findReferences(index: SessionIndex, uri: string, offset: number, includeDeclaration: boolean, positionsOf: PositionsOf): Location[] {
  const session = occurrenceAt(index, uri, offset)?.session;
  if (session === undefined) return [];
  const locations: Location[] = [];
  const ordered = [...session.occurrences].sort((a, b) => a.ref.time - b.ref.time || a.ref.recordId - b.ref.recordId);
  for (const occurrence of ordered) {
    if (!includeDeclaration && occurrence.role === 'logon' && occurrence.ref === session.logon) continue;
    const location = locationOf(occurrence, positionsOf);
    if (location !== undefined) locations.push(location);
  }
  return locations;
}

/** The session's Logon ID values in this document: the one that begins it as a write. */
export function findHighlights(index: SessionIndex, uri: string, offset: number, positions: TextDocument): DocumentHighlight[] {
  const session = occurrenceAt(index, uri, offset)?.session;
  if (session === undefined) return [];
  return session.occurrences
    .filter(o => o.ref.uri === uri)
    .map(o => {
      const { start, end } = occurrenceSpan(o);
      return {
        range: { start: positions.positionAt(start), end: positions.positionAt(end) },
        kind: o.role === 'logon' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
      };
    });
}
