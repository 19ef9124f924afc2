/** How an export's bytes are encoded, and how many bytes of byte-order mark to drop. */
export interface Encoding {
  label: 'utf-8' | 'utf-16le' | 'utf-16be';
  bomLength: number;
}

/**
 * Tells an export's encoding from its first four bytes. Exports come as UTF-8 (wevtutil,
 * PowerShell) or UTF-16 LE with a BOM (Event Viewer, `Out-File` on Windows PowerShell); UTF-16
 * without a BOM is recognised by its zero high bytes.
 */
export function detectEncoding(head: Uint8Array): Encoding {
  const [b0, b1, b2, b3] = head;
  if (b0 === 0xff && b1 === 0xfe) return { label: 'utf-16le', bomLength: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { label: 'utf-16be', bomLength: 2 };
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { label: 'utf-8', bomLength: 3 };
  if (head.length >= 4 && b0 === 0x3c && b1 === 0x00 && b3 === 0x00) return { label: 'utf-16le', bomLength: 0 };
  if (head.length >= 4 && b0 === 0x00 && b1 === 0x3c && b2 === 0x00) return { label: 'utf-16be', bomLength: 0 };
  return { label: 'utf-8', bomLength: 0 };
}

/** Turns a file's bytes into text. The BOM is dropped so offsets start at the first character. */
export function decodeBytes(bytes: Uint8Array): string {
  const { label, bomLength } = detectEncoding(bytes);
  return new TextDecoder(label).decode(bytes.subarray(bomLength));
}

/**
 * File bytes as text, a piece of about `stepBytes` at a time, for a reader that need not hold the
 * whole text as one string (see parsePieces.ts). Joined, the pieces are what `decodeBytes` gives.
 * UTF-8 is cut before a character's first byte and each piece decoded whole: V8 then keeps ASCII
 * text one byte a character (a streaming decode gives two).
 */
export function* decodePieces(bytes: Uint8Array, stepBytes = 1 << 20): Generator<string, void, undefined> {
  const { label, bomLength } = detectEncoding(bytes);
  const decoder = new TextDecoder(label);
  const utf8 = label === 'utf-8';
  let at = bomLength;
  while (at < bytes.length) {
    let end = Math.min(bytes.length, at + Math.max(4, stepBytes));
    if (utf8) {
      const cut = end;
      while (end < bytes.length && end > at && (bytes[end]! & 0xc0) === 0x80) end--; // a continuation byte
      if (end === at) end = cut; // not UTF-8 here: cut anywhere, its bytes are replaced either way
    }
    // UTF-16: `stream` keeps a character cut between pieces for the next one.
    yield utf8 ? decoder.decode(bytes.subarray(at, end)) : decoder.decode(bytes.subarray(at, end), { stream: true });
    at = end;
  }
  if (!utf8) {
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  }
}
