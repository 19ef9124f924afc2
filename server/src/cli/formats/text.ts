import { terminalText } from './safeText';
import { FindingWriter, recordFragment } from './writer';

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
    write({ file: name, start, place, problem: { severity, code, message: raw } }) {
      // The file name and the message may carry text from the evidence: never raw control characters.
      const file = terminalText(name);
      const message = terminalText(raw);
      // An .evtx has no lines: its findings name the record (Security.evtx#record=12345).
      const fragment = recordFragment(place);
      const at = place !== undefined ? (fragment === undefined ? '' : `#${fragment}`) : `:${start.line + 1}:${start.character + 1}`;
      if (!terminal) {
        out(`${file}${at} ${severity} ${code} ${message}\n`);
        return;
      }
      if (file !== current) {
        out(`${current === undefined ? '' : '\n'}${BOLD}${file}${RESET}\n`);
        current = file;
      }
      const short = place !== undefined ? (fragment ?? 'file') : `${start.line + 1}:${start.character + 1}`;
      out(`  ${DIM}${short}${RESET} ${COLOURS[severity]}${severity}${RESET} ${message} ${DIM}${code}${RESET}\n`);
    },
    end() {},
  };
}
