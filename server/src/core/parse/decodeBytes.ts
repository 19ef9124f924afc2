/**
 * Turns a file's bytes into text. Exports come as UTF-8 (wevtutil, PowerShell) or UTF-16 LE with a
 * BOM (Event Viewer, `Out-File` on Windows PowerShell); UTF-16 without a BOM is recognised by its
 * zero high bytes. The BOM is dropped so offsets start at the first character.
 */
export function decodeBytes(bytes: Uint8Array): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xff && b1 === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (b0 === 0xfe && b1 === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes.length >= 4 && b0 === 0x3c && b1 === 0x00 && bytes[3] === 0x00) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 4 && b0 === 0x00 && b1 === 0x3c && bytes[2] === 0x00) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}
