import { SOURCES } from './sources';

export interface StatusCode {
  code: number;
  meaning: string;
  /** A defender's reading of it, where the 4625 page gives one. */
  note?: string;
}

/** NTSTATUS values seen in 4625 Status/SubStatus, 4776 Status and 4771 FailureCode. Source: the 4625 page. */
export const STATUS_CODES_SOURCE = SOURCES.event4625;

const CODES: readonly StatusCode[] = [
  { code: 0x00000000, meaning: 'Success (STATUS_SUCCESS).' },
  { code: 0xc000005e, meaning: 'There are currently no logon servers available to service the logon request.' },
  { code: 0xc0000064, meaning: 'User logon with misspelled or bad user account.', note: 'Many of these for different names from one source suggest user-name guessing.' },
  { code: 0xc000006a, meaning: 'User logon with misspelled or bad password.', note: 'Many of these for one account suggest password guessing.' },
  { code: 0xc000006d, meaning: 'Bad user name or authentication information (generic).' },
  { code: 0xc000006e, meaning: 'Unknown user name or bad password; an account restriction applied (generic).' },
  { code: 0xc000006f, meaning: 'User logon outside authorized hours.' },
  { code: 0xc0000070, meaning: 'User logon from unauthorized workstation.' },
  { code: 0xc0000071, meaning: 'User logon with expired password.' },
  { code: 0xc0000072, meaning: 'User logon to account disabled by administrator.', note: 'Attempts on disabled accounts deserve a look.' },
  { code: 0xc00000dc, meaning: 'The Sam Server was in the wrong state to perform the desired operation.' },
  { code: 0xc0000133, meaning: 'Clocks between domain controller and other computer too far out of sync.' },
  { code: 0xc000015b, meaning: 'The user has not been granted the requested logon type (logon right) at this machine.' },
  { code: 0xc000018c, meaning: 'The logon request failed because the trust relationship between the primary domain and the trusted domain failed.' },
  { code: 0xc0000192, meaning: 'An attempt was made to logon, but the Netlogon service was not started.' },
  { code: 0xc0000193, meaning: 'User logon with expired account.' },
  { code: 0xc0000224, meaning: 'User is required to change password at next logon.' },
  { code: 0xc0000225, meaning: 'Evidently a bug in Windows and not a risk.' },
  { code: 0xc0000234, meaning: 'User logon with account locked.', note: 'Repeated attempts on a locked account may be password spraying.' },
  { code: 0xc00002ee, meaning: 'Failure Reason: An Error occurred during Logon.' },
  { code: 0xc0000371, meaning: 'The local account store does not contain secret material for the specified account.' },
  { code: 0xc0000413, meaning: 'Logon Failure: The machine you are logging on to is protected by an authentication firewall. The specified account is not allowed to authenticate to the machine.' },
];

const BY_CODE = new Map(CODES.map(c => [c.code, c]));

/** Reads a status like `0xC000006A` or `0xc000006a` (compared as a number) and returns its entry. */
export function statusCode(text: string): { code: number; entry?: StatusCode } | undefined {
  const m = /^0[xX]([0-9a-fA-F]{1,8})$/.exec(text.trim());
  if (m === null) return undefined;
  const code = parseInt(m[1]!, 16);
  return { code, entry: BY_CODE.get(code) };
}

/** Whether a Status says the request succeeded (`0x0`, in any width): NTSTATUS and Kerberos alike. */
export function isSuccessStatus(text: string): boolean {
  return /^0x0+$/i.test(text.trim());
}

/** Data fields whose value is an NTSTATUS code. */
export const STATUS_FIELDS: ReadonlySet<string> = new Set(['Status', 'SubStatus']);
