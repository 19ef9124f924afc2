import { accountLabel } from '../account';
import { dataField, dataValue } from '../../parse/model';
import { visibleLabel } from '../../text/display';
import { Rule, subjectAccount, targetAccount } from '../rule';

/**
 * A 4648 (a logon was attempted using explicit credentials) to another host, with another
 * account's credentials: how `runas`, `net use /user:`, PsExec with `-u` and lateral movement
 * with stolen credentials look from the host they leave. Information: helpdesks do it daily.
 */
export const explicitCredentials: Rule = {
  id: 'explicit-credentials',
  defaultSeverity: 'information',
  summary: 'Explicit credentials of another account used to reach another host (4648): how lateral movement with stolen credentials looks from its source.',
  events: [4648],
  check(event) {
    const { record } = event.event;
    const server = dataValue(record, 'TargetServerName');
    if (server === undefined || isThisHost(server, record.system.Computer?.value)) return undefined;
    const subject = subjectAccount(record);
    const target = targetAccount(record);
    // A computer account (a service running as the machine) giving credentials is routine.
    if (target.user === undefined || subject.user?.endsWith('$')) return undefined;
    if (subject.user?.toLowerCase() === target.user.toLowerCase() && (subject.domain ?? '').toLowerCase() === (target.domain ?? '').toLowerCase()) return undefined;
    const field = dataField(record, 'TargetUserName')!;
    const process = dataValue(record, 'ProcessName');
    return {
      field,
      account: subject,
      message: `${accountLabel(subject)} used the credentials of ${accountLabel(target)} to reach ${visibleLabel(server, 80)}${process !== undefined ? ` (process ${visibleLabel(process, 120)})` : ''}. On ${visibleLabel(server.split('.')[0]!, 40)}, the 4624 of ${accountLabel(target)} from this host at this time is what it led to.`,
    };
  },
};

function isThisHost(server: string, computer: string | undefined): boolean {
  const name = server.trim().toLowerCase();
  if (name === 'localhost' || name === '127.0.0.1' || name === '::1' || name === '-') return true;
  const self = computer?.trim().toLowerCase();
  return self !== undefined && (name === self || name === self.split('.')[0] || name.split('.')[0] === self.split('.')[0]);
}
