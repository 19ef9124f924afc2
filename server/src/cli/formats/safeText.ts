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

/** One CSV cell, made safe for spreadsheets: the core's, which the editor's CSV export uses too. */
export { csvCell } from '../../core/text/display';
