/** Thrown by a bounded read past its end; the record reader turns it into a problem. */
export class EvtxDamage extends Error {}

/**
 * Little-endian reads from a byte array, each checked against `end`: a read outside it throws
 * EvtxDamage, never reads other memory or wraps around.
 */
export class ByteReader {
  constructor(readonly bytes: Uint8Array, public at: number, readonly end = bytes.length) {
    if (at < 0 || end > bytes.length) throw new EvtxDamage(`a range ${at}..${end} outside the ${bytes.length} bytes`);
  }

  need(count: number, what: string): void {
    if (count < 0 || this.at + count > this.end) throw new EvtxDamage(`${what} runs past the end of its data (offset ${this.at}, ${count} bytes)`);
  }

  u8(what = 'a byte'): number {
    this.need(1, what);
    return this.bytes[this.at++]!;
  }

  u16(what = 'a 16-bit value'): number {
    this.need(2, what);
    const value = this.bytes[this.at]! | (this.bytes[this.at + 1]! << 8);
    this.at += 2;
    return value;
  }

  u32(what = 'a 32-bit value'): number {
    this.need(4, what);
    const value = u32At(this.bytes, this.at);
    this.at += 4;
    return value;
  }

  skip(count: number, what: string): void {
    this.need(count, what);
    this.at += count;
  }

  /** `count` UTF-16 LE code units. */
  utf16(count: number, what: string): string {
    this.need(count * 2, what);
    const text = utf16At(this.bytes, this.at, count);
    this.at += count * 2;
    return text;
  }
}

export function u32At(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

export function u64At(bytes: Uint8Array, at: number): bigint {
  return BigInt(u32At(bytes, at)) | (BigInt(u32At(bytes, at + 4)) << 32n);
}

/** A 64-bit count as a number (record numbers never reach 2^53 in a real log). */
export function u64NumberAt(bytes: Uint8Array, at: number): number {
  return u32At(bytes, at) + u32At(bytes, at + 4) * 2 ** 32;
}

const utf16 = new TextDecoder('utf-16le');
/** One array of code units per length (up to 32): an array's length set per string cost more than the string. */
const CODES: number[][] = Array.from({ length: 33 }, (_, n) => new Array<number>(n).fill(0));

/**
 * `count` UTF-16 LE code units at `at`, a lone surrogate replaced by U+FFFD. Most strings in a
 * log are short (names, numbers, `-`), where a decoder call costs more than the string: those
 * are made from their code units, unless a surrogate is among them.
 */
export function utf16At(bytes: Uint8Array, at: number, count: number): string {
  if (count > 32) return utf16.decode(bytes.subarray(at, at + count * 2));
  const codes = CODES[count]!;
  for (let k = 0; k < count; k++) {
    const code = bytes[at + 2 * k]! | (bytes[at + 2 * k + 1]! << 8);
    if (code >= 0xd800 && code <= 0xdfff) return utf16.decode(bytes.subarray(at, at + count * 2));
    codes[k] = code;
  }
  return String.fromCharCode.apply(null, codes);
}
