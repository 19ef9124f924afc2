import { CHUNK_SIZE, FILE_HEADER_SIZE } from '../../server/src/core/evtx/evtxFile';
import { Random } from '../fuzz/mutate';

/**
 * Reproducible damage to .evtx bytes, as copies, disks and attackers do it: bit flips, truncation,
 * chunks swapped or duplicated, and offsets and sizes (record sizes, template and name offsets,
 * substitution counts) set to hostile values. `mutateEvtx` applies one to four of them.
 */
type Mutation = (bytes: Uint8Array, random: Random) => Uint8Array;


const HOSTILE = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x10000, 0x7fffffff, 0xffffffff, 512, 65535, 65536, 24, 28];

function writeU32(bytes: Uint8Array, at: number, value: number): void {
  if (at < 0 || at + 4 > bytes.length) return;
  bytes[at] = value & 0xff;
  bytes[at + 1] = (value >>> 8) & 0xff;
  bytes[at + 2] = (value >>> 16) & 0xff;
  bytes[at + 3] = (value >>> 24) & 0xff;
}

/** Offsets of record signatures, where sizes and binary XML begin. */
function recordStarts(bytes: Uint8Array): number[] {
  const starts: number[] = [];
  for (let k = FILE_HEADER_SIZE; k + 4 <= bytes.length && starts.length < 4000; k++) {
    if (bytes[k] === 0x2a && bytes[k + 1] === 0x2a && bytes[k + 2] === 0 && bytes[k + 3] === 0) starts.push(k);
  }
  return starts;
}

const MUTATIONS: readonly Mutation[] = [
  // bit flips, a few
  (b, r) => { for (let k = 0; k < 1 + r(8); k++) { const at = r(b.length); b[at] = b[at]! ^ (1 << r(8)); } return b; },
  // truncation, anywhere
  (b, r) => b.slice(0, r(b.length + 1)),
  // a record's size, hostile
  (b, r) => { const s = recordStarts(b); if (s.length > 0) writeU32(b, s[r(s.length)]! + 4, HOSTILE[r(HOSTILE.length)]!); return b; },
  // hostile 32-bit values inside a record's binary XML (name, template and value offsets, counts)
  (b, r) => { const s = recordStarts(b); if (s.length > 0) { const at = s[r(s.length)]! + 24 + r(200); writeU32(b, at, HOSTILE[r(HOSTILE.length)]!); } return b; },
  // a 16-bit length or count, hostile
  (b, r) => { const s = recordStarts(b); if (s.length > 0) { const at = s[r(s.length)]! + 24 + r(300); if (at + 2 <= b.length) { b[at] = 0xff; b[at + 1] = r(2) === 0 ? 0xff : 0x7f; } } return b; },
  // a token byte replaced
  (b, r) => { const s = recordStarts(b); if (s.length > 0) { const at = s[r(s.length)]! + 24 + r(400); if (at < b.length) b[at] = r(256); } return b; },
  // two chunks swapped
  (b, r) => {
    const chunks = Math.floor((b.length - FILE_HEADER_SIZE) / CHUNK_SIZE);
    if (chunks < 2) return b;
    const [x, y] = [r(chunks), r(chunks)];
    const a = b.slice(FILE_HEADER_SIZE + x * CHUNK_SIZE, FILE_HEADER_SIZE + (x + 1) * CHUNK_SIZE);
    b.copyWithin(FILE_HEADER_SIZE + x * CHUNK_SIZE, FILE_HEADER_SIZE + y * CHUNK_SIZE, FILE_HEADER_SIZE + (y + 1) * CHUNK_SIZE);
    b.set(a, FILE_HEADER_SIZE + y * CHUNK_SIZE);
    return b;
  },
  // a chunk header's free-space offset or a template pointer, hostile
  (b, r) => { const chunks = Math.max(1, Math.floor((b.length - FILE_HEADER_SIZE) / CHUNK_SIZE)); writeU32(b, FILE_HEADER_SIZE + r(chunks) * CHUNK_SIZE + pickOffset(r), HOSTILE[r(HOSTILE.length)]!); return b; },
  // zeros over a span
  (b, r) => { const at = r(b.length); b.fill(0, at, Math.min(b.length, at + 1 + r(4096))); return b; },
  // a span copied over another (a template definition appearing where values are, say)
  (b, r) => { const from = r(b.length); const to = r(b.length); const len = 1 + r(512); b.copyWithin(to, from, Math.min(b.length, from + len)); return b; },
];

function pickOffset(r: Random): number {
  const choices = [44, 48, 52, 124, 128 + 4 * r(64), 384 + 4 * r(32)];
  return choices[r(choices.length)]!;
}

export function mutateEvtx(bytes: Uint8Array, random: Random): Uint8Array {
  let out: Uint8Array = bytes.slice();
  for (let k = 0; k < 1 + random(4); k++) out = MUTATIONS[random(MUTATIONS.length)]!(out, random);
  return out;
}
