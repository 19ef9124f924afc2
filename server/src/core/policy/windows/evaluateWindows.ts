import { EventDocument } from '../../parse/eventDocument';
import { EventRecord, LocatedEvent, Problem } from '../../parse/model';
import { eventFacts } from '../../sessions/eventFacts';
import { Policy, ruleLevel } from '../policy';
import { asKept, Attempt, readAttempt } from './attempt';
import { WINDOW_RULES, WindowTracker } from './windowRules';
import { finish, ITEMS_PER_STEP, Steps } from '../../steps';

/**
 * Each attempt, read once, with the record and offset it was read at, and what makes it the same
 * event as a copy in another document (empty: no record number).
 */
const attempts = new WeakMap<LocatedEvent, { record: EventRecord; offset: number; uri: string; attempt: Attempt; copyKey: string }>();
/** The records that are no attempt (most of them): that depends on the record alone. */
const noAttempt = new WeakSet<EventRecord>();

/**
 * The window rules' findings over every document, by document: all their attempts in time order
 * through one tracker, so a burst split across files (two exports of one host) is one burst.
 */
export function evaluateWindows(documents: Iterable<[uri: string, doc: EventDocument]>, policy: Policy): Map<string, Problem[]> {
  return finish(evaluateWindowsInSteps(documents, policy));
}

/** The same, pausing every ITEMS_PER_STEP events, and every ITEMS_PER_STEP attempts. */
export function* evaluateWindowsInSteps(documents: Iterable<[uri: string, doc: EventDocument]>, policy: Policy): Steps<Map<string, Problem[]>> {
  const results = new Map<string, Problem[]>();
  if (WINDOW_RULES.every(rule => ruleLevel(policy, rule.id, rule.defaultSeverity) === 'off')) return results;
  const all: Attempt[] = [];
  // The same event in two documents (an .evtx and its XML export, two copies of one log) is one attempt.
  const seen = new Set<string>();
  let seenEvents = 0;
  for (const [uri, doc] of documents) {
    results.set(uri, []);
    for (const event of doc.events) {
      if (++seenEvents % ITEMS_PER_STEP === 0) yield;
      if (noAttempt.has(event.record)) continue;
      let read = attempts.get(event);
      if (read === undefined || read.record !== event.record || read.offset !== event.offset || read.uri !== uri) {
        const facts = eventFacts(event.record);
        const attempt = readAttempt(uri, event, facts, asKept);
        if (attempt === undefined) {
          noAttempt.add(event.record);
          attempts.delete(event);
          continue;
        }
        // Joined, not concatenated: a concatenation keeps its pieces (a tree of strings).
        const copyKey = facts.recordId > 0 ? [attempt.computer, facts.recordId, facts.eventId, attempt.time].join('|') : '';
        read = { record: event.record, offset: event.offset, uri, attempt, copyKey };
        attempts.set(event, read);
      }
      const { attempt, copyKey } = read;
      if (copyKey !== '') {
        if (seen.has(copyKey)) continue;
        seen.add(copyKey);
      }
      all.push(attempt);
    }
  }
  // Time order; equal times keep document order.
  all.sort((a, b) => a.time - b.time);
  const tracker = new WindowTracker(policy);
  const place = (found: ReturnType<WindowTracker['add']>): void => {
    for (const { at, problem } of found) results.get(at.uri)?.push(problem);
  };
  let tracked = 0;
  for (const attempt of all) {
    if (++tracked % ITEMS_PER_STEP === 0) yield;
    place(tracker.add(attempt));
  }
  place(tracker.finish());
  // Episodes end after the events that complete them: each document's findings in document order.
  for (const problems of results.values()) problems.sort((a, b) => a.start - b.start);
  return results;
}
