import { accountLabel, matchesAny } from '../account';
import { dataField } from '../../parse/model';
import { Rule, targetAccount } from '../rule';

export const highValueAccountLogon: Rule = {
  id: 'high-value-account-logon',
  defaultSeverity: 'information',
  summary: 'A logon by an account on the configured high-value list.',
  events: [4624],
  check(event, { policy }) {
    const account = targetAccount(event.event.record);
    if (!matchesAny(account, policy.highValueAccounts)) return undefined;
    const at = dataField(event.event.record, 'TargetUserName') ?? dataField(event.event.record, 'TargetUserSid');
    return at && { field: at, account, message: `High-value account ${accountLabel(account)} logged on. Check that this logon was expected.` };
  },
};
