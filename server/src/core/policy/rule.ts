import { dataValue, EventRecord, Field, LocatedEvent, Severity } from '../parse/model';
import { EventFacts } from '../sessions/eventFacts';
import { EventRef, Session, SessionIndex } from '../sessions/model';
import { Account } from './account';
import { Policy } from './policy';

/** One event, as a rule sees it. */
export interface PolicyEvent {
  uri: string;
  event: LocatedEvent;
  facts: EventFacts;
  /** For a 4624 the session it begins; for a 4634/4647 the session it ends, if in view. */
  session?: Session;
  /** For a 4634/4647 whose session is not in view: its TargetLogonId field. */
  orphanLogoff?: Field;
}

export interface RuleContext {
  policy: Policy;
  index: SessionIndex;
}

/** Evidence for a finding, shown as related information. */
export interface Evidence {
  ref: EventRef;
  field?: Field;
  message: string;
}

export interface Finding {
  /** The offending value. */
  field: Field;
  message: string;
  /** Whom it is about: used for the rule's exceptions and the quick fixes. */
  account?: Account;
  evidence?: Evidence[];
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One sentence, for the docs index and SARIF. */
  summary: string;
  check(event: PolicyEvent, context: RuleContext): Finding | undefined;
}

/** The account a logon event is about: its Target* fields. */
export function targetAccount(record: EventRecord): Account {
  return { user: dataValue(record, 'TargetUserName'), domain: dataValue(record, 'TargetDomainName'), sid: dataValue(record, 'TargetUserSid') };
}

export function subjectAccount(record: EventRecord): Account {
  return { user: dataValue(record, 'SubjectUserName'), domain: dataValue(record, 'SubjectDomainName'), sid: dataValue(record, 'SubjectUserSid') };
}

/** True for a Security-auditing event with one of these IDs. */
export function isSecurityEvent(event: PolicyEvent, ...ids: number[]): boolean {
  return event.facts.security && ids.includes(event.facts.eventId);
}
