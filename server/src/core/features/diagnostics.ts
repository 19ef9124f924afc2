import { SECURITY_PROVIDER } from '../knowledge/eventCatalog';
import { logonType, UNUSED_LOGON_TYPES } from '../knowledge/logonTypes';
import { repeatedByWindows } from '../knowledge/repeatedFields';
import { isSidField, isValidSid, SID_LIST_FIELDS } from '../knowledge/sids';
import { EventDocument } from '../parse/eventDocument';
import { EventRecord, Field, LocatedEvent, NO_PROBLEMS, Problem, shifted } from '../parse/model';
import { visibleLabel } from '../text/display';

/** Rule ids of the checks made here; each has a page under docs/rules/. */
export const RULES = {
  xmlMalformed: 'xml-malformed',
  unknownLogonType: 'unknown-logon-type',
  invalidSid: 'invalid-sid',
  duplicateField: 'duplicate-field',
} as const;

/** Every problem in the document, with absolute offsets: malformed XML and suspicious values. */
export function computeProblems(doc: EventDocument): Problem[] {
  // Run on every publish, over every event, most with no problem: one walk that allocates only for those that have one.
  const problems: Problem[] = [...doc.gapProblems];
  for (const { offset, record } of doc.events) {
    const values = valueProblems(record);
    if (record.problems.length > 0) problems.push(...shifted(record.problems, offset));
    if (values.length > 0) problems.push(...shifted(values, offset));
  }
  return problems.sort((a, b) => a.start - b.start);
}

/**
 * The problems of one streamed event, structural and in its values, with absolute offsets, in
 * order. Not remembered (see `readFacts` for why).
 */
export function eventProblems({ offset, record }: LocatedEvent): Problem[] {
  const values: Problem[] = [];
  checkRecord(record, values);
  return shifted([...record.problems, ...values], offset).sort((a, b) => a.start - b.start);
}

// Records are immutable and survive edits, so their checks are done once.
const checked = new WeakMap<EventRecord, readonly Problem[]>();

/** Problems in one record's values, relative to the record like its spans. */
export function valueProblems(record: EventRecord): readonly Problem[] {
  let problems = checked.get(record);
  if (problems === undefined) {
    const found: Problem[] = [];
    checkRecord(record, found);
    checked.set(record, (problems = found.length === 0 ? NO_PROBLEMS : found));
  }
  return problems;
}

function checkRecord(record: EventRecord, problems: Problem[]): void {
  const security = record.system.Provider?.value === SECURITY_PROVIDER;
  const userId = record.system.UserID;
  if (userId !== undefined) checkSid(userId, problems);
  if (security) checkDuplicates(record, problems);
  for (const field of record.data) {
    if (field.name === 'LogonType' && security) checkLogonType(field, problems);
    else if (SID_LIST_FIELDS.has(field.name)) checkSidList(field, problems);
    else if (isSidField(field.name)) checkSid(field, problems);
  }
}

function checkLogonType(field: Field, problems: Problem[]): void {
  const text = field.value.trim();
  const value = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  if (logonType(value) !== undefined) return;
  const why = UNUSED_LOGON_TYPES.includes(value) ? 'Windows defines no logon type with this value' : 'Windows writes only 0, 2–5 and 7–13';
  problems.push({
    start: field.start,
    end: Math.max(field.end, field.start + 1),
    code: RULES.unknownLogonType,
    severity: 'warning',
    message: `Unknown logon type '${text}': ${why}. The export may be damaged or altered.`,
  });
}

/** '-' and empty mean "no SID" in exports; anything else must be a SID. */
function checkSid(field: Field, problems: Problem[]): void {
  const text = field.value.trim();
  if (text === '' || text === '-' || isValidSid(text)) return;
  problems.push({
    start: field.start,
    end: field.end,
    code: RULES.invalidSid,
    severity: 'warning',
    message: `'${text.length > 60 ? `${text.slice(0, 60)}…` : text}' is not a valid SID (expected S-1-<authority>-<sub-authority>…, e.g. S-1-5-18).`,
  });
}

/** 4627 GroupMembership lists `%{S-1-…}` items; each must be a SID. */
function checkSidList(field: Field, problems: Problem[]): void {
  for (const m of field.value.matchAll(/%\{([^}]*)\}/g)) {
    if (isValidSid(m[1]!.trim())) continue;
    // Decoded and raw text line up unless entities were used; fall back to the whole field then.
    problems.push({
      start: field.start,
      end: field.end,
      code: RULES.invalidSid,
      severity: 'warning',
      message: `'${m[1]}' in ${field.name} is not a valid SID.`,
    });
  }
}

/** Whether a field before the k-th has its name. */
function namedBefore(fields: readonly Field[], k: number): boolean {
  const name = fields[k]!.name;
  for (let j = 0; j < k; j++) if (fields[j]!.name === name) return true;
  return false;
}

/**
 * Security auditing names each Data field once (but for a few known repeats). A second one can only be forged or damaged, and
 * whichever value a reader takes, the other may be what matters: report it (rules see both).
 */
function checkDuplicates(record: EventRecord, problems: Problem[]): void {
  const fields = record.data;
  if (fields.length < 2) return;
  const eventId = Number(record.system.EventID?.value);
  // An event has a few dozen fields: comparing each with those before it costs less than a set per
  // event (every event of an export is checked). A forged event with many more gets the set.
  const seen = fields.length > 64 ? new Set<string>() : undefined;
  for (let k = 0; k < fields.length; k++) {
    const field = fields[k]!;
    if (field.name === '' || repeatedByWindows(eventId, field.name)) continue;
    const again = seen === undefined ? namedBefore(fields, k) : seen.has(field.name);
    seen?.add(field.name);
    if (!again) continue;
    problems.push({
      start: field.start,
      end: Math.max(field.end, field.start + 1),
      code: RULES.duplicateField,
      severity: 'warning',
      message: `${visibleLabel(field.name, 60)} is given twice in this event; Windows writes each field once. The event may be forged or damaged: policy rules check every value.`,
    });
  }
}
