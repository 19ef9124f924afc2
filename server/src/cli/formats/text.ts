import { Finding } from '../analyze';

const COLOURS = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m' } as const;
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

/**
 * `file:line:col severity code message`, one per line (1-based). On a terminal, findings are grouped
 * under their file and coloured by severity.
 */
export function formatText(findings: readonly Finding[], terminal: boolean): string {
  if (!terminal) {
    return findings.map(f => `${f.input.name}:${f.start.line + 1}:${f.start.character + 1} ${f.problem.severity} ${f.problem.code} ${f.problem.message}\n`).join('');
  }
  let out = '';
  let current: string | undefined;
  for (const f of findings) {
    if (f.input.name !== current) {
      current = f.input.name;
      out += `${out === '' ? '' : '\n'}${BOLD}${current}${RESET}\n`;
    }
    const { severity, code, message } = f.problem;
    out += `  ${DIM}${f.start.line + 1}:${f.start.character + 1}${RESET} ${COLOURS[severity]}${severity}${RESET} ${message} ${DIM}${code}${RESET}\n`;
  }
  return out;
}
