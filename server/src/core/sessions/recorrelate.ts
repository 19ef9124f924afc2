import { EventDocument, EventsEdit } from '../parse/eventDocument';
import { LocatedEvent } from '../parse/model';
import { correlateEvents } from './buildSessionIndex';
import { eventFacts } from './eventFacts';
import { Occurrence, Session, SessionIndex } from './model';

/**
 * After an in-place edit that may change correlation (a Logon ID, a Computer, a TimeCreated):
 * correlates again only the computers its events were and are on, since correlation never links
 * two computers, and keeps every other session and Logon ID value as it is. Returns, by document,
 * the events whose sessions changed as rules see them (the edited events among them): only those
 * need checking again.
 */
export function recorrelateComputers(index: SessionIndex, documents: ReadonlyMap<string, EventDocument>, uri: string, edit: EventsEdit): Map<string, LocatedEvent[]> | undefined {
  if (!edit.inPlace) return undefined;
  const computers = new Set<string>();
  const edited = new Set<LocatedEvent>();
  edit.added.forEach((event, k) => {
    const before = edit.oldRecords[k]!;
    if (event.record === before) return;
    edited.add(event);
    computers.add(eventFacts(before).computer);
    computers.add(eventFacts(event.record).computer);
  });
  const affected = (computer: string): boolean => computers.has(computer);

  // What rules saw of each affected event before, by document, to tell which ones changed.
  const before = new Map<string, Map<LocatedEvent, string>>();
  const signatures = new Map<Session, string>();
  for (const [docUri, occurrences] of index.occurrencesByUri) {
    if (documents.get(docUri) === undefined) continue;
    const seen = new Map<LocatedEvent, string>();
    for (const occurrence of occurrences) {
      if (affected(eventFacts(occurrence.ref.event.record).computer) || edited.has(occurrence.ref.event)) note(seen, occurrence, signatures);
    }
    before.set(docUri, seen);
  }

  const fresh = correlateEvents(documents, facts => affected(facts.computer));
  index.sessions = [...index.sessions.filter(s => !affected(s.computer.toLowerCase())), ...fresh.sessions];
  const changed = new Map<string, LocatedEvent[]>();
  for (const docUri of documents.keys()) {
    const kept = (index.occurrencesByUri.get(docUri) ?? []).filter(o => !affected(eventFacts(o.ref.event.record).computer) && !edited.has(o.ref.event));
    const added = fresh.occurrencesByUri.get(docUri) ?? [];
    index.occurrencesByUri.set(docUri, mergeInDocumentOrder(kept, added));
    const after = new Map<LocatedEvent, string>();
    for (const occurrence of added) note(after, occurrence, signatures);
    // Only events with a logon or logoff value, or edited ones, can have changed: in document order.
    const earlier = before.get(docUri) ?? new Map<LocatedEvent, string>();
    const candidates = new Set<LocatedEvent>([...after.keys(), ...earlier.keys(), ...(docUri === uri ? edited : [])]);
    const events = [...candidates].filter(e => edited.has(e) || after.get(e) !== earlier.get(e));
    if (events.length > 0) changed.set(docUri, events.sort((a, b) => a.offset - b.offset));
  }
  return changed;
}

/** Adds what rules see of an occurrence's session to its event's signature. */
function note(byEvent: Map<LocatedEvent, string>, occurrence: Occurrence, signatures: Map<Session, string>): void {
  const { role, session } = occurrence;
  if (role !== 'logon' && role !== 'logoff') return;
  let part = `${role}:none`;
  if (session !== undefined) {
    let signature = signatures.get(session);
    if (signature === undefined) signatures.set(session, (signature = sessionSignature(session)));
    part = `${role}:${signature}`;
  }
  byEvent.set(occurrence.ref.event, `${byEvent.get(occurrence.ref.event) ?? ''}|${part}`);
}

/** A session as rules see it: which session, its start, its 4672 and its 4627s (by event). */
function sessionSignature(session: Session): string {
  const evidence = session.events.filter(e => e.eventId === 4627 || e === session.privileges).map(e => eventId(e.event));
  return `${session.key}@${session.start}/${session.privileges === undefined ? '-' : eventId(session.privileges.event)}/${evidence.join(',')}`;
}

const ids = new WeakMap<LocatedEvent, number>();
let nextId = 0;
function eventId(event: LocatedEvent): number {
  let id = ids.get(event);
  if (id === undefined) ids.set(event, (id = nextId++));
  return id;
}

/** Two lists of Logon ID values of one document, each in document order, as one. */
function mergeInDocumentOrder(a: readonly Occurrence[], b: readonly Occurrence[]): Occurrence[] {
  if (b.length === 0) return a.slice();
  if (a.length === 0) return b.slice();
  const merged: Occurrence[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.ref.event.offset <= b[j]!.ref.event.offset)) merged.push(a[i++]!);
    else merged.push(b[j++]!);
  }
  return merged;
}
