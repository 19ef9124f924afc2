import { dataField, Field } from '../parse/model';
import { EventRef, Session } from './model';

/** A group SID that a session's 4627 lists, with the event and field that list it. */
export interface SessionGroup {
  sid: string;
  ref: EventRef;
  field: Field;
}

/** The groups the session's 4627 events (GroupMembership `%{S-1-…}` items) list, upper-cased. */
export function sessionGroups(session: Session | undefined): SessionGroup[] {
  const groups: SessionGroup[] = [];
  for (const ref of session?.events ?? []) {
    if (ref.eventId !== 4627) continue;
    const field = dataField(ref.event.record, 'GroupMembership');
    if (field !== undefined) for (const sid of groupSids(field.value)) groups.push({ sid, ref, field });
  }
  return groups;
}

/** The SIDs a 4627 GroupMembership value lists, upper-cased. */
export function groupSids(value: string): string[] {
  return Array.from(value.matchAll(/S-1-[0-9-]+/gi), m => m[0].toUpperCase());
}
