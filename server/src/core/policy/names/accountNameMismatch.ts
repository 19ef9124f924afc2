import { SidNames, sidNameKey } from '../../features/learnedNames';
import { dataField, LocatedEvent, Problem, Severity } from '../../parse/model';
import { EventFacts } from '../../sessions/eventFacts';
import { targetAccount } from '../../sessions/logonFacts';
import { visibleLabel } from '../../text/display';
import { Account, accountLabel, exceptionLabel, matchesAny, userPart } from '../account';
import { Policy, ruleExceptions, ruleLevel } from '../policy';

/**
 * `account-name-mismatch`: a logon whose account SID other events of the data name differently.
 * A Kerberos ticket forged with a real SID (a golden or silver ticket) carries whatever user name
 * its maker typed, and the 4624 on the target writes that name beside the SID. It needs every
 * event's names first, so it runs beside the event rules, over the names both faces learn.
 */
export const ACCOUNT_NAME_MISMATCH = {
  id: 'account-name-mismatch',
  defaultSeverity: 'warning' as Severity,
  summary: 'A logon (4624) names an account SID differently from the other events that name it, or names the krbtgt SID (RID 502) as anyone else: a forged Kerberos ticket, or a renamed account.',
};

/** krbtgt's RID: no one logs on as it, and a ticket forged for it under another name gives itself away. */
const KRBTGT_RID = '-502';

/**
 * The finding for one event, if it is a 4624 whose TargetUserSid is a domain or machine account
 * (S-1-5-21-…) named here less often than by another name elsewhere (a tie flags both ends).
 */
export function nameMismatch(event: LocatedEvent, facts: EventFacts, names: SidNames, policy: Policy): Problem | undefined {
  const subject = mismatchSubject(event, facts, policy);
  const message = subject === undefined ? undefined : mismatchMessage(subject, names);
  return message === undefined ? undefined : mismatchProblem(subject!, message);
}

/** A 4624 the rule looks at: its account, with what a finding on it needs. */
export interface MismatchSubject {
  account: Account;
  /** Its TargetUserSid, trimmed and upper-cased: a domain or machine account's. */
  sid: string;
  /** Its user name's user part, lower-cased (see userPart). */
  mine: string;
  level: Severity;
  start: number;
  end: number;
  computer: string | undefined;
}

/** The 4624 the rule would look at, before any names are known; undefined for any other event. */
export function mismatchSubject(event: LocatedEvent, facts: EventFacts, policy: Policy): MismatchSubject | undefined {
  if (!facts.security || facts.eventId !== 4624) return undefined;
  const level = ruleLevel(policy, ACCOUNT_NAME_MISMATCH.id, ACCOUNT_NAME_MISMATCH.defaultSeverity);
  if (level === 'off') return undefined;
  const { record } = event;
  const account = targetAccount(record);
  const sid = account.sid?.trim().toUpperCase();
  const field = dataField(record, 'TargetUserName');
  if (sid === undefined || !sid.startsWith('S-1-5-21-') || account.user === undefined || field === undefined) return undefined;
  if (matchesAny(account, ruleExceptions(policy, ACCOUNT_NAME_MISMATCH.id), 'never')) return undefined;
  return {
    account,
    sid,
    mine: userPart(account.user),
    level,
    start: event.offset + field.start,
    end: Math.max(event.offset + field.end, event.offset + field.start + 1),
    computer: record.system.Computer?.value.trim(),
  };
}

/** Whether a SID's RID makes it krbtgt's, which no one else may carry: decided without names. */
export function claimsKrbtgt(subject: Pick<MismatchSubject, 'sid' | 'mine'>): boolean {
  return subject.sid.endsWith(KRBTGT_RID) && subject.mine !== 'krbtgt';
}

/** What the rule says of the subject, given the names the data pairs with SIDs; undefined: nothing. */
export function mismatchMessage(subject: Pick<MismatchSubject, 'account' | 'sid' | 'mine'>, names: SidNames): string | undefined {
  const { account, sid } = subject;
  if (claimsKrbtgt(subject)) {
    return `${accountLabel(account)} logged on with SID ${visibleLabel(sid, 80)}, whose RID 502 is krbtgt's: no one logs on as krbtgt. A Kerberos ticket forged with that SID carries a made-up name.`;
  }
  const rival = rivalName(subject, names);
  if (rival === undefined) return undefined;
  const times = (n: number): string => `${n} event${n === 1 ? '' : 's'}`;
  return `${accountLabel(account)} logged on with SID ${visibleLabel(sid, 80)}, which ${times(rival.count)} of the data name ${visibleLabel(rival.label, 120)} (this name: ${times(rival.own)}). `
    + 'A renamed account, or a Kerberos ticket forged with a real SID and a made-up name (golden or silver ticket).';
}

/** Whether the rule flags a subject, given the names: what `mismatchMessage` decides, without its words. */
export function mismatchFlags(subject: Pick<MismatchSubject, 'sid' | 'mine'>, names: SidNames): boolean {
  return claimsKrbtgt(subject) || rivalName(subject, names) !== undefined;
}

/**
 * The name other events give the SID most, by user part (a domain written as NetBIOS or DNS name is
 * the same account), when they give it at least as often as this one (`own` times).
 */
function rivalName({ sid, mine }: Pick<MismatchSubject, 'sid' | 'mine'>, names: SidNames): { label: string; count: number; own: number } | undefined {
  const byUser = new Map<string, { label: string; count: number }>();
  for (const [name, count] of names.get(sidNameKey(sid, undefined)) ?? []) {
    const user = userPart(name);
    const known = byUser.get(user);
    if (known === undefined) byUser.set(user, { label: name, count });
    else known.count += count;
  }
  const own = byUser.get(mine)?.count ?? 0;
  let other: { label: string; count: number } | undefined;
  for (const [user, named] of byUser) if (user !== mine && (other === undefined || named.count > other.count)) other = named;
  return other === undefined || other.count < own ? undefined : { ...other, own };
}

function mismatchProblem(subject: MismatchSubject, message: string): Problem {
  return {
    start: subject.start,
    end: subject.end,
    code: ACCOUNT_NAME_MISMATCH.id,
    severity: subject.level,
    message,
    account: exceptionLabel(subject.account),
    computer: subject.computer,
  };
}
