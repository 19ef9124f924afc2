import { logonType } from '../../knowledge/logonTypes';
import { accountLabel, accountMatches } from '../account';
import { dataField } from '../../parse/model';
import { Rule, targetAccount } from '../rule';

export const disallowedLogonType: Rule = {
  id: 'disallowed-logon-type',
  defaultSeverity: 'warning',
  summary: 'An account or group logged on with a logon type its policy does not allow.',
  events: [4624],
  check(event, { policy }) {
    if (policy.allowedLogonTypes === undefined) return undefined;
    const at = dataField(event.event.record, 'LogonType');
    const type = Number(at?.value.trim());
    if (at === undefined || !Number.isInteger(type)) return undefined;
    const account = targetAccount(event.event.record);
    const groups = event.session?.groups().map(g => g.sid) ?? [];
    for (const [who, allowed] of Object.entries(policy.allowedLogonTypes)) {
      const applies = accountMatches(account, who) || groups.includes(who.trim().toUpperCase());
      if (!applies || allowed.includes(type)) continue;
      const names = allowed.map(t => `${logonType(t)?.name ?? 'type'} (${t})`).join(', ');
      return { field: at, account, message: `${accountLabel(account)} logged on as ${logonType(type)?.name ?? 'type'} (${type}); the policy for ${who} allows only ${names || 'no logon types'}.` };
    }
    return undefined;
  },
};
