import { SOURCES } from './sources';

export interface WellKnownLogonId {
  value: number;
  name: string;
  meaning: string;
}

/**
 * Logon IDs that belong to no user session: they are the same on every computer and after every
 * boot, so they never link one event to another. Source: ntifs.h LUID constants, as documented
 * for the service accounts.
 */
export const WELL_KNOWN_LOGON_IDS_SOURCE = SOURCES.logonIds;

export const WELL_KNOWN_LOGON_IDS: readonly WellKnownLogonId[] = [
  { value: 0x0, name: 'No session', meaning: 'No logon session: the field does not apply to this event (often 0x0 in a 4624’s SubjectLogonId for a network logon, or TargetLinkedLogonId when there is no linked session).' },
  { value: 0x3e4, name: 'NETWORK SERVICE', meaning: 'The NETWORK SERVICE account’s session (NETWORK_SERVICE_LUID). It exists on every computer and never ends.' },
  { value: 0x3e5, name: 'LOCAL SERVICE', meaning: 'The LOCAL SERVICE account’s session (LOCAL_SERVICE_LUID). It exists on every computer and never ends.' },
  { value: 0x3e6, name: 'ANONYMOUS LOGON', meaning: 'The anonymous logon session (ANONYMOUS_LOGON_LUID).' },
  { value: 0x3e7, name: 'SYSTEM', meaning: 'The SYSTEM account’s session (SYSTEM_LUID), also the computer acting as itself. It exists on every computer and never ends.' },
];

const BY_VALUE = new Map(WELL_KNOWN_LOGON_IDS.map(l => [l.value, l]));

export function wellKnownLogonId(value: number): WellKnownLogonId | undefined {
  return BY_VALUE.get(value);
}

/** Data fields that carry a Logon ID, in any event. Source: the event pages (4778/4779 spell it `LogonID`). */
export const LOGON_ID_FIELDS: ReadonlySet<string> = new Set([
  'SubjectLogonId',
  'TargetLogonId',
  'TargetLinkedLogonId',
  'LogonID',
  'LogonId',
]);

/**
 * Reads a Logon ID as a number, whatever the exporter wrote: `0x3e7`, `0x00000000000003E7` or
 * decimal `999`. Logon IDs are 64-bit; values past 2^53 are not seen in practice, and are refused.
 */
export function parseLogonId(text: string): number | undefined {
  const t = text.trim();
  const hex = /^0[xX]([0-9a-fA-F]{1,16})$/.exec(t);
  const value = hex ? parseInt(hex[1]!, 16) : /^[0-9]{1,16}$/.test(t) ? parseInt(t, 10) : NaN;
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * The events that shape logon sessions. Source: DOMAIN facts from the event pages: 4624 begins a
 * session (TargetLogonId); 4634 and 4647 end it; 4672 and 4627 describe it and are often logged
 * just before its 4624; 4608 begins a boot, after which Logon IDs repeat; 4609 and 1100 say the
 * boot is shutting down (logoffs may still follow them).
 */
export const SESSION_EVENTS = {
  logon: 4624,
  logoff: 4634,
  userLogoff: 4647,
  /** Logged for a new session, sometimes just before its 4624. */
  preLogon: [4672, 4627] as readonly number[],
  /** A boot begins here: this event belongs to the new boot. */
  bootStart: 4608,
  /**
   * The boot is shutting down (4609 Security, 1100 Eventlog). Not its last event: logoffs written
   * during shutdown are flushed after it. Sessions open at the next boot ended here.
   */
  bootEnd: [4609, 1100] as readonly number[],
} as const;

/** How close in time a 4672 or 4627 must be to its 4624 to be attached to it. */
export const PRE_LOGON_WINDOW_MS = 5_000;
