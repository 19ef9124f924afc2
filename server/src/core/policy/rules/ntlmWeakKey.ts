import { accountLabel } from '../account';
import { dataField, dataValue } from '../../parse/model';
import { Rule, targetAccount } from '../rule';
import { isAnonymous } from './anonymous';

export const ntlmWeakKey: Rule = {
  id: 'ntlm-weak-key',
  defaultSeverity: 'warning',
  summary: 'An NTLM logon whose session key is not 128 bits.',
  events: [4624],
  check(event) {
    if (isAnonymous(event.event.record)) return undefined;
    const record = event.event.record;
    const lm = dataValue(record, 'LmPackageName')?.toUpperCase();
    const keyLength = dataField(record, 'KeyLength');
    if (lm === undefined || !lm.startsWith('NTLM') || keyLength === undefined || keyLength.value.trim() === '128') return undefined;
    const account = targetAccount(record);
    return { field: keyLength, account, message: `${accountLabel(account)} logged on with ${dataValue(record, 'LmPackageName')} and a ${keyLength.value.trim()}-bit session key; NTLM should use 128 bits.` };
  },
};
