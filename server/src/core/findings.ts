import { computeProblems, eventProblems } from './features/diagnostics';
import { EventDocument } from './parse/eventDocument';
import { Problem } from './parse/model';
import { ActiveRule, activeRules, checkEvent, levelProblems } from './policy/evaluatePolicy';
import { Policy } from './policy/policy';
import { PolicyEvent } from './policy/rule';

/**
 * The one findings pipeline, for every face: what is wrong with an event or a document. Its own
 * problems (XML, values) levelled by the policy, then the policy rules with the event's session,
 * in offset order. The editor calls `documentFindings`; the command line, streaming, calls
 * `eventFindings` and `gapFindings`. Adding a check or an input means adding it here once.
 */
export interface Findings {
  policy: Policy;
  rules: readonly ActiveRule[];
}

export function findingsFor(policy: Policy): Findings {
  return { policy, rules: activeRules(policy) };
}

/** Every problem of one streamed event, with its session: its XML and values, then the rules. */
export function eventFindings(event: PolicyEvent, findings: Findings): Problem[] {
  return inOffsetOrder([...levelProblems(eventProblems(event.event), findings.policy), ...checkEvent(event, findings.rules, findings.policy)]);
}

/** The problems of text between streamed events (junk, a broken declaration), levelled. */
export function gapFindings(problems: readonly Problem[], findings: Findings): Problem[] {
  return levelProblems(problems, findings.policy);
}

/**
 * A whole document's problems: its own (cached per record) and, when its sessions are known, the
 * rule findings the session models keep for it. The two are merged in offset order.
 */
export function documentFindings(doc: EventDocument, policy: Policy, ruleFindings: readonly Problem[] = []): Problem[] {
  const own = levelProblems(computeProblems(doc), policy);
  return ruleFindings.length === 0 ? own : inOffsetOrder([...own, ...ruleFindings]);
}

function inOffsetOrder(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => a.start - b.start);
}
