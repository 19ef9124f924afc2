import { visibleLabel } from '../../text/display';
import { Rule } from '../rule';

export const orphanLogoff: Rule = {
  id: 'orphan-logoff',
  defaultSeverity: 'information',
  summary: 'A logoff whose session has no 4624 in view.',
  check(event) {
    const at = event.orphanLogoff;
    if (at === undefined) return undefined;
    const computer = event.event.record.system.Computer?.value.trim() ?? 'this computer';
    return {
      field: at,
      message: `No 4624 for this session on ${visibleLabel(computer, 80)} in this boot is in view. Logs are often truncated, so this is usually fine: the logon may be older than the log, or in an export that is not open or indexed.`,
    };
  },
};
