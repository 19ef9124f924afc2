import { EventsEdit } from '../parse/eventDocument';
import { Problem, RelatedSpan } from '../parse/model';
import { SessionIndex } from '../sessions/model';
import { checkEventsOf } from './evaluatePolicy';
import { Policy } from './policy';

/** Events whose content is evidence for other events' findings (a 4627's groups, a 4672). */
const EVIDENCE_EVENTS = new Set(['4627', '4672']);

/**
 * Brings every document's policy findings up to date after an edit of `uri` that the session
 * index was patched for: the edited region's events are checked again, and findings and evidence
 * after it move with the text. Returns false, changing nothing, when the edit may change other
 * events' findings (it touched a 4627 or 4672, or evidence inside the region): check everything again.
 */
export function patchFindings(byUri: Map<string, Problem[]>, uri: string, edit: EventsEdit, index: SessionIndex, policy: Policy): boolean {
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
  for (const [other, problems] of byUri) {
    const kept: Problem[] = [];
    for (const problem of problems) {
      if (other === uri && problem.start >= start && problem.start < oldEnd) continue; // checked again below
      let p = other === uri && problem.start >= oldEnd ? { ...problem, start: problem.start + delta, end: problem.end + delta } : problem;
      if (p.related?.some(r => r.uri === uri && r.start >= oldEnd)) p = { ...p, related: p.related.map(moved) };
      kept.push(p);
    }
    if (other === uri) kept.push(...checkEventsOf(uri, edit.added, index, policy));
    byUri.set(other, other === uri ? kept.sort((a, b) => a.start - b.start) : kept);
  }
  return true;
}
