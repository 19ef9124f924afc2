import { dataValue, EventRecord, Field, LocatedEvent, Severity } from '../parse/model';
import { EventFacts } from '../sessions/eventFacts';
import { Account } from './account';
import { Policy } from './policy';

/** One event, as a rule sees it. */
export interface PolicyEvent {
  uri: string;
  event: LocatedEvent;
  facts: EventFacts;
  /** For a 4624 the session it begins; for a 4634/4647 the session it ends, if in view. */
  session?: RuleSession;
  /** For a 4634/4647 whose session is not in view: its TargetLogonId field. */
  orphanLogoff?: Field;
}

/** What rules know of a logon session: the editor and the command line each provide it. */
export interface RuleSession {
  start: number;
  /** Where the 4672 that gave the session special privileges is, if one is in view. */
  privileges?: Site;
  /** The group SIDs (upper-cased) the session's 4627 events list, with where each list is. */
  groups(): readonly { sid: string; site: Site }[];
}

/** A span of a document, in absolute offsets. */
export interface Site {
  uri: string;
  start: number;
  end: number;
}

export interface RuleContext {
  policy: Policy;
}

/** Evidence for a finding, shown as related information. */
export interface Evidence {
  site: Site;
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
  /**
   * The Security-auditing events it looks at, when it looks at only some: `checkEvent` asks it of
   * no other event, so its check need not test the event's ID. Most events are none of any rule's.
   */
  events?: readonly number[];
  check(event: PolicyEvent, context: RuleContext): Finding | undefined;
}

export { targetAccount } from '../sessions/logonFacts';

export function subjectAccount(record: EventRecord): Account {
  return { user: dataValue(record, 'SubjectUserName'), domain: dataValue(record, 'SubjectDomainName'), sid: dataValue(record, 'SubjectUserSid') };
}
