import { Problem } from './model';

/**
 * Checks the text between events, `text[start, end)`. Exports put only these there: white space,
 * a BOM, an XML declaration, comments, and an `<Events>` wrapper. Anything else is reported once
 * per gap, so binary junk or a stray fragment gets one clear error instead of thousands.
 */
export function checkGap(text: string, start: number, end: number, problems: Problem[]): void {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c === 0x3c /* < */) {
      const skipped = skipAllowedMarkup(text, i, end, problems);
      if (skipped > i) {
        i = skipped;
        continue;
      }
    }
    const junkEnd = endOfJunk(text, i, end);
    problems.push({
      start: i,
      end: junkEnd,
      code: 'xml-malformed',
      severity: 'error',
      message: describeJunk(text, i, junkEnd),
    });
    i = end;
  }
}

/** Returns the offset past an allowed piece of markup at `i`, or `i` if there is none. */
function skipAllowedMarkup(text: string, i: number, end: number, problems: Problem[]): number {
  const past = (terminator: string): number => {
    const close = text.indexOf(terminator, i);
    return close >= 0 && close + terminator.length <= end ? close + terminator.length : i;
  };
  if (text.startsWith('<?', i)) return past('?>');
  if (text.startsWith('<!--', i)) return past('-->');
  if (text.startsWith('<Events', i) || text.startsWith('</Events', i)) {
    const after = text.charCodeAt(i + (text.charCodeAt(i + 1) === 0x2f ? 8 : 7));
    if (after === 0x3e || after === 0x20 || after === 0x0a || after === 0x0d || after === 0x09) return past('>');
  }
  if (text.startsWith('<!DOCTYPE', i)) {
    const close = endOfDoctype(text, i, end);
    problems.push({
      start: i,
      end: i + 9,
      code: 'xml-malformed',
      severity: 'warning',
      message: 'DOCTYPE ignored: Logon Lens never expands entity declarations, so values are read exactly as written.',
    });
    return close;
  }
  return i;
}

/** A DOCTYPE may hold an internal subset in [...] with '>' inside it. */
function endOfDoctype(text: string, i: number, end: number): number {
  const bracket = text.indexOf('[', i);
  const firstClose = text.indexOf('>', i);
  let from = i;
  if (bracket >= 0 && bracket < end && (firstClose < 0 || bracket < firstClose)) {
    const subsetEnd = text.indexOf(']', bracket);
    from = subsetEnd >= 0 ? subsetEnd : end;
  }
  const close = text.indexOf('>', from);
  return close >= 0 && close < end ? close + 1 : end;
}

/** Junk runs to the next '<' that could start something readable, or to the end of the gap. */
function endOfJunk(text: string, i: number, end: number): number {
  const lt = text.indexOf('<', i + 1);
  return lt >= 0 && lt < end ? lt : end;
}

function describeJunk(text: string, start: number, end: number): string {
  let controls = 0;
  const sample = Math.min(end, start + 256);
  for (let i = start; i < sample; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffd) controls++;
  }
  if (controls > 0) {
    return `Binary or corrupt data outside any <Event> (${end - start} characters). The events around it are still read.`;
  }
  const shown = text.slice(start, Math.min(end, start + 40)).replace(/\s+/g, ' ');
  return `Unexpected content outside any <Event>: '${shown}${end - start > 40 ? '…' : ''}'. The events around it are still read.`;
}
