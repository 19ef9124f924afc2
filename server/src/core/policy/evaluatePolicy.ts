import { wellKnownLogonId } from '../knowledge/logonIds';
import { EventDocument } from '../parse/eventDocument';
import { EventRecord, Field, LocatedEvent, Problem, Severity } from '../parse/model';
import { EventFacts, eventFacts } from '../sessions/eventFacts';
import { Occurrence, Session, SessionIndex } from '../sessions/model';
import { occurrencesOfEvent } from '../sessions/occurrenceAt';
import { sessionGroups } from '../sessions/sessionGroups';
import { exceptionLabel, matchesAny } from './account';
import { Policy, ruleExceptions, ruleLevel } from './policy';
import { Finding, PolicyEvent, Rule, RuleSession } from './rule';
import { POLICY_RULES } from './rules';
import { finish, ITEMS_PER_STEP, Steps } from '../steps';

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

/**
 * Runs the active rules over one event; its findings as Problems (absolute offsets, evidence as
 * related spans). An event that names a Data field twice is checked once per value, so a forged
 * second TargetUserName is seen by the rules as well as the first.
 */
export function checkEvent(event: PolicyEvent, rules: readonly ActiveRule[], policy: Policy): Problem[] {
  const problems: Problem[] = [];
  const asked = rulesFor(rules, event.facts);
  if (asked.length === 0) return problems;
  const context = { policy };
  for (const record of readings(event.event.record)) {
    const reading = record === event.event.record ? event : { ...event, event: { offset: event.event.offset, record } };
    for (const { rule, level, exceptions } of asked) {
      const finding = rule.check(reading, context);
      if (finding === undefined || (finding.account !== undefined && matchesAny(finding.account, exceptions, 'never'))) continue;
      const problem = toProblem(rule, level, reading.event, finding);
      // A finding the first reading made already is not made twice (few events have any).
      if (!problems.some(p => p.code === problem.code && p.start === problem.start)) problems.push(problem);
    }
  }
  return problems;
}

/** Per list of active rules: those asked of any event, and those asked of each Security event ID. */
const byEvent = new WeakMap<readonly ActiveRule[], { any: ActiveRule[]; security: Map<number, ActiveRule[]> }>();

/** The rules, in their order, that look at this event (see Rule.events). */
function rulesFor(rules: readonly ActiveRule[], facts: EventFacts): readonly ActiveRule[] {
  let index = byEvent.get(rules);
  if (index === undefined) {
    const ids = new Set(rules.flatMap(({ rule }) => rule.events ?? []));
    index = { any: rules.filter(({ rule }) => rule.events === undefined), security: new Map() };
    for (const id of ids) index.security.set(id, rules.filter(({ rule }) => rule.events === undefined || rule.events.includes(id)));
    byEvent.set(rules, index);
  }
  return (facts.security ? index.security.get(facts.eventId) : undefined) ?? index.any;
}

/** At most this many readings of one event: a forged event cannot make the check quadratic. */
const MAX_READINGS = 16;

/**
 * The record as rules read it (first value of each field), then, for each Data field named more
 * than once, the record with each later value moved first.
 */
function readings(record: EventRecord): EventRecord[] {
  const all = [record];
  const { data } = record;
  // Nearly every event names each field once: that is checked without a map.
  if (data.length < 2 || !namesRepeat(data)) return all;
  const firstOf = new Map<string, number>();
  data.forEach((field, k) => {
    if (field.name === '' || all.length >= MAX_READINGS) return;
    const first = firstOf.get(field.name);
    if (first === undefined) return void firstOf.set(field.name, k);
    if (data[first]!.value === field.value) return; // the same value read again changes nothing
    const moved = data.slice();
    moved.splice(k, 1);
    moved.splice(first, 0, field);
    all.push({ ...record, data: moved });
  });
  return all;
}

/** Whether two fields share a (non-empty) name. Quadratic, so only for the few fields events have. */
function namesRepeat(data: readonly Field[]): boolean {
  if (data.length > 64) return true; // let the map tell
  for (let a = 1; a < data.length; a++) {
    const name = data[a]!.name;
    if (name === '') continue;
    for (let b = 0; b < a; b++) if (data[b]!.name === name) return true;
  }
  return false;
}

/**
 * Runs every policy rule over every event of the documents, with their sessions, and returns the
 * findings of each document.
 */
export function evaluatePolicy(documents: Iterable<[uri: string, doc: EventDocument]>, index: SessionIndex, policy: Policy): Map<string, Problem[]> {
  return finish(evaluatePolicyInSteps(documents, index, policy));
}

/** The same, pausing every ITEMS_PER_STEP events. */
export function* evaluatePolicyInSteps(documents: Iterable<[uri: string, doc: EventDocument]>, index: SessionIndex, policy: Policy): Steps<Map<string, Problem[]>> {
  const rules = activeRules(policy);
  const results = new Map<string, Problem[]>();
  const views = new Map<Session, RuleSession>();
  let checked = 0;
  for (const [uri, doc] of documents) {
    const problems: Problem[] = [];
    const sessionsOf = yield* sessionLinks(index, uri, views);
    for (const event of doc.events) {
      if (++checked % ITEMS_PER_STEP === 0) yield;
      problems.push(...checkEvent({ uri, event, facts: eventFacts(event.record), ...sessionsOf.get(event) }, rules, policy));
    }
    results.set(uri, problems);
  }
  return results;
}

/** For each 4624 the session it begins, and for each logoff the session it ends or its orphan field. */
function* sessionLinks(index: SessionIndex, uri: string, views: Map<Session, RuleSession>): Steps<Map<LocatedEvent, Pick<PolicyEvent, 'session' | 'orphanLogoff'>>> {
  const links = new Map<LocatedEvent, Pick<PolicyEvent, 'session' | 'orphanLogoff'>>();
  const occurrences = index.occurrencesByUri.get(uri) ?? [];
  for (let k = 0; k < occurrences.length; k++) {
    if ((k + 1) % ITEMS_PER_STEP === 0) yield;
    const occurrence = occurrences[k]!;
    const link = linkOf(occurrence, views);
    if (link !== undefined) links.set(occurrence.ref.event, link);
  }
  return links;
}

/** What a Logon ID value tells the rules of its event: the session it begins or ends, or that it is an orphan logoff. */
function linkOf(occurrence: Occurrence, views: Map<Session, RuleSession>): Pick<PolicyEvent, 'session' | 'orphanLogoff'> | undefined {
  const { session, role } = occurrence;
  if ((role === 'logon' || role === 'logoff') && session !== undefined) {
    let view = views.get(session);
    if (view === undefined) views.set(session, (view = ruleSession(session)));
    return { session: view };
  }
  if (role === 'logoff' && wellKnownLogonId(occurrence.logonId) === undefined) return { orphanLogoff: occurrence.field };
  return undefined;
}

/**
 * The findings of some events of one document (those an edit re-parsed), with their sessions:
 * what evaluatePolicy would give for them, without checking the rest of the document.
 */
export function checkEventsOf(uri: string, events: readonly LocatedEvent[], index: SessionIndex, policy: Policy): Problem[] {
  const rules = activeRules(policy);
  const views = new Map<Session, RuleSession>();
  const occurrences = index.occurrencesByUri.get(uri) ?? [];
  const problems: Problem[] = [];
  for (const event of events) {
    let link: Pick<PolicyEvent, 'session' | 'orphanLogoff'> | undefined;
    for (const occurrence of occurrencesOfEvent(occurrences, event)) link = linkOf(occurrence, views) ?? link;
    problems.push(...checkEvent({ uri, event, facts: eventFacts(event.record), ...link }, rules, policy));
  }
  return problems;
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
    computer: finding.account === undefined ? undefined : event.record.system.Computer?.value.trim(),
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
