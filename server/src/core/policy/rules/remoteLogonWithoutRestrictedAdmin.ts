import { accountLabel, matchesAny } from '../account';
import { dataField } from '../../parse/model';
import { Rule, targetAccount } from '../rule';

export const remoteLogonWithoutRestrictedAdmin: Rule = {
  id: 'remote-logon-without-restricted-admin',
  defaultSeverity: 'warning',
  summary: 'An RDP logon (type 10) without Restricted Admin mode, by an account configured to require it.',
  events: [4624],
  check(event, { policy }) {
    const record = event.event.record;
    const logonType = dataField(record, 'LogonType');
    if (logonType?.value.trim() !== '10') return undefined;
    const account = targetAccount(record);
    if (!matchesAny(account, policy.requireRestrictedAdmin)) return undefined;
    const mode = dataField(record, 'RestrictedAdminMode');
    if (mode?.value.trim() === '%%1842') return undefined;
    return { field: mode ?? logonType, account, message: `${accountLabel(account)} logged on over RDP without Restricted Admin mode, which the policy requires for this account.` };
  },
};
