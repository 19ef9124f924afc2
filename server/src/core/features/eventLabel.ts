import { shortEventName } from '../knowledge/eventNames';
import { EventRecord } from '../parse/model';
import { formatUtc } from '../parse/systemTime';
import { EventFacts, eventFacts } from '../sessions/eventFacts';

/**
 * One line that says which event this is and when, for rows of a list (related information,
 * session rows): `4672 Special privileges · 2019-02-07 11:37:52.628 · #32367`. Built from numbers
 * only, so nothing from the event's text reaches the label. Times are UTC.
 */
export function eventLabel(record: EventRecord): string {
  // Records survive edits, and lists show the same events again and again.
  let label = labels.get(record);
  if (label === undefined) labels.set(record, (label = makeLabel(record)));
  return label;
}

const labels = new WeakMap<EventRecord, string>();

function makeLabel(record: EventRecord): string {
  const facts = eventFacts(record);
  const parts = [eventTitle(facts)];
  const time = facts.time === undefined ? undefined : formatUtc(facts.time, true);
  if (time !== undefined) parts.push(time);
  if (facts.recordId > 0) parts.push(`#${facts.recordId}`);
  return parts.join(' · ');
}

/** `4624 Logon`: the EventID and its short name, when known (`Event` when the ID is unreadable). */
export function eventTitle(facts: EventFacts): string {
  if (facts.eventId < 0) return 'Event';
  const name = shortEventName(facts.provider, facts.eventId);
  return name === undefined ? String(facts.eventId) : `${facts.eventId} ${name}`;
}
