import { accountLabel, accountMatches } from '../account';
import { inAnyCidr, isIpAddress } from '../cidr';
import { dataField, dataValue } from '../../parse/model';
import { Rule, targetAccount } from '../rule';

export const unexpectedSource: Rule = {
  id: 'unexpected-source',
  defaultSeverity: 'warning',
  summary: 'A logon from an IP address or workstation outside the account’s allow-list.',
  events: [4624],
  check(event, { policy }) {
    if (policy.allowedSources === undefined) return undefined;
    const record = event.event.record;
    const account = targetAccount(record);
    const entry = Object.entries(policy.allowedSources).find(([who]) => accountMatches(account, who));
    if (entry === undefined) return undefined;
    const [who, allowed] = entry;
    const ip = dataValue(record, 'IpAddress');
    const workstation = dataValue(record, 'WorkstationName');
    const ranges = allowed.filter(a => a.includes('/') || isIpAddress(a));
    const names = allowed.filter(a => !ranges.includes(a)).map(a => a.toLowerCase());
    const ipAllowed = ip !== undefined && inAnyCidr(ip, ranges);
    const nameAllowed = workstation !== undefined && names.includes(workstation.toLowerCase());
    if (ipAllowed || nameAllowed || (ip === undefined && workstation === undefined)) return undefined;
    const at = (ip !== undefined ? dataField(record, 'IpAddress') : dataField(record, 'WorkstationName'))!;
    return { field: at, account, message: `${accountLabel(account)} logged on from ${[ip, workstation].filter(Boolean).join(' / ')}, which the allow-list for ${who} does not include.` };
  },
};
