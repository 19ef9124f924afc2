import { EventDocument } from '../parse/eventDocument';
import { computerName } from '../parse/model';
import { correlateInSteps, SessionRow } from './correlate';
import { finish, ITEMS_PER_STEP, Steps } from '../steps';
import { EventFacts, eventFacts } from './eventFacts';
import { FactsEventRef, FactsOccurrence } from './factsRefs';
import { readLogon } from './logonFacts';
import { EventRef, Occurrence, Session, SessionIndex } from './model';
import { Timeline } from './timeline';

/**
 * Correlates every event of the given documents with the logon session it names (the rules are
 * in `correlate`), as the editor wants it: sessions that hold their events and Logon ID values,
 * and every Logon ID value of each document.
 */
export function buildSessionIndex(documents: Iterable<[uri: string, doc: EventDocument]>): SessionIndex {
  return finish(correlateEventsInSteps(documents, () => true));
}

/** The same a step at a time (a big workspace's index, built while requests are answered). */
export function buildSessionIndexInSteps(documents: Iterable<[uri: string, doc: EventDocument]>): Steps<SessionIndex> {
  return correlateEventsInSteps(documents, () => true);
}

/**
 * The same for only the events `include` takes (those of some computers: correlation never links
 * two computers). Its lists of Logon ID values hold those events' values only.
 */
export function correlateEvents(documents: Iterable<[uri: string, doc: EventDocument]>, include: (facts: EventFacts) => boolean): SessionIndex {
  return finish(correlateEventsInSteps(documents, include));
}

function* correlateEventsInSteps(documents: Iterable<[uri: string, doc: EventDocument]>, include: (facts: EventFacts) => boolean): Steps<SessionIndex> {
  const occurrencesByUri = new Map<string, Occurrence[]>();
  const timeline = new Timeline();
  // Parallel to the timeline's events and occurrences.
  const refs: EventRef[] = [];
  const placed: Occurrence[] = [];
  let read = 0;
  for (const [uri, doc] of documents) {
    const occurrences: Occurrence[] = [];
    for (const event of doc.events) {
      if (++read % ITEMS_PER_STEP === 0) yield;
      const facts = eventFacts(event.record);
      if (!include(facts)) continue;
      const ref = new FactsEventRef(uri, event, facts);
      const own = facts.logonIds.map((entry): Occurrence => new FactsOccurrence(ref, entry));
      occurrences.push(...own);
      // An event with no readable time cannot be placed; its Logon IDs stay unresolved.
      if (facts.time === undefined) continue;
      timeline.add(facts, facts.time);
      refs.push(ref);
      placed.push(...own);
    }
    occurrencesByUri.set(uri, occurrences);
  }

  const sessions: Session[] = [];
  const rows = yield* correlateInSteps(timeline, {
    attach(row, _e, o) {
      const session = (sessions[row.id] ??= newSession(row, timeline, refs, placed));
      attach(session, placed[o]!);
    },
    link(row, o) {
      const occurrence = placed[o]!;
      occurrence.session = sessions[row.id]!;
      sessions[row.id]!.occurrences.push(occurrence);
    },
  });
  for (const row of rows) {
    if (row.id % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    const session = sessions[row.id]!;
    if (row.end !== undefined) session.end = { kind: row.end.kind, ref: refs[row.end.at.event]!, time: refs[row.end.at.event]!.time };
    if (row.userLogoff !== undefined) session.userLogoff = refs[row.userLogoff.event];
    if (row.privileges !== undefined) session.privileges = refs[row.privileges.event];
    if (row.linked !== undefined) {
      session.linked = sessions[row.linked.id];
      session.linkedLogonId = row.linkedLogonId;
    }
    // Events attached early (a 4672 before its 4624) joined after the logon: put them in time order.
    // Both lists are copied to fit: grown one at a time, each keeps room for 17.
    session.events = session.events.sort((a, b) => a.time - b.time || a.recordId - b.recordId).slice();
    session.occurrences = session.occurrences.slice();
  }
  return { sessions, occurrencesByUri };
}

function newSession(row: SessionRow, timeline: Timeline, refs: readonly EventRef[], placed: readonly Occurrence[]): Session {
  const logon = refs[row.logon.event]!;
  const record = logon.event.record;
  return {
    // Joined, not concatenated: a concatenation keeps each of its pieces (a tree of strings) per session.
    key: [timeline.computers[row.computer], row.boot, row.logonId].join('|'),
    computer: computerName(record),
    boot: row.boot,
    logonId: row.logonId,
    logon,
    logonField: placed[row.logonOccurrence]!.field,
    start: logon.time,
    ...readLogon(record),
    events: [],
    occurrences: [],
  };
}

/** Records that `occurrence` names `session`, and its event as one of the session's. */
function attach(session: Session, occurrence: Occurrence): void {
  occurrence.session = session;
  session.occurrences.push(occurrence);
  // Occurrences arrive event by event, so an event already listed is the last one listed.
  if (session.events[session.events.length - 1] !== occurrence.ref) session.events.push(occurrence.ref);
}
