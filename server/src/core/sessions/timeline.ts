import { EVENTLOG_PROVIDER, SECURITY_PROVIDER } from '../knowledge/eventCatalog';
import { SESSION_EVENTS } from '../knowledge/logonIds';
import { EventFacts } from './eventFacts';
import { OccurrenceRole } from './model';

/** What an event is to correlation, as bits of `Timeline.flags`. */
export const EVENT_KIND = {
  /** A 4608: the first event of a new boot. */
  bootStart: 1,
  /** A 4609 or 1100: the last event of its boot. */
  bootEnd: 2,
  /** A LogonType-0 4624: the system's own logon, the first of a boot. */
  systemLogon: 4,
  /** A 4672 or 4627: may be logged just before the 4624 it belongs to. */
  preLogon: 8,
} as const;

/** The roles of `OccurrenceRole`, by the number `Timeline.role` stores. */
export const ROLES: readonly OccurrenceRole[] = ['logon', 'logoff', 'linked', 'member'];

/**
 * The events that correlation places, as columns of numbers: what the walk needs of each event
 * and of each of its Logon ID values, and nothing else. No text and no records, so a timeline
 * costs a few dozen bytes per event, and the command line can correlate exports far larger than
 * memory while streaming them.
 *
 * Event `e` owns the occurrences from `firstOccurrence[e]` up to `firstOccurrence[e + 1]` (or the
 * end), in the order of `EventFacts.logonIds`.
 */
export class Timeline {
  readonly time: number[] = [];
  readonly recordId: number[] = [];
  readonly eventId: number[] = [];
  /** Index into `computers`. */
  readonly computer: number[] = [];
  /** EVENT_KIND bits. */
  readonly kind: number[] = [];
  readonly firstOccurrence: number[] = [];

  readonly logonId: number[] = [];
  /** Index into ROLES. */
  readonly role: number[] = [];
  /** True for the SubjectLogonId of a 4672: the session was given special privileges. */
  readonly grantsPrivileges: boolean[] = [];

  /** Computer names, lower-cased: Logon IDs are unique per computer, and names compare without case. */
  readonly computers: string[] = [];
  private readonly computerIndex = new Map<string, number>();

  get eventCount(): number {
    return this.time.length;
  }

  get occurrenceCount(): number {
    return this.logonId.length;
  }

  /** Adds an event at its readable time (`facts.time`); returns its index. Events may come in any order. */
  add(facts: EventFacts, time: number): number {
    const e = this.time.length;
    this.time.push(time);
    this.recordId.push(facts.recordId);
    this.eventId.push(facts.eventId);
    this.computer.push(this.computerNumber(facts.computer));
    this.kind.push(kindOf(facts));
    this.firstOccurrence.push(this.logonId.length);
    for (const { logonId, role, field } of facts.logonIds) {
      this.logonId.push(logonId);
      this.role.push(ROLES.indexOf(role));
      this.grantsPrivileges.push(facts.security && facts.eventId === 4672 && field.name === 'SubjectLogonId');
    }
    return e;
  }

  /** The occurrences of event `e`: [first, end). */
  occurrencesOf(e: number): [first: number, end: number] {
    return [this.firstOccurrence[e]!, e + 1 < this.firstOccurrence.length ? this.firstOccurrence[e + 1]! : this.logonId.length];
  }

  private computerNumber(name: string): number {
    let n = this.computerIndex.get(name);
    if (n === undefined) {
      n = this.computers.length;
      this.computers.push(name);
      this.computerIndex.set(name, n);
    }
    return n;
  }
}

function kindOf(facts: EventFacts): number {
  const { security, eventId } = facts;
  let kind = 0;
  if (security && eventId === SESSION_EVENTS.bootStart) kind |= EVENT_KIND.bootStart;
  if (SESSION_EVENTS.bootEnd.includes(eventId) && (facts.provider === SECURITY_PROVIDER || facts.provider === EVENTLOG_PROVIDER)) kind |= EVENT_KIND.bootEnd;
  if (security && eventId === SESSION_EVENTS.logon && facts.logonType === 0) kind |= EVENT_KIND.systemLogon;
  if (security && SESSION_EVENTS.preLogon.includes(eventId)) kind |= EVENT_KIND.preLogon;
  return kind;
}
