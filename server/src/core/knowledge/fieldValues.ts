import { eventPage } from './sources';

/**
 * What the values of some EventData fields mean, beyond logon types, SIDs, Logon IDs and status
 * codes: Kerberos encryption and pre-authentication types and ticket options (4768, 4769, 4771,
 * from Microsoft's event pages and RFC 4120), NTLM versions, and the accounts a field names.
 */

export interface FieldValueInfo {
  /** A title for the value. */
  title: string;
  meaning: string;
  securityNote?: string;
  source: string;
}

const ENCRYPTION: Record<number, [string, string?]> = {
  0x1: ['DES-CBC-CRC', 'DES is broken and off by default since Windows 7 and Server 2008 R2.'],
  0x3: ['DES-CBC-MD5', 'DES is broken and off by default since Windows 7 and Server 2008 R2.'],
  0x11: ['AES128-CTS-HMAC-SHA1-96'],
  0x12: ['AES256-CTS-HMAC-SHA1-96'],
  0x17: ['RC4-HMAC', 'An RC4 service ticket can be cracked offline for the service account\'s password: what Kerberoasting asks for. Accounts that support AES seldom get RC4 tickets.'],
  0x18: ['RC4-HMAC-EXP', 'An export-grade RC4 ticket: weaker still than RC4-HMAC.'],
  0xffffffff: ['none: the request failed'],
};

const PRE_AUTH: Record<number, [string, string?]> = {
  0: ['none: the account does not require pre-authentication', 'Anyone can ask for this account\'s TGT and crack its password offline from the reply (AS-REP roasting).'],
  2: ['PA-ENC-TIMESTAMP: a password (the usual case)'],
  11: ['PA-ETYPE-INFO'],
  15: ['PA-PK-AS-REP_OLD: a smart card (PKINIT)'],
  16: ['PA-PK-AS-REQ: a smart card or certificate (PKINIT)'],
  17: ['PA-PK-AS-REP: a smart card or certificate (PKINIT)'],
  19: ['PA-ETYPE-INFO2'],
  20: ['PA-SVR-REFERRAL-INFO'],
  138: ['PA-ENCRYPTED-CHALLENGE: Kerberos armoring (FAST)'],
};

/** Kerberos ticket flags (RFC 4120), bit 0 the most significant. */
const TICKET_OPTIONS: [number, string][] = [
  [0x40000000, 'forwardable'], [0x20000000, 'forwarded'], [0x10000000, 'proxiable'], [0x08000000, 'proxy'],
  [0x04000000, 'allow-postdate'], [0x02000000, 'postdated'], [0x00800000, 'renewable'],
  [0x00020000, 'constrained delegation (cname-in-addl-tkt)'], [0x00010000, 'canonicalize'],
  [0x00000020, 'disable-transited-check'], [0x00000010, 'renewable-ok'], [0x00000008, 'enc-tkt-in-skey'],
  [0x00000002, 'renew'], [0x00000001, 'validate'],
];

export function ticketEncryption(text: string, eventId: number): FieldValueInfo | undefined {
  const code = Number(text.trim());
  const entry = Number.isInteger(code) ? ENCRYPTION[code] : undefined;
  if (entry === undefined) return undefined;
  return { title: `Ticket encryption ${text.trim()}: ${entry[0]}`, meaning: 'The encryption type of the ticket issued.', securityNote: entry[1], source: eventPage(eventId === 4768 ? 4768 : 4769) };
}

export function preAuthType(text: string): FieldValueInfo | undefined {
  const code = Number(text.trim());
  const entry = text.trim() !== '' && Number.isInteger(code) ? PRE_AUTH[code] : undefined;
  if (entry === undefined) return undefined;
  return { title: `Pre-authentication type ${code}: ${entry[0]}`, meaning: 'How the account proved itself before the domain controller issued a TGT.', securityNote: entry[1], source: eventPage(4768) };
}

export function ticketOptions(text: string, eventId: number): FieldValueInfo | undefined {
  const value = Number(text.trim());
  if (!/^0x[0-9a-f]{1,8}$/i.test(text.trim()) || !Number.isFinite(value)) return undefined;
  const flags = TICKET_OPTIONS.filter(([bit]) => (value & bit) !== 0).map(([, name]) => name);
  return { title: `Ticket options ${text.trim()}`, meaning: flags.length === 0 ? 'No options set.' : `Set: ${flags.join(', ')}.`, source: eventPage(eventId === 4768 ? 4768 : 4769) };
}

export function lmPackage(text: string): FieldValueInfo | undefined {
  const value = text.trim().toUpperCase();
  if (value === 'NTLM V1') return { title: 'NTLM V1', meaning: 'The logon used NTLM version 1.', securityNote: 'NTLM V1 responses are easily cracked, and relayed; require NTLM V2 or Kerberos (see the ntlm-v1 rule).', source: eventPage(4624) };
  if (value === 'NTLM V2') return { title: 'NTLM V2', meaning: 'The logon used NTLM version 2.', source: eventPage(4624) };
  if (value === 'LM') return { title: 'LM', meaning: 'The logon used LAN Manager authentication.', securityNote: 'LM hashes are trivially cracked; LM should be disabled everywhere.', source: eventPage(4624) };
  if (value === '-') return { title: 'No NTLM package', meaning: 'The logon did not use NTLM (Kerberos, or a logon that needs no network authentication).', source: eventPage(4624) };
  return undefined;
}

/** What an account field names, by field and event. */
export function accountField(name: string, eventId: number): FieldValueInfo | undefined {
  switch (name) {
    case 'TargetOutboundUserName':
    case 'TargetOutboundDomainName':
      return { title: name === 'TargetOutboundUserName' ? 'Outbound account' : 'Outbound domain', meaning: 'For a NewCredentials (9) logon, the account whose credentials its connections to other hosts use (runas /netonly, or a pass-the-hash tool). Locally, the logon is still the caller.', source: eventPage(4624) };
    case 'TargetUserName':
      return {
        title: 'Target account',
        meaning: eventId === 4769 ? 'The account that asked for the service ticket (user@REALM).'
          : eventId === 4768 || eventId === 4771 ? 'The account that asked for a TGT.'
          : eventId === 4648 ? 'The account whose credentials were given explicitly.'
          : eventId === 4625 ? 'The account that failed to log on (as typed: it may not exist).'
          : 'The account that logged on, or that the event is about.',
        source: eventPage(eventId > 4000 && eventId < 5000 ? eventId : 4624),
      };
    case 'ServiceName':
      return { title: 'Service', meaning: 'The account the service ticket is for: the service whose password hash encrypts it. A user account here (not krbtgt, not a computer ending in $) with an RC4 ticket is what Kerberoasting asks for.', source: eventPage(4769) };
    default:
      return undefined;
  }
}
