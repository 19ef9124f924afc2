import { accountLabel, matchesAny } from '../account';
import { dataField } from '../../parse/model';
import { isWindowsIdentity } from '../privilege';
import { Rule, subjectAccount } from '../rule';

/**
 * SYSTEM, LOCAL SERVICE and NETWORK SERVICE receive special privileges as a matter of course
 * (Microsoft's recommendation names these three), and so do Windows' other own identities (see
 * isWindowsIdentity). On a NewCredentials (9) logon the 4672 describes the caller's cloned token.
 */
export const unexpectedPrivileges: Rule = {
  id: 'unexpected-privileges',
  defaultSeverity: 'warning',
  summary: 'Special privileges (4672) assigned to an account other than SYSTEM, LOCAL SERVICE, NETWORK SERVICE or a configured admin.',
  events: [4672],
  check(event, { policy }) {
    const record = event.event.record;
    const account = subjectAccount(record);
    if (isWindowsIdentity(account.sid)) return undefined;
    if (matchesAny(account, policy.admins) || matchesAny(account, policy.privileged?.accounts)) return undefined;
    const at = dataField(record, 'SubjectUserName') ?? dataField(record, 'SubjectUserSid');
    return at && { field: at, account, message: `${accountLabel(account)} was assigned special privileges. If this account is an expected administrator, add it to the policy's admins.` };
  },
};
