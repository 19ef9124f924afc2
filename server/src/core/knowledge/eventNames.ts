import { EVENTLOG_PROVIDER, eventInfo, SECURITY_PROVIDER } from './eventCatalog';

/**
 * Short names for the events an analyst meets most, for one-line rows (outline, reference lists,
 * related information), where Microsoft's full titles would not fit. Other catalogued events use
 * their title, shortened.
 */
const SHORT_SECURITY_NAMES: Readonly<Record<number, string>> = {
  4608: 'Startup',
  4609: 'Shutdown',
  4616: 'System time changed',
  4624: 'Logon',
  4625: 'Failed logon',
  4627: 'Group membership',
  4634: 'Logoff',
  4647: 'User-initiated logoff',
  4648: 'Explicit credentials',
  4672: 'Special privileges',
  4673: 'Privileged service called',
  4688: 'Process created',
  4689: 'Process exited',
  4697: 'Service installed',
  4698: 'Scheduled task created',
  4719: 'Audit policy changed',
  4720: 'User account created',
  4722: 'User account enabled',
  4724: 'Password reset',
  4725: 'User account disabled',
  4726: 'User account deleted',
  4728: 'Added to global group',
  4732: 'Added to local group',
  4738: 'User account changed',
  4740: 'Account locked out',
  4742: 'Computer account changed',
  4756: 'Added to universal group',
  4768: 'Kerberos TGT requested',
  4769: 'Kerberos service ticket',
  4770: 'Service ticket renewed',
  4771: 'Kerberos pre-auth failed',
  4776: 'NTLM credential validation',
  4778: 'Session reconnected',
  4779: 'Session disconnected',
  4798: 'Local groups enumerated',
  4799: 'Group members enumerated',
  4800: 'Workstation locked',
  4801: 'Workstation unlocked',
  4802: 'Screen saver on',
  4803: 'Screen saver off',
  4964: 'Special groups logon',
  5140: 'Share accessed',
  5145: 'Share object checked',
  5379: 'Credentials read',
};

const SHORT_EVENTLOG_NAMES: Readonly<Record<number, string>> = {
  104: 'Log cleared',
  1100: 'Event logging shut down',
  1102: 'Security log cleared',
  1104: 'Security log full',
  1105: 'Log archived',
};

/** The short name of an event, or undefined for an event of a provider or number not catalogued. */
export function shortEventName(provider: string, id: number): string | undefined {
  const short = provider === SECURITY_PROVIDER ? SHORT_SECURITY_NAMES[id] : provider === EVENTLOG_PROVIDER ? SHORT_EVENTLOG_NAMES[id] : undefined;
  if (short !== undefined) return short;
  const title = eventInfo(provider, id)?.title.replace(/\.$/, '');
  return title === undefined || title.length <= 40 ? title : `${title.slice(0, 39)}…`;
}
