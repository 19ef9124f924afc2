import { accountOf, endingOf, logonTypeName } from '../features/sessionSummary';
import { formatDuration } from '../parse/systemTime';
import { csvCell } from '../text/display';
import { SessionFacts } from './model';

/**
 * A session as one row of a table: what `logon-lens sessions` prints (text, JSON, CSV) and what the
 * editor's "Export Sessions as CSV" writes, in the same columns.
 */
export interface SessionRow {
  computer: string;
  account: string;
  logonId: string;
  logonType: string;
  source: string;
  start: string;
  end: string;
  duration: string;
  ended: string;
  privileged: boolean;
  events: number;
  logon: string;
  /** The 4648 on another host that led to it (a hop): that host and where the 4648 is; empty when none is in view. */
  causedBy: string;
}

/** The column titles of the text table. */
export const SESSION_HEADERS: Record<keyof SessionRow, string> = {
  computer: 'COMPUTER', account: 'ACCOUNT', logonId: 'LOGON ID', logonType: 'TYPE', source: 'SOURCE', start: 'START',
  end: 'END', duration: 'DURATION', ended: 'ENDED', privileged: 'PRIV', events: 'EVENTS', logon: 'LOGON EVENT', causedBy: 'CAUSED BY',
};

export const SESSION_COLUMNS = Object.keys(SESSION_HEADERS) as (keyof SessionRow)[];

/** `events`: how many events name it; `logon`: where its 4624 is, as the face names places; `causedBy`: the 4648 that led to it. */
export function sessionRow(s: SessionFacts<{ eventId: number }> & { privileges?: unknown }, events: number, logon: string, causedBy = ''): SessionRow {
  return {
    computer: s.computer,
    account: accountOf(s),
    logonId: `0x${s.logonId.toString(16)}`,
    logonType: s.logonType === undefined ? '' : `${s.logonType} ${logonTypeName(s)}`,
    source: [s.source.ip, s.source.workstation].filter(Boolean).join(' '),
    start: iso(s.start),
    end: s.end === undefined ? '' : iso(s.end.time),
    duration: s.end === undefined ? '' : formatDuration(s.end.time - s.start),
    ended: endingOf(s),
    privileged: s.privileges !== undefined,
    events,
    logon,
    causedBy,
  };
}

/** The CSV header line. */
export const SESSION_CSV_HEADER = `${SESSION_COLUMNS.join(',')}\n`;

/** One CSV line: every cell quoted and made safe for spreadsheets (event data may be hostile). */
export function sessionCsvLine(row: SessionRow): string {
  return `${SESSION_COLUMNS.map(k => csvCell(row[k])).join(',')}\n`;
}

function iso(ms: number): string {
  return new Date(Math.floor(ms)).toISOString().replace('.000Z', 'Z');
}
