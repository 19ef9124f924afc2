/**
 * Showing text that came from an event. Every value in an export comes from a machine that may be
 * compromised, so it is shown as text, never as markup, and nothing in it may hide or disguise
 * itself: control characters, bidirectional overrides and zero-width characters are written out
 * as `\uXXXX`, and long values are cut. Every face uses these: hovers, labels, messages, titles.
 */

/** Longest value shown in a label (code lens, inlay hint, title, message) or a hover line. */
export const MAX_LABEL = 120;
/** Longest message shown (a diagnostic, a finding): our words plus a few values, each already cut. */
export const MAX_MESSAGE = 1000;

/**
 * C0 and C1 controls, DEL, the bidirectional marks, embeddings, overrides and isolates, zero-width
 * characters, the BOM, line and paragraph separators, and lone surrogates.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, c => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Cuts `text` to `max` characters (not splitting a surrogate pair), marking the cut. */
function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** A value as a plain-text label: invisible characters written out, at most `max` characters. */
export function visibleLabel(text: string, max = MAX_LABEL): string {
  // Cut before escaping too, so a huge value costs no more than its shown part.
  return cap(escapeInvisible(cap(text, max * 2)), max);
}

/** A value inside markdown, as literal text: every character markdown could read is escaped. */
export function markdownText(text: string, max = MAX_LABEL): string {
  // Values never start a line (newlines are written out), so block syntax cannot begin; '.' and ':'
  // are escaped so that no autolink (www.…, https://…, a@b.c) forms.
  return visibleLabel(text, max).replace(/[\\`*_{}[\]()#+!|<>~&.:$]/g, c => `\\${c}`);
}

/**
 * A value as inline code. The fence is longer than any run of backticks inside, so a backtick in
 * the value cannot end it; inside a code span markdown reads nothing else.
 */
export function markdownCode(text: string, max = MAX_LABEL): string {
  const shown = visibleLabel(text, max);
  const longest = Math.max(0, ...[...shown.matchAll(/`+/g)].map(m => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = shown.startsWith('`') || shown.endsWith('`') || shown.startsWith(' ') || shown === '' ? ' ' : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}

/**
 * One CSV cell, as OWASP recommends against formula injection: always quoted, inner quotes
 * doubled, and a cell that a spreadsheet would read as a formula (starting with =, +, -, @, a tab
 * or a CR) prefixed with a single quote. Line breaks inside are written out, so one row stays one line.
 */
export function csvCell(value: unknown): string {
  let text = visibleLabel(String(value), 10_000);
  if (/^[=+\-@\t\r]/.test(text) || /^\\u000[9D]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}
