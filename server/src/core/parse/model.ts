/**
 * The event model: what one `<Event>` of an export becomes.
 *
 * Offsets are UTF-16 code units (JavaScript string indexes), as LSP counts them. A record's
 * offsets are relative to the start of the event's own text, so a record parsed once can be
 * reused wherever the same event text appears again (a re-parse keeps the records of unchanged events).
 */

/** A half-open span [start, end) of UTF-16 offsets. */
export interface Span {
  start: number;
  end: number;
}

/** A named value with the exact span of its raw text in the document. */
export interface Field extends Span {
  name: string;
  /** The decoded value: entities and CDATA resolved, CRLF normalised to LF. */
  value: string;
}

export type Severity = 'error' | 'warning' | 'information';

/** Something wrong with the input, at the place it goes wrong. */
export interface Problem extends Span {
  code: string;
  severity: Severity;
  message: string;
  /** Evidence elsewhere, possibly in another document (absolute offsets). */
  related?: RelatedSpan[];
  /** Whom a policy finding is about (`DOMAIN\user` or a SID), for exceptions and quick fixes. */
  account?: string;
  /** The Computer of the event a finding about an account is on: repeated findings are grouped by rule, account and computer. */
  computer?: string;
}

export interface RelatedSpan extends Span {
  uri: string;
  message: string;
}

/** The `<System>` values a record keeps, keyed by the element (or attribute) that holds them. */
export type SystemFieldName =
  | 'Provider' // Provider/@Name
  | 'EventID'
  | 'Version'
  | 'Level'
  | 'Task'
  | 'Opcode'
  | 'Keywords'
  | 'TimeCreated' // TimeCreated/@SystemTime
  | 'EventRecordID'
  | 'ActivityID' // Correlation/@ActivityID
  | 'ProcessID' // Execution/@ProcessID
  | 'ThreadID' // Execution/@ThreadID
  | 'Channel'
  | 'Computer'
  | 'UserID'; // Security/@UserID

export type SystemFields = Partial<Record<SystemFieldName, Field>>;

export interface EventRecord {
  /** Length of the event's text, from `<Event` to just past `</Event>` (or to where it breaks). */
  length: number;
  system: SystemFields;
  /** `EventData/Data` values by their Name attribute, and the leaf elements of `UserData`, in order. */
  data: Field[];
  /** Problems found inside this event, relative like every other span here. */
  problems: Problem[];
}

/**
 * A record placed in a document: `offset` is where its text starts. An edit moves it (and swaps
 * its record when its text changed) in place, so the session index that holds it stays valid.
 */
export interface LocatedEvent {
  offset: number;
  record: EventRecord;
}

/** The problems of whatever has none (records, values): one frozen list, never written to. */
export const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);

/** Problems moved by `by` characters: relative spans made absolute (or the reverse). */
export function shifted(problems: readonly Problem[], by: number): Problem[] {
  return problems.map(p => ({ ...p, start: p.start + by, end: p.end + by }));
}

/** The first Data field with this name, if any. */
export function dataField(record: EventRecord, name: string): Field | undefined {
  for (const field of record.data) if (field.name === name) return field;
  return undefined;
}

/** The event's Computer, trimmed, as written ('' when it has none): what sessions and views name a host by. */
export function computerName(record: EventRecord): string {
  return record.system.Computer?.value.trim() ?? '';
}

/** The trimmed value of the first Data field with this name; undefined when absent, empty or '-' (exports' "none"). */
export function dataValue(record: EventRecord, name: string): string | undefined {
  const text = dataField(record, name)?.value.trim();
  return text === undefined || text === '' || text === '-' ? undefined : text;
}
