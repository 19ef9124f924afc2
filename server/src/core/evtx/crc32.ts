/** CRC-32 as RFC 1952 defines it (zlib's), which EVTX uses for its header and chunk checksums. */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The CRC-32 of the given ranges of `bytes`, one after another. */
export function crc32(bytes: Uint8Array, ranges: readonly [start: number, end: number][]): number {
  let crc = 0xffffffff;
  for (const [start, end] of ranges) {
    for (let k = start; k < end; k++) crc = TABLE[(crc ^ bytes[k]!) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}
