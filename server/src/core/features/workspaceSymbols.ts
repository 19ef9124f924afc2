import { SymbolInformation, SymbolKind } from 'vscode-languageserver-types';
import { Session, SessionIndex } from '../sessions/model';
import { formatUtc } from '../parse/systemTime';
import { visibleLabel } from '../text/display';
import { accountOf } from './sessionSummary';
import { logonLocation, PositionsOf } from './sessionNavigation';

/** At most this many answers to one query: the list is for picking, not reading. */
export const MAX_WORKSPACE_SYMBOLS = 500;

interface Named {
  name: string;
  kind: SymbolKind;
  what: string;
  /** The first logon that names it. */
  session: Session;
}

/**
 * Workspace symbols (Ctrl+T): the accounts, computers, account SIDs, Logon IDs and source
 * addresses of every session in view, each leading to its first logon (the earliest 4624 that
 * names it). The query matches anywhere in the name, without case.
 */
export function workspaceSymbols(index: SessionIndex, query: string, positionsOf: PositionsOf): SymbolInformation[] {
  const needle = query.trim().toLowerCase();
  const byName = new Map<string, Named>();
  const note = (name: string | undefined, kind: SymbolKind, what: string, session: Session): void => {
    if (name === undefined || name === '' || name === '-') return;
    const key = `${what}\n${name.toLowerCase()}`;
    const known = byName.get(key);
    if (known === undefined || session.start < known.session.start) byName.set(key, { name, kind, what, session });
  };
  for (const session of index.sessions) {
    note(accountOf(session), SymbolKind.Object, 'account', session);
    note(session.computer, SymbolKind.Module, 'computer', session);
    note(session.account.sid, SymbolKind.Constant, 'SID', session);
    note(`0x${session.logonId.toString(16)}`, SymbolKind.Number, `Logon ID on ${session.computer}`, session);
    note(session.source.ip, SymbolKind.String, 'source address', session);
    note(session.source.workstation, SymbolKind.String, 'source workstation', session);
  }
  const symbols: SymbolInformation[] = [];
  const found = [...byName.values()].filter(n => needle === '' || n.name.toLowerCase().includes(needle));
  found.sort((a, b) => a.name.localeCompare(b.name) || a.what.localeCompare(b.what));
  for (const named of found) {
    if (symbols.length >= MAX_WORKSPACE_SYMBOLS) break;
    const location = logonLocation(named.session, positionsOf);
    if (location === undefined) continue;
    symbols.push({
      name: visibleLabel(named.name, 100),
      kind: named.kind,
      containerName: visibleLabel(`${named.what} · first logon ${formatUtc(named.session.start) ?? '?'}`, 120),
      location,
    });
  }
  return symbols;
}
