import { recordSidNames, SidNames } from '../../features/learnedNames';
import { EventDocument, EventsEdit, movedByEdit } from '../../parse/eventDocument';
import { dataValue, EventRecord, Problem } from '../../parse/model';
import { eventFacts } from '../../sessions/eventFacts';
import { Policy, ruleLevel } from '../policy';
import { ACCOUNT_NAME_MISMATCH, nameMismatch } from './accountNameMismatch';
import { finish, ITEMS_PER_STEP, Steps } from '../../steps';

/** account-name-mismatch over every document, by document, against the names all of them teach. */
export function evaluateNameMismatches(documents: Iterable<[uri: string, doc: EventDocument]>, names: SidNames, policy: Policy): Map<string, Problem[]> {
  return finish(evaluateNameMismatchesInSteps(documents, names, policy));
}

/** The same, pausing every ITEMS_PER_STEP events. */
export function* evaluateNameMismatchesInSteps(documents: Iterable<[uri: string, doc: EventDocument]>, names: SidNames, policy: Policy): Steps<Map<string, Problem[]>> {
  const results = new Map<string, Problem[]>();
  if (ruleLevel(policy, ACCOUNT_NAME_MISMATCH.id, ACCOUNT_NAME_MISMATCH.defaultSeverity) === 'off') return results;
  let read = 0;
  for (const [uri, doc] of documents) {
    const problems: Problem[] = [];
    for (const event of doc.events) {
      if (++read % ITEMS_PER_STEP === 0) yield;
      const found = nameMismatch(event, eventFacts(event.record), names, policy);
      if (found !== undefined) problems.push(found);
    }
    results.set(uri, problems);
  }
  return results;
}

/**
 * Moves the findings of `uri` after an in-place edit that changed no logon's account (a 4624's
 * TargetUserSid, TargetUserName, TargetDomainName) and taught no other names; returns false,
 * changing nothing, when they must be found again (the edit changed whom a logon names or a SID's
 * name, or lies where a finding is).
 */
export function patchNameMismatches(byUri: Map<string, Problem[]>, uri: string, edit: EventsEdit): boolean {
  if (!edit.inPlace) return false;
  const isLogon = (record: EventRecord): boolean => record.system.EventID?.value.trim() === '4624';
  const sameNames = (a: EventRecord, b: EventRecord): boolean => JSON.stringify(recordSidNames(a)) === JSON.stringify(recordSidNames(b));
  // What the rule reads of a logon: which event it is, and whom it names.
  const sameLogon = (a: EventRecord, b: EventRecord): boolean => isLogon(a) === isLogon(b)
    && a.system.Provider?.value === b.system.Provider?.value
    && ['TargetUserSid', 'TargetUserName', 'TargetDomainName'].every(name => dataValue(a, name) === dataValue(b, name));
  for (let k = 0; k < edit.added.length; k++) {
    const now = edit.added[k]!.record;
    const before = edit.oldRecords[k]!;
    if (now !== before && (!sameLogon(now, before) || !sameNames(now, before))) return false;
  }
  const problems = byUri.get(uri) ?? [];
  if (problems.some(p => p.start >= edit.start && p.start < edit.oldEnd)) return false;
  if (edit.delta !== 0) byUri.set(uri, problems.map(p => movedByEdit(p, uri, uri, edit)));
  return true;
}
