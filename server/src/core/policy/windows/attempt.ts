import { isSuccessStatus, statusCode } from '../../knowledge/statusCodes';
import { visibleLabel } from '../../text/display';
import { plainAddress } from '../cidr';
import { detachedCopy } from '../../parse/detachedCopy';
import { dataField, dataValue, EventRecord, LocatedEvent } from '../../parse/model';
import { EventFacts } from '../../sessions/eventFacts';
import { Account } from '../account';
import { roastableTicket } from '../rules/kerberoasting';

/**
 * One logon attempt, as window rules see it: a failure (4625, a failed 4771 or 4776), a success
 * (4624), a use of explicit credentials (4648), or a service ticket Kerberoasting asks for (a 4769
 * with RC4 for a user's service: `account` is the service, `source` who asked). Read once per record. It holds copies of a few
 * values and numbers, never the event: trackers keep attempts for a window, and a kept record (or
 * a slice of its text) would keep the whole event alive.
 */
export interface Attempt {
  kind: 'failure' | 'success' | 'explicit' | 'ticket';
  uri: string;
  /** Where its event begins, and what a finding on it covers (absolute offsets): the account name, else the EventID. */
  offset: number;
  start: number;
  end: number;
  time: number;
  /** Lower case, the computer that logged it: windows never span computers. */
  computer: string;
  /** Whose logon it was (for 4648: the account whose credentials were given; for a ticket: its service). */
  account: Account;
  /** `domain\user` (or the SID), lower case: what counts as one account. */
  accountKey: string;
  /** The address or workstation it came from, as written; for 4648, the caller's account. */
  source: string | undefined;
  /** A failure's reason in words, with its code: "bad password (0xc000006a)". */
  reason: string | undefined;
}

/**
 * 4625 is a failed logon; 4771 a failed Kerberos pre-authentication; 4776 an NTLM validation,
 * failed unless its Status is 0.
 *
 * `copy` makes the values it keeps independent of the text they were read from. The editor's
 * records hold copies already (see sharedFields.ts), so it passes `asKept`: copying them again
 * would keep two of each, one set per attempt.
 */
export function readAttempt(uri: string, event: LocatedEvent, facts: EventFacts, copy: (text: string) => string = detachedCopy): Attempt | undefined {
  if (!facts.security || facts.time === undefined) return undefined;
  const { record } = event;
  switch (facts.eventId) {
    case 4625: return attempt(copy, 'failure', uri, event, facts, target(record), source(record, 'IpAddress', 'WorkstationName'), ntReason(dataValue(record, 'SubStatus'), dataValue(record, 'Status')));
    case 4771: {
      const status = dataValue(record, 'Status');
      return attempt(copy, 'failure', uri, event, facts, target(record), source(record, 'IpAddress'), kerberosReason(status));
    }
    case 4776: {
      const status = dataValue(record, 'Status');
      if (status === undefined || isSuccessStatus(status)) return undefined;
      return attempt(copy, 'failure', uri, event, facts, { user: dataValue(record, 'TargetUserName') }, source(record, 'Workstation'), ntReason(status));
    }
    case 4624: {
      // Logons Windows makes for itself (SYSTEM, services, window managers) are no one's guess.
      const type = dataValue(record, 'LogonType');
      if (type !== '2' && type !== '3' && type !== '7' && type !== '8' && type !== '10' && type !== '11') return undefined;
      return attempt(copy, 'success', uri, event, facts, target(record), source(record, 'IpAddress', 'WorkstationName'), undefined);
    }
    case 4648: {
      const subject = { user: dataValue(record, 'SubjectUserName'), domain: dataValue(record, 'SubjectDomainName') };
      if (subject.user === undefined) return undefined;
      return attempt(copy, 'explicit', uri, event, facts, target(record), subject.domain !== undefined ? `${subject.domain}\\${subject.user}` : subject.user, undefined);
    }
    case 4769: {
      const ticket = roastableTicket(record);
      if (ticket === undefined || ticket.account.user === undefined) return undefined;
      const requester = ticket.account.domain !== undefined ? `${ticket.account.domain}\\${ticket.account.user}` : ticket.account.user;
      return attempt(copy, 'ticket', uri, event, facts, { user: ticket.service }, requester, undefined);
    }
    default:
      return undefined;
  }
}

function attempt(copy: (text: string) => string, kind: Attempt['kind'], uri: string, event: LocatedEvent, facts: EventFacts, account: Account, source: string | undefined, reason: string | undefined): Attempt | undefined {
  const copied = (text: string | undefined): string | undefined => (text === undefined ? undefined : copy(text));
  const accountKey = keyOf(account);
  if (accountKey === undefined) return undefined;
  const field = dataField(event.record, 'TargetUserName') ?? event.record.system.EventID;
  if (field === undefined) return undefined;
  return {
    kind,
    uri,
    offset: event.offset,
    start: event.offset + field.start,
    end: Math.max(event.offset + field.end, event.offset + field.start + 1),
    time: facts.time!,
    computer: copy(facts.computer),
    account: { user: copied(account.user), domain: copied(account.domain), sid: copied(account.sid) },
    accountKey: copy(accountKey),
    source: copied(source),
    reason,
  };
}

/** For values that are copies already. */
export const asKept = (text: string): string => text;

function target(record: EventRecord): Account {
  return { user: dataValue(record, 'TargetUserName'), domain: dataValue(record, 'TargetDomainName'), sid: dataValue(record, 'TargetUserSid') ?? dataValue(record, 'TargetSid') };
}

/** The first of these fields with a value other than a loopback or empty address. */
function source(record: EventRecord, ...names: string[]): string | undefined {
  for (const name of names) {
    const given = dataValue(record, name);
    const value = given === undefined ? undefined : plainAddress(given);
    if (value !== undefined && value !== '::1' && value !== '127.0.0.1') return value;
  }
  return undefined;
}

/** `domain\user` in lower case (a Kerberos `user@REALM` has no domain part here), else the SID. */
export function keyOf(account: Account): string | undefined {
  if (account.user !== undefined) return `${(account.domain ?? '').toLowerCase()}\\${account.user.toLowerCase()}`;
  return account.sid?.toLowerCase();
}

/** What an NTSTATUS says, in a few words: the SubStatus is the precise one when given. */
function ntReason(...codes: (string | undefined)[]): string | undefined {
  for (const text of codes) {
    const status = text === undefined ? undefined : statusCode(text);
    if (status === undefined || status.code === 0) continue;
    const hex = `0x${status.code.toString(16)}`;
    const words = NT_WORDS[status.code] ?? status.entry?.meaning.replace(/\.$/, '').replace(/^User logon with /, '').toLowerCase();
    return words === undefined ? hex : `${words} (${hex})`;
  }
  return undefined;
}

const NT_WORDS: Record<number, string> = {
  0xc000006a: 'bad password',
  0xc0000064: 'unknown user',
  0xc000006d: 'bad user name or password',
  0xc0000234: 'account locked out',
  0xc0000072: 'account disabled',
  0xc0000071: 'expired password',
  0xc0000193: 'expired account',
};

/** Kerberos failure codes of a 4771 (RFC 4120). */
function kerberosReason(status: string | undefined): string | undefined {
  if (status === undefined) return undefined;
  const code = Number(status);
  const words = KERBEROS_WORDS[code];
  // The code as written goes into messages: shown as a label, like every value from the data.
  const written = visibleLabel(status, 24);
  return words === undefined ? written : `${words} (${written})`;
}

const KERBEROS_WORDS: Record<number, string> = {
  0x18: 'bad password',
  0x6: 'unknown user',
  0x12: 'account disabled, expired or locked out',
  0x17: 'expired password',
  0x25: 'clock skew',
};

/** Two readings of one event give the same attempt, at the same place: window findings cannot differ. */
export function sameAttempt(a: Attempt | undefined, b: Attempt | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.kind === b.kind && a.uri === b.uri && a.offset === b.offset && a.start === b.start && a.end === b.end && a.time === b.time
    && a.computer === b.computer && a.accountKey === b.accountKey && a.source === b.source && a.reason === b.reason
    && a.account.user === b.account.user && a.account.domain === b.account.domain && a.account.sid === b.account.sid;
}
