import { Field, LocatedEvent } from '../parse/model';

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

export type SessionEnd =
  | { kind: 'logoff'; ref: EventRef; time: number } // a 4634
  | { kind: 'shutdown'; ref: EventRef; time: number } // 4609 or 1100 while the session was open
  | { kind: 'restart'; ref: EventRef; time: number }; // a 4608 with no shutdown logged before it

export interface Session {
  /** Stable within one index: computer, boot and Logon ID. */
  key: string;
  computer: string;
  /** The boot, counted from 0 per computer in time order. */
  boot: number;
  logonId: number;
  /** The 4624 that began the session, and its TargetLogonId field. */
  logon: EventRef;
  logonField: Field;
  start: number;
  end?: SessionEnd;
  /** A 4647: the user chose to log off. Usually followed by a 4634. */
  userLogoff?: EventRef;
  account: { user?: string; domain?: string; sid?: string };
  logonType?: number;
  source: { ip?: string; workstation?: string };
  /** The 4672 that assigned special privileges to the session, if one is in view. */
  privileges?: EventRef;
  /** The other half of a split-token (UAC) pair. */
  linked?: Session;
  linkedLogonId?: number;
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
