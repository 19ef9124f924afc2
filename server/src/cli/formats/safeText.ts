import { visibleLabel } from '../../core/text/display';

/**
 * What the command line prints of the data: evidence from a machine that may be compromised.
 * On a terminal or in a CI log, ESC, BEL, CR and LF in a value could set the title, erase lines,
 * or forge a finding line that matchers read; so every control, bidi and zero-width character is
 * written out as `\uXXXX`, and values are cut.
 */
export function terminalText(text: string, max = 2000): string {
  return visibleLabel(text, max);
}

/**
 * One CSV cell, as OWASP recommends against formula injection: always quoted, inner quotes
 * doubled, and a cell that a spreadsheet would read as a formula (starting with =, +, -, @, a tab
 * or a CR) prefixed with a single quote. Line breaks inside are written out, so one row stays one line.
 */
export function csvCell(value: unknown): string {
  let text = terminalText(String(value), 10_000);
  if (/^[=+\-@\t\r]/.test(text) || /^\\u000[9D]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}
