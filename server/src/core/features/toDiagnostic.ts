import type { Positions } from '../parse/lineIndex';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { Problem, Severity } from '../parse/model';
import { MAX_MESSAGE, visibleLabel } from '../text/display';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

/**
 * A core Problem (offsets) as an LSP Diagnostic (lines and characters), linked to its rule's page,
 * with its evidence as related information and its account for the quick fixes.
 */
export function toDiagnostic(text: Positions, problem: Problem, docsUri: (code: string) => string, positionsOf: (uri: string) => Positions | undefined = () => undefined): Diagnostic {
  const diagnostic: Diagnostic = {
    range: { start: text.positionAt(problem.start), end: text.positionAt(problem.end) },
    severity: SEVERITY[problem.severity],
    source: 'logon-lens',
    code: problem.code,
    codeDescription: { href: docsUri(problem.code) },
    message: visibleLabel(problem.message, MAX_MESSAGE),
  };
  const related = problem.related?.flatMap(r => {
    const positions = r.uri === text.uri ? text : positionsOf(r.uri);
    return positions === undefined ? [] : [{ location: { uri: r.uri, range: { start: positions.positionAt(r.start), end: positions.positionAt(r.end) } }, message: visibleLabel(r.message, MAX_MESSAGE) }];
  });
  if (related !== undefined && related.length > 0) diagnostic.relatedInformation = related;
  if (problem.account !== undefined) diagnostic.data = { account: problem.account };
  return diagnostic;
}
