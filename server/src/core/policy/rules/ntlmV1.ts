import { accountLabel } from '../account';
import { dataField } from '../../parse/model';
import { Rule, targetAccount } from '../rule';
import { isAnonymous } from './anonymous';

export const ntlmV1: Rule = {
  id: 'ntlm-v1',
  defaultSeverity: 'warning',
  summary: 'A logon authenticated with NTLM V1, which is weak and easily cracked.',
  events: [4624],
  check(event) {
    if (isAnonymous(event.event.record)) return undefined;
    const lm = dataField(event.event.record, 'LmPackageName');
    if (lm === undefined || lm.value.trim().toUpperCase() !== 'NTLM V1') return undefined;
    const account = targetAccount(event.event.record);
    return { field: lm, account, message: `${accountLabel(account)} logged on with NTLM V1. Require NTLM V2 or Kerberos.` };
  },
};
