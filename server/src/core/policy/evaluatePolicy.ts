import { wellKnownLogonId } from '../knowledge/logonIds';
import { EventDocument } from '../parse/eventDocument';
import { LocatedEvent, Problem } from '../parse/model';
import { eventFacts } from '../sessions/eventFacts';
import { SessionIndex } from '../sessions/model';
import { accountLabel, matchesAny } from './account';
import { Policy, ruleExceptions, ruleLevel } from './policy';
import { Finding, PolicyEvent, Rule } from './rule';
import { POLICY_RULES } from './rules';

/**
 * Runs every policy rule over every event of the documents, with their sessions, and returns the
 * findings of each document as Problems (absolute offsets, evidence as related spans).
 */
export function evaluatePolicy(documents: Iterable<[uri: string, doc: EventDocument]>, index: SessionIndex, policy: Policy): Map<string, Problem[]> {
  const active = POLICY_RULES
    .map(rule => ({ rule, level: ruleLevel(policy, rule.id, rule.defaultSeverity), exceptions: ruleExceptions(policy, rule.id) }))
    .filter(r => r.level !== 'off');
  const results = new Map<string, Problem[]>();
  for (const [uri, doc] of documents) {
    const problems: Problem[] = [];
    const sessionsOf = sessionLinks(index, uri);
    for (const event of doc.events) {
      const policyEvent: PolicyEvent = { uri, event, facts: eventFacts(event.record), ...sessionsOf.get(event) };
      for (const { rule, level, exceptions } of active) {
        const finding = rule.check(policyEvent, { policy, index });
        if (finding === undefined || (finding.account !== undefined && matchesAny(finding.account, exceptions))) continue;
        problems.push(toProblem(rule, level as Problem['severity'], event, finding));
      }
    }
    results.set(uri, problems);
  }
  return results;
}

/** For each 4624 the session it begins, and for each logoff the session it ends or its orphan field. */
function sessionLinks(index: SessionIndex, uri: string): Map<LocatedEvent, Pick<PolicyEvent, 'session' | 'orphanLogoff'>> {
  const links = new Map<LocatedEvent, Pick<PolicyEvent, 'session' | 'orphanLogoff'>>();
  for (const occurrence of index.occurrencesByUri.get(uri) ?? []) {
    const { session, role, ref } = occurrence;
    if (role === 'logon' && session !== undefined) links.set(ref.event, { session });
    else if (role === 'logoff' && session !== undefined) links.set(ref.event, { session });
    else if (role === 'logoff' && wellKnownLogonId(occurrence.logonId) === undefined) links.set(ref.event, { orphanLogoff: occurrence.field });
  }
  return links;
}

function toProblem(rule: Rule, severity: Problem['severity'], event: LocatedEvent, finding: Finding): Problem {
  return {
    start: event.offset + finding.field.start,
    end: Math.max(event.offset + finding.field.end, event.offset + finding.field.start + 1),
    code: rule.id,
    severity,
    message: finding.message,
    account: finding.account === undefined ? undefined : finding.account.user !== undefined ? accountLabel(finding.account) : finding.account.sid,
    related: finding.evidence?.map(e => {
      const span = e.field ?? { start: 0, end: 6 };
      return { uri: e.ref.uri, start: e.ref.event.offset + span.start, end: e.ref.event.offset + span.end, message: e.message };
    }),
  };
}

/** Applies the policy's severities to the foundation checks (xml-malformed, unknown-logon-type, invalid-sid). */
export function levelProblems(problems: readonly Problem[], policy: Policy): Problem[] {
  const levelled: Problem[] = [];
  for (const problem of problems) {
    const level = ruleLevel(policy, problem.code, problem.severity);
    if (level !== 'off') levelled.push(level === problem.severity ? problem : { ...problem, severity: level });
  }
  return levelled;
}
