import { accountOf } from '../../core/features/sessionSummary';
import { SESSION_COLUMNS, SESSION_CSV_HEADER, SESSION_HEADERS, sessionCsvLine, sessionRow, SessionRow } from '../../core/sessions/sessionRow';
import { logonType, LOGON_TYPES } from '../../core/knowledge/logonTypes';
import { parseSystemTime } from '../../core/parse/systemTime';
import { choice, parseArgs } from '../args';
import { indent } from '../formats/json';
import { buffered } from '../formats/writer';
import { correlateExports, ExportSession, placeName } from '../correlateExports';
import { openInputs } from '../inputs';
import { PassProgress } from '../passProgress';
import { terminalText } from '../formats/safeText';
import { UsageError } from '../usageError';
import { plural } from './check';
import { CliContext } from './context';

export const SESSIONS_HELP = `Usage: logon-lens sessions [options] <file or folder>...

Lists the logon sessions in Windows Security event exports, correlated across all inputs by
computer, boot and Logon ID: computer, account, logon type, source, start, end, duration, how it
ended, privileged (4672), event count, where its 4624 is (file:line:column, or
file#record=N in an .evtx), and the 4648 on another host that led to it, when that host's
events are in the inputs too (a hop: lateral movement). Exports are read as streams, event by event; on a terminal,
a progress bar shows on standard error.

Options:
  --format text|json|csv   output format (default text)
  --account NAME           only sessions of this account (DOMAIN\\user, user or SID)
  --computer NAME          only sessions on this computer
  --logon-type TYPE        only this logon type (a number, or a name such as RemoteInteractive)
  --since TIME, --until TIME
                           only sessions that started in this range (ISO 8601, e.g. 2024-03-01T08:00Z)
  -h, --help               this help`;

export async function sessions(args: readonly string[], context: CliContext): Promise<number> {
  const parsed = parseArgs(args, ['--format', '--account', '--computer', '--logon-type', '--since', '--until'], [], 'sessions');
  const format = choice(parsed, '--format', ['text', 'json', 'csv'] as const, 'text');
  if (parsed.positional.length === 0) throw new UsageError("name at least one file or folder, or '-' for standard input. See 'logon-lens sessions --help'.");
  const keep = filterFrom(parsed.options);
  const inputs = await openInputs(parsed.positional);
  const progress = new PassProgress(context.progress, inputs.files, ['reading']);
  try {
    const { sessions: all } = await correlateExports(inputs.files, context.warn, progress.pass(0));
    progress.finish();
    const kept = all.filter(keep).sort((a, b) => a.start - b.start);
    // Rows are made as they are written: a big export has hundreds of thousands of sessions.
    const out = buffered(context.out);
    if (format === 'json') writeJson(kept, out.write);
    else if (format === 'csv') writeCsv(kept, out.write);
    else writeTable(kept, out.write);
    out.flush();
    context.warn(`${kept.length} of ${plural(all.length, 'session')}.`);
  } finally {
    progress.finish();
    inputs.dispose();
  }
  return 0;
}

function filterFrom(options: Map<string, string>): (session: ExportSession) => boolean {
  const tests: ((s: ExportSession) => boolean)[] = [];
  const account = options.get('--account')?.toLowerCase();
  if (account !== undefined) tests.push(s => [accountOf(s), s.account.user, s.account.sid].some(v => v?.toLowerCase() === account));
  const computer = options.get('--computer')?.toLowerCase();
  if (computer !== undefined) tests.push(s => s.computer.toLowerCase() === computer || s.computer.toLowerCase().split('.')[0] === computer);
  const typeText = options.get('--logon-type');
  if (typeText !== undefined) {
    const type = /^\d+$/.test(typeText) ? Number(typeText) : LOGON_TYPES.find(t => t.name.toLowerCase() === typeText.toLowerCase())?.value;
    if (type === undefined || logonType(type) === undefined) throw new UsageError(`--logon-type takes a number or one of ${LOGON_TYPES.map(t => t.name).join(', ')}; got '${typeText}'.`);
    tests.push(s => s.logonType === type);
  }
  for (const [name, compare] of [['--since', (start: number, t: number) => start >= t], ['--until', (start: number, t: number) => start <= t]] as const) {
    const text = options.get(name);
    if (text === undefined) continue;
    const time = parseTime(text);
    if (time === undefined) throw new UsageError(`${name} takes an ISO 8601 time, like 2024-03-01T08:00:00Z; got '${text}'.`);
    tests.push(s => compare(s.start, time));
  }
  return s => tests.every(test => test(s));
}

function parseTime(text: string): number | undefined {
  const withSeconds = /T\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?$/.test(text) ? text.replace(/(T\d{2}:\d{2})/, '$1:00') : text;
  const full = /T/.test(withSeconds) ? withSeconds : `${withSeconds}T00:00:00Z`;
  return parseSystemTime(full)?.ms;
}

function toRow(s: ExportSession): SessionRow {
  const causedBy = s.causedBy === undefined ? '' : `${s.causedBy.departure.computer} ${placeName(s.causedBy.site)}`;
  return sessionRow(s, s.eventCount, placeName(s.logon), causedBy);
}

/** A table cell: values from the data are printed with control characters written out. */
function cell(row: SessionRow, key: keyof SessionRow): string {
  return key === 'privileged' ? (row.privileged ? 'yes' : '') : terminalText(String(row[key]), 200);
}

/** Columns as wide as their widest cell, found in a first pass over the rows. */
function writeTable(sessions: readonly ExportSession[], write: (text: string) => void): void {
  const widths = SESSION_COLUMNS.map(k => SESSION_HEADERS[k].length);
  for (const session of sessions) {
    const row = toRow(session);
    SESSION_COLUMNS.forEach((k, i) => (widths[i] = Math.max(widths[i]!, cell(row, k).length)));
  }
  const line = (values: string[]): string => `${values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd()}\n`;
  write(line(SESSION_COLUMNS.map(k => SESSION_HEADERS[k])));
  for (const session of sessions) {
    const row = toRow(session);
    write(line(SESSION_COLUMNS.map(k => cell(row, k))));
  }
}

function writeCsv(sessions: readonly ExportSession[], write: (text: string) => void): void {
  write(SESSION_CSV_HEADER);
  for (const session of sessions) write(sessionCsvLine(toRow(session)));
}

/** The same text as JSON.stringify(rows, null, 2), written row by row. */
function writeJson(sessions: readonly ExportSession[], write: (text: string) => void): void {
  if (sessions.length === 0) return write('[]\n');
  sessions.forEach((session, i) => write(`${i === 0 ? '[\n' : ',\n'}${indent(JSON.stringify(toRow(session), null, 2), '  ')}`));
  write('\n]\n');
}
