import { EventsEdit } from '../parse/eventDocument';
import { LocatedEvent, Problem, RelatedSpan } from '../parse/model';
import { SessionIndex } from '../sessions/model';
import { checkEventsOf } from './evaluatePolicy';
import { Policy } from './policy';

/** Events whose content is evidence for other events' findings (a 4627's groups, a 4672). */
const EVIDENCE_EVENTS = new Set(['4627', '4672']);

/**
 * Brings every document's policy findings up to date after an edit of `uri` that the session
 * index was patched (or partly re-correlated) for: the edited region's events, and the events
 * `recheck` names (whose sessions changed), are checked again; findings and evidence after the
 * region move with the text. Returns false, changing nothing, when the edit may change other
 * events' findings (it touched a 4627 or 4672, or evidence inside the region): check everything again.
 */
export function patchFindings(byUri: Map<string, Problem[]>, uri: string, edit: EventsEdit, index: SessionIndex, policy: Policy, recheck: ReadonlyMap<string, readonly LocatedEvent[]> = new Map()): boolean {
  if (!edit.inPlace) return false;
  const touchesEvidence = edit.added.some((event, k) => event.record !== edit.oldRecords[k]
    && [event.record, edit.oldRecords[k]!].some(r => EVIDENCE_EVENTS.has(r.system.EventID?.value.trim() ?? '')));
  if (touchesEvidence) return false;
  const { start, oldEnd, delta } = edit;
  const inRegion = (span: RelatedSpan): boolean => span.uri === uri && span.start >= start && span.start < oldEnd;
  for (const [other, problems] of byUri) {
    if (problems.some(p => p.related?.some(inRegion) && !(other === uri && p.start >= start && p.start < oldEnd))) return false;
  }
  const moved = (span: RelatedSpan): RelatedSpan => (span.uri === uri && span.start >= oldEnd ? { ...span, start: span.start + delta, end: span.end + delta } : span);
  const regionEvents = new Set(edit.added);
  for (const [other, problems] of byUri) {
    const kept: Problem[] = [];
    for (const problem of problems) {
      if (other === uri && problem.start >= start && problem.start < oldEnd) continue; // checked again below
      let p = other === uri && problem.start >= oldEnd ? { ...problem, start: problem.start + delta, end: problem.end + delta } : problem;
      if (p.related?.some(r => r.uri === uri && r.start >= oldEnd)) p = { ...p, related: p.related.map(moved) };
      kept.push(p);
    }
    const again = (recheck.get(other) ?? []).filter(e => !(other === uri && regionEvents.has(e)));
    const patched = again.length === 0 ? kept : kept.filter(p => !within(again, p.start));
    if (other === uri) patched.push(...checkEventsOf(uri, edit.added, index, policy));
    if (again.length > 0) patched.push(...checkEventsOf(other, again, index, policy));
    byUri.set(other, other === uri || again.length > 0 ? patched.sort((a, b) => a.start - b.start) : patched);
  }
  return true;
}

/** Whether `offset` falls inside one of `events` (in document order): a binary search. */
function within(events: readonly LocatedEvent[], offset: number): boolean {
  let low = 0;
  let high = events.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const event = events[mid]!;
    if (offset < event.offset) high = mid - 1;
    else if (offset >= event.offset + event.record.length) low = mid + 1;
    else return true;
  }
  return false;
}
