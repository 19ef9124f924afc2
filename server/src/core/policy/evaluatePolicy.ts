import { wellKnownLogonId } from '../knowledge/logonIds';
import { EventDocument } from '../parse/eventDocument';
import { LocatedEvent, Problem, Severity } from '../parse/model';
import { eventFacts } from '../sessions/eventFacts';
import { Session, SessionIndex } from '../sessions/model';
import { sessionGroups } from '../sessions/sessionGroups';
import { exceptionLabel, matchesAny } from './account';
import { Policy, ruleExceptions, ruleLevel } from './policy';
import { Finding, PolicyEvent, Rule, RuleSession } from './rule';
import { POLICY_RULES } from './rules';

/** A rule the policy turns on, at its level, with its exceptions. */
export interface ActiveRule {
  rule: Rule;
  level: Severity;
  exceptions: readonly string[] | undefined;
}

export function activeRules(policy: Policy): ActiveRule[] {
  const active: ActiveRule[] = [];
  for (const rule of POLICY_RULES) {
    const level = ruleLevel(policy, rule.id, rule.defaultSeverity);
    if (level !== 'off') active.push({ rule, level, exceptions: ruleExceptions(policy, rule.id) });
  }
  return active;
}

/** Runs the active rules over one event; its findings as Problems (absolute offsets, evidence as related spans). */
export function checkEvent(event: PolicyEvent, rules: readonly ActiveRule[], policy: Policy): Problem[] {
  const problems: Problem[] = [];
  for (const { rule, level, exceptions } of rules) {
    const finding = rule.check(event, { policy });
    if (finding === undefined || (finding.account !== undefined && matchesAny(finding.account, exceptions, 'never'))) continue;
    problems.push(toProblem(rule, level, event.event, finding));
  }
  return problems;
}

/**
 * Runs every policy rule over every event of the documents, with their sessions, and returns the
 * findings of each document.
 */
export function evaluatePolicy(documents: Iterable<[uri: string, doc: EventDocument]>, index: SessionIndex, policy: Policy): Map<string, Problem[]> {
  const rules = activeRules(policy);
  const results = new Map<string, Problem[]>();
  const views = new Map<Session, RuleSession>();
  for (const [uri, doc] of documents) {
    const problems: Problem[] = [];
    const sessionsOf = sessionLinks(index, uri, views);
    for (const event of doc.events) {
      problems.push(...checkEvent({ uri, event, facts: eventFacts(event.record), ...sessionsOf.get(event) }, rules, policy));
    }
    results.set(uri, problems);
  }
  return results;
}

/** For each 4624 the session it begins, and for each logoff the session it ends or its orphan field. */
function sessionLinks(index: SessionIndex, uri: string, views: Map<Session, RuleSession>): Map<LocatedEvent, Pick<PolicyEvent, 'session' | 'orphanLogoff'>> {
  const links = new Map<LocatedEvent, Pick<PolicyEvent, 'session' | 'orphanLogoff'>>();
  const viewOf = (session: Session): RuleSession => {
    let view = views.get(session);
    if (view === undefined) views.set(session, (view = ruleSession(session)));
    return view;
  };
  for (const occurrence of index.occurrencesByUri.get(uri) ?? []) {
    const { session, role, ref } = occurrence;
    if ((role === 'logon' || role === 'logoff') && session !== undefined) links.set(ref.event, { session: viewOf(session) });
    else if (role === 'logoff' && wellKnownLogonId(occurrence.logonId) === undefined) links.set(ref.event, { orphanLogoff: occurrence.field });
  }
  return links;
}

/** The editor's session as rules see it. */
function ruleSession(session: Session): RuleSession {
  const privileges = session.privileges;
  let groups: ReturnType<RuleSession['groups']> | undefined;
  return {
    start: session.start,
    // A 4672 is evidence as a whole: its `<Event` tag marks it.
    privileges: privileges && { uri: privileges.uri, start: privileges.event.offset, end: privileges.event.offset + 6 },
    groups: () => (groups ??= sessionGroups(session).map(({ sid, ref, field }) => ({
      sid,
      site: { uri: ref.uri, start: ref.event.offset + field.start, end: ref.event.offset + field.end },
    }))),
  };
}

function toProblem(rule: Rule, severity: Severity, event: LocatedEvent, finding: Finding): Problem {
  return {
    start: event.offset + finding.field.start,
    end: Math.max(event.offset + finding.field.end, event.offset + finding.field.start + 1),
    code: rule.id,
    severity,
    message: finding.message,
    account: finding.account === undefined ? undefined : exceptionLabel(finding.account),
    related: finding.evidence?.map(({ site, message }) => ({ ...site, message })),
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
