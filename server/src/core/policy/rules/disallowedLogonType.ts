import { logonType } from '../../knowledge/logonTypes';
import { accountLabel, accountMatches } from '../account';
import { field, isSecurityEvent, Rule, targetAccount } from '../rule';

/** Group SIDs the session's 4627 lists. */
function sessionGroups(event: Parameters<Rule['check']>[0]): string[] {
  const groups: string[] = [];
  for (const ref of event.session?.events ?? []) {
    if (ref.eventId !== 4627) continue;
    for (const m of field(ref.event.record, 'GroupMembership')?.value.matchAll(/S-1-[0-9-]+/gi) ?? []) groups.push(m[0].toUpperCase());
  }
  return groups;
}

export const disallowedLogonType: Rule = {
  id: 'disallowed-logon-type',
  defaultSeverity: 'warning',
  summary: 'An account or group logged on with a logon type its policy does not allow.',
  check(event, { policy }) {
    if (!isSecurityEvent(event, 4624) || policy.allowedLogonTypes === undefined) return undefined;
    const at = field(event.event.record, 'LogonType');
    const type = Number(at?.value.trim());
    if (at === undefined || !Number.isInteger(type)) return undefined;
    const account = targetAccount(event.event.record);
    const groups = sessionGroups(event);
    for (const [who, allowed] of Object.entries(policy.allowedLogonTypes)) {
      const applies = accountMatches(account, who) || groups.includes(who.trim().toUpperCase());
      if (!applies || allowed.includes(type)) continue;
      const names = allowed.map(t => `${logonType(t)?.name ?? 'type'} (${t})`).join(', ');
      return { field: at, account, message: `${accountLabel(account)} logged on as ${logonType(type)?.name ?? 'type'} (${type}); the policy for ${who} allows only ${names || 'no logon types'}.` };
    }
    return undefined;
  },
};
