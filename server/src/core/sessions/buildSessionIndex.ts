import { EVENTLOG_PROVIDER, SECURITY_PROVIDER } from '../knowledge/eventCatalog';
import { PRE_LOGON_WINDOW_MS, SESSION_EVENTS, wellKnownLogonId } from '../knowledge/logonIds';
import { EventDocument } from '../parse/eventDocument';
import { dataField, dataValue } from '../parse/model';
import { eventFacts, EventFacts } from './eventFacts';
import { EventRef, Occurrence, Session, SessionEnd, SessionIndex } from './model';

/**
 * Correlates every event of the given documents with the logon session it names.
 *
 * The rules (see DOMAIN: "Correlation rules"):
 * - A session is keyed by (computer, boot, Logon ID). Logon IDs repeat across computers and boots.
 * - Events are placed by TimeCreated, then EventRecordID, whatever their order in the files.
 * - A boot ends at 4609 or 1100 and begins at 4608 or at a LogonType-0 logon; sessions still open
 *   then ended with the shutdown (or the restart).
 * - A logoff or any other event belongs to the latest session with its Logon ID in the same boot.
 * - A 4672 or 4627 logged shortly before its 4624 is attached to it.
 * - Split-token 4624 pairs name each other in TargetLinkedLogonId and are linked both ways.
 * - Well-known Logon IDs (0x0, 0x3e4, 0x3e5, 0x3e6, 0x3e7) never link.
 */
export function buildSessionIndex(documents: Iterable<[uri: string, doc: EventDocument]>): SessionIndex {
  const occurrencesByUri = new Map<string, Occurrence[]>();
  const timelines = new Map<string, Placed[]>();
  for (const [uri, doc] of documents) {
    const occurrences: Occurrence[] = [];
    for (const event of doc.events) {
      const facts = eventFacts(event.record);
      const ref: EventRef = { uri, event, time: facts.time ?? NaN, recordId: facts.recordId, eventId: facts.eventId };
      const own = facts.logonIds.map(({ field, logonId, role }): Occurrence => ({ ref, field, logonId, role }));
      occurrences.push(...own);
      // An event with no readable time cannot be placed; its Logon IDs stay unresolved.
      if (facts.time === undefined) continue;
      let timeline = timelines.get(facts.computer);
      if (timeline === undefined) timelines.set(facts.computer, (timeline = []));
      timeline.push({ ref, facts, occurrences: own });
    }
    occurrencesByUri.set(uri, occurrences);
  }

  const sessions: Session[] = [];
  for (const [computer, timeline] of timelines) {
    timeline.sort((a, b) => a.ref.time - b.ref.time || a.ref.recordId - b.ref.recordId);
    new ComputerWalk(computer, sessions).walk(timeline);
  }
  // Events attached early (a 4672 before its 4624) joined after the logon: put them in time order.
  for (const session of sessions) session.events.sort((a, b) => a.time - b.time || a.recordId - b.recordId);
  return { sessions, occurrencesByUri };
}

interface Placed {
  ref: EventRef;
  facts: EventFacts;
  occurrences: Occurrence[];
}

/** Walks one computer's events in time order, boot by boot. */
class ComputerWalk {
  private boot = 0;
  private eventsInBoot = 0;
  private logonsInBoot = 0;
  private bootEnded = false;
  /** The latest session of each Logon ID in this boot. */
  private current = new Map<number, Session>();
  private readonly open = new Set<Session>();
  /** 4672/4627 occurrences waiting for a 4624 that may follow within the window. */
  private pending = new Map<number, Occurrence[]>();
  /** TargetLinkedLogonId occurrences, resolved when the boot is complete (the other half may come later). */
  private linked: { occurrence: Occurrence; owner: Session }[] = [];

  constructor(private readonly computer: string, private readonly sessions: Session[]) {}

  walk(timeline: readonly Placed[]): void {
    for (const placed of timeline) this.place(placed);
    this.finishBoot();
  }

  private place({ ref, facts, occurrences }: Placed): void {
    const { eventId, security } = facts;
    if (security && eventId === SESSION_EVENTS.bootStart) {
      this.endOpenSessions('restart', ref);
      this.newBoot();
      return;
    }
    if (this.bootEnded) this.newBoot();
    const bootEnd = SESSION_EVENTS.bootEnd.includes(eventId)
      && (facts.provider === SECURITY_PROVIDER || facts.provider === EVENTLOG_PROVIDER);
    if (bootEnd) {
      this.endOpenSessions('shutdown', ref);
      this.bootEnded = true;
      return;
    }
    // A LogonType-0 logon is the first of a boot: if this boot already had logons, its 4608 is missing.
    if (security && eventId === SESSION_EVENTS.logon && dataField(ref.event.record, 'LogonType')?.value.trim() === '0' && this.logonsInBoot > 0) {
      this.endOpenSessions('restart', ref);
      this.newBoot();
    }
    this.eventsInBoot++;
    // The logon first, so that the other Logon IDs of a 4624 see the session it begins.
    for (const occurrence of occurrences) if (occurrence.role === 'logon') this.beginSession(occurrence, facts);
    for (const occurrence of occurrences) {
      if (occurrence.role === 'logon' || wellKnownLogonId(occurrence.logonId) !== undefined) continue;
      if (occurrence.role === 'linked') {
        const owner = occurrences.find(o => o.role === 'logon')?.session;
        if (owner !== undefined) this.linked.push({ occurrence, owner });
      } else if (occurrence.role === 'logoff') {
        this.endSession(occurrence);
      } else {
        this.attachMember(occurrence, facts);
      }
    }
  }

  private beginSession(occurrence: Occurrence, facts: EventFacts): void {
    const { logonId, ref, field } = occurrence;
    if (wellKnownLogonId(logonId) !== undefined) return;
    this.logonsInBoot++;
    const existing = this.current.get(logonId);
    // The same 4624 read from two overlapping exports is one session.
    if (existing !== undefined && existing.logon.recordId === facts.recordId && existing.logon.time === ref.time) {
      attach(existing, occurrence);
      return;
    }
    const record = ref.event.record;
    const text = (name: string): string | undefined => dataValue(record, name);
    const logonType = Number(text('LogonType'));
    const session: Session = {
      key: `${this.computer}|${this.boot}|${logonId}`,
      computer: record.system.Computer?.value.trim() ?? '',
      boot: this.boot,
      logonId,
      logon: ref,
      logonField: field,
      start: ref.time,
      account: { user: text('TargetUserName'), domain: text('TargetDomainName'), sid: text('TargetUserSid') },
      logonType: Number.isInteger(logonType) ? logonType : undefined,
      source: { ip: text('IpAddress'), workstation: text('WorkstationName') },
      events: [],
      occurrences: [],
    };
    this.sessions.push(session);
    this.current.set(logonId, session);
    this.open.add(session);
    attach(session, occurrence);
    // 4672 and 4627 are often logged just before their 4624.
    for (const early of this.pending.get(logonId) ?? []) {
      if (ref.time - early.ref.time <= PRE_LOGON_WINDOW_MS) this.attachResolved(session, early);
    }
    this.pending.delete(logonId);
  }

  private endSession(occurrence: Occurrence): void {
    const session = this.current.get(occurrence.logonId);
    if (session === undefined) return; // no logon in view in this boot: an orphan logoff
    attach(session, occurrence);
    const { ref } = occurrence;
    if (ref.eventId === SESSION_EVENTS.userLogoff) {
      session.userLogoff ??= ref;
      session.end ??= { kind: 'logoff', ref, time: ref.time };
    } else if (session.end === undefined || session.end.ref.eventId === SESSION_EVENTS.userLogoff) {
      session.end = { kind: 'logoff', ref, time: ref.time };
    }
    this.open.delete(session);
  }

  private attachMember(occurrence: Occurrence, facts: EventFacts): void {
    const session = this.current.get(occurrence.logonId);
    if (session !== undefined) {
      this.attachResolved(session, occurrence);
    } else if (facts.security && SESSION_EVENTS.preLogon.includes(facts.eventId)) {
      const waiting = this.pending.get(occurrence.logonId);
      if (waiting === undefined) this.pending.set(occurrence.logonId, [occurrence]);
      else waiting.push(occurrence);
    }
  }

  private attachResolved(session: Session, occurrence: Occurrence): void {
    attach(session, occurrence);
    if (occurrence.ref.eventId === 4672 && occurrence.field.name === 'SubjectLogonId') session.privileges ??= occurrence.ref;
  }

  private endOpenSessions(kind: SessionEnd['kind'], ref: EventRef): void {
    for (const session of this.open) session.end = { kind, ref, time: ref.time };
    this.open.clear();
  }

  private newBoot(): void {
    this.bootEnded = false;
    if (this.eventsInBoot === 0) return;
    this.finishBoot();
    this.boot++;
    this.eventsInBoot = 0;
    this.logonsInBoot = 0;
    this.current = new Map();
    this.pending = new Map();
    this.open.clear();
  }

  /** Links split-token pairs once every session of the boot is known. */
  private finishBoot(): void {
    for (const { occurrence, owner } of this.linked) {
      const other = this.current.get(occurrence.logonId);
      if (other === undefined || other === owner) continue;
      occurrence.session = other;
      other.occurrences.push(occurrence);
      owner.linked = other;
      owner.linkedLogonId = occurrence.logonId;
    }
    this.linked = [];
  }
}

/** Records that `occurrence` names `session`, and its event as one of the session's. */
function attach(session: Session, occurrence: Occurrence): void {
  occurrence.session = session;
  session.occurrences.push(occurrence);
  // Occurrences arrive event by event, so an event already listed is the last one listed.
  if (session.events[session.events.length - 1] !== occurrence.ref) session.events.push(occurrence.ref);
}
