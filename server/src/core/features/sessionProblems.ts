import { Problem } from '../parse/model';
import { Session } from '../sessions/model';

/** Each session's problems: the findings on its events (a 4624, its 4672, a 4634…), counted once each. */
export type SessionProblemCounts = ReadonlyMap<Session, number>;

/**
 * How many problems lie on each session's events, from every document's problems (ungrouped, in
 * offset order as the findings pipeline gives them). A problem counts for the event it starts in.
 */
export function countSessionProblems(sessions: readonly Session[], problemsOf: (uri: string) => readonly Problem[]): SessionProblemCounts {
  const starts = new Map<string, Float64Array>();
  const startsOf = (uri: string): Float64Array => {
    let found = starts.get(uri);
    if (found === undefined) {
      found = Float64Array.from(problemsOf(uri), p => p.start).sort();
      starts.set(uri, found);
    }
    return found;
  };
  const counts = new Map<Session, number>();
  for (const session of sessions) {
    let count = 0;
    const seen = new Set<unknown>();
    for (const ref of session.events) {
      if (seen.has(ref.event)) continue;
      seen.add(ref.event);
      const list = startsOf(ref.uri);
      if (list.length === 0) continue;
      count += firstAtOrAfter(list, ref.event.offset + ref.event.record.length) - firstAtOrAfter(list, ref.event.offset);
    }
    if (count > 0) counts.set(session, count);
  }
  return counts;
}

/** The index of the first value >= `at` in a sorted list. */
function firstAtOrAfter(list: Float64Array, at: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle]! < at) low = middle + 1;
    else high = middle;
  }
  return low;
}
