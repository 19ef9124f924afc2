import { EventsEdit } from '../../parse/eventDocument';
import { EventRecord, Problem, RelatedSpan } from '../../parse/model';

/** The events window rules read: an edit of any other event cannot change their findings. */
const ATTEMPT_EVENTS = new Set(['4624', '4625', '4648', '4771', '4776']);

/**
 * Brings the window findings up to date after an in-place edit of `uri` that changed no attempt
 * (no 4624, 4625, 4648, 4771 or 4776, before or after): findings and their related events after
 * the edit move with the text. Returns false, changing nothing, when they must be found again:
 * an attempt changed, or a finding or related event lies in the edited region.
 */
export function patchWindows(byUri: Map<string, Problem[]>, uri: string, edit: EventsEdit): boolean {
  if (!edit.inPlace) return false;
  const isAttempt = (record: EventRecord): boolean => ATTEMPT_EVENTS.has(record.system.EventID?.value.trim() ?? '');
  if (edit.added.some((event, k) => event.record !== edit.oldRecords[k] && (isAttempt(event.record) || isAttempt(edit.oldRecords[k]!)))) return false;
  const { start, oldEnd, delta } = edit;
  const inRegion = (span: { start: number }, at: string): boolean => at === uri && span.start >= start && span.start < oldEnd;
  for (const [other, problems] of byUri) {
    if (problems.some(p => inRegion(p, other) || p.related?.some(r => inRegion(r, r.uri)))) return false;
  }
  if (delta === 0) return true;
  const moved = (span: RelatedSpan): RelatedSpan => (span.uri === uri && span.start >= oldEnd ? { ...span, start: span.start + delta, end: span.end + delta } : span);
  for (const [other, problems] of byUri) {
    byUri.set(other, problems.map(problem => {
      const p = other === uri && problem.start >= oldEnd ? { ...problem, start: problem.start + delta, end: problem.end + delta } : problem;
      return p.related?.some(r => r.uri === uri && r.start >= oldEnd) ? { ...p, related: p.related.map(moved) } : p;
    }));
  }
  return true;
}
