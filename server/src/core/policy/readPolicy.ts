import { getLocation, getNodeValue, Node, parseTree, ParseError, printParseErrorCode } from 'jsonc-parser';
import { Problem } from '../parse/model';
import { isValidCidr } from './cidr';
import { Policy, RuleLevel, RuleSettings, Schedule } from './policy';
import { RULE_CATALOG } from '../ruleCatalog';
import { WINDOW_RULES } from './windows/windowRules';

/** The policy file's rule ids: the policy rules and the checks every event gets. */
export const CONFIGURABLE_RULES: readonly string[] = RULE_CATALOG.map(r => r.id);
const LEVELS: readonly string[] = ['off', 'information', 'warning', 'error'];
const ACCOUNT_LISTS = ['highValueAccounts', 'forbiddenAccounts', 'knownDomains', 'requireRestrictedAdmin', 'admins'] as const;
const KEYS = ['$schema', 'rules', 'privileged', 'allowedLogonTypes', 'workingHours', 'allowedSources', ...ACCOUNT_LISTS];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** Deeper than this is no policy: the reader stops instead of walking a hostile file's nesting. */
const MAX_DEPTH = 32;
/** Larger than this is no policy (real ones are a few KB): not parsed, so junk cannot cost seconds. */
export const MAX_POLICY_CHARS = 256 * 1024;

/** A problem of a policy, at its text and at its place in the JSON (for the setting, which has no text). */
export interface PolicyProblem extends Problem {
  path: (string | number)[];
}

/**
 * The one way a policy enters Logon Lens, whether from logon-policy.json, the `logonLens.policy`
 * setting or `--policy`. Comments and trailing commas are allowed. Every field's type is checked
 * and every problem is placed at the offending text. The policy returned is built only from
 * values that passed, so nothing downstream meets a shape it did not expect; it is undefined when
 * any error remains (a broken policy is never half-applied).
 */
export function readPolicy(text: string): { policy: Policy | undefined; problems: PolicyProblem[] } {
  const problems: PolicyProblem[] = [];
  if (text.length > MAX_POLICY_CHARS) {
    problems.push({ start: 0, end: 1, code: 'policy-invalid', severity: 'error', path: [], message: `This policy is ${Math.round(text.length / 1024)} KB; a policy is a few KB, and Logon Lens reads none over ${MAX_POLICY_CHARS / 1024} KB. The last valid policy stays in force.` });
    return { policy: undefined, problems };
  }
  // The JSON parser recurses per level: refuse a hostile depth before it can overflow the stack.
  const tooDeepAt = nestingPast(text, MAX_DEPTH);
  if (tooDeepAt >= 0) {
    problems.push({ start: tooDeepAt, end: tooDeepAt + 1, code: 'policy-invalid', severity: 'error', path: [], message: `The policy nests deeper than ${MAX_DEPTH} levels; no policy is that deep.` });
    return { policy: undefined, problems };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const at = (offset: number): (string | number)[] => getLocation(text, offset).path;
  for (const e of errors) {
    problems.push({ start: e.offset, end: e.offset + Math.max(e.length, 1), code: 'policy-invalid', severity: 'error', path: at(e.offset), message: `Invalid JSON: ${printParseErrorCode(e.error)}. The last valid policy stays in force.` });
  }
  if (root === undefined || errors.length > 0) return { policy: undefined, problems };
  const report: Report = (node, message, severity = 'error') => {
    problems.push({ start: node.offset, end: node.offset + node.length, code: 'policy-invalid', severity, message, path: pathOf(node) });
  };
  const policy = readRoot(root, report);
  problems.sort((a, b) => a.start - b.start);
  return { policy: problems.some(p => p.severity === 'error') ? undefined : policy, problems };
}

/**
 * Checks a policy given as a value (the `logonLens.policy` setting). Its problems name their
 * place as a path, such as `forbiddenAccounts[0]`.
 */
export function checkPolicyValue(value: unknown): { policy: Policy | undefined; problems: PolicyProblem[] } {
  let text: string;
  try {
    text = JSON.stringify(value ?? {});
  } catch {
    return { policy: undefined, problems: [{ start: 0, end: 0, path: [], code: 'policy-invalid', severity: 'error', message: 'The policy is not a JSON value.' }] };
  }
  return readPolicy(text);
}

/** `rules["cleartext-logon"].exceptions[0]`: a problem's place, for messages without a text. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.map((part, k) => (typeof part === 'number' ? `[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? `${k === 0 ? '' : '.'}${part}` : `[${JSON.stringify(part)}]`)).join('') || '(the whole policy)';
}

type Report = (node: Node, message: string, severity?: Problem['severity']) => void;

/** Where `[` or `{` first opens a level deeper than `max` (outside strings and comments), or -1. */
function nestingPast(text: string, max: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return -1;
}

function pathOf(node: Node): (string | number)[] {
  const path: (string | number)[] = [];
  for (let child = node, parent = node.parent; parent !== undefined; child = parent, parent = parent.parent) {
    if (parent.type === 'property') {
      if (parent.children![0] !== child) path.unshift(String(parent.children![0]!.value));
    } else if (parent.type === 'array') {
      path.unshift(parent.children!.indexOf(child));
    }
  }
  return path;
}

/**
 * The properties of an object node by key. A key given twice is an error: the checker and the
 * parser would disagree on which one counts, so neither is trusted.
 */
function properties(node: Node, report: Report, known?: readonly string[], what = 'setting'): Map<string, Node> {
  const byKey = new Map<string, Node>();
  for (const property of node.children ?? []) {
    const [key, value] = property.children as [Node, Node | undefined];
    const name = String(key.value);
    if (byKey.has(name)) {
      report(key, `'${name}' is given twice. Keep one: which one counts would be a guess.`);
      continue;
    }
    if (known !== undefined && !known.includes(name)) report(key, `Unknown ${what} '${name}'. Known: ${known.filter(k => k !== '$schema').join(', ')}.`, 'warning');
    if (value !== undefined) byKey.set(name, value);
  }
  return byKey;
}

function readRoot(root: Node, report: Report): Policy {
  if (root.type !== 'object') {
    report(root, 'The policy must be a JSON object.');
    return {};
  }
  const fields = properties(root, report, KEYS);
  const policy: Policy = {};
  const schema = fields.get('$schema');
  if (schema !== undefined && schema.type !== 'string') report(schema, "'$schema' is a URL string.");
  const rules = fields.get('rules');
  if (rules !== undefined) policy.rules = readRules(rules, report);
  for (const list of ACCOUNT_LISTS) {
    const node = fields.get(list);
    if (node !== undefined) policy[list] = readStrings(node, report, list === 'knownDomains' ? 'domain names' : 'accounts (DOMAIN\\user) or SIDs');
  }
  const privileged = fields.get('privileged');
  if (privileged !== undefined) policy.privileged = readPrivileged(privileged, report);
  const logonTypes = fields.get('allowedLogonTypes');
  if (logonTypes !== undefined) {
    policy.allowedLogonTypes = readMap<number>(logonTypes, report, item => (item.type === 'number' && Number.isInteger(item.value) && item.value >= 0 && item.value <= 13 ? { ok: item.value as number } : { expected: 'a logon type number (0–13)' }));
  }
  const sources = fields.get('allowedSources');
  if (sources !== undefined) {
    policy.allowedSources = readMap<string>(sources, report, item => {
      if (item.type !== 'string' || String(item.value).trim() === '') return { expected: 'an IP range (CIDR) or a workstation name' };
      const value = item.value as string;
      if (value.includes('/') && !isValidCidr(value)) return { expected: 'a valid CIDR range: an address, "/" and a decimal prefix length, like 10.0.0.0/8' };
      return { ok: value };
    });
  }
  const hours = fields.get('workingHours');
  if (hours !== undefined) policy.workingHours = readSchedule(hours, report);
  return policy;
}

function readRules(node: Node, report: Report): Record<string, RuleLevel | RuleSettings> | undefined {
  if (node.type !== 'object') {
    report(node, "'rules' maps rule ids to a severity or to { severity, exceptions }.");
    return undefined;
  }
  const rules: Record<string, RuleLevel | RuleSettings> = {};
  for (const [id, setting] of properties(node, report, CONFIGURABLE_RULES, 'rule')) {
    if (setting.type === 'string') {
      const level = readLevel(setting, report);
      if (level !== undefined) rules[id] = level;
    } else if (setting.type === 'object') {
      const fields = properties(setting, report, ['severity', 'exceptions', 'threshold', 'windowMinutes'], 'rule setting');
      const settings: RuleSettings = {};
      const windowRule = WINDOW_RULES.some(r => r.id === id);
      for (const [name, min, max, whole] of [['threshold', 1, 100_000, true], ['windowMinutes', 0.1, 10_080, false]] as const) {
        const node = fields.get(name);
        if (node === undefined) continue;
        if (!windowRule) {
          report(node, `'${name}' applies only to the window rules (${WINDOW_RULES.map(r => r.id).join(', ')}); it is ignored here.`, 'warning');
        } else if (node.type !== 'number' || (whole && !Number.isInteger(node.value)) || node.value < min || node.value > max) {
          report(node, `'${name}' is ${whole ? 'a whole number' : 'a number'} from ${min} to ${max.toLocaleString('en-US')}.`);
        } else {
          settings[name] = node.value as number;
        }
      }
      const severity = fields.get('severity');
      if (severity !== undefined) settings.severity = readLevel(severity, report);
      const exceptions = fields.get('exceptions');
      if (exceptions !== undefined) settings.exceptions = readStrings(exceptions, report, 'accounts (DOMAIN\\user, *\\user) or SIDs');
      // Window rules also take sources: addresses, ranges and workstation names.
      for (const item of exceptions?.type === 'array' && !windowRule ? exceptions.children ?? [] : []) {
        if (typeof item.value === 'string' && !/^s-1-/i.test(item.value.trim()) && !item.value.includes('\\')) {
          report(item, `'${item.value}' names no domain, so it is not applied. Write DOMAIN\\${item.value}, or *\\${item.value} to except it in every domain.`, 'warning');
        }
      }
      rules[id] = settings;
    } else {
      report(setting, `A rule is set to a severity (${LEVELS.join(', ')}) or to { "severity": …, "exceptions": […] } (window rules also take "threshold" and "windowMinutes").`);
    }
  }
  return rules;
}

function readLevel(node: Node, report: Report): RuleLevel | undefined {
  if (node.type === 'string' && LEVELS.includes(node.value)) return node.value as RuleLevel;
  report(node, `A rule's severity is one of ${LEVELS.join(', ')}.`);
  return undefined;
}

function readStrings(node: Node, report: Report, what: string): string[] | undefined {
  if (node.type !== 'array') {
    report(node, `Expected a list of ${what}, like ["CORP\\\\alice"]${node.type === 'string' ? ', even for one' : ''}.`);
    return undefined;
  }
  const values: string[] = [];
  for (const item of node.children ?? []) {
    if (item.type !== 'string') report(item, 'Expected a string.');
    else values.push(item.value as string);
  }
  return values;
}

function readPrivileged(node: Node, report: Report): Policy['privileged'] {
  if (node.type !== 'object') {
    report(node, "'privileged' is { accounts, groupSids, trustSpecialPrivileges }.");
    return undefined;
  }
  const fields = properties(node, report, ['accounts', 'groupSids', 'trustSpecialPrivileges']);
  const privileged: NonNullable<Policy['privileged']> = {};
  const accounts = fields.get('accounts');
  if (accounts !== undefined) privileged.accounts = readStrings(accounts, report, 'accounts (DOMAIN\\user) or SIDs');
  const groups = fields.get('groupSids');
  if (groups !== undefined) privileged.groupSids = readStrings(groups, report, 'group SIDs');
  const trust = fields.get('trustSpecialPrivileges');
  if (trust !== undefined) {
    if (trust.type === 'boolean') privileged.trustSpecialPrivileges = trust.value as boolean;
    else report(trust, "'trustSpecialPrivileges' is true or false.");
  }
  return privileged;
}

function readMap<T>(node: Node, report: Report, read: (item: Node) => { ok: T } | { expected: string }): Record<string, T[]> | undefined {
  if (node.type !== 'object') {
    report(node, 'Expected an object whose keys are accounts or SIDs.');
    return undefined;
  }
  const map: Record<string, T[]> = {};
  for (const [account, list] of properties(node, report)) {
    if (list.type !== 'array') {
      report(list, 'Expected a list.');
      continue;
    }
    const values: T[] = [];
    for (const item of list.children ?? []) {
      const value = read(item);
      if ('ok' in value) values.push(value.ok);
      else report(item, `Expected ${value.expected}.`);
    }
    // Defined, not assigned: a key like "__proto__" is an account name here, never the prototype.
    Object.defineProperty(map, account, { value: values, enumerable: true, writable: true, configurable: true });
  }
  return map;
}

function readSchedule(node: Node, report: Report): Schedule | undefined {
  if (node.type !== 'object') {
    report(node, "'workingHours' is { timeZone, days, start, end }.");
    return undefined;
  }
  const fields = properties(node, report, ['timeZone', 'days', 'start', 'end']);
  const times: string[] = [];
  for (const key of ['start', 'end']) {
    const time = fields.get(key);
    if (time === undefined) report(node, `'workingHours' needs '${key}' ("HH:MM").`);
    else if (time.type !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time.value)) report(time, `'${key}' is a time of day, "HH:MM" (24-hour).`);
    else times.push(time.value as string);
  }
  const schedule: Schedule = { start: times[0] ?? '00:00', end: times[1] ?? '00:00' };
  const zone = fields.get('timeZone');
  if (zone !== undefined) {
    if (zone.type === 'string' && isTimeZone(zone.value)) schedule.timeZone = zone.value as string;
    else report(zone, `Unknown time zone ${JSON.stringify(getNodeValue(zone))}. Use an IANA name such as "Europe/Berlin" or "UTC".`);
  }
  const days = fields.get('days');
  if (days !== undefined) {
    if (days.type !== 'array') {
      report(days, `'days' is a list of days, like ["mon", "tue", "wed", "thu", "fri"].`);
    } else {
      schedule.days = [];
      for (const day of days.children ?? []) {
        if (day.type === 'string' && DAYS.includes(String(day.value).slice(0, 3).toLowerCase())) schedule.days.push(day.value as string);
        else report(day, `A day is one of ${DAYS.join(', ')}.`);
      }
    }
  }
  return schedule;
}

function isTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
