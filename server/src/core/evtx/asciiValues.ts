import { u32At } from './bytes';
import { fileTimeFraction, fileTimeSeconds, secondsText, VALUE } from './values';

/**
 * Values of the common fixed types written straight into UTF-8 output as ASCII, with no string
 * made and nothing to escape: what `renderValue` renders for them, byte for byte (the tests hold
 * the two equal). Anything else, or a value too short for its type, is left to `renderValue`,
 * which also reports the damage.
 */

/** Room a value written here may need: a SID of 255 sub-authorities is the longest. */
export const MAX_ASCII_VALUE = 32 + 11 * 255;

const LOWER_HEX = Uint8Array.from('0123456789abcdef', c => c.charCodeAt(0));
const UPPER_HEX = Uint8Array.from('0123456789ABCDEF', c => c.charCodeAt(0));
const DASH = 0x2d;

/** Bytes each handled type needs (a SID: at least its header). */
const WIDTH: Partial<Record<number, number>> = {
  [VALUE.uint8]: 1, [VALUE.uint16]: 2, [VALUE.uint32]: 4, [VALUE.int32]: 4, [VALUE.hexInt32]: 4,
  [VALUE.hexInt64]: 8, [VALUE.guid]: 16, [VALUE.fileTime]: 8, [VALUE.sid]: 8,
};

/**
 * Writes the value of `type` in source[start, start + size) at out[at] (room for MAX_ASCII_VALUE
 * bytes), and returns where it ends; undefined, having written nothing, to leave it to renderValue.
 */
export function writeAsciiValue(source: Uint8Array, start: number, size: number, type: number, out: Uint8Array, at: number): number | undefined {
  const width = WIDTH[type];
  if (width === undefined || size < width || start < 0 || start + size > source.length) return undefined;
  switch (type) {
    case VALUE.uint8: return writeDecimal(out, at, source[start]!);
    case VALUE.uint16: return writeDecimal(out, at, source[start]! | (source[start + 1]! << 8));
    case VALUE.uint32: return writeDecimal(out, at, u32At(source, start));
    case VALUE.int32: {
      const n = u32At(source, start) | 0;
      if (n >= 0) return writeDecimal(out, at, n);
      out[at] = DASH;
      return writeDecimal(out, at + 1, -n);
    }
    case VALUE.hexInt32: return writeHex(out, writePrefix(out, at), u32At(source, start), 1, LOWER_HEX);
    case VALUE.hexInt64: {
      // No padding: the high half only when it is used, then the low half's eight digits.
      const high = u32At(source, start + 4);
      const after = writePrefix(out, at);
      if (high === 0) return writeHex(out, after, u32At(source, start), 1, LOWER_HEX);
      return writeHex(out, writeHex(out, after, high, 1, LOWER_HEX), u32At(source, start), 8, LOWER_HEX);
    }
    case VALUE.guid: return writeGuid(source, start, out, at);
    case VALUE.fileTime: return writeFileTime(source, start, out, at);
    case VALUE.sid: return writeSid(source, start, size, out, at);
    default: return undefined;
  }
}

/** A whole number from 0 to 2^53 in decimal. */
function writeDecimal(out: Uint8Array, at: number, n: number): number {
  let digits = 1;
  for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
  for (let k = at + digits - 1; k >= at; k--) {
    out[k] = 0x30 + (n % 10);
    n = Math.floor(n / 10);
  }
  return at + digits;
}

/** A 32-bit unsigned number in hex, at least `minDigits` digits. */
function writeHex(out: Uint8Array, at: number, n: number, minDigits: number, digitsOf: Uint8Array): number {
  let digits = 1;
  for (let m = n >>> 4; m !== 0; m >>>= 4) digits++;
  if (digits < minDigits) digits = minDigits;
  for (let k = at + digits - 1; k >= at; k--) {
    out[k] = digitsOf[n & 15]!;
    n >>>= 4;
  }
  return at + digits;
}

function writePrefix(out: Uint8Array, at: number): number {
  out[at] = 0x30; // 0
  out[at + 1] = 0x78; // x
  return at + 2;
}

/** {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}, upper case: the first three groups are little-endian. */
const GUID_ORDER = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];

function writeGuid(source: Uint8Array, start: number, out: Uint8Array, at: number): number {
  out[at++] = 0x7b; // {
  for (const k of GUID_ORDER) {
    if (k < 0) {
      out[at++] = DASH;
      continue;
    }
    const byte = source[start + k]!;
    out[at++] = UPPER_HEX[byte >> 4]!;
    out[at++] = UPPER_HEX[byte & 15]!;
  }
  out[at++] = 0x7d; // }
  return at;
}

/** `YYYY-MM-DDTHH:MM:SS.fffffffZ`, for times before the year 3400 (BigInt past it: renderValue). */
function writeFileTime(source: Uint8Array, start: number, out: Uint8Array, at: number): number | undefined {
  const seconds = fileTimeSeconds(source, start);
  const whole = Number.isNaN(seconds) ? undefined : secondsText(seconds);
  if (whole === undefined) return undefined;
  for (let k = 0; k < whole.length; k++) out[at++] = whole.charCodeAt(k);
  out[at++] = 0x2e; // .
  let fraction = fileTimeFraction(source, start);
  for (let k = at + 6; k >= at; k--) {
    out[k] = 0x30 + (fraction % 10);
    fraction = Math.floor(fraction / 10);
  }
  at += 7;
  out[at++] = 0x5a; // Z
  return at;
}

/** S-<revision>-<authority>-<sub-authorities…>; an authority of 2^32 or more in upper-case hex. */
function writeSid(source: Uint8Array, start: number, size: number, out: Uint8Array, at: number): number | undefined {
  const count = source[start + 1]!;
  if (8 + 4 * count > size) return undefined;
  out[at++] = 0x53; // S
  out[at++] = DASH;
  at = writeDecimal(out, at, source[start]!);
  out[at++] = DASH;
  let authority = 0;
  for (let k = 2; k < 8; k++) authority = authority * 256 + source[start + k]!;
  if (authority < 2 ** 32) {
    at = writeDecimal(out, at, authority);
  } else {
    at = writeHex(out, writePrefix(out, at), Math.floor(authority / 2 ** 32), 1, UPPER_HEX);
    at = writeHex(out, at, authority >>> 0, 8, UPPER_HEX);
  }
  for (let k = 0; k < count; k++) {
    out[at++] = DASH;
    at = writeDecimal(out, at, u32At(source, start + 8 + 4 * k));
  }
  return at;
}
