/**
 * A part of a big log to show in the editor, picked by the user: a time range, a computer, an
 * account, or event IDs. It travels in the document URI's query (`?slice=<JSON>`), so each part
 * is a document of its own; the default document (no slice) is the one the workspace index reads.
 */
export interface EvtxSlice {
  eventIds?: number[];
  /** ISO times, UTC; either end may be left open. */
  from?: string;
  to?: string;
  /** Matched without case against <Computer>. */
  computer?: string;
  /** Matched without case, as a whole value, against the account names and SIDs of the event. */
  account?: string;
}

/** The slice in a document URI's query, or undefined (none, or not one this reads). */
export function sliceOf(query: string): EvtxSlice | undefined {
  const raw = new URLSearchParams(query).get('slice');
  if (raw === null) return undefined;
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    const slice: EvtxSlice = {};
    if (Array.isArray(value.eventIds)) slice.eventIds = value.eventIds.filter((n): n is number => Number.isInteger(n)).slice(0, 100);
    for (const key of ['from', 'to', 'computer', 'account'] as const) if (typeof value[key] === 'string' && value[key] !== '') slice[key] = (value[key] as string).slice(0, 256);
    return Object.keys(slice).length === 0 ? undefined : slice;
  } catch {
    return undefined;
  }
}

/** A few words for the top of the document: what the slice keeps. */
export function describeSlice(slice: EvtxSlice): string {
  const parts: string[] = [];
  if (slice.eventIds !== undefined) parts.push(`event IDs ${slice.eventIds.join(', ')}`);
  if (slice.from !== undefined || slice.to !== undefined) parts.push(`from ${slice.from ?? 'the start'} to ${slice.to ?? 'the end'}`);
  if (slice.computer !== undefined) parts.push(`computer ${slice.computer}`);
  if (slice.account !== undefined) parts.push(`account ${slice.account}`);
  return parts.join(', ');
}

const ACCOUNT_FIELDS = /<Data Name='(?:Target|Subject)User(?:Name|Sid)'>([^<]*)<\/Data>/g;

/** Whether a rendered event (as the reader renders it) is in the slice. */
export function inSlice(slice: EvtxSlice, xml: string): boolean {
  if (slice.eventIds !== undefined && !slice.eventIds.includes(Number(/<EventID[^>]*>(\d+)</.exec(xml)?.[1]))) return false;
  if (slice.from !== undefined || slice.to !== undefined) {
    const time = /SystemTime='([^']*)'/.exec(xml)?.[1];
    if (time === undefined) return false;
    if (slice.from !== undefined && time < normaliseTime(slice.from)) return false;
    if (slice.to !== undefined && time > normaliseTime(slice.to, true)) return false;
  }
  if (slice.computer !== undefined && (/<Computer>([^<]*)<\/Computer>/.exec(xml)?.[1] ?? '').toLowerCase() !== slice.computer.toLowerCase()) return false;
  if (slice.account !== undefined) {
    const wanted = slice.account.toLowerCase();
    if (![...xml.matchAll(ACCOUNT_FIELDS)].some(m => m[1]!.toLowerCase() === wanted)) return false;
  }
  return true;
}

/** `2024-03-01` or `2024-03-01T10:00` as the renderer's `2024-03-01T10:00:00.0000000Z`, to compare as text. */
function normaliseTime(text: string, end = false): string {
  const fill = end ? '9999-12-31T23:59:59.9999999Z' : '0000-01-01T00:00:00.0000000Z';
  const given = text.trim().replace(' ', 'T').replace(/Z$/, '');
  return given + fill.slice(given.length);
}
