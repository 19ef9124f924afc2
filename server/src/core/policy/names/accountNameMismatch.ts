import { SidNames, sidNameKey } from '../../features/learnedNames';
import { dataField, LocatedEvent, Problem, Severity } from '../../parse/model';
import { EventFacts } from '../../sessions/eventFacts';
import { targetAccount } from '../../sessions/logonFacts';
import { visibleLabel } from '../../text/display';
import { accountLabel, exceptionLabel, matchesAny, userPart } from '../account';
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
  if (!facts.security || facts.eventId !== 4624) return undefined;
  const level = ruleLevel(policy, ACCOUNT_NAME_MISMATCH.id, ACCOUNT_NAME_MISMATCH.defaultSeverity);
  if (level === 'off') return undefined;
  const { record } = event;
  const account = targetAccount(record);
  const sid = account.sid?.trim().toUpperCase();
  const field = dataField(record, 'TargetUserName');
  if (sid === undefined || !sid.startsWith('S-1-5-21-') || account.user === undefined || field === undefined) return undefined;
  if (matchesAny(account, ruleExceptions(policy, ACCOUNT_NAME_MISMATCH.id), 'never')) return undefined;
  const mine = userPart(account.user);
  let message: string | undefined;
  if (sid.endsWith(KRBTGT_RID) && mine !== 'krbtgt') {
    message = `${accountLabel(account)} logged on with SID ${visibleLabel(sid, 80)}, whose RID 502 is krbtgt's: no one logs on as krbtgt. A Kerberos ticket forged with that SID carries a made-up name.`;
  } else {
    // The names other events give this SID, by user part: a domain written as NetBIOS or DNS name is the same account.
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
    if (other !== undefined && other.count >= own) {
      const times = (n: number): string => `${n} event${n === 1 ? '' : 's'}`;
      message = `${accountLabel(account)} logged on with SID ${visibleLabel(sid, 80)}, which ${times(other.count)} of the data name ${visibleLabel(other.label, 120)} (this name: ${times(own)}). `
        + 'A renamed account, or a Kerberos ticket forged with a real SID and a made-up name (golden or silver ticket).';
    }
  }
  if (message === undefined) return undefined;
  return {
    start: event.offset + field.start,
    end: Math.max(event.offset + field.end, event.offset + field.start + 1),
    code: ACCOUNT_NAME_MISMATCH.id,
    severity: level,
    message,
    account: exceptionLabel(account),
    computer: record.system.Computer?.value.trim(),
  };
}
