import { EVENTLOG_PROVIDER, SECURITY_PROVIDER } from '../knowledge/eventCatalog';
import { SESSION_EVENTS } from '../knowledge/logonIds';
import { ComputerNumbers } from './computerNumbers';
import type { WalkSource } from './correlate';
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
 * costs a few dozen bytes per event: the editor's documents and workspace files. (The command line
 * keeps the same facts as rows sorted on disk: cli/walkRows.ts.)
 *
 * Event `e` owns the occurrences from `firstOccurrence[e]` up to `firstOccurrence[e + 1]` (or the
 * end), in the order of `EventFacts.logonIds`. Columns are typed arrays with room to grow: read
 * only the first `eventCount` (or `occurrenceCount`) entries.
 */
export class Timeline implements WalkSource {
  time = new Float64Array(1024);
  recordId = new Float64Array(1024);
  eventId = new Int32Array(1024);
  /** Index into `computers`. */
  computer = new Int32Array(1024);
  /** EVENT_KIND bits. */
  kind = new Uint8Array(1024);
  firstOccurrence = new Int32Array(1024);

  logonId = new Float64Array(1024);
  /** Index into ROLES, plus GRANTS_PRIVILEGES. */
  role = new Uint8Array(1024);
  /** The event each occurrence belongs to. */
  event = new Int32Array(1024);

  readonly computerNumbers = new ComputerNumbers();
  /** Computer names by number (see ComputerNumbers). */
  readonly computers = this.computerNumbers.names;
  eventCount = 0;
  occurrenceCount = 0;

  /** Adds an event at its readable time (`facts.time`); returns its index. Events may come in any order. */
  add(facts: EventFacts, time: number): number {
    const e = this.eventCount++;
    if (e === this.time.length) this.growEvents();
    this.time[e] = time;
    this.recordId[e] = facts.recordId;
    this.eventId[e] = facts.eventId;
    this.computer[e] = this.computerNumbers.numberOf(facts.computer);
    this.kind[e] = eventKind(facts);
    this.firstOccurrence[e] = this.occurrenceCount;
    for (const entry of facts.logonIds) {
      const o = this.occurrenceCount++;
      if (o === this.logonId.length) this.growOccurrences();
      this.logonId[o] = entry.logonId;
      this.role[o] = roleCode(facts, entry);
      this.event[o] = e;
    }
    return e;
  }

  timeOf(e: number): number {
    return this.time[e]!;
  }

  recordIdOf(e: number): number {
    return this.recordId[e]!;
  }

  eventIdOf(e: number): number {
    return this.eventId[e]!;
  }

  kindOf(e: number): number {
    return this.kind[e]!;
  }

  logonIdOf(o: number): number {
    return this.logonId[o]!;
  }

  roleOf(o: number): OccurrenceRole {
    return roleOfCode(this.role[o]!);
  }

  /** True for the SubjectLogonId of a 4672: the session was given special privileges. */
  grantsPrivileges(o: number): boolean {
    return grantsPrivilegesByCode(this.role[o]!);
  }

  /** The occurrences of event `e`: [first, end). */
  occurrencesOf(e: number): [first: number, end: number] {
    return [this.firstOccurrence[e]!, e + 1 < this.eventCount ? this.firstOccurrence[e + 1]! : this.occurrenceCount];
  }

  private growEvents(): void {
    const n = this.time.length * 2;
    this.time = grown(this.time, new Float64Array(n));
    this.recordId = grown(this.recordId, new Float64Array(n));
    this.eventId = grown(this.eventId, new Int32Array(n));
    this.computer = grown(this.computer, new Int32Array(n));
    this.kind = grown(this.kind, new Uint8Array(n));
    this.firstOccurrence = grown(this.firstOccurrence, new Int32Array(n));
  }

  private growOccurrences(): void {
    const n = this.logonId.length * 2;
    this.logonId = grown(this.logonId, new Float64Array(n));
    this.role = grown(this.role, new Uint8Array(n));
    this.event = grown(this.event, new Int32Array(n));
  }
}

/** An occurrence's role and whether it grants privileges, as one byte (see `roleOfCode`). */
export function roleCode(facts: EventFacts, { role, field }: EventFacts['logonIds'][number]): number {
  const grants = facts.security && facts.eventId === 4672 && field.name === 'SubjectLogonId';
  return ROLES.indexOf(role) | (grants ? GRANTS_PRIVILEGES : 0);
}

export function roleOfCode(code: number): OccurrenceRole {
  return ROLES[code & ~GRANTS_PRIVILEGES]!;
}

/** True for the SubjectLogonId of a 4672: the session was given special privileges. */
export function grantsPrivilegesByCode(code: number): boolean {
  return (code & GRANTS_PRIVILEGES) !== 0;
}

const GRANTS_PRIVILEGES = 0x80;

function grown<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** What an event is to correlation: EVENT_KIND bits (the timeline view draws boots and shutdowns from them too). */
export function eventKind(facts: EventFacts): number {
  const { security, eventId } = facts;
  let kind = 0;
  if (security && eventId === SESSION_EVENTS.bootStart) kind |= EVENT_KIND.bootStart;
  if (SESSION_EVENTS.bootEnd.includes(eventId) && (facts.provider === SECURITY_PROVIDER || facts.provider === EVENTLOG_PROVIDER)) kind |= EVENT_KIND.bootEnd;
  if (security && eventId === SESSION_EVENTS.logon && facts.logonType === 0) kind |= EVENT_KIND.systemLogon;
  if (security && SESSION_EVENTS.preLogon.includes(eventId)) kind |= EVENT_KIND.preLogon;
  return kind;
}
