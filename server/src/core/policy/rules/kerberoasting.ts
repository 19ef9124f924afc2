import { accountLabel } from '../account';
import { dataField, dataValue } from '../../parse/model';
import { isSuccessStatus } from '../../knowledge/statusCodes';
import { plainAddress } from '../cidr';
import { isSecurityEvent, Rule } from '../rule';
import { visibleLabel } from '../../text/display';

/** RC4-HMAC (0x17) and its export variant (0x18): tickets an attacker can crack offline for the service's password. */
const RC4 = new Set([0x17, 0x18]);

/**
 * A service ticket encrypted with RC4 for a user's service account (not krbtgt, not a computer
 * account, whose random passwords resist cracking). Kerberoasting asks for exactly these.
 */
export const kerberoasting: Rule = {
  id: 'kerberoasting',
  defaultSeverity: 'warning',
  summary: 'A Kerberos service ticket (4769) encrypted with RC4 for a user service account: what Kerberoasting asks for.',
  check(event) {
    if (!isSecurityEvent(event, 4769)) return undefined;
    const { record } = event.event;
    const encryption = dataField(record, 'TicketEncryptionType');
    if (encryption === undefined || !RC4.has(Number(encryption.value.trim()))) return undefined;
    const status = dataValue(record, 'Status');
    if (status !== undefined && !isSuccessStatus(status)) return undefined;
    const service = dataValue(record, 'ServiceName');
    if (service === undefined || service.endsWith('$') || /^krbtgt(\/|$)/i.test(service)) return undefined;
    // TargetUserName is who asked, written user@DOMAIN.
    const [user, domain] = (dataValue(record, 'TargetUserName') ?? '').split('@');
    const account = { user: user === '' ? undefined : user, domain: domain ?? dataValue(record, 'TargetDomainName') };
    const from = dataValue(record, 'IpAddress');
    return {
      field: encryption,
      account,
      message: `${accountLabel(account)} was given a service ticket for ${visibleLabel(service, 80)} encrypted with RC4 (${encryption.value.trim()})${from !== undefined ? ` from ${visibleLabel(plainAddress(from), 60)}` : ''}: it can be cracked offline for the service account's password (Kerberoasting). Allow only AES for service accounts, and give them long random passwords.`,
    };
  },
};
