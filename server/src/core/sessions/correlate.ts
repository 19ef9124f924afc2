import { PRE_LOGON_WINDOW_MS, SESSION_EVENTS, wellKnownLogonId } from '../knowledge/logonIds';
import { SessionEnd } from './model';
import { EVENT_KIND, Timeline } from './timeline';
import { finish, ITEMS_PER_STEP, Steps } from '../steps';

/** A session as correlation finds it: numbers that point into the timeline. */
export interface SessionRow {
  /** Its place in the returned list. */
  id: number;
  /** Index into `Timeline.computers`. */
  computer: number;
  /** The boot, counted from 0 per computer in time order. */
  boot: number;
  logonId: number;
  /** The 4624 that began it, and its TargetLogonId occurrence. */
  logonEvent: number;
  logonOccurrence: number;
  end?: { kind: SessionEnd['kind']; event: number };
  /** A 4647: the user chose to log off. */
  userLogoff?: number;
  /** The 4672 that gave it special privileges. */
  privileges?: number;
  /** The other half of a split-token (UAC) pair, and the Logon ID that named it. */
  linked?: SessionRow;
  linkedLogonId?: number;
}

/** Told, in walk order, of every Logon ID value that names a session. */
export interface CorrelationListener {
  /** The occurrence joins the session: the 4624 that begins it, a logoff, or an event inside it. */
  attach(session: SessionRow, occurrence: number): void;
  /** The occurrence is a TargetLinkedLogonId naming the session as the other half of a pair. */
  link(session: SessionRow, occurrence: number): void;
}

/**
 * Correlates every event of the timeline with the logon session it names.
 *
 * The rules (see DOMAIN: "Correlation rules"):
 * - A session is keyed by (computer, boot, Logon ID). Logon IDs repeat across computers and boots.
 * - Events are placed by TimeCreated, then EventRecordID, whatever order they were added in.
 * - A boot begins at 4608, or at a LogonType-0 logon when the boot already had logons (its 4608
 *   is missing). A 4609 or 1100 does not end it: Windows flushes logoffs written during shutdown
 *   after the 1100, some stamped a few milliseconds before it. Sessions still open when the next
 *   boot begins ended with the shutdown (at its 4609/1100, if one was logged) or the restart.
 * - A logoff or any other event belongs to the latest session with its Logon ID in the same boot.
 * - A 4672 or 4627 logged shortly before its 4624 is attached to it.
 * - Split-token 4624 pairs name each other in TargetLinkedLogonId and are linked both ways.
 * - Well-known Logon IDs (0x0, 0x3e4, 0x3e5, 0x3e6, 0x3e7) never link.
 */
export function correlate(timeline: Timeline, listener: CorrelationListener): SessionRow[] {
  return finish(correlateInSteps(timeline, listener));
}

/** The same, pausing after each computer's sort and every ITEMS_PER_STEP events of its walk. */
export function* correlateInSteps(timeline: Timeline, listener: CorrelationListener): Steps<SessionRow[]> {
  const byComputer: number[][] = timeline.computers.map(() => []);
  for (let e = 0; e < timeline.eventCount; e++) byComputer[timeline.computer[e]!]!.push(e);
  const { time, recordId } = timeline;
  const sessions: SessionRow[] = [];
  for (const [computer, events] of byComputer.entries()) {
    events.sort((a, b) => time[a]! - time[b]! || recordId[a]! - recordId[b]!);
    yield;
    const walk = new ComputerWalk(timeline, computer, sessions, listener);
    for (let k = 0; k < events.length; k++) {
      walk.place(events[k]!);
      if ((k + 1) % ITEMS_PER_STEP === 0) yield;
    }
    walk.end();
  }
  return sessions;
}

/** Walks one computer's events in time order, boot by boot. */
class ComputerWalk {
  private boot = 0;
  private eventsInBoot = 0;
  private logonsInBoot = 0;
  /** The boot's 4609 or 1100, if one was logged: sessions still open at the next boot ended there. */
  private shutdown: number | undefined;
  /** The latest session of each Logon ID in this boot. */
  private current = new Map<number, SessionRow>();
  private readonly open = new Set<SessionRow>();
  /** 4672/4627 occurrences waiting for a 4624 that may follow within the window. */
  private pending = new Map<number, { event: number; occurrence: number }[]>();
  /** TargetLinkedLogonId occurrences, resolved when the boot is complete (the other half may come later). */
  private linked: { occurrence: number; owner: SessionRow }[] = [];

  constructor(
    private readonly timeline: Timeline,
    private readonly computer: number,
    private readonly sessions: SessionRow[],
    private readonly listener: CorrelationListener,
  ) {}

  /** Every event has been placed. */
  end(): void {
    // The last boot in view: sessions open after its shutdown ended with it.
    if (this.shutdown !== undefined) for (const session of this.open) session.end = { kind: 'shutdown', event: this.shutdown };
    this.finishBoot();
  }

  /** Takes the computer's next event, in time order. */
  place(e: number): void {
    const kind = this.timeline.kind[e]!;
    if (kind & EVENT_KIND.bootStart) {
      this.endBoot(e);
      return;
    }
    if (kind & EVENT_KIND.bootEnd) {
      // The shutdown is on its way, but events of this boot still follow (logoffs flushed late).
      this.shutdown ??= e;
      return;
    }
    // A LogonType-0 logon is the first of a boot: if this boot already had logons, its 4608 is missing.
    if (kind & EVENT_KIND.systemLogon && this.logonsInBoot > 0) this.endBoot(e);
    this.eventsInBoot++;
    const [first, end] = this.timeline.occurrencesOf(e);
    // The logon first, so that the other Logon IDs of a 4624 see the session it begins.
    let owner: SessionRow | undefined;
    for (let o = first; o < end; o++) if (this.timeline.roleOf(o) === 'logon') owner = this.beginSession(e, o) ?? owner;
    for (let o = first; o < end; o++) {
      const role = this.timeline.roleOf(o);
      if (role === 'logon' || wellKnownLogonId(this.timeline.logonId[o]!) !== undefined) continue;
      if (role === 'linked') {
        if (owner !== undefined) this.linked.push({ occurrence: o, owner });
      } else if (role === 'logoff') {
        this.endSession(e, o);
      } else {
        this.attachMember(e, o, kind);
      }
    }
  }

  /** Begins the session (or finds it again), and returns it; undefined for a well-known Logon ID. */
  private beginSession(e: number, o: number): SessionRow | undefined {
    const { timeline } = this;
    const logonId = timeline.logonId[o]!;
    if (wellKnownLogonId(logonId) !== undefined) return undefined;
    this.logonsInBoot++;
    const existing = this.current.get(logonId);
    // The same 4624 read from two overlapping exports is one session.
    if (existing !== undefined && timeline.recordId[existing.logonEvent] === timeline.recordId[e] && timeline.time[existing.logonEvent] === timeline.time[e]) {
      this.listener.attach(existing, o);
      return existing;
    }
    const session: SessionRow = { id: this.sessions.length, computer: this.computer, boot: this.boot, logonId, logonEvent: e, logonOccurrence: o };
    this.sessions.push(session);
    this.current.set(logonId, session);
    this.open.add(session);
    this.listener.attach(session, o);
    // 4672 and 4627 are often logged just before their 4624.
    for (const early of this.pending.get(logonId) ?? []) {
      if (timeline.time[e]! - timeline.time[early.event]! <= PRE_LOGON_WINDOW_MS) this.attachResolved(session, early.event, early.occurrence);
    }
    this.pending.delete(logonId);
    return session;
  }

  private endSession(e: number, o: number): void {
    const session = this.current.get(this.timeline.logonId[o]!);
    if (session === undefined) return; // no logon in view in this boot: an orphan logoff
    this.listener.attach(session, o);
    const { userLogoff: USER_LOGOFF } = SESSION_EVENTS;
    const userLogoff = this.timeline.eventId[e] === USER_LOGOFF;
    if (userLogoff) {
      session.userLogoff ??= e;
      session.end ??= { kind: 'logoff', event: e };
    } else if (session.end === undefined || this.timeline.eventId[session.end.event] === USER_LOGOFF) {
      session.end = { kind: 'logoff', event: e };
    }
    this.open.delete(session);
  }

  private attachMember(e: number, o: number, kind: number): void {
    const logonId = this.timeline.logonId[o]!;
    const session = this.current.get(logonId);
    if (session !== undefined) {
      this.attachResolved(session, e, o);
    } else if (kind & EVENT_KIND.preLogon) {
      const waiting = this.pending.get(logonId);
      if (waiting === undefined) this.pending.set(logonId, [{ event: e, occurrence: o }]);
      else waiting.push({ event: e, occurrence: o });
    }
  }

  private attachResolved(session: SessionRow, e: number, o: number): void {
    this.listener.attach(session, o);
    if (this.timeline.grantsPrivileges(o)) session.privileges ??= e;
  }

  /** A new boot begins at event `e`: the sessions still open ended with the shutdown, or the restart. */
  private endBoot(e: number): void {
    const end = this.shutdown === undefined ? { kind: 'restart' as const, event: e } : { kind: 'shutdown' as const, event: this.shutdown };
    for (const session of this.open) session.end = end;
    this.open.clear();
    this.shutdown = undefined;
    this.newBoot();
  }

  private newBoot(): void {
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
      const logonId = this.timeline.logonId[occurrence]!;
      const other = this.current.get(logonId);
      if (other === undefined || other === owner) continue;
      this.listener.link(other, occurrence);
      owner.linked = other;
      owner.linkedLogonId = logonId;
    }
    this.linked = [];
  }
}
