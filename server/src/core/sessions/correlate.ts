import { PRE_LOGON_WINDOW_MS, SESSION_EVENTS, wellKnownLogonId } from '../knowledge/logonIds';
import { OccurrenceRole, SessionEnd } from './model';
import { EVENT_KIND, Timeline } from './timeline';
import { finish, ITEMS_PER_STEP, Steps } from '../steps';

/** An event the walk remembers past its turn: its number (see `WalkSource`), and what output shows of it. */
export interface WalkedEvent {
  event: number;
  eventId: number;
  recordId: number;
  time: number;
}

/** A session as correlation finds it: numbers that point into the walk's source. */
export interface SessionRow {
  /** Its place in the returned list. */
  id: number;
  /** Index into the source's computers. */
  computer: number;
  /** The boot, counted from 0 per computer in time order. */
  boot: number;
  logonId: number;
  /** The 4624 that began it, and its TargetLogonId occurrence. */
  logon: WalkedEvent;
  logonOccurrence: number;
  end?: { kind: SessionEnd['kind']; at: WalkedEvent };
  /** A 4647: the user chose to log off. */
  userLogoff?: WalkedEvent;
  /** The 4672 that gave it special privileges. */
  privileges?: WalkedEvent;
  /** The other half of a split-token (UAC) pair, and the Logon ID that named it. */
  linked?: SessionRow;
  linkedLogonId?: number;
}

/**
 * What the walk reads of the event it is placing, `e`, and of that event's Logon ID values
 * (occurrences). The walk never reads an event again once placed: what it needs later it keeps
 * (a `WalkedEvent`), so a source may hold only the event being placed (the command line's merged
 * runs) or every event (the editor's Timeline).
 */
export interface WalkSource {
  timeOf(e: number): number;
  recordIdOf(e: number): number;
  eventIdOf(e: number): number;
  /** EVENT_KIND bits. */
  kindOf(e: number): number;
  /** The occurrences of event `e`: [first, end). */
  occurrencesOf(e: number): [first: number, end: number];
  logonIdOf(o: number): number;
  roleOf(o: number): OccurrenceRole;
  grantsPrivileges(o: number): boolean;
}

/** Told, in walk order, of every Logon ID value that names a session, and of every boot after the first. */
export interface CorrelationListener {
  /** Occurrence `o` of event `e` joins the session: the 4624 that begins it, a logoff, or an event inside it. */
  attach(session: SessionRow, e: number, o: number): void;
  /** The occurrence is a TargetLinkedLogonId naming the session as the other half of a pair. */
  link(session: SessionRow, o: number): void;
  /** The event `at` began boot `boot` of the computer (boot 0 begins with its first event). */
  bootBegins?(computer: number, boot: number, at: WalkedEvent): void;
}

/**
 * Correlates every event of the timeline with the logon session it names.
 *
 * The rules (see DOMAIN: "Correlation rules"):
 * - A session is keyed by (computer, boot, Logon ID). Logon IDs repeat across computers and boots.
 * - Events are placed by TimeCreated, then EventRecordID, whatever order they were added in (the
 *   order they were added in breaks ties: see `walkOrder`).
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
    // Sorting is stable: events with the same time and record id stay in the order they were added.
    events.sort((a, b) => walkOrder(time[a]!, recordId[a]!, a, time[b]!, recordId[b]!, b));
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

/**
 * The order of the walk, within a computer: TimeCreated, then EventRecordID, then the order in
 * which the events were added (`added`: the editor's timeline index, the command line's reading
 * order). Negative when event a comes first.
 */
export function walkOrder(timeA: number, recordA: number, addedA: number, timeB: number, recordB: number, addedB: number): number {
  return timeA - timeB || recordA - recordB || addedA - addedB;
}

/** A 4672 or 4627 waiting for its 4624: what the walk needs of it when that comes. */
interface PendingMember {
  at: WalkedEvent;
  occurrence: number;
  grants: boolean;
}

/** Walks one computer's events in time order, boot by boot. */
export class ComputerWalk {
  private boot = 0;
  private eventsInBoot = 0;
  private logonsInBoot = 0;
  /** The boot's 4609 or 1100, if one was logged: sessions still open at the next boot ended there. */
  private shutdown: WalkedEvent | undefined;
  /** The latest session of each Logon ID in this boot. */
  private current = new Map<number, SessionRow>();
  private readonly open = new Set<SessionRow>();
  /** 4672/4627 occurrences waiting for a 4624 that may follow within the window. */
  private pending = new Map<number, PendingMember[]>();
  /** TargetLinkedLogonId occurrences, resolved when the boot is complete (the other half may come later). */
  private linked: { occurrence: number; logonId: number; owner: SessionRow }[] = [];

  constructor(
    private readonly source: WalkSource,
    private readonly computer: number,
    private readonly sessions: SessionRow[],
    private readonly listener: CorrelationListener,
  ) {}

  /** Every event has been placed. */
  end(): void {
    // The last boot in view: sessions open after its shutdown ended with it.
    if (this.shutdown !== undefined) for (const session of this.open) session.end = { kind: 'shutdown', at: this.shutdown };
    this.finishBoot();
  }

  /** Takes the computer's next event, in walk order. */
  place(e: number): void {
    const { source } = this;
    const kind = source.kindOf(e);
    if (kind & EVENT_KIND.bootStart) {
      this.endBoot(e);
      return;
    }
    if (kind & EVENT_KIND.bootEnd) {
      // The shutdown is on its way, but events of this boot still follow (logoffs flushed late).
      this.shutdown ??= this.walked(e);
      return;
    }
    // A LogonType-0 logon is the first of a boot: if this boot already had logons, its 4608 is missing.
    if (kind & EVENT_KIND.systemLogon && this.logonsInBoot > 0) this.endBoot(e);
    this.eventsInBoot++;
    const [first, end] = source.occurrencesOf(e);
    // The logon first, so that the other Logon IDs of a 4624 see the session it begins.
    let owner: SessionRow | undefined;
    for (let o = first; o < end; o++) if (source.roleOf(o) === 'logon') owner = this.beginSession(e, o) ?? owner;
    for (let o = first; o < end; o++) {
      const role = source.roleOf(o);
      const logonId = source.logonIdOf(o);
      if (role === 'logon' || wellKnownLogonId(logonId) !== undefined) continue;
      if (role === 'linked') {
        if (owner !== undefined) this.linked.push({ occurrence: o, logonId, owner });
      } else if (role === 'logoff') {
        this.endSession(e, o, logonId);
      } else {
        this.attachMember(e, o, logonId, kind);
      }
    }
  }

  private walked(e: number): WalkedEvent {
    const { source } = this;
    return { event: e, eventId: source.eventIdOf(e), recordId: source.recordIdOf(e), time: source.timeOf(e) };
  }

  /** Begins the session (or finds it again), and returns it; undefined for a well-known Logon ID. */
  private beginSession(e: number, o: number): SessionRow | undefined {
    const { source } = this;
    const logonId = source.logonIdOf(o);
    if (wellKnownLogonId(logonId) !== undefined) return undefined;
    this.logonsInBoot++;
    const existing = this.current.get(logonId);
    const time = source.timeOf(e);
    // The same 4624 read from two overlapping exports is one session.
    if (existing !== undefined && existing.logon.recordId === source.recordIdOf(e) && existing.logon.time === time) {
      this.listener.attach(existing, e, o);
      return existing;
    }
    const session: SessionRow = { id: this.sessions.length, computer: this.computer, boot: this.boot, logonId, logon: this.walked(e), logonOccurrence: o };
    this.sessions.push(session);
    this.current.set(logonId, session);
    this.open.add(session);
    this.listener.attach(session, e, o);
    // 4672 and 4627 are often logged just before their 4624.
    for (const early of this.pending.get(logonId) ?? []) {
      if (time - early.at.time <= PRE_LOGON_WINDOW_MS) this.attachResolved(session, early.at, early.occurrence, early.grants);
    }
    this.pending.delete(logonId);
    return session;
  }

  private endSession(e: number, o: number, logonId: number): void {
    const session = this.current.get(logonId);
    if (session === undefined) return; // no logon in view in this boot: an orphan logoff
    this.listener.attach(session, e, o);
    const { userLogoff: USER_LOGOFF } = SESSION_EVENTS;
    const at = this.walked(e);
    if (at.eventId === USER_LOGOFF) {
      session.userLogoff ??= at;
      session.end ??= { kind: 'logoff', at };
    } else if (session.end === undefined || session.end.at.eventId === USER_LOGOFF) {
      session.end = { kind: 'logoff', at };
    }
    this.open.delete(session);
  }

  private attachMember(e: number, o: number, logonId: number, kind: number): void {
    const session = this.current.get(logonId);
    const grants = this.source.grantsPrivileges(o);
    if (session !== undefined) {
      this.attachResolved(session, e, o, grants);
    } else if (kind & EVENT_KIND.preLogon) {
      const member = { at: this.walked(e), occurrence: o, grants };
      const waiting = this.pending.get(logonId);
      if (waiting === undefined) this.pending.set(logonId, [member]);
      else waiting.push(member);
    }
  }

  /** `e` is the event being placed, or one placed before (a 4672 waiting for its 4624). */
  private attachResolved(session: SessionRow, e: number | WalkedEvent, o: number, grants: boolean): void {
    this.listener.attach(session, typeof e === 'number' ? e : e.event, o);
    if (grants) session.privileges ??= typeof e === 'number' ? this.walked(e) : e;
  }

  /** A new boot begins at event `e`: the sessions still open ended with the shutdown, or the restart. */
  private endBoot(e: number): void {
    const end = { kind: this.shutdown === undefined ? 'restart' as const : 'shutdown' as const, at: this.shutdown ?? this.walked(e) };
    for (const session of this.open) session.end = end;
    this.open.clear();
    this.shutdown = undefined;
    this.newBoot(e);
  }

  private newBoot(e: number): void {
    if (this.eventsInBoot === 0) return;
    this.finishBoot();
    this.boot++;
    this.eventsInBoot = 0;
    this.logonsInBoot = 0;
    this.current = new Map();
    this.pending = new Map();
    this.open.clear();
    this.listener.bootBegins?.(this.computer, this.boot, this.walked(e));
  }

  /** Links split-token pairs once every session of the boot is known. */
  private finishBoot(): void {
    for (const { occurrence, logonId, owner } of this.linked) {
      const other = this.current.get(logonId);
      if (other === undefined || other === owner) continue;
      this.listener.link(other, occurrence);
      owner.linked = other;
      owner.linkedLogonId = logonId;
    }
    this.linked = [];
  }
}
