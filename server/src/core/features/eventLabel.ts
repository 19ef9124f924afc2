import { shortEventName } from '../knowledge/eventNames';
import { EventRecord } from '../parse/model';
import { eventFacts } from '../sessions/eventFacts';

/**
 * One line that says which event this is and when, for rows of a list (related information,
 * references, the outline): `4672 Special privileges · 2019-02-07 11:37:52.628 · #32367`. Built
 * from numbers only, so nothing from the event's text reaches the label. Times are UTC; with
 * `timeOnly`, the date is left out (rows under a heading that gives it).
 */
export function eventLabel(record: EventRecord, timeOnly = false): string {
  if (timeOnly) return makeLabel(record, true);
  // Records survive edits, and lists show the same events again and again.
  let label = labels.get(record);
  if (label === undefined) labels.set(record, (label = makeLabel(record, false)));
  return label;
}

const labels = new WeakMap<EventRecord, string>();

function makeLabel(record: EventRecord, timeOnly: boolean): string {
  const facts = eventFacts(record);
  const id = facts.eventId >= 0 ? String(facts.eventId) : 'Event';
  const name = facts.eventId >= 0 ? shortEventName(facts.provider, facts.eventId) : undefined;
  const parts = [name === undefined ? id : `${id} ${name}`];
  const time = facts.time === undefined ? undefined : utcTime(facts.time, timeOnly);
  if (time !== undefined) parts.push(time);
  if (facts.recordId > 0) parts.push(`#${facts.recordId}`);
  return parts.join(' · ');
}

function utcTime(ms: number, timeOnly: boolean): string | undefined {
  if (!(Math.abs(ms) <= 8.64e15)) return undefined; // beyond what a Date holds
  const iso = new Date(ms).toISOString(); // 2019-02-07T11:37:52.628Z
  return timeOnly ? iso.slice(11, 23) : `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}
