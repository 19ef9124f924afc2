/** Where the facts in these tables come from. Every table entry names one of these. */

const AUDITING = 'https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-10/security/threat-protection/auditing';

/** Microsoft's page for one Security-auditing event, e.g. "4624(S): An account was successfully logged on." */
export function eventPage(id: number): string {
  return `${AUDITING}/event-${id}`;
}

export const SOURCES = {
  logonTypes: `${AUDITING}/event-4624#logon-types-and-descriptions`,
  event4624: eventPage(4624),
  event4625: eventPage(4625),
  event4627: eventPage(4627),
  event4688: eventPage(4688),
  event4776: eventPage(4776),
  event5152: eventPage(5152),
  securityIdentifiers: 'https://learn.microsoft.com/en-us/windows-server/identity/ad-ds/manage/understand-security-identifiers',
  wellKnownSids: 'https://learn.microsoft.com/en-us/windows/win32/secauthz/well-known-sids',
  serviceSids: 'https://learn.microsoft.com/en-us/windows/security/identity-protection/access-control/service-accounts',
  logonIds: 'https://learn.microsoft.com/en-us/windows/win32/services/localsystem-account',
  ntstatus: 'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-erref/596a1078-e883-4972-9bbc-49e60bebca55',
} as const;
