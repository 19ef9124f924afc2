import { SOURCES } from './sources';

export interface InsertionCode {
  code: number;
  text: string;
  /** Where the code is seen, to give it context. */
  usedIn: string;
  source: string;
}

/**
 * `%%NNNN` values are insertions from the Security message table (msobjs.dll), written in place of
 * localized text. The rendered text is what Event Viewer shows.
 */
const CODES: readonly InsertionCode[] = [
  { code: 1832, text: 'Identification', usedIn: '4624 ImpersonationLevel', source: SOURCES.event4624 },
  { code: 1833, text: 'Impersonation', usedIn: '4624 ImpersonationLevel', source: SOURCES.event4624 },
  { code: 1840, text: 'Delegation', usedIn: '4624 ImpersonationLevel', source: SOURCES.event4624 },
  { code: 1841, text: 'Denied by Process Trust Label ACE', usedIn: '4624 ImpersonationLevel', source: SOURCES.event4624 },
  { code: 1842, text: 'Yes', usedIn: 'yes/no fields such as ElevatedToken, VirtualAccount, RestrictedAdminMode', source: SOURCES.event4624 },
  { code: 1843, text: 'No', usedIn: 'yes/no fields such as ElevatedToken, VirtualAccount, RestrictedAdminMode', source: SOURCES.event4624 },
  { code: 1936, text: 'Type 1: full token, no privileges removed or groups disabled (UAC off, or the built-in Administrator)', usedIn: '4688 TokenElevationType', source: SOURCES.event4688 },
  { code: 1937, text: 'Type 2: elevated token, UAC enabled, run as administrator', usedIn: '4688 TokenElevationType', source: SOURCES.event4688 },
  { code: 1938, text: 'Type 3: limited token, administrative privileges removed', usedIn: '4688 TokenElevationType', source: SOURCES.event4688 },
  { code: 2304, text: 'An Error occurred during Logon.', usedIn: '4625 FailureReason', source: SOURCES.event4625 },
  { code: 2305, text: 'The specified user account has expired.', usedIn: '4625 FailureReason', source: SOURCES.event4625 },
  { code: 2306, text: 'The NetLogon component is not active.', usedIn: '4625 FailureReason', source: SOURCES.event4625 },
  { code: 2307, text: 'Account locked out.', usedIn: '4625 FailureReason', source: SOURCES.event4625 },
  { code: 2308, text: 'The user has not been granted the requested logon type at this machine.', usedIn: '4625 FailureReason', source: SOURCES.event4625 },
  { code: 2309, text: 'The specified account’s password has expired.', usedIn: '4625 FailureReason', source: SOURCES.event4625 },
  { code: 2310, text: 'Account currently disabled.', usedIn: '4625 FailureReason', source: SOURCES.event4625 },
  { code: 2311, text: 'Account logon time restriction violation.', usedIn: '4625 FailureReason', source: SOURCES.event4625 },
  { code: 2312, text: 'User not allowed to logon at this computer.', usedIn: '4625 FailureReason', source: SOURCES.event4625 },
  { code: 2313, text: 'Unknown user name or bad password.', usedIn: '4625 FailureReason', source: SOURCES.event4625 },
  { code: 2314, text: 'Domain sid inconsistent.', usedIn: '4625 FailureReason', source: SOURCES.event4625 },
  { code: 2315, text: 'Smartcard logon is required and was not used.', usedIn: '4625 FailureReason', source: SOURCES.event4625 },
  { code: 14592, text: 'Inbound', usedIn: '5152/5156 Direction', source: SOURCES.event5152 },
  { code: 14593, text: 'Outbound', usedIn: '5152/5156 Direction', source: SOURCES.event5152 },
];

const BY_CODE = new Map(CODES.map(c => [c.code, c]));

/** Reads `%%1842` and returns its entry, or undefined for text that is not an insertion code. */
export function insertionCode(text: string): { code: number; entry?: InsertionCode } | undefined {
  const m = /^%%(\d{1,6})$/.exec(text.trim());
  if (m === null) return undefined;
  const code = Number(m[1]);
  return { code, entry: BY_CODE.get(code) };
}
