import { accountLabel } from '../account';
import { privilegeEvidence } from '../privilege';
import { dataField } from '../../parse/model';
import { Rule, targetAccount } from '../rule';

/** Source: 4624 and 4634 pages, "Security Monitoring Recommendations". */
export const privilegedBatchServiceLogon: Rule = {
  id: 'privileged-batch-service-logon',
  defaultSeverity: 'warning',
  summary: 'A member of a domain administrative group logged on as Batch (4) or Service (5).',
  events: [4624, 4625, 4634],
  check(event, { policy }) {
    const logonType = dataField(event.event.record, 'LogonType');
    const type = logonType?.value.trim();
    if (logonType === undefined || (type !== '4' && type !== '5')) return undefined;
    const account = targetAccount(event.event.record);
    const why = privilegeEvidence(account, () => event.session, policy);
    if (why === undefined) return undefined;
    const name = type === '4' ? 'Batch (4)' : 'Service (5)';
    const verb = event.facts.eventId === 4625 ? 'tried to log on' : event.facts.eventId === 4634 ? 'logged off a logon' : 'logged on';
    return {
      field: logonType,
      account,
      message: `${accountLabel(account)} ${verb} as ${name}, but is in a domain administrative group (${typeof why === 'string' ? why : why.message}). Such accounts should never log on as Batch or Service.`,
      evidence: typeof why === 'string' ? [] : [why],
    };
  },
};
