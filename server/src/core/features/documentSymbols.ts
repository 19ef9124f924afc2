import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import { logonType } from '../knowledge/logonTypes';
import { EventDocument } from '../parse/eventDocument';
import { computerName, dataValue, EventRecord, LocatedEvent } from '../parse/model';
import { formatUtc } from '../parse/systemTime';
import { accountLabel } from '../policy/account';
import { eventFacts } from '../sessions/eventFacts';
import { targetAccount } from '../sessions/logonFacts';
import { Occurrence, Session } from '../sessions/model';
import { visibleLabel } from '../text/display';
import { eventTitle } from './eventLabel';
import { accountOf as sessionAccount } from './sessionSummary';

/** Past this many events, the outline lists events without their fields: a symbol per field of a 50 MB export helps no one. */
export const MAX_EVENTS_WITH_FIELDS = 2000;

/**
 * The outline of an event document: one symbol per event, named so that the outline reads like a
 * log (`4624 Logon · CORP\alice · 10 RemoteInteractive · 2019-02-07 11:37:52 · #32366`), with its
 * EventData fields as children. Names are built from the data as labels (controls written out).
 */
export function documentSymbols(text: TextDocument, doc: EventDocument, grouping: OutlineGrouping = 'none', occurrences?: readonly Occurrence[]): DocumentSymbol[] {
  const withFields = doc.events.length <= MAX_EVENTS_WITH_FIELDS;
  const events = doc.events.map(event => ({ event, symbol: eventSymbol(text, event, withFields) }));
  if (grouping === 'none') return events.map(e => e.symbol);
  // The session each event names first (a 4624's own, a 4672's subject's), from the document's Logon IDs in order.
  const sessionOf = new Map<LocatedEvent, Session>();
  for (const occurrence of occurrences ?? []) if (occurrence.session !== undefined && !sessionOf.has(occurrence.ref.event)) sessionOf.set(occurrence.ref.event, occurrence.session);
  const computers = groups(events, ({ event }) => {
    const name = computerName(event.record);
    return { key: name.toLowerCase(), name: visibleLabel(name || '(no computer)', 80), kind: SymbolKind.Module };
  });
  return computers.map(computer => {
    if (grouping === 'computer') return group(computer.name, computer.kind, computer.members.map(m => m.symbol), count(computer.members.length, 'event'));
    const sessions = groups(computer.members, ({ event }) => {
      const session = sessionOf.get(event);
      return session === undefined
        ? { key: '', name: 'Events of no session in view', kind: SymbolKind.Namespace }
        : { key: session.key, name: `${visibleLabel(sessionAccount(session), 60)} · 0x${session.logonId.toString(16)}${session.logonType === undefined ? '' : ` · ${session.logonType} ${logonType(session.logonType)?.name ?? ''}`.trimEnd()}`, kind: SymbolKind.Object };
    });
    const children = sessions.map(s => group(s.name, s.kind, s.members.map(m => m.symbol), count(s.members.length, 'event')));
    return group(computer.name, computer.kind, children, count(sessions.filter(s => s.kind === SymbolKind.Object).length, 'session'));
  });
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** How the outline groups events: as a flat log, under their computer, or under computer and logon session. */
export type OutlineGrouping = 'none' | 'computer' | 'session';

/** Items in groups by key, groups in the order their first item comes. */
function groups<T>(items: readonly T[], keyOf: (item: T) => { key: string; name: string; kind: SymbolKind }): { name: string; kind: SymbolKind; members: T[] }[] {
  const found = new Map<string, { name: string; kind: SymbolKind; members: T[] }>();
  for (const item of items) {
    const { key, name, kind } = keyOf(item);
    const known = found.get(key);
    if (known === undefined) found.set(key, { name, kind, members: [item] });
    else known.members.push(item);
  }
  return [...found.values()];
}

/** A symbol over its children: from the first one's start to the last one's end (groups may interleave in the file). */
function group(name: string, kind: SymbolKind, children: DocumentSymbol[], detail: string): DocumentSymbol {
  const first = children[0]!;
  let end = first.range.end;
  for (const child of children) if (child.range.end.line > end.line || (child.range.end.line === end.line && child.range.end.character > end.character)) end = child.range.end;
  return { name, detail, kind, range: { start: first.range.start, end }, selectionRange: first.selectionRange, children };
}

function eventSymbol(text: TextDocument, event: LocatedEvent, withFields: boolean): DocumentSymbol {
  const { offset, record } = event;
  const range = { start: text.positionAt(offset), end: text.positionAt(offset + record.length) };
  const id = record.system.EventID;
  const selectionRange = id === undefined ? range : { start: text.positionAt(offset + id.start), end: text.positionAt(offset + id.end) };
  const symbol: DocumentSymbol = { name: eventName(record), kind: SymbolKind.Event, range, selectionRange };
  if (withFields && record.data.length > 0) {
    symbol.children = record.data.map(field => {
      const at = { start: text.positionAt(offset + field.start), end: text.positionAt(offset + Math.max(field.end, field.start)) };
      return { name: visibleLabel(field.name || '(no name)', 60), detail: visibleLabel(field.value, 80), kind: SymbolKind.Field, range: at, selectionRange: at };
    });
  }
  return symbol;
}

/** Which account an event is about, for its name: the logon's target, else the subject. */
function accountOf(record: EventRecord): string | undefined {
  const target = targetAccount(record);
  if (target.user !== undefined) return accountLabel(target);
  const user = dataValue(record, 'SubjectUserName');
  if (user === undefined) return undefined;
  return accountLabel({ user, domain: dataValue(record, 'SubjectDomainName') });
}

/** `4624 Logon · CORP\alice · 10 RemoteInteractive · 2019-02-07 11:37:52 · #32366` */
export function eventName(record: EventRecord): string {
  const facts = eventFacts(record);
  const parts = [eventTitle(facts)];
  const account = accountOf(record);
  if (account !== undefined) parts.push(account);
  if (facts.logonType !== undefined) parts.push(`${facts.logonType} ${logonType(facts.logonType)?.name ?? ''}`.trim());
  const time = facts.time === undefined ? undefined : formatUtc(facts.time);
  if (time !== undefined) parts.push(time);
  if (facts.recordId > 0) parts.push(`#${facts.recordId}`);
  return parts.join(' · ');
}
