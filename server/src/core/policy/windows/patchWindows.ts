import { EventsEdit, movedByEdit } from '../../parse/eventDocument';
import { EventRecord, Problem } from '../../parse/model';
import { eventFacts } from '../../sessions/eventFacts';
import { asKept, readAttempt, sameAttempt } from './attempt';

/** The events window rules read: an edit of any other event cannot change their findings. */
const ATTEMPT_EVENTS = new Set(['4624', '4625', '4648', '4769', '4771', '4776']);

/**
 * Brings the window findings up to date after an in-place edit of `uri` that changed no attempt:
 * the edited events are no attempts (no 4624, 4625, 4648, 4771 or 4776, before or after), or
 * read as the same attempts at the same places (a LogonType typed over with the same class, a
 * field windows do not read). Findings and related events after the edit move with the text.
 * Returns false, changing nothing, when they must be found again: an attempt changed, or a
 * finding or related event lies in the edited region other than on an unchanged attempt.
 */
export function patchWindows(byUri: Map<string, Problem[]>, uri: string, edit: EventsEdit): boolean {
  if (!edit.inPlace) return false;
  const { start, oldEnd, delta } = edit;
  const isAttempt = (record: EventRecord): boolean => ATTEMPT_EVENTS.has(record.system.EventID?.value.trim() ?? '');
  /** Where the unchanged attempts of edited events are placed: findings there stay valid. */
  const unchanged = new Set<number>();
  for (let k = 0; k < edit.added.length; k++) {
    const event = edit.added[k]!;
    const before = edit.oldRecords[k]!;
    if (!isAttempt(event.record) && !isAttempt(before)) continue;
    if (event.record === before) {
      // A neighbour read again: its findings stay where they are, if it did not move.
      const same = readAttempt(uri, event, eventFacts(event.record), asKept);
      if (same !== undefined) unchanged.add(same.start);
      continue;
    }
    // An edited event holds the edit, so it begins where it began (an event the edit moved keeps
    // its text, and so its record). Were it moved, its old spans would not be at the new places,
    // and the region check below would find them there.
    const now = readAttempt(uri, event, eventFacts(event.record), asKept);
    if (!sameAttempt(readAttempt(uri, { offset: event.offset, record: before }, eventFacts(before), asKept), now)) return false;
    if (now !== undefined) unchanged.add(now.start);
  }
  const inRegion = (span: { start: number }, at: string): boolean => at === uri && span.start >= start && span.start < oldEnd && !unchanged.has(span.start);
  for (const [other, problems] of byUri) {
    if (problems.some(p => inRegion(p, other) || p.related?.some(r => inRegion(r, r.uri)))) return false;
  }
  if (delta === 0) return true;
  for (const [other, problems] of byUri) byUri.set(other, problems.map(problem => movedByEdit(problem, other, uri, edit)));
  return true;
}
