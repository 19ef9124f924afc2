import { findNodeAtLocation, Node, parse, parseTree, ParseError, printParseErrorCode } from 'jsonc-parser';
import { Problem } from '../parse/model';
import { inCidr, isIpAddress } from './cidr';
import { Policy } from './policy';
import { POLICY_RULES } from './rules';

/** The policy file's rule ids: the policy rules and the checks every event gets. */
export const CONFIGURABLE_RULES: readonly string[] = [...POLICY_RULES.map(r => r.id), 'xml-malformed', 'unknown-logon-type', 'invalid-sid'];
const LEVELS = ['off', 'information', 'warning', 'error'];
const ACCOUNT_LISTS = ['highValueAccounts', 'forbiddenAccounts', 'knownDomains', 'requireRestrictedAdmin', 'admins'] as const;
const KEYS = ['$schema', 'rules', 'privileged', 'allowedLogonTypes', 'workingHours', 'allowedSources', ...ACCOUNT_LISTS];

/**
 * Reads a logon-policy.json (comments and trailing commas allowed). Returns the policy, or
 * undefined when the file cannot be used, and problems placed at the offending text.
 */
export function readPolicy(text: string): { policy: Policy | undefined; problems: Problem[] } {
  const problems: Problem[] = [];
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of errors) {
    problems.push({ start: e.offset, end: e.offset + Math.max(e.length, 1), code: 'policy-invalid', severity: 'error', message: `Invalid JSON: ${printParseErrorCode(e.error)}. The last valid policy stays in force.` });
  }
  if (root === undefined || errors.length > 0) return { policy: undefined, problems };
  const report = (node: Node, message: string, severity: Problem['severity'] = 'error'): void => {
    problems.push({ start: node.offset, end: node.offset + node.length, code: 'policy-invalid', severity, message });
  };
  if (root.type !== 'object') {
    report(root, 'The policy must be a JSON object.');
    return { policy: undefined, problems };
  }
  for (const property of root.children ?? []) {
    const key = property.children![0]!;
    if (!KEYS.includes(key.value)) report(key, `Unknown setting '${key.value}'. Known: ${KEYS.filter(k => k !== '$schema').join(', ')}.`, 'warning');
  }
  checkRules(findNodeAtLocation(root, ['rules']), report);
  for (const list of ACCOUNT_LISTS) checkStrings(findNodeAtLocation(root, [list]), report);
  checkStrings(findNodeAtLocation(root, ['privileged', 'accounts']), report);
  checkStrings(findNodeAtLocation(root, ['privileged', 'groupSids']), report);
  checkMap(findNodeAtLocation(root, ['allowedLogonTypes']), report, item => typeof item.value === 'number' && Number.isInteger(item.value) ? undefined : 'a logon type number');
  checkMap(findNodeAtLocation(root, ['allowedSources']), report, item => {
    if (typeof item.value !== 'string') return 'an IP range (CIDR) or a workstation name';
    if (item.value.includes('/') && !isValidCidr(item.value)) return 'a valid CIDR range, like 10.0.0.0/8';
    return undefined;
  });
  checkSchedule(findNodeAtLocation(root, ['workingHours']), report);
  problems.sort((a, b) => a.start - b.start);
  const usable = problems.every(p => p.severity !== 'error');
  return { policy: usable ? (parse(text, [], { allowTrailingComma: true }) as Policy) : undefined, problems };
}

type Report = (node: Node, message: string, severity?: Problem['severity']) => void;

function checkRules(rules: Node | undefined, report: Report): void {
  if (rules === undefined) return;
  if (rules.type !== 'object') return report(rules, "'rules' maps rule ids to a severity or to { severity, exceptions }.");
  for (const property of rules.children ?? []) {
    const [key, setting] = property.children as [Node, Node];
    if (!CONFIGURABLE_RULES.includes(key.value)) report(key, `Unknown rule '${key.value}'.`, 'warning');
    const level = setting.type === 'object' ? findNodeAtLocation(setting, ['severity']) : setting;
    if (level !== undefined && !LEVELS.includes(level.value)) report(level, `A rule's severity is one of ${LEVELS.join(', ')}.`);
    if (setting.type === 'object') checkStrings(findNodeAtLocation(setting, ['exceptions']), report);
  }
}

function checkStrings(node: Node | undefined, report: Report): void {
  if (node === undefined) return;
  if (node.type !== 'array') return report(node, 'Expected a list of accounts (DOMAIN\\user, user) or SIDs.');
  for (const item of node.children ?? []) if (item.type !== 'string') report(item, 'Expected a string.');
}

function checkMap(node: Node | undefined, report: Report, itemProblem: (item: Node) => string | undefined): void {
  if (node === undefined) return;
  if (node.type !== 'object') return report(node, 'Expected an object whose keys are accounts or SIDs.');
  for (const property of node.children ?? []) {
    const list = property.children![1]!;
    if (list.type !== 'array') { report(list, 'Expected a list.'); continue; }
    for (const item of list.children ?? []) {
      const problem = itemProblem(item);
      if (problem !== undefined) report(item, `Expected ${problem}.`);
    }
  }
}

function checkSchedule(node: Node | undefined, report: Report): void {
  if (node === undefined) return;
  if (node.type !== 'object') return report(node, "'workingHours' is { timeZone, days, start, end }.");
  for (const key of ['start', 'end']) {
    const time = findNodeAtLocation(node, [key]);
    if (time === undefined) report(node, `'workingHours' needs '${key}' ("HH:MM").`);
    else if (typeof time.value !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time.value)) report(time, `'${key}' is a time of day, "HH:MM" (24-hour).`);
  }
  const zone = findNodeAtLocation(node, ['timeZone']);
  if (zone !== undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: String(zone.value) });
    } catch {
      report(zone, `Unknown time zone '${zone.value}'. Use an IANA name such as "Europe/Berlin" or "UTC".`);
    }
  }
  const days = findNodeAtLocation(node, ['days']);
  for (const day of days?.children ?? []) {
    if (typeof day.value !== 'string' || !['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].includes(day.value.slice(0, 3).toLowerCase())) report(day, 'A day is one of mon, tue, wed, thu, fri, sat, sun.');
  }
}

function isValidCidr(range: string): boolean {
  const [base] = range.split('/');
  return isIpAddress(base ?? '') && inCidr(base!, range);
}

