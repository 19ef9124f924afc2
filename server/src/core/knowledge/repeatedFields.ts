/**
 * Data names that Windows itself writes twice in one event. Event 4648 version 0 (Windows 7 and
 * Server 2008 R2) names both its logon GUIDs `LogonGuid`; the sample export
 * omer-Security_with_size_t.xml shows 92 such events. Source: the 4648 page lists LogonGuid and
 * TargetLogonGuid, which version 0's manifest spells alike.
 */
export const REPEATED_BY_WINDOWS: ReadonlyMap<number, ReadonlySet<string>> = new Map([
  [4648, new Set(['LogonGuid'])],
]);

/** Whether Windows may write this Data name more than once in this event. */
export function repeatedByWindows(eventId: number, name: string): boolean {
  return REPEATED_BY_WINDOWS.get(eventId)?.has(name) ?? false;
}
