import { Finding } from '../analyze';

/** Every finding as JSON: file, 1-based line and column of start and end, severity, code, message, evidence. */
export function formatJson(findings: readonly Finding[]): string {
  return `${JSON.stringify(findings.map(f => ({
    file: f.input.name,
    line: f.start.line + 1,
    column: f.start.character + 1,
    endLine: f.end.line + 1,
    endColumn: f.end.character + 1,
    severity: f.problem.severity,
    code: f.problem.code,
    message: f.problem.message,
    account: f.problem.account,
    related: f.problem.related?.map(r => ({ file: r.uri, offset: r.start, message: r.message })),
  })), null, 2)}\n`;
}
