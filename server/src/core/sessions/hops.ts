import { EventDocument } from '../parse/eventDocument';
import { computerName, dataValue, EventRecord, LocatedEvent } from '../parse/model';
import { userPart } from '../policy/account';
import { eventFacts } from './eventFacts';
import { EventRef, Session, SessionFacts, SessionIndex } from './model';

/**
 * A hop between hosts: a 4648 on host A (explicit credentials given to reach server B as account
 * X) and the 4624 on B that it caused (X logging on over the network, from A, within seconds).
 * Lateral movement made visible, when both hosts' events are in view.
 */
export interface Hop {
  /** The 4648 on the host the credentials left. */
  explicit: EventRef;
  /** The session its logon began on the target. */
  session: Session;
}

export interface Hops {
  /** By 4648 event: the logon it led to. */
  byExplicit: Map<LocatedEvent, Hop>;
  /** By 4624 event: the 4648s that caused it (usually one). */
  byLogon: Map<LocatedEvent, Hop[]>;
}

/** How long after the 4648 its 4624 may be written on the target, and before (the hosts' clocks differ a little). */
const AFTER_MS = 30_000;
const BEFORE_MS = 5_000;

/** Logon types a hop arrives as: network (3), network cleartext (8), RemoteInteractive (10). */
const HOP_TYPES = new Set([3, 8, 10]);

/** A host as both ends name it: the first label of a DNS name, a NetBIOS name or `\\NAME`, without case. */
export function hostLabel(name: string | undefined): string | undefined {
  const trimmed = name?.trim().replace(/^\\\\/, '').toLowerCase();
  if (trimmed === undefined || trimmed === '' || trimmed === '-' || trimmed === 'localhost') return undefined;
  // An address names no computer the target's events name.
  if (/^[\d.]+$/.test(trimmed) || trimmed.includes(':')) return undefined;
  return trimmed.split('.')[0];
}

/** The user part of an account name, as both ends write it (`DOMAIN\user`, `user@realm`); none for an empty or '-' value. */
function userLabel(name: string | undefined): string | undefined {
  const trimmed = name?.trim();
  return trimmed === undefined || trimmed === '' || trimmed === '-' ? undefined : userPart(trimmed);
}

/** What a hop's arriving logon must tell: enough of a session, as either face keeps it. */
export type Arrival = Pick<SessionFacts<unknown>, 'computer' | 'account' | 'logonType' | 'source' | 'start'>;

/** What a 4648 tells of where it went: its host, when, and the target server and account as labels. */
export interface Departure {
  computer: string;
  time: number;
  server: string;
  user: string;
}

/** A 4648's departure, when it names another host and an account (else undefined: it can be no hop). */
export function departureOf(record: EventRecord, time: number): Departure | undefined {
  const computer = computerName(record);
  const server = hostLabel(dataValue(record, 'TargetServerName'));
  const user = userLabel(dataValue(record, 'TargetUserName'));
  if (server === undefined || user === undefined || server === hostLabel(computer)) return undefined;
  return { computer, time, server, user };
}

/**
 * The logons a hop may arrive as, by target host and account: each 4648 is matched to the closest
 * network or remote logon of its target account on that host, from the 4648's host (when the
 * logon names its workstation), between 5 s before and 30 s after it. Both faces use it: the
 * editor with its sessions, the command line with the sessions of its first pass.
 */
export class Arrivals<S extends Arrival> {
  private readonly byTarget = new Map<string, S[]>();

  constructor(sessions: Iterable<S>) {
    for (const session of sessions) {
      if (session.logonType === undefined || !HOP_TYPES.has(session.logonType)) continue;
      const host = hostLabel(session.computer);
      const user = userLabel(session.account.user);
      if (host === undefined || user === undefined) continue;
      const key = `${host}|${user}`;
      const list = this.byTarget.get(key);
      if (list === undefined) this.byTarget.set(key, [session]);
      else list.push(session);
    }
  }

  get empty(): boolean {
    return this.byTarget.size === 0;
  }

  /** The logon a 4648 led to, if one is in view. */
  match(departure: Departure): S | undefined {
    const from = hostLabel(departure.computer);
    const { time } = departure;
    let best: S | undefined;
    for (const session of this.byTarget.get(`${departure.server}|${departure.user}`) ?? []) {
      if (session.start < time - BEFORE_MS || session.start > time + AFTER_MS) continue;
      const workstation = hostLabel(session.source.workstation);
      if (workstation !== undefined && from !== undefined && workstation !== from) continue;
      if (best === undefined || Math.abs(session.start - time) < Math.abs(best.start - time)) best = session;
    }
    return best;
  }
}

/** Every hop in view (see Arrivals): each 4648 naming another host, and the logon it led to. */
export function findHops(documents: Iterable<[uri: string, doc: EventDocument]>, index: SessionIndex): Hops {
  const hops: Hops = { byExplicit: new Map(), byLogon: new Map() };
  const arrivals = new Arrivals(index.sessions);
  if (arrivals.empty) return hops;
  for (const [uri, doc] of documents) {
    for (const event of doc.events) {
      const facts = eventFacts(event.record);
      if (!facts.security || facts.eventId !== 4648 || facts.time === undefined) continue;
      const departure = departureOf(event.record, facts.time);
      const best = departure === undefined ? undefined : arrivals.match(departure);
      if (best === undefined) continue;
      const hop: Hop = { explicit: { uri, event, time: facts.time, recordId: facts.recordId, eventId: facts.eventId }, session: best };
      hops.byExplicit.set(event, hop);
      const caused = hops.byLogon.get(best.logon.event);
      if (caused === undefined) hops.byLogon.set(best.logon.event, [hop]);
      else caused.push(hop);
    }
  }
  return hops;
}
