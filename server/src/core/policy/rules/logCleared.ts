import { accountLabel } from '../account';
import { dataField, dataValue } from '../../parse/model';
import { Rule, subjectAccount } from '../rule';
import { visibleLabel } from '../../text/display';

const EVENTLOG = 'Microsoft-Windows-Eventlog';

/** 1102 (the Security log cleared) and 104 (any other log cleared, in the System log). */
export const logCleared: Rule = {
  id: 'log-cleared',
  defaultSeverity: 'warning',
  summary: 'An event log was cleared (1102 for Security, 104 for the others): the events before it are gone from the host.',
  check(event) {
    const { record } = event.event;
    const id = event.facts.eventId;
    if ((id !== 1102 && id !== 104) || record.system.Provider?.value.trim() !== EVENTLOG) return undefined;
    const account = subjectAccount(record);
    const field = dataField(record, 'SubjectUserName') ?? record.system.EventID!;
    const log = id === 1102 ? 'Security' : visibleLabel(dataValue(record, 'Channel') ?? 'an event', 80);
    const when = record.system.TimeCreated?.value.trim();
    const session = dataValue(record, 'SubjectLogonId');
    const backup = dataValue(record, 'BackupPath');
    return {
      field,
      account,
      message: `${accountLabel(account)} cleared the ${log} log${when !== undefined ? ` at ${visibleLabel(when, 40)}` : ''}${session !== undefined ? ` (Logon ID ${visibleLabel(session, 24)})` : ''}: the events before it are gone from this host${backup !== undefined ? `, except in the backup ${visibleLabel(backup, 120)}` : ''}. Sessions that began before may have lost their logon events; look for this host's events elsewhere (forwarded logs, a SIEM).`,
    };
  },
};
