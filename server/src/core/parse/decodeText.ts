import { Problem } from './model';

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes the raw text `text[start, end)` of an element or attribute value: the five predefined
 * entities, character references, CDATA sections, comments, and CRLF line ends.
 *
 * Entity declarations are never expanded: `&name;` for any other name stays as written and is
 * reported, so a DOCTYPE cannot make a value say something its bytes do not.
 * Problem spans are made relative to `base`.
 */
export function decodeText(text: string, start: number, end: number, base: number, problems: Problem[]): string {
  if (isPlain(text, start, end)) return text.slice(start, end);

  let out = '';
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0x26 /* & */) {
      const semi = text.indexOf(';', i + 1);
      if (semi < 0 || semi >= end || semi - i > 12) {
        problems.push(malformed(i - base, i - base + 1, "A bare '&' must be written as &amp; in XML."));
        out += '&';
        i++;
        continue;
      }
      const name = text.slice(i + 1, semi);
      const decoded = name.charCodeAt(0) === 0x23 /* # */ ? characterReference(name) : PREDEFINED[name];
      if (decoded === undefined) {
        problems.push(
          malformed(i - base, semi + 1 - base, name.charCodeAt(0) === 0x23
            ? `'&${name};' is not a valid character reference.`
            : `Unknown entity '&${name};'. Only &amp; &lt; &gt; &quot; &apos; and character references are read; entity declarations are never expanded.`),
        );
        out += text.slice(i, semi + 1);
      } else {
        out += decoded;
      }
      i = semi + 1;
    } else if (c === 0x3c /* < */ && text.startsWith('<![CDATA[', i)) {
      const close = text.indexOf(']]>', i + 9);
      const stop = close < 0 || close > end ? end : close;
      out += text.slice(i + 9, stop);
      i = stop + 3;
    } else if (c === 0x3c && text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      i = close < 0 || close > end ? end : close + 3;
    } else if (c === 0x0d /* CR */) {
      out += '\n';
      i += text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
    } else {
      // Copy the run up to the next character that needs attention.
      let j = i + 1;
      while (j < end) {
        const d = text.charCodeAt(j);
        if (d === 0x26 || d === 0x3c || d === 0x0d) break;
        j++;
      }
      out += text.slice(i, j);
      i = j;
    }
  }
  return out;
}

/** True when the text needs no decoding: no '&', '<' or CR. Most values are like this. */
function isPlain(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x26 || c === 0x3c || c === 0x0d) return false;
  }
  return true;
}

function characterReference(name: string): string | undefined {
  const hex = name.charCodeAt(1) === 0x78 /* x */ || name.charCodeAt(1) === 0x58;
  const digits = name.slice(hex ? 2 : 1);
  if (digits.length === 0 || !(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return undefined;
  const code = parseInt(digits, hex ? 16 : 10);
  // Real logs carry control characters (&#x3;) that XML 1.0 forbids; keep them, but never NUL or non-characters.
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return String.fromCodePoint(code);
}

function malformed(start: number, end: number, message: string): Problem {
  return { start, end, code: 'xml-malformed', severity: 'error', message };
}
