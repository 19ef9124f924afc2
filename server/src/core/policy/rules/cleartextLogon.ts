import { accountLabel } from '../account';
import { dataField } from '../../parse/model';
import { isSecurityEvent, Rule, targetAccount } from '../rule';

export const cleartextLogon: Rule = {
  id: 'cleartext-logon',
  defaultSeverity: 'warning',
  summary: 'A logon of type 8 (NetworkCleartext): the password crossed the network unhashed.',
  check(event) {
    if (!isSecurityEvent(event, 4624)) return undefined;
    const logonType = dataField(event.event.record, 'LogonType');
    if (logonType?.value.trim() !== '8') return undefined;
    const account = targetAccount(event.event.record);
    return { field: logonType, account, message: `${accountLabel(account)} logged on with NetworkCleartext (8): the password was sent over the network in clear text.` };
  },
};
