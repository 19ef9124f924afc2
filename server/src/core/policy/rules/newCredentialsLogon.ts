import { Account, accountLabel } from '../account';
import { dataField, dataValue } from '../../parse/model';
import { Rule, subjectAccount, targetAccount } from '../rule';
import { visibleLabel } from '../../text/display';

/**
 * A NewCredentials (9) logon: a process cloned its token and gave it other credentials for its
 * outbound connections. `runas /netonly` does this, and so do pass-the-hash tools (mimikatz's
 * sekurlsa::pth), which hand over a hash instead of a password: both go through the secondary
 * logon service (`seclogo`) with Negotiate, so the event alone cannot tell them apart.
 */
export const newCredentialsLogon: Rule = {
  id: 'new-credentials-logon',
  defaultSeverity: 'warning',
  summary: 'A NewCredentials (9) logon: outbound connections use other credentials, as runas /netonly and pass-the-hash do.',
  events: [4624],
  check(event) {
    const { record } = event.event;
    const logonType = dataField(record, 'LogonType');
    if (logonType?.value.trim() !== '9') return undefined;
    const caller = subjectAccount(record);
    const local = targetAccount(record);
    const outbound: Account = { user: dataValue(record, 'TargetOutboundUserName'), domain: dataValue(record, 'TargetOutboundDomainName') };
    const process = dataValue(record, 'ProcessName');
    const seclogo = dataValue(record, 'LogonProcessName')?.toLowerCase() === 'seclogo';
    const who = accountLabel(caller.user !== undefined || caller.sid !== undefined ? caller : local);
    const as = outbound.user !== undefined ? `as ${accountLabel(outbound)}` : 'with other credentials (the event does not name them)';
    const same = outbound.user !== undefined && local.user !== undefined && outbound.user.toLowerCase() === local.user.toLowerCase()
      && (outbound.domain ?? '').toLowerCase() === (local.domain ?? '').toLowerCase();
    const how = same
      ? 'The outbound account is the local one: nothing runas /netonly needs, but what a pass-the-hash tool does to refresh its own credentials with a hash.'
      : seclogo
      ? 'Through seclogo, as runas /netonly and pass-the-hash tools (mimikatz sekurlsa::pth) both do: if nobody typed that password here and then, a hash was used.'
      : 'Check that the user meant to use those credentials.';
    const by = process !== undefined ? ` (process ${visibleLabel(process, 120)})` : '';
    return {
      field: logonType,
      account: local,
      message: `${who} started a NewCredentials (9) logon${by}: its connections to other hosts go out ${as}. ${how} The 4672 logged with it describes the caller's cloned token, not the outbound account.`,
    };
  },
};
