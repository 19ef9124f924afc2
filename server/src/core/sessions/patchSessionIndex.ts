import { EventsEdit } from '../parse/eventDocument';
import { LocatedEvent } from '../parse/model';
import { EventFacts, eventFacts } from './eventFacts';
import { readLogon } from './logonFacts';
import { SessionIndex } from './model';
import { occurrencesOfEvent } from './occurrenceAt';

/**
 * Brings the session index up to date after an edit of one document, without correlating again,
 * when the edit cannot change correlation: every edited event keeps its time, record ID, event
 * ID, computer and Logon IDs (and whether it is a type-0 logon). Typing in a value such as an
 * account name or a logon type is such an edit. The edited events' Logon ID fields and the facts
 * of the sessions they begin are refreshed in place. Returns false, changing nothing, when the
 * edit may change correlation: the index must then be built again.
 */
export function patchSessionIndex(index: SessionIndex, uri: string, edit: EventsEdit): boolean {
  if (!edit.inPlace) return false;
  const changed: { event: LocatedEvent; facts: EventFacts }[] = [];
  for (let k = 0; k < edit.added.length; k++) {
    const event = edit.added[k]!;
    const before = edit.oldRecords[k]!;
    if (event.record === before) continue;
    const facts = eventFacts(event.record);
    if (!sameCorrelation(eventFacts(before), facts)) return false;
    changed.push({ event, facts });
  }
  const occurrences = index.occurrencesByUri.get(uri) ?? [];
  for (const { event, facts } of changed) {
    const own = occurrencesOfEvent(occurrences, event);
    if (own.length !== facts.logonIds.length) return false; // cannot happen when the facts agree; be safe
    own.forEach((occurrence, i) => (occurrence.field = facts.logonIds[i]!.field));
    for (const occurrence of own) {
      const session = occurrence.session;
      if (session === undefined || session.logon.event !== event || occurrence.role !== 'logon') continue;
      session.logonField = occurrence.field;
      Object.assign(session, readLogon(event.record));
    }
  }
  return true;
}

/** Whether two readings of an event place it, and its Logon IDs, the same way in correlation. */
function sameCorrelation(a: EventFacts, b: EventFacts): boolean {
  if (a.time !== b.time && !(Number.isNaN(a.time) && Number.isNaN(b.time))) return false;
  if (a.recordId !== b.recordId || a.eventId !== b.eventId || a.security !== b.security || a.provider !== b.provider || a.computer !== b.computer) return false;
  if ((a.logonType === 0) !== (b.logonType === 0) || a.logonIds.length !== b.logonIds.length) return false;
  return a.logonIds.every((l, i) => {
    const m = b.logonIds[i]!;
    return l.logonId === m.logonId && l.role === m.role && l.field.name === m.field.name;
  });
}
