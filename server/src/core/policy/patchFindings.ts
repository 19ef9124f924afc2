import { editChangesEvents, eventAt, EventDocument, EventsEdit, movedByEdit } from '../parse/eventDocument';
import { LocatedEvent, Problem, RelatedSpan } from '../parse/model';
import { SessionIndex } from '../sessions/model';
import { checkEventsOf } from './evaluatePolicy';
import { Policy } from './policy';

/** Events whose content is evidence for other events' findings (a 4627's groups, a 4672). */
const EVIDENCE_EVENTS = new Set(['4627', '4672']);

/**
 * Brings every document's policy findings up to date after an edit of `uri` that the session
 * index was patched (or partly re-correlated) for: the edited region's events, the events
 * `recheck` names (whose sessions changed), and the events whose findings cite evidence in the
 * region, are checked again; findings and evidence after the region move with the text. Returns
 * false, changing nothing, when the edit may change other events' findings in ways not tracked
 * here (it touched a 4627 or 4672, whose content is evidence): check everything again.
 */
export function patchFindings(
  byUri: Map<string, Problem[]>, uri: string, edit: EventsEdit, index: SessionIndex, policy: Policy,
  documents: ReadonlyMap<string, EventDocument>, recheck: ReadonlyMap<string, readonly LocatedEvent[]> = new Map(),
): boolean {
  if (!edit.inPlace) return false;
  if (editChangesEvents(edit, EVIDENCE_EVENTS)) return false;
  const { start, oldEnd, delta } = edit;
  const inRegion = (span: RelatedSpan): boolean => span.uri === uri && span.start >= start && span.start < oldEnd;
  // A finding outside the region citing evidence inside it (a 4672's finding naming its logon) is made again.
  const again = new Map<string, LocatedEvent[]>([...recheck].map(([other, events]) => [other, [...events]]));
  for (const [other, problems] of byUri) {
    for (const p of problems) {
      if (!p.related?.some(inRegion) || (other === uri && p.start >= start && p.start < oldEnd)) continue;
      const doc = documents.get(other);
      const event = doc === undefined ? undefined : eventAt(doc, other === uri && p.start >= oldEnd ? p.start + delta : p.start);
      if (event === undefined) return false;
      again.set(other, [...(again.get(other) ?? []), event]);
    }
  }
  const regionEvents = new Set(edit.added);
  for (const [other, problems] of byUri) {
    const kept: Problem[] = [];
    for (const problem of problems) {
      if (other === uri && problem.start >= start && problem.start < oldEnd) continue; // checked again below
      kept.push(movedByEdit(problem, other, uri, edit));
    }
    // In document order and each once, as `within` and the checks need them.
    const events = [...new Set(again.get(other) ?? [])].filter(e => !(other === uri && regionEvents.has(e))).sort((a, b) => a.offset - b.offset);
    const patched = events.length === 0 ? kept : kept.filter(p => !within(events, p.start));
    if (other === uri) patched.push(...checkEventsOf(uri, edit.added, index, policy));
    if (events.length > 0) patched.push(...checkEventsOf(other, events, index, policy));
    byUri.set(other, other === uri || events.length > 0 ? patched.sort((a, b) => a.start - b.start) : patched);
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
