import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Problem, Severity } from './core/parse/model';
import { ruleDocsUri } from './ruleDocs';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

/** A core Problem (offsets) as an LSP Diagnostic (lines and characters), linked to its rule's page. */
export function toDiagnostic(text: TextDocument, problem: Problem): Diagnostic {
  return {
    range: { start: text.positionAt(problem.start), end: text.positionAt(problem.end) },
    severity: SEVERITY[problem.severity],
    source: 'logon-lens',
    code: problem.code,
    codeDescription: { href: ruleDocsUri(problem.code) },
    message: problem.message,
  };
}
