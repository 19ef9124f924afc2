import { eventAt, EventDocument } from '../parse/eventDocument';
import { Problem, RelatedSpan } from '../parse/model';
import { MAX_RELATED, WINDOW_RULES } from '../policy/windows/windowRules';
import { visibleLabel } from '../text/display';
import { eventLabel } from './eventLabel';

/** Window findings already stand for many events: they are never grouped again. */
const WINDOW_IDS = new Set(WINDOW_RULES.map(rule => rule.id));

/**
 * Repeated findings shown once: findings of the same rule about the same account on the same
 * computer in one document become one, at the first, whose message gives the count and whose
 * related information lists the others (capped, with a count). Problems without an account (the
 * document's own) pass unchanged. Offset order is kept: each group sits where its first was.
 */
export function groupRepeated(doc: EventDocument, uri: string, problems: readonly Problem[]): Problem[] {
  const groups = new Map<string, { first: Problem; computer: string; others: Problem[] }>();
  const out: Problem[] = [];
  for (const problem of problems) {
    if (problem.account === undefined || WINDOW_IDS.has(problem.code)) {
      out.push(problem);
      continue;
    }
    const computer = problem.computer ?? '';
    const key = `${problem.code}\n${problem.account.toLowerCase()}\n${computer.toLowerCase()}`;
    const group = groups.get(key);
    if (group !== undefined) {
      group.others.push(problem);
      continue;
    }
    groups.set(key, { first: problem, computer, others: [] });
    out.push(problem);
  }
  const merged = new Map<Problem, Problem>();
  for (const { first, computer, others } of groups.values()) {
    if (others.length > 0) merged.set(first, grouped(doc, uri, first, computer, others));
  }
  return merged.size === 0 ? out : out.map(problem => merged.get(problem) ?? problem);
}

function grouped(doc: EventDocument, uri: string, first: Problem, computer: string, others: readonly Problem[]): Problem {
  const shown = others.slice(0, MAX_RELATED);
  const related: RelatedSpan[] = shown.map(other => {
    const event = eventAt(doc, other.start);
    return { uri, start: other.start, end: other.end, message: `Again: ${event === undefined ? other.message : eventLabel(event.record)}` };
  });
  if (others.length > shown.length) {
    const last = shown[shown.length - 1]!;
    related.push({ uri, start: last.start, end: last.end, message: `…and ${others.length - shown.length} more (the setting logonLens.diagnostics.groupRepeated shows every one)` });
  }
  const where = computer === '' ? '' : ` on ${visibleLabel(computer, 60)}`;
  return {
    ...first,
    message: `${first.message} (${others.length + 1} times for this account${where} in this file; the others are listed with this one.)`,
    related: [...(first.related ?? []), ...related],
  };
}
