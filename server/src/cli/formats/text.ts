import { terminalText } from './safeText';
import { FindingWriter } from './writer';

const COLOURS = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m' } as const;
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

/**
 * `file:line:col severity code message`, one per line (1-based). On a terminal, findings are grouped
 * under their file and coloured by severity.
 */
export function textWriter(out: (text: string) => void, terminal: boolean): FindingWriter {
  let current: string | undefined;
  return {
    write({ file: name, start, problem: { severity, code, message: raw } }) {
      // The file name and the message may carry text from the evidence: never raw control characters.
      const file = terminalText(name);
      const message = terminalText(raw);
      if (!terminal) {
        out(`${file}:${start.line + 1}:${start.character + 1} ${severity} ${code} ${message}\n`);
        return;
      }
      if (file !== current) {
        out(`${current === undefined ? '' : '\n'}${BOLD}${file}${RESET}\n`);
        current = file;
      }
      out(`  ${DIM}${start.line + 1}:${start.character + 1}${RESET} ${COLOURS[severity]}${severity}${RESET} ${message} ${DIM}${code}${RESET}\n`);
    },
    end() {},
  };
}
