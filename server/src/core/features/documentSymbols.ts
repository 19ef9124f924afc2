import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import { logonType } from '../knowledge/logonTypes';
import { EventDocument } from '../parse/eventDocument';
import { dataValue, EventRecord, LocatedEvent } from '../parse/model';
import { formatUtc } from '../parse/systemTime';
import { accountLabel } from '../policy/account';
import { eventFacts } from '../sessions/eventFacts';
import { targetAccount } from '../sessions/logonFacts';
import { visibleLabel } from '../text/display';
import { eventTitle } from './eventLabel';

/** Past this many events, the outline lists events without their fields: a symbol per field of a 50 MB export helps no one. */
export const MAX_EVENTS_WITH_FIELDS = 2000;

/**
 * The outline of an event document: one symbol per event, named so that the outline reads like a
 * log (`4624 Logon · CORP\alice · 10 RemoteInteractive · 2019-02-07 11:37:52 · #32366`), with its
 * EventData fields as children. Names are built from the data as labels (controls written out).
 */
export function documentSymbols(text: TextDocument, doc: EventDocument): DocumentSymbol[] {
  const withFields = doc.events.length <= MAX_EVENTS_WITH_FIELDS;
  return doc.events.map(event => eventSymbol(text, event, withFields));
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
