import { Account, accountLabel } from '../account';
import { dataField, dataValue, EventRecord, Field } from '../../parse/model';
import { isSuccessStatus } from '../../knowledge/statusCodes';
import { plainAddress } from '../cidr';
import { Rule } from '../rule';
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
  events: [4769],
  check(event) {
    const { record } = event.event;
    const ticket = roastableTicket(record);
    if (ticket === undefined) return undefined;
    const { encryption, service, account } = ticket;
    const from = dataValue(record, 'IpAddress');
    return {
      field: encryption,
      account,
      message: `${accountLabel(account)} was given a service ticket for ${visibleLabel(service, 80)} encrypted with RC4 (${encryption.value.trim()})${from !== undefined ? ` from ${visibleLabel(plainAddress(from), 60)}` : ''}: it can be cracked offline for the service account's password (Kerberoasting). Allow only AES for service accounts, and give them long random passwords.`,
    };
  },
};

/**
 * A 4769's ticket when it is what Kerberoasting asks for: granted, encrypted with RC4, for a user's
 * service account (not krbtgt, not a computer account). With who asked for it, from TargetUserName
 * (written user@DOMAIN). One test for the event rule and the window rule (kerberoasting-burst).
 */
export function roastableTicket(record: EventRecord): { encryption: Field; service: string; account: Account } | undefined {
  const encryption = dataField(record, 'TicketEncryptionType');
  if (encryption === undefined || !RC4.has(Number(encryption.value.trim()))) return undefined;
  const status = dataValue(record, 'Status');
  if (status !== undefined && !isSuccessStatus(status)) return undefined;
  const service = dataValue(record, 'ServiceName');
  if (service === undefined || service.endsWith('$') || /^krbtgt(\/|$)/i.test(service)) return undefined;
  const [user, domain] = (dataValue(record, 'TargetUserName') ?? '').split('@');
  return { encryption, service, account: { user: user === '' ? undefined : user, domain: domain ?? dataValue(record, 'TargetDomainName') } };
}
