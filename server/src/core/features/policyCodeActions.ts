import { applyEdits, findNodeAtLocation, FormattingOptions, JSONPath, modify, Node, parseTree } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, CodeActionKind, Command, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { readPolicy } from '../policy/readPolicy';
import { FINDING_RULES } from '../ruleCatalog';
import { visibleLabel } from '../text/display';

/** What a policy diagnostic carries for its quick fixes. */
export interface PolicyDiagnosticData {
  /** `DOMAIN\user` or a SID: whom the finding is about. */
  account?: string;
}

/**
 * The policy file the fixes edit, as the editor has it now: its text (undefined when it does not
 * exist) and the version of that text (null when read from disk, not from an open buffer).
 */
export interface PolicyFile {
  uri: string;
  text: string | undefined;
  version: number | null;
}

/** Whether fixes may write the policy file, and why not. */
export type PolicyWrites = { allowed: true } | { allowed: false; why: string };

const FORMAT: FormattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };

/**
 * Quick fixes for a policy diagnostic: add the account to the rule's exceptions or to the
 * high-value list, disable the rule, open its documentation. Each is a WorkspaceEdit computed
 * against the text the editor has now and tied to its version, so an edit made for another text
 * is refused rather than applied in the wrong place. A policy file with any error gets no
 * structural edit, only a fix that opens it; a value of the wrong type is never rewritten.
 */
export function policyCodeActions(diagnostic: Diagnostic, file: PolicyFile | undefined, writes: PolicyWrites, docsCommand: (ruleId: string) => Command): CodeAction[] {
  const ruleId = String(diagnostic.code ?? '');
  if (!FINDING_RULES.some(r => r.id === ruleId)) return [];
  const data = diagnostic.data as PolicyDiagnosticData | undefined;
  const account = typeof data?.account === 'string' && data.account !== '' ? data.account : undefined;
  const actions: CodeAction[] = [];
  const docs: CodeAction = {
    title: `Open the documentation of ${ruleId}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: docsCommand(ruleId),
  };
  if (file === undefined || !writes.allowed) return [docs];

  // A missing file is planned as an empty policy: the same edits, written into a new file.
  const edits = plannedEdits(file.text ?? '{}', ruleId, account);
  if (edits === undefined) {
    actions.push({
      title: 'Open logon-policy.json: fix its errors first, then the quick fixes can edit it',
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: 'Open logon-policy.json', command: 'vscode.open', arguments: [file.uri] },
    });
  } else {
    for (const { title, path, value, preferred } of edits) {
      actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: editPolicy(file, path, value), isPreferred: preferred });
    }
  }
  actions.push(docs);
  return actions;
}

interface PlannedEdit {
  title: string;
  path: JSONPath;
  value: unknown;
  preferred?: boolean;
}

/** The edits that fit the policy text as it is; undefined when it has errors (nothing structural is safe). */
function plannedEdits(text: string, ruleId: string, account: string | undefined): PlannedEdit[] | undefined {
  const { policy } = readPolicy(text);
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (policy === undefined || root === undefined || root.type !== 'object') return undefined;
  const rule = findNodeAtLocation(root, ['rules', ruleId]);
  const edits: PlannedEdit[] = [];
  if (account !== undefined && ruleId === 'unexpected-privileges') {
    // What its message asks for: an expected administrator is listed as one.
    const title = `Add ${visibleLabel(account)} to the policy's admins`;
    const admins = findNodeAtLocation(root, ['admins']);
    if (admins === undefined) edits.push({ title, path: ['admins'], value: [account], preferred: true });
    else if (!listHas(admins, account)) edits.push({ title, path: ['admins', -1], value: account, preferred: true });
  }
  if (account !== undefined) {
    const exception = { title: `Add ${visibleLabel(account)} to the exceptions of ${ruleId}`, preferred: ruleId !== 'unexpected-privileges' };
    if (rule === undefined || rule.type === 'string') {
      const value = rule === undefined ? { exceptions: [account] } : { severity: rule.value as string, exceptions: [account] };
      edits.push({ ...exception, path: ['rules', ruleId], value });
    } else {
      const exceptions = findNodeAtLocation(rule, ['exceptions']);
      if (exceptions === undefined) edits.push({ ...exception, path: ['rules', ruleId, 'exceptions'], value: [account] });
      else if (!listHas(exceptions, account)) edits.push({ ...exception, path: ['rules', ruleId, 'exceptions', -1], value: account });
    }
    // High-value accounts are watched more closely: offered where that answers the finding, not where it works against it.
    if (ruleId !== 'high-value-account-logon' && ruleId !== 'unexpected-privileges') {
      const title = `Add ${visibleLabel(account)} to the high-value accounts`;
      const highValue = findNodeAtLocation(root, ['highValueAccounts']);
      if (highValue === undefined) edits.push({ title, path: ['highValueAccounts'], value: [account] });
      else if (!listHas(highValue, account)) edits.push({ title, path: ['highValueAccounts', -1], value: account });
    }
  }
  const level = rule?.type === 'object' ? findNodeAtLocation(rule, ['severity']) : rule;
  if (level?.value !== 'off') {
    edits.push({ title: `Disable ${ruleId} in logon-policy.json`, path: rule?.type === 'object' ? ['rules', ruleId, 'severity'] : ['rules', ruleId], value: 'off' });
  }
  return edits;
}

/** Whether a list the validator passed (strings only) already holds the account, without case. */
function listHas(list: Node, account: string): boolean {
  return (list.children ?? []).some(item => String(item.value).toLowerCase() === account.toLowerCase());
}

/** Sets `path` to `value` in the file as the editor has it, or creates the file. */
function editPolicy(file: PolicyFile, path: JSONPath, value: unknown): WorkspaceEdit {
  if (file.text !== undefined) {
    const isArrayInsertion = path[path.length - 1] === -1;
    const edits = modify(file.text, path, value, { formattingOptions: FORMAT, isArrayInsertion });
    const positions = TextDocument.create(file.uri, 'json', 0, file.text);
    return {
      documentChanges: [{
        textDocument: { uri: file.uri, version: file.version },
        edits: edits.map(e => TextEdit.replace({ start: positions.positionAt(e.offset), end: positions.positionAt(e.offset + e.length) }, e.content)),
      }],
    };
  }
  const created = applyEdits('{\n}\n', modify('{\n}\n', path, value, { formattingOptions: FORMAT }));
  // No ignoreIfExists: if the file appeared since (a second fix before saving), the editor refuses
  // this edit instead of writing a second object into the file.
  return {
    documentChanges: [
      { kind: 'create', uri: file.uri, options: { overwrite: false, ignoreIfExists: false } },
      { textDocument: { uri: file.uri, version: null }, edits: [TextEdit.insert({ line: 0, character: 0 }, created)] },
    ],
  };
}
