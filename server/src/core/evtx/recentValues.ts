/**
 * Values rendered lately, found again by their type and bytes. A log repeats a few values over
 * and over (its providers' GUIDs, SYSTEM's SID, the same names, flags and keywords), and each one
 * rendered again is a new string that the reader, and then the collector, must handle. A value's
 * text depends only on its type and bytes, so a value met again is its first text. Direct-mapped
 * and bounded: a slot holds the last value that hashed to it.
 */
const SLOTS = 4096;
/** Longer values are rare to repeat, and cost more to compare than to render. */
export const MAX_RECENT_BYTES = 64;

const keys = new Uint8Array(SLOTS * MAX_RECENT_BYTES);
/** Per slot: `type << 16 | size`, or -1 when empty. */
const kinds = new Int32Array(SLOTS).fill(-1);
const texts: string[] = new Array<string>(SLOTS).fill('');

/** The slot the last `recalled` looked in: `remember` fills it. */
let looked = 0;

/** The text a value of this type and bytes was last rendered as, if it is remembered. */
export function recalled(bytes: Uint8Array, start: number, size: number, type: number): string | undefined {
  // FNV-1a over the type and bytes.
  let hash = (0x811c9dc5 ^ type) >>> 0;
  for (let k = 0; k < size; k++) hash = Math.imul(hash ^ bytes[start + k]!, 0x01000193);
  const slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
  looked = slot;
  if (kinds[slot] !== ((type << 16) | size)) return undefined;
  const at = slot * MAX_RECENT_BYTES;
  for (let k = 0; k < size; k++) if (keys[at + k] !== bytes[start + k]) return undefined;
  return texts[slot];
}

/** Remembers the text of the value `recalled` was last asked for (and did not know); returns it. */
export function remember(bytes: Uint8Array, start: number, size: number, type: number, text: string): string {
  kinds[looked] = (type << 16) | size;
  // Copied by hand: a subarray for `set` would be one more object per value.
  const at = looked * MAX_RECENT_BYTES;
  for (let k = 0; k < size; k++) keys[at + k] = bytes[start + k]!;
  texts[looked] = text;
  return text;
}
