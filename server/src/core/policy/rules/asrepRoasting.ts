import { accountLabel } from '../account';
import { dataField, dataValue } from '../../parse/model';
import { isSuccessStatus } from '../../knowledge/statusCodes';
import { visibleLabel } from '../../text/display';
import { plainAddress } from '../cidr';
import { Rule } from '../rule';

/** A TGT issued without Kerberos pre-authentication: its reply can be cracked offline (AS-REP roasting). */
export const asrepRoasting: Rule = {
  id: 'asrep-roasting',
  defaultSeverity: 'warning',
  summary: 'A Kerberos TGT issued without pre-authentication (4768, PreAuthType 0): its reply can be cracked offline.',
  events: [4768],
  check(event) {
    const { record } = event.event;
    const preAuth = dataField(record, 'PreAuthType');
    if (preAuth?.value.trim() !== '0') return undefined;
    // Only an issued ticket gives the attacker something to crack.
    const status = dataValue(record, 'Status');
    if (status !== undefined && !isSuccessStatus(status)) return undefined;
    const account = { user: dataValue(record, 'TargetUserName'), domain: dataValue(record, 'TargetDomainName'), sid: dataValue(record, 'TargetSid') };
    const from = dataValue(record, 'IpAddress');
    return {
      field: preAuth,
      account,
      message: `A TGT was issued for ${accountLabel(account)} without pre-authentication (PreAuthType 0)${from !== undefined ? ` to ${visibleLabel(plainAddress(from), 60)}` : ''}: anyone can ask for it and crack the account's password offline from the reply (AS-REP roasting). Turn "Do not require Kerberos preauthentication" off for the account.`,
    };
  },
};
