import { Severity } from './parse/model';
import { POLICY_RULES } from './policy/rules';
import { ACCOUNT_NAME_MISMATCH } from './policy/names/accountNameMismatch';
import { WINDOW_RULES } from './policy/windows/windowRules';

/** One diagnostic code: the registry every face, the schema and the docs are checked against. */
export interface RuleInfo {
  id: string;
  defaultSeverity: Severity;
  summary: string;
}

/** The rules whose findings are about an account: exceptions and the quick fixes that write them apply. */
export const FINDING_RULES: readonly RuleInfo[] = [
  ...POLICY_RULES.map(({ id, defaultSeverity, summary }) => ({ id, defaultSeverity, summary })),
  ...WINDOW_RULES.map(({ id, defaultSeverity, summary }) => ({ id, defaultSeverity, summary })),
  ACCOUNT_NAME_MISMATCH,
];

/** Every diagnostic code Logon Lens reports, for rule metadata (SARIF) and listings. */
export const RULE_CATALOG: readonly RuleInfo[] = [
  { id: 'xml-malformed', defaultSeverity: 'error', summary: 'The event XML is broken here; the other events are still read.' },
  { id: 'unknown-logon-type', defaultSeverity: 'warning', summary: 'A LogonType value Windows never writes.' },
  { id: 'invalid-sid', defaultSeverity: 'warning', summary: 'A SID field that does not hold a valid SID.' },
  { id: 'duplicate-field', defaultSeverity: 'warning', summary: 'A Data or System field given twice in one event: forged or damaged.' },
  { id: 'evtx-damaged', defaultSeverity: 'error', summary: 'A binary event log is damaged here: a checksum, a chunk or a record; the other records are still read.' },
  ...FINDING_RULES,
];

/**
 * A code's documentation page, docs/rules/<id>.md, under the installed package's root (a URI
 * ending in '/'). A file URI works offline and always matches the installed version.
 */
export function ruleDocsUri(packageRoot: string, ruleId: string): string {
  return `${packageRoot}docs/rules/${encodeURIComponent(ruleId)}.md`;
}
