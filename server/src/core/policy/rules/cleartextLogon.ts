import { accountLabel } from '../account';
import { field, isSecurityEvent, Rule, targetAccount } from '../rule';

export const cleartextLogon: Rule = {
  id: 'cleartext-logon',
  defaultSeverity: 'warning',
  summary: 'A logon of type 8 (NetworkCleartext): the password crossed the network unhashed.',
  check(event) {
    if (!isSecurityEvent(event, 4624)) return undefined;
    const logonType = field(event.event.record, 'LogonType');
    if (logonType?.value.trim() !== '8') return undefined;
    const account = targetAccount(event.event.record);
    return { field: logonType, account, message: `${accountLabel(account)} logged on with NetworkCleartext (8): the password was sent over the network in clear text.` };
  },
};
