import { Field, LocatedEvent } from '../parse/model';
import { LogonFacts } from './logonFacts';

/** One event of one document, placed in time. */
export interface EventRef {
  uri: string;
  event: LocatedEvent;
  /** TimeCreated in epoch milliseconds. */
  time: number;
  recordId: number;
  eventId: number;
}

/** How a Logon ID value relates to the session it names. */
export type OccurrenceRole =
  | 'logon' // 4624 TargetLogonId: begins the session
  | 'logoff' // 4634 / 4647 TargetLogonId
  | 'linked' // 4624 TargetLinkedLogonId: names the other half of a split-token pair
  | 'member'; // any other Logon ID field: an event inside (or about) the session

/** A Logon ID value in an event. */
export interface Occurrence {
  ref: EventRef;
  field: Field;
  logonId: number;
  role: OccurrenceRole;
  /** The session it names, if one is in view. Never set for well-known Logon IDs. */
  session?: Session;
}

/** How a session ended, and the event that says so (`Ref`: whatever a face keeps of an event). */
export interface SessionEnd<Ref = EventRef> {
  /** logoff: a 4634; shutdown: a 4609 or 1100 while it was open; restart: a 4608 with no shutdown logged before it. */
  kind: 'logoff' | 'shutdown' | 'restart';
  ref: Ref;
  time: number;
}

/**
 * What every face knows of a logon session, whatever it keeps of its events: the editor keeps
 * the events themselves (`Session`), the command line only marks of them (`ExportSession`).
 */
export interface SessionFacts<Ref> extends LogonFacts {
  computer: string;
  logonId: number;
  start: number;
  end?: SessionEnd<Ref>;
  /** A 4647: the user chose to log off. Usually followed by a 4634. */
  userLogoff?: Ref;
  /** The Logon ID of the other half of a split-token (UAC) pair. */
  linkedLogonId?: number;
}

export interface Session extends SessionFacts<EventRef> {
  /** Stable within one index: computer, boot and Logon ID. */
  key: string;
  /** The boot, counted from 0 per computer in time order. */
  boot: number;
  /** The 4624 that began the session, and its TargetLogonId field. */
  logon: EventRef;
  logonField: Field;
  /** The 4672 that assigned special privileges to the session, if one is in view. */
  privileges?: EventRef;
  /** The other half of a split-token (UAC) pair. */
  linked?: Session;
  /** Every event that names the session, in time order. */
  events: EventRef[];
  /** Every Logon ID value that names the session. */
  occurrences: Occurrence[];
}

export interface SessionIndex {
  sessions: Session[];
  /** Every Logon ID value of each document, in document order. */
  occurrencesByUri: Map<string, Occurrence[]>;
}
