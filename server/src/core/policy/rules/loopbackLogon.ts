import { accountLabel } from '../account';
import { dataField, dataValue } from '../../parse/model';
import { inAnyCidr } from '../cidr';
import { Rule, targetAccount } from '../rule';
import { visibleLabel } from '../../text/display';

/** SYSTEM and ANONYMOUS LOGON: the identities a local NTLM relay (the "potato" exploits) logs on as. */
const RELAYED = new Set(['S-1-5-18', 'S-1-5-7']);
const LOOPBACK = ['127.0.0.0/8', '::1'];

/**
 * A logon from the host to itself over the network that is not what Windows does on its own:
 * RemoteInteractive (10) from loopback is RDP through a tunnel (plink, chisel, ngrok…), and a
 * Network (3) logon of SYSTEM or ANONYMOUS LOGON over NTLM from loopback is a local NTLM relay
 * (RottenPotato, JuicyPotato, RoguePotato…). A user's own network logon from loopback (opening
 * \\localhost\share) is common and left alone.
 */
export const loopbackLogon: Rule = {
  id: 'loopback-logon',
  defaultSeverity: 'warning',
  summary: 'An RDP logon from loopback (a tunnel), or SYSTEM or ANONYMOUS LOGON over NTLM from loopback (a local relay).',
  events: [4624],
  check(event) {
    const { record } = event.event;
    const ip = dataField(record, 'IpAddress');
    if (ip === undefined || !inAnyCidr(ip.value, LOOPBACK)) return undefined;
    const type = dataValue(record, 'LogonType');
    const account = targetAccount(record);
    if (type === '10') {
      return { field: ip, account, message: `${accountLabel(account)} logged on over RDP (10) from ${visibleLabel(ip.value.trim(), 60)}: RDP does not come from the host itself unless it is tunnelled (plink, chisel, ngrok, an SSH port forward). Find the process listening for the tunnel.` };
    }
    const ntlm = dataValue(record, 'AuthenticationPackageName')?.toUpperCase() === 'NTLM';
    if (type === '3' && ntlm && RELAYED.has(account.sid?.toUpperCase() ?? '')) {
      return { field: ip, account, message: `${accountLabel(account)} logged on over the network (3) with NTLM from ${visibleLabel(ip.value.trim(), 60)}: the pattern of a local NTLM relay (the "potato" exploits), which turns a service account into SYSTEM. Find the process that received the relayed logon.` };
    }
    return undefined;
  },
};
