import { accountLabel, matchesAny } from '../account';
import { dataField } from '../../parse/model';
import { Rule, targetAccount } from '../rule';

export const forbiddenAccountLogon: Rule = {
  id: 'forbidden-account-logon',
  defaultSeverity: 'error',
  summary: 'A logon by an account that must never log on (disabled, guest, decommissioned).',
  events: [4624],
  check(event, { policy }) {
    const account = targetAccount(event.event.record);
    if (!matchesAny(account, policy.forbiddenAccounts)) return undefined;
    const at = dataField(event.event.record, 'TargetUserName') ?? dataField(event.event.record, 'TargetUserSid');
    return at && { field: at, account, message: `${accountLabel(account)} logged on, but the policy says this account must never log on.` };
  },
};
