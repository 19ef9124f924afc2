import { applyEdits, FormattingOptions, modify, parse } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, CodeActionKind, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { Policy } from '../policy/policy';
import { POLICY_RULES } from '../policy/rules';

/** What a policy diagnostic carries for its quick fixes. */
export interface PolicyDiagnosticData {
  /** `DOMAIN\user` or a SID: whom the finding is about. */
  account?: string;
}

/** The policy file the fixes edit: its uri, and its text if it exists. */
export interface PolicyFile {
  uri: string;
  text: string | undefined;
}

const FORMAT: FormattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };

/**
 * Quick fixes for a policy diagnostic: add the account to the rule's exceptions or to the
 * high-value list, disable the rule, open its documentation. Each edits the policy file through a
 * WorkspaceEdit the user sees, creating the file if needed.
 */
export function policyCodeActions(diagnostic: Diagnostic, file: PolicyFile, docsUri: (ruleId: string) => string): CodeAction[] {
  const ruleId = String(diagnostic.code ?? '');
  if (!POLICY_RULES.some(r => r.id === ruleId)) return [];
  const account = (diagnostic.data as PolicyDiagnosticData | undefined)?.account;
  const actions: CodeAction[] = [];
  const fix = (title: string, edit: WorkspaceEdit, preferred = false): void => {
    actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit, isPreferred: preferred });
  };
  const policy = (file.text === undefined ? {} : parse(file.text, [], { allowTrailingComma: true }) ?? {}) as Policy;
  if (account !== undefined) {
    const rule = policy.rules?.[ruleId];
    const exceptions = typeof rule === 'object' ? rule.exceptions ?? [] : [];
    if (!exceptions.includes(account)) {
      const path = typeof rule === 'object' ? ['rules', ruleId, 'exceptions'] : ['rules', ruleId];
      const newValue = typeof rule === 'object' ? [...exceptions, account] : { ...(typeof rule === 'string' ? { severity: rule } : {}), exceptions: [account] };
      fix(`Add ${account} to the exceptions of ${ruleId}`, editPolicy(file, path, newValue), true);
    }
    if (ruleId !== 'high-value-account-logon' && !(policy.highValueAccounts ?? []).includes(account)) {
      fix(`Add ${account} to the high-value accounts`, editPolicy(file, ['highValueAccounts'], [...(policy.highValueAccounts ?? []), account]));
    }
  }
  const rule = policy.rules?.[ruleId];
  fix(`Disable ${ruleId} in logon-policy.json`, editPolicy(file, typeof rule === 'object' ? ['rules', ruleId, 'severity'] : ['rules', ruleId], 'off'));
  actions.push({
    title: `Open the documentation of ${ruleId}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: `Open the documentation of ${ruleId}`, command: 'vscode.open', arguments: [docsUri(ruleId)] },
  });
  return actions;
}

/** Sets `path` to `newValue` in the policy file, creating the file when it does not exist. */
function editPolicy(file: PolicyFile, path: (string | number)[], newValue: unknown): WorkspaceEdit {
  const before = file.text ?? '{\n}\n';
  const edits = modify(before, path, newValue, { formattingOptions: FORMAT });
  if (file.text !== undefined) {
    return { documentChanges: [{ textDocument: { uri: file.uri, version: null }, edits: edits.map(toTextEdit(before)) }] };
  }
  const created = applyEdits(before, edits);
  return {
    documentChanges: [
      { kind: 'create', uri: file.uri, options: { ignoreIfExists: true } },
      { textDocument: { uri: file.uri, version: null }, edits: [TextEdit.insert({ line: 0, character: 0 }, created)] },
    ],
  };
}

function toTextEdit(text: string): (edit: { offset: number; length: number; content: string }) => TextEdit {
  const positions = TextDocument.create('file:///policy.json', 'json', 0, text);
  return edit => TextEdit.replace({ start: positions.positionAt(edit.offset), end: positions.positionAt(edit.offset + edit.length) }, edit.content);
}
