import { accountLabel } from '../account';
import { dataField } from '../../parse/model';
import { Rule, targetAccount } from '../rule';

export const cleartextLogon: Rule = {
  id: 'cleartext-logon',
  defaultSeverity: 'warning',
  summary: 'A logon of type 8 (NetworkCleartext), successful or failed: the password crossed the network unhashed.',
  events: [4624, 4625],
  check(event) {
    const logonType = dataField(event.event.record, 'LogonType');
    if (logonType?.value.trim() !== '8') return undefined;
    const account = targetAccount(event.event.record);
    // A failed one matters as much: the password was wrong, but it was still sent in clear text.
    const message = event.facts.eventId === 4625
      ? `${accountLabel(account)} failed to log on with NetworkCleartext (8): the password was wrong, but it was still sent over the network in clear text.`
      : `${accountLabel(account)} logged on with NetworkCleartext (8): the password was sent over the network in clear text.`;
    return { field: logonType, account, message };
  },
};
